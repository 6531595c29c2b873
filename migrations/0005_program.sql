-- footing schema: the exercise program (§9).
-- Migrations are append-only: never edit this file once released.

-- A session of named exercises: `EXERCISE:DOSE` joined by ';' (as exported), with sets,
-- reps and minutes NULL. NULL for a session with one volume and for entries.
ALTER TABLE item ADD COLUMN exercises TEXT;

-- Items recorded together by one `footing done`, which `undo` removes as one step.
-- `batch` is the id of the first item of the group.
CREATE TABLE item_batch (
    item_id INTEGER PRIMARY KEY,
    batch   INTEGER NOT NULL
);
CREATE INDEX item_batch_by_batch ON item_batch (batch);
CREATE TRIGGER item_batch_forget AFTER DELETE ON item
BEGIN
    DELETE FROM item_batch WHERE item_id = OLD.id;
END;

-- The person's own program, in program order; empty with `program_changed` empty means the
-- starter program applies.
CREATE TABLE program (
    position INTEGER PRIMARY KEY,
    exercise TEXT    NOT NULL UNIQUE,
    dose     TEXT    NOT NULL                -- 2x10, 3x20s or 3min
);
-- One row once the program was changed (it may then be empty); none for the starter program.
CREATE TABLE program_changed (
    one INTEGER PRIMARY KEY CHECK (one = 1)
);
