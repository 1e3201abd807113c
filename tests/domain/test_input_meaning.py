"""Input that means what it says: units, local times that do not exist or repeat, the future, amounts, domains,
numbers, zones, passwords, display names and SMTP settings, categories; refused with a message that says how."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tui import accounts, categories, contacts, custom_fields, deals, interactions, settings, timeparse, validation
from tui.contacts import ContactInput
from tui.errors import NotFound, ValidationError
from tui.interactions import InteractionInput
from tui.models import Contact, Interaction

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 20, 10, 30, tzinfo=UTC)


def refusal(call, *args, **kwargs) -> str:
    with pytest.raises(ValidationError) as refused:
        call(*args, **kwargs)
    return refused.value.message


# -- units ----------------------------------------------------------------------------------------------------------


def test_min_is_minutes_mo_is_months_and_a_bare_m_is_refused_naming_both():
    assert timeparse.parse_moment("+30min", BERLIN, NOW) == datetime(2026, 11, 20, 11, 0, tzinfo=UTC)
    assert timeparse.parse_moment("+1mo", BERLIN, NOW).date().isoformat() == "2026-12-20"
    for text in ("+30m", "-2m"):
        message = refusal(timeparse.parse_moment, text, BERLIN, NOW)
        assert "min for minutes" in message and "mo for months" in message
    assert "min for minutes" in refusal(timeparse.parse_day, "+3m", BERLIN, NOW)
    assert timeparse.parse_moment("fri 10:00", BERLIN, NOW).isoformat() == "2026-11-27T10:00:00+01:00"  # kept


def test_hours_count_real_time_across_a_change_of_clocks():
    before = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 summer time in Berlin, just before they go back
    assert timeparse.parse_moment("+2h", BERLIN, before) == datetime(2026, 10, 25, 2, 30, tzinfo=UTC)


def test_a_local_time_that_does_not_exist_or_repeats_is_refused_with_how_to_write_it():
    gap = refusal(timeparse.parse_moment, "2027-03-28 02:30", BERLIN, NOW)
    assert "does not exist" in gap and "03:30" in gap
    fold = refusal(timeparse.parse_moment, "2026-10-25 02:30", BERLIN, NOW)
    assert "happens twice" in fold and "2026-10-25T02:30+02:00" in fold and "2026-10-25T02:30+01:00" in fold
    assert timeparse.parse_moment("2026-10-25T02:30+01:00", BERLIN, NOW) == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)


# -- the future ---------------------------------------------------------------------------------------------------


def test_an_interaction_in_the_future_is_refused_and_never_moves_last_contacted(actor):
    ann = contacts.add_contact(actor, ContactInput(name="Ann"))
    message = refusal(interactions.log_interaction, actor, ann.id, InteractionInput("phone", "+1y"))
    assert "in the future" in message
    assert Interaction.select().count() == 0
    interactions.log_interaction(actor, ann.id, InteractionInput("phone", "-1d"))
    # A row dated ahead by another program: the last-contacted moment stays at what has happened.
    talk = Interaction.get()
    Interaction.insert(
        owner=talk.owner,
        contact=ann.id,
        author=talk.author,
        medium="phone",
        occurred_at=datetime(2027, 11, 20),
        created_at=talk.created_at,
        updated_at=talk.updated_at,
    ).execute()
    interactions.refresh_last_contacted(actor, ann.id)
    assert Contact.get_by_id(ann.id).last_contacted_at == datetime(2026, 11, 19, 10, 30)


def test_a_birthday_after_today_is_refused_and_a_yearless_one_is_fine(actor):
    assert "in the future" in refusal(contacts.add_contact, actor, ContactInput(name="A", birthday="9999-01-01"))
    assert "in the future" in refusal(contacts.add_contact, actor, ContactInput(name="B", birthday="2026-12-01"))
    assert contacts.add_contact(actor, ContactInput(name="C", birthday="--12-01")).birthday == "--12-01"
    assert contacts.add_contact(actor, ContactInput(name="D", birthday="2026-11-20")).birthday == "2026-11-20"


# -- amounts, domains, numbers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, milli",
    [("12500", 12500000), ("12500.50", 12500500), ("12,500.50", 12500500), ("12,5", 12500), ("12.500,50", 12500500)],
)
def test_amounts_in_their_written_forms(typed, milli):
    assert deals.parse_value(typed, "EUR") == milli


@pytest.mark.parametrize("typed", ["1,2,3", "12,5000", "nan", "inf", "1e400", "١٢٣", "12.50.1", "--5"])
def test_amounts_that_mean_something_else_are_refused(typed):
    assert "is not an amount" in refusal(deals.parse_value, typed, "EUR")


def test_domains():
    assert validation.domain("https://Example.org/about") == "example.org"
    for typed in ("not a domain", "example", "exa_mple.org", "-x.org", "x.123"):
        assert "is not a domain" in refusal(validation.domain, typed)
    assert "is not a web address" in refusal(validation.url, "https://x.org/\x1b]0;pwned\x07", "picture_url")


def test_custom_number_fields_take_digits_only(actor):
    field = custom_fields.define_field(actor, "Score", "number")
    assert custom_fields.parse_value(field, "-3,5") == "-3.5"
    for typed in ("nan", "inf", "1e400", "-inf", "٣"):
        assert "must be a number" in refusal(custom_fields.parse_value, field, typed)


# -- zones, passwords, names, SMTP, e-mail ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["localtime", "Factory", "posixrules", "posix/Europe/Berlin", "Mars/Olympus"])
def test_only_iana_zone_names_are_taken(actor, name):
    assert "unknown time zone" in refusal(settings.set_setting, actor, "timezone", name)


def test_a_zone_is_stored_as_its_canonical_name(actor):
    assert settings.set_setting(actor, "timezone", "europe/berlin") == "Europe/Berlin"
    if not any((Path(folder) / "tzdata.zi").is_file() for folder in __import__("zoneinfo").TZPATH):
        pytest.skip("this system's zone database has no tzdata.zi to read the old names from")
    assert settings.set_setting(actor, "timezone", "Asia/Calcutta") == "Asia/Kolkata"


def test_a_password_of_spaces_is_refused(db):
    assert "only spaces" in refusal(accounts.signup, "x@example.org", "X", " " * 12)
    assert "only spaces" in refusal(accounts.check_password, "\t" * 8 + "  ")


def test_display_names_refuse_controls_at_signup_and_in_the_settings(db, actor):
    hostile = "Eve\x1b]0;pwned\x07\x1b[2J"
    assert "control character" in refusal(accounts.signup, "eve@example.org", hostile, "long enough pw")
    assert "control character (\\r" in refusal(accounts.signup, "eve@example.org", "Eve\r\nBcc: x", "long enough pw")
    assert "control character" in refusal(settings.set_setting, actor, "display_name", hostile)
    assert "control character" in refusal(settings.set_setting, actor, "smtp.password", "pw\x00")


@pytest.mark.parametrize(
    "key, value, says",
    [
        ("smtp.host", "smtp.example.org\r\nX: y", "control character"),
        ("smtp.host", "smtp example.org", "cannot hold spaces"),
        ("smtp.host", "smtp..example.org", "host name"),
        ("smtp.user", "ada lovelace", "cannot hold spaces"),
        ("smtp.user", "ada\rx", "control character"),
        ("smtp.from", "crm@example.org\nBcc: x@y.org", "line break"),
        ("smtp.from", "not an address", "not an e-mail address"),
    ],
)
def test_smtp_settings_refuse_what_has_no_meaning_there(actor, key, value, says):
    assert says in refusal(settings.set_setting, actor, key, value)


def test_smtp_host_takes_names_and_addresses(actor):
    for host in ("SMTP.Example.org", "localhost", "127.0.0.1", "[::1]"):
        assert settings.set_setting(actor, "smtp.host", host) == host.lower()


def test_an_address_with_a_300_character_local_part_is_refused(actor):
    address = "a" * 300 + "@example.org"
    assert "not an e-mail address" in refusal(contacts.add_contact, actor, ContactInput(name="A", emails=[address]))
    assert "at most 64" in refusal(validation.email, "a" * 65 + "@example.org")
    message = refusal(accounts.signup, address, "A", "long enough pw")
    assert len(message) < 200 and "…" in message


# -- categories -----------------------------------------------------------------------------------------------------


def test_a_new_category_needs_a_confirmation_and_names_the_closest(actor):
    message = refusal(contacts.add_contact, actor, ContactInput(name="A", relationship="frend"), new_categories=False)
    assert "did you mean friend?" in message and "--new-category" in message
    assert Contact.select().count() == 0
    mentor = contacts.add_contact(actor, ContactInput(name="A", relationship="Mentor"), new_categories=True)
    assert mentor.relationship == "mentor" and "mentor" in contacts.options(actor, "relationship")
    # Now it is offered; and a contact keeps its own category on an edit without confirming it again.
    contacts.add_contact(actor, ContactInput(name="B", relationship="mentor"), new_categories=False)
    Contact.update(industry="old-industry").where(Contact.id == mentor.id).execute()
    edited = contacts.edit_contact(
        actor, mentor.id, ContactInput(name="A2", relationship="mentor", industry="old-industry"), new_categories=False
    )
    assert edited.name == "A2"


def test_unused_own_categories_are_renamed_or_removed_and_used_ones_stay(actor):
    contacts.add_contact(actor, ContactInput(name="A", relationship="mentor", industry="shipping"))
    contacts.add_contact(actor, ContactInput(name="B", relationship="frend"))
    Contact.update(relationship="friend").where(Contact.name == "B").execute()
    settings.set_setting(actor, "cadence.frend", "9")
    assert [(c.kind, c.value, c.contacts) for c in categories.own_categories(actor)] == [
        ("relationship", "frend", 0),
        ("relationship", "mentor", 1),
        ("industry", "shipping", 1),
    ]
    assert "it stays" in refusal(categories.rename_category, actor, "relationship", "mentor", "teacher")
    assert "crm's own" in refusal(categories.remove_category, actor, "relationship", "friend")
    assert "already" in refusal(categories.rename_category, actor, "relationship", "frend", "Mentor")
    assert categories.rename_category(actor, "relationship", "frend", "Pal") == "pal"
    assert settings.read_settings(actor)["cadence.pal"] == 9 and "cadence.frend" not in settings.read_settings(actor)
    categories.remove_category(actor, "relationship", "pal")
    assert "cadence.pal" not in settings.read_settings(actor)
    assert "pal" not in contacts.options(actor, "relationship")
    with pytest.raises(NotFound):
        categories.remove_category(actor, "relationship", "pal")
