"""Terminal escapes (the bytes of each OSC kind, control characters, tmux) and the in-app channel."""

from __future__ import annotations

import io

import pytest

from tui import clock
from tui.models import Delivery, Reminder
from tui.notify import Notifier, terminal_sequence
from tui.notify.terminal import clean
from tui.settings import read_settings

from ..helpers import ann_today


def test_osc_9():
    assert terminal_sequence("osc9", "Ann's birthday", "today") == b"\x1b]9;Ann's birthday: today\x07"


def test_osc_777():
    assert terminal_sequence("osc777", "Ann's birthday", "today") == b"\x1b]777;notify;Ann's birthday;today\x07"
    # A ';' would end the title field early.
    assert terminal_sequence("osc777", "a;b", "c;d") == b"\x1b]777;notify;a,b;c;d\x07"


def test_osc_99():
    assert terminal_sequence("osc99", "Ann's birthday", "today") == b"\x1b]99;;Ann's birthday: today\x1b\\"


def test_text_is_utf8_and_a_missing_body_leaves_the_title():
    assert terminal_sequence("osc9", "Jürgen’s birthday") == "\x1b]9;Jürgen’s birthday\x07".encode()


def test_control_characters_cannot_end_or_start_a_sequence():
    hostile = "Ann\x1b]0;evil\x07\x9b2J\x00\x7fX\nline\ttwo"
    assert clean(hostile) == "Ann\\x1b]0;evil\\x07\\x9b2J\\x00\\x7fX line two"
    data = terminal_sequence("osc9", hostile, "body\x1b\\")
    assert data == b"\x1b]9;Ann\\x1b]0;evil\\x07\\x9b2J\\x00\\x7fX line two: body\\x1b\\\x07"
    assert data.count(b"\x1b") == 1 and data.count(b"\x07") == 1


@pytest.mark.parametrize(
    "kind, inner",
    [
        ("osc9", b"\x1b]9;T: B\x07"),
        ("osc777", b"\x1b]777;notify;T;B\x07"),
        ("osc99", b"\x1b]99;;T: B\x1b\\"),
    ],
)
def test_inside_tmux_the_sequence_passes_through_with_each_escape_doubled(kind, inner):
    wrapped = terminal_sequence(kind, "T", "B", tmux=True)
    assert wrapped == b"\x1bPtmux;" + inner.replace(b"\x1b", b"\x1b\x1b") + b"\x1b\\"


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        terminal_sequence("osc1337", "T")


# -- the channels in a Notifier --------------------------------------------------------------------------------------


def only(actor, terminal: str = "off", inapp: bool = False) -> dict:
    return {
        **read_settings(actor),
        "notify.desktop": False,
        "notify.email": False,
        "notify.terminal": terminal,
        "notify.inapp": inapp,
    }


@pytest.mark.parametrize("stream", [io.StringIO(), io.BytesIO()], ids=["text", "binary"])
def test_the_terminal_channel_writes_the_chosen_escape(actor, monkeypatch, stream):
    monkeypatch.delenv("TMUX", raising=False)
    ann_today(actor)
    with Notifier(actor, only(actor, "osc777"), terminal_output=stream) as notifier:
        assert len(notifier.tick().report.delivered) == 1
    written = stream.getvalue()
    expected = "\x1b]777;notify;Ann's birthday today;Birthday · Ann · due Fri 20 Nov, 09:00\x07"
    assert written == (expected if isinstance(written, str) else expected.encode())


def test_in_tmux_the_terminal_channel_wraps_the_escape(actor, monkeypatch):
    monkeypatch.setenv("TMUX", "/tmp/tmux-0/default,1,0")
    stream = io.StringIO()
    with Notifier(actor, only(actor, "osc9"), terminal_output=stream) as notifier:
        assert notifier.send_test() == {"terminal": None}
    assert stream.getvalue().startswith("\x1bPtmux;\x1b\x1b]9;crm test notification: ")


def test_without_a_terminal_the_channel_says_so_and_the_reminder_stays_pending(actor):
    ann_today(actor)
    with Notifier(actor, only(actor, "osc9")) as notifier:
        assert notifier.health()["terminal"].detail == "no terminal to write to (not started from a terminal)"
        ((_, error),) = notifier.tick().report.failed
    assert error == "terminal: no terminal to write to (not started from a terminal)"
    assert [r.status for r in Reminder.select()] == ["pending"]


def test_in_app_delivery_is_recorded_and_shown_by_the_hook(actor):
    ann_today(actor)
    toasts = []
    with Notifier(
        actor,
        only(actor, inapp=True),
        on_toast=lambda title, body, about: toasts.append((title, [r.contact_name for r in about])),
    ) as notifier:
        assert len(notifier.tick().report.delivered) == 1
        assert notifier.tick().report.delivered == []  # once
    assert toasts == [("Ann's birthday today", ["Ann"])]
    (row,) = Delivery.select()
    assert (row.channel, row.delivered_at) == ("inapp", clock.utcnow())


def test_in_app_without_a_hook_is_recorded_for_the_notification_center(actor):
    ann_today(actor)
    with Notifier(actor, only(actor, inapp=True)) as notifier:
        assert len(notifier.tick().report.delivered) == 1
    assert [r.status for r in Reminder.select()] == ["sent"]


def test_a_failing_toast_is_the_channels_error(actor):
    ann_today(actor)

    def broken(title, body, about):
        raise RuntimeError("no screen")

    with Notifier(actor, only(actor, inapp=True), on_toast=broken) as notifier:
        ((_, error),) = notifier.tick().report.failed
        assert notifier.status_line() == (
            "desktop: off · terminal: off · email: off · inapp: failing (the toast failed: RuntimeError: no screen)"
        )
    assert error == "inapp: the toast failed: RuntimeError: no screen"


def test_with_every_channel_off_nothing_is_marked_sent(actor):
    ann_today(actor)
    with Notifier(actor, only(actor)) as notifier:
        assert notifier.channels == ()
        assert notifier.tick().report.delivered == []
    assert [r.status for r in Reminder.select()] == ["pending"]
