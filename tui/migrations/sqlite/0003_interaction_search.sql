-- Schema version 3: full-text search over interaction notes, outcomes and types (SQLite FTS5),
-- kept in step with every write by triggers.

CREATE VIRTUAL TABLE "interaction_search" USING fts5(
    "notes", "outcome", "type",
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);

INSERT INTO "interaction_search" ("rowid", "notes", "outcome", "type")
SELECT "id", "notes", "outcome", "type" FROM "interaction";

CREATE TRIGGER "interaction_search_insert" AFTER INSERT ON "interaction" BEGIN
    INSERT INTO "interaction_search" ("rowid", "notes", "outcome", "type")
    VALUES (NEW."id", NEW."notes", NEW."outcome", NEW."type");
END;

CREATE TRIGGER "interaction_search_update" AFTER UPDATE OF "notes", "outcome", "type" ON "interaction" BEGIN
    DELETE FROM "interaction_search" WHERE "rowid" = OLD."id";
    INSERT INTO "interaction_search" ("rowid", "notes", "outcome", "type")
    VALUES (NEW."id", NEW."notes", NEW."outcome", NEW."type");
END;

CREATE TRIGGER "interaction_search_delete" AFTER DELETE ON "interaction" BEGIN
    DELETE FROM "interaction_search" WHERE "rowid" = OLD."id";
END;
