-- Schema version 2: full-text search over contacts (SQLite FTS5).
-- Triggers keep the index in step with every write, whatever code makes it:
-- the contact itself, its tags, the name of its company.

CREATE VIEW "contact_search_source" AS
SELECT
    c."id" AS "id",
    c."name" AS "name",
    COALESCE(co."name", '') AS "company",
    (SELECT COALESCE(group_concat(e."value", ' '), '') FROM json_each(c."emails") AS e) AS "emails",
    (SELECT COALESCE(group_concat(p."value", ' '), '') FROM json_each(c."phones") AS p)
        || ' ' || c."whatsapp" AS "phones",
    (SELECT COALESCE(group_concat(t."name", ' '), '')
     FROM "contact_tag" AS ct JOIN "tag" AS t ON t."id" = ct."tag_id"
     WHERE ct."contact_id" = c."id") AS "tags",
    c."notes" AS "notes",
    c."location" || ' ' || c."address" AS "location"
FROM "contact" AS c
LEFT JOIN "company" AS co ON co."id" = c."company_id";

CREATE VIRTUAL TABLE "contact_search" USING fts5(
    "name", "company", "emails", "phones", "tags", "notes", "location",
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);

INSERT INTO "contact_search" ("rowid", "name", "company", "emails", "phones", "tags", "notes", "location")
SELECT "id", "name", "company", "emails", "phones", "tags", "notes", "location" FROM "contact_search_source";

CREATE TRIGGER "contact_search_insert" AFTER INSERT ON "contact" BEGIN
    INSERT INTO "contact_search" ("rowid", "name", "company", "emails", "phones", "tags", "notes", "location")
    SELECT "id", "name", "company", "emails", "phones", "tags", "notes", "location"
    FROM "contact_search_source" WHERE "id" = NEW."id";
END;

CREATE TRIGGER "contact_search_update" AFTER UPDATE OF
    "name", "company_id", "emails", "phones", "whatsapp", "notes", "location", "address" ON "contact"
BEGIN
    DELETE FROM "contact_search" WHERE "rowid" = OLD."id";
    INSERT INTO "contact_search" ("rowid", "name", "company", "emails", "phones", "tags", "notes", "location")
    SELECT "id", "name", "company", "emails", "phones", "tags", "notes", "location"
    FROM "contact_search_source" WHERE "id" = NEW."id";
END;

CREATE TRIGGER "contact_search_delete" AFTER DELETE ON "contact" BEGIN
    DELETE FROM "contact_search" WHERE "rowid" = OLD."id";
END;

CREATE TRIGGER "contact_search_tag_added" AFTER INSERT ON "contact_tag" BEGIN
    DELETE FROM "contact_search" WHERE "rowid" = NEW."contact_id";
    INSERT INTO "contact_search" ("rowid", "name", "company", "emails", "phones", "tags", "notes", "location")
    SELECT "id", "name", "company", "emails", "phones", "tags", "notes", "location"
    FROM "contact_search_source" WHERE "id" = NEW."contact_id";
END;

CREATE TRIGGER "contact_search_tag_removed" AFTER DELETE ON "contact_tag" BEGIN
    DELETE FROM "contact_search" WHERE "rowid" = OLD."contact_id";
    INSERT INTO "contact_search" ("rowid", "name", "company", "emails", "phones", "tags", "notes", "location")
    SELECT "id", "name", "company", "emails", "phones", "tags", "notes", "location"
    FROM "contact_search_source" WHERE "id" = OLD."contact_id";
END;

CREATE TRIGGER "contact_search_tag_renamed" AFTER UPDATE OF "name" ON "tag" BEGIN
    DELETE FROM "contact_search"
    WHERE "rowid" IN (SELECT "contact_id" FROM "contact_tag" WHERE "tag_id" = NEW."id");
    INSERT INTO "contact_search" ("rowid", "name", "company", "emails", "phones", "tags", "notes", "location")
    SELECT "id", "name", "company", "emails", "phones", "tags", "notes", "location"
    FROM "contact_search_source"
    WHERE "id" IN (SELECT "contact_id" FROM "contact_tag" WHERE "tag_id" = NEW."id");
END;

CREATE TRIGGER "contact_search_company_renamed" AFTER UPDATE OF "name" ON "company" BEGIN
    DELETE FROM "contact_search"
    WHERE "rowid" IN (SELECT "id" FROM "contact" WHERE "company_id" = NEW."id");
    INSERT INTO "contact_search" ("rowid", "name", "company", "emails", "phones", "tags", "notes", "location")
    SELECT "id", "name", "company", "emails", "phones", "tags", "notes", "location"
    FROM "contact_search_source"
    WHERE "id" IN (SELECT "id" FROM "contact" WHERE "company_id" = NEW."id");
END;
