-- Secrets an email carries (setup and confirmation links, initial passwords)
-- are no longer stored in its HTML or text: those hold a placeholder, and the
-- values are kept sealed by the keyring (lib/keyring.ts) in `secrets` until
-- delivery is settled. `refused`: the provider turned the email down for good.
ALTER TABLE `email_outbox`
  ADD COLUMN `secrets` TEXT NULL AFTER `text`,
  MODIFY COLUMN `status` ENUM('stored', 'sending', 'sent', 'failed', 'refused') NOT NULL DEFAULT 'stored';
