-- 0003 (SQLite): one tournament stays one tournament across runs (issue 11).
--
-- identity_key: who the tournament is at its source ("id:<the source's own
-- id>" or "k:<venue key>|<local day>|<folded title>", computed by normalize),
-- unique per source. A moved time, a new buy-in or a reworded title of the
-- same item updates the same row. NULL for rows written before this
-- migration (and by callers that give no identity): those are matched the
-- old way, on (venue, folded title, start), and get their key on first sight.
-- The old UNIQUE (venue_id, title_key, start_datetime) becomes a plain index:
-- a row whose start or title changes may now meet another row's slot.
--
-- status 'removed' + removed_at: withdrawn, its source was fetched completely
-- and no longer lists it; set together, cleared together.
-- seen_run: the token of the last run that wrote or saw the row (withdrawal
-- takes what this run did not see).
--
-- SQLite cannot alter a CHECK or drop a table constraint: the table is
-- rebuilt, ids and the AUTOINCREMENT counter kept (an id is never reused:
-- the site answers 410 for a purged one).
CREATE TABLE tournaments_0003 (
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
                  CHECK (status IN ('scheduled', 'cancelled', 'postponed', 'updated', 'removed')),
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
  identity_key    TEXT    CHECK (identity_key IS NULL OR identity_key <> ''),
  removed_at      INTEGER,
  seen_run        INTEGER,
  CHECK ((status = 'removed') = (removed_at IS NOT NULL))
);
INSERT INTO tournaments_0003 (id, venue_id, title, title_key, description, start_datetime, end_datetime,
  time_known, multi_day, timezone, buy_in_cents, fee_cents, guarantee_cents, currency, variant, tags, status,
  source_name, source_url, source_hash, event_url, search_key, content_hash, first_seen_at, last_seen_at,
  created_at, updated_at)
SELECT id, venue_id, title, title_key, description, start_datetime, end_datetime,
  time_known, multi_day, timezone, buy_in_cents, fee_cents, guarantee_cents, currency, variant, tags, status,
  source_name, source_url, source_hash, event_url, search_key, content_hash, first_seen_at, last_seen_at,
  created_at, updated_at
FROM tournaments;
-- Keep the counter where it was (purged rows had higher ids). DROP TABLE
-- deletes the old table's counter, RENAME carries the new one's.
INSERT INTO sqlite_sequence (name, seq)
SELECT 'tournaments_0003', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'tournaments_0003');
UPDATE sqlite_sequence
   SET seq = max(seq, coalesce((SELECT max(seq) FROM sqlite_sequence WHERE name = 'tournaments'), 0))
 WHERE name = 'tournaments_0003';
DROP TABLE tournaments;
ALTER TABLE tournaments_0003 RENAME TO tournaments;
CREATE INDEX tournaments_start ON tournaments (start_datetime, id);
CREATE INDEX tournaments_slot ON tournaments (venue_id, title_key, start_datetime);
CREATE UNIQUE INDEX tournaments_identity ON tournaments (source_name, identity_key);

ALTER TABLE ingest_runs ADD COLUMN removed INTEGER NOT NULL DEFAULT 0;
