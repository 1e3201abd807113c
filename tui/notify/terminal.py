"""Terminal notifications: an OSC escape sequence that the terminal emulator turns into a notification.

OSC 9 (iTerm2, WezTerm, Windows Terminal, foot), OSC 777 (rxvt-unicode, VTE-based
terminals, Ghostty) and OSC 99 (kitty). They travel over SSH with the rest of the
output, which is why they matter when desktop notifications cannot reach the user.
"""

from __future__ import annotations

import io
import os
import sys
from typing import IO, Any

from ..terminal_text import one_line
from .messages import Message

KINDS = ("osc9", "osc777", "osc99")
ESC = b"\x1b"
BEL = b"\x07"
ST = ESC + b"\\"


def clean(text: str) -> str:
    """`text` on one line with every control character made visible (the one sanitiser, tui.terminal_text).

    A raw C0 or C1 control or DEL inside the text could end the sequence early or start another one.
    """
    return one_line(text).strip()


def terminal_sequence(kind: str, title: str, body: str = "", tmux: bool = False) -> bytes:
    """The escape sequence that raises a notification in the terminal, as UTF-8 bytes.

    Inside tmux (`tmux=True`) it is wrapped in a DCS passthrough with every ESC doubled,
    because tmux swallows OSC sequences it does not know (tmux 3.3 and later also need
    `set -g allow-passthrough on`).
    """
    title, body = clean(title), clean(body)
    joined = f"{title}: {body}" if title and body else title or body
    if kind == "osc9":
        sequence = ESC + b"]9;" + joined.encode() + BEL
    elif kind == "osc777":
        # The title is a field of its own: a ';' in it would start the body early.
        sequence = ESC + b"]777;notify;" + title.replace(";", ",").encode() + b";" + body.encode() + BEL
    elif kind == "osc99":
        sequence = ESC + b"]99;;" + joined.encode() + ST
    else:
        raise ValueError(f"unknown terminal notification kind {kind!r}: use one of {', '.join(KINDS)}")
    if tmux:
        sequence = ESC + b"Ptmux;" + sequence.replace(ESC, ESC + ESC) + ST
    return sequence


def inside_tmux() -> bool:
    """Whether this process runs inside tmux (its escapes then need the passthrough wrapping)."""
    return bool(os.environ.get("TMUX"))


def controlling_terminal() -> IO[str] | None:
    """Where the command line writes terminal escapes: stdout when it is a terminal, else /dev/tty.

    None under cron or systemd, where there is no terminal at all. A /dev/tty opened
    here is the caller's to close.
    """
    try:
        if sys.stdout is not None and sys.stdout.isatty():
            return sys.stdout
    except (AttributeError, ValueError):
        pass
    try:
        return open("/dev/tty", "w", encoding="utf-8")
    except OSError:
        return None


class TerminalChannel:
    """Writes the chosen escape sequence to a stream (the app's driver output, or a terminal)."""

    name = "terminal"

    def __init__(self, kind: str, output: IO[Any] | None, tmux: bool | None = None) -> None:
        self.kind = kind
        self.output = output
        self.tmux = inside_tmux() if tmux is None else tmux

    def availability(self) -> tuple[bool, str]:
        """Whether there is a terminal to write to, and what is used."""
        if self.output is None:
            return False, "no terminal to write to (not started from a terminal)"
        return True, f"{self.kind} escape" + (" through tmux" if self.tmux else "")

    def send(self, message: Message) -> str | None:
        """Write the notification; None when written, else why not."""
        ok, why = self.availability()
        if not ok or self.output is None:  # no output is never available
            return why
        data = terminal_sequence(self.kind, message.title, message.body, self.tmux)
        try:
            if isinstance(self.output, (io.RawIOBase, io.BufferedIOBase)):
                self.output.write(data)
            else:
                self.output.write(data.decode("utf-8"))
            self.output.flush()
        except (OSError, ValueError) as problem:  # a closed terminal or stream
            return f"cannot write to the terminal: {problem}"
        return None
