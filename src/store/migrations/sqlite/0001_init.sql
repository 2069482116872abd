-- 0001_init (SQLite): venues, tournaments, ingest_runs, geocode_cache and the
-- data_version counter. Instants are INTEGER unix seconds (UTC). *_key columns
-- hold pft::text::foldKey of their source text, computed by the store.
CREATE TABLE venues (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  name            TEXT    NOT NULL CHECK (name <> ''),
  name_key        TEXT    NOT NULL CHECK (name_key <> ''),
  address         TEXT    NOT NULL DEFAULT '',
  postcode        TEXT    NOT NULL DEFAULT '',
  city            TEXT    NOT NULL DEFAULT '',
  city_key        TEXT    NOT NULL DEFAULT '',
  department      TEXT    NOT NULL DEFAULT '',
  department_key  TEXT    NOT NULL DEFAULT '',
  department_code TEXT    NOT NULL DEFAULT '',
  region          TEXT    NOT NULL DEFAULT '',
  region_key      TEXT    NOT NULL DEFAULT '',
  country         TEXT    NOT NULL DEFAULT 'France',
  latitude        REAL    CHECK (latitude IS NULL OR latitude BETWEEN -90 AND 90),
  longitude       REAL    CHECK (longitude IS NULL OR longitude BETWEEN -180 AND 180),
  geocode_source  TEXT    NOT NULL DEFAULT '',
  website         TEXT    NOT NULL DEFAULT '',
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  UNIQUE (name_key, city_key)
);

CREATE TABLE tournaments (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  venue_id        INTEGER NOT NULL REFERENCES venues (id) ON DELETE RESTRICT,
  title           TEXT    NOT NULL CHECK (title <> ''),
  title_key       TEXT    NOT NULL CHECK (title_key <> ''),
  description     TEXT    NOT NULL DEFAULT '',
  start_datetime  INTEGER NOT NULL,
  end_datetime    INTEGER CHECK (end_datetime IS NULL OR end_datetime >= start_datetime),
  time_known      INTEGER NOT NULL DEFAULT 1 CHECK (time_known IN (0, 1)),
  multi_day       INTEGER NOT NULL DEFAULT 0 CHECK (multi_day IN (0, 1)),
  timezone        TEXT    NOT NULL DEFAULT 'Europe/Paris',
  buy_in_cents    INTEGER CHECK (buy_in_cents IS NULL OR buy_in_cents >= 0),
  fee_cents       INTEGER CHECK (fee_cents IS NULL OR fee_cents >= 0),
  guarantee_cents INTEGER CHECK (guarantee_cents IS NULL OR guarantee_cents >= 0),
  currency        TEXT    NOT NULL DEFAULT 'EUR',
  variant         TEXT    NOT NULL DEFAULT 'NLHE',
  tags            TEXT    NOT NULL DEFAULT '',
  status          TEXT    NOT NULL DEFAULT 'scheduled'
                  CHECK (status IN ('scheduled', 'cancelled', 'postponed', 'updated')),
  source_name     TEXT    NOT NULL DEFAULT '',
  source_url      TEXT    NOT NULL DEFAULT '',
  source_hash     TEXT    NOT NULL DEFAULT '',
  event_url       TEXT    NOT NULL DEFAULT '',
  search_key      TEXT    NOT NULL DEFAULT '',
  content_hash    TEXT    NOT NULL,
  first_seen_at   INTEGER NOT NULL,
  last_seen_at    INTEGER NOT NULL,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  UNIQUE (venue_id, title_key, start_datetime)
);
CREATE INDEX tournaments_start ON tournaments (start_datetime, id);
CREATE INDEX tournaments_finish ON tournaments (coalesce(end_datetime, start_datetime));

CREATE TABLE ingest_runs (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  triggered_by   TEXT    NOT NULL DEFAULT 'cli',
  status         TEXT    NOT NULL DEFAULT 'running',
  started_at     INTEGER NOT NULL,
  finished_at    INTEGER,
  sources        TEXT    NOT NULL DEFAULT '[]',
  events_fetched INTEGER NOT NULL DEFAULT 0,
  inserted       INTEGER NOT NULL DEFAULT 0,
  updated        INTEGER NOT NULL DEFAULT 0,
  unchanged      INTEGER NOT NULL DEFAULT 0,
  duplicates     INTEGER NOT NULL DEFAULT 0,
  rejected       INTEGER NOT NULL DEFAULT 0,
  error          TEXT    NOT NULL DEFAULT '',
  host           TEXT    NOT NULL DEFAULT '',
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
);
CREATE INDEX ingest_runs_started ON ingest_runs (started_at, id);

CREATE TABLE geocode_cache (
  query           TEXT    PRIMARY KEY,
  found           INTEGER NOT NULL CHECK (found IN (0, 1)),
  latitude        REAL    NOT NULL DEFAULT 0,
  longitude       REAL    NOT NULL DEFAULT 0,
  postcode        TEXT    NOT NULL DEFAULT '',
  city            TEXT    NOT NULL DEFAULT '',
  department      TEXT    NOT NULL DEFAULT '',
  department_code TEXT    NOT NULL DEFAULT '',
  region          TEXT    NOT NULL DEFAULT '',
  provider        TEXT    NOT NULL DEFAULT '',
  fetched_at      INTEGER NOT NULL,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
);

-- One row; bumped by every write transaction that changes venues or tournaments.
CREATE TABLE data_version (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL
);
INSERT INTO data_version (id, version) VALUES (1, 1);
