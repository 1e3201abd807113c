"""The one sanitiser for text that reaches a terminal: stored text shown, never obeyed.

Text in the database may come from another account on a shared database, an imported file or an old version of
crm, so every place that prints it (the command line, the screens, notifications, e-mail headers) passes it
through here first. The characters a terminal would act on rather than show are made visible as escapes:

- C0 controls (ESC, BEL, backspace, ...), DEL and the 8-bit C1 controls (CSI, OSC, ...) as `\\x1b`, `\\x9b`;
- a carriage return as `\\r` (it would send the cursor back to overwrite the start of the line);
- the bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) and the Unicode line and
  paragraph separators as `\\u202e`, which would reorder or break what follows them.

Tab and newline are the two controls that text means: `block` keeps both (a note's lines stay lines), `one_line`
turns every run of them into one space (a table cell, a title, a header). JSON keeps every character (it is
read by programs) but writes the same set as `\\u` escapes, so a JSON document on a terminal is safe too.
"""

from __future__ import annotations

import re

_BIDI_AND_SEPARATORS = "\u202a-\u202e\u2066-\u2069\u2028\u2029"
_UNSAFE = re.compile(f"[\x00-\x08\x0a-\x1f\x7f-\x9f{_BIDI_AND_SEPARATORS}]")
"""Everything a terminal may act on except tab (which `block` keeps; newline is handled by each function)."""
_UNSAFE_IN_BLOCK = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI_AND_SEPARATORS}]")
_UNSAFE_IN_JSON = re.compile(f"[\x7f-\x9f{_BIDI_AND_SEPARATORS}]")
"""What json.dumps(ensure_ascii=False) leaves raw that a terminal would act on (it escapes C0 itself)."""
_LINE_BREAKS = re.compile(r"[\t\n]+")
UNSAFE_CHARACTERS = (
    "".join(chr(code) for code in range(0x20) if chr(code) not in "\t\n")
    + "\x7f"
    + "".join(chr(code) for code in range(0x80, 0xA0))
    + "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029"
)
"""Every character the sanitiser makes visible (tab and newline are whitespace it lays out instead)."""
ELLIPSIS = "…"


def _visible(match: re.Match[str]) -> str:
    character = match.group()
    if character == "\r":
        return "\\r"
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def block(text: object) -> str:
    """`text` safe for a terminal, keeping its lines and tabs (a Windows line end becomes a plain one)."""
    return _UNSAFE_IN_BLOCK.sub(_visible, str(text).replace("\r\n", "\n"))


def one_line(text: object) -> str:
    """`text` safe for a terminal on one line: tabs and line breaks become one space each run."""
    return _UNSAFE.sub(_visible, _LINE_BREAKS.sub(" ", str(text).replace("\r\n", "\n")))


def json_escaped(document: str) -> str:
    """A JSON text with the characters a terminal would act on written as `\\u` escapes: still the same document.

    Outside strings JSON has only structure and plain whitespace, so every such character found is inside a string,
    where `\\uXXXX` means exactly that character.
    """
    return _UNSAFE_IN_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", document)


def is_safe(text: str) -> bool:
    """Whether `text` holds nothing a terminal would act on (tab and newline aside)."""
    return _UNSAFE_IN_BLOCK.search(text) is None


def shorten(text: str, limit: int = 80) -> str:
    """`text` cut to `limit` characters with an ellipsis, for a message that echoes a value back."""
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + ELLIPSIS


def quoted(value: object, limit: int = 80) -> str:
    """`value` quoted as Python's repr does, and shortened: how a refusal names what it refused."""
    text = str(value)
    if len(text) > limit:
        return repr(text[: max(limit - 1, 0)])[:-1] + ELLIPSIS + repr(text)[-1]
    return repr(text)
