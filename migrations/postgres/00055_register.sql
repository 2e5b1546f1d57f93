-- +goose Up
-- The audit register (审计台账) filters by the acting person, the kind of event and a date range, newest first.
CREATE INDEX idx_audit_actor ON audit_entries(actor_id, id);
CREATE INDEX idx_audit_action ON audit_entries(action, id);
CREATE INDEX idx_audit_at ON audit_entries(at);
-- One review round at a time per challenge, kind and stage: a second one may open once the first is closed.
CREATE UNIQUE INDEX idx_review_rounds_one_open ON review_rounds(challenge_id, kind, stage) WHERE status <> 'closed';

-- +goose Down
DROP INDEX idx_review_rounds_one_open;
DROP INDEX idx_audit_at;
DROP INDEX idx_audit_action;
DROP INDEX idx_audit_actor;
