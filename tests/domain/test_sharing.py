"""Sharing one contact: share, expiry with a fixed clock, revoke, the recipient's reads and notes, cascades, the
notice at the next tick. The `crm share`, `shares`, `unshare` commands: tests/cli/test_sharing_cli.py."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from tui import accounts, clock, contacts, interactions, reminders, sharing, timeline
from tui.contacts import ContactInput
from tui.errors import NotFound, PermissionDenied, ValidationError
from tui.interactions import InteractionInput
from tui.models import Interaction, Reminder, Share, User
from tui.notify import Notifier
from tui.scope import OWNER, contact_access
from tui.settings import read_settings

from ..helpers import FIXED_NOW, PASSWORD, vip_grace


@pytest.fixture
def grace(actor):
    """Ada's contact Grace Hopper, a VIP with an interaction of Ada's."""
    return vip_grace(actor)


@pytest.fixture
def carol(db):
    """A third user, Carol, in UTC."""
    return accounts.signup("carol@example.org", "Carol Shaw", PASSWORD, "UTC")


def only_share() -> Share:
    (share,) = Share.select()
    return share


# -- sharing and its refusals ----------------------------------------------------------------------------------------


def test_sharing_stores_one_share_with_the_owner_and_recipient(actor, other_actor, grace):
    info = sharing.share(actor, grace.id, " Bob@Example.org ", "view_add", date(2026, 11, 30), "say hi")
    assert (info.contact_name, info.owner_name, info.recipient_email, info.permission, info.note) == (
        "Grace Hopper",
        "Ada Lovelace",
        "bob@example.org",
        "view_add",
        "say hi",
    )
    # Valid through the 30th in Ada's zone (Berlin): it ends at midnight there, 23:00 UTC.
    assert info.expires_on == date(2026, 11, 30)
    assert only_share().expires_at == datetime(2026, 11, 30, 23, 0)
    assert [given.id for given in sharing.shares_given(actor)] == [info.id]
    assert [received.id for received in sharing.shares_received(other_actor)] == [info.id]
    assert sharing.shares_received(actor) == [] and sharing.shares_given(other_actor) == []


@pytest.mark.parametrize(
    "email, permission, expires, note, field, message",
    [
        ("nobody@example.org", "view", None, "", "with", "nobody uses crm with the address nobody@example.org"),
        ("ada@example.org", "view", None, "", "with", "that is your own address"),
        ("not an address", "view", None, "", "with", "is not an e-mail address"),
        ("bob@example.org", "edit", None, "", "permission", "must be view or view_add"),
        ("bob@example.org", "view", date(2026, 11, 19), "", "expires", "the expiry 2026-11-19 is in the past"),
        ("bob@example.org", "view", None, "x" * 501, "note", "too long"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(
    actor, other_actor, grace, email, permission, expires, note, field, message
):
    with pytest.raises(ValidationError) as refused:
        sharing.share(actor, grace.id, email, permission, expires, note)
    assert refused.value.field == field
    assert message in refused.value.message
    assert Share.select().count() == 0


def test_only_your_own_contacts_can_be_shared(actor, other_actor, carol, grace):
    sharing.share(actor, grace.id, "bob@example.org", "view_add")
    with pytest.raises(NotFound, match=f"no contact with id {grace.id}"):
        sharing.share(other_actor, grace.id, "carol@example.org")  # a recipient cannot pass it on
    with pytest.raises(NotFound):
        sharing.share(carol, grace.id, "bob@example.org")
    assert Share.select().count() == 1


def test_sharing_again_replaces_the_terms_and_tells_them_again(actor, other_actor, grace):
    first = sharing.share(actor, grace.id, "bob@example.org", "view")
    assert sharing.announce_new_shares(other_actor) == 1
    again = sharing.share(actor, grace.id, "bob@example.org", "view_add", date(2026, 12, 24), "now with notes")
    assert again.id == first.id
    assert (again.permission, again.expires_on, again.note) == ("view_add", date(2026, 12, 24), "now with notes")
    assert Share.select().count() == 1
    assert sharing.announce_new_shares(other_actor) == 1
    # The first notice was still waiting: the new one replaces it, so Bob hears the current terms once.
    titles = [reminder.title for reminder in Reminder.select().where(Reminder.user == other_actor.user_id)]
    assert titles == ["Ada Lovelace shared Grace Hopper with you (view and add notes until 2026-12-24)"]


def test_an_expiry_today_holds_until_the_end_of_the_owners_day(actor, other_actor, grace):
    info = sharing.share(actor, grace.id, "bob@example.org", expires=sharing.parse_expiry(actor, "today"))
    assert info.expires_on == date(2026, 11, 20)
    clock.fix(datetime(2026, 11, 20, 22, 59, tzinfo=UTC))  # 23:59 in Berlin
    assert contact_access(other_actor, grace.id) == "view"
    clock.fix(datetime(2026, 11, 20, 23, 0, tzinfo=UTC))  # midnight in Berlin
    assert contact_access(other_actor, grace.id) is None


def test_parse_expiry_takes_dates_short_forms_and_never(actor):
    assert sharing.parse_expiry(actor, "") is None
    assert sharing.parse_expiry(actor, "never") is None
    assert sharing.parse_expiry(actor, "2027-01-31") == date(2027, 1, 31)
    assert sharing.parse_expiry(actor, "+1w") == date(2026, 11, 27)
    with pytest.raises(ValidationError) as refused:
        sharing.parse_expiry(actor, "soonish")
    assert refused.value.field == "expires"


# -- expiry, with a fixed clock --------------------------------------------------------------------------------------


def test_an_expired_share_disappears_from_every_read_at_once(actor, other_actor, grace):
    info = sharing.share(actor, grace.id, "bob@example.org", "view_add", date(2026, 11, 25))
    assert sharing.shared_contact(other_actor, grace.id).details["name"] == "Grace Hopper"
    clock.fix(FIXED_NOW + timedelta(days=5, hours=13))  # 26 November, 00:30 in Berlin: the share ended at midnight
    assert sharing.shares_received(other_actor) == []
    assert contact_access(other_actor, grace.id) is None
    for read in (sharing.shared_contact, sharing.shared_timeline, sharing.contact_name):
        with pytest.raises(NotFound):
            read(other_actor, grace.id)
    with pytest.raises(NotFound):
        interactions.log_interaction(other_actor, grace.id, InteractionInput("phone", notes="too late"))
    with pytest.raises(NotFound):
        sharing.get_share(other_actor, info.id)
    # The owner still sees it, marked expired, and can clean it up.
    (given,) = sharing.shares_given(actor)
    assert given.expired
    sharing.revoke(actor, info.id)
    assert Share.select().count() == 0


def test_an_expired_share_is_never_announced(actor, other_actor, grace):
    sharing.share(actor, grace.id, "bob@example.org", expires=date(2026, 11, 21))
    clock.fix(FIXED_NOW + timedelta(days=3))
    assert sharing.announce_new_shares(other_actor) == 0
    assert Reminder.select().where(Reminder.user == other_actor.user_id).count() == 0


# -- what the recipient sees and may do ------------------------------------------------------------------------------


def test_the_recipient_reads_the_fields_and_the_timeline_with_authors(actor, other_actor, grace):
    sharing.share(actor, grace.id, "bob@example.org", "view_add", note="meet her")
    seen = sharing.shared_contact(other_actor, grace.id)
    assert seen.access == "view_add" and seen.can_add
    assert seen.details["name"] == "Grace Hopper" and seen.details["emails"] == ["grace@navy.mil"]
    assert seen.details["company"] == "US Navy"
    assert seen.sections is not None  # a VIP: the sections come along
    assert (seen.share.owner_name, seen.share.note) == ("Ada Lovelace", "meet her")
    interactions.log_interaction(
        other_actor, grace.id, InteractionInput("phone", "2026-11-19 12:00", notes="Bob called")
    )
    entries = sharing.shared_timeline(other_actor, grace.id)
    assert [(entry.notes, entry.author_name) for entry in entries] == [
        ("Bob called", "Bob Builder"),
        ("COBOL talk", "Ada Lovelace"),
    ]
    assert sharing.contact_name(other_actor, grace.id) == "Grace Hopper"


def test_a_note_with_view_add_is_the_owners_and_names_its_author(actor, other_actor, grace):
    sharing.share(actor, grace.id, "bob@example.org", "view_add")
    logged = interactions.log_interaction(
        other_actor,
        grace.id,  # 05:00 in Bob's zone (New York): 10:00 UTC, just before the fixed clock's 10:30
        InteractionInput("phone", "2026-11-20 05:00", notes="Bob called"),
    )
    stored = Interaction.get_by_id(logged.id)
    assert (stored.owner_id, stored.author_id) == (actor.user_id, other_actor.user_id)
    # It is in the owner's timeline and moves the owner's last-contacted moment.
    assert [row.notes for row in timeline.page(actor)][:1] == ["Bob called"]
    assert timeline.page(other_actor) == []  # the recipient's own timeline has only their own contacts
    assert contacts.get_contact(actor, grace.id).last_contacted_at == datetime(2026, 11, 20, 10, 0)


def test_with_view_add_the_recipient_still_cannot_change_the_contact(actor, other_actor, grace):
    sharing.share(actor, grace.id, "bob@example.org", "view_add")
    before = contacts.contact_dict(actor, contacts.get_contact(actor, grace.id))
    for change in (
        lambda: contacts.edit_contact(other_actor, grace.id, ContactInput(name="Hacked")),
        lambda: contacts.set_flags(other_actor, grace.id, vip=False),
        lambda: contacts.archive_contact(other_actor, grace.id),
        lambda: contacts.delete_contact(other_actor, grace.id),
    ):
        with pytest.raises((NotFound, PermissionDenied)):
            change()
    (ada_note,) = Interaction.select().where(Interaction.author == actor.user_id)
    with pytest.raises(NotFound):
        interactions.edit_interaction(other_actor, ada_note.id, InteractionInput("phone", notes="changed"))
    with pytest.raises(NotFound):
        interactions.delete_interaction(other_actor, ada_note.id)
    assert contacts.contact_dict(actor, contacts.get_contact(actor, grace.id)) == before


def test_view_only_cannot_add_notes(actor, other_actor, grace):
    sharing.share(actor, grace.id, "bob@example.org", "view")
    assert sharing.shared_contact(other_actor, grace.id).can_add is False
    with pytest.raises(PermissionDenied, match="shared with you to view only"):
        interactions.log_interaction(other_actor, grace.id, InteractionInput("phone", notes="nope"))
    with pytest.raises(PermissionDenied):
        interactions.refresh_last_contacted(other_actor, grace.id)
    assert Interaction.select().count() == 1


def test_reminders_of_a_shared_contact_stay_the_owners(actor, other_actor, grace):
    reminders.plan(actor)
    sharing.share(actor, grace.id, "bob@example.org", "view_add")
    sharing.announce_new_shares(other_actor)
    interactions.log_interaction(other_actor, grace.id, InteractionInput("phone", notes="call", follow_up="+3d"))
    for person in (actor, other_actor):
        reminders.plan(person, through=date(2026, 11, 24))
    follow_ups = Reminder.select().where(Reminder.kind == "follow_up")
    assert [reminder.user_id for reminder in follow_ups] == [actor.user_id]
    bobs = Reminder.select().where(Reminder.user == other_actor.user_id)
    assert [reminder.contact_id for reminder in bobs] == [None]  # only the notice of the share


def test_the_owner_reads_through_the_same_doors(actor, grace):
    assert contact_access(actor, grace.id) == OWNER
    seen = sharing.shared_contact(actor, grace.id)
    assert (seen.access, seen.share) == (OWNER, None)


# -- revoking and dropping -------------------------------------------------------------------------------------------


def test_the_owner_revokes_and_the_recipient_drops(actor, other_actor, carol, grace):
    to_bob = sharing.share(actor, grace.id, "bob@example.org")
    to_carol = sharing.share(actor, grace.id, "carol@example.org")
    with pytest.raises(NotFound):
        sharing.revoke(carol, to_bob.id)  # someone else's share
    sharing.revoke(actor, to_bob.id)
    assert contact_access(other_actor, grace.id) is None
    sharing.revoke(carol, to_carol.id)  # the recipient may drop what they received
    assert Share.select().count() == 0
    with pytest.raises(NotFound):
        sharing.revoke(actor, to_bob.id)


def test_revoking_before_the_recipient_is_told_drops_the_notice(actor, other_actor, grace):
    info = sharing.share(actor, grace.id, "bob@example.org")
    sharing.announce_new_shares(other_actor)
    sharing.revoke(actor, info.id)
    assert Reminder.select().where(Reminder.user == other_actor.user_id).count() == 0


# -- cascades --------------------------------------------------------------------------------------------------------


def test_deleting_the_contact_removes_its_shares(actor, other_actor, grace):
    sharing.share(actor, grace.id, "bob@example.org")
    contacts.delete_contact(actor, grace.id)
    assert Share.select().count() == 0
    assert sharing.shares_received(other_actor) == []


@pytest.mark.parametrize("gone", ["owner", "recipient"])
def test_deleting_either_account_removes_the_share(actor, other_actor, grace, gone):
    sharing.share(actor, grace.id, "bob@example.org", "view_add")
    interactions.log_interaction(other_actor, grace.id, InteractionInput("phone", notes="Bob's note"))
    User.get_by_id((actor if gone == "owner" else other_actor).user_id).delete_instance()
    assert Share.select().count() == 0
    if gone == "recipient":
        # The owner keeps the note on their contact; it no longer names an author.
        assert [
            (row.notes, row.author_id) for row in Interaction.select().where(Interaction.notes == "Bob's note")
        ] == [("Bob's note", None)]


# -- the recipient is told -------------------------------------------------------------------------------------------


def test_the_recipient_is_told_once_at_the_next_tick_in_app(actor, other_actor, grace):
    sharing.share(actor, grace.id, "bob@example.org", "view_add", date(2026, 12, 31), "our mentor")
    toasts: list[tuple[str, str]] = []
    settings = {
        **read_settings(other_actor),
        "notify.desktop": False,
        "notify.terminal": "off",
        "notify.email": False,
        "notify.inapp": True,
    }
    with Notifier(other_actor, settings, on_toast=lambda title, body, about: toasts.append((title, body))) as notifier:
        first = notifier.tick()
        second = notifier.tick()
    assert [reminder.title for reminder in first.report.delivered] == [
        "Ada Lovelace shared Grace Hopper with you (view and add notes until 2026-12-31)"
    ]
    assert second.report.delivered == []
    assert [title for title, _ in toasts] == [first.report.delivered[0].title]
    assert only_share().notified_at == clock.utcnow()
    # It stays in the recipient's notification center, handled.
    assert [(reminder.status, reminder.user_id) for reminder in reminders.recent(other_actor)] == [
        ("sent", other_actor.user_id)
    ]
    assert reminders.recent(actor) == []
