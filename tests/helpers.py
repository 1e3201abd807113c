"""What the test modules share, defined once: constants, markers, and helpers for the domain, the command line
and the app under Pilot. Fixtures are not here: they live in the conftest.py of the folder that needs them.

    from ..helpers import PASSWORD, scenario, settle, ...

Nothing of Textual is imported at module level (the Pilot helpers import it when they run), so the domain and
command-line tests load no more than they use.
"""

from __future__ import annotations

import asyncio
import functools
import io
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from rich.console import Console

from tui import clock, contacts, custom_fields, deals, followups, interactions, vip
from tui.contacts import ContactInput
from tui.deals import DealInput
from tui.interactions import InteractionInput
from tui.vip import VipSections

if TYPE_CHECKING:
    from textual.widgets import Static

    from tui.app import CrmApp
    from tui.scope import Actor

# -- paths and fixed values ---------------------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
"""The repository: where `python -m tui` runs and README.md is."""
SAMPLES = Path(__file__).resolve().parent / "samples"
"""Address books as Apple, Google, Outlook, Android and LinkedIn write them (tests/samples/)."""
FIXED_NOW = datetime(2026, 11, 20, 10, 30, tzinfo=UTC)  # a Friday
PASSWORD = "correct horse battery"
NEW_PASSWORD = "a brand new secret"
"""The password a reset sets (tests of password reset on every level)."""


# -- engine markers -----------------------------------------------------------------------------------------------


def sqlite_only(reason: str) -> pytest.MarkDecorator:
    """@sqlite_only("why"): the test is skipped under --engine postgresql, with `why` shown."""
    return pytest.mark.sqlite_only(reason)


def postgresql_only(reason: str) -> pytest.MarkDecorator:
    """@postgresql_only("why"): the test is skipped on SQLite, with `why` shown."""
    return pytest.mark.postgresql_only(reason)


# -- the domain ---------------------------------------------------------------------------------------------------


def at(text: str) -> None:
    """Fix the clock at `text`, a naive ISO time in UTC."""
    clock.fix(datetime.fromisoformat(text).replace(tzinfo=UTC))


def later(seconds: float) -> None:
    """Move the fixed clock on by `seconds`."""
    clock.fix(clock.now() + timedelta(seconds=seconds))


def refused_login(email: str, password: str = "wrong password") -> str:
    """A login that must fail (a wrong password by default); the message it fails with."""
    from tui import accounts
    from tui.errors import AuthError

    with pytest.raises(AuthError) as refused:
        accounts.authenticate(email, password)
    return str(refused.value)


def birthdays_today(actor: Actor, *names: str) -> list[int]:
    """Contacts whose birthday is today under the fixed clock; their ids."""
    return [contacts.add_contact(actor, ContactInput(name=name, birthday="--11-20")).id for name in names]


def ann_today(actor: Actor) -> None:
    """Ann, whose birthday is today under the fixed clock."""
    birthdays_today(actor, "Ann")


def by_name(actor: Actor) -> dict[str, dict]:
    """Every contact of `actor` as contact_dict, by name."""
    from tui.models import Contact

    found = {}
    for contact in Contact.select().where(Contact.owner == actor.user_id):
        found[contact.name] = contacts.contact_dict(actor, contacts.get_contact(actor, contact.id))
    return found


def links_of(actor: Actor, name: str) -> tuple[str, ...]:
    """The social links in the VIP sections of `actor`'s contact `name`."""
    contact = contacts.find_contact(actor, name)
    return vip.read_sections(actor, contact.id).social_links


def write_many_cards(path: Path, count: int) -> None:
    """A vCard file of `count` people, each with a long note (15000 make a file of several MB)."""
    with path.open("w", encoding="utf-8", newline="") as out:
        for number in range(count):
            out.write(
                f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {number}\r\nN:{number};Person;;;\r\n"
                f"EMAIL:person{number}@example.org\r\nTEL:+1 415 555 {number % 10000:04d}\r\n"
                f"NOTE:{'a long note to fill pages ' * 8}\r\nCATEGORIES:bulk,test{number % 7}\r\nEND:VCARD\r\n"
            )


def token_in(mail) -> str:
    """The password reset token in a reset mail."""
    found = re.search(r"Your reset token: (\S+)", mail.get_content())
    assert found, mail.get_content()
    return found.group(1)


def vip_grace(actor: Actor):
    """Ada's contact Grace Hopper, a VIP with an interaction of Ada's (for the sharing tests)."""
    contact = contacts.add_contact(
        actor, ContactInput(name="Grace Hopper", emails=["grace@navy.mil"], company="US Navy", vip=True)
    )
    interactions.log_interaction(actor, contact.id, InteractionInput("video", "2026-11-18 09:00", notes="COBOL talk"))
    return contact


def fill_address_book(actor: Actor) -> Actor:
    """Contacts with every kind of value an export must carry (for the export tests); `actor` again."""
    custom_fields.define_field(actor, "Met at", "text")
    custom_fields.define_field(actor, "Shirt", "choice", ["S", "M", "L"])
    ann = contacts.add_contact(
        actor,
        ContactInput(
            name="Ann-Sofie Ødegård, Jr.",
            emails=["ann@example.org", "Ann.S@Work.Example"],
            phones=["+47 912 34 567", "+44 20 7946 0018"],
            whatsapp="+47 912 34 567",
            instagram="ann.sofie",
            company="Nordlys; Søn & Co",
            title="CTO, Platform",
            relationship="friend",
            industry="Shipping",
            location="Tromsø, Norway",
            address="Storgata 1\n9008 Tromsø\nNorway",
            tags=["friends", "a;b", "Climbing"],
            notes="Likes: coffee, \\ backslashes\nand long lines " + "— very long indeed " * 12,
            birthday="--02-29",
            anniversary="2012-06-09",
            picture_url="https://example.org/ann.jpg",
            cadence_days=21,
            vip=True,
            custom={"Met at": "PyCon, Oslo", "Shirt": "M"},
        ),
    )
    vip.save_sections(
        actor,
        ann.id,
        VipSections(family="Two cats", social_links=("https://ann.example/blog", "https://mastodon.example/@ann")),
    )
    quiet = contacts.add_contact(
        actor, ContactInput(name="王小明", phones=["(415) 555-0199"], active=False, birthday="1984-02-29")
    )
    contacts.archive_contact(actor, quiet.id)
    contacts.add_contact(actor, ContactInput(name="Plain"))
    return actor


def person(actor: Actor, name: str, created: str, **fields) -> int:
    """A contact added at `created` (UTC, as stored)."""
    return contacts.add_contact(actor, ContactInput(name=name, **fields), created_at=datetime.fromisoformat(created)).id


def talk(actor: Actor, contact_id: int, when: str, medium: str, follow_up: str = "") -> int:
    """An interaction at `when`, Ada's local time."""
    return interactions.log_interaction(
        actor, contact_id, InteractionInput(medium=medium, when=when, follow_up=follow_up)
    ).id


def known_book(actor: Actor, other_actor: Actor) -> dict[str, int]:
    """Nine contacts, thirteen interactions, six deals; and someone else's data that must not count.

    The dashboard's dataset (its statistics and its screen). Returns the contact ids by name.
    """
    ids = {
        "Ann": person(actor, "Ann", "2025-06-10 12:00:00", birthday="1990-11-22"),
        "Bob": person(actor, "Bob", "2025-12-15 12:00:00"),
        "Cyd": person(actor, "Cyd", "2026-03-31 23:30:00"),  # 1 April in Berlin
        "Dan": person(actor, "Dan", "2026-11-02 12:00:00", active=False),
        "Eve": person(actor, "Eve", "2026-10-01 12:00:00"),
        "Fay": person(actor, "Fay", "2026-11-19 09:00:00"),
        "Gus": person(actor, "Gus", "2026-01-10 00:00:00"),
        "Hal": person(actor, "Hal", "2025-09-01 12:00:00"),
        "Ivy": person(actor, "Ivy", "2025-01-01 12:00:00", active=False),
    }
    talk(actor, ids["Ann"], "2026-11-16 00:30", "in_person")  # Monday just after midnight: this week
    talk(actor, ids["Ann"], "2026-11-15 23:59", "phone")  # Sunday night: last week
    talk(actor, ids["Ann"], "2026-10-26 00:15", "video")  # the Monday after the clocks went back
    talk(actor, ids["Ann"], "2026-08-31 00:00", "email")  # the first moment of the first week charted
    talk(actor, ids["Ann"], "2026-08-30 23:59", "email")  # a minute before it
    talk(actor, ids["Ann"], "2025-11-30 23:30", "whatsapp")  # before the twelve months of the medium chart
    talk(actor, ids["Bob"], "2026-11-01 00:30", "chat", follow_up="2026-11-10")  # November here, October in UTC
    talk(actor, ids["Bob"], "2026-10-31 23:30", "chat")
    done = talk(actor, ids["Bob"], "2026-09-01 10:00", "sms", follow_up="2026-09-05")
    followups.mark_done(actor, done)
    talk(actor, ids["Cyd"], "2026-10-05 10:00", "phone", follow_up="2026-11-20")  # due today: upcoming
    talk(actor, ids["Cyd"], "2026-11-18 09:00", "in_person", follow_up="2026-12-01")
    talk(actor, ids["Eve"], "2026-11-03 12:00", "email", follow_up="2026-11-05")
    talk(actor, ids["Hal"], "2026-09-15 12:00", "whatsapp")
    contacts.archive_contact(actor, ids["Eve"])

    deals.add_deal(
        actor,
        DealInput(title="Ann's lead", contact_id=ids["Ann"], value="1000", currency="EUR", expected_close="2026-12-01"),
    )
    deals.add_deal(actor, DealInput(title="Bob's lead", contact_id=ids["Bob"], value="500", currency="USD"))
    deals.add_deal(
        actor,
        DealInput(
            title="Cyd's proposal",
            contact_id=ids["Cyd"],
            stage="proposal",
            value="2500.50",
            currency="EUR",
            expected_close="2026-11-25",
        ),
    )
    archived = deals.add_deal(
        actor, DealInput(title="Shelved", contact_id=ids["Ann"], stage="negotiation", value="100")
    )
    deals.set_archived(actor, archived.id, True)
    deals.add_deal(actor, DealInput(title="Won", contact_id=ids["Bob"], stage="closed_won", value="999"))
    deals.add_deal(
        actor, DealInput(title="Late one", contact_id=ids["Cyd"], stage="qualified", expected_close="2026-11-10")
    )

    stranger = person(other_actor, "Zed", "2026-11-19 12:00:00")
    talk(other_actor, stranger, "2026-11-02 12:00", "email", follow_up="2026-11-03")
    deals.add_deal(other_actor, DealInput(title="Not Ada's", contact_id=stranger, value="5"))
    return ids


# -- the command line ---------------------------------------------------------------------------------------------

NOT_SIGNED_IN = "error: not signed in: run crm login\n"


@dataclass
class Result:
    """What one in-process `crm` run (the `crm` fixture of tests/cli/conftest.py) gave."""

    code: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)


class TtyInput(io.StringIO):
    """Typed answers on a stdin that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def assert_error(result: Result, message: str | None = None) -> None:
    """Exit 1 with exactly one `error: ...` line on stderr and nothing on stdout."""
    assert result.code == 1, result
    assert result.out == ""
    assert result.err.startswith("error: ") and result.err.count("\n") == 1, result.err
    if message is not None:
        assert message in result.err


def ok(result: Result) -> Result:
    """Exit 0 (stderr shown if not); the result again."""
    assert result.code == 0, result.err
    return result


def ok_and_quiet(result: Result) -> Result:
    """Exit 0 and nothing at all on stderr; the result again."""
    assert result.code == 0, result.err
    assert result.err == ""
    return result


def add(crm, *args: str) -> int:
    """`crm contacts add ARGS...` through the `crm` fixture; the new contact's id."""
    result = crm("contacts", "add", *args)
    assert result.code == 0, result.err
    return int(result.out)


def run_process(args: list[str], tmp_path: Path, stdin: str = "") -> subprocess.CompletedProcess:
    """`python ARGS...` in a process of its own, in the repository, with a config folder of its own."""
    env = {**os.environ, "CRM_CONFIG_DIR": str(tmp_path / "process-config")}
    for name in ("CRM_DB", "CRM_NOW"):
        env.pop(name, None)
    return subprocess.run(
        [sys.executable, *args], input=stdin, capture_output=True, text=True, cwd=ROOT, env=env, timeout=120
    )


def crm_command() -> str:
    """The installed `crm` console script, as tmux runs it."""
    script = Path(sys.executable).parent / "crm"
    if not script.exists():
        pytest.fail("the crm console script is not installed in this environment: run make test")
    return str(script)


# -- the app under Pilot ------------------------------------------------------------------------------------------
#
# settle / press / pressing leave the toasts on the screen: tests look at them (`notes`, `toasts`).
# The screenshot tests whose screens may be under a toast clear them before the picture is taken:
# settle_and_clear_toasts / pressing_and_clearing_toasts.

SIZE = (100, 32)
"""The terminal size of the app's own tests and of most screenshots."""


def scenario(test):
    """Run an async Pilot test to completion (the suite has no async plugin)."""

    @functools.wraps(test)
    def run(*args, **kwargs) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


async def settle(pilot) -> None:
    """Let pending messages run and every worker finish."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def settle_and_clear_toasts(pilot) -> None:
    """`settle`, then clear the toasts: for a screenshot that must not catch one (a reminder's, say)."""
    await settle(pilot)
    pilot.app.clear_notifications()
    await pilot.pause()


async def press(pilot, *keys: str) -> None:
    """Press `keys` one by one, letting messages and workers settle after each."""
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


def pressing(*keys: str):
    """A run_before (for snap_compare) that settles, then presses `keys`, letting workers finish after each."""

    async def run(pilot) -> None:
        await settle(pilot)
        await press(pilot, *keys)

    return run


def pressing_and_clearing_toasts(*keys: str):
    """`pressing`, then clear the toasts: the screenshot is of the screen itself, without a toast over it."""

    async def run(pilot) -> None:
        await pressing(*keys)(pilot)
        pilot.app.clear_notifications()
        await pilot.pause()

    return run


async def type_into(pilot, selector: str, text: str) -> None:
    """Focus an input and enter `text` as a paste would (key by key costs ~70 ms a key under Pilot)."""
    from textual.widgets import Input

    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    await pilot.pause()
    field.insert_text_at_cursor(text)
    await pilot.pause()


def status_line(app: CrmApp) -> str:
    """The contacts list's status line."""
    from textual.widgets import Static

    return str(app.screen.query_one("#contacts-status", Static).content)


def plain(renderable) -> str:
    """What a Rich renderable shows, as text, 100 columns wide."""
    console = Console(width=100, file=io.StringIO(), record=True)
    console.print(renderable)
    return console.export_text()


def shown(widget: Static) -> str:
    """What a Static shows, as plain text (its content may be a Rich renderable), 200 columns wide: one line
    of a wide widget stays one line."""
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(widget.content)
    return console.export_text()


def notes(app: CrmApp) -> list[str]:
    """The messages of the toasts shown so far."""
    return [note.message for note in app._notifications]


def toasts(app: CrmApp, severity: str | None = None) -> list[str]:
    """The toasts shown so far as "title|message", only those of `severity` if given."""
    return [
        f"{note.title}|{note.message}" for note in app._notifications if severity is None or note.severity == severity
    ]
