"""The pipeline board: a column per stage, a page of cards in each, deals moved with `[` and `]`.

The board is the "pipeline" mode, opened with `g` everywhere (`b` is the contact page's Sections key
and `p` opens the follow-ups). Its own keys: left/right and up/down move, enter opens the deal, `n`
adds one, `f` filters, `r` clears the filters, `s` sorts the column, `z` folds won and lost, `P`
products, `C` companies, `S` statistics.

Columns hold a page of cards (PAGE) and read the next one when the highlight nears the end, so the
board opens as fast with 10,000 deals as with 10. Everything is read in thread workers; a move
re-reads the cards of the two columns it touched (and the counts, one grouped query).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Header, OptionList, Select, Static
from textual.worker import get_current_worker

from .. import deals, lead_score
from .. import products as product_domain
from ..deals import CLOSED_STAGES, STAGE_LABELS, BoardFilter, Card
from ..errors import CrmError
from ..models import DEAL_STAGES
from ..scope import Actor
from ..widgets.field import Field
from ..widgets.footer import CrmFooter
from ..widgets.plain import Plain, plain_choices
from ..widgets.stage_column import CardList, StageColumn
from .base import CrmScreen, thread_connection
from .companies import CompaniesScreen
from .deal_detail import DealDetailScreen
from .deal_form import DealFormScreen
from .forms import selected
from .pipeline_stats import PipelineStatsScreen
from .products import ProductsScreen

PAGE = 30
"""Cards a column reads at a time."""
ORDER_CYCLE = ("recent", "value", "score")
SCORE_CHUNK = 500
"""Deals scored per query when a column is sorted by lead score (SQLite limits the parameters of one query)."""
MOST_KEPT = 300
"""After a move, a column re-reads as many cards as it held, up to this many."""


@dataclass(frozen=True)
class ColumnData:
    """What one column shows, read in a worker."""

    stage: str
    count: int
    totals: dict[str, int]
    cards: list[Card]
    waiting: list[Card] = field(default_factory=list)
    scores: dict[int, int] = field(default_factory=dict)


def read_column(
    actor: Actor, stage: str, spec: BoardFilter, order: str, count: int, limit: int
) -> tuple[list[Card], list[Card], dict[int, int]]:
    """A column's first `limit` cards in `order`; sorted by score, the rest of the stage waits in memory.

    Scores come from every deal of the stage, so the best ones show first; the cards are plain values,
    and only a page of them becomes options.
    """
    if order != "score":
        return deals.cards(actor, stage, spec, limit, 0, order), [], {}
    everything = deals.cards(actor, stage, spec, max(count, 1), 0, "recent")
    ids = [card.id for card in everything]
    scores: dict[int, int] = {}
    for start in range(0, len(ids), SCORE_CHUNK):
        scores.update(lead_score.scores(actor, ids[start : start + SCORE_CHUNK]))
    everything.sort(key=lambda card: -scores.get(card.id, -1))  # stable: ties stay most recent first
    return everything[:limit], everything[limit:], scores


def read_board(actor: Actor, spec: BoardFilter, orders: dict[str, str], limits: dict[str, int]) -> list[ColumnData]:
    """Every column's count, totals and first cards, each in its column's order."""
    found = []
    for column in deals.board(actor, spec, PAGE):
        if orders[column.stage] == "recent" and limits[column.stage] == PAGE:
            found.append(ColumnData(column.stage, column.count, column.totals, column.cards))
            continue
        cards, waiting, scores = read_column(
            actor, column.stage, spec, orders[column.stage], column.count, limits[column.stage]
        )
        found.append(ColumnData(column.stage, column.count, column.totals, cards, waiting, scores))
    return found


class PipelineScreen(CrmScreen):
    """The deals of every stage side by side; left/right between columns, up/down between cards."""

    BINDINGS = [
        Binding("left", "column(-1)", "Left", id="pipeline.left", show=False, tooltip="The column to the left"),
        Binding("right", "column(1)", "Right", id="pipeline.right", show=False, tooltip="The column to the right"),
        Binding(
            "left_square_bracket",
            "step(-1)",
            "Back",
            id="pipeline.back",
            key_display="[",
            tooltip="Move the deal to the previous stage",
        ),
        Binding(
            "right_square_bracket",
            "step(1)",
            "Forward",
            id="pipeline.forward",
            key_display="]",
            tooltip="Move the deal to the next stage",
        ),
        Binding("n", "new", "New", id="pipeline.new", tooltip="Add a deal"),
        Binding("f", "filter", "Filter", id="pipeline.filter", tooltip="Filter by product, owner or source"),
        Binding("r", "clear_filters", "Unfilter", id="pipeline.clear_filters", tooltip="Clear the board's filters"),
        Binding(
            "s",
            "cycle_order",
            "Sort",
            id="pipeline.sort",
            tooltip="Sort the column by most recent, value or lead score",
        ),
        Binding("z", "toggle_fold", "Fold", id="pipeline.fold", tooltip="Fold or unfold the won and lost columns"),
        Binding("P", "products", "Products", id="pipeline.products", tooltip="Products: what you sell"),
        Binding("C", "companies", "Companies", id="pipeline.companies", tooltip="Companies"),
        Binding("S", "statistics", "Stats", id="pipeline.stats", tooltip="Pipeline statistics"),
    ]

    @dataclass
    class BoardLoaded(Message):
        """Every column, read in a worker for the filter and column versions it was asked with."""

        spec: BoardFilter
        versions: dict[str, int]
        columns: list[ColumnData]

    @dataclass
    class ColumnsLoaded(Message):
        """After a move: every column's count and totals, and the cards of the columns it touched."""

        spec: BoardFilter
        versions: dict[str, int]
        headers: dict[str, tuple[int, dict[str, int]]]
        columns: list[ColumnData]

    @dataclass
    class PageLoaded(Message):
        """The next cards of one column."""

        stage: str
        version: int
        offset: int
        cards: list[Card]

    def __init__(self, actor: Actor) -> None:
        super().__init__(actor)
        self.spec = BoardFilter()
        self.folded = False
        self.stale: set[str] = set()
        """Stages whose cards changed and have not been read again yet."""
        self.follow: tuple[int, str] | None = None
        """(deal, stage): after a move, the highlight goes with the deal to its new column."""
        self.product_names: dict[int, str] = {}
        """Product names for the status line, read when a filter is chosen."""
        self.fresh = False
        """Whether the board was read on mount and not left since: coming back to it reads it again."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Plain(id="pipeline-status", markup=False)
        with Horizontal(id="pipeline-board"):
            for stage in DEAL_STAGES:
                yield StageColumn(stage)
        yield CrmFooter()

    def on_mount(self) -> None:
        # The first page of every column is read here, before the first frame: with the board's indexes it
        # takes a few milliseconds even at 10,000 deals, and the board then paints once, full, instead of
        # empty and again a moment later. Every later read runs in a worker.
        versions, orders, limits = self._begin_reload()
        self._show_board(versions, read_board(self.actor, self.spec, orders, limits))
        self.fresh = True
        self.columns()[0].card_list.focus()
        self.show_status()

    def on_screen_resume(self) -> None:
        if not self.fresh:
            self.reload_board()

    def on_screen_suspend(self) -> None:
        self.fresh = False

    def columns(self) -> list[StageColumn]:
        return list(self.query(StageColumn).results(StageColumn))

    def column(self, stage: str) -> StageColumn:
        return self.query_one(f"#column-{stage}", StageColumn)

    def focused_column(self) -> StageColumn | None:
        focused = self.focused
        if isinstance(focused, CardList) and isinstance(focused.parent, StageColumn):
            return focused.parent
        return None

    def focused_card(self) -> Card | None:
        column = self.focused_column()
        return column.highlighted_card if column is not None else None

    # Reading

    def reload_board(self) -> None:
        """Read every column again, in a worker (on coming back, after a filter change)."""
        self._read_board(self.spec, *self._begin_reload())

    def _begin_reload(self) -> tuple[dict[str, int], dict[str, str], dict[str, int]]:
        """Each column's new version, order and how many cards to read: what a read of the board needs."""
        versions = {}
        for column in self.columns():
            column.version += 1
            versions[column.stage] = column.version
        limits = {column.stage: min(MOST_KEPT, max(PAGE, len(column.cards))) for column in self.columns()}
        self.stale.clear()
        return versions, {column.stage: column.order for column in self.columns()}, limits

    @work(thread=True, exclusive=True, exit_on_error=False, group="pipeline-board")
    def _read_board(
        self, spec: BoardFilter, versions: dict[str, int], orders: dict[str, str], limits: dict[str, int]
    ) -> None:
        with thread_connection():
            found = read_board(self.actor, spec, orders, limits)
        if not get_current_worker().is_cancelled:
            self.post_message(self.BoardLoaded(spec, versions, found))

    def on_pipeline_screen_board_loaded(self, event: BoardLoaded) -> None:
        if event.spec == self.spec:
            self._show_board(event.versions, event.columns)
            self.show_status()
            self.refresh_bindings()

    def _show_board(self, versions: dict[str, int], columns: list[ColumnData]) -> None:
        for data in columns:
            column = self.column(data.stage)
            if column.version == versions[data.stage]:
                keep = column.highlighted_card
                column.show(data.count, data.totals, data.cards, data.waiting, data.scores, keep.id if keep else None)

    def reload_columns(self, stages: set[str], follow: tuple[int, str] | None = None) -> None:
        """Read the cards of `stages` again, and every count; the other columns keep their cards."""
        self.stale |= stages
        self.follow = follow
        versions = {}
        for stage in self.stale:
            column = self.column(stage)
            column.version += 1
            versions[stage] = column.version
        orders = {column.stage: column.order for column in self.columns()}
        limits = {column.stage: min(MOST_KEPT, max(PAGE, len(column.cards))) for column in self.columns()}
        self._read_columns(self.spec, versions, orders, limits)

    @work(thread=True, exclusive=True, exit_on_error=False, group="pipeline-columns")
    def _read_columns(
        self, spec: BoardFilter, versions: dict[str, int], orders: dict[str, str], limits: dict[str, int]
    ) -> None:
        with thread_connection():
            headers = {
                column.stage: (column.count, column.totals)
                for column in deals.board(self.actor, spec, cards_per_column=0)
            }
            found = []
            for stage in versions:
                count, totals = headers[stage]
                cards, waiting, scores = read_column(self.actor, stage, spec, orders[stage], count, limits[stage])
                found.append(ColumnData(stage, count, totals, cards, waiting, scores))
        if not get_current_worker().is_cancelled:
            self.post_message(self.ColumnsLoaded(spec, versions, headers, found))

    def on_pipeline_screen_columns_loaded(self, event: ColumnsLoaded) -> None:
        if event.spec != self.spec:
            return
        for column in self.columns():
            column.count, column.totals = event.headers[column.stage]
            column.show_header()
        follow = self.follow
        for data in event.columns:
            column = self.column(data.stage)
            if column.version != event.versions[data.stage]:
                continue
            self.stale.discard(data.stage)
            keep = follow[0] if follow and follow[1] == data.stage else None
            if keep is None and (current := column.highlighted_card) is not None:
                keep = current.id
            column.show(data.count, data.totals, data.cards, data.waiting, data.scores, keep)
            if follow and follow[1] == data.stage and any(card.id == follow[0] for card in data.cards):
                if not column.folded:
                    column.card_list.focus()
                self.follow = None
        self.show_status()
        self.refresh_bindings()

    @on(CardList.NearEnd)
    def next_page(self, event: CardList.NearEnd) -> None:
        column = event.card_list.parent
        if not isinstance(column, StageColumn):
            return
        if column.waiting:
            shown, column.waiting = column.waiting[:PAGE], column.waiting[PAGE:]
            column.append(shown)
        elif len(column.cards) < column.count:
            self._read_page(column.stage, self.spec, column.order, len(column.cards), column.version)

    @work(thread=True, exclusive=True, exit_on_error=False, group="pipeline-page")
    def _read_page(self, stage: str, spec: BoardFilter, order: str, offset: int, version: int) -> None:
        with thread_connection():
            cards = deals.cards(self.actor, stage, spec, PAGE, offset, order)
        if not get_current_worker().is_cancelled:
            self.post_message(self.PageLoaded(stage, version, offset, cards))

    def on_pipeline_screen_page_loaded(self, event: PageLoaded) -> None:
        column = self.column(event.stage)
        if column.version == event.version and event.offset == len(column.cards):
            column.append(event.cards)
            self.show_status()

    def show_status(self) -> None:
        parts = []
        described = self.describe_filters()
        parts.append(f"filtered: {described} (r clears)" if described else "all deals")
        if self.folded:
            parts.append("won and lost folded (z unfolds)")
        parts.append("[ ] move the deal · enter opens it · n adds one")
        self.query_one("#pipeline-status", Static).update(" · ".join(parts))

    def describe_filters(self) -> str:
        spec = self.spec
        parts = []
        if spec.product_id is not None:
            parts.append(f"product {self.product_names.get(spec.product_id, spec.product_id)}")
        if spec.assignee:
            parts.append(f"owner {spec.assignee}")
        if spec.source:
            parts.append(f"source {spec.source}")
        return ", ".join(parts)

    # Keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filters":
            return self.spec != BoardFilter()
        return True  # `[` and `]` stay in the footer: their keys shifting as the focus lands would redraw the board

    def action_column(self, direction: int) -> None:
        shown = [column for column in self.columns() if not column.folded]
        current = self.focused_column()
        if current is None or current not in shown:
            shown[0].card_list.focus()
            return
        index = shown.index(current) + direction
        if 0 <= index < len(shown):
            target = shown[index].card_list
            if target.highlighted is None and target.option_count:
                target.highlighted = 0
            target.focus()
        self.refresh_bindings()

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    @on(OptionList.OptionHighlighted)
    def highlighted(self) -> None:
        self.refresh_bindings()

    @on(OptionList.OptionSelected)
    def selected_card(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.app.push_screen(DealDetailScreen(self.actor, int(event.option.id)))

    def action_step(self, direction: int) -> None:
        card = self.focused_card()
        column = self.focused_column()
        if card is None or column is None:
            self.notify("No deal here to move", timeout=2)
            return
        try:
            # A single-row write: done here, so the next key press sees the deal where it now is.
            moved = deals.step(self.actor, card.id, direction)
        except CrmError as error:
            self.notify(str(error), severity="error")
            return
        if moved.stage == column.stage:
            self.notify(f"{card.title} is already {STAGE_LABELS[moved.stage].lower()}", timeout=2)
            return
        self.reload_columns({column.stage, moved.stage}, (card.id, moved.stage))

    def action_new(self) -> None:
        column = self.focused_column()
        stage = column.stage if column is not None else "lead"
        self.app.push_screen(DealFormScreen(self.actor, stage=stage), self._saved)

    def _saved(self, deal_id: int | None) -> None:
        if deal_id is not None:
            self.notify("Deal saved")

    def action_filter(self) -> None:
        self.app.push_screen(BoardFilterDialog(self.actor, self.spec), self._filtered)

    def _filtered(self, spec: BoardFilter | None) -> None:
        if spec is not None and spec != self.spec:
            self.spec = spec
            self.product_names = {product.id: product.name for product in product_domain.list_products(self.actor)}
            self.reload_board()
            self.show_status()
            self.refresh_bindings()

    def action_clear_filters(self) -> None:
        self._filtered(BoardFilter())

    def action_cycle_order(self) -> None:
        column = self.focused_column()
        if column is None:
            return
        column.order = ORDER_CYCLE[(ORDER_CYCLE.index(column.order) + 1) % len(ORDER_CYCLE)]
        column.show_header()
        self.reload_columns({column.stage})

    def action_toggle_fold(self) -> None:
        self.folded = not self.folded
        for stage in CLOSED_STAGES:
            self.column(stage).set_folded(self.folded)
        current = self.focused_column()
        if current is None or current.folded:
            self.column(DEAL_STAGES[len(DEAL_STAGES) - len(CLOSED_STAGES) - 1]).card_list.focus()
        self.show_status()

    def action_products(self) -> None:
        self.app.push_screen(ProductsScreen(self.actor))

    def action_companies(self) -> None:
        self.app.push_screen(CompaniesScreen(self.actor))

    def action_statistics(self) -> None:
        self.app.push_screen(PipelineStatsScreen(self.actor))


ANY = "__any__"


class BoardFilterDialog(ModalScreen[BoardFilter | None]):
    """Choose the product, owner and source the board shows; dismisses with the filter, or None."""

    BINDINGS = [
        Binding("ctrl+s", "apply", "Apply", id="board_filter.apply", tooltip="Show these deals"),
        Binding("ctrl+r", "reset", "Reset", id="board_filter.reset", tooltip="Show every deal"),
        Binding("escape", "cancel", "Cancel", id="board_filter.cancel", tooltip="Close and keep the filter"),
    ]

    def __init__(self, actor: Actor, spec: BoardFilter) -> None:
        super().__init__()
        self.actor = actor
        self.spec = spec

    def compose(self) -> ComposeResult:
        # Small reads (the products, and the owners and sources in use), done before the first frame.
        options = deals.filter_options(self.actor)
        products = product_domain.list_products(self.actor)
        spec = self.spec
        with Vertical(id="board-filter-box"):
            yield Static("Show the deals of…", id="board-filter-title")
            yield Field(
                "Product",
                self._select(
                    [(product.name, str(product.id)) for product in products],
                    "any product",
                    "" if spec.product_id is None else str(spec.product_id),
                    "board-filter-product",
                ),
                name="product",
            )
            yield Field(
                "Owner",
                self._select(
                    [(name, name) for name in options["assignee"]], "anyone", spec.assignee, "board-filter-assignee"
                ),
                name="assignee",
            )
            yield Field(
                "Source",
                self._select(
                    [(name, name) for name in options["source"]], "any source", spec.source, "board-filter-source"
                ),
                name="source",
            )
            yield Static("ctrl+s applies · ctrl+r shows everything · escape cancels", id="board-filter-hint")
        yield CrmFooter()

    @staticmethod
    def _select(choices: list[tuple[str, str]], anything: str, value: str, select_id: str) -> Select:
        values = [choice for _label, choice in choices]
        if value and value not in values:
            choices = [*choices, (value, value)]
        return Select(
            [(f"({anything})", ANY), *plain_choices(choices)],
            value=value or ANY,
            allow_blank=False,
            compact=True,
            id=select_id,
        )

    def on_mount(self) -> None:
        self.query_one("#board-filter-product", Select).focus()

    def chosen(self, select_id: str) -> str:
        value = selected(self.query_one(f"#{select_id}", Select).value)
        return "" if value == ANY else value

    def action_apply(self) -> None:
        product = self.chosen("board-filter-product")
        self.dismiss(
            BoardFilter(
                product_id=int(product) if product else None,
                assignee=self.chosen("board-filter-assignee"),
                source=self.chosen("board-filter-source"),
            )
        )

    def action_reset(self) -> None:
        self.dismiss(BoardFilter())

    def action_cancel(self) -> None:
        self.dismiss(None)


class PipelineCommands(Provider):
    """The palette's way to the pipeline's own screens: products, companies, statistics."""

    COMMANDS = (
        ("Products", "What you sell; at most 3 active", ProductsScreen),
        ("Companies", "The organisations your contacts work for", CompaniesScreen),
        ("Pipeline statistics", "Conversion, days in stage, won and lost per month", PipelineStatsScreen),
    )

    def _commands(self):
        actor = getattr(self.app, "actor", None)
        if actor is None:
            return
        for title, help_text, screen in self.COMMANDS:
            yield title, help_text, (lambda screen=screen: self.app.push_screen(screen(actor)))

    async def discover(self) -> Hits:
        for title, help_text, command in self._commands():
            yield DiscoveryHit(title, command, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, command in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), command, text=title, help=help_text)
