-- +goose Up
-- The portal and its news center: categories, articles with revisions and reviews, policy details,
-- attachments, uploaded media, and the events that keep every instance's search index current.
CREATE TABLE categories (
    id          INTEGER PRIMARY KEY,
    parent_id   BIGINT REFERENCES categories(id),
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('news', 'policy')),
    sort        INTEGER NOT NULL DEFAULT 0,
    created_at  TIMESTAMP NOT NULL
);

CREATE TABLE articles (
    id                INTEGER PRIMARY KEY,
    category_id       BIGINT NOT NULL REFERENCES categories(id),
    kind              TEXT NOT NULL CHECK (kind IN ('article', 'policy')),
    title             TEXT NOT NULL,
    summary           TEXT NOT NULL DEFAULT '',
    body_html         TEXT NOT NULL DEFAULT '',
    source            TEXT NOT NULL DEFAULT '',
    author            TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL CHECK (status IN ('draft', 'in_review', 'approved', 'published', 'withdrawn')),
    review_level      INTEGER NOT NULL DEFAULT 0,
    version           INTEGER NOT NULL DEFAULT 1,
    publish_at        TIMESTAMP,
    published_at      TIMESTAMP,
    live_revision_id  BIGINT,
    withdrawn_reason  TEXT NOT NULL DEFAULT '',
    legacy_key        TEXT UNIQUE,
    attention         TEXT NOT NULL DEFAULT '',
    created_by        BIGINT,
    updated_by        BIGINT,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);
CREATE INDEX articles_live ON articles (status, published_at);
CREATE INDEX articles_category ON articles (category_id, published_at);

CREATE TABLE article_revisions (
    id           INTEGER PRIMARY KEY,
    article_id   BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    version      INTEGER NOT NULL,
    category_id  BIGINT NOT NULL,
    title        TEXT NOT NULL,
    summary      TEXT NOT NULL DEFAULT '',
    body_html    TEXT NOT NULL DEFAULT '',
    source       TEXT NOT NULL DEFAULT '',
    author       TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT '',
    created_by   BIGINT,
    created_by_name TEXT NOT NULL DEFAULT '',
    files        TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL,
    UNIQUE (article_id, version)
);

CREATE TABLE article_reviews (
    id             INTEGER PRIMARY KEY,
    article_id     BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    version        INTEGER NOT NULL,
    level          INTEGER NOT NULL,
    reviewer_id    BIGINT,
    reviewer_name  TEXT NOT NULL,
    decision       TEXT NOT NULL CHECK (decision IN ('approve', 'return', 'submit', 'publish', 'withdraw')),
    comment        TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX article_reviews_article ON article_reviews (article_id, id);

CREATE TABLE policy_details (
    article_id    BIGINT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    doc_number    TEXT NOT NULL DEFAULT '',
    issuer        TEXT NOT NULL DEFAULT '',
    issued_on     TIMESTAMP,
    effective_on  TIMESTAMP,
    validity      TEXT NOT NULL DEFAULT 'valid' CHECK (validity IN ('valid', 'expired', 'repealed')),
    topics        TEXT NOT NULL DEFAULT ''
);

CREATE TABLE policy_links (
    policy_id          BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    interpretation_id  BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (policy_id, interpretation_id)
);

CREATE TABLE media (
    hash        TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('image', 'file')),
    name        TEXT NOT NULL,
    mime        TEXT NOT NULL,
    size        BIGINT NOT NULL,
    width       INTEGER NOT NULL DEFAULT 0,
    height      INTEGER NOT NULL DEFAULT 0,
    created_by  BIGINT,
    created_at  TIMESTAMP NOT NULL
);

CREATE TABLE article_files (
    id          INTEGER PRIMARY KEY,
    article_id  BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    hash        TEXT NOT NULL REFERENCES media(hash),
    name        TEXT NOT NULL,
    sort        INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE search_events (
    id          INTEGER PRIMARY KEY,
    doc_id      TEXT NOT NULL,
    op          TEXT NOT NULL CHECK (op IN ('put', 'delete', 'rebuild')),
    created_at  TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE search_events;
DROP TABLE article_files;
DROP TABLE media;
DROP TABLE policy_links;
DROP TABLE policy_details;
DROP TABLE article_reviews;
DROP TABLE article_revisions;
DROP TABLE articles;
DROP TABLE categories;
