-- Schema version 6 (PostgreSQL twin of sqlite/0006): the merge log, so a merge of two duplicate contacts can be undone.
-- `survivor_id` and `other_id` are plain integers, not foreign keys: the entry outlives the
-- contact it merged away, whose row (and every row moved or removed) is kept in `undo_data`.

CREATE TABLE "contact_merge" (
    "id" SERIAL PRIMARY KEY,
    "owner_id" INTEGER NOT NULL,
    "survivor_id" INTEGER NOT NULL,
    "other_id" INTEGER NOT NULL,
    "survivor_name" TEXT NOT NULL,
    "other_name" TEXT NOT NULL,
    "undo_data" JSONB NOT NULL,
    "merged_at" TIMESTAMP NOT NULL,
    "undone_at" TIMESTAMP,
    FOREIGN KEY ("owner_id") REFERENCES "user" ("id") ON DELETE CASCADE DEFERRABLE
);
CREATE INDEX "contact_merge_owner_id" ON "contact_merge" ("owner_id");
CREATE INDEX "contact_merge_owner_id_merged_at" ON "contact_merge" ("owner_id", "merged_at");
CREATE INDEX "contact_merge_survivor_id" ON "contact_merge" ("survivor_id");
