-- An initial password (emailed with the setup link) works only until the link
-- expires; a password the user chose has no expiry (NULL).
ALTER TABLE `tenant_users` ADD COLUMN `password_expires_at` DATETIME(3) NULL AFTER `must_change_password`;
