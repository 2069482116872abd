-- 0004 (PostgreSQL): change history per tournament (issue 14 §1).
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
  id            BIGSERIAL PRIMARY KEY,
  tournament_id BIGINT NOT NULL REFERENCES tournaments (id) ON DELETE CASCADE,
  field         TEXT   NOT NULL CHECK (field IN ('start', 'end', 'buy_in', 'fee', 'guarantee', 'variant',
                                                 'status', 'venue', 'title')),
  old_value     TEXT,
  new_value     TEXT,
  run_token     BIGINT,
  source_name   TEXT   NOT NULL DEFAULT '',
  changed_at    BIGINT NOT NULL
);
CREATE INDEX tournament_changes_tournament ON tournament_changes (tournament_id, id);
CREATE INDEX tournament_changes_at ON tournament_changes (changed_at, tournament_id);

CREATE FUNCTION tournament_changes_record() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO tournament_changes (tournament_id, field, old_value, new_value, run_token, source_name, changed_at)
  SELECT NEW.id, c.f, c.o, c.n, NEW.seen_run, NEW.source_name, NEW.updated_at
  FROM (VALUES (1, 'start', OLD.start_datetime::text, NEW.start_datetime::text),
               (2, 'end', OLD.end_datetime::text, NEW.end_datetime::text),
               (3, 'buy_in', OLD.buy_in_cents::text, NEW.buy_in_cents::text),
               (4, 'fee', OLD.fee_cents::text, NEW.fee_cents::text),
               (5, 'guarantee', OLD.guarantee_cents::text, NEW.guarantee_cents::text),
               (6, 'variant', OLD.variant::text, NEW.variant::text),
               (7, 'status', OLD.status::text, NEW.status::text),
               (8, 'venue', OLD.venue_id::text, NEW.venue_id::text),
               (9, 'title', OLD.title::text, NEW.title::text)) AS c (k, f, o, n)
  WHERE c.o IS DISTINCT FROM c.n
  ORDER BY c.k;
  RETURN NULL;
END $$;

-- Only updates that name a watched column, and only rows where one differs.
CREATE TRIGGER tournament_changes_record
AFTER UPDATE OF start_datetime, end_datetime, buy_in_cents, fee_cents, guarantee_cents, variant, status,
                venue_id, title ON tournaments
FOR EACH ROW
WHEN (OLD.start_datetime IS DISTINCT FROM NEW.start_datetime OR OLD.end_datetime IS DISTINCT FROM NEW.end_datetime
      OR OLD.buy_in_cents IS DISTINCT FROM NEW.buy_in_cents OR OLD.fee_cents IS DISTINCT FROM NEW.fee_cents
      OR OLD.guarantee_cents IS DISTINCT FROM NEW.guarantee_cents OR OLD.variant IS DISTINCT FROM NEW.variant
      OR OLD.status IS DISTINCT FROM NEW.status OR OLD.venue_id IS DISTINCT FROM NEW.venue_id
      OR OLD.title IS DISTINCT FROM NEW.title)
EXECUTE FUNCTION tournament_changes_record();
