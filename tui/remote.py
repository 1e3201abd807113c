"""Whether crm runs in an SSH session, where opening a URL would open it on the wrong machine."""

from __future__ import annotations

import os
from collections.abc import Mapping

SSH_VARIABLES = ("SSH_CONNECTION", "SSH_TTY", "SSH_CLIENT")


def is_ssh_session(environ: Mapping[str, str] | None = None) -> bool:
    """True when the environment says we are logged in over SSH (the browser is on the other end)."""
    env = os.environ if environ is None else environ
    return any(env.get(name) for name in SSH_VARIABLES)
