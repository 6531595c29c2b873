-- footing schema, version 10: the days a program starts (§5: a logged day whose previous
-- logged day is 28 or more days earlier, or the first logged day), kept by triggers on
-- `logged_day` (migration 0006), so the program start as of any day is one look-up in this
-- table however long the history; stepping back through ten unbroken years of logged days
-- took some 135 look-ups on every `trend`.
-- A day's membership depends only on the logged days before it: adding or removing a logged
-- day changes that day's own and, at most, that of the next logged day (any later day has
-- the next one within its 27 days, or is 28 days or more after the day changed).
-- No INSERT OR IGNORE in the triggers (see 0006): each insert says itself when the row is new.
-- Migrations are append-only: never edit this file once released.

CREATE TABLE program_break (day TEXT PRIMARY KEY) WITHOUT ROWID;

INSERT INTO program_break (day)
    SELECT l.day FROM logged_day l
    WHERE NOT EXISTS (SELECT 1 FROM logged_day p WHERE p.day < l.day AND p.day > date(l.day, '-28 days'));

CREATE TRIGGER program_break_on_insert AFTER INSERT ON logged_day BEGIN
    INSERT INTO program_break (day) SELECT new.day
        WHERE NOT EXISTS (SELECT 1 FROM logged_day WHERE day < new.day AND day > date(new.day, '-28 days'))
          AND NOT EXISTS (SELECT 1 FROM program_break WHERE day = new.day);
    DELETE FROM program_break
        WHERE day = (SELECT min(day) FROM logged_day WHERE day > new.day) AND day < date(new.day, '+28 days');
END;

CREATE TRIGGER program_break_on_delete AFTER DELETE ON logged_day BEGIN
    DELETE FROM program_break WHERE day = old.day;
    INSERT INTO program_break (day)
        SELECT n.day FROM (SELECT min(day) AS day FROM logged_day WHERE day > old.day) n
        WHERE n.day IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM logged_day WHERE day < n.day AND day > date(n.day, '-28 days'))
          AND NOT EXISTS (SELECT 1 FROM program_break WHERE day = n.day);
END;
