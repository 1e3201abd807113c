"""Tasks (seed 002): to-dos with a due date, optionally about a contact or a deal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from . import clock, timeparse, validation
from .contacts import get_contact
from .errors import NotFound
from .models import Deal, Task
from .scope import Actor, owned


@dataclass
class TaskInput:
    """A task as typed; `due` accepts YYYY-MM-DD or a short form (+3d), empty for none."""

    title: str = ""
    due: str = ""
    notes: str = ""
    contact_id: int | None = None
    deal_id: int | None = None


def _values(actor: Actor, data: TaskInput) -> dict[str, str | int | None]:
    due: date | None = timeparse.parse_day(data.due, actor.tz, clock.now(), "due") if data.due.strip() else None
    if data.contact_id is not None:
        get_contact(actor, data.contact_id)
    if data.deal_id is not None and not owned(actor, Deal, Deal.id).where(Deal.id == data.deal_id).exists():
        raise NotFound(f"no deal with id {data.deal_id}")
    return {
        "title": validation.text(data.title, "title", 300, required=True),
        "notes": validation.text(data.notes, "notes", 5000, multiline=True),
        "due_on": due.isoformat() if due else None,
        "contact": data.contact_id,
        "deal": data.deal_id,
    }


def add_task(actor: Actor, data: TaskInput) -> Task:
    """A new open task of `actor`."""
    now = clock.utcnow()
    return Task.create(owner=actor.user_id, created_at=now, updated_at=now, **_values(actor, data))


def get_task(actor: Actor, task_id: int) -> Task:
    """One of `actor`'s tasks, or NotFound."""
    task = owned(actor, Task).where(Task.id == task_id).first()
    if task is None:
        raise NotFound(f"no task with id {task_id}")
    return task


def edit_task(actor: Actor, task_id: int, data: TaskInput) -> Task:
    """Change a task's title, due date, notes or links."""
    task = get_task(actor, task_id)
    Task.update(updated_at=clock.utcnow(), **_values(actor, data)).where(Task.id == task.id).execute()
    return get_task(actor, task.id)


def set_done(actor: Actor, task_id: int, done: bool = True) -> Task:
    """Mark a task done, or open again (undo)."""
    task = get_task(actor, task_id)
    Task.update(done_at=clock.utcnow() if done else None, updated_at=clock.utcnow()).where(Task.id == task.id).execute()
    return get_task(actor, task.id)


def delete_task(actor: Actor, task_id: int) -> None:
    """Delete a task."""
    get_task(actor, task_id).delete_instance()


def list_tasks(
    actor: Actor, open_only: bool = True, contact_id: int | None = None, deal_id: int | None = None, limit: int = 500
) -> list[Task]:
    """`actor`'s tasks: open ones by due date (undated last), or all with the done ones after."""
    query = owned(actor, Task)
    if open_only:
        query = query.where(Task.done_at.is_null())
    if contact_id is not None:
        query = query.where(Task.contact == contact_id)
    if deal_id is not None:
        query = query.where(Task.deal == deal_id)
    return list(query.order_by(Task.done_at.is_null(False), Task.due_on.asc(nulls="last"), Task.id).limit(limit))
