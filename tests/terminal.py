"""A real terminal for end-to-end tests: the app runs in tmux on a private socket at a fixed size.

Tests type with `keys()` / `type()` and read the screen with `screen()`; they
poll for text (`wait_for`) instead of sleeping. Only our own tmux server is
ever killed.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import tempfile
import time
from pathlib import Path

TMUX_KEYS = {
    "enter": "Enter",
    "escape": "Escape",
    "tab": "Tab",
    "shift+tab": "BTab",
    "up": "Up",
    "down": "Down",
    "left": "Left",
    "right": "Right",
    "backspace": "BSpace",
    "space": "Space",
    "pageup": "PPage",
    "pagedown": "NPage",
    "home": "Home",
    "end": "End",
    "delete": "DC",
}


class Terminal:
    """One tmux pane running `argv`; the pane stays after exit so its last screen can be read."""

    def __init__(self, argv: list[str], cols: int = 100, rows: int = 30, env: dict[str, str] | None = None):
        self.folder = Path(tempfile.mkdtemp(prefix="crm-tmux."))
        self.socket = str(self.folder / "socket")
        self.exit_file = self.folder / "exit-code"
        config = self.folder / "tmux.conf"
        # A fixed window size from the start: without it the pane may begin at tmux's default 80x24 and the
        # app, started in that instant, never sees the resize.
        config.write_text(f"set -g remain-on-exit on\nset -g status off\nset -g default-size {cols}x{rows}\n")
        command = f"{shlex.join(argv)}; echo $? > {shlex.quote(str(self.exit_file))}"
        pane_env = {"COLORTERM": "truecolor", "LANG": "C.UTF-8", "TEXTUAL_ANIMATIONS": "none", **(env or {})}
        env_args = [arg for key, value in pane_env.items() for arg in ("-e", f"{key}={value}")]
        self._tmux(
            "-f", str(config), "new-session", "-d", "-s", "crm", "-x", str(cols), "-y", str(rows), *env_args, command
        )

    def _tmux(self, *args: str) -> str:
        environment = {**os.environ, "TERM": os.environ.get("TERM") or "xterm"}
        return subprocess.run(
            ["tmux", "-S", self.socket, *args], check=True, capture_output=True, text=True, env=environment
        ).stdout

    def screen(self, ansi: bool = False) -> str:
        """What the pane shows now."""
        return self._tmux("capture-pane", "-p", "-t", "crm", *(["-e"] if ansi else []))

    def keys(self, *names: str) -> None:
        """Press named keys: 'enter', 'ctrl+s', 'q', 'down'..."""
        for name in names:
            key = TMUX_KEYS.get(name.lower())
            if key is None and name.lower().startswith("ctrl+"):
                key = "C-" + name[5:]
            self._tmux("send-keys", "-t", "crm", key or name)

    def type(self, text: str) -> None:
        """Type literal text."""
        self._tmux("send-keys", "-t", "crm", "-l", text)

    def wait_for(self, pattern: str, timeout: float = 20.0) -> str:
        """The screen once `pattern` (a regex) shows on it; TimeoutError with the screen otherwise."""
        expression = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            shown = self.screen()
            if expression.search(shown):
                return shown
            if time.monotonic() > deadline:
                raise TimeoutError(f"{pattern!r} not on screen after {timeout}s:\n{shown}")
            time.sleep(0.05)

    def settle(self, before: str | None = None, quiet: float = 0.2, timeout: float = 10.0) -> str:
        """Wait until the screen has changed from `before` and then stayed still for `quiet` seconds.

        Keys typed right after a focus change can still reach the old widget, so
        tests settle after such keys.
        """
        deadline = time.monotonic() + timeout
        last, since = self.screen(ansi=True), time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.03)
            current = self.screen(ansi=True)
            if current != last:
                last, since = current, time.monotonic()
            elif (before is None or current != before) and time.monotonic() - since >= quiet:
                return current
        raise TimeoutError("the screen did not settle")

    def press(self, *names: str) -> str:
        """Press keys and wait for their effect to settle."""
        before = self.screen(ansi=True)
        self.keys(*names)
        return self.settle(before)

    def wait_exit(self, timeout: float = 15.0) -> int:
        """The exit code of the program, once it has ended."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                return int(self.exit_file.read_text())
            except (OSError, ValueError):
                if time.monotonic() > deadline:
                    raise TimeoutError(f"the program did not exit:\n{self.screen()}") from None
                time.sleep(0.05)

    def close(self) -> None:
        subprocess.run(["tmux", "-S", self.socket, "kill-server"], capture_output=True)

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
