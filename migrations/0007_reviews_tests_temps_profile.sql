-- footing schema, version 7: the item types of SPEC v3 and the person's profile.
-- `review` (§6.3: a clinician has seen a red flag; `flags` holds the one flag or detected kind
-- reviewed, `cleared` = 1 when they allowed loading the foot again), `test` (§11.2: `test`
-- names it, `test_values` holds its numbers joined by ';', as exported) and `temp` (§11.3:
-- `temps` holds SITE:LEFT:RIGHT in °C joined by ';'). SQLite cannot change a CHECK, so the
-- table is rebuilt as 0003 did, its rows copied with their ids (AUTOINCREMENT's highest id is
-- kept in sqlite_sequence under the same name), and the indexes and triggers of 0002, 0005
-- and 0006 made again. Migrations are append-only: never edit this file once released.
-- The CHECKs name their allowed values as `=`/`OR` chains, not `IN (…)`: the same meaning
-- (a NULL still passes, as with IN), but SQLite builds a temporary b-tree for an IN list
-- each time it checks a row, and `quick_check` (daily, and on every backup, §8) checks
-- every row: 85% of its work on ten years went there.

CREATE TABLE item_v7 (
    id           INTEGER PRIMARY KEY AUTOINCREMENT, -- order of logging; never reused
    day          TEXT    NOT NULL,               -- local date, YYYY-MM-DD
    time         TEXT    NOT NULL,               -- local time, HH:MM
    type         TEXT    NOT NULL CHECK (type = 'entry' OR type = 'session' OR type = 'review' OR type = 'test' OR type = 'temp'),
    pain         INTEGER CHECK (pain BETWEEN 0 AND 10),
    numb         TEXT,                           -- NULL: not checked; '': none; else zones joined by ';'
    stance_left  INTEGER CHECK (stance_left BETWEEN 0 AND 3000),   -- tenths of a second
    stance_right INTEGER CHECK (stance_right BETWEEN 0 AND 3000),  -- tenths of a second
    heel_raises  INTEGER CHECK (heel_raises BETWEEN 0 AND 200),
    walk         INTEGER CHECK (walk BETWEEN 1 AND 1440),          -- one bout, minutes
    flags        TEXT,                           -- NULL: none; else flags joined by ';'
    kind         TEXT    CHECK (kind = 'mobility' OR kind = 'strength' OR kind = 'balance'),
    sets         INTEGER CHECK (sets BETWEEN 1 AND 20),
    reps         INTEGER CHECK (reps BETWEEN 1 AND 200),
    minutes      INTEGER CHECK (minutes BETWEEN 1 AND 600),
    rpe          INTEGER CHECK (rpe BETWEEN 0 AND 10),
    note         TEXT,
    feet_ok      INTEGER CHECK (feet_ok IS NULL OR (feet_ok = 1 AND type = 'entry')),
    exercises    TEXT,
    cleared      INTEGER CHECK (cleared IS NULL OR (cleared = 1 AND type = 'review')),
    test         TEXT    CHECK (test IS NULL OR test = 'chair-stand' OR test = 'four-stage' OR test = 'tug' OR test = 'heel-raise'),
    test_values  TEXT,                           -- the test's numbers joined by ';'
    temps        TEXT,                           -- SITE:LEFT:RIGHT in °C joined by ';'
    CHECK ((type = 'session') = (kind IS NOT NULL)),
    CHECK ((type = 'test') = (test IS NOT NULL AND test_values IS NOT NULL)),
    CHECK ((type = 'temp') = (temps IS NOT NULL)),
    CHECK (type <> 'review' OR flags IS NOT NULL)
);

INSERT INTO item_v7 (id, day, time, type, pain, numb, stance_left, stance_right, heel_raises, walk,
                     flags, kind, sets, reps, minutes, rpe, note, feet_ok, exercises)
    SELECT id, day, time, type, pain, numb, stance_left, stance_right, heel_raises, walk,
           flags, kind, sets, reps, minutes, rpe, note, feet_ok, exercises
    FROM item ORDER BY id;

DROP TABLE item;
ALTER TABLE item_v7 RENAME TO item;

CREATE INDEX item_by_day ON item (day, time, id);
CREATE INDEX item_activity_by_day ON item (day) WHERE type = 'session' OR walk IS NOT NULL;
CREATE INDEX item_walk_by_day ON item (day) WHERE walk IS NOT NULL;
CREATE INDEX item_session_by_kind ON item (kind, day) WHERE kind IS NOT NULL;
-- Reviews, tests and temperatures are few; the advice reads them by type and day.
CREATE INDEX item_by_type ON item (type, day) WHERE type IN ('review', 'test', 'temp');

CREATE TRIGGER item_batch_forget AFTER DELETE ON item
BEGIN
    DELETE FROM item_batch WHERE item_id = OLD.id;
END;

CREATE TRIGGER logged_day_on_insert AFTER INSERT ON item BEGIN
    INSERT INTO logged_day (day) SELECT new.day WHERE NOT EXISTS (SELECT 1 FROM logged_day WHERE day = new.day);
END;

CREATE TRIGGER logged_day_on_delete AFTER DELETE ON item BEGIN
    DELETE FROM logged_day WHERE day = old.day AND NOT EXISTS (SELECT 1 FROM item WHERE day = old.day);
END;

CREATE TRIGGER logged_day_on_update AFTER UPDATE OF day ON item BEGIN
    INSERT INTO logged_day (day) SELECT new.day WHERE NOT EXISTS (SELECT 1 FROM logged_day WHERE day = new.day);
    DELETE FROM logged_day WHERE day = old.day AND NOT EXISTS (SELECT 1 FROM item WHERE day = old.day);
END;

-- The person (§11.1): one row per change, the newest is the profile; `undo` removes the
-- newest. NULL: not given.
CREATE TABLE profile (
    seq   INTEGER PRIMARY KEY AUTOINCREMENT,
    born  INTEGER CHECK (born IS NULL OR born BETWEEN 1900 AND 2099),
    sex   TEXT    CHECK (sex IS NULL OR sex IN ('female', 'male')),
    name  TEXT
);
