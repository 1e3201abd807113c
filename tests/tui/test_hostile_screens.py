"""No screen draws a stored control character raw, nor reads stored text as Textual markup.

Every top-level screen, every page and dialog that shows stored text, the header, the footer, the help, the
command palette and the toasts are drawn over the hostile world of tests/hostile.py, signed in as the account
whose every text (its own display name included) is hostile. What reaches the terminal is taken from the
compositor, segment by segment, as the driver would write it. A screen that read the hostile value as markup would
lose its `[@click=app.quit]` text; one that drew it raw would hold ESC, CSI, CR or a bidi override.
"""

from __future__ import annotations

from tui import accounts
from tui.app import CrmApp
from tui.models import User
from tui.screens.companies import CompaniesScreen, CompanyFormScreen
from tui.screens.company_detail import CompanyDetailScreen
from tui.screens.confirm import ConfirmDialog
from tui.screens.contact_detail import ContactDetailScreen
from tui.screens.contact_form import ContactFormScreen
from tui.screens.contact_history import ContactHistoryScreen
from tui.screens.contact_picker import ContactPickerScreen
from tui.screens.custom_fields import CustomFieldsDialog
from tui.screens.deal_detail import DealDetailScreen
from tui.screens.deal_form import DealFormScreen
from tui.screens.duplicates import DuplicatesScreen
from tui.screens.log_interaction import InteractionDialog, LogInteractionScreen
from tui.screens.pipeline_stats import PipelineStatsScreen
from tui.screens.products import ProductFormScreen, ProductsScreen
from tui.screens.quick_links import QuickLinksScreen
from tui.screens.sessions import SessionsScreen
from tui.screens.share_dialog import ShareDialog
from tui.screens.shared_with_me import SharedContactScreen
from tui.screens.tasks import TaskFormScreen
from tui.screens.templates import TemplateFormScreen, TemplatesScreen
from tui.screens.vip_sections import VipSectionsDialog
from tui.vip import read_sections

from ..helpers import scenario, settle
from ..hostile import hostile_world, markers_in, poison, raw_controls

SIZE = (160, 50)
FLOOR = 150
"""At least this many (column, screen) pairs are drawn and checked (the test prints the number)."""


def drawn(app) -> str:
    """Everything the current screen would write to the terminal, control sequences left out, lines joined."""
    update = app.screen._compositor.render_full_update()
    return "\n".join(
        "".join(segment.text for strip in line for segment in strip if not segment.control) for line in update.strips
    )


async def look(pilot, pairs: set, problems: dict, name: str) -> str:
    """Draw the current screen; note its (column, screen) pairs, and what it drew raw or read as markup."""
    await settle(pilot)
    text = drawn(pilot.app)
    raw = [line.strip()[:60] for line in text.splitlines() if raw_controls(line)]
    if raw:
        problems[name] = raw
    found = markers_in(text)
    if "⟧QB" in text or "⟧Q[/]B" in text:  # the hostile value's markup was read: a link and bold text
        problems[name] = [*problems.get(name, []), "markup read"]
    pairs |= {(column, name) for column in found}
    return text


@scenario
async def test_every_screen_draws_hostile_text_as_plain_visible_text(db_path, signed_in, other_actor):
    world = hostile_world(signed_in, other_actor)
    poison()  # again: the remembered session exists now too
    ada = accounts.actor_for(User.get_by_id(signed_in.user_id))  # her hostile name, e-mail address and all
    app = CrmApp(str(db_path), ada)
    pairs: set[tuple[str, str]] = set()
    problems: dict[str, list[str]] = {}
    async with app.run_test(size=SIZE) as pilot:
        await look(pilot, pairs, problems, "dashboard")
        for mode in ("contacts", "timeline", "followups", "tasks", "vip", "pipeline", "notifications", "shared"):
            app.switch_mode(mode)
            await look(pilot, pairs, problems, mode)
        await app.run_action("settings")
        await look(pilot, pairs, problems, "settings")
        app.switch_mode("dashboard")
        await settle(pilot)
        name = ada.name
        pages = {
            "contact detail": ContactDetailScreen(ada, world.contact_id),
            "contact form": ContactFormScreen(ada, world.contact_id),
            "contact history": ContactHistoryScreen(ada, world.contact_id, name),
            "contact picker": ContactPickerScreen(ada, name),
            "vip sections": VipSectionsDialog(ada, world.contact_id, name, read_sections(ada, world.contact_id)),
            "quick links": QuickLinksScreen(ada, world.contact_id),
            "share dialog": ShareDialog(ada, world.contact_id, name),
            "interaction": InteractionDialog(ada, world.interaction_id),
            "interaction form": LogInteractionScreen(ada, interaction_id=world.interaction_id),
            "deal detail": DealDetailScreen(ada, world.deal_id),
            "deal form": DealFormScreen(ada, deal_id=world.deal_id),
            "pipeline stats": PipelineStatsScreen(ada),
            "companies": CompaniesScreen(ada),
            "company detail": CompanyDetailScreen(ada, world.company_id),
            "company form": CompanyFormScreen(ada, world.company_id),
            "products": ProductsScreen(ada),
            "product form": ProductFormScreen(ada, world.product_id),
            "task form": TaskFormScreen(ada, world.task_id),
            "templates": TemplatesScreen(ada),
            "template form": TemplateFormScreen(ada, world.template_id),
            "custom fields": CustomFieldsDialog(ada),
            "duplicates": DuplicatesScreen(ada),
            "sessions": SessionsScreen(ada, None),
            "shared contact": SharedContactScreen(ada, world.shared_contact_id),
            "confirm": ConfirmDialog(f"Delete {name}?", "Delete"),
        }
        for page, screen in pages.items():
            await app.push_screen(screen)
            await look(pilot, pairs, problems, page)
            app.pop_screen()
            await settle(pilot)
        await pilot.press("question_mark")
        await look(pilot, pairs, problems, "help")
        await pilot.press("escape")
        app.notify(name, title=name)  # a toast as the reminders and the lists raise them
        await look(pilot, pairs, problems, "toast")
        app.action_command_palette()
        await settle(pilot)
        await pilot.press(*"contact.name")  # the marker each hostile contact name starts with
        await look(pilot, pairs, problems, "palette")
    screens = {screen for _, screen in pairs}
    print(f"\n{len(pairs)} (column, screen) pairs over {len({c for c, _ in pairs})} columns and {len(screens)} screens")
    for name, lines in sorted(problems.items()):
        print("PROBLEM", name, "|", " || ".join(lines).encode("unicode_escape").decode()[:600])
    assert problems == {}, " · ".join(sorted(problems))
    # The header (the signed-in user's name), a toast and the palette's hits were drawn from hostile text too.
    assert {("user.name", "dashboard"), ("user.name", "toast"), ("contact.name", "palette")} <= pairs
    assert len(pairs) >= FLOOR
