-- +goose Up
-- board_version changes with every change of a challenge card or an organisation (whose name the board
-- shows): a cached page of the board is served only while the version it was read at is current.
CREATE TABLE board_version (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    v   INTEGER NOT NULL
);
INSERT INTO board_version VALUES (1, 1);

-- +goose StatementBegin
CREATE TRIGGER challenge_cards_board_insert AFTER INSERT ON challenge_cards BEGIN
    UPDATE board_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER challenge_cards_board_update AFTER UPDATE ON challenge_cards BEGIN
    UPDATE board_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER challenge_cards_board_delete AFTER DELETE ON challenge_cards BEGIN
    UPDATE board_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER orgs_board_update AFTER UPDATE OF name ON orgs BEGIN
    UPDATE board_version SET v = v + 1 WHERE id = 1;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER orgs_board_update;
DROP TRIGGER challenge_cards_board_delete;
DROP TRIGGER challenge_cards_board_update;
DROP TRIGGER challenge_cards_board_insert;
DROP TABLE board_version;
