"""The Peewee models: every table of the data model, bound to one database proxy.

The schema itself is created and upgraded by the ordered migrations in
`tui.migrations`; these classes describe it for queries. A test checks that the
two never drift apart.

Conventions:
- moments are stored as naive UTC datetimes (`*_at` columns);
- calendar dates are `YYYY-MM-DD` text; a yearless birthday or anniversary is
  `--MM-DD`, with its month-day copied to an indexed `*_md` column (`MM-DD`);
- every row of user data is reachable from its owner (`owner` / `user`);
- enumerations are CHECK constraints, listed once here as tuples.
"""

from __future__ import annotations

from peewee import (
    SQL,
    AutoField,
    BooleanField,
    Check,
    CompositeKey,
    DatabaseProxy,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    JSONField,
    Model,
    TextField,
)

database = DatabaseProxy()

MEDIUMS = ("phone", "whatsapp", "email", "sms", "in_person", "video", "instagram_dm", "chat", "other")
REMINDER_KINDS = ("birthday", "anniversary", "follow_up", "no_contact", "custom")
REMINDER_STATUSES = ("pending", "sent", "snoozed", "done", "dismissed")
SUGGESTION_STATUSES = ("sent", "initiated", "done")
SHARE_PERMISSIONS = ("view", "view_add")
TEMPLATE_KINDS = ("followup", "birthday", "anniversary", "custom")
DEAL_STAGES = ("lead", "qualified", "proposal", "negotiation", "closed_won", "closed_lost")
CUSTOM_FIELD_KINDS = ("text", "number", "date", "choice")
CHANNELS = ("desktop", "terminal", "email", "inapp")
AUDIT_ACTIONS = ("create", "update", "delete", "merge", "restore")
OPTION_KINDS = ("relationship", "industry", "source")


def one_of(column: str, values: tuple[str, ...]) -> SQL:
    """A CHECK constraint that keeps `column` inside an enumeration."""
    quoted = ", ".join(f"'{value}'" for value in values)
    return Check(f"{column} IN ({quoted})")


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False


class SchemaVersion(BaseModel):
    """One row per applied migration; the highest version is the schema's."""

    version = IntegerField(primary_key=True)
    description = TextField()
    applied_at = DateTimeField()


class User(BaseModel):
    id = AutoField()
    email = TextField(unique=True)  # stored lower-cased
    name = TextField()
    password_hash = TextField()
    timezone = TextField()
    settings = JSONField(default=dict)  # only the values that differ from the defaults
    failed_logins = IntegerField(default=0)
    last_failed_login_at = DateTimeField(null=True)
    reminders_planned_on = TextField(null=True)  # the last local day whose reminders were planned
    created_at = DateTimeField()
    updated_at = DateTimeField()


class Session(BaseModel):
    """A remembered login: only the token's hash is stored."""

    id = AutoField()
    user = ForeignKeyField(User, backref="sessions", on_delete="CASCADE")
    token_hash = TextField(unique=True)
    label = TextField(default="")  # host name and terminal, to tell sessions apart
    created_at = DateTimeField()
    last_used_at = DateTimeField()
    expires_at = DateTimeField(index=True)


class PasswordReset(BaseModel):
    """A one-time password reset token, stored hashed."""

    id = AutoField()
    user = ForeignKeyField(User, backref="password_resets", on_delete="CASCADE")
    token_hash = TextField(unique=True)
    created_at = DateTimeField()
    expires_at = DateTimeField()
    used_at = DateTimeField(null=True)


class LoginThrottle(BaseModel):
    """Failed logins per typed address (its SHA-256), known account or not, so the delay tells nothing."""

    address_hash = TextField(primary_key=True)
    failures = IntegerField()
    last_failed_at = DateTimeField(index=True)


class Company(BaseModel):
    id = AutoField()
    owner = ForeignKeyField(User, backref="companies", on_delete="CASCADE")
    name = TextField()
    domain = TextField(default="")
    industry = TextField(default="")
    notes = TextField(default="")
    created_at = DateTimeField()
    updated_at = DateTimeField()

    class Meta:
        indexes = ((("owner", "name"), True),)


class Contact(BaseModel):
    id = AutoField()
    owner = ForeignKeyField(User, backref="contacts", on_delete="CASCADE")
    name = TextField()
    sort_name = TextField(default="")  # the name folded for sorting: no case, no accents
    emails = JSONField(default=list)
    phones = JSONField(default=list)
    whatsapp = TextField(default="")
    instagram = TextField(default="")
    company = ForeignKeyField(Company, backref="contacts", null=True, on_delete="SET NULL")
    title = TextField(default="")  # job title
    relationship = TextField(default="")
    industry = TextField(default="")
    location = TextField(default="")
    address = TextField(default="")
    notes = TextField(default="")
    birthday = TextField(null=True)  # YYYY-MM-DD or --MM-DD
    birthday_md = TextField(null=True)  # MM-DD, indexed for "birthdays in the next days"
    anniversary = TextField(null=True)
    anniversary_md = TextField(null=True)
    picture_url = TextField(default="")
    vip = BooleanField(default=False)
    active = BooleanField(default=True)
    archived = BooleanField(default=False)
    cadence_days = IntegerField(null=True, constraints=[Check("cadence_days IS NULL OR cadence_days > 0")])
    last_contacted_at = DateTimeField(null=True)
    external_id = TextField(null=True)  # vCard UID or import key, for idempotent imports
    created_at = DateTimeField()
    updated_at = DateTimeField()

    class Meta:
        indexes = (
            (("owner", "archived", "sort_name"), False),
            (("owner", "last_contacted_at"), False),
            (("owner", "birthday_md"), False),
            (("owner", "anniversary_md"), False),
            (("owner", "vip"), False),
            (("owner", "created_at"), False),
            (("owner", "external_id"), False),
        )


class Tag(BaseModel):
    id = AutoField()
    owner = ForeignKeyField(User, backref="tags", on_delete="CASCADE")
    name = TextField()

    class Meta:
        indexes = ((("owner", "name"), True),)


class ContactTag(BaseModel):
    contact = ForeignKeyField(Contact, backref="contact_tags", on_delete="CASCADE")
    tag = ForeignKeyField(Tag, backref="contact_tags", on_delete="CASCADE", index=True)

    class Meta:
        primary_key = CompositeKey("contact", "tag")


class OptionValue(BaseModel):
    """A user-added value offered beside the predefined ones (relationship, industry, source)."""

    id = AutoField()
    owner = ForeignKeyField(User, backref="option_values", on_delete="CASCADE")
    kind = TextField(constraints=[one_of("kind", OPTION_KINDS)])
    value = TextField()

    class Meta:
        indexes = ((("owner", "kind", "value"), True),)


class Background(BaseModel):
    """VIP background (seed 000); kept when VIP is switched off."""

    id = AutoField()
    contact = ForeignKeyField(Contact, backref="backgrounds", unique=True, on_delete="CASCADE")
    family = TextField(default="")
    company = TextField(default="")
    likes_dislikes = TextField(default="")
    misc_notes = TextField(default="")
    updated_at = DateTimeField()


class ContactInfo(BaseModel):
    """VIP contact channels (seed 000); kept when VIP is switched off."""

    id = AutoField()
    contact = ForeignKeyField(Contact, backref="contact_infos", unique=True, on_delete="CASCADE")
    main_app = TextField(default="")
    email = TextField(default="")
    phone = TextField(default="")
    social_links = JSONField(default=list)
    updated_at = DateTimeField()


class Interaction(BaseModel):
    """A meeting or message with a contact.

    `owner` is the contact's owner (copied for fast per-user timelines);
    `author` is who logged it, which differs on a shared contact.
    """

    id = AutoField()
    owner = ForeignKeyField(User, backref="owned_interactions", on_delete="CASCADE")
    contact = ForeignKeyField(Contact, backref="interactions", on_delete="CASCADE")
    author = ForeignKeyField(User, backref="authored_interactions", null=True, on_delete="SET NULL")
    occurred_at = DateTimeField()
    medium = TextField(constraints=[one_of("medium", MEDIUMS)])
    type = TextField(default="")
    notes = TextField(default="")
    outcome = TextField(default="")
    follow_up_on = TextField(null=True)  # YYYY-MM-DD
    follow_up_done_at = DateTimeField(null=True)
    created_at = DateTimeField()
    updated_at = DateTimeField()

    class Meta:
        indexes = (
            (("owner", "occurred_at"), False),
            (("contact", "occurred_at"), False),
            (("owner", "follow_up_on"), False),
            (("owner", "medium", "occurred_at"), False),  # the dashboard's meetings per medium
        )


class Reminder(BaseModel):
    """One occurrence of something to remind the user of; stored once per occurrence."""

    id = AutoField()
    user = ForeignKeyField(User, backref="reminders", on_delete="CASCADE")
    contact = ForeignKeyField(Contact, backref="reminders", null=True, on_delete="CASCADE")
    interaction = ForeignKeyField(Interaction, backref="reminders", null=True, on_delete="CASCADE")
    kind = TextField(constraints=[one_of("kind", REMINDER_KINDS)])
    occurrence = TextField()  # what makes it unique: the date it is about, or the custom moment
    title = TextField(default="")
    due_at = DateTimeField()
    status = TextField(default="pending", constraints=[one_of("status", REMINDER_STATUSES)])
    round = IntegerField(default=0)  # raised by each snooze, so a snoozed reminder is delivered again
    snoozed_until = DateTimeField(null=True)
    claimed_by = TextField(null=True)  # the process that is delivering it
    claimed_at = DateTimeField(null=True)
    sent_at = DateTimeField(null=True)
    closed_at = DateTimeField(null=True)  # when it became done or dismissed
    created_at = DateTimeField()

    class Meta:
        indexes = (
            (("user", "contact", "kind", "occurrence"), True),
            (("status", "due_at"), False),
            (("user", "status", "due_at"), False),
        )


class Delivery(BaseModel):
    """A reminder delivered (or failed) on one channel, so nothing is sent twice."""

    id = AutoField()
    reminder = ForeignKeyField(Reminder, backref="deliveries", on_delete="CASCADE")
    channel = TextField(constraints=[one_of("channel", CHANNELS)])
    round = IntegerField(default=0)
    delivered_at = DateTimeField(null=True)
    error = TextField(default="")
    attempted_at = DateTimeField()

    class Meta:
        indexes = ((("reminder", "channel", "round"), True),)


class Suggestion(BaseModel):
    """The contact suggested on a day (seed 003): sent, then initiated, then done."""

    id = AutoField()
    user = ForeignKeyField(User, backref="suggestions", on_delete="CASCADE")
    contact = ForeignKeyField(Contact, backref="suggestions", on_delete="CASCADE")
    day = TextField()  # YYYY-MM-DD in the user's time zone
    status = TextField(default="sent", constraints=[one_of("status", SUGGESTION_STATUSES)])
    created_at = DateTimeField()
    updated_at = DateTimeField()

    class Meta:
        indexes = ((("user", "day"), True), (("contact", "day"), False))


class Share(BaseModel):
    id = AutoField()
    contact = ForeignKeyField(Contact, backref="shares", on_delete="CASCADE")
    owner = ForeignKeyField(User, backref="shares_given", on_delete="CASCADE")
    recipient = ForeignKeyField(User, backref="shares_received", on_delete="CASCADE")
    permission = TextField(default="view", constraints=[one_of("permission", SHARE_PERMISSIONS)])
    expires_at = DateTimeField(null=True)
    note = TextField(default="")
    notified_at = DateTimeField(null=True)  # when the recipient was told
    created_at = DateTimeField()

    class Meta:
        indexes = ((("contact", "recipient"), True), (("recipient", "expires_at"), False))
        constraints = [Check("owner_id <> recipient_id")]


class MessageTemplate(BaseModel):
    id = AutoField()
    user = ForeignKeyField(User, backref="templates", on_delete="CASCADE")
    name = TextField()
    kind = TextField(constraints=[one_of("kind", TEMPLATE_KINDS)])
    subject = TextField(default="")
    body = TextField()
    created_at = DateTimeField()
    updated_at = DateTimeField()

    class Meta:
        indexes = ((("user", "name"), True),)


class Product(BaseModel):
    """At most 3 active per owner: a trigger refuses the fourth (seed 001)."""

    id = AutoField()
    owner = ForeignKeyField(User, backref="products", on_delete="CASCADE")
    name = TextField()
    description = TextField(default="")
    is_active = BooleanField(default=True)
    created_at = DateTimeField()
    updated_at = DateTimeField()

    class Meta:
        indexes = ((("owner", "is_active"), False),)


class Deal(BaseModel):
    """A sale moving through the stages; `value_milli` is the amount times 1000."""

    id = AutoField()
    owner = ForeignKeyField(User, backref="deals", on_delete="CASCADE")
    title = TextField()
    contact = ForeignKeyField(Contact, backref="deals", on_delete="CASCADE")
    company = ForeignKeyField(Company, backref="deals", null=True, on_delete="SET NULL")
    product = ForeignKeyField(Product, backref="deals", null=True, on_delete="SET NULL")
    stage = TextField(default="lead", constraints=[one_of("stage", DEAL_STAGES)])
    value_milli = IntegerField(default=0, constraints=[Check("value_milli >= 0")])
    currency = TextField(default="EUR", constraints=[Check("length(currency) = 3")])
    source = TextField(default="")  # acquisition source
    assignee = TextField(default="")  # the salesperson responsible (seed 001's "owner")
    expected_close_on = TextField(null=True)
    archived = BooleanField(default=False)
    stage_changed_at = DateTimeField()
    closed_at = DateTimeField(null=True)
    created_at = DateTimeField()
    updated_at = DateTimeField()

    class Meta:
        indexes = (
            (("owner", "archived", "stage", "stage_changed_at"), False),  # a stage's newest cards
            (("owner", "archived", "stage", "currency", "value_milli"), False),  # the board's totals
        )


class DealStageHistory(BaseModel):
    id = AutoField()
    deal = ForeignKeyField(Deal, backref="stage_history", on_delete="CASCADE")
    from_stage = TextField(
        null=True,
        constraints=[
            Check("from_stage IS NULL OR from_stage IN (" + ", ".join(f"'{stage}'" for stage in DEAL_STAGES) + ")")
        ],
    )
    to_stage = TextField(constraints=[one_of("to_stage", DEAL_STAGES)])
    changed_at = DateTimeField()
    changed_by = ForeignKeyField(User, null=True, on_delete="SET NULL")

    class Meta:
        indexes = ((("deal", "changed_at"), False),)


class Task(BaseModel):
    id = AutoField()
    owner = ForeignKeyField(User, backref="tasks", on_delete="CASCADE")
    title = TextField()
    notes = TextField(default="")
    due_on = TextField(null=True)  # YYYY-MM-DD
    done_at = DateTimeField(null=True)
    contact = ForeignKeyField(Contact, backref="tasks", null=True, on_delete="CASCADE")
    deal = ForeignKeyField(Deal, backref="tasks", null=True, on_delete="CASCADE")
    created_at = DateTimeField()
    updated_at = DateTimeField()

    class Meta:
        indexes = ((("owner", "done_at", "due_on"), False),)


class CustomField(BaseModel):
    id = AutoField()
    owner = ForeignKeyField(User, backref="custom_fields", on_delete="CASCADE")
    name = TextField()
    kind = TextField(constraints=[one_of("kind", CUSTOM_FIELD_KINDS)])
    choices = JSONField(default=list)
    position = IntegerField(default=0)
    created_at = DateTimeField()

    class Meta:
        indexes = ((("owner", "name"), True),)


class CustomFieldValue(BaseModel):
    id = AutoField()
    field = ForeignKeyField(CustomField, backref="values", on_delete="CASCADE")
    contact = ForeignKeyField(Contact, backref="custom_values", on_delete="CASCADE")
    value = TextField()

    class Meta:
        indexes = ((("contact", "field"), True),)


class AuditLog(BaseModel):
    """Old and new values of every edit and delete, so the trail stays whole.

    `contact_id` and `record_id` are plain integers, not foreign keys, so the
    entry outlives the row it describes.
    """

    id = AutoField()
    owner = ForeignKeyField(User, backref="audit_entries", on_delete="CASCADE")
    actor = ForeignKeyField(User, null=True, on_delete="SET NULL")
    table_name = TextField()
    record_id = IntegerField()
    contact_id = IntegerField(null=True)
    action = TextField(constraints=[one_of("action", AUDIT_ACTIONS)])
    old_values = JSONField(null=True)
    new_values = JSONField(null=True)
    created_at = DateTimeField()

    class Meta:
        indexes = (
            (("owner", "contact_id", "created_at"), False),
            (("table_name", "record_id"), False),
        )


class ContactMerge(BaseModel):
    """One merge of two of a user's contacts: what undoing it needs, kept in `undo_data`.

    `survivor_id` and `other_id` are plain integers: the other contact is gone after the
    merge, and the entry must outlive the survivor too, to say why an undo is impossible.
    """

    id = AutoField()
    owner = ForeignKeyField(User, backref="merges", on_delete="CASCADE")
    survivor_id = IntegerField(index=True)
    other_id = IntegerField()
    survivor_name = TextField()
    other_name = TextField()
    undo_data = JSONField()
    merged_at = DateTimeField()
    undone_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("owner", "merged_at"), False),)


MODELS: tuple[type[BaseModel], ...] = (
    SchemaVersion,
    User,
    Session,
    PasswordReset,
    LoginThrottle,
    Company,
    Contact,
    Tag,
    ContactTag,
    OptionValue,
    Background,
    ContactInfo,
    Interaction,
    Reminder,
    Delivery,
    Suggestion,
    Share,
    MessageTemplate,
    Product,
    Deal,
    DealStageHistory,
    Task,
    CustomField,
    CustomFieldValue,
    AuditLog,
    ContactMerge,
)
"""Every model, parents before children."""
