-- 0004 (SQLite): change history per tournament (issue 14 §1).
--
-- One row per player-visible field an update changed: start, end, buy-in,
-- fee, guarantee, variant, status, venue, title. Written by the trigger
-- below in the same transaction as the update itself, whoever updates (an
-- upsert, a withdrawal, a hand-made UPDATE): a re-run that changes nothing
-- writes no tournament column it watches, so appends nothing.
-- old_value/new_value are text: unix seconds for start/end, cents for the
-- amounts, the venue id for venue, the status name; NULL for "unknown".
-- run_token: the seen_run the update stamped (the UpsertRun token of the
-- pft normalize run; NULL outside a run). source_name: the tournament's
-- source after the update. changed_at: its updated_at.
-- The history goes with its tournament (ON DELETE CASCADE: pft purge).
CREATE TABLE tournament_changes (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  tournament_id INTEGER NOT NULL REFERENCES tournaments (id) ON DELETE CASCADE,
  field         TEXT    NOT NULL CHECK (field IN ('start', 'end', 'buy_in', 'fee', 'guarantee', 'variant',
                                                  'status', 'venue', 'title')),
  old_value     TEXT,
  new_value     TEXT,
  run_token     INTEGER,
  source_name   TEXT    NOT NULL DEFAULT '',
  changed_at    INTEGER NOT NULL
);
CREATE INDEX tournament_changes_tournament ON tournament_changes (tournament_id, id);
CREATE INDEX tournament_changes_at ON tournament_changes (changed_at, tournament_id);

CREATE TRIGGER tournament_changes_record
AFTER UPDATE OF start_datetime, end_datetime, buy_in_cents, fee_cents, guarantee_cents, variant, status,
                venue_id, title ON tournaments
BEGIN
  INSERT INTO tournament_changes (tournament_id, field, old_value, new_value, run_token, source_name, changed_at)
  SELECT NEW.id, f, o, n, NEW.seen_run, NEW.source_name, NEW.updated_at
  FROM (SELECT 1 AS k, 'start' AS f, CAST(OLD.start_datetime AS TEXT) AS o, CAST(NEW.start_datetime AS TEXT) AS n
        UNION ALL SELECT 2, 'end', CAST(OLD.end_datetime AS TEXT), CAST(NEW.end_datetime AS TEXT)
        UNION ALL SELECT 3, 'buy_in', CAST(OLD.buy_in_cents AS TEXT), CAST(NEW.buy_in_cents AS TEXT)
        UNION ALL SELECT 4, 'fee', CAST(OLD.fee_cents AS TEXT), CAST(NEW.fee_cents AS TEXT)
        UNION ALL SELECT 5, 'guarantee', CAST(OLD.guarantee_cents AS TEXT), CAST(NEW.guarantee_cents AS TEXT)
        UNION ALL SELECT 6, 'variant', OLD.variant, NEW.variant
        UNION ALL SELECT 7, 'status', OLD.status, NEW.status
        UNION ALL SELECT 8, 'venue', CAST(OLD.venue_id AS TEXT), CAST(NEW.venue_id AS TEXT)
        UNION ALL SELECT 9, 'title', OLD.title, NEW.title)
  WHERE o IS NOT n
  ORDER BY k;
END;
