-- +goose Up
-- A bid ends as 'cancelled' when the bureau cancels its challenge (撤榜): it stops counting for the limits
-- (限项) and shows why (end_reason, ended_at).
ALTER TABLE bids DROP CONSTRAINT bids_status_check;
ALTER TABLE bids ADD CONSTRAINT bids_status_check CHECK (status IN ('draft', 'submitted', 'withdrawn', 'eligible',
    'ineligible', 'selected', 'not_selected', 'cancelled'));
ALTER TABLE bids ADD COLUMN end_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE bids ADD COLUMN ended_at TIMESTAMPTZ NULL;

-- +goose Down
UPDATE bids SET status = 'withdrawn', withdrawn_at = ended_at WHERE status = 'cancelled';
ALTER TABLE bids DROP COLUMN ended_at;
ALTER TABLE bids DROP COLUMN end_reason;
ALTER TABLE bids DROP CONSTRAINT bids_status_check;
ALTER TABLE bids ADD CONSTRAINT bids_status_check CHECK (status IN ('draft', 'submitted', 'withdrawn', 'eligible',
    'ineligible', 'selected', 'not_selected'));
