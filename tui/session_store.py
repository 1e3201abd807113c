"""The remembered login on this machine: one token per database, in a 0600 file.

The file lives in the user config directory (`sessions.json`); `CRM_CONFIG_DIR`
moves it (tests use that). Only the token is here; the database keeps its hash.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import platformdirs

FILE_NAME = "sessions.json"


def config_dir() -> Path:
    """Where crm keeps per-machine files: `$CRM_CONFIG_DIR` or the user config directory."""
    override = os.environ.get("CRM_CONFIG_DIR")
    return Path(override) if override else Path(platformdirs.user_config_dir("crm", appauthor=False))


def _path() -> Path:
    return config_dir() / FILE_NAME


def _read_all() -> dict[str, str]:
    try:
        data = json.loads(_path().read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(key): str(value) for key, value in data.items()} if isinstance(data, dict) else {}


def _write_all(tokens: dict[str, str]) -> None:
    folder = config_dir()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    temporary = folder / (FILE_NAME + ".tmp")
    descriptor = os.open(temporary, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(tokens, handle, indent=2, sort_keys=True)
    os.chmod(temporary, 0o600)
    os.replace(temporary, _path())


def load_token(database_key: str) -> str | None:
    """The token remembered for this database, if any."""
    return _read_all().get(database_key)


def save_token(database_key: str, token: str) -> None:
    """Remember `token` for this database."""
    tokens = _read_all()
    tokens[database_key] = token
    _write_all(tokens)


def forget_token(database_key: str) -> None:
    """Forget the token of this database."""
    tokens = _read_all()
    if tokens.pop(database_key, None) is not None:
        _write_all(tokens)
