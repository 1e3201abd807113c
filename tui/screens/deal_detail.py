"""One deal: every field, its stage history with times, its lead score with the reasons, and the keys that change it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Header

from .. import clock, deals, lead_score
from .. import products as product_domain
from ..deals import STAGE_LABELS
from ..errors import CrmError
from ..lead_score import LeadScore
from ..scope import Actor
from ..widgets.footer import CrmFooter
from ..widgets.plain import Plain
from .base import CrmScreen, thread_connection
from .confirm import ConfirmDialog
from .contact_detail import ContactDetailScreen
from .deal_form import DealFormScreen

EMPTY = "—"


@dataclass(frozen=True)
class Move:
    """One line of the stage history."""

    from_stage: str | None
    to_stage: str
    changed_at: datetime


@dataclass(frozen=True)
class DealPage:
    """Everything the deal page shows, read together in a worker."""

    details: dict
    value_milli: int
    created_at: datetime
    product: str
    days_in_stage: int
    moves: list[Move]
    score: LeadScore | None


def read_page(actor: Actor, deal_id: int) -> DealPage:
    """The deal, its product's name, its history and its score."""
    deal = deals.get_deal(actor, deal_id)
    product = product_domain.get_product(actor, deal.product_id).name if deal.product_id else ""
    moves = [Move(row.from_stage, row.to_stage, row.changed_at) for row in deals.history(actor, deal_id)]
    return DealPage(
        deals.deal_dict(deal),
        deal.value_milli,
        deal.created_at,
        product,
        deals.days_in_stage(deal),
        moves,
        lead_score.score_deal(actor, deal_id),
    )


def local_moment(moment: datetime, actor: Actor) -> str:
    """A stored moment in the user's time zone, to the minute."""
    return clock.local(moment, actor.tz).strftime("%Y-%m-%d %H:%M")


class DealDetailScreen(CrmScreen):
    """Every field of one deal; edit, move back or forward, archive or restore, delete, open the contact."""

    BINDINGS = [
        Binding("e", "edit", "Edit", id="deal.edit", tooltip="Edit the deal"),
        Binding(
            "left_square_bracket",
            "step(-1)",
            "Back",
            id="deal.back_stage",
            key_display="[",
            tooltip="Move the deal to the previous stage",
        ),
        Binding(
            "right_square_bracket",
            "step(1)",
            "Forward",
            id="deal.forward_stage",
            key_display="]",
            tooltip="Move the deal to the next stage",
        ),
        Binding("x", "toggle_archived", "Archive", id="deal.archive", tooltip="Archive, or restore when archived"),
        Binding("o", "open_contact", "Contact", id="deal.contact", tooltip="Open the deal's contact"),
        Binding("ctrl+d", "delete", "Delete", id="deal.delete", tooltip="Delete the deal"),
        Binding("escape", "back", "Back", id="deal.back", tooltip="Back to the board"),
    ]

    @dataclass
    class Loaded(Message):
        """The deal's page read in a worker, or why it could not be read."""

        page: DealPage | None
        error: str = ""

    def __init__(self, actor: Actor, deal_id: int) -> None:
        super().__init__(actor)
        self.deal_id = deal_id
        self.page: DealPage | None = None
        """What is shown; None until the first read ends."""
        self.deleted = False

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="deal-body"):
            yield Plain(id="deal-title")
            with Horizontal(id="deal-columns"):
                yield Plain(id="deal-fields")
                with VerticalScroll(id="deal-side"):
                    yield Plain(id="deal-score")
                    yield Plain(id="deal-history")
        yield CrmFooter()

    def on_screen_resume(self) -> None:
        if not self.deleted:
            self.reload()

    @work(thread=True, exclusive=True, exit_on_error=False, group="deal-detail")
    def reload(self) -> None:
        """Read the deal again and show it; go back when it is gone."""
        with thread_connection():
            try:
                page = read_page(self.actor, self.deal_id)
            except CrmError as error:
                self.post_message(self.Loaded(None, str(error)))
                return
        self.post_message(self.Loaded(page))

    def on_deal_detail_screen_loaded(self, event: Loaded) -> None:
        if event.page is None:
            self.notify(event.error, severity="error")
            self.dismiss()
            return
        self.page = event.page
        self.query_one("#deal-title", Plain).update(self._title())
        self.query_one("#deal-fields", Plain).update(self._fields())
        self.query_one("#deal-score", Plain).update(self._score())
        self.query_one("#deal-history", Plain).update(self._history())
        self.refresh_bindings()

    def _title(self) -> Text:
        details = self.page.details
        title = Text.assemble((details["title"], "bold"), "  ", (f" {STAGE_LABELS[details['stage']]} ", "reverse"))
        if details["archived"]:
            title.append("  archived", style="italic")
        return title

    def _fields(self) -> Table:
        page, details = self.page, self.page.details
        rows = (
            ("Contact", details["contact_name"]),
            ("Company", details["company"]),
            ("Product", page.product),
            ("Stage", STAGE_LABELS[details["stage"]]),
            ("Value", deals.format_value(page.value_milli, details["currency"])),
            ("Source", details["source"]),
            ("Owner", details["assignee"]),
            ("Expected close", details["expected_close"] or ""),
            ("Days in stage", str(page.days_in_stage)),
            ("Added", local_moment(page.created_at, self.actor)),
            ("Archived", "yes" if details["archived"] else "no"),
        )
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="dim", justify="right", no_wrap=True)
        grid.add_column()
        for label, value in rows:
            grid.add_row(label, Text(value or EMPTY))
        return grid

    @staticmethod
    def _heading(title: str) -> Text:
        return Text(title, style="bold underline")

    def _score(self) -> RenderableType:
        score = self.page.score
        if score is None:
            return Group(self._heading("Lead score"), Text("closed deals have no score", style="dim"), Text(""))
        lines = [Text.assemble((f"{score.score}", "bold"), " of 100")]
        lines += [Text(f"· {reason}") for reason in score.reasons]
        return Group(self._heading("Lead score"), *lines, Text(""))

    def _history(self) -> RenderableType:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="dim", no_wrap=True)
        table.add_column()
        for move in self.page.moves:
            change = (
                f"added as {STAGE_LABELS[move.to_stage]}"
                if move.from_stage is None
                else f"{STAGE_LABELS[move.from_stage]} → {STAGE_LABELS[move.to_stage]}"
            )
            table.add_row(local_moment(move.changed_at, self.actor), Text(change))
        return Group(self._heading("Stage history"), table)

    # Keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "step", "toggle_archived", "open_contact", "delete"):
            return self.page is not None
        return True

    def action_edit(self) -> None:
        if self.page is not None:
            self.app.push_screen(
                DealFormScreen(self.actor, self.deal_id), lambda saved: saved is not None and self.notify("Deal saved")
            )

    def action_step(self, direction: int) -> None:
        self._change(lambda: deals.step(self.actor, self.deal_id, direction))

    def action_toggle_archived(self) -> None:
        if self.page is not None:
            archived = not self.page.details["archived"]
            self._change(
                lambda: deals.set_archived(self.actor, self.deal_id, archived),
                "Deal archived: the board no longer shows it" if archived else "Deal restored",
            )

    def _change(self, change: Callable[[], object], message: str = "") -> None:
        """Apply a one-row change now (so the next key sees it), then read the page again."""
        try:
            change()
        except CrmError as error:
            self.notify(str(error), severity="error")
        else:
            if message:
                self.notify(message)
        self.reload()

    def action_open_contact(self) -> None:
        if self.page is not None:
            self.app.push_screen(ContactDetailScreen(self.actor, self.page.details["contact_id"]))

    def action_delete(self) -> None:
        if self.page is not None:
            question = f"Delete the deal “{self.page.details['title']}” and its history? This cannot be undone."
            self.app.push_screen(ConfirmDialog(question, "Delete"), self._delete_confirmed)

    def _delete_confirmed(self, confirmed: bool | None) -> None:
        if not confirmed:
            return
        try:
            deals.delete_deal(self.actor, self.deal_id)
        except CrmError as error:
            self.notify(str(error), severity="error")
            return
        self.deleted = True
        self.notify(f"Deleted {self.page.details['title']}")
        self.dismiss()

    def action_back(self) -> None:
        self.dismiss()
