-- footing schema, version 1.
-- One row per recorded item: a log entry or an exercise session.
-- Migrations are append-only: never edit this file once released; add 0002_….sql instead.

-- 'foot' in ASCII: marks the file as a footing database.
PRAGMA application_id = 1718579060;

CREATE TABLE item (
    id           INTEGER PRIMARY KEY,            -- order of logging
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

-- Every reading command asks for a range of days; items come back in (day, time, logging) order.
CREATE INDEX item_by_day ON item (day, time, id);
