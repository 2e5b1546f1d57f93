-- +goose Up
-- Organisation membership (单位成员): a user acts for its organisation only while its membership is active; the
-- organisation's administrator (单位管理员) approves later registrations with the same credit code.
ALTER TABLE users ADD COLUMN membership TEXT NOT NULL DEFAULT 'active'
    CHECK (membership IN ('active', 'pending', 'rejected'));
ALTER TABLE users ADD COLUMN org_admin BOOLEAN NOT NULL DEFAULT FALSE;
-- membership_note is the reason of the last rejection or removal, shown to the user.
ALTER TABLE users ADD COLUMN membership_note TEXT NOT NULL DEFAULT '';

-- Existing users stay active members; the earliest user of each organisation becomes its administrator.
UPDATE users SET org_admin = TRUE
WHERE org_id IS NOT NULL AND id = (
    SELECT u2.id FROM users u2 WHERE u2.org_id = users.org_id ORDER BY u2.created_at, u2.id LIMIT 1
);

-- At most one administrator per organisation: a hand-over cannot leave two.
CREATE UNIQUE INDEX ux_users_org_admin ON users(org_id) WHERE org_admin;
CREATE INDEX idx_users_org_membership ON users(org_id, membership);

-- +goose Down
DROP INDEX idx_users_org_membership;
DROP INDEX ux_users_org_admin;
ALTER TABLE users DROP COLUMN membership_note;
ALTER TABLE users DROP COLUMN org_admin;
ALTER TABLE users DROP COLUMN membership;
