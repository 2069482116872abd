-- 0002 (PostgreSQL): less work per written tournament. A first load of
-- 100,000 tournaments spent most of its server time on the three things
-- below.
--
-- 1. The index on coalesce(end_datetime, start_datetime) goes. It served
-- only counts of upcoming or past tournaments (status, monitors) and the
-- purge: the first reads most of the table whatever the index, the second
-- runs once a night; a sequential scan of 100,000 rows costs ~10 ms. Every
-- insert paid for it (~0.3 s of server time per 100,000 rows). Listings
-- keep tournaments_start (ORDER BY start_datetime, id).
--
-- 2. No planner statistics for the columns no query filters or joins on:
-- autovacuum analyses tournaments after every large load, and gathering
-- them for every column cost 0.55 s of server time per 100,000 rows (now
-- about 0.25 s), competing with the load itself.
--
-- 3. tournaments.venue_id -> venues.id, checked once per statement instead of
-- once per row. The foreign key of 0001 ran a row lock on the venue for
-- every inserted tournament: half of the server's time in a 100,000-row
-- first load (1.2 s of 2.2 s), for a batch whose venue ids all come from
-- the same transaction. The triggers below keep the same guarantees:
--   * an INSERT whose rows name a venue that does not exist fails, with one
--     anti-join over the statement's new rows;
--   * an UPDATE that changes venue_id is checked row by row (pft never
--     does; the trigger does not even fire for the other columns);
--   * a DELETE, TRUNCATE or id change on venues that would leave a
--     tournament without its venue fails (ON DELETE RESTRICT, as before).
-- Concurrency: both sides take the transaction-level lock that pft's upserts
-- already hold (pg_advisory_xact_lock(31637846556504179)), so a venue cannot
-- disappear between the check of a concurrent insert and its commit. Under
-- REPEATABLE READ or SERIALIZABLE the check sees the transaction's snapshot;
-- pft writes under READ COMMITTED.
-- Errors carry SQLSTATE 23503 (foreign_key_violation), as the constraint's did.

DROP INDEX tournaments_finish;

ALTER TABLE tournaments
  ALTER COLUMN title SET STATISTICS 0,
  ALTER COLUMN description SET STATISTICS 0,
  ALTER COLUMN time_known SET STATISTICS 0,
  ALTER COLUMN multi_day SET STATISTICS 0,
  ALTER COLUMN timezone SET STATISTICS 0,
  ALTER COLUMN fee_cents SET STATISTICS 0,
  ALTER COLUMN guarantee_cents SET STATISTICS 0,
  ALTER COLUMN currency SET STATISTICS 0,
  ALTER COLUMN source_url SET STATISTICS 0,
  ALTER COLUMN source_hash SET STATISTICS 0,
  ALTER COLUMN event_url SET STATISTICS 0,
  ALTER COLUMN content_hash SET STATISTICS 0,
  ALTER COLUMN first_seen_at SET STATISTICS 0,
  ALTER COLUMN last_seen_at SET STATISTICS 0,
  ALTER COLUMN created_at SET STATISTICS 0,
  ALTER COLUMN updated_at SET STATISTICS 0;

ALTER TABLE tournaments DROP CONSTRAINT tournaments_venue_id_fkey;

CREATE FUNCTION pft_tournaments_check_venues() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  missing bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(31637846556504179);
  SELECT n.venue_id INTO missing FROM pft_new_tournaments n
   WHERE NOT EXISTS (SELECT 1 FROM venues v WHERE v.id = n.venue_id) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'insert on table "tournaments": venue_id % is not present in table "venues"', missing
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END
$fn$;

CREATE TRIGGER tournaments_venue_on_insert AFTER INSERT ON tournaments
  REFERENCING NEW TABLE AS pft_new_tournaments
  FOR EACH STATEMENT EXECUTE FUNCTION pft_tournaments_check_venues();

CREATE FUNCTION pft_tournament_check_venue() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM pg_advisory_xact_lock(31637846556504179);
  IF NOT EXISTS (SELECT 1 FROM venues v WHERE v.id = NEW.venue_id) THEN
    RAISE EXCEPTION 'update on table "tournaments": venue_id % is not present in table "venues"', NEW.venue_id
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NEW;
END
$fn$;

CREATE TRIGGER tournaments_venue_on_update BEFORE UPDATE OF venue_id ON tournaments
  FOR EACH ROW WHEN (NEW.venue_id IS DISTINCT FROM OLD.venue_id)
  EXECUTE FUNCTION pft_tournament_check_venue();

CREATE FUNCTION pft_venues_check_unused() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  used bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(31637846556504179);
  IF TG_OP = 'TRUNCATE' THEN
    SELECT t.venue_id INTO used FROM tournaments t LIMIT 1;
  ELSIF TG_OP = 'UPDATE' THEN
    SELECT t.venue_id INTO used FROM tournaments t WHERE t.venue_id = OLD.id LIMIT 1;
  ELSE
    SELECT t.venue_id INTO used FROM tournaments t JOIN pft_old_venues o ON o.id = t.venue_id LIMIT 1;
  END IF;
  IF FOUND THEN
    RAISE EXCEPTION '% on table "venues" would leave tournaments without their venue (venue_id %)', lower(TG_OP), used
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  IF TG_OP = 'UPDATE' THEN
    RETURN NEW;
  END IF;
  RETURN NULL;
END
$fn$;

CREATE TRIGGER venues_restrict_delete AFTER DELETE ON venues
  REFERENCING OLD TABLE AS pft_old_venues
  FOR EACH STATEMENT EXECUTE FUNCTION pft_venues_check_unused();

CREATE TRIGGER venues_restrict_id_change BEFORE UPDATE OF id ON venues
  FOR EACH ROW WHEN (NEW.id IS DISTINCT FROM OLD.id)
  EXECUTE FUNCTION pft_venues_check_unused();

CREATE TRIGGER venues_restrict_truncate BEFORE TRUNCATE ON venues
  FOR EACH STATEMENT EXECUTE FUNCTION pft_venues_check_unused();
