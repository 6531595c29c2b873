-- footing schema, version 6: the days anything was logged, kept by triggers.
-- The program week of `trend` (and the report) starts again after a break of 28 days; finding
-- the start steps back through the logged days 27 days at a time. Over the item index that
-- reads a page for nearly every step (ten years: ~170 pages); over this table of one short row
-- per day, ten years are a dozen pages. Migrations are append-only: never edit this file once
-- released. (No INSERT OR IGNORE in the triggers: the conflict clause of the statement that
-- fires a trigger, such as import's INSERT OR FAIL, overrides the trigger's own.)

CREATE TABLE logged_day (day TEXT PRIMARY KEY) WITHOUT ROWID;
INSERT INTO logged_day (day) SELECT DISTINCT day FROM item;

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
