-- +goose Up
-- The public board reads narrow rows: challenge_cards holds every column of a challenge except the long texts
-- (background, problem, deliverables, ip_terms, eligibility), plus a summary (the first 120 characters of the
-- problem), the board flag, the sort key and a version that changes with every change of the challenge or a new
-- amendment (the detail cache of every server checks it). Triggers keep it, and the kept counts, in step with
-- challenges whatever code writes them.
CREATE TABLE challenge_cards (
    id               BIGINT PRIMARY KEY REFERENCES challenges(id) ON DELETE CASCADE,
    org_id           BIGINT NOT NULL,
    status           TEXT NOT NULL,
    public           BOOLEAN NOT NULL,
    sort_at          TIMESTAMPTZ NOT NULL,
    title            TEXT NOT NULL,
    field            TEXT NOT NULL,
    mode             TEXT NOT NULL,
    summary          TEXT NOT NULL,
    kpis             TEXT NOT NULL,
    stages           TEXT NOT NULL,
    duration_months  INTEGER NOT NULL,
    budget_fen       BIGINT NOT NULL,
    gov_funding_fen  BIGINT NOT NULL,
    cofunding_fen    BIGINT NOT NULL,
    max_racers       INTEGER NOT NULL,
    bid_deadline     TIMESTAMPTZ NULL,
    published_at     TIMESTAMPTZ NULL,
    submitted_at     TIMESTAMPTZ NULL,
    approved_at      TIMESTAMPTZ NULL,
    closed_at        TIMESTAMPTZ NULL,
    cancel_reason    TEXT NOT NULL,
    last_opinion     TEXT NOT NULL,
    winner_racer_ids TEXT NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    version          BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX idx_cards_board ON challenge_cards(public, sort_at DESC, id DESC);
CREATE INDEX idx_cards_board_field ON challenge_cards(public, field, sort_at DESC, id DESC);
CREATE INDEX idx_cards_board_status ON challenge_cards(public, status, sort_at DESC, id DESC);
CREATE INDEX idx_cards_all ON challenge_cards(sort_at DESC, id DESC);
CREATE INDEX idx_cards_org ON challenge_cards(org_id, sort_at DESC, id DESC);

-- challenge_counts keeps how many challenges there are per (status, field, mode, public).
CREATE TABLE challenge_counts (
    status  TEXT NOT NULL,
    field   TEXT NOT NULL,
    mode    TEXT NOT NULL,
    public  BOOLEAN NOT NULL,
    n       BIGINT NOT NULL,
    PRIMARY KEY (status, field, mode, public)
);

-- challenge_terms indexes title and problem for substring search (unigrams and bigrams, lower-cased, and the
-- empty term that marks a challenge as indexed); the application writes it.
CREATE TABLE challenge_terms (
    term          TEXT NOT NULL,
    challenge_id  BIGINT NOT NULL REFERENCES challenges(id) ON DELETE CASCADE,
    PRIMARY KEY (term, challenge_id)
);
CREATE INDEX idx_challenge_terms_challenge ON challenge_terms(challenge_id);

-- +goose StatementBegin
CREATE FUNCTION challenge_is_public(st TEXT, published TIMESTAMPTZ) RETURNS BOOLEAN AS $$
    SELECT st IN ('published', 'bidding_closed', 'reviewing', 'notice', 'in_progress', 'completed', 'failed')
        OR (st = 'cancelled' AND published IS NOT NULL)
$$ LANGUAGE sql IMMUTABLE;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION challenge_card_sync() RETURNS trigger AS $$
DECLARE pub BOOLEAN;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE challenge_counts SET n = n - 1 WHERE status = OLD.status AND field = OLD.field AND mode = OLD.mode
            AND public = challenge_is_public(OLD.status, OLD.published_at);
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    pub := challenge_is_public(NEW.status, NEW.published_at);
    INSERT INTO challenge_cards (id, org_id, status, public, sort_at, title, field, mode, summary, kpis, stages,
        duration_months, budget_fen, gov_funding_fen, cofunding_fen, max_racers, bid_deadline, published_at,
        submitted_at, approved_at, closed_at, cancel_reason, last_opinion, winner_racer_ids, created_at, updated_at)
    VALUES (NEW.id, NEW.org_id, NEW.status, pub, COALESCE(NEW.published_at, NEW.created_at), NEW.title, NEW.field,
        NEW.mode, left(NEW.problem, 120), NEW.kpis, NEW.stages, NEW.duration_months, NEW.budget_fen,
        NEW.gov_funding_fen, NEW.cofunding_fen, NEW.max_racers, NEW.bid_deadline, NEW.published_at,
        NEW.submitted_at, NEW.approved_at, NEW.closed_at, NEW.cancel_reason, NEW.last_opinion,
        NEW.winner_racer_ids, NEW.created_at, NEW.updated_at)
    ON CONFLICT (id) DO UPDATE SET org_id = EXCLUDED.org_id, status = EXCLUDED.status, public = EXCLUDED.public,
        sort_at = EXCLUDED.sort_at, title = EXCLUDED.title, field = EXCLUDED.field, mode = EXCLUDED.mode,
        summary = EXCLUDED.summary, kpis = EXCLUDED.kpis, stages = EXCLUDED.stages,
        duration_months = EXCLUDED.duration_months, budget_fen = EXCLUDED.budget_fen,
        gov_funding_fen = EXCLUDED.gov_funding_fen, cofunding_fen = EXCLUDED.cofunding_fen,
        max_racers = EXCLUDED.max_racers, bid_deadline = EXCLUDED.bid_deadline,
        published_at = EXCLUDED.published_at, submitted_at = EXCLUDED.submitted_at,
        approved_at = EXCLUDED.approved_at, closed_at = EXCLUDED.closed_at, cancel_reason = EXCLUDED.cancel_reason,
        last_opinion = EXCLUDED.last_opinion, winner_racer_ids = EXCLUDED.winner_racer_ids,
        created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at,
        version = challenge_cards.version + 1;
    INSERT INTO challenge_counts VALUES (NEW.status, NEW.field, NEW.mode, pub, 1)
        ON CONFLICT (status, field, mode, public) DO UPDATE SET n = challenge_counts.n + 1;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
-- +goose StatementEnd

CREATE TRIGGER challenges_card_write AFTER INSERT OR UPDATE ON challenges
    FOR EACH ROW EXECUTE FUNCTION challenge_card_sync();
CREATE TRIGGER challenges_card_delete BEFORE DELETE ON challenges
    FOR EACH ROW EXECUTE FUNCTION challenge_card_sync();

-- +goose StatementBegin
CREATE FUNCTION challenge_amendment_version() RETURNS trigger AS $$
BEGIN
    UPDATE challenge_cards SET version = version + 1 WHERE id = NEW.challenge_id;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
-- +goose StatementEnd

CREATE TRIGGER challenge_amendments_version AFTER INSERT ON challenge_amendments
    FOR EACH ROW EXECUTE FUNCTION challenge_amendment_version();

INSERT INTO challenge_cards (id, org_id, status, public, sort_at, title, field, mode, summary, kpis, stages,
    duration_months, budget_fen, gov_funding_fen, cofunding_fen, max_racers, bid_deadline, published_at,
    submitted_at, approved_at, closed_at, cancel_reason, last_opinion, winner_racer_ids, created_at, updated_at)
SELECT id, org_id, status, challenge_is_public(status, published_at), COALESCE(published_at, created_at), title,
    field, mode, left(problem, 120), kpis, stages, duration_months, budget_fen, gov_funding_fen, cofunding_fen,
    max_racers, bid_deadline, published_at, submitted_at, approved_at, closed_at, cancel_reason, last_opinion,
    winner_racer_ids, created_at, updated_at
FROM challenges;
INSERT INTO challenge_counts SELECT status, field, mode, public, COUNT(*) FROM challenge_cards
    GROUP BY status, field, mode, public;

-- +goose Down
DROP TRIGGER challenge_amendments_version ON challenge_amendments;
DROP FUNCTION challenge_amendment_version();
DROP TRIGGER challenges_card_delete ON challenges;
DROP TRIGGER challenges_card_write ON challenges;
DROP FUNCTION challenge_card_sync();
DROP FUNCTION challenge_is_public(TEXT, TIMESTAMPTZ);
DROP TABLE challenge_terms;
DROP TABLE challenge_counts;
DROP TABLE challenge_cards;
