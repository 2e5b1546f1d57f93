-- +goose Up
-- On PostgreSQL programme_version becomes 16 rows bumped by different sessions and read as their sum, so
-- concurrent writers do not queue on one row (see the PostgreSQL migration of the same number). SQLite has a
-- single writer: it keeps its one row, whose sum is itself. Nothing to change.
SELECT 1;

-- +goose Down
SELECT 1;
