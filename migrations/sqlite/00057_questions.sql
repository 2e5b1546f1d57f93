-- +goose Up
-- Questions and answers (答疑), followers (关注) and numbered addenda (补充通知) that may move the bidding deadline.
-- A question keeps who asked it (asker_user_id, asker_org_id) only for the asker's own list and the audit log:
-- no one else is ever shown it. number is given when the bureau publishes the answer (答疑1, 答疑2 …), unique per
-- challenge. An amendment gets its number in order (existing ones numbered by id), may name the question it
-- answers and records the deadline it moved (deadline_from → deadline_to). A confirmation records that the team
-- of a submitted bid has read an amendment.
ALTER TABLE challenge_amendments ADD COLUMN number INTEGER NOT NULL DEFAULT 0;
ALTER TABLE challenge_amendments ADD COLUMN question_id INTEGER NULL;
ALTER TABLE challenge_amendments ADD COLUMN deadline_from DATETIME NULL;
ALTER TABLE challenge_amendments ADD COLUMN deadline_to DATETIME NULL;
UPDATE challenge_amendments SET number = (SELECT COUNT(*) FROM challenge_amendments a2
    WHERE a2.challenge_id = challenge_amendments.challenge_id AND a2.id <= challenge_amendments.id);
CREATE UNIQUE INDEX idx_challenge_amendments_number ON challenge_amendments(challenge_id, number);

CREATE TABLE questions (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    challenge_id   INTEGER NOT NULL REFERENCES challenges(id),
    asker_user_id  INTEGER NOT NULL REFERENCES users(id),
    asker_org_id   INTEGER NOT NULL DEFAULT 0,
    text           TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('pending', 'answered', 'published', 'declined')),
    answer         TEXT NOT NULL DEFAULT '',
    answered_at    DATETIME NULL,
    number         INTEGER NULL,
    published_at   DATETIME NULL,
    decline_reason TEXT NOT NULL DEFAULT '',
    declined_at    DATETIME NULL,
    created_at     DATETIME NOT NULL,
    updated_at     DATETIME NOT NULL
);
CREATE UNIQUE INDEX idx_questions_number ON questions(challenge_id, number);
CREATE INDEX idx_questions_challenge ON questions(challenge_id, status, id);
CREATE INDEX idx_questions_asker ON questions(asker_user_id, id);

CREATE TABLE challenge_follows (
    challenge_id INTEGER NOT NULL REFERENCES challenges(id),
    user_id      INTEGER NOT NULL REFERENCES users(id),
    created_at   DATETIME NOT NULL,
    PRIMARY KEY (challenge_id, user_id)
);
CREATE INDEX idx_challenge_follows_user ON challenge_follows(user_id);

CREATE TABLE amendment_confirmations (
    amendment_id INTEGER NOT NULL REFERENCES challenge_amendments(id),
    bid_id       INTEGER NOT NULL REFERENCES bids(id),
    confirmed_by INTEGER NOT NULL REFERENCES users(id),
    confirmed_at DATETIME NOT NULL,
    PRIMARY KEY (amendment_id, bid_id)
);

-- +goose Down
DROP TABLE amendment_confirmations;
DROP TABLE challenge_follows;
DROP TABLE questions;
DROP INDEX idx_challenge_amendments_number;
ALTER TABLE challenge_amendments DROP COLUMN deadline_to;
ALTER TABLE challenge_amendments DROP COLUMN deadline_from;
ALTER TABLE challenge_amendments DROP COLUMN question_id;
ALTER TABLE challenge_amendments DROP COLUMN number;
