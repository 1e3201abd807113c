"""The `crm` command line: in-process runs of `main`, plus a few real `python -m tui` processes."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tui import accounts, contacts, database, settings
from tui.cli import main
from tui.cli.output import table
from tui.cli.parser import attach_dash_values
from tui.errors import AuthError

from ..helpers import NOT_SIGNED_IN, PASSWORD, TtyInput, add, assert_error, run_process

CONTACT_JSON_FIELDS = {
    "id",
    "name",
    "emails",
    "phones",
    "whatsapp",
    "instagram",
    "company",
    "relationship",
    "industry",
    "location",
    "tags",
    "notes",
    "birthday",
    "anniversary",
    "vip",
    "active",
    "archived",
    "cadence_days",
    "last_contacted",
    "status",
    "created_at",
    "updated_at",
}


# --- processes --------------------------------------------------------------------------------


def test_version_in_a_real_process(tmp_path):
    done = run_process(["-m", "tui", "--version"], tmp_path)
    assert done.returncode == 0
    assert done.stdout == "crm 0.1.0\n"


def test_signup_add_and_list_in_real_processes(tmp_path):
    db = str(tmp_path / "process.db")
    signed_up = run_process(
        [
            "-m",
            "tui",
            "--db",
            db,
            "signup",
            "--email",
            "grace@example.org",
            "--name",
            "Grace Hopper",
            "--timezone",
            "America/New_York",
            "--password-stdin",
        ],
        tmp_path,
        stdin=PASSWORD + "\n",
    )
    assert signed_up.returncode == 0, signed_up.stderr
    added = run_process(
        [
            "-m",
            "tui",
            "--db",
            db,
            "contacts",
            "add",
            "--name",
            "Ada Lovelace",
            "--email",
            "ada@example.org",
            "--tag",
            "math",
        ],
        tmp_path,
    )
    assert added.returncode == 0, added.stderr
    listed = run_process(["-m", "tui", "--db", db, "contacts", "list", "--json"], tmp_path)
    assert listed.returncode == 0, listed.stderr
    [contact] = json.loads(listed.stdout)
    assert (contact["id"], contact["name"], contact["emails"], contact["tags"]) == (
        int(added.stdout),
        "Ada Lovelace",
        ["ada@example.org"],
        ["math"],
    )


def test_plain_commands_do_not_load_textual(tmp_path):
    script = (
        "import sys; from tui.cli import main; "
        f"main(['--db', {str(tmp_path / 'x.db')!r}, 'whoami']); print('textual' in sys.modules)"
    )
    done = run_process(["-c", script], tmp_path)
    assert done.stdout == "False\n"
    assert done.stderr == NOT_SIGNED_IN


# --- accounts ---------------------------------------------------------------------------------


def test_signup_signs_in(crm):
    result = crm(
        "signup",
        "--email",
        "Grace@Example.org",
        "--name",
        "Grace Hopper",
        "--timezone",
        "Asia/Tokyo",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert result.code == 0
    assert "Grace Hopper <grace@example.org>" in result.out
    whoami = crm("whoami", "--json").json()
    assert whoami == {
        "email": "grace@example.org",
        "name": "Grace Hopper",
        "timezone": "Asia/Tokyo",
        "id": whoami["id"],
    }
    assert crm("whoami").out == "Grace Hopper <grace@example.org>, time zone Asia/Tokyo\n"


def test_signup_prompts_twice(crm, typed_passwords):
    typed_passwords.extend([PASSWORD, PASSWORD])
    assert crm("signup", "--email", "g@example.org", "--name", "G").code == 0
    assert crm("whoami", "--json").json()["email"] == "g@example.org"


def test_signup_with_two_different_passwords_stores_nothing(crm, typed_passwords):
    typed_passwords.extend([PASSWORD, PASSWORD + "x"])
    assert_error(crm("signup", "--email", "g@example.org", "--name", "G"), "the two passwords differ")
    with pytest.raises(AuthError):
        accounts.authenticate("g@example.org", PASSWORD)


def test_signup_without_a_terminal_asks_for_password_stdin(crm):
    assert_error(crm("signup", "--email", "g@example.org", "--name", "G"), "--password-stdin")


@pytest.mark.parametrize(
    "password, message",
    [
        ("", "the password cannot be empty"),
        ("short", "the password is too short"),
    ],
)
def test_signup_refuses_a_bad_password(crm, password, message):
    assert_error(
        crm("signup", "--email", "g@example.org", "--name", "G", "--password-stdin", stdin=password + "\n"), message
    )
    assert crm("whoami").err == NOT_SIGNED_IN


@pytest.mark.parametrize(
    "option, value, message",
    [
        ("--email", "not-an-address", "is not an e-mail address"),
        ("--timezone", "Mars/Olympus", "unknown time zone"),
        ("--name", " ", "the name is required"),
    ],
)
def test_signup_refuses_bad_details(crm, option, value, message):
    details = {"--email": "g@example.org", "--name": "G", "--timezone": "UTC", option: value}
    args = [word for pair in details.items() for word in pair]
    assert_error(crm("signup", *args, "--password-stdin", stdin=PASSWORD + "\n"), message)


def test_signup_refuses_a_registered_email(crm, signed_in):
    result = crm(
        "signup", "--email", "ADA@example.org", "--name", "Ada Two", "--password-stdin", stdin="another password\n"
    )
    assert_error(result, "ada@example.org is already registered: log in instead")
    assert crm("whoami", "--json").json()["name"] == "Ada Lovelace"


def test_login_and_logout(crm, actor):
    assert crm("whoami").err == NOT_SIGNED_IN
    result = crm("login", "--email", "ada@example.org", "--password-stdin", stdin=PASSWORD + "\n")
    assert (result.code, result.out) == (0, "signed in as Ada Lovelace <ada@example.org>\n")
    assert crm("whoami", "--json").json()["id"] == actor.user_id
    assert crm("logout").out == "signed out\n"
    assert crm("whoami").err == NOT_SIGNED_IN
    assert crm("logout").out == "not signed in: nothing to do\n"


def test_login_prompts_for_the_password(crm, actor, typed_passwords):
    typed_passwords.append(PASSWORD)
    assert crm("login", "--email", "ada@example.org").code == 0


def test_login_with_a_wrong_password(crm, actor):
    result = crm("login", "--email", "ada@example.org", "--password-stdin", stdin="wrong password\n")
    assert_error(result)
    assert result.err == "error: wrong e-mail or password\n"
    assert crm("whoami").err == NOT_SIGNED_IN


def test_login_with_an_unknown_email(crm, actor):
    result = crm("login", "--email", "nobody@example.org", "--password-stdin", stdin=PASSWORD + "\n")
    assert result.err == "error: wrong e-mail or password\n"


@pytest.mark.parametrize(
    "command",
    [
        ["whoami"],
        ["settings"],
        ["settings", "set", "theme", "light"],
        ["contacts", "list"],
        ["contacts", "add", "--name", "X"],
        ["contacts", "show", "1"],
        ["contacts", "delete", "1", "--yes"],
        ["demo"],
    ],
)
def test_commands_need_a_signed_in_user(crm, actor, command):
    result = crm(*command)
    assert_error(result)
    assert result.err == NOT_SIGNED_IN


# --- databases crm refuses ----------------------------------------------------------------------


def random_bytes_file(path: Path) -> Path:
    path.write_bytes(bytes(range(256)) * 16)
    return path


def other_programs_sqlite(path: Path) -> Path:
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        other.execute("INSERT INTO notes (body) VALUES ('keep me')")
    other.close()
    return path


def newer_crm_database(path: Path) -> Path:
    database.open_database(str(path))
    database.close_database()
    with sqlite3.connect(path) as newer:
        newer.execute(
            "INSERT INTO schema_version (version, description, applied_at) "
            "VALUES (999, 'from the future', '2030-01-01 00:00:00')"
        )
    newer.close()
    return path


@pytest.mark.parametrize(
    "make, message",
    [
        (random_bytes_file, "is not a crm database"),
        (other_programs_sqlite, "an SQLite database of another program"),
        (newer_crm_database, "was written by a newer crm (schema 999"),
    ],
)
@pytest.mark.parametrize(
    "command", [["whoami"], [], ["signup", "--email", "g@example.org", "--name", "G", "--password-stdin"]]
)
def test_a_refused_database_is_left_unchanged(crm, tmp_path, make, message, command):
    path = make(tmp_path / "foreign.db")
    before = path.read_bytes()
    assert_error(crm(*command, db=path, stdin=PASSWORD + "\n"), message)
    assert path.read_bytes() == before


def test_an_unwritable_database_path(crm, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert_error(crm("whoami", db=blocker / "crm.db"), "cannot create the database")
    assert blocker.read_text() == "not a folder"


def test_an_unwritable_config_folder_is_one_error_line(crm, tmp_path, monkeypatch):
    blocker = tmp_path / "config-file"
    blocker.write_text("")
    monkeypatch.setenv("CRM_CONFIG_DIR", str(blocker / "crm"))
    assert_error(
        crm("signup", "--email", "g@example.org", "--name", "G", "--password-stdin", stdin=PASSWORD + "\n"),
        str(blocker),
    )


def test_crm_db_names_the_database(crm, db_path, monkeypatch, signed_in, capsys):
    monkeypatch.setenv("CRM_DB", str(db_path))
    assert main(["whoami"]) == 0
    assert capsys.readouterr().out.startswith("Ada Lovelace")


# --- settings -----------------------------------------------------------------------------------


def test_settings_table_lists_every_setting(crm, signed_in):
    result = crm("settings")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0].split() == ["SETTING", "VALUE", "MEANING"]
    assert [line.split()[0] for line in lines[1:]] == [setting.key for setting in settings.SETTINGS]
    value_column = lines[0].index("VALUE")
    assert all(line[value_column - 2 : value_column] == "  " for line in lines[1:])
    assert next(line.split()[:2] for line in lines if line.startswith("theme ")) == ["theme", "dark"]


def test_settings_json(crm, signed_in):
    values = crm("settings", "--json").json()
    assert values == settings.displayed_settings(signed_in)
    assert values["timezone"] == "Europe/Berlin" and values["notify.email"] is False


def test_settings_set(crm, signed_in):
    assert crm("settings", "set", "theme", "light").out == "theme = light\n"
    assert crm("settings", "set", "notify.email", "on").out == "notify.email = on\n"
    assert crm("settings", "set", "cadence.friend", "14").code == 0
    values = crm("settings", "--json").json()
    assert (values["theme"], values["notify.email"], values["cadence.friend"]) == ("light", True, 14)
    assert "cadence.friend" in crm("settings").out


@pytest.mark.parametrize(
    "key, value, message",
    [
        ("colour", "blue", "unknown setting 'colour'"),
        ("theme", "blue", "theme must be one of light, dark"),
        ("birthday_lead_days", "-1", "birthday_lead_days must be from 0 to 60"),
        ("timezone", "Mars/Olympus", "unknown time zone"),
    ],
)
def test_settings_set_refuses_and_changes_nothing(crm, signed_in, key, value, message):
    before = crm("settings", "--json").out
    assert_error(crm("settings", "set", key, value), message)
    assert crm("settings", "--json").out == before


def test_smtp_password_from_stdin_is_stored_and_masked(crm, signed_in):
    result = crm("settings", "set", "smtp.password", "--password-stdin", stdin="s3cret pass\n")
    assert result.out == "smtp.password = ********\n"
    assert settings.read_settings(signed_in)["smtp.password"] == "s3cret pass"
    assert crm("settings", "--json").json()["smtp.password"] == "********"
    assert "s3cret" not in crm("settings").out


def test_smtp_password_from_the_environment(crm, signed_in, monkeypatch):
    monkeypatch.setenv("CRM_SMTP_PASSWORD", "from env")
    assert crm("settings", "set", "smtp.password").code == 0
    assert settings.read_settings(signed_in)["smtp.password"] == "from env"


def test_smtp_password_from_a_prompt(crm, signed_in, typed_passwords):
    typed_passwords.append("typed secret")
    assert crm("settings", "set", "smtp.password").code == 0
    assert settings.read_settings(signed_in)["smtp.password"] == "typed secret"


def test_smtp_password_is_never_taken_from_argv(crm, signed_in):
    result = crm("settings", "set", "smtp.password", "on-the-command-line")
    assert result.code == 2
    assert "not taken from the command line" in result.err
    assert settings.read_settings(signed_in)["smtp.password"] == ""


# --- contacts -----------------------------------------------------------------------------------


def test_add_prints_the_id_and_stores_every_option(crm, signed_in):
    contact_id = add(
        crm,
        "--name",
        "Grace Hopper",
        "--email",
        "grace@navy.mil",
        "--email",
        "g@example.org",
        "--phone",
        "+1 202 555 0147",
        "--phone",
        "+49 30 1234567",
        "--whatsapp",
        "+1 202 555 0147",
        "--instagram",
        "@grace",
        "--company",
        "US Navy",
        "--relationship",
        "Colleague",
        "--industry",
        "technology",
        "--location",
        "Arlington",
        "--tag",
        "navy",
        "--tag",
        "#cobol",
        "--birthday",
        "--12-09",
        "--anniversary",
        "1930-06-15",
        "--notes",
        "Found a moth",
        "--vip",
        "--inactive",
        "--cadence",
        "14",
    )
    contact = crm("contacts", "show", str(contact_id), "--json").json()
    assert CONTACT_JSON_FIELDS <= set(contact)
    assert contact == {
        **contact,
        "id": contact_id,
        "name": "Grace Hopper",
        "emails": ["grace@navy.mil", "g@example.org"],
        "phones": ["+12025550147", "+49301234567"],
        "whatsapp": "+12025550147",
        "instagram": "grace",
        "company": "US Navy",
        "relationship": "colleague",
        "industry": "technology",
        "location": "Arlington",
        "tags": ["cobol", "navy"],
        "notes": "Found a moth",
        "birthday": "--12-09",
        "anniversary": "1930-06-15",
        "vip": True,
        "active": False,
        "archived": False,
        "cadence_days": 14,
        "last_contacted": None,
        "status": "all_good",
        "created_at": "2026-11-20T10:30:00Z",
    }


def test_add_json_prints_the_contact(crm, signed_in):
    result = crm("contacts", "add", "--name", "Zoë Ünal", "--json")
    assert "Zoë Ünal" in result.out  # ensure_ascii=False
    assert result.json()["name"] == "Zoë Ünal"
    assert result.out.startswith('{\n  "id": ')


@pytest.mark.parametrize(
    "option, value, message",
    [
        ("--email", "not-an-address", "is not an e-mail address"),
        ("--phone", "call me", "is not a phone number"),
        ("--birthday", "2023-02-29", "is not a date"),
        ("--cadence", "often", "the cadence must be a number of days"),
        ("--name", " ", "the name is required"),
    ],
)
def test_add_refuses_bad_input_and_stores_nothing(crm, signed_in, option, value, message):
    args = {"--name": "Grace", option: value}
    assert_error(crm("contacts", "add", *[word for pair in args.items() for word in pair]), message)
    assert crm("contacts", "list", "--json").json() == []


def test_list_table(crm, signed_in):
    first = add(crm, "--name", "Grace Hopper", "--company", "US Navy", "--tag", "cobol", "--tag", "navy")
    second = add(crm, "--name", "Alan Turing")
    result = crm("contacts", "list")
    assert (
        result.out
        == table(
            ("ID", "NAME", "COMPANY", "TAGS", "LAST CONTACTED", "STATUS"),
            [
                (second, "Alan Turing", "", "", "never", "all good"),
                (first, "Grace Hopper", "US Navy", "cobol, navy", "never", "all good"),
            ],
        )
        + "\n"
    )
    assert result.out.splitlines()[1].startswith(f"{second}   Alan Turing ")


def test_list_with_no_contacts(crm, signed_in):
    assert crm("contacts", "list").out == "no contacts\n"
    assert crm("contacts", "list", "--json").out == "[]\n"


def test_list_filters(crm, signed_in):
    grace = add(crm, "--name", "Grace Hopper", "--tag", "navy", "--vip")
    alan = add(crm, "--name", "Alan Turing", "--notes", "enigma", "--inactive")
    ada = add(crm, "--name", "Ada Byron")
    crm("contacts", "archive", str(ada))

    def ids(*options: str) -> list[int]:
        return [contact["id"] for contact in crm("contacts", "list", "--json", *options).json()]

    assert ids() == [alan, grace]
    assert ids("--search", "enig") == [alan]
    assert ids("--search", "grace hop") == [grace]
    assert ids("--tag", "NAVY") == [grace]
    assert ids("--vip") == [grace]
    assert ids("--inactive") == [alan]
    assert ids("--archived") == [ada]
    assert ids("--limit", "1") == [alan]
    assert ids("--limit", "1", "--offset", "1") == [grace]


def test_show_by_id_and_by_name(crm, signed_in):
    contact_id = add(crm, "--name", "Grace Hopper", "--email", "grace@navy.mil", "--notes", "line one\nline two")
    by_name = crm("contacts", "show", "grace hopper")
    assert by_name.out == crm("contacts", "show", str(contact_id)).out
    assert "name:           Grace Hopper\n" in by_name.out
    assert "emails:         grace@navy.mil\n" in by_name.out
    assert "notes:          line one\n                line two\n" in by_name.out
    assert "created at:     2026-11-20 11:30 CET\n" in by_name.out  # Ada's time zone
    assert crm("contacts", "show", "Grace Hopper", "--json").json()["id"] == contact_id


def test_show_unknown_and_ambiguous_contacts(crm, signed_in):
    assert_error(crm("contacts", "show", "99"), "no contact with id 99")
    assert_error(crm("contacts", "show", "Nobody"), "no contact named 'Nobody'")
    add(crm, "--name", "Sam")
    add(crm, "--name", "sam")
    assert_error(crm("contacts", "show", "Sam"), "2 contacts are named 'Sam'")


def test_edit_changes_only_the_options_given(crm, signed_in):
    contact_id = add(
        crm,
        "--name",
        "Grace",
        "--email",
        "a@example.org",
        "--company",
        "Navy",
        "--tag",
        "x",
        "--vip",
        "--cadence",
        "10",
    )
    before = crm("contacts", "show", str(contact_id), "--json").json()
    result = crm(
        "contacts",
        "edit",
        "Grace",
        "--company",
        "Harvard",
        "--email",
        "b@example.org",
        "--email",
        "c@example.org",
        "--no-vip",
        "--cadence",
        "",
    )
    assert result.out == f"updated contact {contact_id} (Grace)\n"
    after = crm("contacts", "show", str(contact_id), "--json").json()
    assert after == {
        **before,
        "company": "Harvard",
        "emails": ["b@example.org", "c@example.org"],
        "vip": False,
        "cadence_days": None,
    }


def test_edit_json_and_clearing_a_list(crm, signed_in):
    contact_id = add(crm, "--name", "Grace", "--tag", "x", "--tag", "y")
    edited = crm("contacts", "edit", str(contact_id), "--tag", "", "--inactive", "--json").json()
    assert (edited["tags"], edited["active"]) == ([], False)


def test_edit_refuses_bad_input_and_keeps_the_contact(crm, signed_in):
    contact_id = add(crm, "--name", "Grace", "--email", "a@example.org")
    before = crm("contacts", "show", str(contact_id), "--json").out
    assert_error(
        crm("contacts", "edit", str(contact_id), "--name", "Grace H", "--email", "nope"), "is not an e-mail address"
    )
    assert crm("contacts", "show", str(contact_id), "--json").out == before


def test_archive_and_restore(crm, signed_in):
    contact_id = add(crm, "--name", "Grace")
    assert crm("contacts", "archive", "Grace").out.startswith(f"archived contact {contact_id} (Grace)")
    assert crm("contacts", "list", "--json").json() == []
    assert crm("contacts", "show", str(contact_id), "--json").json()["archived"] is True
    assert crm("contacts", "restore", str(contact_id)).out == f"restored contact {contact_id} (Grace)\n"
    assert [c["id"] for c in crm("contacts", "list", "--json").json()] == [contact_id]


def test_delete_with_yes(crm, signed_in):
    contact_id = add(crm, "--name", "Grace")
    assert crm("contacts", "delete", str(contact_id), "--yes").out == f"deleted contact {contact_id} (Grace)\n"
    assert_error(crm("contacts", "show", str(contact_id)), "no contact")


def test_delete_without_a_terminal_needs_yes(crm, signed_in):
    contact_id = add(crm, "--name", "Grace")
    assert_error(crm("contacts", "delete", str(contact_id)), "add --yes")
    assert crm("contacts", "show", str(contact_id)).code == 0


@pytest.mark.parametrize("answer, deleted", [("y\n", True), ("yes\n", True), ("n\n", False), ("\n", False)])
def test_delete_asks_at_a_terminal(crm, signed_in, answer, deleted):
    contact_id = add(crm, "--name", "Grace")
    result = crm("contacts", "delete", str(contact_id), stdin=TtyInput(answer))
    assert result.code == (0 if deleted else 1)
    assert (crm("contacts", "show", str(contact_id)).code == 1) is deleted


def test_contacts_of_another_user_are_invisible(crm, signed_in, other_actor):
    theirs = contacts.add_contact(other_actor, contacts.ContactInput(name="Bob's friend"))
    assert_error(crm("contacts", "show", str(theirs.id)), f"no contact with id {theirs.id}")
    assert_error(crm("contacts", "delete", str(theirs.id), "--yes"), "no contact")
    assert crm("contacts", "list", "--json").json() == []


# --- the clock ----------------------------------------------------------------------------------


def test_now_fixes_the_clock(crm, signed_in):
    result = crm("--now", "2026-03-01T12:00:00Z", "contacts", "add", "--name", "Grace", "--json")
    assert result.json()["created_at"] == "2026-03-01T12:00:00Z"


def test_a_naive_now_is_in_the_users_time_zone(crm, signed_in):
    created = crm("--now", "2026-03-01 12:00", "contacts", "add", "--name", "Grace", "--json").json()["created_at"]
    assert created == "2026-03-01T11:00:00Z"  # noon in Berlin


def test_now_takes_short_forms_after_the_option(crm, signed_in):
    result = crm("--now", "-2d", "contacts", "add", "--name", "Grace", "--json")
    assert result.json()["created_at"] == "2026-11-18T10:30:00Z"


def test_crm_now_from_the_environment(crm, signed_in, monkeypatch):
    monkeypatch.setenv("CRM_NOW", "2025-12-24T18:00:00+01:00")
    assert crm("contacts", "add", "--name", "Grace", "--json").json()["created_at"] == "2025-12-24T17:00:00Z"


@pytest.mark.sqlite_only("looks for the database file, which a server database does not have")
def test_a_bad_now_is_refused_before_the_database_is_made(crm, db_path):
    assert_error(crm("--now", "someday", "whoami"), "--now: 'someday' is not a date or time")
    assert not db_path.exists()


# --- usage mistakes -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["frobnicate"],
        ["contacts"],
        ["contacts", "add"],
        ["login"],
        ["signup", "--email", "a@b.org"],
        ["contacts", "list", "--limit", "0"],
        ["contacts", "list", "--limit", "many"],
        ["contacts", "show"],
        ["settings", "set"],
        ["settings", "set", "theme"],
        ["settings", "set", "theme", "dark", "--password-stdin"],
        ["contacts", "add", "--name", "X", "--vip", "--no-vip"],
        ["demo", "--contacts", "-1"],
        ["--password", "x", "login", "--email", "a@b.org"],
    ],
)
def test_usage_mistakes_exit_2(crm, signed_in, args):
    result = crm(*args)
    assert result.code == 2
    assert "usage: crm" in result.err


def test_help(capsys):
    assert main(["--help"]) == 0
    assert "contacts" in capsys.readouterr().out


def test_dash_values_are_joined_to_their_option():
    assert attach_dash_values(["--now", "-2d", "x", "--birthday", "--02-29", "--tag", "-t", "--", "--a", "-1"]) == [
        "--now=-2d",
        "x",
        "--birthday=--02-29",
        "--tag",
        "-t",
        "--",
        "--a",
        "-1",
    ]


# --- demo ---------------------------------------------------------------------------------------


def test_demo_fills_the_database(crm, signed_in):
    pytest.importorskip("tui.demo")
    result = crm("demo", "--contacts", "12", "--seed", "3")
    assert result.code == 0, result.err
    assert result.out.count("\n") == 1
    assert (
        len(
            crm("contacts", "list", "--json", "--limit", "100", "--archived").json()
            + crm("contacts", "list", "--json", "--limit", "100").json()
        )
        == 12
    )
