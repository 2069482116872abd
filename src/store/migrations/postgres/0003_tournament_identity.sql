-- 0003 (PostgreSQL): one tournament stays one tournament across runs (issue 11).
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
-- Adding nullable columns without a default rewrites nothing; the two
-- indexes are built once over the existing rows.
ALTER TABLE tournaments
  ADD COLUMN identity_key TEXT COLLATE "C" CHECK (identity_key IS NULL OR identity_key <> ''),
  ADD COLUMN removed_at   BIGINT,
  ADD COLUMN seen_run     BIGINT;
ALTER TABLE tournaments DROP CONSTRAINT tournaments_status_check;
ALTER TABLE tournaments ADD CONSTRAINT tournaments_status_check
  CHECK (status IN ('scheduled', 'cancelled', 'postponed', 'updated', 'removed'));
ALTER TABLE tournaments ADD CONSTRAINT tournaments_removed_check
  CHECK ((status = 'removed') = (removed_at IS NOT NULL));
ALTER TABLE tournaments DROP CONSTRAINT tournaments_venue_id_title_key_start_datetime_key;
CREATE INDEX tournaments_slot ON tournaments (venue_id, title_key, start_datetime);
CREATE UNIQUE INDEX tournaments_identity ON tournaments (source_name, identity_key);
-- As in 0002: no planner statistics for what no query filters on.
ALTER TABLE tournaments ALTER COLUMN removed_at SET STATISTICS 0;

ALTER TABLE ingest_runs ADD COLUMN removed BIGINT NOT NULL DEFAULT 0;
