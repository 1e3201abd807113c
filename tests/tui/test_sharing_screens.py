"""Sharing in the app, driven with Pilot: the owner shares and revokes by keys from the contact page; the recipient
signs in, is told, opens Shared with me, reads the timeline, adds a note with view_add and cannot with view."""

from __future__ import annotations

from datetime import date, timedelta

from textual.widgets import DataTable, Input, Select, Static

from tui import accounts, clock, contacts, interactions, sharing
from tui.app import CrmApp
from tui.contacts import ContactInput
from tui.interactions import InteractionInput
from tui.models import Interaction, Share
from tui.screens.auth import AuthScreen
from tui.screens.confirm import ConfirmDialog
from tui.screens.contact_detail import ContactDetailScreen
from tui.screens.log_interaction import LogInteractionScreen
from tui.screens.share_dialog import ShareDialog
from tui.screens.shared_with_me import SharedContactScreen, SharedWithMeScreen
from tui.widgets.field import Field

from ..helpers import FIXED_NOW, PASSWORD, plain, press, scenario, settle, type_into

SIZE = (110, 36)


def grace_of(actor) -> int:
    contact = contacts.add_contact(
        actor, ContactInput(name="Grace Hopper", emails=["grace@navy.mil"], company="US Navy")
    )
    interactions.log_interaction(actor, contact.id, InteractionInput("video", "2026-11-18 09:00", notes="COBOL talk"))
    return contact.id


def rows(table: DataTable) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]


@scenario
async def test_the_owner_shares_and_revokes_from_the_contact_page(db_path, signed_in, other_actor):
    grace = grace_of(signed_in)
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(ContactDetailScreen(signed_in, grace))
        await settle(pilot)
        await press(pilot, "S")
        dialog = app.screen
        assert isinstance(dialog, ShareDialog)
        assert "nobody yet" in str(dialog.query_one("#share-list-empty", Static).content)

        # Bad input stays at its field, nothing stored.
        await type_into(pilot, "#share-with", "nobody@example.org")
        await press(pilot, "ctrl+s")
        assert "nobody uses crm with the address" in dialog.query_one("#field-with", Field).error
        assert Share.select().count() == 0

        dialog.query_one("#share-with", Input).value = ""
        await type_into(pilot, "#share-with", "bob@example.org")
        dialog.query_one("#share-permission", Select).focus()
        await press(pilot, "enter", "down", "enter")  # open the list, "View and add notes", choose it
        assert dialog.query_one("#share-permission", Select).value == "view_add"
        await type_into(pilot, "#share-expires", "2026-12-31")
        await type_into(pilot, "#share-note", "our mentor")
        await press(pilot, "ctrl+s")
        (share,) = Share.select()
        assert (share.recipient_id, share.permission, share.note) == (other_actor.user_id, "view_add", "our mentor")
        assert rows(dialog.query_one("#share-list", DataTable)) == [
            ["Bob Builder <bob@example.org>", "view and add notes", "2026-12-31", "our mentor"]
        ]
        assert dialog.query_one("#share-with", Input).value == ""  # ready for the next person

        dialog.query_one("#share-list", DataTable).focus()
        await press(pilot, "delete")
        assert isinstance(app.screen, ConfirmDialog)
        await press(pilot, "y")
        assert Share.select().count() == 0
        assert dialog.query_one("#share-list", DataTable).row_count == 0
        await press(pilot, "escape")
        assert isinstance(app.screen, ContactDetailScreen)


async def sign_in(pilot, email: str) -> None:
    await type_into(pilot, "#login-email", email)
    await type_into(pilot, "#login-password", PASSWORD)
    await pilot.press("enter")
    await settle(pilot)


@scenario
async def test_the_recipient_is_told_reads_the_timeline_and_adds_a_note(db_path, actor, other_actor):
    grace = grace_of(actor)
    sharing.share(actor, grace, "bob@example.org", "view_add", date(2026, 12, 31), "our mentor")
    app = CrmApp(str(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, AuthScreen)
        await sign_in(pilot, "bob@example.org")
        await settle(pilot)
        toasts = [str(toast.title) for toast in app._notifications]
        assert "Ada Lovelace shared Grace Hopper with you (view and add notes until 2026-12-31)" in toasts, toasts
        assert Share.get().notified_at == clock.utcnow()

        await press(pilot, "w")
        screen = app.screen
        assert isinstance(screen, SharedWithMeScreen)
        assert rows(screen.query_one("#received-table", DataTable)) == [
            ["Grace Hopper", "Ada Lovelace", "view and add notes", "2026-12-31", "our mentor"]
        ]

        await press(pilot, "enter")
        page = app.screen
        assert isinstance(page, SharedContactScreen)
        timeline = plain(page.query_one("#shared-timeline", Static).content)
        assert "COBOL talk" in timeline and "by Ada Lovelace" in timeline
        assert "Shared by Ada Lovelace" in plain(page.query_one("#shared-banner", Static).content)

        await press(pilot, "l")
        form = app.screen
        assert isinstance(form, LogInteractionScreen)
        assert "Grace Hopper" in plain(form.query_one("#log-contact", Static).content)
        form.query_one("#input-notes").insert("Bob called her")
        await press(pilot, "ctrl+s")
        assert app.screen is page
        logged = Interaction.get(Interaction.notes == "Bob called her")
        assert (logged.owner_id, logged.author_id) == (actor.user_id, other_actor.user_id)
        timeline = plain(page.query_one("#shared-timeline", Static).content)
        assert "Bob called her" in timeline and "by you" in timeline

        # The app's keys for "the contact on screen" (quick links) are for Bob's own contacts only.
        await press(pilot, "ctrl+r")
        assert app.screen is page


@scenario
async def test_view_only_cannot_add_a_note(db_path, actor, other_actor):
    grace = grace_of(actor)
    sharing.share(actor, grace, "bob@example.org", "view")
    app = CrmApp(str(db_path), other_actor)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "w", "enter")
        page = app.screen
        assert isinstance(page, SharedContactScreen)
        await press(pilot, "l")
        assert app.screen is page
        toasts = [str(toast.message) for toast in app._notifications]
        assert any("shared with you to view only" in toast for toast in toasts), toasts
    assert Interaction.select().count() == 1


@scenario
async def test_an_expired_share_leaves_the_screens_without_a_restart(db_path, actor, other_actor):
    grace = grace_of(actor)
    sharing.share(actor, grace, "bob@example.org", "view", date(2026, 11, 22))
    app = CrmApp(str(db_path), other_actor)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "w")
        screen = app.screen
        assert screen.query_one("#received-table", DataTable).row_count == 1
        await press(pilot, "enter")
        assert isinstance(app.screen, SharedContactScreen)
        clock.fix(FIXED_NOW + timedelta(days=3))
        await press(pilot, "r")
        assert app.screen is screen  # the page closed: the share has ended
        assert screen.query_one("#received-table", DataTable).row_count == 0
        assert "nobody shares a contact with you yet" in plain(screen.query_one("#received-empty", Static).content)


@scenario
async def test_the_recipient_drops_a_share_and_the_owner_sees_what_they_share(db_path, actor, other_actor):
    grace = grace_of(actor)
    sharing.share(actor, grace, "bob@example.org", "view")
    theirs = contacts.add_contact(other_actor, ContactInput(name="Linus Pauling")).id
    sharing.share(other_actor, theirs, "ada@example.org", "view_add")
    app = CrmApp(str(db_path), other_actor)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "w")
        screen = app.screen
        assert rows(screen.query_one("#given-table", DataTable))[0][:3] == [
            "Linus Pauling",
            "Ada Lovelace",
            "view and add notes",
        ]
        await press(pilot, "x")
        assert "Drop Grace Hopper" in plain(app.screen.query_one("#confirm-question", Static).content)
        await press(pilot, "y")
        assert screen.query_one("#received-table", DataTable).row_count == 0
        assert accounts.current_user(actor) is not None
    assert [share.contact_id for share in Share.select()] == [theirs]
