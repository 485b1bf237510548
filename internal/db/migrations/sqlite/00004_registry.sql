-- +goose Up
-- The registry, continued: the full GB/T 4754 code table when loaded, key-field changes waiting for the
-- park's review, evidence files of qualifications, notifications to staff, import runs with their progress,
-- and the annual figures the criteria need beyond the Torch fields.
CREATE TABLE industry_codes (
    code    TEXT PRIMARY KEY,            -- A, A01, A011, A0111: section letter followed by the digits
    name    TEXT NOT NULL,
    level   TEXT NOT NULL CHECK (level IN ('section', 'division', 'group', 'class')),
    parent  TEXT NOT NULL DEFAULT ''
);

CREATE TABLE enterprise_changes (
    id             INTEGER PRIMARY KEY,
    enterprise_id  BIGINT NOT NULL REFERENCES enterprises(id) ON DELETE CASCADE,
    requested_by   BIGINT NOT NULL,
    before_json    TEXT NOT NULL,
    after_json     TEXT NOT NULL,
    reason         TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn')),
    comment        TEXT NOT NULL DEFAULT '',
    decided_by     BIGINT,
    created_at     TIMESTAMP NOT NULL,
    decided_at     TIMESTAMP
);
CREATE INDEX enterprise_changes_pending ON enterprise_changes (status, created_at);

CREATE TABLE qualification_files (
    id                INTEGER PRIMARY KEY,
    qualification_id  BIGINT NOT NULL REFERENCES qualifications(id) ON DELETE CASCADE,
    name              TEXT NOT NULL,
    hash              TEXT NOT NULL,
    size              BIGINT NOT NULL,
    mime              TEXT NOT NULL,
    created_at        TIMESTAMP NOT NULL
);

-- Notifications go to everyone holding a permission (for example every holder of enterprise.manage); each
-- is created once per key, so a daily job may offer the same reminder again without repeating it.
CREATE TABLE notifications (
    id          INTEGER PRIMARY KEY,
    perm        TEXT NOT NULL,
    dedupe_key  TEXT NOT NULL UNIQUE,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL DEFAULT '',
    link        TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX notifications_perm ON notifications (perm, created_at);
CREATE TABLE notification_reads (
    notification_id  BIGINT NOT NULL REFERENCES notifications(id) ON DELETE CASCADE,
    user_id          BIGINT NOT NULL,
    read_at          TIMESTAMP NOT NULL,
    PRIMARY KEY (notification_id, user_id)
);

-- An import run, written outside the import's own transaction so that any instance can show its progress.
CREATE TABLE import_runs (
    id           TEXT PRIMARY KEY,
    user_id      BIGINT NOT NULL,
    kind         TEXT NOT NULL,
    file_name    TEXT NOT NULL,
    dry_run      BOOLEAN NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed')),
    phase        TEXT NOT NULL DEFAULT '',
    done         INTEGER NOT NULL DEFAULT 0,
    total        INTEGER NOT NULL DEFAULT 0,
    message      TEXT NOT NULL DEFAULT '',
    report_json  TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL,
    finished_at  TIMESTAMP
);

-- 总收入 (高企), 成本费用支出总额 (科小) and 科技成果转化数 (高企) of a year; NULL means not reported.
ALTER TABLE annual_reports ADD COLUMN total_income BIGINT;
ALTER TABLE annual_reports ADD COLUMN total_cost BIGINT;
ALTER TABLE annual_reports ADD COLUMN conversions INTEGER;
CREATE INDEX annual_reports_year ON annual_reports (year);

-- +goose Down
DROP INDEX annual_reports_year;
ALTER TABLE annual_reports DROP COLUMN conversions;
ALTER TABLE annual_reports DROP COLUMN total_cost;
ALTER TABLE annual_reports DROP COLUMN total_income;
DROP TABLE import_runs;
DROP TABLE notification_reads;
DROP TABLE notifications;
DROP TABLE qualification_files;
DROP TABLE enterprise_changes;
DROP TABLE industry_codes;
