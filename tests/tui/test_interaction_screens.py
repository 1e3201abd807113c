"""Logging, the timeline, follow-ups, tasks, templates and quick links, driven with Pilot over a real SQLite file."""

from __future__ import annotations

from datetime import date

from textual.widgets import DataTable, Input, Select, Static, TextArea

from tui import clock, contacts, followups, interactions, tasks, templates, timeline
from tui.app import CrmApp
from tui.contacts import ContactInput
from tui.interactions import InteractionInput
from tui.screens import timeline as timeline_screen
from tui.screens.confirm import ConfirmDialog
from tui.screens.contact_detail import ContactDetailScreen
from tui.screens.contact_picker import ContactPickerScreen
from tui.screens.followups import FollowUpsScreen, PromptDialog
from tui.screens.log_interaction import InteractionDialog, LogInteractionScreen
from tui.screens.quick_links import QuickLinksScreen
from tui.screens.tasks import TaskFormScreen, TasksScreen
from tui.screens.templates import TemplateFormScreen, TemplatesScreen
from tui.screens.timeline import TimelineFilterScreen, TimelineScreen

from ..helpers import SIZE, press, scenario, settle, type_into

SSH = "10.0.0.2 52144 10.0.0.1 22"


def person(actor, name: str, **fields) -> int:
    return contacts.add_contact(actor, ContactInput(name=name, **fields)).id


def logged(actor, contact_id: int, **fields) -> int:
    return interactions.log_interaction(actor, contact_id, InteractionInput(**{"medium": "phone", **fields})).id


def table_keys(app) -> list[str]:
    table = app.screen.query_one(DataTable)
    return [row.key.value for row in table.ordered_rows]


def interaction_keys(app) -> list[str]:
    return [key for key in table_keys(app) if not key.startswith(timeline_screen.DAY_KEY)]


def status(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


# Logging ---------------------------------------------------------------------------------------------


@scenario
async def test_logging_from_anywhere_takes_a_few_keys(db_path, signed_in):
    person(signed_in, "Graham Bell")
    grace = person(signed_in, "Grace Hopper")
    person(signed_in, "Alan Turing")
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "l")
        assert isinstance(app.screen, ContactPickerScreen)
        await press(pilot, *"grac", "enter")  # "grac": Grace before Graham
        form = app.screen
        assert isinstance(form, LogInteractionScreen) and form.contact_id == grace
        assert form.focused is form.query_one("#input-medium", Select)
        await press(pilot, "enter", *"wha", "enter")  # open the medium list, type to find, choose
        assert form.query_one("#input-medium", Select).value == "whatsapp"
        await press(pilot, "ctrl+s")
        assert not isinstance(app.screen, LogInteractionScreen)
    [stored] = interactions.for_contact(signed_in, grace)
    assert stored.medium == "whatsapp"
    assert stored.follow_up_on == "2026-11-27"  # the default follow-up: 7 days after the interaction


@scenario
async def test_the_picker_forgives_typos(db_path, signed_in):
    grace = person(signed_in, "Grace Hopper")
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "l", *"garce", "enter")
        assert isinstance(app.screen, LogInteractionScreen) and app.screen.contact_id == grace
        await press(pilot, "escape")  # nothing typed: closes without asking
        assert not isinstance(app.screen, (LogInteractionScreen, ConfirmDialog))


@scenario
async def test_logging_from_a_contact_skips_the_picker(db_path, signed_in):
    grace = person(signed_in, "Grace Hopper")
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "c", "enter")
        assert isinstance(app.screen, ContactDetailScreen)
        await press(pilot, "l")
        form = app.screen
        assert isinstance(form, LogInteractionScreen) and form.contact_id == grace
        form.query_one("#input-notes", TextArea).insert("Talked about COBOL.\nShe will send the manual.")
        await type_into(pilot, "#input-type", "call")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ContactDetailScreen)
    [stored] = interactions.for_contact(signed_in, grace)
    assert stored.notes == "Talked about COBOL.\nShe will send the manual." and stored.type == "call"


@scenario
async def test_bad_input_is_refused_at_the_field_and_nothing_is_saved(db_path, signed_in):
    grace = person(signed_in, "Grace Hopper")
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "c", "enter", "l")
        form = app.screen
        form.query_one("#input-when", Input).value = "someday"
        await press(pilot, "ctrl+s")
        assert "is not a date or time" in form.field("when").error
        assert form.focused is form.query_one("#input-when")
        form.query_one("#input-when", Input).value = "2026-11-18 09:00"
        form.query_one("#input-follow_up", Input).value = "2026-11-01"
        await press(pilot, "ctrl+s")
        assert form.field("when").error == ""
        assert "before the interaction" in form.field("follow_up").error
        await press(pilot, "escape")
        assert isinstance(app.screen, ConfirmDialog)  # something was typed: ask first
        await press(pilot, "n")
        assert app.screen is form and form.query_one("#input-when", Input).value == "2026-11-18 09:00"
        await press(pilot, "escape", "y")
        assert isinstance(app.screen, ContactDetailScreen)
    assert interactions.for_contact(signed_in, grace) == []


# Timeline --------------------------------------------------------------------------------------------


@scenario
async def test_the_timeline_groups_by_day_and_loads_the_next_page(db_path, signed_in):
    grace = person(signed_in, "Grace Hopper")
    for number in range(250):
        logged(signed_in, grace, when=f"-{number * 2}h", notes=f"note {number:03d}")
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "t")
        assert isinstance(app.screen, TimelineScreen)
        keys = table_keys(app)
        assert keys[0].startswith(timeline_screen.DAY_KEY)  # a heading before the first row
        assert len(interaction_keys(app)) == timeline_screen.PAGE_SIZE
        days = {key for key in keys if key.startswith(timeline_screen.DAY_KEY)}
        assert len(days) == 9  # 100 rows two hours apart span 9 local days
        assert status(app, "#timeline-status").startswith("1–100 · more below")
        await press(pilot, "ctrl+end")
        assert len(interaction_keys(app)) == 200
        await press(pilot, "ctrl+end")
        assert len(interaction_keys(app)) == 250
        assert status(app, "#timeline-status").startswith("1–250 · the first one ever")
        table = app.screen.query_one(DataTable)
        assert "note 249" in str(table.get_row_at(table.row_count - 1)[3])


@scenario
async def test_the_timeline_holds_a_window_of_pages(db_path, signed_in, monkeypatch):
    monkeypatch.setattr(timeline_screen, "MAX_PAGES", 2)
    grace = person(signed_in, "Grace Hopper")
    for number in range(250):
        logged(signed_in, grace, when=f"-{number}h", notes=f"note {number:03d}")
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "t", "ctrl+end", "ctrl+end")
        assert len(interaction_keys(app)) == 150  # pages 2 and 3: the first was dropped
        assert status(app, "#timeline-status").startswith("101–250")
        await press(pilot, "ctrl+home")
        assert len(interaction_keys(app)) == 200  # page 1 read again, page 3 dropped
        assert status(app, "#timeline-status").startswith("1–200")
        newest = timeline.page(signed_in, limit=1)[0]
        assert interaction_keys(app)[0] == str(newest.id)


@scenario
async def test_timeline_filters_search_and_one_person(db_path, signed_in):
    grace = person(signed_in, "Grace Hopper", tags=["navy"])
    alan = person(signed_in, "Alan Turing")
    logged(signed_in, grace, medium="email", when="-1d", notes="budget for the compiler")
    logged(signed_in, grace, medium="phone", when="-10d", notes="old call")
    alan_call = logged(signed_in, alan, medium="phone", when="-2d", notes="enigma budget")
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "t")
        assert len(interaction_keys(app)) == 3
        await press(pilot, "slash", *"budget")
        assert len(interaction_keys(app)) == 2
        assert "“budget”" in status(app, "#timeline-status")
        await press(pilot, "escape")  # leaves the search box
        await press(pilot, "escape")  # clears every filter
        assert len(interaction_keys(app)) == 3
        await press(pilot, "f")
        dialog = app.screen
        assert isinstance(dialog, TimelineFilterScreen)
        dialog.query_one("#input-medium", Select).value = "phone"
        await type_into(pilot, "#input-since", "2026-11-15")
        await type_into(pilot, "#input-until", "2026-11-01")
        await press(pilot, "ctrl+s")
        assert "ends" in dialog.field("until").error  # the range is backwards: refused at the field
        dialog.query_one("#input-until", Input).value = ""
        await press(pilot, "ctrl+s")
        assert interaction_keys(app) == [str(alan_call)]
        assert "Phone call" in status(app, "#timeline-status")
        await press(pilot, "escape", "f")
        await type_into(pilot, "#input-tag", "navy")
        await press(pilot, "ctrl+s")
        assert len(interaction_keys(app)) == 2
        await press(pilot, "escape")
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=table.get_row_index(str(alan_call)))
        await press(pilot, "i")  # only this row's contact
        assert interaction_keys(app) == [str(alan_call)]
        assert "with Alan Turing" in status(app, "#timeline-status")
        await press(pilot, "o")
        assert isinstance(app.screen, ContactDetailScreen) and app.screen.contact_id == alan


@scenario
async def test_enter_opens_the_interaction_to_edit_and_delete(db_path, signed_in):
    grace = person(signed_in, "Grace Hopper")
    call = logged(signed_in, grace, when="-1d", notes="first notes")
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "t", "down", "enter")
        dialog = app.screen
        assert isinstance(dialog, InteractionDialog) and dialog.interaction_id == call
        await press(pilot, "e")
        form = app.screen
        assert isinstance(form, LogInteractionScreen) and form.interaction_id == call
        assert form.query_one("#input-notes", TextArea).text == "first notes"
        form.query_one("#input-outcome", Input).value = "agreed"
        await press(pilot, "ctrl+s")
        assert app.screen is dialog
        assert interactions.get_interaction(signed_in, call).outcome == "agreed"
        await press(pilot, "ctrl+d", "y")
        assert isinstance(app.screen, TimelineScreen)
        assert interaction_keys(app) == []
    assert interactions.for_contact(signed_in, grace) == []


# Follow-ups and tasks --------------------------------------------------------------------------------


@scenario
async def test_follow_ups_done_undo_and_reschedule(db_path, signed_in):
    grace = person(signed_in, "Grace Hopper")
    alan = person(signed_in, "Alan Turing")
    late = logged(signed_in, grace, when="-5d", follow_up="+3d", notes="send the slides")  # due 18 Nov
    soon = logged(signed_in, alan, when="-1d", follow_up="+5d")  # due 24 Nov
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "p")
        assert isinstance(app.screen, FollowUpsScreen)
        assert table_keys(app) == [str(late), str(soon)]
        assert status(app, "#followups-status") == "1 overdue · 1 upcoming"
        await press(pilot, "x")
        assert table_keys(app) == [str(soon)]
        await press(pilot, "z")
        assert table_keys(app) == [str(late), str(soon)]
        await press(pilot, "up")  # the cursor stayed on Alan's: back to Grace's, the overdue one
        await press(pilot, "r")
        assert isinstance(app.screen, PromptDialog)
        await press(pilot, *"soon", "enter")
        assert "is not a date" in app.screen.query_one("#field-prompt").error
        app.screen.query_one("#prompt-input", Input).value = "+7d"
        await press(pilot, "enter")
        assert isinstance(app.screen, FollowUpsScreen)
        assert table_keys(app) == [str(soon), str(late)]
        assert status(app, "#followups-status") == "0 overdue · 2 upcoming"
    assert [item.due_on for item in followups.pending(signed_in)] == [date(2026, 11, 24), date(2026, 11, 27)]


@scenario
async def test_tasks_add_done_undo_and_show_done(db_path, signed_in):
    grace = person(signed_in, "Grace Hopper")
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "k")
        assert isinstance(app.screen, TasksScreen)
        await press(pilot, "n")
        form = app.screen
        assert isinstance(form, TaskFormScreen)
        await type_into(pilot, "#input-title", "Send Grace the manual")
        await type_into(pilot, "#input-due", "next week")
        await press(pilot, "ctrl+o", *"grace", "enter")
        assert form.chosen_contact == grace
        await press(pilot, "ctrl+s")
        assert "is not a date" in form.field("due").error
        assert tasks.list_tasks(signed_in) == []
        form.query_one("#input-due", Input).value = "+2d"
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, TasksScreen)
        [task] = tasks.list_tasks(signed_in)
        assert (task.title, task.due_on, task.contact_id) == ("Send Grace the manual", "2026-11-22", grace)
        row = app.screen.query_one(DataTable).get_row_at(0)
        assert str(row[2]) == "Send Grace the manual" and str(row[3]) == "Grace Hopper"
        await press(pilot, "x")
        assert table_keys(app) == []
        assert tasks.get_task(signed_in, task.id).done_at == clock.utcnow()
        await press(pilot, "h")
        assert table_keys(app) == [str(task.id)]
        await press(pilot, "x")
        assert tasks.get_task(signed_in, task.id).done_at is None
        await press(pilot, "h")
        assert table_keys(app) == [str(task.id)]


# Templates and quick links ---------------------------------------------------------------------------


@scenario
async def test_templates_add_refuses_an_unknown_placeholder(db_path, signed_in):
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "p", "m")
        assert isinstance(app.screen, TemplatesScreen)
        assert len(table_keys(app)) == 4  # the defaults
        await press(pilot, "n")
        form = app.screen
        assert isinstance(form, TemplateFormScreen)
        await type_into(pilot, "#input-name", "Thanks")
        form.query_one("#input-body", TextArea).insert("Thanks, {nickname}!")
        await press(pilot, "ctrl+s")
        assert "unknown placeholder {nickname}" in form.field("body").error
        assert len(templates.list_templates(signed_in)) == 4
        form.query_one("#input-body", TextArea).text = "Thanks, {first_name}!"
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, TemplatesScreen)
        names = [item.name for item in templates.list_templates(signed_in)]
        assert "Thanks" in names
        assert "Thanks, {first_name}!" in str(app.screen.query_one("#templates-preview", Static).content)
        await press(pilot, "ctrl+d", "y")
        assert "Thanks" not in [item.name for item in templates.list_templates(signed_in)]


@scenario
async def test_quick_links_copy_the_link_and_offer_logging(db_path, signed_in, monkeypatch):
    monkeypatch.setenv("SSH_CONNECTION", SSH)
    grace = person(signed_in, "Grace Hopper", phones=["+1 202 555 0143"], emails=["grace@example.org"])
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "c", "enter", "ctrl+r")
        links_screen = app.screen
        assert isinstance(links_screen, QuickLinksScreen) and not links_screen.open_links
        await press(pilot, "i")
        assert "no Instagram handle" in str(links_screen.query_one("#links-result", Static).content)
        await press(pilot, "down", "down", "down", "down")  # the "Follow-up" template
        await press(pilot, "w")
        url = (
            "https://wa.me/12025550143?text=Hi%20Grace%2C%20it%20was%20good%20to%20talk.%20Following%20up%20"
            "on%20our%20conversation%3A%20shall%20we%20pick%20it%20up%20again%20this%20week%3F%0A%0AAda%20Lovelace"
        )
        assert app.clipboard == url
        shown = links_screen.query_one("#links-result", Static).content
        assert url in str(shown) and "SSH session" in str(shown)
        assert any(span.style and f"link {url}" in str(span.style) for span in shown.spans)
        await press(pilot, "l")
        form = app.screen
        assert isinstance(form, LogInteractionScreen) and form.contact_id == grace
        assert form.query_one("#input-medium", Select).value == "whatsapp"
        assert form.query_one("#input-notes", TextArea).text.startswith("Hi Grace, it was good to talk.")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ContactDetailScreen)
    [stored] = interactions.for_contact(signed_in, grace)
    assert stored.medium == "whatsapp" and stored.type == "message"


@scenario
async def test_quick_links_open_the_link_when_local(db_path, signed_in, monkeypatch):
    for name in ("SSH_CONNECTION", "SSH_TTY", "SSH_CLIENT"):
        monkeypatch.delenv(name, raising=False)
    person(signed_in, "Grace Hopper", emails=["grace@example.org"])
    app = CrmApp(str(db_path), signed_in)
    opened: list[str] = []
    app.open_url = lambda url, new_tab=True: opened.append(url)  # no browser in a test run
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "c", "enter")
        titles = [title for title, _help, _command in app.palette_commands(app.screen)]
        assert "Quick links for current contact" in titles
        await press(pilot, "ctrl+r", "e")
        assert opened == ["mailto:grace@example.org"] == [app.clipboard]
        await press(pilot, "escape", "escape")
        titles = [title for title, _help, _command in app.palette_commands(app.screen)]
        assert "Quick links for current contact" not in titles  # no contact on the list screen
