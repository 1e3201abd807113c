"""The contact picker's ranking (prefixes, skipped letters, typos) and its candidates; the SSH check."""

from __future__ import annotations

from tui import contacts, picker
from tui.contacts import ContactInput
from tui.remote import is_ssh_session

NAMES = ["Grace Hopper", "Graham Bell", "Alan Turing", "Margaret Hamilton", "José Martí", "Greta Garbo"]


def names(query: str) -> list[str]:
    return picker.rank(query, NAMES, name_of=lambda name: name)


def test_a_prefix_of_the_name_ranks_first_then_word_prefixes():
    assert names("gra")[:2] == ["Graham Bell", "Grace Hopper"]  # then weaker ones: Greta Garbo
    assert names("hop")[0] == "Grace Hopper"
    assert names("ham")[:2] == ["Margaret Hamilton", "Graham Bell"]


def test_skipped_letters_and_typos_still_find_the_name():
    assert names("grhop")[0] == "Grace Hopper"
    assert names("garce")[0] == "Grace Hopper"
    assert names("turnig")[0] == "Alan Turing"
    assert "Alan Turing" not in names("zzz")


def test_accents_and_case_do_not_matter():
    assert names("JOSE") == ["José Martí"]
    assert picker.score("marti", "José Martí") == 90


def test_an_empty_query_matches_everything():
    assert len(names("")) == len(NAMES)


def test_candidates_come_from_the_database_ranked(actor):
    for name in NAMES:
        contacts.add_contact(actor, ContactInput(name=name))
    archived = contacts.add_contact(actor, ContactInput(name="Grace Kelly"))
    contacts.archive_contact(actor, archived.id)
    found = [row.name for row in picker.candidates(actor, "gra")]
    assert found[:2] == ["Graham Bell", "Grace Hopper"] and "Grace Kelly" not in found
    assert picker.candidates(actor, "garce")[0].name == "Grace Hopper"  # not a prefix: found by "g"
    assert len(picker.candidates(actor, "", limit=3)) == 3


def test_candidates_are_only_the_actors_own(actor, other_actor):
    contacts.add_contact(other_actor, ContactInput(name="Grace Hopper"))
    assert picker.candidates(actor, "grace") == []


def test_ssh_sessions_are_recognised():
    assert is_ssh_session({"SSH_CONNECTION": "10.0.0.2 52144 10.0.0.1 22"})
    assert is_ssh_session({"SSH_TTY": "/dev/pts/3"})
    assert not is_ssh_session({"TERM": "xterm-256color", "SSH_TTY": ""})
