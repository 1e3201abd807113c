"""The README's key table, made from the bindings of the app and of every screen.

    .venv/bin/python -m tests.tui.readme_keys          # print the table
    .venv/bin/python -m tests.tui.readme_keys --write  # put it into README.md, between its key-table markers

tests/tui/test_readme_keys.py fails when the README's table is not the one the bindings make, so a key added,
changed or removed shows in the README or the suite fails.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import sys
from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

import tui.screens
from tui.app import CrmApp
from tui.screens.contact_detail import EXTRA_KEYS, ContactDetailScreen

README = Path(__file__).resolve().parents[2] / "README.md"
START = "<!-- key table: made from the bindings by `python -m tests.tui.readme_keys --write`; do not edit by hand -->"
END = "<!-- end of the key table -->"

# Where each screen's keys work, in the order the table lists them. A screen with keys that is missing here makes
# the test fail: name it when you add it.
WHERE = {
    "CrmApp": "anywhere",
    "AuthScreen": "sign-in",
    "ForgotPasswordScreen": "forgot password",
    "DashboardScreen": "dashboard",
    "ContactsScreen": "contacts",
    "ContactFiltersDialog": "contact filters",
    "ContactDetailScreen": "a contact",
    "ContactHistoryScreen": "a contact's history",
    "VipSectionsDialog": "VIP sections",
    "ContactFormScreen": "contact form",
    "CustomFieldsDialog": "custom fields",
    "CategoriesDialog": "your categories",
    "NewFieldDialog": "new custom field",
    "DuplicatesScreen": "duplicates",
    "MergeScreen": "merge",
    "ImportDialog": "import",
    "ExportDialog": "export",
    "TimelineScreen": "timeline",
    "TimelineFilterScreen": "timeline filter",
    "LogInteractionScreen": "log an interaction",
    "InteractionDialog": "an interaction",
    "ContactPickerScreen": "contact picker",
    "FollowUpsScreen": "follow-ups",
    "PromptDialog": "follow-up date",
    "TasksScreen": "tasks",
    "TaskFormScreen": "task form",
    "PipelineScreen": "pipeline",
    "BoardFilterDialog": "board filter",
    "DealDetailScreen": "a deal",
    "DealFormScreen": "deal form",
    "PipelineStatsScreen": "pipeline statistics",
    "ProductsScreen": "products",
    "ProductFormScreen": "product form",
    "CompaniesScreen": "companies",
    "CompanyDetailScreen": "a company",
    "CompanyFormScreen": "company form",
    "NotificationsScreen": "notifications",
    "SnoozeMenu": "snooze",
    "SharedWithMeScreen": "shared with me",
    "SharedContactScreen": "a shared contact",
    "ShareDialog": "share a contact",
    "QuickLinksScreen": "quick links",
    "TemplatesScreen": "templates",
    "TemplateFormScreen": "template form",
    "SessionsScreen": "sessions",
    "SettingsScreen": "settings",
    "ChangePasswordDialog": "change password",
    "DeleteAccountDialog": "delete account",
    "ConfirmDialog": "confirmations",
    "TextPrompt": "text prompts",
    "HelpScreen": "help",
}


def screen_classes() -> list[type]:
    """The app and every Screen class defined in tui.screens."""
    found: list[type] = [CrmApp]
    for info in pkgutil.iter_modules(tui.screens.__path__):
        module = importlib.import_module(f"tui.screens.{info.name}")
        for _name, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, Screen) and value.__module__ == module.__name__:
                found.append(value)
    return found


def shown_keys(owner: type) -> list[tuple[str, str]]:
    """(key as shown, what it does) for the bindings `owner` declares itself and shows in the footer or help."""
    formatter = App()  # Textual's own way of showing a key, as the footer shows it
    keys = []
    declared = list(owner.__dict__.get("BINDINGS", []))
    if owner is ContactDetailScreen:  # and the keys other features give every contact page
        declared += [extra.binding for extra in EXTRA_KEYS]
    for entry in declared:
        binding = entry if isinstance(entry, Binding) else Binding(*entry)
        if not binding.show or binding.system or not binding.description:
            continue
        shown = binding.key_display or "/".join(
            formatter.get_key_display(Binding(key.strip(), binding.action)) for key in binding.key.split(",")
        )
        keys.append((shown, binding.tooltip or binding.description))
    return keys


def key_table() -> str:
    """The markdown table: one row for each place, its keys in the order they are bound."""
    rows: dict[str, list[tuple[str, str]]] = {}
    unnamed = []
    for owner in screen_classes():
        keys = shown_keys(owner)
        if not keys:
            continue
        if owner.__name__ not in WHERE:
            unnamed.append(owner.__name__)
            continue
        rows[owner.__name__] = keys
    if unnamed:
        raise LookupError(f"name where these screens' keys work, in WHERE of {__name__}: {', '.join(unnamed)}")
    lines = ["| where | keys |", "| --- | --- |"]
    for name, where in WHERE.items():
        if name in rows:
            cells = " · ".join(f"`{key}` {what}" for key, what in rows[name])
            escaped = cells.replace("|", "\\|")  # a pipe in a cell would end it
            lines.append(f"| {where} | {escaped} |")
    return "\n".join(lines)


def readme_with_table(readme: str, table: str) -> str:
    """`readme` with the text between the key-table markers replaced by `table`."""
    before, rest = readme.split(START, 1)
    _old, after = rest.split(END, 1)
    return f"{before}{START}\n{table}\n{END}{after}"


def main(argv: list[str]) -> int:
    table = key_table()
    if "--write" in argv:
        README.write_text(readme_with_table(README.read_text("utf-8"), table), encoding="utf-8")
    else:
        print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
