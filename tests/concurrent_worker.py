"""One of several crm processes working on one database at once, for tests/domain/test_shared_database.py.

    python -m tests.concurrent_worker LOCATION NOW EMAIL LABEL CONTACT_IDS GO_FILE ROUNDS

It waits until GO_FILE exists (so every process starts together), then, as the user of EMAIL,
interleaves, ROUNDS times: a setting of its own (a read-modify-write of the user's settings), an interaction
on each contact of CONTACT_IDS (comma-separated), sharing those contacts with the other user
when it owns them, and a reminder tick. It prints one JSON object: the reminders it delivered.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import datetime
from pathlib import Path

from tui import accounts, clock, database, interactions, reminders, settings, sharing
from tui.interactions import InteractionInput
from tui.models import Contact, User

OTHER_USER = {"ada@example.org": "bob@example.org", "bob@example.org": "ada@example.org"}


def main(location: str, now: str, email: str, label: str, contact_ids: str, go_file: str, rounds: str) -> None:
    clock.fix(datetime.fromisoformat(now))
    database.open_database(location)
    actor = accounts.actor_for(User.get(User.email == email))
    ids = [int(item) for item in contact_ids.split(",")]
    while not Path(go_file).exists():
        time.sleep(0.01)
    delivered: list[int] = []
    for round_number in range(int(rounds)):
        settings.set_setting(actor, f"cadence.{label}-{round_number}", str(round_number + 1))
        for contact_id in ids:
            interactions.log_interaction(
                actor, contact_id, InteractionInput(medium="chat", notes=f"{label} round {round_number}")
            )
            if Contact.get_by_id(contact_id).owner_id == actor.user_id:
                sharing.share(actor, contact_id, OTHER_USER[email], permission="view_add")
        report = reminders.tick(
            actor,
            lambda reminder, channels: {channel: None for channel in channels},
            ("inapp",),
            claimant=label,
            limit=5,
        )
        delivered += [reminder.id for reminder in report.delivered]
    database.close_database()
    print(json.dumps({"delivered": delivered}))


if __name__ == "__main__":
    main(*sys.argv[1:])
