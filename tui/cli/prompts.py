"""Asking the person at the terminal: passwords (never from argv) and confirmations."""

from __future__ import annotations

import getpass
import sys

from ..errors import CrmError, ValidationError
from ..terminal_text import one_line


def read_secret_line() -> str:
    """One line from stdin, without its line ending (for `--password-stdin`)."""
    return sys.stdin.readline().rstrip("\r\n")


def _require_terminal(hint: str) -> None:
    if not sys.stdin.isatty():
        raise CrmError(f"no terminal to ask on: {hint}")


def ask_password(prompt: str = "Password: ", confirm: bool = False) -> str:
    """A password typed at the terminal without echo; typed twice when `confirm`."""
    _require_terminal("pass the password with --password-stdin")
    password = getpass.getpass(prompt)
    if confirm and getpass.getpass("Repeat it: ") != password:
        raise ValidationError("password", "the two passwords differ: nothing was changed, try again")
    return password


def password(from_stdin: bool, confirm: bool = False, prompt: str = "Password: ") -> str:
    """The password from stdin when asked to, else from a prompt."""
    return read_secret_line() if from_stdin else ask_password(prompt, confirm)


def confirm(question: str, refusal_hint: str) -> bool:
    """Whether the person answers yes to `question`; without a terminal, an error naming `refusal_hint`."""
    _require_terminal(refusal_hint)
    try:
        answer = input(f"{one_line(question)} [y/N] ")  # the question may name stored text
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")
