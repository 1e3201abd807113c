-- Schema version 7 (PostgreSQL twin of sqlite/0007): indexes for the dashboard's statistics and the daily suggestion at 100,000 contacts and 1,000,000 interactions.

-- Meetings per medium over a period: one index range per medium, counted without reading a row.
CREATE INDEX "interaction_owner_id_medium_occurred_at" ON "interaction" ("owner_id", "medium", "occurred_at");

-- Pending follow-ups (not done), with the contact to leave archived ones out: small, and covering.
CREATE INDEX "interaction_pending_follow_up" ON "interaction" ("owner_id", "follow_up_on", "contact_id", "follow_up_done_at")
    WHERE "follow_up_on" IS NOT NULL AND "follow_up_done_at" IS NULL;

-- When each active contact was last contacted (or added, if never): "needs attention" counts a range
-- of it, and the daily suggestion's overdue ratio reads cadence, relationship and VIP from it too.
CREATE INDEX "contact_owner_id_since" ON "contact" ("owner_id", "active", "archived",
    COALESCE("last_contacted_at", "created_at"), "cadence_days", "relationship", "vip");
