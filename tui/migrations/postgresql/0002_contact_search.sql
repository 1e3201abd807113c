-- Schema version 2 (PostgreSQL twin of sqlite/0002): full-text search over contacts.
-- One tsvector per contact in "contact_search", kept in step with every write by triggers, whatever code
-- makes it: the contact itself, its tags, the name of its company. Words are split at anything not a
-- letter or digit and folded to lower case without accents, as SQLite's unicode61 tokenizer does, so a
-- search finds the same contacts on both engines. unaccent is a trusted extension: the database's owner
-- may create it. Letters are told apart by ICU's rules ("und-x-icu"), not the database's locale: under
-- the C locale [:alnum:] and lower() know only ASCII, and Cyrillic or Chinese names would vanish.

CREATE EXTENSION IF NOT EXISTS "unaccent";

-- The words of a text as the index keeps them: lower case, no accents, separated by one space.
CREATE FUNCTION "crm_search_words"(text) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT trim(regexp_replace(lower(unaccent($1) COLLATE "und-x-icu"), '[^[:alnum:]]+', ' ', 'g'))
$$;

CREATE FUNCTION "crm_search_document"(text) RETURNS tsvector LANGUAGE sql STABLE AS $$
    SELECT to_tsvector('simple', "crm_search_words"($1))
$$;

-- What a user typed as a query: every word must start a word of the document (NULL when there is none).
CREATE FUNCTION "crm_search_query"(text) RETURNS tsquery LANGUAGE sql STABLE AS $$
    SELECT to_tsquery('simple', string_agg(quote_literal(word) || ':*', ' & '))
    FROM regexp_split_to_table("crm_search_words"($1), ' ') AS word
    WHERE word <> ''
$$;

CREATE TABLE "contact_search" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "document" tsvector NOT NULL,
    FOREIGN KEY ("id") REFERENCES "contact" ("id") ON DELETE CASCADE DEFERRABLE
);
CREATE INDEX "contact_search_document" ON "contact_search" USING gin ("document");

-- A search filters the matching ids by owner and archived and counts them. SQLite's indexes carry the row
-- id, so its (owner_id, archived, sort_name) index answers that alone; here the id must be in the index
-- for the count to come from it rather than from every contact's row.
CREATE INDEX "contact_owner_id_archived_id" ON "contact" ("owner_id", "archived", "id");

-- The searchable text of the contacts `ids`, written into the index (or removed for contacts now gone).
CREATE FUNCTION "contact_search_refresh"(ids integer[]) RETURNS void LANGUAGE sql AS $$
    DELETE FROM "contact_search" WHERE "id" = ANY(ids) AND "id" NOT IN (SELECT "id" FROM "contact" WHERE "id" = ANY(ids));
    INSERT INTO "contact_search" ("id", "document")
    SELECT c."id", "crm_search_document"(concat_ws(' ',
        c."name",
        co."name",
        (SELECT string_agg(e, ' ') FROM jsonb_array_elements_text(c."emails") AS e),
        (SELECT string_agg(p, ' ') FROM jsonb_array_elements_text(c."phones") AS p),
        c."whatsapp",
        (SELECT string_agg(t."name", ' ') FROM "contact_tag" AS ct JOIN "tag" AS t ON t."id" = ct."tag_id"
         WHERE ct."contact_id" = c."id"),
        c."notes",
        c."location",
        c."address"))
    FROM "contact" AS c LEFT JOIN "company" AS co ON co."id" = c."company_id"
    WHERE c."id" = ANY(ids)
    ON CONFLICT ("id") DO UPDATE SET "document" = EXCLUDED."document";
$$;

INSERT INTO "contact_search" ("id", "document") SELECT "id", to_tsvector('simple', '') FROM "contact";
SELECT "contact_search_refresh"(ARRAY(SELECT "id" FROM "contact"));

CREATE FUNCTION "contact_search_on_contact"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM "contact_search_refresh"(ARRAY[NEW."id"]);
    RETURN NULL;
END;
$$;
CREATE TRIGGER "contact_search_insert" AFTER INSERT ON "contact"
FOR EACH ROW EXECUTE FUNCTION "contact_search_on_contact"();
CREATE TRIGGER "contact_search_update" AFTER UPDATE OF
    "name", "company_id", "emails", "phones", "whatsapp", "notes", "location", "address" ON "contact"
FOR EACH ROW EXECUTE FUNCTION "contact_search_on_contact"();

CREATE FUNCTION "contact_search_on_tag_link"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM "contact_search_refresh"(ARRAY[OLD."contact_id"]);
    ELSE
        PERFORM "contact_search_refresh"(ARRAY[NEW."contact_id"]);
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER "contact_search_tag_added" AFTER INSERT ON "contact_tag"
FOR EACH ROW EXECUTE FUNCTION "contact_search_on_tag_link"();
CREATE TRIGGER "contact_search_tag_removed" AFTER DELETE ON "contact_tag"
FOR EACH ROW EXECUTE FUNCTION "contact_search_on_tag_link"();

-- A renamed tag or company: every contact carrying that name is written again.
CREATE FUNCTION "contact_search_on_renamed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'tag' THEN
        PERFORM "contact_search_refresh"(ARRAY(SELECT "contact_id" FROM "contact_tag" WHERE "tag_id" = NEW."id"));
    ELSE
        PERFORM "contact_search_refresh"(ARRAY(SELECT "id" FROM "contact" WHERE "company_id" = NEW."id"));
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER "contact_search_tag_renamed" AFTER UPDATE OF "name" ON "tag"
FOR EACH ROW EXECUTE FUNCTION "contact_search_on_renamed"();
CREATE TRIGGER "contact_search_company_renamed" AFTER UPDATE OF "name" ON "company"
FOR EACH ROW EXECUTE FUNCTION "contact_search_on_renamed"();
