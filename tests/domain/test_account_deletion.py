"""Deleting an account: every row of the user goes, every row of anybody else stays, table by table."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tui import (
    accounts,
    audit,
    clock,
    custom_fields,
    database,
    demo,
    reminders,
    session_store,
    settings,
    suggestions,
    templates,
)
from tui.account_deletion import CONFIRM_FIELD, delete_account, owned_counts
from tui.errors import AuthError, ValidationError
from tui.models import (
    MODELS,
    AuditLog,
    Contact,
    ContactMerge,
    Deal,
    DealStageHistory,
    Delivery,
    Interaction,
    PasswordReset,
    Share,
    User,
)
from tui.models import (
    database as db_proxy,
)

from .. import stored
from ..helpers import PASSWORD

NOT_ACCOUNT_DATA = {
    "schema_version": "the schema's own history",
    "login_throttle": "kept per typed address, account or not, and forgotten after a while by itself",
}
"""Tables whose rows belong to no account: the one-row-per-user coverage check leaves them out."""
TABLES = [model for model in MODELS if model._meta.table_name not in NOT_ACCOUNT_DATA]


def rows_of(table: str) -> set[tuple]:
    """Every row of `table` exactly as stored (JSON as text: hashable, comparable)."""
    return set(stored.rows(f'SELECT * FROM "{table}"'))


def whole_database() -> dict[str, set[tuple]]:
    """Every table of the models and the two search indexes (their ids and text)."""
    tables = {model._meta.table_name: rows_of(model._meta.table_name) for model in TABLES}
    for index in stored.SEARCH_INDEXES:
        tables[index] = set(stored.search_index(index))
    return tables


def populate(actor, seed: int) -> Contact:
    """Rows of `actor` in every table; their first contact."""
    demo.fill(actor, contacts=40, seed=seed, interactions_per_contact=3)
    first = Contact.select().where(Contact.owner == actor.user_id).order_by(Contact.id).first()
    now = clock.utcnow()
    accounts.start_session(actor, label="laptop")
    PasswordReset.create(
        user=actor.user_id, token_hash=f"reset-{actor.user_id}", created_at=now, expires_at=now + timedelta(hours=1)
    )
    settings.set_setting(actor, "birthday_lead_days", 5)
    reminder = reminders.add_custom(actor, first.id, "+1h", "Call back")
    reminders.plan(actor)
    Delivery.create(reminder=reminder.id, channel="inapp", round=0, delivered_at=now, attempted_at=now)
    suggestions.todays(actor)
    templates.ensure_defaults(actor)
    field = custom_fields.define_field(actor, "Met at", "text")
    with db_proxy.atomic():
        custom_fields.store_values(first.id, {field.id: "PyCon"})
    audit.record(
        actor, actor.user_id, "contact", first.id, "update", {"notes": ""}, {"notes": "met"}, contact_id=first.id
    )
    ContactMerge.create(
        owner=actor.user_id,
        survivor_id=first.id,
        other_id=first.id + 1000,
        survivor_name=first.name,
        other_name="A duplicate",
        undo_data={},
        merged_at=now,
    )
    return first


@pytest.fixture
def two_worlds(db_path, actor, other_actor):
    """Bob's world (saved as `before`), then Ada's, including what ties her to Bob's."""
    bob_first = populate(other_actor, seed=2)
    carol = accounts.signup("carol@example.org", "Carol", PASSWORD, "UTC")
    Share.create(contact=bob_first.id, owner=other_actor.user_id, recipient=carol.user_id, created_at=clock.utcnow())
    bob_deal = Deal.select().where(Deal.owner == other_actor.user_id).first()
    before = whole_database()
    ada_first = populate(actor, seed=1)
    now = clock.utcnow()
    Share.create(contact=ada_first.id, owner=actor.user_id, recipient=other_actor.user_id, created_at=now)
    Share.create(
        contact=bob_first.id, owner=other_actor.user_id, recipient=actor.user_id, permission="view_add", created_at=now
    )
    # What Ada did on Bob's data: these rows are Bob's and must stay, without her name on them.
    kept = {
        "interaction": Interaction.create(
            owner=other_actor.user_id,
            contact=bob_first.id,
            author=actor.user_id,
            occurred_at=now,
            medium="phone",
            notes="Ada called on Bob's behalf",
            created_at=now,
            updated_at=now,
        ).id,
        "deal_stage_history": DealStageHistory.create(
            deal=bob_deal.id,
            from_stage=bob_deal.stage,
            to_stage=bob_deal.stage,
            changed_at=now,
            changed_by=actor.user_id,
        ).id,
    }
    # The schema lets an audit entry name another user as who changed the data (actor is SET NULL).
    AuditLog.create(
        owner=other_actor.user_id,
        actor=actor.user_id,
        table_name="contact",
        record_id=bob_first.id,
        contact_id=bob_first.id,
        action="update",
        old_values={"notes": ""},
        new_values={"notes": "x"},
        created_at=now,
    )
    accounts.remember(database.location_key(str(db_path)), actor)
    return before, kept


def test_every_table_holds_rows_of_both_users_before(two_worlds):
    before, _ = two_worlds
    now = whole_database()
    empty_for_bob = [table for table, rows in before.items() if not rows]
    new_for_ada = [table for table in before if not now[table] - before[table]]
    assert empty_for_bob == [] and new_for_ada == [], "the test must cover every table: add rows for it in populate()"


def test_deleting_an_account_removes_all_its_rows_and_nothing_else(db_path, two_worlds, actor, other_actor):
    before, kept = two_worlds
    bob_counts = owned_counts(other_actor)
    ada_counts = owned_counts(actor)
    assert all(ada_counts.values()), ada_counts

    deleted = delete_account(actor, "  ADA@Example.org ", database.location_key(str(db_path)))

    assert deleted.email == "ada@example.org"
    assert deleted.rows == ada_counts and deleted.contacts == 40
    after = whole_database()
    before["user"] = {row for row in before["user"] if row[0] != actor.user_id}  # she signed up first
    lost = {table: rows for table, rows in ((table, before[table] - after[table]) for table in before) if rows}
    assert lost == {}, "rows of the other user were removed or changed"
    extra = {table: rows for table, rows in ((table, after[table] - before[table]) for table in before) if rows}
    assert set(extra) == {"interaction", "interaction_search", "deal_stage_history", "audit_log"}
    assert {row[0] for row in extra["interaction"]} == {kept["interaction"]}
    assert {row[0] for row in extra["deal_stage_history"]} == {kept["deal_stage_history"]}
    assert Interaction.get_by_id(kept["interaction"]).author_id is None
    assert DealStageHistory.get_by_id(kept["deal_stage_history"]).changed_by_id is None
    (entry_row,) = extra["audit_log"]
    entry = AuditLog.get_by_id(entry_row[0])
    assert (entry.owner_id, entry.actor_id) == (other_actor.user_id, None)
    assert User.get_or_none(User.id == actor.user_id) is None
    assert owned_counts(actor) == {table: 0 for table in ada_counts}
    assert owned_counts(other_actor) == {**bob_counts, "share": bob_counts["share"] - 1}  # the one to Ada went


def test_the_search_indexes_forget_the_deleted_contacts_and_interactions(db_path, two_worlds, actor, other_actor):
    delete_account(actor, "ada@example.org")
    contact_ids = {row[0] for row in db_proxy.execute_sql('SELECT "id" FROM "contact"')}
    assert stored.indexed_ids("contact_search") == contact_ids and contact_ids
    interaction_ids = {row[0] for row in db_proxy.execute_sql('SELECT "id" FROM "interaction"')}
    assert stored.indexed_ids("interaction_search") == interaction_ids and interaction_ids


def test_the_session_remembered_here_is_forgotten_and_the_other_user_still_logs_in(db_path, two_worlds, actor):
    key = database.location_key(str(db_path))
    assert accounts.remembered_actor(key).user_id == actor.user_id
    delete_account(actor, "ada@example.org", key)
    assert session_store.load_token(key) is None
    assert accounts.remembered_actor(key) is None
    with pytest.raises(AuthError):
        accounts.authenticate("ada@example.org", PASSWORD)
    assert accounts.authenticate("bob@example.org", PASSWORD).email == "bob@example.org"


def test_another_users_remembered_session_is_left_alone(db_path, actor, other_actor):
    key = database.location_key(str(db_path))
    accounts.remember(key, other_actor)
    delete_account(actor, "ada@example.org", key)
    assert accounts.remembered_actor(key).user_id == other_actor.user_id


@pytest.mark.parametrize("typed", ["", "   ", "ada@example", "bob@example.org", "ada@example.org.x"])
def test_a_wrong_confirmation_is_refused_and_nothing_is_deleted(two_worlds, actor, other_actor, typed):
    counts = owned_counts(actor)
    snapshot = whole_database()
    with pytest.raises(ValidationError) as refused:
        delete_account(actor, typed)
    assert refused.value.field == CONFIRM_FIELD
    assert "e-mail" in refused.value.message
    assert whole_database() == snapshot
    assert owned_counts(actor) == counts


def test_a_new_account_may_take_the_deleted_e_mail(actor):
    delete_account(actor, "ada@example.org")
    again = accounts.signup("ada@example.org", "Ada Again", PASSWORD, "UTC")
    assert again.user_id != actor.user_id
    assert set(owned_counts(again).values()) == {0}
