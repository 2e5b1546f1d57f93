-- +goose Up
-- board_version changes with every change of a challenge card or an organisation's name: a cached page of the
-- board is served (by any server) only while the version it was read at is current.
CREATE TABLE board_version (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    v   BIGINT NOT NULL
);
INSERT INTO board_version VALUES (1, 1);

-- +goose StatementBegin
CREATE FUNCTION board_version_bump() RETURNS trigger AS $$
BEGIN
    UPDATE board_version SET v = v + 1 WHERE id = 1;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
-- +goose StatementEnd

CREATE TRIGGER challenge_cards_board AFTER INSERT OR UPDATE OR DELETE ON challenge_cards
    FOR EACH STATEMENT EXECUTE FUNCTION board_version_bump();
CREATE TRIGGER orgs_board AFTER UPDATE OF name ON orgs
    FOR EACH STATEMENT EXECUTE FUNCTION board_version_bump();

-- +goose Down
DROP TRIGGER orgs_board ON orgs;
DROP TRIGGER challenge_cards_board ON challenge_cards;
DROP FUNCTION board_version_bump();
DROP TABLE board_version;
