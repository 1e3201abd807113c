"""Screenshots (pytest-textual-snapshot's `snap_compare`): each module's SVGs are kept in
`snapshots/<test module>/` at the top of the repository, so a module's file name is the name of its folder there.
`pytest --snapshot-update` rewrites them: only for an intended change of the UI, the new SVGs looked at."""

from __future__ import annotations

from pathlib import Path

import pytest_textual_snapshot

from ..helpers import ROOT

SNAPSHOT_DIR = ROOT / "snapshots"


def _snapshot_dirname(cls, *, test_location) -> str:
    return str(SNAPSHOT_DIR / Path(test_location.filepath).stem)


pytest_textual_snapshot.SVGImageExtension.dirname = classmethod(_snapshot_dirname)
