"""Finding likely duplicate contacts: the same e-mail, the same phone number or the same name.

The matching is done by the database (the elements of the stored lists, `GROUP BY` on the
normalised value), so the work grows with the number of contacts, not with its square:
e-mails are stored lower-cased, phones in E.164 and `sort_name` is the name without case
or accents. Python then joins the matches into groups (contacts linked by any match) and
lists each group's pairs with the reasons they matched.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

from .models import database
from .scope import Actor
from .sql_dialect import execute, integer_list_param, joined_ids, json_elements

REASON_KINDS = ("email", "phone", "name")
"""Strongest first: a shared address is surer than a shared name."""
REASON_LABELS = {"email": "same e-mail", "phone": "same phone", "name": "same name"}


def _email_keys() -> str:
    return f"""
SELECT lower(e."value"), {joined_ids('c."id"', distinct=True)}
FROM "contact" AS c, {json_elements('c."emails"', "e")}
WHERE c."owner_id" = ? AND c."emails" <> '[]' AND e."value" <> ''
GROUP BY lower(e."value") HAVING COUNT(DISTINCT c."id") > 1
"""


def _phone_keys() -> str:
    return f"""
SELECT "number", {joined_ids('"id"', distinct=True)} FROM (
    SELECT c."id" AS "id", p."value" AS "number"
    FROM "contact" AS c, {json_elements('c."phones"', "p")} WHERE c."owner_id" = ? AND c."phones" <> '[]'
    UNION ALL
    SELECT "id", "whatsapp" FROM "contact" WHERE "owner_id" = ? AND "whatsapp" <> ''
) AS numbers
WHERE "number" <> ''
GROUP BY "number" HAVING COUNT(DISTINCT "id") > 1
"""


def _name_keys() -> str:
    return f"""
SELECT "sort_name", {joined_ids('"id"')} FROM "contact"
WHERE "owner_id" = ? AND "sort_name" <> ''
GROUP BY "sort_name" HAVING COUNT(*) > 1
"""


class Match(NamedTuple):
    """Contacts sharing one value: `kind` is email, phone or name."""

    kind: str
    value: str
    contact_ids: tuple[int, ...]

    @property
    def label(self) -> str:
        """ "same e-mail ada@example.org", "same name"."""
        return REASON_LABELS[self.kind] if self.kind == "name" else f"{REASON_LABELS[self.kind]} {self.value}"


# Named tuples rather than dataclasses: a large address book makes a hundred thousand of these at a time.
class Member(NamedTuple):
    """A contact in a group, with what a person needs to tell it apart."""

    id: int
    name: str
    emails_json: str
    phones_json: str
    company: str
    archived: bool

    # The lists stay JSON text until asked for: a large address book has many members and few are shown.
    @property
    def emails(self) -> list[str]:
        """The contact's e-mail addresses."""
        return json.loads(self.emails_json or "[]")

    @property
    def phones(self) -> list[str]:
        """The contact's phone numbers (E.164)."""
        return json.loads(self.phones_json or "[]")


@dataclass(frozen=True)
class Pair:
    """Two contacts that look like one person, and every reason they matched."""

    first: int
    second: int
    reasons: tuple[Match, ...]

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds of reason, strongest first, each once."""
        present = {reason.kind for reason in self.reasons}
        return tuple(kind for kind in REASON_KINDS if kind in present)


@dataclass
class Group:
    """Contacts linked by matches (directly or through one another)."""

    members: list[Member] = field(default_factory=list)
    matches: list[Match] = field(default_factory=list)
    """Strongest kind first."""

    @property
    def strength(self) -> int:
        """0 when some e-mail matched, 1 for a phone, 2 when only names did: for sorting."""
        return min(REASON_KINDS.index(match.kind) for match in self.matches)

    @cached_property
    def pairs(self) -> list[Pair]:
        """The pairs to merge, surest first; worked out when first asked for (most groups are only listed)."""
        return sorted(
            _pairs(self.matches),
            key=lambda pair: (REASON_KINDS.index(pair.kinds[0]), -len(pair.reasons), pair.first, pair.second),
        )

    def member(self, contact_id: int) -> Member:
        """The member with `contact_id`."""
        return next(member for member in self.members if member.id == contact_id)


def _matches(actor: Actor) -> list[Match]:
    """Every value shared by two or more of `actor`'s contacts, strongest kind first."""
    found: list[Match] = []
    user = actor.user_id
    for kind, sql, params in (
        ("email", _email_keys(), (user,)),
        ("phone", _phone_keys(), (user, user)),
        ("name", _name_keys(), (user,)),
    ):
        for value, ids in execute(sql, params):
            found.append(Match(kind, value, tuple(sorted(int(item) for item in ids.split(",")))))
    return found


def _components(matches: list[Match]) -> list[list[Match]]:
    """The matches split into groups of contacts linked through any of them (union-find)."""
    parent: dict[int, int] = {}

    def root(item: int) -> int:
        parent.setdefault(item, item)
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    for match in matches:
        first = root(match.contact_ids[0])
        for other in match.contact_ids[1:]:
            top = root(other)
            if top != first:
                parent[top] = first
    grouped: dict[int, list[Match]] = {}
    for match in matches:
        grouped.setdefault(root(match.contact_ids[0]), []).append(match)
    return list(grouped.values())


def _pairs(matches: list[Match]) -> list[Pair]:
    """Each match as a star from its oldest contact, so a value shared by k contacts gives k-1 pairs, not k².

    A pair's reasons are every match holding both of its contacts, not only the one that made the pair.
    """
    holding: dict[int, set[int]] = {}
    for index, match in enumerate(matches):
        for contact_id in match.contact_ids:
            holding.setdefault(contact_id, set()).add(index)
    stars = {(match.contact_ids[0], other) for match in matches for other in match.contact_ids[1:]}
    pairs = []
    for first, second in sorted(stars):
        shared = sorted(holding[first] & holding[second])  # matches are in strength order already
        pairs.append(Pair(first, second, tuple(matches[index] for index in shared)))
    return pairs


def _members_query() -> str:
    return f"""
SELECT c."id", c."name", CAST(c."emails" AS TEXT), CAST(c."phones" AS TEXT), COALESCE(co."name", ''), c."archived"
FROM "contact" AS c LEFT JOIN "company" AS co ON co."id" = c."company_id"
WHERE c."owner_id" = {database.param} AND c."id" IN {integer_list_param()}
"""


def _members(actor: Actor, contact_ids: set[int]) -> dict[int, Member]:
    """The members' names, lists and companies, in one query (the ids go in as one JSON array)."""
    rows = database.execute_sql(_members_query(), (actor.user_id, json.dumps(sorted(contact_ids))))
    return {row[0]: Member(*row) for row in rows}


def find_duplicates(actor: Actor) -> list[Group]:
    """Groups of `actor`'s contacts that look like the same person, the surest and then by name.

    Archived contacts are included: an archived copy of someone is still a copy.
    """
    with database.atomic("DEFERRED"):  # one snapshot of the data for both reads, without blocking writers
        matches = _matches(actor)
        members = _members(actor, {contact_id for match in matches for contact_id in match.contact_ids})
    groups = []
    components = _components(matches)
    for component in components:
        ids = sorted({contact_id for match in component for contact_id in match.contact_ids})
        ordered = sorted(component, key=lambda match: (REASON_KINDS.index(match.kind), match.value))
        groups.append(Group(members=[members[contact_id] for contact_id in ids], matches=ordered))
    groups.sort(key=lambda group: (group.strength, group.members[0].name.casefold(), group.members[0].id))
    return groups


def group_dict(group: Group) -> dict[str, Any]:
    """A group as plain values, for `crm dedupe --json`."""
    return {
        "contacts": [
            {
                "id": member.id,
                "name": member.name,
                "emails": member.emails,
                "phones": member.phones,
                "company": member.company,
                "archived": bool(member.archived),
            }
            for member in group.members
        ],
        "pairs": [
            {
                "ids": [pair.first, pair.second],
                "reasons": [{"kind": reason.kind, "value": reason.value} for reason in pair.reasons],
            }
            for pair in group.pairs
        ],
    }
