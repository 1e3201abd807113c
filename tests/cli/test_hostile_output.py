"""No command prints a stored control character raw: every read command (plain and --json) and the commands that
write and answer, run over a database whose every text column is hostile (tests/hostile.py).

What each output shows of the hostile values is counted as (column, command) pairs, so a command that stopped
showing a column (and so proved nothing about it) would lower the count below its floor.
"""

from __future__ import annotations

import json

from tui.models import Contact

from ..helpers import FIXED_NOW
from ..hostile import ATTACK, HOSTILE_INPUTS, hostile, hostile_world, markers_in, poison, raw_controls

FLOOR = 200
"""At least this many (column, command) pairs are shown and checked (204 when written; the test prints it)."""
NOT_ON_THE_COMMAND_LINE = {
    # No command shows a VIP's sections, the audit trail or a delivery's error: the screens do (tests/tui).
    *(f"background.{name}" for name in ("company", "family", "likes_dislikes", "misc_notes")),
    *(f"contact_info.{name}" for name in ("email", "main_app", "phone", "social_links")),
    "audit_log.new_values",
    "audit_log.old_values",
    "delivery.error",
}


def commands(world) -> list[list[str]]:
    """Every command that prints stored text, with the ids of the hostile world."""
    w = world
    reads = [
        ["whoami"],
        ["settings"],
        ["sessions"],
        ["contacts", "list"],
        ["contacts", "list", "--archived"],
        ["contacts", "show", str(w.contact_id)],
        ["fields", "list"],
        ["interactions", "show", str(w.interaction_id)],
        ["timeline"],
        ["timeline", "--contact", str(w.contact_id)],
        ["followups"],
        ["tasks", "list"],
        ["reminders", "--at", "+30d"],
        ["templates"],
        ["today"],
        ["suggest"],
        ["products", "list"],
        ["deals", "list"],
        ["deals", "show", str(w.deal_id)],
        ["pipeline", "stats"],
        ["companies", "list"],
        ["companies", "show", str(w.company_id)],
        ["shares"],
        ["shares", "show", str(w.share_id)],
        ["dedupe"],
        ["merges"],
        ["link", str(w.contact_id), "email"],
    ]
    writes = [
        ["contacts", "edit", str(w.contact_id), "--vip"],
        ["products", "edit", str(w.product_id), "--description", "new"],
        ["deals", "edit", str(w.deal_id), "--source", "web"],
        ["tasks", "edit", str(w.task_id), "--notes", "new"],
        ["interactions", "edit", str(w.interaction_id), "--outcome", "new"],
        ["companies", "edit", str(w.company_id), "--notes", "new"],
        ["share", str(w.contact_id), "--with", "nobody@example.org"],
        ["deals", "move", str(w.deal_id), "proposal"],
        ["remind", "--once"],
    ]
    with_json = [[*command, "--json"] for command in reads if command[0] not in ("link", "remind")]
    return reads + with_json + writes


def test_every_command_over_hostile_text_prints_no_raw_control(crm, signed_in, other_actor, capsys):
    world = hostile_world(signed_in, other_actor)
    poison()  # again: the session of the signed-in user exists now too
    pairs: set[tuple[str, str]] = set()
    for command in commands(world):
        result = crm("--now", FIXED_NOW.isoformat(), *command)
        name = " ".join(command)
        assert result.code in (0, 1), (name, result)
        assert "Traceback" not in result.err, (name, result.err)
        assert raw_controls(result.out) == [], (name, result.out[:2000])
        assert raw_controls(result.err) == [], (name, result.err)
        if "--json" in command and result.code == 0:
            json.loads(result.out)  # still one document, and lossless: the markers read back below
            assert ATTACK not in result.out
        pairs |= {(column, name) for column in markers_in(result.out + result.err)}
    columns = {column for column, _ in pairs}
    print(
        f"\n{len(pairs)} (column, command) pairs over {len(columns)} columns and {len(commands(world))} commands, "
        f"each value {len(HOSTILE_INPUTS)} hostile inputs"
    )
    assert len(pairs) >= FLOOR
    # Every text column of the world reaches some command's output, except what no command shows.
    assert set(world.columns) - columns == NOT_ON_THE_COMMAND_LINE


def test_json_is_lossless_and_escapes_what_a_terminal_would_obey(crm, signed_in, other_actor):
    world = hostile_world(signed_in, other_actor)
    result = crm("contacts", "show", str(world.contact_id), "--json")
    assert result.code == 0
    for character in "\x1b\x07\x9b\u202e\r":
        assert character not in result.out
    assert "\\u001b]0;pwned\\u0007" in result.out and "\\u009b" in result.out and "\\u202e" in result.out
    document = json.loads(result.out)
    stored = Contact.get_by_id(world.contact_id).name
    assert stored.startswith(hostile("contact.name")) and document["name"] == stored  # every character back


def test_plain_output_shows_the_controls_as_escapes(crm, signed_in, other_actor):
    world = hostile_world(signed_in, other_actor)
    out = crm("contacts", "show", str(world.contact_id)).out
    assert "\\x1b]0;pwned\\x07\\x1b[2J\\rTRUSTED BANK\\x9b2J" in out
    assert "\\u202eevil" in out
    assert "[@click=app.quit]" in out  # markup means nothing to a terminal: shown as typed
