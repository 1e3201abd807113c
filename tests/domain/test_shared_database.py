"""Several crm processes on one database at once: nothing delivered twice, nothing lost.

Runs on both engines: on SQLite the processes share one file, on PostgreSQL one server database
(`--engine postgresql`), which is what a team's shared database is for.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from tui import contacts, database, settings, sharing
from tui.contacts import ContactInput
from tui.models import Delivery, Interaction, Reminder, Share

from ..helpers import FIXED_NOW, ROOT

# (rounds each process works, birthdays due): a short trial in `make test`, a long one in `make soak`. Each of Ada's
# two processes delivers at most 5 reminders a round, so together they can deliver them all.
TRIALS = [
    pytest.param(6, 30, id="short"),
    pytest.param(120, 600, id="long", marks=pytest.mark.soak),
]


def _start(db_path, go_file, email: str, label: str, contact_ids: list[int], rounds: int) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "tests.concurrent_worker",
        str(db_path),
        FIXED_NOW.isoformat(),
        email,
        label,
        ",".join(str(contact_id) for contact_id in contact_ids),
        str(go_file),
        str(rounds),
    ]
    return subprocess.Popen(
        command, cwd=ROOT, env=dict(os.environ), text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


@pytest.mark.parametrize("rounds, birthdays", TRIALS)
def test_three_processes_editing_sharing_and_ticking_at_once_lose_nothing(
    db_path, actor, other_actor, tmp_path, rounds, birthdays
):
    for number in range(birthdays):
        contacts.add_contact(actor, ContactInput(name=f"Friend {number:03}", birthday="--11-20"))
    shared = [contacts.add_contact(actor, ContactInput(name=name)).id for name in ("Grace Hopper", "Alan Turing")]
    # Bob may add to one of them from the start; Ada's processes share both with him while he writes.
    sharing.share(actor, shared[0], "bob@example.org", permission="view_add")
    database.close_database()

    go = tmp_path / "go"
    workers = [
        _start(db_path, go, "ada@example.org", "laptop", shared, rounds),
        _start(db_path, go, "ada@example.org", "server", shared, rounds),
        _start(db_path, go, "bob@example.org", "bob", shared[:1], rounds),
    ]
    time.sleep(0.5)  # let them import and connect, so they really start together
    go.touch()
    outcomes = [worker.communicate(timeout=300) for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0, 0], [err for _out, err in outcomes]
    delivered = [json.loads(out)["delivered"] for out, _err in outcomes]

    database.open_database(str(db_path))

    # Every reminder went out once: Ada's birthdays between her two processes, Bob's notices of the
    # new shares in his.
    def reminders_of(user_id: int) -> list[int]:
        return sorted(Reminder.select(Reminder.id).where(Reminder.user == user_id).scalars())

    assert Reminder.select().where(Reminder.kind == "birthday").count() == birthdays
    assert sorted(delivered[0] + delivered[1]) == reminders_of(actor.user_id)
    assert sorted(delivered[2]) == reminders_of(other_actor.user_id) != []
    assert Delivery.select().where(Delivery.delivered_at.is_null(False)).count() == Reminder.select().count()
    # Each process's settings arrived whole: the user's settings were read, changed and written
    # by two processes at once, and no change overwrote the other's.
    stored = settings.read_settings(actor)
    for label in ("laptop", "server"):
        assert [stored.get(f"cadence.{label}-{number}") for number in range(rounds)] == list(range(1, rounds + 1))
    # Every interaction is there, Bob's on the contact he may add to among them; one share per contact.
    assert Interaction.select().where(Interaction.contact == shared[0]).count() == 3 * rounds
    assert Interaction.select().where(Interaction.contact == shared[1]).count() == 2 * rounds
    assert Interaction.select().where(Interaction.author == other_actor.user_id).count() == rounds
    assert sorted(Share.select(Share.contact).where(Share.recipient == other_actor.user_id).scalars()) == shared
