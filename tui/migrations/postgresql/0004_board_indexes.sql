-- Schema version 4 (PostgreSQL twin of sqlite/0004): indexes for the pipeline board. The board reads each stage's newest cards and every stage's totals. With the stage's moment in
-- the index a page is read straight from it (no sort of the whole stage), and the totals come from an
-- index that holds every column they need, without visiting the table.

DROP INDEX "deal_owner_id_archived_stage";
CREATE INDEX "deal_owner_id_archived_stage_stage_changed_at" ON "deal" ("owner_id", "archived", "stage", "stage_changed_at");
CREATE INDEX "deal_owner_id_archived_stage_currency_value_milli" ON "deal" ("owner_id", "archived", "stage", "currency", "value_milli");
