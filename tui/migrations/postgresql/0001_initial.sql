-- Schema version 1 (PostgreSQL twin of sqlite/0001): every table of the data model, its indexes and the
-- active-product rule. Booleans are BOOLEAN, JSON is JSONB, moments are TIMESTAMP (naive UTC, as on SQLite),
-- amounts BIGINT (SQLite's integers have 64 bits);
-- foreign keys are DEFERRABLE so a bulk insert may check them at commit, as SQLite's defer_foreign_keys does.
-- Frozen: a later change is a new numbered file, never an edit of this one.

CREATE TABLE "user" (
    "id" SERIAL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "timezone" TEXT NOT NULL,
    "settings" JSONB NOT NULL,
    "failed_logins" INTEGER NOT NULL,
    "last_failed_login_at" TIMESTAMP,
    "reminders_planned_on" TEXT,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX "user_email" ON "user" ("email");

CREATE TABLE "session" (
    "id" SERIAL PRIMARY KEY,
    "user_id" INTEGER NOT NULL,
    "token_hash" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "last_used_at" TIMESTAMP NOT NULL,
    "expires_at" TIMESTAMP NOT NULL,
    FOREIGN KEY ("user_id") REFERENCES "user" ("id") ON DELETE CASCADE DEFERRABLE
);
CREATE INDEX "session_user_id" ON "session" ("user_id");
CREATE UNIQUE INDEX "session_token_hash" ON "session" ("token_hash");
CREATE INDEX "session_expires_at" ON "session" ("expires_at");

CREATE TABLE "password_reset" (
    "id" SERIAL PRIMARY KEY,
    "user_id" INTEGER NOT NULL,
    "token_hash" TEXT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "expires_at" TIMESTAMP NOT NULL,
    "used_at" TIMESTAMP,
    FOREIGN KEY ("user_id") REFERENCES "user" ("id") ON DELETE CASCADE DEFERRABLE
);
CREATE INDEX "password_reset_user_id" ON "password_reset" ("user_id");
CREATE UNIQUE INDEX "password_reset_token_hash" ON "password_reset" ("token_hash");

CREATE TABLE "company" (
    "id" SERIAL PRIMARY KEY,
    "owner_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "industry" TEXT NOT NULL,
    "notes" TEXT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    FOREIGN KEY ("owner_id") REFERENCES "user" ("id") ON DELETE CASCADE DEFERRABLE
);
CREATE INDEX "company_owner_id" ON "company" ("owner_id");
CREATE UNIQUE INDEX "company_owner_id_name" ON "company" ("owner_id", "name");

CREATE TABLE "contact" (
    "id" SERIAL PRIMARY KEY,
    "owner_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "sort_name" TEXT NOT NULL DEFAULT '',
    "emails" JSONB NOT NULL,
    "phones" JSONB NOT NULL,
    "whatsapp" TEXT NOT NULL,
    "instagram" TEXT NOT NULL,
    "company_id" INTEGER,
    "title" TEXT NOT NULL,
    "relationship" TEXT NOT NULL,
    "industry" TEXT NOT NULL,
    "location" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "notes" TEXT NOT NULL,
    "birthday" TEXT,
    "birthday_md" TEXT,
    "anniversary" TEXT,
    "anniversary_md" TEXT,
    "picture_url" TEXT NOT NULL,
    "vip" BOOLEAN NOT NULL,
    "active" BOOLEAN NOT NULL,
    "archived" BOOLEAN NOT NULL,
    "cadence_days" INTEGER CHECK (cadence_days IS NULL OR cadence_days > 0),
    "last_contacted_at" TIMESTAMP,
    "external_id" TEXT,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    FOREIGN KEY ("owner_id") REFERENCES "user" ("id") ON DELETE CASCADE DEFERRABLE,
    FOREIGN KEY ("company_id") REFERENCES "company" ("id") ON DELETE SET NULL DEFERRABLE
);
CREATE INDEX "contact_owner_id" ON "contact" ("owner_id");
CREATE INDEX "contact_company_id" ON "contact" ("company_id");
CREATE INDEX "contact_owner_id_archived_sort_name" ON "contact" ("owner_id", "archived", "sort_name");
CREATE INDEX "contact_owner_id_last_contacted_at" ON "contact" ("owner_id", "last_contacted_at");
CREATE INDEX "contact_owner_id_birthday_md" ON "contact" ("owner_id", "birthday_md");
CREATE INDEX "contact_owner_id_anniversary_md" ON "contact" ("owner_id", "anniversary_md");
CREATE INDEX "contact_owner_id_vip" ON "contact" ("owner_id", "vip");
CREATE INDEX "contact_owner_id_created_at" ON "contact" ("owner_id", "created_at");
CREATE INDEX "contact_owner_id_external_id" ON "contact" ("owner_id", "external_id");

CREATE TABLE "tag" (
    "id" SERIAL PRIMARY KEY,
    "owner_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    FOREIGN KEY ("owner_id") REFERENCES "user" ("id") ON DELETE CASCADE DEFERRABLE
);
CREATE INDEX "tag_owner_id" ON "tag" ("owner_id");
CREATE UNIQUE INDEX "tag_owner_id_name" ON "tag" ("owner_id", "name");

CREATE TABLE "contact_tag" (
    "contact_id" INTEGER NOT NULL,
    "tag_id" INTEGER NOT NULL,
    PRIMARY KEY ("contact_id", "tag_id"),
    FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE CASCADE DEFERRABLE,
    FOREIGN KEY ("tag_id") REFERENCES "tag" ("id") ON DELETE CASCADE DEFERRABLE
);
CREATE INDEX "contact_tag_contact_id" ON "contact_tag" ("contact_id");
CREATE INDEX "contact_tag_tag_id" ON "contact_tag" ("tag_id");

CREATE TABLE "option_value" (
    "id" SERIAL PRIMARY KEY,
    "owner_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL CHECK (kind IN ('relationship', 'industry', 'source')),
    "value" TEXT NOT NULL,
    FOREIGN KEY ("owner_id") REFERENCES "user" ("id") ON DELETE CASCADE DEFERRABLE
);
CREATE INDEX "option_value_owner_id" ON "option_value" ("owner_id");
CREATE UNIQUE INDEX "option_value_owner_id_kind_value" ON "option_value" ("owner_id", "kind", "value");

CREATE TABLE "background" (
    "id" SERIAL PRIMARY KEY,
    "contact_id" INTEGER NOT NULL,
    "family" TEXT NOT NULL,
    "company" TEXT NOT NULL,
    "likes_dislikes" TEXT NOT NULL,
    "misc_notes" TEXT NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE CASCADE DEFERRABLE
);
CREATE UNIQUE INDEX "background_contact_id" ON "background" ("contact_id");

CREATE TABLE "contact_info" (
    "id" SERIAL PRIMARY KEY,
    "contact_id" INTEGER NOT NULL,
    "main_app" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "phone" TEXT NOT NULL,
    "social_links" JSONB NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE CASCADE DEFERRABLE
);
CREATE UNIQUE INDEX "contact_info_contact_id" ON "contact_info" ("contact_id");

CREATE TABLE "interaction" (
    "id" SERIAL PRIMARY KEY,
    "owner_id" INTEGER NOT NULL,
    "contact_id" INTEGER NOT NULL,
    "author_id" INTEGER,
    "occurred_at" TIMESTAMP NOT NULL,
    "medium" TEXT NOT NULL CHECK (medium IN ('phone', 'whatsapp', 'email', 'sms', 'in_person', 'video', 'instagram_dm', 'chat', 'other')),
    "type" TEXT NOT NULL,
    "notes" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "follow_up_on" TEXT,
    "follow_up_done_at" TIMESTAMP,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    FOREIGN KEY ("owner_id") REFERENCES "user" ("id") ON DELETE CASCADE DEFERRABLE,
    FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE CASCADE DEFERRABLE,
    FOREIGN KEY ("author_id") REFERENCES "user" ("id") ON DELETE SET NULL DEFERRABLE
);
CREATE INDEX "interaction_owner_id" ON "interaction" ("owner_id");
CREATE INDEX "interaction_contact_id" ON "interaction" ("contact_id");
CREATE INDEX "interaction_author_id" ON "interaction" ("author_id");
CREATE INDEX "interaction_owner_id_occurred_at" ON "interaction" ("owner_id", "occurred_at");
CREATE INDEX "interaction_contact_id_occurred_at" ON "interaction" ("contact_id", "occurred_at");
CREATE INDEX "interaction_owner_id_follow_up_on" ON "interaction" ("owner_id", "follow_up_on");

CREATE TABLE "reminder" (
    "id" SERIAL PRIMARY KEY,
    "user_id" INTEGER NOT NULL,
    "contact_id" INTEGER,
    "interaction_id" INTEGER,
    "kind" TEXT NOT NULL CHECK (kind IN ('birthday', 'anniversary', 'follow_up', 'no_contact', 'custom')),
    "occurrence" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "due_at" TIMESTAMP NOT NULL,
    "status" TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'snoozed', 'done', 'dismissed')),
    "round" INTEGER NOT NULL DEFAULT 0,
    "snoozed_until" TIMESTAMP,
    "claimed_by" TEXT,
    "claimed_at" TIMESTAMP,
    "sent_at" TIMESTAMP,
    "closed_at" TIMESTAMP,
    "created_at" TIMESTAMP NOT NULL,
    FOREIGN KEY ("user_id") REFERENCES "user" ("id") ON DELETE CASCADE DEFERRABLE,
    FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE CASCADE DEFERRABLE,
    FOREIGN KEY ("interaction_id") REFERENCES "interaction" ("id") ON DELETE CASCADE DEFERRABLE
);
CREATE INDEX "reminder_user_id" ON "reminder" ("user_id");
CREATE INDEX "reminder_contact_id" ON "reminder" ("contact_id");
CREATE INDEX "reminder_interaction_id" ON "reminder" ("interaction_id");
CREATE UNIQUE INDEX "reminder_user_id_contact_id_kind_occurrence" ON "reminder" ("user_id", "contact_id", "kind", "occurrence");
CREATE INDEX "reminder_status_due_at" ON "reminder" ("status", "due_at");
CREATE INDEX "reminder_user_id_status_due_at" ON "reminder" ("user_id", "status", "due_at");

CREATE TABLE "delivery" (
    "id" SERIAL PRIMARY KEY,
    "reminder_id" INTEGER NOT NULL,
    "channel" TEXT NOT NULL CHECK (channel IN ('desktop', 'terminal', 'email', 'inapp')),
    "round" INTEGER NOT NULL DEFAULT 0,
    "delivered_at" TIMESTAMP,
    "error" TEXT NOT NULL,
    "attempted_at" TIMESTAMP NOT NULL,
    FOREIGN KEY ("reminder_id") REFERENCES "reminder" ("id") ON DELETE CASCADE DEFERRABLE
);
CREATE INDEX "delivery_reminder_id" ON "delivery" ("reminder_id");
CREATE UNIQUE INDEX "delivery_reminder_id_channel_round" ON "delivery" ("reminder_id", "channel", "round");

CREATE TABLE "suggestion" (
    "id" SERIAL PRIMARY KEY,
    "user_id" INTEGER NOT NULL,
    "contact_id" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "status" TEXT NOT NULL CHECK (status IN ('sent', 'initiated', 'done')),
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    FOREIGN KEY ("user_id") REFERENCES "user" ("id") ON DELETE CASCADE DEFERRABLE,
    FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE CASCADE DEFERRABLE
);
CREATE INDEX "suggestion_user_id" ON "suggestion" ("user_id");
CREATE INDEX "suggestion_contact_id" ON "suggestion" ("contact_id");
CREATE UNIQUE INDEX "suggestion_user_id_day" ON "suggestion" ("user_id", "day");
CREATE INDEX "suggestion_contact_id_day" ON "suggestion" ("contact_id", "day");

CREATE TABLE "share" (
    "id" SERIAL PRIMARY KEY,
    "contact_id" INTEGER NOT NULL,
    "owner_id" INTEGER NOT NULL,
    "recipient_id" INTEGER NOT NULL,
    "permission" TEXT NOT NULL CHECK (permission IN ('view', 'view_add')),
    "expires_at" TIMESTAMP,
    "note" TEXT NOT NULL,
    "notified_at" TIMESTAMP,
    "created_at" TIMESTAMP NOT NULL,
    FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE CASCADE DEFERRABLE,
    FOREIGN KEY ("owner_id") REFERENCES "user" ("id") ON DELETE CASCADE DEFERRABLE,
    FOREIGN KEY ("recipient_id") REFERENCES "user" ("id") ON DELETE CASCADE DEFERRABLE,
    CHECK (owner_id <> recipient_id)
);
CREATE INDEX "share_contact_id" ON "share" ("contact_id");
CREATE INDEX "share_owner_id" ON "share" ("owner_id");
CREATE INDEX "share_recipient_id" ON "share" ("recipient_id");
CREATE UNIQUE INDEX "share_contact_id_recipient_id" ON "share" ("contact_id", "recipient_id");
CREATE INDEX "share_recipient_id_expires_at" ON "share" ("recipient_id", "expires_at");

CREATE TABLE "message_template" (
    "id" SERIAL PRIMARY KEY,
    "user_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL CHECK (kind IN ('followup', 'birthday', 'anniversary', 'custom')),
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    FOREIGN KEY ("user_id") REFERENCES "user" ("id") ON DELETE CASCADE DEFERRABLE
);
CREATE INDEX "message_template_user_id" ON "message_template" ("user_id");
CREATE UNIQUE INDEX "message_template_user_id_name" ON "message_template" ("user_id", "name");

CREATE TABLE "product" (
    "id" SERIAL PRIMARY KEY,
    "owner_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "is_active" BOOLEAN NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    FOREIGN KEY ("owner_id") REFERENCES "user" ("id") ON DELETE CASCADE DEFERRABLE
);
CREATE INDEX "product_owner_id" ON "product" ("owner_id");
CREATE INDEX "product_owner_id_is_active" ON "product" ("owner_id", "is_active");

CREATE TABLE "deal" (
    "id" SERIAL PRIMARY KEY,
    "owner_id" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "contact_id" INTEGER NOT NULL,
    "company_id" INTEGER,
    "product_id" INTEGER,
    "stage" TEXT NOT NULL CHECK (stage IN ('lead', 'qualified', 'proposal', 'negotiation', 'closed_won', 'closed_lost')),
    "value_milli" BIGINT NOT NULL CHECK (value_milli >= 0),  -- SQLite's INTEGER is 64 bits: so is this
    "currency" TEXT NOT NULL CHECK (length(currency) = 3),
    "source" TEXT NOT NULL,
    "assignee" TEXT NOT NULL,
    "expected_close_on" TEXT,
    "archived" BOOLEAN NOT NULL,
    "stage_changed_at" TIMESTAMP NOT NULL,
    "closed_at" TIMESTAMP,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    FOREIGN KEY ("owner_id") REFERENCES "user" ("id") ON DELETE CASCADE DEFERRABLE,
    FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE CASCADE DEFERRABLE,
    FOREIGN KEY ("company_id") REFERENCES "company" ("id") ON DELETE SET NULL DEFERRABLE,
    FOREIGN KEY ("product_id") REFERENCES "product" ("id") ON DELETE SET NULL DEFERRABLE
);
CREATE INDEX "deal_owner_id" ON "deal" ("owner_id");
CREATE INDEX "deal_contact_id" ON "deal" ("contact_id");
CREATE INDEX "deal_company_id" ON "deal" ("company_id");
CREATE INDEX "deal_product_id" ON "deal" ("product_id");
CREATE INDEX "deal_owner_id_archived_stage" ON "deal" ("owner_id", "archived", "stage");

CREATE TABLE "deal_stage_history" (
    "id" SERIAL PRIMARY KEY,
    "deal_id" INTEGER NOT NULL,
    "from_stage" TEXT CHECK (from_stage IS NULL OR from_stage IN ('lead', 'qualified', 'proposal', 'negotiation', 'closed_won', 'closed_lost')),
    "to_stage" TEXT NOT NULL CHECK (to_stage IN ('lead', 'qualified', 'proposal', 'negotiation', 'closed_won', 'closed_lost')),
    "changed_at" TIMESTAMP NOT NULL,
    "changed_by_id" INTEGER,
    FOREIGN KEY ("deal_id") REFERENCES "deal" ("id") ON DELETE CASCADE DEFERRABLE,
    FOREIGN KEY ("changed_by_id") REFERENCES "user" ("id") ON DELETE SET NULL DEFERRABLE
);
CREATE INDEX "deal_stage_history_deal_id" ON "deal_stage_history" ("deal_id");
CREATE INDEX "deal_stage_history_changed_by_id" ON "deal_stage_history" ("changed_by_id");
CREATE INDEX "deal_stage_history_deal_id_changed_at" ON "deal_stage_history" ("deal_id", "changed_at");

CREATE TABLE "task" (
    "id" SERIAL PRIMARY KEY,
    "owner_id" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "notes" TEXT NOT NULL,
    "due_on" TEXT,
    "done_at" TIMESTAMP,
    "contact_id" INTEGER,
    "deal_id" INTEGER,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    FOREIGN KEY ("owner_id") REFERENCES "user" ("id") ON DELETE CASCADE DEFERRABLE,
    FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE CASCADE DEFERRABLE,
    FOREIGN KEY ("deal_id") REFERENCES "deal" ("id") ON DELETE CASCADE DEFERRABLE
);
CREATE INDEX "task_owner_id" ON "task" ("owner_id");
CREATE INDEX "task_contact_id" ON "task" ("contact_id");
CREATE INDEX "task_deal_id" ON "task" ("deal_id");
CREATE INDEX "task_owner_id_done_at_due_on" ON "task" ("owner_id", "done_at", "due_on");

CREATE TABLE "custom_field" (
    "id" SERIAL PRIMARY KEY,
    "owner_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL CHECK (kind IN ('text', 'number', 'date', 'choice')),
    "choices" JSONB NOT NULL,
    "position" INTEGER NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    FOREIGN KEY ("owner_id") REFERENCES "user" ("id") ON DELETE CASCADE DEFERRABLE
);
CREATE INDEX "custom_field_owner_id" ON "custom_field" ("owner_id");
CREATE UNIQUE INDEX "custom_field_owner_id_name" ON "custom_field" ("owner_id", "name");

CREATE TABLE "custom_field_value" (
    "id" SERIAL PRIMARY KEY,
    "field_id" INTEGER NOT NULL,
    "contact_id" INTEGER NOT NULL,
    "value" TEXT NOT NULL,
    FOREIGN KEY ("field_id") REFERENCES "custom_field" ("id") ON DELETE CASCADE DEFERRABLE,
    FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE CASCADE DEFERRABLE
);
CREATE INDEX "custom_field_value_field_id" ON "custom_field_value" ("field_id");
CREATE INDEX "custom_field_value_contact_id" ON "custom_field_value" ("contact_id");
CREATE UNIQUE INDEX "custom_field_value_contact_id_field_id" ON "custom_field_value" ("contact_id", "field_id");

CREATE TABLE "audit_log" (
    "id" SERIAL PRIMARY KEY,
    "owner_id" INTEGER NOT NULL,
    "actor_id" INTEGER,
    "table_name" TEXT NOT NULL,
    "record_id" INTEGER NOT NULL,
    "contact_id" INTEGER,
    "action" TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'merge', 'restore')),
    "old_values" JSONB,
    "new_values" JSONB,
    "created_at" TIMESTAMP NOT NULL,
    FOREIGN KEY ("owner_id") REFERENCES "user" ("id") ON DELETE CASCADE DEFERRABLE,
    FOREIGN KEY ("actor_id") REFERENCES "user" ("id") ON DELETE SET NULL DEFERRABLE
);
CREATE INDEX "audit_log_owner_id" ON "audit_log" ("owner_id");
CREATE INDEX "audit_log_actor_id" ON "audit_log" ("actor_id");
CREATE INDEX "audit_log_owner_id_contact_id_created_at" ON "audit_log" ("owner_id", "contact_id", "created_at");
CREATE INDEX "audit_log_table_name_record_id" ON "audit_log" ("table_name", "record_id");
-- Seed 001: at most 3 active products (per owner: every account is independent). The owner's row is
-- locked first, so two transactions activating products of one owner at once count one after the other.
CREATE FUNCTION "product_active_limit"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW."is_active" THEN
        PERFORM 1 FROM "user" WHERE "id" = NEW."owner_id" FOR UPDATE;
        IF (SELECT COUNT(*) FROM "product"
            WHERE "owner_id" = NEW."owner_id" AND "is_active" AND "id" <> NEW."id") >= 3 THEN
            RAISE EXCEPTION 'at most 3 active products' USING ERRCODE = 'check_violation';
        END IF;
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER "product_active_limit_insert" BEFORE INSERT ON "product"
FOR EACH ROW EXECUTE FUNCTION "product_active_limit"();

CREATE TRIGGER "product_active_limit_update" BEFORE UPDATE OF "is_active", "owner_id" ON "product"
FOR EACH ROW EXECUTE FUNCTION "product_active_limit"();
