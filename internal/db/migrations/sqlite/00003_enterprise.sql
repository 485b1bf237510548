-- +goose Up
-- The enterprise registry: enterprises with contacts, qualifications and their evidence, annual figures
-- (with the Torch statistics fields), products and supply links.
CREATE TABLE enterprises (
    id                  INTEGER PRIMARY KEY,
    name                TEXT NOT NULL,
    uscc                TEXT NOT NULL UNIQUE,
    legal_rep           TEXT NOT NULL DEFAULT '',
    founded_on          TIMESTAMP,
    registered_capital  BIGINT NOT NULL DEFAULT 0,
    kind                TEXT NOT NULL CHECK (kind IN ('enterprise', 'rnd_institute', 'university', 'agency')),
    industry_code       TEXT NOT NULL DEFAULT '',
    emerging_industry   TEXT NOT NULL DEFAULT '',
    hitech_field        TEXT NOT NULL DEFAULT '',
    location            TEXT NOT NULL DEFAULT '',
    status              TEXT NOT NULL CHECK (status IN ('incubating', 'resident', 'graduated', 'moved_out')),
    entered_on          TIMESTAMP,
    graduated_on        TIMESTAMP,
    moved_out_on        TIMESTAMP,
    tags                TEXT NOT NULL DEFAULT '',
    description         TEXT NOT NULL DEFAULT '',
    website             TEXT NOT NULL DEFAULT '',
    logo                TEXT NOT NULL DEFAULT '',
    public              BOOLEAN NOT NULL DEFAULT FALSE,
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL
);
CREATE INDEX enterprises_name ON enterprises (name);

CREATE TABLE enterprise_contacts (
    id             INTEGER PRIMARY KEY,
    enterprise_id  BIGINT NOT NULL REFERENCES enterprises(id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    title          TEXT NOT NULL DEFAULT '',
    phone_enc      TEXT NOT NULL DEFAULT '',
    email          TEXT NOT NULL DEFAULT '',
    is_primary     BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE qualifications (
    id             INTEGER PRIMARY KEY,
    enterprise_id  BIGINT NOT NULL REFERENCES enterprises(id) ON DELETE CASCADE,
    kind           TEXT NOT NULL,
    name           TEXT NOT NULL,
    level          TEXT NOT NULL DEFAULT '' CHECK (level IN ('', 'national', 'provincial', 'municipal', 'district')),
    cert_no        TEXT NOT NULL DEFAULT '',
    issued_on      TIMESTAMP,
    expires_on     TIMESTAMP,
    evidence       TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX qualifications_expiry ON qualifications (expires_on);

-- Annual figures. Money in fen; counts of people and IP as integers; NULL means not reported.
CREATE TABLE annual_reports (
    id                   INTEGER PRIMARY KEY,
    enterprise_id        BIGINT NOT NULL REFERENCES enterprises(id) ON DELETE CASCADE,
    year                 INTEGER NOT NULL,
    status               TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'returned')),
    revenue              BIGINT,
    main_revenue         BIGINT,
    hitech_revenue       BIGINT,
    net_profit           BIGINT,
    taxes                BIGINT,
    exports              BIGINT,
    rnd_spending         BIGINT,
    rnd_domestic         BIGINT,
    total_assets         BIGINT,
    total_liabilities    BIGINT,
    equity_raised        BIGINT,
    staff_total          INTEGER,
    staff_doctorate      INTEGER,
    staff_master         INTEGER,
    staff_bachelor       INTEGER,
    staff_college        INTEGER,
    tech_staff           INTEGER,
    rnd_staff            INTEGER,
    returnees            INTEGER,
    fresh_graduates      INTEGER,
    ip_invention_applied INTEGER,
    ip_invention_granted INTEGER,
    ip_utility_granted   INTEGER,
    ip_design_granted    INTEGER,
    ip_software          INTEGER,
    ip_ic_layout         INTEGER,
    ip_class1            INTEGER,
    ip_class2            INTEGER,
    note                 TEXT NOT NULL DEFAULT '',
    review_comment       TEXT NOT NULL DEFAULT '',
    submitted_at         TIMESTAMP,
    reviewed_at          TIMESTAMP,
    updated_at           TIMESTAMP NOT NULL,
    UNIQUE (enterprise_id, year)
);

CREATE TABLE products (
    id               INTEGER PRIMARY KEY,
    enterprise_id    BIGINT NOT NULL REFERENCES enterprises(id) ON DELETE CASCADE,
    name             TEXT NOT NULL,
    stage            TEXT NOT NULL CHECK (stage IN ('rnd', 'pilot', 'small_batch', 'industrial')),
    raw_materials    TEXT NOT NULL DEFAULT '',
    material_sources TEXT NOT NULL DEFAULT '',
    customers        TEXT NOT NULL DEFAULT '',
    markets          TEXT NOT NULL DEFAULT ''
);

CREATE TABLE enterprise_links (
    id             INTEGER PRIMARY KEY,
    enterprise_id  BIGINT NOT NULL REFERENCES enterprises(id) ON DELETE CASCADE,
    kind           TEXT NOT NULL CHECK (kind IN ('supplier', 'customer')),
    partner_id     BIGINT REFERENCES enterprises(id) ON DELETE SET NULL,
    partner_name   TEXT NOT NULL,
    product        TEXT NOT NULL DEFAULT '',
    note           TEXT NOT NULL DEFAULT ''
);

-- +goose Down
DROP TABLE enterprise_links;
DROP TABLE products;
DROP TABLE annual_reports;
DROP TABLE qualifications;
DROP TABLE enterprise_contacts;
DROP TABLE enterprises;
