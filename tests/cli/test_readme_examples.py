"""Every command example in the README runs, in order, so that none can go stale.

The examples of each README section run in that order in a scratch home of their own (the default database under
it), as `crm` would run them, with the setup they need done just before (named in PREPARE). The few that cannot
run here are listed in NOT_RUN with the reason; an example that is neither run nor listed fails the test, and so
does a listed one that the README no longer has.
"""

from __future__ import annotations

import getpass
import os
import re
import shlex
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tui import accounts, database, sharing
from tui.cli import main
from tui.contacts import ContactInput, add_contact

from ..helpers import PASSWORD, ROOT, SAMPLES, TtyInput

pytestmark = pytest.mark.sqlite_only("the README's examples use the default database file and back it up as a file")

README = ROOT / "README.md"
YOU, BOB = "you@example.org", "bob@example.org"
NEW_PASSWORD = "a new passphrase"


@dataclass(frozen=True)
class Example:
    """One command of a `sh` block: the README section it is in, and the line without its comment."""

    section: str
    command: str


def readme_examples(text: str) -> list[Example]:
    """The commands of the README's `sh` blocks, in order, each with the `## ` section it is under."""
    examples, section, in_block = [], "", False
    for line in text.splitlines():
        if line.startswith("## "):
            section = line[3:].strip()
        elif line.startswith("```"):
            in_block = line.strip() == "```sh"
        elif in_block:
            command = _without_comment(line).strip()
            if command:
                examples.append(Example(section, command))
    return examples


def _without_comment(line: str) -> str:
    """The line up to a `#` that starts a shell comment (outside quotes, after a space)."""
    quote = ""
    for index, char in enumerate(line):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "#" and (index == 0 or line[index - 1].isspace()):
            return line[:index]
    return line


NOT_RUN = {
    Example("Quick start", "make run"): "starts the full-screen app on the default database: tests/tui drive the app",
    Example("Quick start", "make test"): "runs this very suite",
    Example(
        "A shared database for a team (PostgreSQL)", "sudo -u postgres createuser --pwprompt crm_team"
    ): "needs root and the system's PostgreSQL server; tests/postgres_server.py makes its own role",
    Example(
        "A shared database for a team (PostgreSQL)", "sudo -u postgres createdb --owner crm_team crm"
    ): "needs root and the system's PostgreSQL server; each PostgreSQL test gets a database of its own",
    Example(
        "A shared database for a team (PostgreSQL)",
        "export CRM_DB='postgresql://crm_team@db.example.org/crm?sslmode=require'",
    ): "names a remote server; `make test` runs every command on a PostgreSQL server it starts itself",
    Example(
        "A shared database for a team (PostgreSQL)", 'crm signup --email you@example.org --name "Your Name"'
    ): "on the remote server of the line before; the same command runs above, in The command line",
    Example("A shared database for a team (PostgreSQL)", "crm"): "the full-screen app: tests/tui drive it",
    Example(
        "Benchmark", ".venv/bin/python bench/run.py --contacts 100000"
    ): "builds 100,000 contacts, for minutes: `make bench`",
    Example(
        "Benchmark", ".venv/bin/python bench/run.py --contacts 100000 --postgresql postgresql://me@/postgres"
    ): "needs a PostgreSQL server and minutes",
}


@dataclass
class Scratch:
    """One section's run: its home folder, the passwords a prompt is answered with, the mails sent so far."""

    home: Path
    mails: object
    password: str = PASSWORD
    typed: list[str] = field(default_factory=list)

    def location(self) -> str:
        return str(database.resolve_location(None))

    def sign_in(self, email: str = YOU) -> None:
        """Sign `email` in on this machine, in-process (as an earlier example's login would have)."""
        database.open_database(self.location())
        accounts.remember(database.location_key(self.location()), accounts.authenticate(email, self.password))
        database.close_database()

    def latest_token(self) -> str:
        [*_, mail] = self.mails.wait_for(1)
        return re.search(r"Your reset token: (\S+)", mail.get_content()).group(1)


def _sign_up_first(scratch: Scratch) -> None:
    database.open_database(scratch.location())
    accounts.remember(
        database.location_key(scratch.location()), accounts.signup(YOU, "Your Name", PASSWORD, "Europe/Berlin")
    )
    database.close_database()


def _bob_signs_up(scratch: Scratch) -> None:
    """Bob, a second user of the same database, to share with."""
    database.open_database(scratch.location())
    accounts.signup(BOB, "Bob Builder", PASSWORD, "Europe/Berlin")
    database.close_database()


def _bob_shares_two_contacts(scratch: Scratch) -> None:
    """Bob shares two of his contacts with you (view and add notes): shares 2 and 3, after yours to him."""
    database.open_database(scratch.location())
    bob = accounts.authenticate(BOB, PASSWORD)
    for name in ("Linus Torvalds", "Margaret Hamilton"):
        contact = add_contact(bob, ContactInput(name=name))
        sharing.share(bob, contact.id, YOU, permission="view_add")
    database.close_database()


def _import_files(scratch: Scratch) -> None:
    (scratch.home / "contacts.vcf").write_bytes((SAMPLES / "apple.vcf").read_bytes())
    # LinkedIn's export: its notes, then the header (the sample in tests/samples has a Grace Hopper of its own).
    lines = (SAMPLES / "linkedin.csv").read_text("utf-8").splitlines(keepends=True)
    (scratch.home / "Connections.csv").write_text(
        "".join(line for line in lines if "Grace" not in line), encoding="utf-8"
    )
    (scratch.home / "people.csv").write_text(
        "Name,E-Mail,Mobil,Seit\nKlara Berg,klara@example.de,+49 30 1234567,2021-03-04\n", encoding="utf-8"
    )


PREPARE: dict[Example, Callable[[Scratch], None]] = {
    # The quick start's demo runs after signing up in the app that `make run` opens.
    Example("Quick start", ".venv/bin/crm demo --contacts 200"): _sign_up_first,
    # The example before it signed out on this machine.
    Example("The command line", "crm whoami --json"): lambda scratch: scratch.sign_in(),
    # `crm passwd` signed out the other sessions, and the reset of the password ends every session.
    Example("The command line", "crm settings"): lambda scratch: scratch.sign_in(),
    Example(
        "The command line",
        'crm share "Grace Hopper" --with bob@example.org --permission view_add'
        ' --expires 2026-12-31 --note "our mentor"',
    ): _bob_signs_up,
    Example("The command line", "crm shares"): _bob_shares_two_contacts,
    Example("The command line", "crm import contacts.vcf --dry-run"): _import_files,
}
# Placeholders replaced by what the setup made: the token that `crm reset-password --email` just mailed.
PLACEHOLDERS: dict[str, Callable[[Scratch], str]] = {"TOKEN": Scratch.latest_token}


def run_example(example: Example, scratch: Scratch, capsys) -> tuple[int, str, str]:
    """Run one example as the shell would: `crm ...` (or .venv/bin/crm), `~` expanded, `> FILE` written."""
    words = [os.path.expanduser(word) for word in shlex.split(example.command)]
    words = [PLACEHOLDERS[word](scratch) if word in PLACEHOLDERS else word for word in words]
    target = None
    if ">" in words:
        at = words.index(">")
        words, target = words[:at], words[at + 1]
    assert words[0] in ("crm", ".venv/bin/crm"), f"not a crm command: {example.command}"
    code = main(words[1:])
    out, err = capsys.readouterr()
    if target is not None:
        (scratch.home / target).write_text(out, encoding="utf-8")
    return code, out, err


@pytest.fixture
def answered_prompts(monkeypatch):
    """Password prompts answered as a person would: the current password, or the new one twice."""
    state = {"current": PASSWORD, "last": ""}

    def answer(prompt: str = "") -> str:
        if prompt.startswith("Repeat"):
            value = state["last"]
        elif prompt.startswith("New"):
            value = state["current"] = NEW_PASSWORD
        else:
            value = state["current"]
        state["last"] = value
        return value

    monkeypatch.setattr(sys, "stdin", TtyInput(""))
    monkeypatch.setattr(getpass, "getpass", answer)
    return state


SECTIONS = list(dict.fromkeys(example.section for example in readme_examples(README.read_text("utf-8"))))


def test_the_list_of_examples_not_run_names_only_examples_the_readme_has():
    examples = set(readme_examples(README.read_text("utf-8")))
    assert set(NOT_RUN) - examples == set(), "NOT_RUN names examples the README no longer has"
    assert set(PREPARE) - examples == set(), "PREPARE names examples the README no longer has"
    assert len(examples) > 60


@pytest.mark.parametrize("section", SECTIONS)
def test_every_example_of_a_section_runs_in_order(section, tmp_path, monkeypatch, capsys, answered_prompts, smtp_sink):
    home = tmp_path / "home"
    home.mkdir()
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(home)
    for name, value in {
        "CRM_MAIL_HOST": "127.0.0.1",
        "CRM_MAIL_PORT": str(smtp_sink.port),
        "CRM_MAIL_STARTTLS": "off",
    }.items():
        monkeypatch.setenv(name, value)
    scratch = Scratch(home, smtp_sink)
    ran = []
    for example in readme_examples(README.read_text("utf-8")):
        if example.section != section or example in NOT_RUN:
            continue
        if example in PREPARE:
            PREPARE[example](scratch)
        code, out, err = run_example(example, scratch, capsys)
        assert code == 0, f"README example failed: {example.command}\n{err}"
        if example.command.startswith("crm passwd") or "--token" in example.command:
            scratch.password = NEW_PASSWORD
        ran.append(example.command)
    assert ran or all(
        example in NOT_RUN for example in readme_examples(README.read_text("utf-8")) if example.section == section
    )
