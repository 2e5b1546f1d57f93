-- +goose Up
-- Versions of 我的揭榜 (GET /me/bids, repository/my_bids_cache.go): a cached page of an organisation's bids is
-- served (by any server) only while the versions it was read at are current; the triggers bump them in the
-- writing transaction.
--
-- org_bid_versions changes with everything one organisation's page shows of its own bids: the bids it leads
-- (every column: content, status, receipt), their attachments, their corrections, and the organisation's name
-- (a missing row reads as 0). Partners do not see a bid on this page (it lists the bids an organisation leads).
CREATE TABLE org_bid_versions (
    org_id INTEGER PRIMARY KEY,
    v      INTEGER NOT NULL
);
-- bid_challenge_version changes with what every page shows of a challenge: its title, status and deadline.
CREATE TABLE bid_challenge_version (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    v   INTEGER NOT NULL
);
INSERT INTO bid_challenge_version VALUES (1, 1);

-- +goose StatementBegin
CREATE TRIGGER org_bid_versions_bids_i AFTER INSERT ON bids BEGIN
    INSERT OR IGNORE INTO org_bid_versions (org_id, v) VALUES (NEW.lead_org_id, 0);
    UPDATE org_bid_versions SET v = v + 1 WHERE org_id = NEW.lead_org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER org_bid_versions_bids_u AFTER UPDATE ON bids BEGIN
    INSERT OR IGNORE INTO org_bid_versions (org_id, v) VALUES (NEW.lead_org_id, 0);
    UPDATE org_bid_versions SET v = v + 1 WHERE org_id IN (OLD.lead_org_id, NEW.lead_org_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER org_bid_versions_bids_d AFTER DELETE ON bids BEGIN
    UPDATE org_bid_versions SET v = v + 1 WHERE org_id = OLD.lead_org_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER org_bid_versions_attachments_i AFTER INSERT ON bid_attachments BEGIN
    INSERT OR IGNORE INTO org_bid_versions (org_id, v) SELECT lead_org_id, 0 FROM bids WHERE id = NEW.bid_id;
    UPDATE org_bid_versions SET v = v + 1 WHERE org_id = (SELECT lead_org_id FROM bids WHERE id = NEW.bid_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER org_bid_versions_attachments_u AFTER UPDATE ON bid_attachments BEGIN
    UPDATE org_bid_versions SET v = v + 1
        WHERE org_id IN (SELECT lead_org_id FROM bids WHERE id IN (OLD.bid_id, NEW.bid_id));
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER org_bid_versions_attachments_d AFTER DELETE ON bid_attachments BEGIN
    UPDATE org_bid_versions SET v = v + 1 WHERE org_id = (SELECT lead_org_id FROM bids WHERE id = OLD.bid_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER org_bid_versions_corrections_i AFTER INSERT ON bid_corrections BEGIN
    INSERT OR IGNORE INTO org_bid_versions (org_id, v) SELECT lead_org_id, 0 FROM bids WHERE id = NEW.bid_id;
    UPDATE org_bid_versions SET v = v + 1 WHERE org_id = (SELECT lead_org_id FROM bids WHERE id = NEW.bid_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER org_bid_versions_corrections_u AFTER UPDATE ON bid_corrections BEGIN
    UPDATE org_bid_versions SET v = v + 1
        WHERE org_id IN (SELECT lead_org_id FROM bids WHERE id IN (OLD.bid_id, NEW.bid_id));
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER org_bid_versions_corrections_d AFTER DELETE ON bid_corrections BEGIN
    UPDATE org_bid_versions SET v = v + 1 WHERE org_id = (SELECT lead_org_id FROM bids WHERE id = OLD.bid_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER org_bid_versions_orgs_u AFTER UPDATE OF name ON orgs BEGIN
    UPDATE org_bid_versions SET v = v + 1 WHERE org_id = NEW.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER bid_challenge_version_u AFTER UPDATE OF title, status, bid_deadline ON challenges BEGIN
    UPDATE bid_challenge_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER bid_challenge_version_d AFTER DELETE ON challenges BEGIN
    UPDATE bid_challenge_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER bid_challenge_version_d;
DROP TRIGGER bid_challenge_version_u;
DROP TRIGGER org_bid_versions_orgs_u;
DROP TRIGGER org_bid_versions_corrections_d;
DROP TRIGGER org_bid_versions_corrections_u;
DROP TRIGGER org_bid_versions_corrections_i;
DROP TRIGGER org_bid_versions_attachments_d;
DROP TRIGGER org_bid_versions_attachments_u;
DROP TRIGGER org_bid_versions_attachments_i;
DROP TRIGGER org_bid_versions_bids_d;
DROP TRIGGER org_bid_versions_bids_u;
DROP TRIGGER org_bid_versions_bids_i;
DROP TABLE bid_challenge_version;
DROP TABLE org_bid_versions;
