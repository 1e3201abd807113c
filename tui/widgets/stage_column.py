"""One column of the pipeline board: a stage's header (count, totals per currency) and a page of its cards.

The cards are options of an OptionList, not widgets: a column holds a page of plain values and renders
only the lines in view, so a stage with thousands of deals costs no more to show than one with thirty.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style as RichStyle
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.css.styles import RulesMap
from textual.message import Message
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..deals import STAGE_LABELS, Card, format_value
from .plain import Plain

NEAR_END = 5
"""Ask for the next page when the highlight comes this close to the last card held."""
ORDER_LABELS = {"recent": "most recent", "value": "value", "score": "lead score"}
ELLIPSIS = "…"
PLAIN, BOLD, DIM = RichStyle(), RichStyle(bold=True), RichStyle(dim=True)


class CardVisual(Visual):
    """A card drawn straight to strips: its lines, each cut short with an ellipsis when the column is narrow.

    A card's lines are known in advance, so measuring one costs nothing and drawing it is a few segments.
    Rich text would be wrapped and formatted at each width first, and the cards were a third of the work
    of drawing the board.
    """

    def __init__(self, lines: list[list[tuple[str, RichStyle]]]) -> None:
        self.lines = lines
        """Each line as (text, style) pieces."""

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        base = style.rich_style
        return [cut_to_width(line, width, base) for line in self.lines[:height]]

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return max(sum(cell_len(text) for text, _style in line) for line in self.lines)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return len(self.lines)


def cut_to_width(pieces: list[tuple[str, RichStyle]], width: int, base: RichStyle) -> Strip:
    """One line of pieces on `base`, ending in an ellipsis when it is wider than `width`."""
    if sum(cell_len(text) for text, _style in pieces) <= width:
        return Strip([Segment(text, base + piece_style) for text, piece_style in pieces])
    segments: list[Segment] = []
    room = max(width - 1, 0)
    for text, piece_style in pieces:
        if room <= 0:
            break
        shown = text if cell_len(text) <= room else set_cell_size(text, room)
        segments.append(Segment(shown, base + piece_style))
        room -= cell_len(shown)
    if width:
        segments.append(Segment(ELLIPSIS, segments[-1].style if segments else base))
    return Strip(segments)


def card_visual(card: Card, score: int | None = None) -> CardVisual:
    """A card as the board shows it: title; days in stage and contact; value (and the score when sorted by it).

    The days come before the contact so that a long name never hides them.
    """
    value_line = [(format_value(card.value_milli, card.currency), PLAIN)]
    if score is not None:
        value_line.append((f" · ★{score}", DIM))
    return CardVisual(
        [[(card.title, BOLD)], [(f"{card.days_in_stage}d · ", DIM), (card.contact_name, PLAIN)], value_line]
    )


def totals_text(totals: dict[str, int]) -> list[str]:
    """One line per currency, largest first: amounts in different currencies are never added up."""
    return [format_value(value, currency) for currency, value in sorted(totals.items(), key=lambda item: -item[1])]


class CardList(OptionList):
    """The cards held by a column; moving past the last one held asks for more instead of wrapping."""

    @dataclass
    class NearEnd(Message):
        """The highlight came near the last card held while the stage has more."""

        card_list: CardList

        @property
        def control(self) -> CardList:
            return self.card_list

    def __init__(self, **kwargs) -> None:
        super().__init__(compact=True, markup=False, **kwargs)
        self.more = False
        """Whether the stage has cards beyond those held."""

    def action_cursor_down(self) -> None:
        if self.more and self.highlighted is not None and self.highlighted >= self.option_count - 1:
            self.post_message(self.NearEnd(self))
            return
        super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self.highlighted == 0:
            return  # no wrapping round to the bottom of a partial page
        super().action_cursor_up()

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        if self.more and highlighted is not None and highlighted >= self.option_count - NEAR_END:
            self.post_message(self.NearEnd(self))


class StageColumn(Vertical):
    """A stage of the board: its name, count and totals on top, its cards below (folded: only the header)."""

    def __init__(self, stage: str) -> None:
        super().__init__(id=f"column-{stage}", classes="stage-column")
        self.stage = stage
        self.count = 0
        self.totals: dict[str, int] = {}
        self.cards: list[Card] = []
        """The cards held, in the order shown."""
        self.waiting: list[Card] = []
        """Cards already read but not yet shown (a column sorted by score reads them all at once)."""
        self.scores: dict[int, int] = {}
        self.order = "recent"
        self.version = 0
        """Bumped whenever the column's cards are to be replaced, so an older answer is dropped."""
        self.folded = False

    def compose(self) -> ComposeResult:
        yield Plain(classes="stage-header", markup=False)
        yield CardList(classes="stage-cards")

    @property
    def card_list(self) -> CardList:
        return self.query_one(CardList)

    def show(
        self,
        count: int,
        totals: dict[str, int],
        cards: list[Card],
        waiting: list[Card] | None = None,
        scores: dict[int, int] | None = None,
        keep: int | None = None,
    ) -> None:
        """Replace the column's cards; the highlight stays on deal `keep`, else on the same row."""
        card_list = self.card_list
        row = card_list.highlighted
        self.count, self.totals, self.cards = count, totals, list(cards)
        self.waiting = list(waiting or [])
        self.scores = scores or {}
        card_list.set_options(self._options(self.cards))
        card_list.more = self.has_more
        if self.cards:
            ids = [card.id for card in self.cards]
            card_list.highlighted = ids.index(keep) if keep in ids else min(row or 0, len(ids) - 1)
        self.show_header()

    def append(self, cards: list[Card]) -> None:
        """Add the next cards to those held, keeping the highlight where it is."""
        known = {card.id for card in self.cards}
        fresh = [card for card in cards if card.id not in known]
        self.cards.extend(fresh)
        card_list = self.card_list
        card_list.add_options(self._options(fresh))
        card_list.more = self.has_more
        self.show_header()

    def _options(self, cards: list[Card]) -> list[Option | None]:
        options: list[Option | None] = []
        for card in cards:
            score = self.scores.get(card.id, 0) if self.order == "score" else None
            options += [Option(card_visual(card, score), id=str(card.id)), None]
        return options

    @property
    def has_more(self) -> bool:
        """Whether the stage holds cards the column has not shown yet."""
        return bool(self.waiting) or len(self.cards) < self.count

    @property
    def highlighted_card(self) -> Card | None:
        """The card under the highlight."""
        index = self.card_list.highlighted
        return self.cards[index] if index is not None and index < len(self.cards) else None

    def set_folded(self, folded: bool) -> None:
        """Fold the column to its header, or open it again."""
        self.folded = folded
        self.set_class(folded, "-folded")
        self.show_header()

    def show_header(self) -> None:
        header = Text(STAGE_LABELS[self.stage], style="bold")
        header.append(f"  {self.count:,}")
        for line in totals_text(self.totals) or ["—"]:
            header.append("\n" + line, style="dim" if line == "—" else "")
        if not self.folded:
            header.append(f"\nby {ORDER_LABELS[self.order]}", style="italic dim")
            if len(self.cards) < self.count:
                header.append(f" · {len(self.cards):,} shown", style="italic dim")
        self.query_one(".stage-header", Static).update(header)
