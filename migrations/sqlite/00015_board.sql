-- +goose Up
-- The public board reads narrow rows: challenge_cards holds every column of a challenge except the long texts
-- (background, problem, deliverables, ip_terms, eligibility), plus a summary (the first 120 characters of the
-- problem), the board flag, the sort key and a version that changes with every change of the challenge or a new
-- amendment (the detail cache checks it). Triggers keep it, and the kept counts, in step with challenges
-- whatever code writes them.
CREATE TABLE challenge_cards (
    id               INTEGER PRIMARY KEY REFERENCES challenges(id) ON DELETE CASCADE,
    org_id           INTEGER NOT NULL,
    status           TEXT NOT NULL,
    public           INTEGER NOT NULL,
    sort_at          DATETIME NOT NULL,
    title            TEXT NOT NULL,
    field            TEXT NOT NULL,
    mode             TEXT NOT NULL,
    summary          TEXT NOT NULL,
    kpis             TEXT NOT NULL,
    stages           TEXT NOT NULL,
    duration_months  INTEGER NOT NULL,
    budget_fen       INTEGER NOT NULL,
    gov_funding_fen  INTEGER NOT NULL,
    cofunding_fen    INTEGER NOT NULL,
    max_racers       INTEGER NOT NULL,
    bid_deadline     DATETIME NULL,
    published_at     DATETIME NULL,
    submitted_at     DATETIME NULL,
    approved_at      DATETIME NULL,
    closed_at        DATETIME NULL,
    cancel_reason    TEXT NOT NULL,
    last_opinion     TEXT NOT NULL,
    winner_racer_ids TEXT NOT NULL,
    created_at       DATETIME NOT NULL,
    updated_at       DATETIME NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX idx_cards_board ON challenge_cards(public, sort_at DESC, id DESC);
CREATE INDEX idx_cards_board_field ON challenge_cards(public, field, sort_at DESC, id DESC);
CREATE INDEX idx_cards_board_status ON challenge_cards(public, status, sort_at DESC, id DESC);
CREATE INDEX idx_cards_all ON challenge_cards(sort_at DESC, id DESC);
CREATE INDEX idx_cards_org ON challenge_cards(org_id, sort_at DESC, id DESC);

-- challenge_counts keeps how many challenges there are per (status, field, mode, public): the board's total
-- is a sum over at most a few hundred rows instead of a scan.
CREATE TABLE challenge_counts (
    status  TEXT NOT NULL,
    field   TEXT NOT NULL,
    mode    TEXT NOT NULL,
    public  INTEGER NOT NULL,
    n       INTEGER NOT NULL,
    PRIMARY KEY (status, field, mode, public)
) WITHOUT ROWID;

-- challenge_terms indexes title and problem for substring search: every distinct character (unigram) and pair
-- of adjacent characters (bigram), lower-cased, plus the empty term that marks a challenge as indexed. The
-- application writes it (a trigger cannot split text into characters).
CREATE TABLE challenge_terms (
    term          TEXT NOT NULL,
    challenge_id  INTEGER NOT NULL REFERENCES challenges(id) ON DELETE CASCADE,
    PRIMARY KEY (term, challenge_id)
) WITHOUT ROWID;
CREATE INDEX idx_challenge_terms_challenge ON challenge_terms(challenge_id);

-- +goose StatementBegin
CREATE TRIGGER challenges_card_insert AFTER INSERT ON challenges BEGIN
    INSERT INTO challenge_cards (id, org_id, status, public, sort_at, title, field, mode, summary, kpis, stages,
        duration_months, budget_fen, gov_funding_fen, cofunding_fen, max_racers, bid_deadline, published_at,
        submitted_at, approved_at, closed_at, cancel_reason, last_opinion, winner_racer_ids, created_at, updated_at)
    VALUES (NEW.id, NEW.org_id, NEW.status,
        NEW.status IN ('published', 'bidding_closed', 'reviewing', 'notice', 'in_progress', 'completed', 'failed')
            OR (NEW.status = 'cancelled' AND NEW.published_at IS NOT NULL),
        COALESCE(NEW.published_at, NEW.created_at), NEW.title, NEW.field, NEW.mode, substr(NEW.problem, 1, 120),
        NEW.kpis, NEW.stages, NEW.duration_months, NEW.budget_fen, NEW.gov_funding_fen, NEW.cofunding_fen,
        NEW.max_racers, NEW.bid_deadline, NEW.published_at, NEW.submitted_at, NEW.approved_at, NEW.closed_at,
        NEW.cancel_reason, NEW.last_opinion, NEW.winner_racer_ids, NEW.created_at, NEW.updated_at);
    INSERT OR IGNORE INTO challenge_counts VALUES (NEW.status, NEW.field, NEW.mode,
        (SELECT public FROM challenge_cards WHERE id = NEW.id), 0);
    UPDATE challenge_counts SET n = n + 1 WHERE status = NEW.status AND field = NEW.field AND mode = NEW.mode
        AND public = (SELECT public FROM challenge_cards WHERE id = NEW.id);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER challenges_card_update AFTER UPDATE ON challenges BEGIN
    UPDATE challenge_counts SET n = n - 1 WHERE status = OLD.status AND field = OLD.field AND mode = OLD.mode
        AND public = (SELECT public FROM challenge_cards WHERE id = OLD.id);
    UPDATE challenge_cards SET org_id = NEW.org_id, status = NEW.status,
        public = NEW.status IN ('published', 'bidding_closed', 'reviewing', 'notice', 'in_progress', 'completed', 'failed')
            OR (NEW.status = 'cancelled' AND NEW.published_at IS NOT NULL),
        sort_at = COALESCE(NEW.published_at, NEW.created_at), title = NEW.title, field = NEW.field, mode = NEW.mode,
        summary = substr(NEW.problem, 1, 120), kpis = NEW.kpis, stages = NEW.stages,
        duration_months = NEW.duration_months, budget_fen = NEW.budget_fen, gov_funding_fen = NEW.gov_funding_fen,
        cofunding_fen = NEW.cofunding_fen, max_racers = NEW.max_racers, bid_deadline = NEW.bid_deadline,
        published_at = NEW.published_at, submitted_at = NEW.submitted_at, approved_at = NEW.approved_at,
        closed_at = NEW.closed_at, cancel_reason = NEW.cancel_reason, last_opinion = NEW.last_opinion,
        winner_racer_ids = NEW.winner_racer_ids, created_at = NEW.created_at, updated_at = NEW.updated_at,
        version = version + 1
    WHERE id = NEW.id;
    INSERT OR IGNORE INTO challenge_counts VALUES (NEW.status, NEW.field, NEW.mode,
        (SELECT public FROM challenge_cards WHERE id = NEW.id), 0);
    UPDATE challenge_counts SET n = n + 1 WHERE status = NEW.status AND field = NEW.field AND mode = NEW.mode
        AND public = (SELECT public FROM challenge_cards WHERE id = NEW.id);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER challenges_card_delete BEFORE DELETE ON challenges BEGIN
    UPDATE challenge_counts SET n = n - 1 WHERE status = OLD.status AND field = OLD.field AND mode = OLD.mode
        AND public = (SELECT public FROM challenge_cards WHERE id = OLD.id);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER challenge_amendments_version AFTER INSERT ON challenge_amendments BEGIN
    UPDATE challenge_cards SET version = version + 1 WHERE id = NEW.challenge_id;
END;
-- +goose StatementEnd

INSERT INTO challenge_cards (id, org_id, status, public, sort_at, title, field, mode, summary, kpis, stages,
    duration_months, budget_fen, gov_funding_fen, cofunding_fen, max_racers, bid_deadline, published_at,
    submitted_at, approved_at, closed_at, cancel_reason, last_opinion, winner_racer_ids, created_at, updated_at)
SELECT id, org_id, status,
    status IN ('published', 'bidding_closed', 'reviewing', 'notice', 'in_progress', 'completed', 'failed')
        OR (status = 'cancelled' AND published_at IS NOT NULL),
    COALESCE(published_at, created_at), title, field, mode, substr(problem, 1, 120), kpis, stages,
    duration_months, budget_fen, gov_funding_fen, cofunding_fen, max_racers, bid_deadline, published_at,
    submitted_at, approved_at, closed_at, cancel_reason, last_opinion, winner_racer_ids, created_at, updated_at
FROM challenges;
INSERT INTO challenge_counts SELECT status, field, mode, public, COUNT(*) FROM challenge_cards
    GROUP BY status, field, mode, public;

-- +goose Down
DROP TRIGGER challenge_amendments_version;
DROP TRIGGER challenges_card_delete;
DROP TRIGGER challenges_card_update;
DROP TRIGGER challenges_card_insert;
DROP TABLE challenge_terms;
DROP TABLE challenge_counts;
DROP TABLE challenge_cards;
