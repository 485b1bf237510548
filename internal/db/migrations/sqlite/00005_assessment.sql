-- +goose Up
-- 申报信息: what park staff checked about an enterprise for its applications and the criteria engine needs
-- beyond the record, the figures and the titles: averaged headcounts (the 13 month-end counts of 195号 and the
-- 5 quarter-end counts of 115号, by fiscal year), the compliance record, restricted products, IP related to
-- the main and leading products, awards, R&D institutions, standards, 创客中国 placings, market facts and the
-- experts' judgements. One row per enterprise holding one JSON document (facts, in the format numbered by
-- version), so that the criteria lists read every enterprise's facts in one query.
CREATE TABLE enterprise_assessments (
    enterprise_id    BIGINT PRIMARY KEY REFERENCES enterprises(id) ON DELETE CASCADE,
    version          INTEGER NOT NULL,
    facts            TEXT NOT NULL,
    updated_by       BIGINT NOT NULL,
    updated_by_name  TEXT NOT NULL DEFAULT '',
    updated_at       TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE enterprise_assessments;
