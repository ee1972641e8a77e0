-- The tenant admin role and its permissions, present in every tenant from the start.

INSERT INTO `permissions` (`name`, `description`) VALUES
    ('tenant.manage', 'Manage the organization''s settings'),
    ('users.view', 'See the organization''s users'),
    ('users.manage', 'Invite, suspend and remove users'),
    ('committee.manage', 'Manage the election committee'),
    ('registrations.review', 'Approve or reject user registrations'),
    ('elections.manage', 'Create and run elections');

INSERT INTO `roles` (`name`, `description`) VALUES
    ('tenant_admin', 'Administers the organization''s election space'),
    ('committee_member', 'Member of the election committee'),
    ('voter', 'Takes part in elections');

INSERT INTO `role_permissions` (`role_id`, `permission_id`)
    SELECT r.`id`, p.`id` FROM `roles` r CROSS JOIN `permissions` p WHERE r.`name` = 'tenant_admin';

INSERT INTO `role_permissions` (`role_id`, `permission_id`)
    SELECT r.`id`, p.`id` FROM `roles` r JOIN `permissions` p ON p.`name` IN ('users.view', 'registrations.review')
    WHERE r.`name` = 'committee_member';
