-- footing schema, version 3: an item's id is never reused (§8).
-- With a plain INTEGER PRIMARY KEY, SQLite gives a new row the highest id + 1, so deleting
-- the newest item freed its id for the next one, and a repeated `delete ID` could remove a
-- different item. AUTOINCREMENT keeps the highest id ever given in sqlite_sequence. SQLite
-- cannot add it to an existing table, so the table is rebuilt with the same columns and
-- checks, its rows copied with their ids, and the indexes of 0001 and 0002 made again.

CREATE TABLE item_v3 (
    id           INTEGER PRIMARY KEY AUTOINCREMENT, -- order of logging; never reused
    day          TEXT    NOT NULL,               -- local date, YYYY-MM-DD
    time         TEXT    NOT NULL,               -- local time, HH:MM
    type         TEXT    NOT NULL CHECK (type IN ('entry', 'session')),
    pain         INTEGER CHECK (pain BETWEEN 0 AND 10),
    numb         TEXT,                           -- NULL: not checked; '': none; else zones joined by ';'
    stance_left  INTEGER CHECK (stance_left BETWEEN 0 AND 3000),   -- tenths of a second
    stance_right INTEGER CHECK (stance_right BETWEEN 0 AND 3000),  -- tenths of a second
    heel_raises  INTEGER CHECK (heel_raises BETWEEN 0 AND 200),
    walk         INTEGER CHECK (walk BETWEEN 1 AND 1440),          -- one bout, minutes
    flags        TEXT,                           -- NULL: none; else flags joined by ';'
    kind         TEXT    CHECK (kind IN ('mobility', 'strength', 'balance')),
    sets         INTEGER CHECK (sets BETWEEN 1 AND 20),
    reps         INTEGER CHECK (reps BETWEEN 1 AND 200),
    minutes      INTEGER CHECK (minutes BETWEEN 1 AND 600),
    rpe          INTEGER CHECK (rpe BETWEEN 0 AND 10),
    note         TEXT,
    CHECK ((type = 'session') = (kind IS NOT NULL))
);

INSERT INTO item_v3 (id, day, time, type, pain, numb, stance_left, stance_right, heel_raises, walk,
                     flags, kind, sets, reps, minutes, rpe, note)
    SELECT id, day, time, type, pain, numb, stance_left, stance_right, heel_raises, walk,
           flags, kind, sets, reps, minutes, rpe, note
    FROM item ORDER BY id;

DROP TABLE item;
ALTER TABLE item_v3 RENAME TO item;

CREATE INDEX item_by_day ON item (day, time, id);
CREATE INDEX item_activity_by_day ON item (day) WHERE type = 'session' OR walk IS NOT NULL;
CREATE INDEX item_walk_by_day ON item (day) WHERE walk IS NOT NULL;
CREATE INDEX item_session_by_kind ON item (kind, day) WHERE kind IS NOT NULL;
