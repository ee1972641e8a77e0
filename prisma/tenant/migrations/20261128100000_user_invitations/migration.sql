-- Invitations to join the organization's space, made by its admins at /{slug}/users.
-- Only a sha256 of the link's token is stored; a link works once (used_at, set by
-- one conditional UPDATE), until expires_at, and not after it was withdrawn
-- (withdrawn_at: by an admin, or replaced by a resent invitation).
CREATE TABLE `tenant_user_invitations` (
    `id` BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    `uuid` CHAR(36) NOT NULL,
    `email` VARCHAR(255) NOT NULL,
    `first_name` VARCHAR(100) NOT NULL,
    `last_name` VARCHAR(100) NOT NULL,
    `role_id` BIGINT UNSIGNED NOT NULL,
    `token_hash` CHAR(64) NOT NULL,
    `invited_by_id` BIGINT UNSIGNED NULL,
    `expires_at` DATETIME(3) NOT NULL,
    `used_at` DATETIME(3) NULL,
    `withdrawn_at` DATETIME(3) NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE INDEX `tenant_user_invitations_uuid_key`(`uuid`),
    UNIQUE INDEX `tenant_user_invitations_token_hash_key`(`token_hash`),
    INDEX `tenant_user_invitations_email_idx`(`email`),
    INDEX `tenant_user_invitations_role_id_idx`(`role_id`),
    INDEX `tenant_user_invitations_invited_by_id_idx`(`invited_by_id`),
    PRIMARY KEY (`id`),
    CONSTRAINT `tenant_user_invitations_role_id_fkey` FOREIGN KEY (`role_id`) REFERENCES `roles`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT `tenant_user_invitations_invited_by_id_fkey` FOREIGN KEY (`invited_by_id`) REFERENCES `tenant_users`(`id`) ON DELETE SET NULL ON UPDATE CASCADE
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
