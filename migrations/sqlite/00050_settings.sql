-- +goose Up
-- The bureau's settings (平台设置). industry_fields replaces the fixed list of ten field codes: codes are stable,
-- names editable, a field in use is retired rather than removed. settings holds JSON values by key (the limits,
-- the rubric templates per round kind); an absent key means the built-in default.
CREATE TABLE industry_fields (
    code       TEXT PRIMARY KEY,
    name_zh    TEXT NOT NULL,
    name_en    TEXT NOT NULL,
    position   INTEGER NOT NULL,
    retired    BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at DATETIME NOT NULL
);
INSERT INTO industry_fields (code, name_zh, name_en, position, retired, updated_at) VALUES
    ('equipment', '高端装备', 'High-end equipment', 1, FALSE, '2026-01-01 00:00:00+00:00'),
    ('materials', '新材料', 'New materials', 2, FALSE, '2026-01-01 00:00:00+00:00'),
    ('energy', '新能源', 'New energy', 3, FALSE, '2026-01-01 00:00:00+00:00'),
    ('biomedicine', '生物医药', 'Biomedicine', 4, FALSE, '2026-01-01 00:00:00+00:00'),
    ('electronics', '电子信息', 'Electronics and information', 5, FALSE, '2026-01-01 00:00:00+00:00'),
    ('ai', '人工智能', 'Artificial intelligence', 6, FALSE, '2026-01-01 00:00:00+00:00'),
    ('environment', '节能环保', 'Energy saving and environmental protection', 7, FALSE, '2026-01-01 00:00:00+00:00'),
    ('agriculture', '现代农业', 'Modern agriculture', 8, FALSE, '2026-01-01 00:00:00+00:00'),
    ('marine', '海洋工程', 'Marine engineering', 9, FALSE, '2026-01-01 00:00:00+00:00'),
    ('other', '其他', 'Other', 10, FALSE, '2026-01-01 00:00:00+00:00');

CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at DATETIME NOT NULL,
    updated_by INTEGER NULL
);

-- +goose Down
DROP TABLE settings;
DROP TABLE industry_fields;
