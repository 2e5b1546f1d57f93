-- +goose Up
-- Versions of the logged-in pages cached in process (repository/programme_cache.go, workbench_cache.go): a cached
-- answer is served only while the version it was read at is current, so every server sharing the database
-- sees a change as soon as its transaction commits.
--
-- programme_version changes with every change the bureau's programme view can show: a challenge's status,
-- field, dates, title, cap or plan; a bid's status; the funding totals; a racer, a notice or a review round.
CREATE TABLE programme_version (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    v   INTEGER NOT NULL
);
INSERT INTO programme_version VALUES (1, 1);

-- review_version changes with what every expert's workbench shows of rounds, items and challenge titles;
-- expert_versions with one expert's assignments and their scores (a missing row reads as 0).
CREATE TABLE review_version (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    v   INTEGER NOT NULL
);
INSERT INTO review_version VALUES (1, 1);
CREATE TABLE expert_versions (
    expert_id INTEGER PRIMARY KEY,
    v         INTEGER NOT NULL
);
-- The workbench's page: an expert's assignments newest first, walked backwards without a sort.
CREATE INDEX idx_review_assignments_expert_newest ON review_assignments(expert_id, id);

-- race_version changes with every change of a race board's rows (racers, reports and their attachments,
-- events, stage decisions, acceptance opinions, rectifications) and of an organisation's name.
CREATE TABLE race_version (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    v   INTEGER NOT NULL
);
INSERT INTO race_version VALUES (1, 1);

-- +goose StatementBegin
CREATE TRIGGER race_version_racers_i AFTER INSERT ON racers BEGIN
    UPDATE race_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER race_version_racers_u AFTER UPDATE ON racers BEGIN
    UPDATE race_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER race_version_racers_d AFTER DELETE ON racers BEGIN
    UPDATE race_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER race_version_racer_reports_i AFTER INSERT ON racer_reports BEGIN
    UPDATE race_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER race_version_racer_reports_u AFTER UPDATE ON racer_reports BEGIN
    UPDATE race_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER race_version_racer_reports_d AFTER DELETE ON racer_reports BEGIN
    UPDATE race_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER race_version_stage_decisions_i AFTER INSERT ON stage_decisions BEGIN
    UPDATE race_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER race_version_stage_decisions_u AFTER UPDATE ON stage_decisions BEGIN
    UPDATE race_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER race_version_stage_decisions_d AFTER DELETE ON stage_decisions BEGIN
    UPDATE race_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER race_version_racer_events_i AFTER INSERT ON racer_events BEGIN
    UPDATE race_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER race_version_racer_events_u AFTER UPDATE ON racer_events BEGIN
    UPDATE race_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER race_version_racer_events_d AFTER DELETE ON racer_events BEGIN
    UPDATE race_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER race_version_acceptance_opinions_i AFTER INSERT ON acceptance_opinions BEGIN
    UPDATE race_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER race_version_acceptance_opinions_u AFTER UPDATE ON acceptance_opinions BEGIN
    UPDATE race_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER race_version_acceptance_opinions_d AFTER DELETE ON acceptance_opinions BEGIN
    UPDATE race_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER race_version_racer_rectifications_i AFTER INSERT ON racer_rectifications BEGIN
    UPDATE race_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER race_version_racer_rectifications_u AFTER UPDATE ON racer_rectifications BEGIN
    UPDATE race_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER race_version_racer_rectifications_d AFTER DELETE ON racer_rectifications BEGIN
    UPDATE race_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER race_version_racer_report_attachments_i AFTER INSERT ON racer_report_attachments BEGIN
    UPDATE race_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER race_version_racer_report_attachments_u AFTER UPDATE ON racer_report_attachments BEGIN
    UPDATE race_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER race_version_racer_report_attachments_d AFTER DELETE ON racer_report_attachments BEGIN
    UPDATE race_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER race_version_orgs_u AFTER UPDATE OF name ON orgs BEGIN
    UPDATE race_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_challenges_i AFTER INSERT ON challenges BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_challenges_u AFTER UPDATE OF status, field, published_at, created_at, title, gov_funding_fen,
    bid_deadline, stages ON challenges BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_challenges_d AFTER DELETE ON challenges BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_bids_i AFTER INSERT ON bids BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_bids_u AFTER UPDATE OF status, challenge_id ON bids BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_bids_d AFTER DELETE ON bids BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_funding_totals_i AFTER INSERT ON funding_totals BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_funding_totals_u AFTER UPDATE ON funding_totals BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_funding_totals_d AFTER DELETE ON funding_totals BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_racers_i AFTER INSERT ON racers BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_racers_u AFTER UPDATE OF status, eliminated_stage, started_at, challenge_id ON racers BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_racers_d AFTER DELETE ON racers BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_notices_i AFTER INSERT ON notices BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_notices_u AFTER UPDATE OF status, ends_at, challenge_id ON notices BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_notices_d AFTER DELETE ON notices BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_rounds_i AFTER INSERT ON review_rounds BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
    UPDATE review_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_rounds_u AFTER UPDATE OF status, deadline, stage, challenge_id, kind, double_blind ON review_rounds BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
    UPDATE review_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_rounds_d AFTER DELETE ON review_rounds BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
    UPDATE review_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER review_version_items_i AFTER INSERT ON review_items BEGIN
    UPDATE review_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER review_version_items_u AFTER UPDATE OF label, bid_id, racer_id, blind_label, round_id ON review_items BEGIN
    UPDATE review_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER review_version_items_d AFTER DELETE ON review_items BEGIN
    UPDATE review_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER review_version_challenges_u AFTER UPDATE OF title ON challenges BEGIN
    UPDATE review_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER expert_versions_assignments_i AFTER INSERT ON review_assignments BEGIN
    INSERT OR IGNORE INTO expert_versions (expert_id, v) VALUES (NEW.expert_id, 0);
    UPDATE expert_versions SET v = v + 1 WHERE expert_id = NEW.expert_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER expert_versions_assignments_u AFTER UPDATE ON review_assignments BEGIN
    INSERT OR IGNORE INTO expert_versions (expert_id, v) VALUES (NEW.expert_id, 0);
    UPDATE expert_versions SET v = v + 1 WHERE expert_id IN (OLD.expert_id, NEW.expert_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER expert_versions_assignments_d AFTER DELETE ON review_assignments BEGIN
    UPDATE expert_versions SET v = v + 1 WHERE expert_id = OLD.expert_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER expert_versions_scores_i AFTER INSERT ON review_scores BEGIN
    INSERT OR IGNORE INTO expert_versions (expert_id, v)
        SELECT expert_id, 0 FROM review_assignments WHERE id = NEW.assignment_id;
    UPDATE expert_versions SET v = v + 1
        WHERE expert_id = (SELECT expert_id FROM review_assignments WHERE id = NEW.assignment_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER expert_versions_scores_u AFTER UPDATE OF draft, assignment_id ON review_scores BEGIN
    UPDATE expert_versions SET v = v + 1
        WHERE expert_id IN (SELECT expert_id FROM review_assignments WHERE id IN (OLD.assignment_id, NEW.assignment_id));
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER expert_versions_scores_d AFTER DELETE ON review_scores BEGIN
    UPDATE expert_versions SET v = v + 1
        WHERE expert_id = (SELECT expert_id FROM review_assignments WHERE id = OLD.assignment_id);
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER race_version_orgs_u;
DROP TRIGGER race_version_racer_report_attachments_d;
DROP TRIGGER race_version_racer_report_attachments_u;
DROP TRIGGER race_version_racer_report_attachments_i;
DROP TRIGGER race_version_racer_rectifications_d;
DROP TRIGGER race_version_racer_rectifications_u;
DROP TRIGGER race_version_racer_rectifications_i;
DROP TRIGGER race_version_acceptance_opinions_d;
DROP TRIGGER race_version_acceptance_opinions_u;
DROP TRIGGER race_version_acceptance_opinions_i;
DROP TRIGGER race_version_racer_events_d;
DROP TRIGGER race_version_racer_events_u;
DROP TRIGGER race_version_racer_events_i;
DROP TRIGGER race_version_stage_decisions_d;
DROP TRIGGER race_version_stage_decisions_u;
DROP TRIGGER race_version_stage_decisions_i;
DROP TRIGGER race_version_racer_reports_d;
DROP TRIGGER race_version_racer_reports_u;
DROP TRIGGER race_version_racer_reports_i;
DROP TRIGGER race_version_racers_d;
DROP TRIGGER race_version_racers_u;
DROP TRIGGER race_version_racers_i;
DROP TRIGGER expert_versions_scores_d;
DROP TRIGGER expert_versions_scores_u;
DROP TRIGGER expert_versions_scores_i;
DROP TRIGGER expert_versions_assignments_d;
DROP TRIGGER expert_versions_assignments_u;
DROP TRIGGER expert_versions_assignments_i;
DROP TRIGGER review_version_challenges_u;
DROP TRIGGER review_version_items_d;
DROP TRIGGER review_version_items_u;
DROP TRIGGER review_version_items_i;
DROP TRIGGER programme_rounds_d;
DROP TRIGGER programme_rounds_u;
DROP TRIGGER programme_rounds_i;
DROP TRIGGER programme_notices_d;
DROP TRIGGER programme_notices_u;
DROP TRIGGER programme_notices_i;
DROP TRIGGER programme_racers_d;
DROP TRIGGER programme_racers_u;
DROP TRIGGER programme_racers_i;
DROP TRIGGER programme_funding_totals_d;
DROP TRIGGER programme_funding_totals_u;
DROP TRIGGER programme_funding_totals_i;
DROP TRIGGER programme_bids_d;
DROP TRIGGER programme_bids_u;
DROP TRIGGER programme_bids_i;
DROP TRIGGER programme_challenges_d;
DROP TRIGGER programme_challenges_u;
DROP TRIGGER programme_challenges_i;
DROP INDEX idx_review_assignments_expert_newest;
DROP TABLE expert_versions;
DROP TABLE review_version;
DROP TABLE race_version;
DROP TABLE programme_version;
