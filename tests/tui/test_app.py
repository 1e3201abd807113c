"""The full-screen app driven with Pilot over a real SQLite file: sign-in, modes, contacts, help."""

from __future__ import annotations

from textual.widgets import DataTable, Input, Static

from tui import accounts, contacts, database, interactions, models, settings
from tui.app import DESTINATIONS, CrmApp
from tui.contacts import ContactFilter, ContactInput
from tui.interactions import InteractionInput
from tui.screens.auth import AuthScreen
from tui.screens.contact_detail import ContactDetailScreen
from tui.screens.contact_form import ContactFormScreen
from tui.screens.contacts import PAGE_SIZE, ContactsScreen
from tui.screens.dashboard import DashboardScreen
from tui.screens.help import HelpScreen
from tui.widgets.field import Field

from ..helpers import PASSWORD, SIZE, scenario, settle, status_line, type_into


def add_people(actor, count: int) -> None:
    for number in range(count):
        contacts.add_contact(actor, ContactInput(name=f"Person {number:03d}"))


@scenario
async def test_sign_up_lands_on_the_dashboard(db_path, db, monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Berlin")
    app = CrmApp(str(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, AuthScreen)
        await type_into(pilot, "#signup-email", "grace@example.org")
        await type_into(pilot, "#signup-name", "Grace Hopper")
        await type_into(pilot, "#signup-password", PASSWORD)
        await type_into(pilot, "#signup-password2", PASSWORD)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert app.actor.email == "grace@example.org"
        assert app.actor.timezone == "Europe/Berlin"
        assert app.sub_title == "Grace Hopper · Fri 20 Nov 2026"
    assert accounts.remembered_actor(database.location_key(str(db_path))).email == "grace@example.org"


@scenario
async def test_sign_up_with_differing_passwords_is_refused_at_the_field(db_path, db):
    app = CrmApp(str(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_into(pilot, "#signup-email", "grace@example.org")
        await type_into(pilot, "#signup-name", "Grace Hopper")
        await type_into(pilot, "#signup-password", PASSWORD)
        await type_into(pilot, "#signup-password2", "something else")
        await pilot.click("#signup-submit")
        await settle(pilot)
        field = app.screen.query_one("#signup-password2-field", Field)
        assert "differ" in field.error
        assert app.screen.query_one("#signup-email", Input).value == "grace@example.org"
        assert isinstance(app.screen, AuthScreen)


@scenario
async def test_log_in_with_a_wrong_password_shows_the_message_and_stays(db_path, actor):
    app = CrmApp(str(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_into(pilot, "#login-email", "ada@example.org")
        await type_into(pilot, "#login-password", "not the password")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AuthScreen)
        field = app.screen.query_one("#login-password-field", Field)
        assert field.error == accounts.WRONG_LOGIN
        assert app.screen.query_one("#login-email", Input).value == "ada@example.org"
        assert app.actor is None


@scenario
async def test_log_in_then_log_out(db_path, actor):
    app = CrmApp(str(db_path))
    key = database.location_key(str(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_into(pilot, "#login-email", "ada@example.org")
        await type_into(pilot, "#login-password", PASSWORD)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert accounts.remembered_actor(key) == actor
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(app.screen, AuthScreen)
        assert app.screen.query_one("#login-password", Input).value == ""
        assert accounts.remembered_actor(key) is None
        await pilot.press("c")  # mode keys do nothing while nobody is signed in
        await settle(pilot)
        assert isinstance(app.screen, AuthScreen)


@scenario
async def test_every_mode_key_switches_screens(db_path, signed_in):
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.current_mode == DESTINATIONS[0].mode
        for destination in reversed(DESTINATIONS):
            await pilot.press(destination.key)
            await settle(pilot)
            assert app.current_mode == destination.mode
            assert isinstance(app.screen, destination.screen)


@scenario
async def test_dashboard_shows_counts_and_recent_contacts(db_path, signed_in):
    add_people(signed_in, 3)
    vera = contacts.add_contact(signed_in, ContactInput(name="Vera Vip", vip=True))
    interactions.log_interaction(signed_in, vera.id, InteractionInput(medium="phone", when="2026-11-19 10:00"))
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.query_one("#card-contacts").value == 4
        assert app.screen.query_one("#card-meetings").value == 1
        recent = app.screen.query_one("#list-recent", DataTable)
        assert "Vera Vip" in str(recent.get_row_at(0)[0])
        recent.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ContactDetailScreen)
        assert app.screen.details["name"] == "Vera Vip"


@scenario
async def test_an_empty_dashboard_says_how_to_start(db_path, signed_in):
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = str(app.screen.query_one("#dashboard-empty", Static).content)
        assert "crm demo" in text and "press" in text
        assert app.screen.has_class("-empty")


@scenario
async def test_a_contact_added_in_the_form_appears_in_the_list(db_path, signed_in):
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ContactFormScreen)
        await type_into(pilot, "#input-name", "Grace Hopper")
        await type_into(pilot, "#input-emails", "grace@example.org, amazing@example.org")
        await type_into(pilot, "#input-tags", "navy, cobol")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ContactsScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 1
        assert str(table.get_row_at(0)[1]) == "Grace Hopper"
        assert status_line(app).startswith("1–1 of 1")
    stored = contacts.find_contact(signed_in, "Grace Hopper")
    assert stored.emails == ["grace@example.org", "amazing@example.org"]
    assert contacts.contact_tags(stored.id) == ["cobol", "navy"]


@scenario
async def test_an_invalid_email_is_refused_at_the_field_and_nothing_is_saved(db_path, signed_in):
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await type_into(pilot, "#input-name", "Grace Hopper")
        await type_into(pilot, "#input-emails", "grace-at-example")
        await type_into(pilot, "#input-birthday", "--12-09")
        await pilot.press("ctrl+s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ContactFormScreen)
        assert "not an e-mail address" in form.field("emails").error
        assert form.focused is form.query_one("#input-emails")
        assert form.query_one("#input-name", Input).value == "Grace Hopper"
        assert form.query_one("#input-birthday", Input).value == "--12-09"
        assert form.field("name").error == ""
        await pilot.press("escape")  # something was typed: asks before discarding it
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
    assert contacts.count_contacts(signed_in) == 0


@scenario
async def test_a_contact_needs_a_name(db_path, signed_in):
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await type_into(pilot, "#input-location", "London")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen.field("name").error == "the name is required"
        assert app.screen.query_one("#input-location", Input).value == "London"
    assert contacts.count_contacts(signed_in) == 0


@scenario
async def test_search_filters_the_list_and_escape_clears_it(db_path, signed_in):
    for name in ("Ada Byron", "Grace Hopper", "Alan Turing", "Adele Goldberg"):
        contacts.add_contact(signed_in, ContactInput(name=name))
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 4
        await pilot.press("slash")
        await pilot.press(*"ad")
        await settle(pilot)
        assert app.screen.focused is app.screen.query_one("#contacts-search", Input)
        names = [str(table.get_row_at(index)[1]) for index in range(table.row_count)]
        assert names == ["Ada Byron", "Adele Goldberg"]
        assert status_line(app).startswith("1–2 of 2")
        await pilot.press(*"zzz")
        await settle(pilot)
        assert table.row_count == 0
        assert "no contacts match" in status_line(app)
        await pilot.press("escape")
        await settle(pilot)
        assert table.row_count == 4
        assert app.screen.focused is table


@scenario
async def test_sort_key_cycles_the_order(db_path, signed_in):
    add_people(signed_in, 3)
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert str(table.get_row_at(0)[1]) == "Person 000"
        await pilot.press("s", "s", "s")  # name -> last contacted -> status -> added
        await settle(pilot)
        assert "sorted by added" in status_line(app)
        assert str(table.get_row_at(0)[1]) == "Person 002"


@scenario
async def test_the_list_holds_one_page_and_pages_at_its_edges(db_path, signed_in):
    add_people(signed_in, 120)
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert table.row_count == PAGE_SIZE == 50
        assert status_line(app).startswith("1–50 of 120")
        while table.cursor_row < table.row_count - 1:
            await pilot.press("pagedown")
        await pilot.press("pagedown")
        await settle(pilot)
        assert table.row_count == PAGE_SIZE
        assert status_line(app).startswith("51–100 of 120")
        assert str(table.get_row_at(table.cursor_row)[1]) == "Person 050"
        await pilot.press("ctrl+end", "down")
        await settle(pilot)
        assert table.row_count == 20
        assert status_line(app).startswith("101–120 of 120")
        await pilot.press("pageup")
        await settle(pilot)
        assert status_line(app).startswith("51–100 of 120")
        assert str(table.get_row_at(table.cursor_row)[1]) == "Person 099"


@scenario
async def test_detail_keys_change_the_contact(db_path, signed_in):
    contact = contacts.add_contact(signed_in, ContactInput(name="Grace Hopper", emails=["grace@example.org"]))
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, ContactDetailScreen)
        await pilot.press("v")
        assert contacts.get_contact(signed_in, contact.id).vip
        await pilot.press("x")
        assert contacts.get_contact(signed_in, contact.id).archived
        await pilot.press("x")
        assert not contacts.get_contact(signed_in, contact.id).archived
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ContactFormScreen)
        assert app.screen.query_one("#input-emails", Input).value == "grace@example.org"
        await type_into(pilot, "#input-location", "Arlington")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is detail
        assert detail.details["location"] == "Arlington"
        await pilot.press("ctrl+d")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert contacts.count_contacts(signed_in) == 1
        await pilot.press("ctrl+d")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, ContactsScreen)
        assert app.screen.query_one(DataTable).row_count == 0
    assert contacts.count_contacts(signed_in, ContactFilter(archived=True)) == 0
    assert contacts.count_contacts(signed_in) == 0


@scenario
async def test_help_lists_the_mode_keys_and_the_screen_keys(db_path, signed_in):
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        listed = {group.title: dict(group.keys) for group in app.screen.groups}
        for destination in DESTINATIONS:
            if destination.key in listed["This screen"]:
                continue  # the screen's own key wins there (t tags the marked contacts)
            assert listed["Everywhere"][destination.key] == f"Go to {destination.title}"
        assert listed["Everywhere"]["a"] == "Add a contact"
        assert listed["This screen"]["/"] == "Search as you type"
        assert listed["This screen"]["s"].startswith("Sort by name")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ContactsScreen)


@scenario
async def test_help_follows_remapped_keys(db_path, signed_in):
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        app.set_keymap({"go.contacts": "k"})
        await pilot.press("k")
        await settle(pilot)
        assert isinstance(app.screen, ContactsScreen)
        await pilot.press("question_mark")
        await settle(pilot)
        everywhere = dict(app.screen.groups[-1].keys)
        assert everywhere["k"] == "Go to Contacts" and "c" not in everywhere


@scenario
async def test_command_palette_offers_the_app_commands(db_path, signed_in):
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = [title for title, _help, _command in app.palette_commands(app.screen)]
        for expected in [f"Go to {destination.title}" for destination in DESTINATIONS] + [
            "Add a contact",
            "Show every key",
            "Log out on this machine",
            "Quit crm",
        ]:
            assert expected in titles
        assert "Focus Next" not in titles  # Textual's own keys stay out
        await pilot.press("c")
        await settle(pilot)
        contact_titles = [title for title, _help, _command in app.palette_commands(app.screen)]
        assert "Search as you type" in contact_titles  # the screen's own keys are offered too
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"go to contacts")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        assert app.current_mode == "contacts"


@scenario
async def test_the_theme_follows_the_users_setting(db_path, signed_in):
    settings.set_setting(signed_in, "theme", "light")
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "textual-light"


@scenario
async def test_a_worker_error_is_shown_and_the_app_keeps_running(db_path, signed_in):
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        database.close_database()
        models.database.initialize(None)  # from now on every read fails, in every thread
        await pilot.press("c")
        await settle(pilot)
        assert app.is_running
        assert any(note.severity == "error" for note in app._notifications)
