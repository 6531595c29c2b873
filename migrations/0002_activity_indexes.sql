-- footing schema, version 2: indexes for advice.
-- `advise` looks back for the latest activity, the latest session of each kind and the latest
-- walking bout before a date; these partial indexes find them without scanning the history,
-- however long it is. The WHERE clauses match the queries in src/store/advice.rs word for word.

CREATE INDEX item_activity_by_day ON item (day) WHERE type = 'session' OR walk IS NOT NULL;
CREATE INDEX item_walk_by_day ON item (day) WHERE walk IS NOT NULL;
CREATE INDEX item_session_by_kind ON item (kind, day) WHERE kind IS NOT NULL;
