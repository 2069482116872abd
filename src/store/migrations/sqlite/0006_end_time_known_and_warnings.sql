-- 0006 (SQLite): issue 15 tail notes.
--
-- tournaments.end_time_known: 0 when the end is a day without a time, as in
-- « les 12 et 13 décembre à 19 h » (a timed start, a date-only end, stored
-- at local midnight). The API then writes the end as a bare date and the
-- tournament lasts until the end of that day, as a start without a time
-- does (time_known). 1 for every existing row: a date-only start
-- (time_known = 0) already gave its end as a date, and a row stored with
-- a timed start and a midnight end is rewritten by the next normalize run
-- (its content hash changes).
ALTER TABLE tournaments ADD COLUMN end_time_known INTEGER NOT NULL DEFAULT 1 CHECK (end_time_known IN (0, 1));

-- ingest_runs.warned: kept lines with a field left out (an unreadable
-- buy-in or end, a URL that is not a link), as `pft run` prints them.
ALTER TABLE ingest_runs ADD COLUMN warned INTEGER NOT NULL DEFAULT 0;
