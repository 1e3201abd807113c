"""Three layers, one direction: only the app, screens and widgets may import Textual."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "tui"
ALLOWED = {PACKAGE / "app.py"}
ALLOWED_FOLDERS = {PACKAGE / "screens", PACKAGE / "widgets"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"), str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_only_the_user_interface_imports_textual():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path in ALLOWED or any(folder in path.parents for folder in ALLOWED_FOLDERS):
            continue
        if any(name == "textual" or name.startswith("textual.") for name in imported_modules(path)):
            offenders.append(str(path.relative_to(PACKAGE.parent)))
    assert offenders == [], f"domain modules must not import Textual: {offenders}"


def test_the_domain_never_imports_the_user_interface():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path in ALLOWED or any(folder in path.parents for folder in ALLOWED_FOLDERS):
            continue
        source = path.read_text("utf-8")
        tree = ast.parse(source)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level > 0:
                if node.module.split(".")[0] in ("app", "screens", "widgets"):
                    offenders.append(f"{path.relative_to(PACKAGE.parent)} imports {node.module}")
    allowed_entry_points = {"tui/cli.py", "tui/cli/__init__.py", "tui/cli/commands.py", "tui/__main__.py"}
    offenders = [entry for entry in offenders if entry.split(" ")[0] not in allowed_entry_points]
    assert offenders == [], f"the domain reaches up into the user interface: {offenders}"
