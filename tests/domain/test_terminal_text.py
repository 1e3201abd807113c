"""The one sanitiser (tui/terminal_text.py) and the one validator (tui.validation.text) agree on what is unsafe.

Property-based: any text at all comes out of the sanitiser with nothing a terminal would obey, losing no visible
character; JSON escaping keeps every document exact; the validator refuses exactly what the sanitiser escapes.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui import validation
from tui.errors import ValidationError
from tui.terminal_text import UNSAFE_CHARACTERS, block, is_safe, json_escaped, one_line, quoted, shorten

EXAMPLES = 400
# Text that is mostly the dangerous characters, with letters, tabs, newlines and CR/LF pairs among them.
hostile_text = st.lists(
    st.one_of(st.sampled_from(UNSAFE_CHARACTERS + "\t\n"), st.just("\r\n"), st.characters()), max_size=80
).map("".join)


def test_every_unsafe_character_is_shown_as_an_escape():
    assert len(UNSAFE_CHARACTERS) == 74  # C0 less tab and newline, DEL, C1, bidi overrides and isolates, separators
    assert one_line("Innocent Person\rTRUSTED BANK") == "Innocent Person\\rTRUSTED BANK"
    assert one_line("\x1b]0;pwned\x07\x1b[2J") == "\\x1b]0;pwned\\x07\\x1b[2J"
    assert one_line("\x9b2J\u202eevil\u2066") == "\\x9b2J\\u202eevil\\u2066"
    assert one_line("two\nlines\tand a tab") == "two lines and a tab"
    assert block("two\r\nlines\tand a tab\r") == "two\nlines\tand a tab\\r"


@settings(max_examples=EXAMPLES)
@given(hostile_text)
def test_sanitised_text_holds_nothing_a_terminal_would_obey(text):
    line = one_line(text)
    assert is_safe(line) and "\n" not in line and "\t" not in line
    kept = block(text)
    assert is_safe(kept)
    # Every character that was safe is still there.
    visible = "".join(c for c in text if c not in UNSAFE_CHARACTERS)
    assert all(c in kept for c in visible)
    assert block(kept) == kept and one_line(line) == line  # a second pass changes nothing


@settings(max_examples=EXAMPLES)
@given(
    st.recursive(
        hostile_text | st.integers() | st.none(),
        lambda inner: st.lists(inner) | st.dictionaries(hostile_text, inner),
        max_leaves=8,
    )
)
def test_json_escaping_keeps_the_document_exact(document):
    written = json_escaped(json.dumps(document, ensure_ascii=False, indent=2))
    assert not any(character in UNSAFE_CHARACTERS for character in written)
    assert json.loads(written) == document


@settings(max_examples=EXAMPLES)
@given(hostile_text)
def test_the_validator_refuses_what_the_sanitiser_escapes(text):
    cleaned = text.strip().replace("\r\n", "\n")
    unsafe = any(character in UNSAFE_CHARACTERS for character in cleaned)
    try:
        stored = validation.text(text, "notes", 500, multiline=True)
    except ValidationError as refusal:
        assert unsafe and "control character" in refusal.message
    else:
        assert not unsafe and is_safe(stored)


@pytest.mark.parametrize(
    "value, multiline, refused",
    [
        ("Ann\x1b]0;x\x07", False, "a control character (\\x1b at position 4)"),
        ("Innocent\rBank", True, "a control character (\\r at position 9)"),
        ("right\u202eleft", True, "a control character (\\u202e at position 6)"),
        ("8-bit\x9bcsi", False, "a control character (\\x9b at position 6)"),
        ("two\nlines", False, "a line break or tab (\\n at position 4)"),
        ("a\ttab", False, "a line break or tab (\\t at position 2)"),
    ],
)
def test_the_validator_names_what_it_refuses_and_where(value, multiline, refused):
    with pytest.raises(ValidationError) as refusal:
        validation.text(value, "display_name", 200, multiline=multiline)
    assert refused in refusal.value.message


def test_tab_newline_and_crlf_are_kept_in_multi_line_fields():
    assert validation.text("line one\r\n\tline two", "notes", 100, multiline=True) == "line one\n\tline two"


def test_refusals_quote_a_huge_value_cut_short():
    huge = "x" * 131072
    assert len(quoted(huge)) == 82 and quoted(huge).endswith("…'")
    assert shorten("abcdef", 4) == "abc…"
    with pytest.raises(ValidationError) as refusal:
        validation.email(huge)
    assert len(refusal.value.message) < 200
