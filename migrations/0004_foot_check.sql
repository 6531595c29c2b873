-- footing schema, version 4: the daily foot check (§1).
-- `footing log --feet-ok` records "checked both feet, nothing found"; a problem found is a red
-- flag instead (open-sore, skin-change, infection). NULL: not checked in this entry; 1: checked.
-- Only log entries carry it. Migrations are append-only: never edit this file once released.

ALTER TABLE item ADD COLUMN feet_ok INTEGER CHECK (feet_ok IS NULL OR (feet_ok = 1 AND type = 'entry'));
