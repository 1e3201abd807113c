"""Choosing a contact by typing a few letters of a name: candidates and a forgiving ranking.

The full-text index finds names by word prefix only, so candidates also come from
shorter prefixes of what was typed; the ranking then tolerates skipped letters
("grh" finds Grace Hopper) and one typo in a few letters ("garce" finds Grace).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from operator import attrgetter
from typing import TypeVar

from .contacts import ContactFilter, ContactRow, list_contacts
from .scope import Actor

T = TypeVar("T")

CANDIDATE_LIMITS = ((0, 50), (2, 300), (1, 300))
"""(prefix length, rows) for each look-up: the whole query first (0), then shorter prefixes when few are found."""


def normalise(text: str) -> str:
    """Lower case without accents, so "José" is found by "jose"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _edit_distance(first: str, second: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions and swaps cost 1."""
    rows = [list(range(len(second) + 1))]
    for i, a in enumerate(first, 1):
        row = [i] + [0] * len(second)
        for j, b in enumerate(second, 1):
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (a != b))
            if i > 1 and j > 1 and a == second[j - 2] and first[i - 2] == b:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def _subsequence(query: str, name: str) -> float:
    """How well `query`'s letters appear in order in `name`: 0 when they do not; word starts and runs score."""
    starts = {0} | {index + 1 for index, char in enumerate(name) if char == " "}
    position, points, previous = 0, 0.0, -2
    for char in query:
        found = name.find(char, position)
        if found < 0:
            return 0.0
        points += 2 if found in starts else (1.5 if found == previous + 1 else 1)
        previous, position = found, found + 1
    return points / (2 * len(query))


def score(query: str, name: str) -> float:
    """How well `name` matches what was typed, from 0 (not at all) to 100 (the name starts with it)."""
    wanted = " ".join(normalise(query).split())
    if not wanted:
        return 1.0
    candidate = " ".join(normalise(name).split())
    words = candidate.split(" ")
    if candidate.startswith(wanted):
        return 100.0
    if any(word.startswith(wanted) for word in words):
        return 90.0
    if wanted in candidate:
        return 70.0
    packed = wanted.replace(" ", "")
    best = 0.0
    subsequence = _subsequence(packed, candidate)
    if subsequence:
        best = 30.0 + 30.0 * subsequence
    if len(packed) >= 3:
        allowed = 1 if len(packed) < 8 else 2
        for word in words + [candidate]:
            distance = min(
                _edit_distance(packed, word[:length])
                for length in (len(packed) - 1, len(packed), len(packed) + 1)
                if length > 0
            )
            if distance <= allowed:
                best = max(best, 50.0 - 10.0 * distance)
    return best


def rank(
    query: str, items: Iterable[T], name_of: Callable[[T], str] = attrgetter("name"), limit: int | None = None
) -> list[T]:
    """The items whose names match `query`, best first (shorter names first on ties, then by name)."""
    scored = [(score(query, name_of(item)), item) for item in items]
    ordered = sorted(
        (pair for pair in scored if pair[0] > 0),
        key=lambda pair: (-pair[0], len(name_of(pair[1])), normalise(name_of(pair[1]))),
    )
    return [item for _score, item in ordered[:limit]]


def candidates(actor: Actor, query: str, limit: int = 8) -> list[ContactRow]:
    """Up to `limit` of `actor`'s contacts (not archived) for a picker, best match first."""
    wanted = query.strip()
    if not wanted:
        return list_contacts(actor, ContactFilter(), limit=limit)
    found: dict[int, ContactRow] = {}
    for prefix, rows in CANDIDATE_LIMITS:
        search = wanted if prefix == 0 else wanted[:prefix]
        if prefix and (len(wanted) <= prefix or not search.strip()):
            continue
        for row in list_contacts(actor, ContactFilter(search=search), limit=rows):
            found.setdefault(row.id, row)
        ranked = rank(wanted, found.values(), limit=limit)
        if len(ranked) >= limit:
            break
    return rank(wanted, found.values(), limit=limit)
