-- +goose Up
-- Versions of 我的揭榜 (GET /me/bids, repository/my_bids_cache.go): a cached page of an organisation's bids is
-- served (by any server) only while the versions it was read at are current; the triggers bump them in the
-- writing transaction.
--
-- org_bid_versions changes with everything one organisation's page shows of its own bids: the bids it leads
-- (every column: content, status, receipt), their attachments, their corrections, and the organisation's name
-- (a missing row reads as 0). Partners do not see a bid on this page (it lists the bids an organisation leads).
CREATE TABLE org_bid_versions (
    org_id BIGINT PRIMARY KEY,
    v      BIGINT NOT NULL
);
-- bid_challenge_version changes with what every page shows of a challenge: its title, status and deadline.
CREATE TABLE bid_challenge_version (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    v   BIGINT NOT NULL
);
INSERT INTO bid_challenge_version VALUES (1, 1);

-- Statement triggers with transition tables: one bump per organisation per statement, in org order (two
-- writers bumping the same organisations take their row locks in the same order).
-- +goose StatementBegin
CREATE FUNCTION org_bid_versions_bump_bids_new() RETURNS trigger AS $$
BEGIN
    INSERT INTO org_bid_versions (org_id, v) SELECT DISTINCT lead_org_id, 1 FROM new_rows ORDER BY 1
        ON CONFLICT (org_id) DO UPDATE SET v = org_bid_versions.v + 1;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE FUNCTION org_bid_versions_bump_bids_old() RETURNS trigger AS $$
BEGIN
    INSERT INTO org_bid_versions (org_id, v) SELECT DISTINCT lead_org_id, 1 FROM old_rows ORDER BY 1
        ON CONFLICT (org_id) DO UPDATE SET v = org_bid_versions.v + 1;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE FUNCTION org_bid_versions_bump_children_new() RETURNS trigger AS $$
BEGIN
    INSERT INTO org_bid_versions (org_id, v)
        SELECT DISTINCT b.lead_org_id, 1 FROM new_rows n JOIN bids b ON b.id = n.bid_id ORDER BY 1
        ON CONFLICT (org_id) DO UPDATE SET v = org_bid_versions.v + 1;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE FUNCTION org_bid_versions_bump_children_old() RETURNS trigger AS $$
BEGIN
    INSERT INTO org_bid_versions (org_id, v)
        SELECT DISTINCT b.lead_org_id, 1 FROM old_rows o JOIN bids b ON b.id = o.bid_id ORDER BY 1
        ON CONFLICT (org_id) DO UPDATE SET v = org_bid_versions.v + 1;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE FUNCTION org_bid_versions_bump_orgs() RETURNS trigger AS $$
BEGIN
    UPDATE org_bid_versions SET v = v + 1 WHERE org_id IN (SELECT id FROM new_rows);
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE FUNCTION bid_challenge_version_bump() RETURNS trigger AS $$
BEGIN
    UPDATE bid_challenge_version SET v = v + 1 WHERE id = 1;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
-- +goose StatementEnd

CREATE TRIGGER org_bid_versions_bids_i AFTER INSERT ON bids
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION org_bid_versions_bump_bids_new();
CREATE TRIGGER org_bid_versions_bids_un AFTER UPDATE ON bids
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION org_bid_versions_bump_bids_new();
CREATE TRIGGER org_bid_versions_bids_uo AFTER UPDATE ON bids
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION org_bid_versions_bump_bids_old();
CREATE TRIGGER org_bid_versions_bids_d AFTER DELETE ON bids
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION org_bid_versions_bump_bids_old();
CREATE TRIGGER org_bid_versions_attachments_i AFTER INSERT ON bid_attachments
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION org_bid_versions_bump_children_new();
CREATE TRIGGER org_bid_versions_attachments_un AFTER UPDATE ON bid_attachments
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION org_bid_versions_bump_children_new();
CREATE TRIGGER org_bid_versions_attachments_uo AFTER UPDATE ON bid_attachments
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION org_bid_versions_bump_children_old();
CREATE TRIGGER org_bid_versions_attachments_d AFTER DELETE ON bid_attachments
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION org_bid_versions_bump_children_old();
CREATE TRIGGER org_bid_versions_corrections_i AFTER INSERT ON bid_corrections
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION org_bid_versions_bump_children_new();
CREATE TRIGGER org_bid_versions_corrections_un AFTER UPDATE ON bid_corrections
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION org_bid_versions_bump_children_new();
CREATE TRIGGER org_bid_versions_corrections_uo AFTER UPDATE ON bid_corrections
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION org_bid_versions_bump_children_old();
CREATE TRIGGER org_bid_versions_corrections_d AFTER DELETE ON bid_corrections
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION org_bid_versions_bump_children_old();
CREATE TRIGGER org_bid_versions_orgs_u AFTER UPDATE ON orgs
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION org_bid_versions_bump_orgs();
CREATE TRIGGER bid_challenge_version_u AFTER UPDATE OF title, status, bid_deadline ON challenges
    FOR EACH STATEMENT EXECUTE FUNCTION bid_challenge_version_bump();
CREATE TRIGGER bid_challenge_version_d AFTER DELETE ON challenges
    FOR EACH STATEMENT EXECUTE FUNCTION bid_challenge_version_bump();

-- +goose Down
DROP TRIGGER bid_challenge_version_d ON challenges;
DROP TRIGGER bid_challenge_version_u ON challenges;
DROP TRIGGER org_bid_versions_orgs_u ON orgs;
DROP TRIGGER org_bid_versions_corrections_d ON bid_corrections;
DROP TRIGGER org_bid_versions_corrections_uo ON bid_corrections;
DROP TRIGGER org_bid_versions_corrections_un ON bid_corrections;
DROP TRIGGER org_bid_versions_corrections_i ON bid_corrections;
DROP TRIGGER org_bid_versions_attachments_d ON bid_attachments;
DROP TRIGGER org_bid_versions_attachments_uo ON bid_attachments;
DROP TRIGGER org_bid_versions_attachments_un ON bid_attachments;
DROP TRIGGER org_bid_versions_attachments_i ON bid_attachments;
DROP TRIGGER org_bid_versions_bids_d ON bids;
DROP TRIGGER org_bid_versions_bids_uo ON bids;
DROP TRIGGER org_bid_versions_bids_un ON bids;
DROP TRIGGER org_bid_versions_bids_i ON bids;
DROP FUNCTION bid_challenge_version_bump();
DROP FUNCTION org_bid_versions_bump_orgs();
DROP FUNCTION org_bid_versions_bump_children_old();
DROP FUNCTION org_bid_versions_bump_children_new();
DROP FUNCTION org_bid_versions_bump_bids_old();
DROP FUNCTION org_bid_versions_bump_bids_new();
DROP TABLE bid_challenge_version;
DROP TABLE org_bid_versions;
