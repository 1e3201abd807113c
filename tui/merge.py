"""Merging two contacts that are one person, field by field, and undoing a merge.

The survivor keeps its id. For each field the caller says whose value to keep (or, for
e-mails, phones and notes, both); tags are always joined. Everything that hangs off the
other contact (interactions, deals, tasks, reminders, suggestions, shares, custom field
values, the VIP background and contact info, and rows of any later table that points at a
contact) moves to the survivor, or is removed where the survivor already has its own
(the same reminder, a share with the same person, the same custom field). Then the other
contact is deleted. All of it happens in one transaction.

The merge log (ContactMerge) keeps what an undo needs: the other contact's row, the
survivor's row before and after, the ids of the rows moved and the rows removed, as
stored. Undo puts them back exactly, or says what happened since that makes it impossible.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from peewee import Expression, ForeignKeyField, IntegrityError, ModelAlias, fn

from . import audit, clock, reminders, timeparse
from .contacts import LIMITS, MAX_LIST_ITEMS, contact_tags, get_contact, sort_key
from .custom_fields import list_fields
from .errors import CrmError, NotFound, ValidationError
from .merge_rows import (
    Row,
    contact_references,
    delete_rows,
    insert_rows,
    select_rows,
    table_of,
    update_row,
    with_dependents,
)
from .models import (
    Background,
    BaseModel,
    Company,
    Contact,
    ContactInfo,
    ContactMerge,
    ContactTag,
    CustomFieldValue,
    Reminder,
    Share,
    Tag,
    User,
    database,
)
from .reminders import PLANNED_KINDS
from .scope import Actor, owned
from .settings import read_settings
from .sql_dialect import execute

SURVIVOR, OTHER, BOTH = "survivor", "other", "both"
CHOICES = (SURVIVOR, OTHER, BOTH)
CUSTOM_PREFIX = "custom:"
UNDO_FORMAT = 1
"""The layout of `undo_data`; an undo refuses a layout it does not know."""


@dataclass(frozen=True)
class MergeField:
    """A contact field the user chooses for: its key, its label and whether both values can be kept."""

    key: str
    label: str
    combinable: bool = False


MERGE_FIELDS = (
    MergeField("name", "Name"),
    MergeField("emails", "E-mails", combinable=True),
    MergeField("phones", "Phones", combinable=True),
    MergeField("whatsapp", "WhatsApp"),
    MergeField("instagram", "Instagram"),
    MergeField("company", "Company"),
    MergeField("title", "Title"),
    MergeField("relationship", "Relationship"),
    MergeField("industry", "Industry"),
    MergeField("location", "Location"),
    MergeField("address", "Address"),
    MergeField("birthday", "Birthday"),
    MergeField("anniversary", "Anniversary"),
    MergeField("notes", "Notes", combinable=True),
    MergeField("picture_url", "Picture"),
    MergeField("cadence_days", "Cadence"),
    MergeField("vip", "VIP"),
    MergeField("active", "Active"),
)
"""The fields chosen one by one, in the order the merge screen lists them."""
_BY_KEY = {item.key: item for item in MERGE_FIELDS}

COLUMN_LABELS = {
    "company_id": "company",
    "sort_name": "name",
    "birthday_md": "birthday",
    "anniversary_md": "anniversary",
    "picture_url": "picture",
    "cadence_days": "cadence",
    "created_at": "date added",
    "external_id": "import key",
    "emails": "e-mails",
}
DERIVED_COLUMNS = frozenset({"updated_at", "last_contacted_at", "sort_name", "birthday_md", "anniversary_md"})
"""Columns that follow from others or from activity: an undo never refuses because of them."""

MOVED_NOUNS = {
    "interaction": ("interaction", "interactions"),
    "deal": ("deal", "deals"),
    "task": ("task", "tasks"),
    "reminder": ("reminder", "reminders"),
    "suggestion": ("suggestion", "suggestions"),
    "share": ("share", "shares"),
    "custom_field_value": ("custom field value", "custom field values"),
    "background": ("background", "backgrounds"),
    "contact_info": ("contact info", "contact infos"),
    "contact_tag": ("tag", "tags"),
}
"""How each kind of row is named when counted."""


def counted(table: str, count: int) -> str:
    """ "1 interaction", "3 tags": a count of rows of `table`, in words."""
    one, many = MOVED_NOUNS.get(table, (table.replace("_", " "),) * 2)
    return f"{count} {one if count == 1 else many}"


def describe_moving(moving: dict[str, int]) -> str:
    """What a merge moves, in words: "2 interactions, 1 deal, 1 tag"."""
    return ", ".join(counted(table, count) for table, count in moving.items())


@dataclass(frozen=True)
class FieldChoice:
    """One line of the merge screen: both values as shown, and the choice made by default."""

    key: str
    label: str
    survivor: str
    other: str
    choice: str
    combinable: bool
    survivor_value: Any = field(default=None, compare=False, repr=False)
    other_value: Any = field(default=None, compare=False, repr=False)

    @property
    def differs(self) -> bool:
        """Whether the two sides hold different values (a choice that matters)."""
        return self.survivor != self.other

    def result(self, choice: str) -> str:
        """The value the field gets with `choice`, as shown."""
        if choice == BOTH:
            return shown(_combined(self.survivor_value, self.other_value), self.key)
        return self.survivor if choice == SURVIVOR else self.other


@dataclass(frozen=True)
class MergePlan:
    """What merging `other` into `survivor` would do, before the user chooses."""

    survivor_id: int
    other_id: int
    survivor_name: str
    other_name: str
    fields: list[FieldChoice]
    survivor_tags: list[str]
    other_tags: list[str]
    moving: dict[str, int]
    """How many rows of each table move from the other contact to the survivor (tags: those it lacks)."""

    def choices(self) -> dict[str, str]:
        """The default choice of every field."""
        return {item.key: item.choice for item in self.fields}

    @property
    def tags(self) -> list[str]:
        """The tags the survivor will have: both contacts' tags, each once."""
        joined = {tag.casefold(): tag for tag in self.other_tags + self.survivor_tags}
        return sorted(joined.values(), key=str.casefold)


@dataclass(frozen=True)
class MergeResult:
    """A merge done: its id in the merge log and what moved."""

    merge_id: int
    survivor_id: int
    other_id: int
    survivor_name: str
    other_name: str
    moved: dict[str, int]


@dataclass(frozen=True)
class UndoResult:
    """A merge undone: the contact brought back, and anything that could not be put back as it was."""

    merge_id: int
    survivor_id: int
    other_id: int
    other_name: str
    notes: list[str] = field(default_factory=list)


# -- values and choices -------------------------------------------------------------------------------------


def _values(contact: Contact) -> dict[str, Any]:
    """The choosable fields of a contact, as Python values (company by name)."""
    values = {item.key: getattr(contact, item.key) for item in MERGE_FIELDS if item.key != "company"}
    values["company"] = contact.company.name if contact.company_id else ""
    values["emails"] = list(contact.emails or [])
    values["phones"] = list(contact.phones or [])
    return values


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value is False


def _default_choice(item: MergeField, mine: Any, theirs: Any) -> str:
    """Keep the survivor's value, fill a blank from the other, keep both lists when they differ."""
    if item.combinable and not _empty(mine) and not _empty(theirs) and _combined(mine, theirs) != mine:
        return BOTH
    if _empty(mine) and not _empty(theirs):
        return OTHER
    return SURVIVOR


def _combined(mine: Any, theirs: Any) -> Any:
    if isinstance(mine, list):
        # Ann@example.org and ann@example.org are one address: keep the survivor's spelling.
        seen = {str(value).casefold() for value in mine}
        return mine + [value for value in theirs if str(value).casefold() not in seen]
    if not theirs or theirs == mine:
        return mine
    if not mine:
        return theirs
    return f"{mine}\n\n{theirs}"


def _resolved(item: MergeField, choice: str, mine: Any, theirs: Any) -> Any:
    """The value a field gets, or a ValidationError at that field when keeping both does not fit."""
    if choice == SURVIVOR:
        return mine
    if choice == OTHER:
        return theirs
    value = _combined(mine, theirs)
    if isinstance(value, list) and len(value) > MAX_LIST_ITEMS:
        raise ValidationError(
            item.key, f"together they have {len(value)} {item.label.lower()}, at most {MAX_LIST_ITEMS}: keep one side"
        )
    if isinstance(value, str) and len(value) > LIMITS.get(item.key, len(value)):
        raise ValidationError(
            item.key,
            f"both {item.label.lower()} together are too long "
            f"({len(value)} characters, at most {LIMITS[item.key]}): keep one side",
        )
    return value


def shown(value: Any, key: str = "") -> str:
    """A field's value as one line of text for the merge screen and the command line."""
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if key == "cadence_days":
        return f"every {value} days"
    return " ".join(str(value).split())


def _custom_values(contact_id: int) -> dict[int, str]:
    return {row.field_id: row.value for row in CustomFieldValue.select().where(CustomFieldValue.contact == contact_id)}


def choice_key(actor: Actor, text: str) -> str:
    """The choice key for what a person typed: a field key or label ("emails", "E-mails") or a custom field's name."""
    wanted = text.strip().lower()
    for item in MERGE_FIELDS:
        if wanted in (item.key, item.label.lower(), item.key.replace("_", "-")):
            return item.key
    for custom in list_fields(actor):
        if wanted in (custom.name.lower(), f"{CUSTOM_PREFIX}{custom.name.lower()}", f"{CUSTOM_PREFIX}{custom.id}"):
            return f"{CUSTOM_PREFIX}{custom.id}"
    known = ", ".join(item.key for item in MERGE_FIELDS)
    raise ValidationError("choices", f"no field called {text.strip()!r}: use one of {known}, or a custom field's name")


def _check_choices(actor: Actor, choices: dict[str, str]) -> dict[str, str]:
    custom_keys = {f"{CUSTOM_PREFIX}{custom.id}" for custom in list_fields(actor)}
    for key, choice in choices.items():
        item = _BY_KEY.get(key)
        if item is None and key not in custom_keys:
            raise ValidationError("choices", f"no field called {key!r} to choose for")
        if choice not in CHOICES:
            raise ValidationError(key, f"choose survivor, other or both for {key}, not {choice!r}")
        if choice == BOTH and not (item and item.combinable):
            raise ValidationError(
                key, f"{item.label if item else 'a custom field'} cannot keep both values: choose one side"
            )
    return choices


def plan_merge(actor: Actor, survivor_id: int, other_id: int) -> MergePlan:
    """Both contacts side by side, field by field, with the default choices and what would move."""
    survivor, other = _pair(actor, survivor_id, other_id)
    mine, theirs = _values(survivor), _values(other)
    fields = [
        FieldChoice(
            item.key,
            item.label,
            shown(mine[item.key], item.key),
            shown(theirs[item.key], item.key),
            _default_choice(item, mine[item.key], theirs[item.key]),
            item.combinable,
            mine[item.key],
            theirs[item.key],
        )
        for item in MERGE_FIELDS
    ]
    my_custom, their_custom = _custom_values(survivor.id), _custom_values(other.id)
    for custom in list_fields(actor):
        if custom.id in my_custom or custom.id in their_custom:
            left, right = my_custom.get(custom.id, ""), their_custom.get(custom.id, "")
            fields.append(
                FieldChoice(
                    f"{CUSTOM_PREFIX}{custom.id}",
                    custom.name,
                    shown(left),
                    shown(right),
                    OTHER if not left and right else SURVIVOR,
                    False,
                )
            )
    return MergePlan(
        survivor.id,
        other.id,
        survivor.name,
        other.name,
        fields,
        contact_tags(survivor.id),
        contact_tags(other.id),
        _moving(survivor.id, other.id),
    )


MOVING_ORDER = (
    "interaction",
    "deal",
    "task",
    "reminder",
    "share",
    "suggestion",
    "contact_tag",
    "custom_field_value",
    "background",
    "contact_info",
)
"""The order a merge's moves are told in: what people care about first."""


def _moving(survivor_id: int, other_id: int) -> dict[str, int]:
    """How many rows of each table move from the other contact (what the survivor has already stays its own)."""
    counts: dict[str, int] = {}
    for model, fk in contact_references(Contact):
        query = model.select().where(fk == other_id)
        if model is Reminder:
            same = Reminder.alias()
            query = query.where(
                ~_planned(Reminder)
                & ~fn.EXISTS(
                    same.select().where(
                        (same.contact == survivor_id)
                        & (same.user == Reminder.user)
                        & (same.kind == Reminder.kind)
                        & (same.occurrence == Reminder.occurrence)
                    )
                )
            )
        elif model is Share:
            query = query.where(
                Share.recipient.not_in(Share.select(Share.recipient).where(Share.contact == survivor_id))
            )
        elif model is ContactTag:
            query = query.where(
                ContactTag.tag.not_in(ContactTag.select(ContactTag.tag).where(ContactTag.contact == survivor_id))
            )
        elif model is CustomFieldValue:
            query = query.where(
                CustomFieldValue.field.not_in(
                    CustomFieldValue.select(CustomFieldValue.field).where(CustomFieldValue.contact == survivor_id)
                )
            )
        count = query.count()
        if count:
            counts[table_of(model)] = count
    rank = {table: index for index, table in enumerate(MOVING_ORDER)}
    return dict(sorted(counts.items(), key=lambda item: rank.get(item[0], len(rank))))


def _planned(model: type[Reminder] | ModelAlias = Reminder) -> Expression:
    """Reminders the engine plans by itself and has not touched yet: they are planned again, not moved."""
    return model.kind.in_(PLANNED_KINDS) & (model.status == "pending") & model.claimed_by.is_null()


def _pair(actor: Actor, survivor_id: int, other_id: int) -> tuple[Contact, Contact]:
    if survivor_id == other_id:
        raise ValidationError("other", "a contact cannot be merged with itself: choose two different contacts")
    return get_contact(actor, survivor_id), get_contact(actor, other_id)


# -- merging ------------------------------------------------------------------------------------------------


def merge(actor: Actor, survivor_id: int, other_id: int, choices: dict[str, str] | None = None) -> MergeResult:
    """Merge `other` into `survivor` (both `actor`'s), keeping per field what `choices` says; undoable.

    `choices` maps a field key (see MERGE_FIELDS, or `custom:<field id>`) to survivor, other or both;
    a field not named gets its default (the survivor's value, a blank filled from the other, both lists).
    """
    with database.atomic():  # read under the write lock too: what is merged is what is logged
        survivor, other = _pair(actor, survivor_id, other_id)
        plan = plan_merge(actor, survivor.id, other.id)
        chosen = {**plan.choices(), **_check_choices(actor, dict(choices or {}))}
        columns = _merged_columns(survivor, other, chosen)
        custom_winners = {
            int(key[len(CUSTOM_PREFIX) :])
            for key, choice in chosen.items()
            if key.startswith(CUSTOM_PREFIX) and choice == OTHER
        }
        log = _MergeLog(survivor.id, other.id)
        log.data["planned_on"] = User.get_by_id(actor.user_id).reminders_planned_on
        Contact.update(**columns).where(Contact.id == survivor.id).execute()
        log.tags()
        log.custom_values(custom_winners)
        log.one_per_contact(Background, ("family", "company", "likes_dislikes", "misc_notes"), ())
        log.one_per_contact(ContactInfo, ("main_app", "email", "phone"), ("social_links",))
        log.reminders()
        log.shares()
        log.everything_else()
        log.check_nothing_left()
        Contact.delete().where(Contact.id == other.id).execute()
        reminders.replan_contact(actor, survivor.id)
        log.data["survivor_after"] = select_rows("contact", "id", [survivor.id])[0]
        entry = ContactMerge.create(
            owner=actor.user_id,
            survivor_id=survivor.id,
            other_id=other.id,
            survivor_name=survivor.name,
            other_name=other.name,
            undo_data=log.data,
            merged_at=clock.utcnow(),
        )
        old, new = _changed_columns(log.data["survivor_before"], log.data["survivor_after"])
        audit.record(
            actor,
            actor.user_id,
            "contact",
            survivor.id,
            "merge",
            old,
            {**new, "merged_contact_id": other.id, "merged_contact_name": other.name, "merge_id": entry.id},
            contact_id=survivor.id,
        )
    return MergeResult(entry.id, survivor.id, other.id, survivor.name, other.name, plan.moving)


def _merged_columns(survivor: Contact, other: Contact, chosen: dict[str, str]) -> dict[str, Any]:
    """The survivor's new column values."""
    mine, theirs = _values(survivor), _values(other)
    columns: dict[str, Any] = {}
    for item in MERGE_FIELDS:
        value = _resolved(item, chosen[item.key], mine[item.key], theirs[item.key])
        if item.key == "company":
            columns["company"] = other.company_id if chosen[item.key] == OTHER else survivor.company_id
        else:
            columns[item.key] = value
    columns["sort_name"] = sort_key(columns["name"])
    columns["birthday_md"] = timeparse.month_day(columns["birthday"])
    columns["anniversary_md"] = timeparse.month_day(columns["anniversary"])
    columns["archived"] = survivor.archived and other.archived
    columns["created_at"] = min(survivor.created_at, other.created_at)
    columns["external_id"] = survivor.external_id or other.external_id
    moments = [moment for moment in (survivor.last_contacted_at, other.last_contacted_at) if moment is not None]
    columns["last_contacted_at"] = max(moments) if moments else None
    columns["updated_at"] = clock.utcnow()
    return columns


def _changed_columns(before: Row, after: Row) -> tuple[dict[str, Any], dict[str, Any]]:
    keys = [key for key in after if before.get(key) != after.get(key) and key not in ("updated_at",)]
    return {key: before.get(key) for key in keys}, {key: after.get(key) for key in keys}


class _MergeLog:
    """Moves and removes the other contact's rows, noting each in `data` (the undo log) as it goes."""

    def __init__(self, survivor_id: int, other_id: int) -> None:
        self.survivor_id = survivor_id
        self.other_id = other_id
        self.data: dict[str, Any] = {
            "format": UNDO_FORMAT,
            "survivor_before": select_rows("contact", "id", [survivor_id])[0],
            "other": select_rows("contact", "id", [other_id])[0],
            "moved": {},  # "table.column" -> ids of rows moved from the other contact to the survivor
            "removed": [],  # [table, rows] removed, parents before children, to insert again
            "replaced": [],  # [table, row as it was] rows of the survivor changed in place
            "other_tags": [],  # tag ids the other contact had
            "tags_added": [],  # tag ids the survivor got from the other
            "survivor_planned": [],  # [table, rows]: the survivor's planned reminders, planned again by the merge
        }

    def _move(self, model: type[BaseModel], fk: ForeignKeyField, ids: list[int]) -> None:
        if not ids:
            return
        for start in range(0, len(ids), 500):
            model.update({fk: self.survivor_id}).where(model.id.in_(ids[start : start + 500])).execute()
        self.data["moved"].setdefault(f"{table_of(model)}.{fk.column_name}", []).extend(ids)

    def _remove(self, model: type[BaseModel], rows: list[Row], into: str = "removed") -> None:
        if not rows:
            return
        taken = with_dependents(model, rows)
        self.data[into].extend([table, found] for table, found in taken)
        delete_rows(table_of(model), rows)

    def tags(self) -> None:
        """Tags are joined: the survivor gets the other's tags it lacks."""
        theirs = [row["tag_id"] for row in select_rows("contact_tag", "contact_id", [self.other_id])]
        mine = {row["tag_id"] for row in select_rows("contact_tag", "contact_id", [self.survivor_id])}
        added = [tag_id for tag_id in theirs if tag_id not in mine]
        if added:
            ContactTag.insert_many(
                [(self.survivor_id, tag_id) for tag_id in added], fields=[ContactTag.contact, ContactTag.tag]
            ).execute()
        ContactTag.delete().where(ContactTag.contact == self.other_id).execute()
        self.data["other_tags"], self.data["tags_added"] = theirs, added

    def custom_values(self, winners: set[int]) -> None:
        """A value only the other has moves; where both have one, the chosen side's stays."""
        mine = {row["field_id"]: row for row in select_rows("custom_field_value", "contact_id", [self.survivor_id])}
        moving, losing_theirs, losing_mine = [], [], []
        for row in select_rows("custom_field_value", "contact_id", [self.other_id]):
            if row["field_id"] not in mine:
                moving.append(row["id"])
            elif row["field_id"] in winners:
                losing_mine.append(mine[row["field_id"]])
                moving.append(row["id"])
            else:
                losing_theirs.append(row)
        self._remove(CustomFieldValue, losing_mine)
        self._remove(CustomFieldValue, losing_theirs)
        self._move(CustomFieldValue, CustomFieldValue.contact, moving)

    def one_per_contact(
        self, model: type[BaseModel], text_columns: tuple[str, ...], list_columns: tuple[str, ...]
    ) -> None:
        """Background and contact info: the other's moves when the survivor has none, else fills its blanks."""
        table = table_of(model)
        theirs = select_rows(table, "contact_id", [self.other_id])
        if not theirs:
            return
        mine = select_rows(table, "contact_id", [self.survivor_id])
        if not mine:
            self._move(model, model.contact, [theirs[0]["id"]])
            return
        filled: dict[str, Any] = {
            column: theirs[0][column] for column in text_columns if not mine[0][column] and theirs[0][column]
        }
        for column in list_columns:
            own, other = json.loads(mine[0][column] or "[]"), json.loads(theirs[0][column] or "[]")
            joined = own + [item for item in other if item not in own]
            if joined != own:
                filled[column] = joined
        if filled:
            model.update(updated_at=clock.utcnow(), **filled).where(model.id == mine[0]["id"]).execute()
            self.data["replaced"].append([table, mine[0], select_rows(table, "id", [mine[0]["id"]])[0]])
        self._remove(model, theirs)

    def reminders(self) -> None:
        """The other's own reminders move; planned ones and ones the survivor has too are removed."""
        survivor_rows = select_rows("reminder", "contact_id", [self.survivor_id])
        taken = {(row["user_id"], row["kind"], row["occurrence"]) for row in survivor_rows}
        moving, removing = [], []
        for row in select_rows("reminder", "contact_id", [self.other_id]):
            if _is_planned(row) or (row["user_id"], row["kind"], row["occurrence"]) in taken:
                removing.append(row)
            else:
                moving.append(row["id"])
        self._remove(Reminder, removing)
        self._move(Reminder, Reminder.contact, moving)
        # The merge plans the survivor's reminders again (its dates or last contact may change): keep them.
        planned = [row for row in survivor_rows if _is_planned(row)]
        self.data["survivor_planned"].extend([table, rows] for table, rows in with_dependents(Reminder, planned))

    def shares(self) -> None:
        """The other's shares move, except with someone the survivor is already shared with."""
        recipients = {row["recipient_id"] for row in select_rows("share", "contact_id", [self.survivor_id])}
        theirs = select_rows("share", "contact_id", [self.other_id])
        self._remove(Share, [row for row in theirs if row["recipient_id"] in recipients])
        self._move(Share, Share.contact, [row["id"] for row in theirs if row["recipient_id"] not in recipients])

    def everything_else(self) -> None:
        """Interactions, deals, tasks, suggestions and any other table pointing at a contact: moved whole."""
        handled = {ContactTag, CustomFieldValue, Background, ContactInfo, Reminder, Share}
        for model, fk in contact_references(Contact):
            if model in handled:
                continue
            ids = [row.id for row in model.select(model.id).where(fk == self.other_id).order_by(model.id)]
            try:
                self._move(model, fk, ids)
            except IntegrityError as error:
                raise CrmError(
                    f"cannot merge: the {table_of(model).replace('_', ' ')} rows of both contacts clash ({error})"
                ) from None

    def check_nothing_left(self) -> None:
        """Nothing may still point at the other contact: deleting it would take rows the log does not hold."""
        for model, fk in contact_references(Contact):
            if model.select().where(fk == self.other_id).exists():
                raise CrmError(f"cannot merge: {table_of(model)} rows of contact {self.other_id} were not moved")


def _is_planned(row: Row) -> bool:
    return row["kind"] in PLANNED_KINDS and row["status"] == "pending" and row["claimed_by"] is None


# -- the merge log and undo -----------------------------------------------------------------------------------


def list_merges(actor: Actor, limit: int = 20) -> list[ContactMerge]:
    """`actor`'s merges, the newest first."""
    return list(owned(actor, ContactMerge).order_by(ContactMerge.id.desc()).limit(limit))


def last_merge(actor: Actor) -> ContactMerge | None:
    """`actor`'s newest merge that is not undone, if any."""
    return owned(actor, ContactMerge).where(ContactMerge.undone_at.is_null()).order_by(ContactMerge.id.desc()).first()


def merge_dict(entry: ContactMerge) -> dict[str, Any]:
    """A merge log entry as plain values."""
    return {
        "id": entry.id,
        "survivor_id": entry.survivor_id,
        "survivor_name": entry.survivor_name,
        "other_id": entry.other_id,
        "other_name": entry.other_name,
        "merged_at": clock.iso_utc(entry.merged_at),
        "undone_at": clock.iso_utc(entry.undone_at),
    }


def _entry(actor: Actor, merge_id: int | None) -> ContactMerge:
    if merge_id is None:
        entry = last_merge(actor)
        if entry is None:
            raise NotFound("there is no merge to undo")
        return entry
    entry = owned(actor, ContactMerge).where(ContactMerge.id == merge_id).first()
    if entry is None:
        raise NotFound(f"no merge with id {merge_id}")
    if entry.undone_at is not None:
        when = clock.local(entry.undone_at, actor.tz).strftime("%Y-%m-%d %H:%M")
        raise CrmError(f"merge {entry.id} was already undone ({when})")
    return entry


def undo_merge(actor: Actor, merge_id: int | None = None) -> UndoResult:
    """Undo one of `actor`'s merges (the newest when no id is given): the other contact comes back with its
    id and fields, the rows the merge moved go back to it, and the survivor gets its previous values.

    Refuses, saying why, when something since makes that impossible: the survivor deleted or merged away,
    a later merge into it still in place, or a field the merge changed edited since.
    """
    entry = _entry(actor, merge_id)
    data = entry.undo_data
    if not isinstance(data, dict) or data.get("format") != UNDO_FORMAT:
        raise CrmError(f"merge {entry.id} was logged by another version of crm and cannot be undone")
    with database.atomic():
        _check_undo(actor, entry, data)
        notes: list[str] = []
        since = _bring_back(entry, data, notes)
        _reminders_after_undo(actor, entry, data, since)
        entry.undone_at = clock.utcnow()
        entry.save()
        audit.record(
            actor,
            actor.user_id,
            "contact",
            entry.other_id,
            "restore",
            None,
            {"undone_merge_id": entry.id, "name": entry.other_name},
            contact_id=entry.other_id,
        )
        merged, restored = _changed_columns(data["survivor_after"], data["survivor_before"])
        audit.record(
            actor,
            actor.user_id,
            "contact",
            entry.survivor_id,
            "update",
            merged,
            {**restored, "undone_merge_id": entry.id},
            contact_id=entry.survivor_id,
        )
    return UndoResult(entry.id, entry.survivor_id, entry.other_id, entry.other_name, notes)


def _check_undo(actor: Actor, entry: ContactMerge, data: dict[str, Any]) -> None:
    """Refuse, with the reason, an undo that cannot put things back as they were."""
    prefix = f"cannot undo merge {entry.id} ({entry.other_name} into {entry.survivor_name})"
    current = owned(actor, Contact).where(Contact.id == entry.survivor_id).first()
    if current is None:
        later = (
            owned(actor, ContactMerge)
            .where((ContactMerge.other_id == entry.survivor_id) & ContactMerge.undone_at.is_null())
            .first()
        )
        if later is not None:
            raise CrmError(
                f"{prefix}: {entry.survivor_name} was merged into {later.survivor_name} since "
                f"(merge {later.id}): undo that merge first"
            )
        raise CrmError(f"{prefix}: {entry.survivor_name} was deleted since")
    later = (
        owned(actor, ContactMerge)
        .where(
            (ContactMerge.survivor_id == entry.survivor_id)
            & (ContactMerge.id > entry.id)
            & ContactMerge.undone_at.is_null()
        )
        .order_by(ContactMerge.id.desc())
        .first()
    )
    if later is not None:
        raise CrmError(
            f"{prefix}: {later.other_name} was merged into {entry.survivor_name} later "
            f"(merge {later.id}): undo that merge first"
        )
    if Contact.select().where(Contact.id == entry.other_id).exists():
        raise CrmError(f"{prefix}: contact id {entry.other_id} is in use again")
    before, after = data["survivor_before"], data["survivor_after"]
    now = select_rows("contact", "id", [entry.survivor_id])[0]
    edited = [
        COLUMN_LABELS.get(column, column.replace("_", " "))
        for column in after
        if column not in DERIVED_COLUMNS and before.get(column) != after[column] and now[column] != after[column]
    ]
    if edited:
        raise CrmError(
            f"{prefix}: {entry.survivor_name}'s {', '.join(dict.fromkeys(edited))} changed since the "
            "merge, and undoing it would lose that edit"
        )


@dataclass(frozen=True)
class _Since:
    """What happened between a merge and its undo that the rows put back do not reflect."""

    rows_gone: bool
    """Some rows the merge moved were deleted or moved on since."""
    contacted_since: bool
    """The survivor was contacted since: its last contact and planned reminders are newer than the log's."""


def _bring_back(entry: ContactMerge, data: dict[str, Any], notes: list[str]) -> _Since:
    """Put the rows back, noting in `notes` what cannot be put back as it was."""
    survivor_id, other_id = entry.survivor_id, entry.other_id
    Reminder.delete().where((Reminder.contact == survivor_id) & _planned(Reminder)).execute()
    other = dict(data["other"])
    if other["company_id"] is not None and not Company.select().where(Company.id == other["company_id"]).exists():
        other["company_id"] = None
        notes.append(f"{entry.other_name}'s company was deleted since: it comes back without one")
    insert_rows("contact", [other])
    rows_gone = not _move_back(data["moved"], survivor_id, other_id, notes)
    contacted_since = not _survivor_as_before(entry, data, notes)
    _tags_back(data, survivor_id, other_id, notes)
    for table, before, after in data["replaced"]:
        _replaced_back(table, before, after, notes)
    try:
        for table, rows in data["removed"]:
            insert_rows(table, rows)
    except IntegrityError as error:
        raise CrmError(
            f"cannot undo merge {entry.id}: a row it would put back refers to something deleted since ({error})"
        ) from None
    for table, rows in data["survivor_planned"]:
        insert_rows(table, rows, ignore_conflicts=True)
    return _Since(rows_gone, contacted_since)


def _reminders_after_undo(actor: Actor, entry: ContactMerge, data: dict[str, Any], since: _Since) -> None:
    """Both contacts have their reminders as before the merge; bring them up to what happened since."""
    from .interactions import refresh_last_contacted  # imported here: interactions imports contacts, as we do

    if since.rows_gone:  # an interaction moved by the merge may be gone: the other's last contact follows
        refresh_last_contacted(actor, entry.other_id)
    if since.contacted_since:
        refresh_last_contacted(actor, entry.survivor_id)
    planned_on = User.get_by_id(actor.user_id).reminders_planned_on
    if planned_on and planned_on != data["planned_on"]:
        # Days planned while the contacts were merged: the planner saw neither as it is now. The engine has
        # no public "plan these days for one contact", and replan_contact would start today, skipping the
        # days between (whose reminders the next tick would still deliver).
        first = (
            date.fromisoformat(data["planned_on"]) + timedelta(days=1)
            if data["planned_on"]
            else clock.local(entry.merged_at, actor.tz).date()
        )
        wanted = read_settings(actor)
        for contact_id in (entry.survivor_id, entry.other_id):
            reminders._plan_contact(actor, contact_id, first, date.fromisoformat(planned_on), wanted)


def _move_back(moved: dict[str, list[int]], survivor_id: int, other_id: int, notes: list[str]) -> bool:
    """The moved rows still on the survivor go back; those deleted or moved on since are reported."""
    exact = True
    for key, ids in moved.items():
        table, column = key.split(".")
        present = [row["id"] for row in select_rows(table, "id", ids) if row[column] == survivor_id]
        for start in range(0, len(present), 500):
            chunk = present[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            execute(f'UPDATE "{table}" SET "{column}" = ? WHERE "id" IN ({marks})', [other_id, *chunk])
        missing = len(ids) - len(present)
        if missing:
            exact = False
            notes.append(
                f"{missing} of the {counted(table, len(ids))} the merge moved "
                f"{'was' if missing == 1 else 'were'} deleted or moved since"
            )
    return exact


def _survivor_as_before(entry: ContactMerge, data: dict[str, Any], notes: list[str]) -> bool:
    """The survivor's columns the merge changed get their earlier values; False if it was contacted since."""
    before, after = data["survivor_before"], data["survivor_after"]
    now = select_rows("contact", "id", [entry.survivor_id])[0]
    values = {
        column: before[column]
        for column in before
        if column not in ("id", "updated_at", "last_contacted_at") and before[column] != after[column]
    }
    if values.get("company_id") is not None and not Company.select().where(Company.id == values["company_id"]).exists():
        values["company_id"] = None
        notes.append(f"{entry.survivor_name}'s earlier company was deleted since: it is left without one")
    contacted_since = now["last_contacted_at"] != after["last_contacted_at"]
    if not contacted_since:
        values["last_contacted_at"] = before["last_contacted_at"]
    values["updated_at"] = before["updated_at"] if now["updated_at"] == after["updated_at"] else clock.utcnow()
    update_row("contact", entry.survivor_id, values)
    return not contacted_since


def _tags_back(data: dict[str, Any], survivor_id: int, other_id: int, notes: list[str]) -> None:
    if data["tags_added"]:
        ContactTag.delete().where(
            (ContactTag.contact == survivor_id) & ContactTag.tag.in_(data["tags_added"])
        ).execute()
    existing = (
        {tag.id for tag in Tag.select(Tag.id).where(Tag.id.in_(data["other_tags"]))} if data["other_tags"] else set()
    )
    kept = [tag_id for tag_id in data["other_tags"] if tag_id in existing]
    if kept:
        ContactTag.insert_many(
            [(other_id, tag_id) for tag_id in kept], fields=[ContactTag.contact, ContactTag.tag]
        ).execute()
    if len(kept) < len(data["other_tags"]):
        gone = len(data["other_tags"]) - len(kept)
        notes.append(f"{gone} of its tags {'was' if gone == 1 else 'were'} deleted since")


def _replaced_back(table: str, before: Row, after: Row, notes: list[str]) -> None:
    """A survivor's row the merge filled in: each filled column as it was, unless edited since."""
    found = select_rows(table, "id", [before["id"]])
    if not found:
        return
    now = found[0]
    filled = [column for column in before if column != "updated_at" and before[column] != after[column]]
    kept = [column for column in filled if now[column] != after[column]]
    values = {column: before[column] for column in filled if column not in kept}
    if now["updated_at"] == after["updated_at"]:
        values["updated_at"] = before["updated_at"]
    update_row(table, before["id"], values)
    if kept:
        notes.append(
            f"the {table.replace('_', ' ')} filled in by the merge was edited since: "
            f"{', '.join(column.replace('_', ' ') for column in kept)} stay{'s' if len(kept) == 1 else ''} "
            "as edited"
        )


def merged_at_label(entry: ContactMerge, actor: Actor) -> str:
    """When a merge happened, in `actor`'s time: "2026-11-20 11:30"."""
    moment: datetime = entry.merged_at
    return clock.local(moment, actor.tz).strftime("%Y-%m-%d %H:%M")
