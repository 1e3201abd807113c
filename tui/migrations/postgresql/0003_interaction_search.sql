-- Schema version 3 (PostgreSQL twin of sqlite/0003): full-text search over interaction notes, outcomes
-- and types, one tsvector per interaction kept in step with every write by a trigger.

CREATE TABLE "interaction_search" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "document" tsvector NOT NULL,
    FOREIGN KEY ("id") REFERENCES "interaction" ("id") ON DELETE CASCADE DEFERRABLE
);
CREATE INDEX "interaction_search_document" ON "interaction_search" USING gin ("document");

INSERT INTO "interaction_search" ("id", "document")
SELECT "id", "crm_search_document"(concat_ws(' ', "notes", "outcome", "type")) FROM "interaction";

CREATE FUNCTION "interaction_search_on_interaction"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO "interaction_search" ("id", "document")
    VALUES (NEW."id", "crm_search_document"(concat_ws(' ', NEW."notes", NEW."outcome", NEW."type")))
    ON CONFLICT ("id") DO UPDATE SET "document" = EXCLUDED."document";
    RETURN NULL;
END;
$$;
CREATE TRIGGER "interaction_search_insert" AFTER INSERT ON "interaction"
FOR EACH ROW EXECUTE FUNCTION "interaction_search_on_interaction"();
CREATE TRIGGER "interaction_search_update" AFTER UPDATE OF "notes", "outcome", "type" ON "interaction"
FOR EACH ROW EXECUTE FUNCTION "interaction_search_on_interaction"();
