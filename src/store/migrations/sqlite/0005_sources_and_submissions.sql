-- 0005_sources_and_submissions (SQLite). Migrations 0003 and 0004 belong to
-- other changes; the versions are applied in order of number, each once.
--
-- sources: the public health of each catalog source, written by every run
-- (api and web cannot read the catalog): only public facts, never a URL, an
-- operator's note or an error body. failure_kind is a SourceFailureKind
-- name (pft/core/source_status.hpp).
CREATE TABLE sources (
  name                 TEXT    PRIMARY KEY CHECK (name <> ''),
  type                 TEXT    NOT NULL,
  organiser            TEXT    NOT NULL DEFAULT '',
  homepage             TEXT    NOT NULL DEFAULT '',
  enabled              INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  last_run_id          INTEGER,
  last_run_at          INTEGER,
  last_status          TEXT    NOT NULL DEFAULT ''
                       CHECK (last_status IN ('', 'ok', 'not_modified', 'failed')),
  last_events          INTEGER NOT NULL DEFAULT 0,
  last_success_at      INTEGER,
  failing_since        INTEGER,
  failure_kind         TEXT    NOT NULL DEFAULT '',
  failure_http_status  INTEGER NOT NULL DEFAULT 0,
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  created_at           INTEGER NOT NULL,
  updated_at           INTEGER NOT NULL
);

-- submissions: URL suggestions and hand-entered tournaments, pending until
-- an operator accepts or rejects them (pft sources accept / reject). Never
-- read by the site or the API: nothing here is public.
CREATE TABLE submissions (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  kind           TEXT    NOT NULL CHECK (kind IN ('url', 'tournament')),
  status         TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
  url            TEXT    NOT NULL DEFAULT '',
  title          TEXT    NOT NULL DEFAULT '',
  event_date     TEXT    NOT NULL DEFAULT '',
  event_time     TEXT    NOT NULL DEFAULT '',
  venue_name     TEXT    NOT NULL DEFAULT '',
  address        TEXT    NOT NULL DEFAULT '',
  city           TEXT    NOT NULL DEFAULT '',
  postcode       TEXT    NOT NULL DEFAULT '',
  buy_in         TEXT    NOT NULL DEFAULT '',
  variant        TEXT    NOT NULL DEFAULT '',
  contact_email  TEXT    NOT NULL DEFAULT '',
  message        TEXT    NOT NULL DEFAULT '',
  origin         TEXT    NOT NULL DEFAULT '',
  decision_note  TEXT    NOT NULL DEFAULT '',
  decided_at     INTEGER,
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
);
CREATE INDEX submissions_status ON submissions (status, id);
