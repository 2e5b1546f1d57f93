-- +goose Up
-- 我的揭榜 (GET /me/bids) reads an organisation's bids newest first: by (lead_org_id, id) it stops after a
-- page instead of sorting all of the organisation's bids (idx_bids_org leads with status after the
-- organisation, so it cannot give the order).
CREATE INDEX idx_bids_org_newest ON bids(lead_org_id, id);

-- +goose Down
DROP INDEX idx_bids_org_newest;
