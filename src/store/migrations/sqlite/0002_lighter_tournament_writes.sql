-- 0002 (SQLite): less work per written tournament. The index on
-- coalesce(end_datetime, start_datetime) goes: it served only counts of
-- upcoming or past tournaments (status, monitors) and the nightly purge;
-- the first reads most of the table whatever the index, and a full scan of
-- 100,000 rows costs a few milliseconds, while every insert paid for it
-- (~0.2 s per 100,000 rows). Listings keep tournaments_start. (The
-- reference to venues stays a foreign key here: SQLite checks it with one
-- rowid look-up, and there is one writer at a time.)
DROP INDEX tournaments_finish;
