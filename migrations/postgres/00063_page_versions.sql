-- +goose Up
-- Versions of the logged-in pages cached in process (repository/programme_cache.go, workbench_cache.go): a cached
-- answer is served (by any server) only while the version it was read at is current; the triggers bump them in
-- the writing transaction.
--
-- programme_version changes with every change the bureau's programme view can show: a challenge's status,
-- field, dates, title, cap or plan; a bid's status; the funding totals; a racer, a notice or a review round.
CREATE TABLE programme_version (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    v   BIGINT NOT NULL
);
INSERT INTO programme_version VALUES (1, 1);

-- review_version changes with what every expert's workbench shows of rounds, items and challenge titles;
-- expert_versions with one expert's assignments and their scores (a missing row reads as 0).
CREATE TABLE review_version (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    v   BIGINT NOT NULL
);
INSERT INTO review_version VALUES (1, 1);
CREATE TABLE expert_versions (
    expert_id BIGINT PRIMARY KEY,
    v         BIGINT NOT NULL
);
-- The workbench's page: an expert's assignments newest first, walked backwards without a sort.
CREATE INDEX idx_review_assignments_expert_newest ON review_assignments(expert_id, id);

-- +goose StatementBegin
CREATE FUNCTION programme_version_bump() RETURNS trigger AS $$
BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE FUNCTION review_version_bump() RETURNS trigger AS $$
BEGIN
    UPDATE review_version SET v = v + 1 WHERE id = 1;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
-- +goose StatementEnd

-- race_version changes with every change of a race board's rows (racers, reports and their attachments,
-- events, stage decisions, acceptance opinions, rectifications) and of an organisation's name.
CREATE TABLE race_version (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    v   BIGINT NOT NULL
);
INSERT INTO race_version VALUES (1, 1);

-- +goose StatementBegin
CREATE FUNCTION race_version_bump() RETURNS trigger AS $$
BEGIN
    UPDATE race_version SET v = v + 1 WHERE id = 1;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
-- +goose StatementEnd
CREATE TRIGGER race_version_racers AFTER INSERT OR UPDATE OR DELETE ON racers
    FOR EACH STATEMENT EXECUTE FUNCTION race_version_bump();
CREATE TRIGGER race_version_racer_reports AFTER INSERT OR UPDATE OR DELETE ON racer_reports
    FOR EACH STATEMENT EXECUTE FUNCTION race_version_bump();
CREATE TRIGGER race_version_stage_decisions AFTER INSERT OR UPDATE OR DELETE ON stage_decisions
    FOR EACH STATEMENT EXECUTE FUNCTION race_version_bump();
CREATE TRIGGER race_version_racer_events AFTER INSERT OR UPDATE OR DELETE ON racer_events
    FOR EACH STATEMENT EXECUTE FUNCTION race_version_bump();
CREATE TRIGGER race_version_acceptance_opinions AFTER INSERT OR UPDATE OR DELETE ON acceptance_opinions
    FOR EACH STATEMENT EXECUTE FUNCTION race_version_bump();
CREATE TRIGGER race_version_racer_rectifications AFTER INSERT OR UPDATE OR DELETE ON racer_rectifications
    FOR EACH STATEMENT EXECUTE FUNCTION race_version_bump();
CREATE TRIGGER race_version_racer_report_attachments AFTER INSERT OR UPDATE OR DELETE ON racer_report_attachments
    FOR EACH STATEMENT EXECUTE FUNCTION race_version_bump();
CREATE TRIGGER race_version_orgs AFTER UPDATE OF name ON orgs
    FOR EACH STATEMENT EXECUTE FUNCTION race_version_bump();

CREATE TRIGGER programme_challenges_id AFTER INSERT OR DELETE ON challenges
    FOR EACH STATEMENT EXECUTE FUNCTION programme_version_bump();
CREATE TRIGGER programme_challenges_u AFTER UPDATE OF status, field, published_at, created_at, title, gov_funding_fen,
    bid_deadline, stages ON challenges FOR EACH STATEMENT EXECUTE FUNCTION programme_version_bump();
CREATE TRIGGER programme_bids_id AFTER INSERT OR DELETE ON bids
    FOR EACH STATEMENT EXECUTE FUNCTION programme_version_bump();
CREATE TRIGGER programme_bids_u AFTER UPDATE OF status, challenge_id ON bids
    FOR EACH STATEMENT EXECUTE FUNCTION programme_version_bump();
CREATE TRIGGER programme_funding_totals AFTER INSERT OR UPDATE OR DELETE ON funding_totals
    FOR EACH STATEMENT EXECUTE FUNCTION programme_version_bump();
CREATE TRIGGER programme_racers_id AFTER INSERT OR DELETE ON racers
    FOR EACH STATEMENT EXECUTE FUNCTION programme_version_bump();
CREATE TRIGGER programme_racers_u AFTER UPDATE OF status, eliminated_stage, started_at, challenge_id ON racers
    FOR EACH STATEMENT EXECUTE FUNCTION programme_version_bump();
CREATE TRIGGER programme_notices_id AFTER INSERT OR DELETE ON notices
    FOR EACH STATEMENT EXECUTE FUNCTION programme_version_bump();
CREATE TRIGGER programme_notices_u AFTER UPDATE OF status, ends_at, challenge_id ON notices
    FOR EACH STATEMENT EXECUTE FUNCTION programme_version_bump();
CREATE TRIGGER programme_rounds_id AFTER INSERT OR DELETE ON review_rounds
    FOR EACH STATEMENT EXECUTE FUNCTION programme_version_bump();
CREATE TRIGGER programme_rounds_u AFTER UPDATE OF status, deadline, stage, challenge_id, kind, double_blind ON review_rounds
    FOR EACH STATEMENT EXECUTE FUNCTION programme_version_bump();

CREATE TRIGGER review_version_rounds_id AFTER INSERT OR DELETE ON review_rounds
    FOR EACH STATEMENT EXECUTE FUNCTION review_version_bump();
CREATE TRIGGER review_version_rounds_u AFTER UPDATE OF status, deadline, stage, challenge_id, kind, double_blind ON review_rounds
    FOR EACH STATEMENT EXECUTE FUNCTION review_version_bump();
CREATE TRIGGER review_version_items_id AFTER INSERT OR DELETE ON review_items
    FOR EACH STATEMENT EXECUTE FUNCTION review_version_bump();
CREATE TRIGGER review_version_items_u AFTER UPDATE OF label, bid_id, racer_id, blind_label, round_id ON review_items
    FOR EACH STATEMENT EXECUTE FUNCTION review_version_bump();
CREATE TRIGGER review_version_challenges_u AFTER UPDATE OF title ON challenges
    FOR EACH STATEMENT EXECUTE FUNCTION review_version_bump();

-- One expert's version: statement-level with transition tables, so a bulk insert of assignments bumps each
-- expert once.
-- +goose StatementBegin
CREATE FUNCTION expert_versions_bump_new() RETURNS trigger AS $$
BEGIN
    INSERT INTO expert_versions (expert_id, v) SELECT DISTINCT expert_id, 1 FROM new_rows
        ON CONFLICT (expert_id) DO UPDATE SET v = expert_versions.v + 1;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE FUNCTION expert_versions_bump_old() RETURNS trigger AS $$
BEGIN
    INSERT INTO expert_versions (expert_id, v) SELECT DISTINCT expert_id, 1 FROM old_rows
        ON CONFLICT (expert_id) DO UPDATE SET v = expert_versions.v + 1;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE FUNCTION expert_versions_bump_scores_new() RETURNS trigger AS $$
BEGIN
    INSERT INTO expert_versions (expert_id, v)
        SELECT DISTINCT a.expert_id, 1 FROM new_rows n JOIN review_assignments a ON a.id = n.assignment_id
        ON CONFLICT (expert_id) DO UPDATE SET v = expert_versions.v + 1;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE FUNCTION expert_versions_bump_scores_old() RETURNS trigger AS $$
BEGIN
    INSERT INTO expert_versions (expert_id, v)
        SELECT DISTINCT a.expert_id, 1 FROM old_rows o JOIN review_assignments a ON a.id = o.assignment_id
        ON CONFLICT (expert_id) DO UPDATE SET v = expert_versions.v + 1;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
-- +goose StatementEnd

CREATE TRIGGER expert_versions_assignments_i AFTER INSERT ON review_assignments
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION expert_versions_bump_new();
CREATE TRIGGER expert_versions_assignments_un AFTER UPDATE ON review_assignments
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION expert_versions_bump_new();
CREATE TRIGGER expert_versions_assignments_uo AFTER UPDATE ON review_assignments
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION expert_versions_bump_old();
CREATE TRIGGER expert_versions_assignments_d AFTER DELETE ON review_assignments
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION expert_versions_bump_old();
CREATE TRIGGER expert_versions_scores_i AFTER INSERT ON review_scores
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION expert_versions_bump_scores_new();
CREATE TRIGGER expert_versions_scores_u AFTER UPDATE ON review_scores
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION expert_versions_bump_scores_new();
CREATE TRIGGER expert_versions_scores_d AFTER DELETE ON review_scores
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION expert_versions_bump_scores_old();

-- +goose Down
DROP TRIGGER race_version_orgs ON orgs;
DROP TRIGGER race_version_racer_report_attachments ON racer_report_attachments;
DROP TRIGGER race_version_racer_rectifications ON racer_rectifications;
DROP TRIGGER race_version_acceptance_opinions ON acceptance_opinions;
DROP TRIGGER race_version_racer_events ON racer_events;
DROP TRIGGER race_version_stage_decisions ON stage_decisions;
DROP TRIGGER race_version_racer_reports ON racer_reports;
DROP TRIGGER race_version_racers ON racers;
DROP FUNCTION race_version_bump();
DROP TRIGGER expert_versions_scores_d ON review_scores;
DROP TRIGGER expert_versions_scores_u ON review_scores;
DROP TRIGGER expert_versions_scores_i ON review_scores;
DROP TRIGGER expert_versions_assignments_d ON review_assignments;
DROP TRIGGER expert_versions_assignments_uo ON review_assignments;
DROP TRIGGER expert_versions_assignments_un ON review_assignments;
DROP TRIGGER expert_versions_assignments_i ON review_assignments;
DROP FUNCTION expert_versions_bump_scores_old();
DROP FUNCTION expert_versions_bump_scores_new();
DROP FUNCTION expert_versions_bump_old();
DROP FUNCTION expert_versions_bump_new();
DROP TRIGGER review_version_challenges_u ON challenges;
DROP TRIGGER review_version_items_u ON review_items;
DROP TRIGGER review_version_items_id ON review_items;
DROP TRIGGER review_version_rounds_u ON review_rounds;
DROP TRIGGER review_version_rounds_id ON review_rounds;
DROP TRIGGER programme_rounds_u ON review_rounds;
DROP TRIGGER programme_rounds_id ON review_rounds;
DROP TRIGGER programme_notices_u ON notices;
DROP TRIGGER programme_notices_id ON notices;
DROP TRIGGER programme_racers_u ON racers;
DROP TRIGGER programme_racers_id ON racers;
DROP TRIGGER programme_funding_totals ON funding_totals;
DROP TRIGGER programme_bids_u ON bids;
DROP TRIGGER programme_bids_id ON bids;
DROP TRIGGER programme_challenges_u ON challenges;
DROP TRIGGER programme_challenges_id ON challenges;
DROP FUNCTION review_version_bump();
DROP FUNCTION programme_version_bump();
DROP INDEX idx_review_assignments_expert_newest;
DROP TABLE expert_versions;
DROP TABLE review_version;
DROP TABLE race_version;
DROP TABLE programme_version;
