-- +goose Up
-- The bureau's working-day calendar (工作日历), one row per year it entered: holidays (JSON [{name, from, to}])
-- and make-up working days (JSON [date]). Years without a row use the calendar shipped with the platform, or
-- count weekends only.
CREATE TABLE calendars (
    year            INTEGER PRIMARY KEY,
    holidays        TEXT NOT NULL DEFAULT '[]',
    makeup_workdays TEXT NOT NULL DEFAULT '[]',
    updated_by      TEXT NOT NULL DEFAULT '',
    updated_at      TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE calendars;
