-- footing schema: when the person's program was last changed (§8, import). UTC, to the
-- second, as YYYY-MM-DDTHH:MM:SSZ; NULL for a change made before this version (its time is
-- not known). Export writes it as `program_changed_at`, and import replaces the stored
-- program only with a different one changed later, keeping the file's time.
-- Migrations are append-only: never edit this file once released.
ALTER TABLE program_changed ADD COLUMN changed_at TEXT;

-- The change journal (migration 0008) keeps the row a change deletes: with its time now, so
-- that `undo` of a program change puts back when the program before it was changed.
DROP TRIGGER change_program_changed_delete;
CREATE TRIGGER change_program_changed_delete AFTER DELETE ON program_changed
WHEN NOT EXISTS (SELECT 1 FROM change_undoing)
BEGIN
    INSERT INTO change_log (what) SELECT 'program change' WHERE NOT EXISTS (SELECT 1 FROM change_open);
    INSERT INTO change_row (change, tbl, rid, before)
    VALUES (coalesce((SELECT seq FROM change_open), (SELECT max(seq) FROM change_log)), 'program_changed', old.one,
            json_object('one', old.one, 'changed_at', old.changed_at));
END;

-- The advice reads every item with a red flag before the window it judges (a reported flag
-- lasts until it is reviewed, §6.3): through this index, the few such items instead of every
-- item of the history.
CREATE INDEX item_flags_by_day ON item (day) WHERE flags IS NOT NULL;
