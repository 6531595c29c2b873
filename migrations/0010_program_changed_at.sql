-- footing schema: when the person's program was last changed (§8, import). UTC, to the
-- second, as YYYY-MM-DDTHH:MM:SSZ; NULL for a change made before this version (its time is
-- not known). Export writes it as `program_changed_at`, and import replaces the stored
-- program only with a different one changed later, keeping the file's time.
-- Migrations are append-only: never edit this file once released.
ALTER TABLE program_changed ADD COLUMN changed_at TEXT;
