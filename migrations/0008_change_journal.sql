-- footing schema, version 8: the change journal that `undo` pops (SPEC v3 §3, §10).
-- Every change a person makes — items recorded, an edit, a delete, a program change, a whole
-- import, a profile change — is one row of `change_log`. Triggers on the tables a person
-- changes write what each change did, so every path that writes (any command, any item type)
-- enters the journal without knowing it:
-- - items a change added are the ids first_item … last_item (ids only grow, migration 0003,
--   so the items one transaction adds are consecutive);
-- - every other row a change deleted, changed or added is a `change_row`: the table, the
--   rowid and the row as it was before (JSON), NULL when the change added it.
-- A command that makes one change of several rows opens it (`change_open` holds its seq for
-- the length of its transaction); a row written with no change open is a change of its own.
-- `undo` marks itself in `change_undoing` so that putting rows back enters nothing.
-- Migrations are append-only: never edit this file once released.

CREATE TABLE change_log (
    seq        INTEGER PRIMARY KEY,    -- order of changes; the newest is undone first
    what       TEXT    NOT NULL,       -- what undo says it reverted ('' when a row alone)
    first_item INTEGER,                -- the items this change added: first_item … last_item
    last_item  INTEGER
);

CREATE TABLE change_row (
    change INTEGER NOT NULL,           -- change_log.seq
    tbl    TEXT    NOT NULL,
    rid    INTEGER NOT NULL,           -- the row's rowid (item.id, program.position, …)
    before TEXT                        -- JSON object of the row before; NULL: the change added it
);
CREATE INDEX change_row_by_change ON change_row (change);

CREATE TABLE change_open (seq INTEGER PRIMARY KEY);
CREATE TABLE change_undoing (one INTEGER PRIMARY KEY CHECK (one = 1));

-- Items.
CREATE TRIGGER change_item_insert AFTER INSERT ON item
WHEN NOT EXISTS (SELECT 1 FROM change_open) AND NOT EXISTS (SELECT 1 FROM change_undoing)
BEGIN
    INSERT INTO change_log (what, first_item, last_item) VALUES ('', new.id, new.id);
END;

CREATE TRIGGER change_item_delete AFTER DELETE ON item
WHEN NOT EXISTS (SELECT 1 FROM change_undoing)
BEGIN
    INSERT INTO change_log (what) SELECT '' WHERE NOT EXISTS (SELECT 1 FROM change_open);
    INSERT INTO change_row (change, tbl, rid, before)
    VALUES (coalesce((SELECT seq FROM change_open), (SELECT max(seq) FROM change_log)), 'item', old.id,
            json_object('id', old.id, 'day', old.day, 'time', old.time, 'type', old.type,
                        'pain', old.pain, 'numb', old.numb, 'stance_left', old.stance_left,
                        'stance_right', old.stance_right, 'heel_raises', old.heel_raises,
                        'walk', old.walk, 'flags', old.flags, 'kind', old.kind, 'sets', old.sets,
                        'reps', old.reps, 'minutes', old.minutes, 'rpe', old.rpe, 'note', old.note,
                        'feet_ok', old.feet_ok, 'exercises', old.exercises, 'cleared', old.cleared,
                        'test', old.test, 'test_values', old.test_values, 'temps', old.temps));
END;

CREATE TRIGGER change_item_update AFTER UPDATE ON item
WHEN NOT EXISTS (SELECT 1 FROM change_undoing)
BEGIN
    INSERT INTO change_log (what) SELECT '' WHERE NOT EXISTS (SELECT 1 FROM change_open);
    INSERT INTO change_row (change, tbl, rid, before)
    VALUES (coalesce((SELECT seq FROM change_open), (SELECT max(seq) FROM change_log)), 'item', old.id,
            json_object('id', old.id, 'day', old.day, 'time', old.time, 'type', old.type,
                        'pain', old.pain, 'numb', old.numb, 'stance_left', old.stance_left,
                        'stance_right', old.stance_right, 'heel_raises', old.heel_raises,
                        'walk', old.walk, 'flags', old.flags, 'kind', old.kind, 'sets', old.sets,
                        'reps', old.reps, 'minutes', old.minutes, 'rpe', old.rpe, 'note', old.note,
                        'feet_ok', old.feet_ok, 'exercises', old.exercises, 'cleared', old.cleared,
                        'test', old.test, 'test_values', old.test_values, 'temps', old.temps));
END;

-- The program (migration 0005).
CREATE TRIGGER change_program_insert AFTER INSERT ON program
WHEN NOT EXISTS (SELECT 1 FROM change_undoing)
BEGIN
    INSERT INTO change_log (what) SELECT 'program change' WHERE NOT EXISTS (SELECT 1 FROM change_open);
    INSERT INTO change_row (change, tbl, rid, before)
    VALUES (coalesce((SELECT seq FROM change_open), (SELECT max(seq) FROM change_log)), 'program', new.position, NULL);
END;

CREATE TRIGGER change_program_delete AFTER DELETE ON program
WHEN NOT EXISTS (SELECT 1 FROM change_undoing)
BEGIN
    INSERT INTO change_log (what) SELECT 'program change' WHERE NOT EXISTS (SELECT 1 FROM change_open);
    INSERT INTO change_row (change, tbl, rid, before)
    VALUES (coalesce((SELECT seq FROM change_open), (SELECT max(seq) FROM change_log)), 'program', old.position,
            json_object('position', old.position, 'exercise', old.exercise, 'dose', old.dose));
END;

CREATE TRIGGER change_program_update AFTER UPDATE ON program
WHEN NOT EXISTS (SELECT 1 FROM change_undoing)
BEGIN
    INSERT INTO change_log (what) SELECT 'program change' WHERE NOT EXISTS (SELECT 1 FROM change_open);
    INSERT INTO change_row (change, tbl, rid, before)
    VALUES (coalesce((SELECT seq FROM change_open), (SELECT max(seq) FROM change_log)), 'program', old.position,
            json_object('position', old.position, 'exercise', old.exercise, 'dose', old.dose));
END;

CREATE TRIGGER change_program_changed_insert AFTER INSERT ON program_changed
WHEN NOT EXISTS (SELECT 1 FROM change_undoing)
BEGIN
    INSERT INTO change_log (what) SELECT 'program change' WHERE NOT EXISTS (SELECT 1 FROM change_open);
    INSERT INTO change_row (change, tbl, rid, before)
    VALUES (coalesce((SELECT seq FROM change_open), (SELECT max(seq) FROM change_log)), 'program_changed', new.one, NULL);
END;

CREATE TRIGGER change_program_changed_delete AFTER DELETE ON program_changed
WHEN NOT EXISTS (SELECT 1 FROM change_undoing)
BEGIN
    INSERT INTO change_log (what) SELECT 'program change' WHERE NOT EXISTS (SELECT 1 FROM change_open);
    INSERT INTO change_row (change, tbl, rid, before)
    VALUES (coalesce((SELECT seq FROM change_open), (SELECT max(seq) FROM change_log)), 'program_changed', old.one,
            json_object('one', old.one));
END;

-- The profile (migration 0007): one row per change, the newest is current.
CREATE TRIGGER change_profile_insert AFTER INSERT ON profile
WHEN NOT EXISTS (SELECT 1 FROM change_undoing)
BEGIN
    INSERT INTO change_log (what) SELECT 'profile change' WHERE NOT EXISTS (SELECT 1 FROM change_open);
    INSERT INTO change_row (change, tbl, rid, before)
    VALUES (coalesce((SELECT seq FROM change_open), (SELECT max(seq) FROM change_log)), 'profile', new.seq, NULL);
END;

CREATE TRIGGER change_profile_delete AFTER DELETE ON profile
WHEN NOT EXISTS (SELECT 1 FROM change_undoing)
BEGIN
    INSERT INTO change_log (what) SELECT 'profile change' WHERE NOT EXISTS (SELECT 1 FROM change_open);
    INSERT INTO change_row (change, tbl, rid, before)
    VALUES (coalesce((SELECT seq FROM change_open), (SELECT max(seq) FROM change_log)), 'profile', old.seq,
            json_object('seq', old.seq, 'born', old.born, 'sex', old.sex, 'name', old.name));
END;

CREATE TRIGGER change_profile_update AFTER UPDATE ON profile
WHEN NOT EXISTS (SELECT 1 FROM change_undoing)
BEGIN
    INSERT INTO change_log (what) SELECT 'profile change' WHERE NOT EXISTS (SELECT 1 FROM change_open);
    INSERT INTO change_row (change, tbl, rid, before)
    VALUES (coalesce((SELECT seq FROM change_open), (SELECT max(seq) FROM change_log)), 'profile', old.seq,
            json_object('seq', old.seq, 'born', old.born, 'sex', old.sex, 'name', old.name));
END;
