"""Fixtures of the command-line tests: `crm` runs the command line in this process, `typed_passwords` answers
its password prompts. (Real `python -m tui` processes: `run_process` in tests/helpers.py.)"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from tui.cli import main

from ..helpers import Result, TtyInput


@pytest.fixture
def crm(db_path: Path, capsys, monkeypatch):
    """Run `crm --db <test database> ARGS...` in this process; `stdin` is what is piped in."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))

    def run(*args: str, stdin: str | io.StringIO | None = None, db: Path | str | None = None) -> Result:
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", stdin if isinstance(stdin, io.StringIO) else io.StringIO(stdin))
        code = main(["--db", str(db or db_path), *args])
        out, err = capsys.readouterr()
        return Result(code, out, err)

    return run


@pytest.fixture
def typed_passwords(monkeypatch):
    """Answers for getpass prompts, in order, on a stdin that is a terminal."""
    answers: list[str] = []
    monkeypatch.setattr(sys, "stdin", TtyInput(""))
    monkeypatch.setattr("getpass.getpass", lambda prompt="": answers.pop(0))
    return answers
