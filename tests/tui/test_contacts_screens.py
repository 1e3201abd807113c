"""The contacts experience driven with keys through Pilot: sort, filters, marks and bulk changes, the form's
custom fields and unsaved changes, the detail's VIP sections and history, the VIP snapshot, custom fields."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import DataTable, Input, Static, TextArea

from tui import clock, contacts, custom_fields, interactions, tasks, vip
from tui.app import CrmApp
from tui.contacts import ContactFilter, ContactInput
from tui.interactions import InteractionInput
from tui.screens.confirm import ConfirmDialog
from tui.screens.contact_detail import ContactDetailScreen
from tui.screens.contact_filters import ContactFiltersDialog
from tui.screens.contact_form import ContactFormScreen
from tui.screens.contact_history import ContactHistoryScreen
from tui.screens.contacts import ContactsScreen
from tui.screens.custom_fields import CustomFieldsDialog, NewFieldDialog
from tui.screens.dashboard import DashboardScreen
from tui.screens.text_prompt import TextPrompt
from tui.screens.vip_sections import VipSectionsDialog
from tui.screens.vip_snapshot import VipSnapshotScreen
from tui.vip import VipSections

from ..helpers import SIZE, plain, press, scenario, settle, status_line


def names(app: CrmApp) -> list[str]:
    """The names in the current screen's table, top to bottom, without the VIP mark."""
    table = app.screen.query_one(DataTable)
    column = 1 if isinstance(app.screen, ContactsScreen) else 0
    return [
        str(table.get_row_at(index)[column]).removeprefix("★ ").removesuffix(" (inactive)")
        for index in range(table.row_count)
    ]


def marks(app: CrmApp) -> list[bool]:
    table = app.screen.query_one(DataTable)
    return [bool(str(table.get_row_at(index)[0])) for index in range(table.row_count)]


async def type_text(pilot, text: str) -> None:
    """Type `text` into whatever has the focus, key by key."""
    await pilot.press(*("space" if char == " " else char for char in text))
    await settle(pilot)


def add(actor, name: str, age_days: int = 1, **fields) -> int:
    """A contact added `age_days` before the fixed clock; its id."""
    created = clock.utcnow() - timedelta(days=age_days)
    return contacts.add_contact(actor, ContactInput(name=name, **fields), created_at=created).id


async def open_contacts(pilot) -> None:
    await press(pilot, "c")
    assert isinstance(pilot.app.screen, ContactsScreen)


@scenario
async def test_status_joins_the_sort_cycle(db_path, signed_in):
    add(signed_in, "Amy Recent", age_days=1)
    add(signed_in, "Bob Overdue", age_days=200)
    add(signed_in, "Cy Middle", age_days=20)
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await open_contacts(pilot)
        assert names(app) == ["Amy Recent", "Bob Overdue", "Cy Middle"]
        await press(pilot, "s", "s")  # name -> last contacted -> status
        assert "sorted by status" in status_line(app)
        assert names(app) == ["Bob Overdue", "Cy Middle", "Amy Recent"]
        await press(pilot, "s")
        assert "sorted by added" in status_line(app)
        assert names(app) == ["Amy Recent", "Cy Middle", "Bob Overdue"]


@scenario
async def test_filter_by_tag_shows_in_the_status_line_and_r_clears_it(db_path, signed_in):
    add(signed_in, "Ada Byron", tags=["maths"])
    add(signed_in, "Grace Hopper", tags=["navy", "cobol"])
    add(signed_in, "Alan Turing", tags=["maths", "crypto"])
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await open_contacts(pilot)
        await press(pilot, "f")
        assert isinstance(app.screen, ContactFiltersDialog)
        await type_text(pilot, "nope")
        await press(pilot, "enter")
        dialog = app.screen
        assert isinstance(dialog, ContactFiltersDialog)
        assert dialog.query_one("#field-tag").error == "no contact has the tag “nope”"
        await press(pilot, *["backspace"] * 4)
        await type_text(pilot, "MA")
        await press(pilot, "right")  # accepts the completion "maths"
        assert dialog.query_one("#filter-tag", Input).value == "maths"
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ContactsScreen)
        assert names(app) == ["Ada Byron", "Alan Turing"]
        assert "filtered: tag maths (r clears)" in status_line(app)
        await press(pilot, "r")
        assert len(names(app)) == 3
        assert "filtered" not in status_line(app)


@scenario
async def test_filter_vips_only_and_inactive(db_path, signed_in):
    add(signed_in, "Ada Byron", vip=True)
    add(signed_in, "Grace Hopper")
    add(signed_in, "Alan Turing", vip=True, active=False)
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await open_contacts(pilot)
        await press(pilot, "f", "tab", "tab", "tab", "space", "ctrl+s")  # tag, relationship, industry, VIPs only
        assert names(app) == ["Ada Byron", "Alan Turing"]
        assert "VIPs only" in status_line(app)
        await press(pilot, "f", "tab", "tab", "tab", "tab", "enter", "down", "down", "enter", "ctrl+s")
        assert names(app) == ["Alan Turing"]
        assert "filtered: VIPs only, inactive only" in status_line(app)
        await press(pilot, "f", "escape")  # cancelling keeps the filters
        assert names(app) == ["Alan Turing"]


@scenario
async def test_mark_two_rows_and_tag_them(db_path, signed_in):
    ids = [add(signed_in, name) for name in ("Ada Byron", "Alan Turing", "Grace Hopper")]
    add(signed_in, "Hedy Lamarr", tags=["club"])
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await open_contacts(pilot)
        await press(pilot, "space", "space")  # marks Ada, moves down, marks Alan
        assert marks(app) == [True, True, False, False]
        assert "2 marked" in status_line(app)
        await press(pilot, "plus")
        assert isinstance(app.screen, TextPrompt)
        await press(pilot, "enter")
        assert app.screen.query_one("#field-answer").error == "type a tag"
        await type_text(pilot, "cl")
        await press(pilot, "right", "enter")
        assert isinstance(app.screen, ContactsScreen)
        assert marks(app) == [False] * 4
        assert "marked" not in status_line(app)
        assert any(note.message == "Tagged 2 contacts “club”" for note in app._notifications)
        table = app.screen.query_one(DataTable)
        assert [str(table.get_row_at(index)[4]) for index in range(2)] == ["club", "club"]
        await press(pilot, "up", "minus")  # no marks: the cursor row (Alan)
        assert isinstance(app.screen, TextPrompt)
        await type_text(pilot, "club")
        await press(pilot, "enter")
    assert contacts.contact_tags(ids[0]) == ["club"]
    assert contacts.contact_tags(ids[1]) == []
    assert contacts.contact_tags(ids[2]) == []


@scenario
async def test_mark_two_rows_archive_them_then_restore_from_the_archived_view(db_path, signed_in):
    ids = [add(signed_in, name) for name in ("Ada Byron", "Alan Turing", "Grace Hopper")]
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await open_contacts(pilot)
        await press(pilot, "down", "space", "space", "x")
        assert names(app) == ["Ada Byron"]
        assert any(note.message == "Archived 2 contacts" for note in app._notifications)
        await press(pilot, "f", "tab", "tab", "tab", "tab", "tab", "space", "ctrl+s")  # archived on
        assert names(app) == ["Alan Turing", "Grace Hopper"]
        assert "archived" in status_line(app)
        await press(pilot, "asterisk")
        assert marks(app) == [True, True]
        await press(pilot, "asterisk")
        assert marks(app) == [False, False]
        await press(pilot, "asterisk", "x")
        assert names(app) == []
        assert any(note.message == "Restored 2 contacts" for note in app._notifications)
    assert contacts.count_contacts(signed_in) == 3
    assert not any(contacts.get_contact(signed_in, contact_id).archived for contact_id in ids)


@scenario
async def test_mark_two_rows_and_deactivate_them_then_activate_again(db_path, signed_in):
    ada, alan, grace = (add(signed_in, name) for name in ("Ada Byron", "Alan Turing", "Grace Hopper"))
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await open_contacts(pilot)
        await press(pilot, "space", "space", "i")
        assert any(note.message == "Set 2 contacts inactive" for note in app._notifications)
        assert not contacts.get_contact(signed_in, ada).active
        assert not contacts.get_contact(signed_in, alan).active
        assert contacts.get_contact(signed_in, grace).active
        table = app.screen.query_one(DataTable)
        assert "(inactive)" in str(table.get_row_at(0)[1])
        await press(pilot, "up", "up", "i")  # no marks: the cursor row alone (Ada), inactive, so active again
        assert contacts.get_contact(signed_in, ada).active
        assert not contacts.get_contact(signed_in, alan).active


@scenario
async def test_custom_fields_on_the_form_valid_and_invalid(db_path, signed_in):
    custom_fields.define_field(signed_in, "Met on", "date")
    custom_fields.define_field(signed_in, "Shoe size", "choice", ["S", "M", "L"])
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "a")
        form = app.screen
        assert isinstance(form, ContactFormScreen)
        await type_text(pilot, "Ada Byron")
        form.field("custom:Met on").focus_editor()
        await type_text(pilot, "last spring")
        await press(pilot, "tab", "enter", "down", "down", "enter")  # Shoe size: the second choice
        await press(pilot, "ctrl+s")
        assert app.screen is form
        field = form.field("custom:Met on")
        assert field.error == "Met on must be a date (YYYY-MM-DD), not 'last spring'"
        assert form.focused is field.editor
        assert form.query_one("#input-name", Input).value == "Ada Byron"
        await press(pilot, *["backspace"] * len("last spring"))
        await type_text(pilot, "2024-05-01")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, DashboardScreen)  # back where the form was opened
    stored = contacts.find_contact(signed_in, "Ada Byron")
    assert custom_fields.values_for(signed_in, stored.id) == {"Met on": "2024-05-01", "Shoe size": "M"}


@scenario
async def test_editing_keeps_every_value_and_custom_values(db_path, signed_in):
    custom_fields.define_field(signed_in, "Shoe size", "choice", ["S", "M", "L"])
    contact_id = add(
        signed_in,
        "Grace Hopper",
        emails=["grace@example.org"],
        relationship="mentor",
        tags=["navy"],
        birthday="--12-09",
        custom={"Shoe size": "L"},
    )
    before = contacts.contact_dict(signed_in, contacts.get_contact(signed_in, contact_id))
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await open_contacts(pilot)
        await press(pilot, "enter", "e")
        assert isinstance(app.screen, ContactFormScreen)
        await press(pilot, "escape")  # nothing changed: closes without asking
        assert isinstance(app.screen, ContactDetailScreen)
        await press(pilot, "e", "ctrl+s")
        assert isinstance(app.screen, ContactDetailScreen)
    after = contacts.contact_dict(signed_in, contacts.get_contact(signed_in, contact_id))
    assert {key: value for key, value in after.items() if key != "updated_at"} == {
        key: value for key, value in before.items() if key != "updated_at"
    }
    assert "mentor" in contacts.options(signed_in, "relationship")


@scenario
async def test_escape_with_unsaved_changes_asks_and_keeps_what_was_typed(db_path, signed_in):
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "a")
        await type_text(pilot, "Ada")
        await press(pilot, "escape")
        assert isinstance(app.screen, ConfirmDialog)
        await press(pilot, "n")
        assert isinstance(app.screen, ContactFormScreen)
        assert app.screen.query_one("#input-name", Input).value == "Ada"
        await press(pilot, "escape", "y")
        assert not isinstance(app.screen, (ContactFormScreen, ConfirmDialog))
        await press(pilot, "a", "escape")  # nothing typed: closes at once
        assert not isinstance(app.screen, (ContactFormScreen, ConfirmDialog))
    assert contacts.count_contacts(signed_in) == 0


@scenario
async def test_vip_on_shows_the_sections_and_b_saves_them(db_path, signed_in):
    contact_id = add(signed_in, "Grace Hopper")
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await open_contacts(pilot)
        await press(pilot, "enter")
        detail = app.screen
        assert isinstance(detail, ContactDetailScreen)
        assert not detail.query_one("#detail-sections").display
        await press(pilot, "b")  # not a VIP: no sections to edit
        assert app.screen is detail
        await press(pilot, "v")
        assert detail.query_one("#detail-sections").display
        await press(pilot, "b")
        assert isinstance(app.screen, VipSectionsDialog)
        await type_text(pilot, "Married, two children")
        await press(pilot, "tab", "tab", "tab", "tab")  # company, likes, notes, main app
        await type_text(pilot, "Signal")
        await press(pilot, "tab")
        await type_text(pilot, "grace-at-navy")
        await press(pilot, "ctrl+s")
        dialog = app.screen
        assert isinstance(dialog, VipSectionsDialog)
        assert "not an e-mail address" in dialog.query_one("#field-email").error
        assert dialog.query_one("#section-family", TextArea).text == "Married, two children"
        await press(pilot, *["backspace"] * len("grace-at-navy"))
        await type_text(pilot, "grace@navy.example")
        await press(pilot, "ctrl+s")
        assert app.screen is detail
        shown = plain(detail.query_one("#detail-sections", Static).content)
        assert "Married, two children" in shown and "grace@navy.example" in shown
    sections = vip.read_sections(signed_in, contact_id)
    assert sections.family == "Married, two children"
    assert sections.main_app == "Signal" and sections.email == "grace@navy.example"


@scenario
async def test_vip_off_hides_the_sections_and_keeps_their_data(db_path, signed_in):
    contact_id = add(signed_in, "Grace Hopper", vip=True)
    vip.save_sections(signed_in, contact_id, VipSections(family="Married", email="grace@example.org"))
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await open_contacts(pilot)
        await press(pilot, "enter")
        detail = app.screen
        assert detail.query_one("#detail-sections").display
        await press(pilot, "v")
        assert not detail.query_one("#detail-sections").display
        assert not contacts.get_contact(signed_in, contact_id).vip
        assert vip.read_sections(signed_in, contact_id).family == "Married"
        await press(pilot, "v")
        assert detail.query_one("#detail-sections").display
        assert detail.data.sections.family == "Married"
        assert detail.data.sections.email == "grace@example.org"


@scenario
async def test_detail_shows_interactions_newest_first_and_open_tasks(db_path, signed_in):
    contact_id = add(signed_in, "Grace Hopper", age_days=30)
    interactions.log_interaction(
        signed_in, contact_id, InteractionInput(medium="email", when="2026-11-01", notes="Sent the paper\nsecond line")
    )
    interactions.log_interaction(
        signed_in, contact_id, InteractionInput(medium="phone", when="2026-11-10", notes="Called", outcome="agreed")
    )
    tasks.add_task(signed_in, tasks.TaskInput(title="Send the book", due="2026-12-01", contact_id=contact_id))
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await open_contacts(pilot)
        await press(pilot, "enter", "i")
        detail = app.screen
        assert [item.medium for item in detail.data.interactions] == ["phone", "email"]
        assert [task.title for task in detail.data.tasks] == ["Send the book"]
        assert not contacts.get_contact(signed_in, contact_id).active
        assert "inactive" in str(detail.query_one("#detail-title", Static).render())


@scenario
async def test_history_shows_an_edit(db_path, signed_in):
    add(signed_in, "Grace Hopper")
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await open_contacts(pilot)
        await press(pilot, "enter", "e")
        app.screen.field("location").focus_editor()
        await type_text(pilot, "Arlington")
        await press(pilot, "ctrl+s", "h")
        history = app.screen
        assert isinstance(history, ContactHistoryScreen)
        assert [(entry.action, entry.new_values) for entry in history.entries] == [
            ("update", {"location": "Arlington"})
        ]
        assert "location: — → Arlington" in plain(history.query_one("#history-entries", Static).content)
        await press(pilot, "escape")
        assert isinstance(app.screen, ContactDetailScreen)


@scenario
async def test_vip_snapshot_lists_vips_most_overdue_first_and_opens_one(db_path, signed_in):
    add(signed_in, "Vera Recent", age_days=2, vip=True)
    add(signed_in, "Otto Overdue", age_days=120, vip=True)
    add(signed_in, "Nora Normal", age_days=200)
    add(signed_in, "Arch Archived", age_days=300, vip=True)
    contacts.set_flags_many(signed_in, [contacts.find_contact(signed_in, "Arch Archived").id], archived=True)
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "v")
        assert isinstance(app.screen, VipSnapshotScreen)
        assert names(app) == ["Otto Overdue", "Vera Recent"]
        assert "2 VIPs · 1 to hit up" in str(app.screen.query_one("#vip-status", Static).content)
        await press(pilot, "enter")
        assert isinstance(app.screen, ContactDetailScreen)
        assert app.screen.details["name"] == "Otto Overdue"
        await press(pilot, "v", "escape")  # no longer a VIP: gone from the snapshot shown again
        assert isinstance(app.screen, VipSnapshotScreen)
        assert names(app) == ["Vera Recent"]


@scenario
async def test_custom_fields_manager_adds_and_deletes_a_field(db_path, signed_in):
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await open_contacts(pilot)
        await press(pilot, "F")
        assert isinstance(app.screen, CustomFieldsDialog)
        assert "no custom fields yet" in str(app.screen.query_one("#fields-status", Static).content)
        await press(pilot, "n")
        assert isinstance(app.screen, NewFieldDialog)
        await type_text(pilot, "Shoe size")
        await press(pilot, "tab", "enter", "end", "enter")  # kind: choice, the last one
        await press(pilot, "ctrl+s")
        assert app.screen.query_one("#field-choices").error == "a choice field needs at least one choice"
        assert app.screen.focused is app.screen.query_one("#new-field-choices")
        await type_text(pilot, "S,M,L")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, CustomFieldsDialog)
        assert names(app) == ["Shoe size"]
        await press(pilot, "ctrl+d", "y")
        assert names(app) == []
        await press(pilot, "escape")
        assert isinstance(app.screen, ContactsScreen)
    assert custom_fields.list_fields(signed_in) == []


@scenario
async def test_the_command_palette_opens_the_custom_fields(db_path, signed_in):
    custom_fields.define_field(signed_in, "Met on", "date")
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"custom fields")
        await settle(pilot)
        await press(pilot, "enter")
        assert isinstance(app.screen, CustomFieldsDialog)
        assert names(app) == ["Met on"]


@scenario
async def test_help_lists_the_new_contact_keys(db_path, signed_in):
    add(signed_in, "Grace Hopper")
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await open_contacts(pilot)
        await press(pilot, "question_mark")
        listed = dict(app.screen.groups[0].keys)
        for key in ("f", "space", "*", "+", "-", "x", "i", "F"):
            assert key in listed
        await press(pilot, "escape", "enter", "question_mark")
        listed = dict(app.screen.groups[0].keys)
        for key in ("e", "v", "i", "x", "h", "^d"):
            assert key in listed
        assert "b" not in listed  # the VIP sections key works on VIPs only


def test_filters_are_described_in_words():
    from tui.screens.contact_filters import describe

    assert describe(ContactFilter(search="ada")) == []
    assert describe(ContactFilter(tag="navy", relationship="friend", vip=True, active=False, archived=True)) == [
        "tag navy",
        "friend",
        "VIPs only",
        "inactive only",
        "archived",
    ]
