"""Desktop notifications over D-Bus with desktop-notifier, made safe for a full-screen terminal app.

Four lessons from running it for real (see the tests against dunst):
- `send()` never raises and returns an id even when nothing was shown, so success
  is read from the `on_dispatched` callback and the error from the library's log;
- a notification server that hangs makes `send()` wait for ever, so every send has
  a timeout and, until the hung one is answered, nothing more is queued behind it;
- a failed send on a bus without a server leaks a socket, so whether a server is
  there is asked once per session bus and process (own connection, ~2 s at most);
- its log records (and dbus_fast's) would be painted over the UI, so they go to a
  file or nowhere.
D-Bus replies and button clicks arrive on an asyncio loop that this module runs on
a thread of its own, so callers of any kind (a Textual worker, the command line)
just call `send()`.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import os
import sys
import threading
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from .messages import Message

NOTIFICATIONS = "org.freedesktop.Notifications"
SEND_TIMEOUT_S = 5.0
PROBE_TIMEOUT_S = 2.0
LOGGERS = ("desktop_notifier", "dbus_fast")
T = TypeVar("T")
Key = tuple[int, int]
"""(reminder id, round): one delivery of one reminder."""


# -- logging ---------------------------------------------------------------------------------------------------


class _LastFailure(logging.Handler):
    """Keeps, per thread, the exception desktop-notifier logged last, since its send() swallows it."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self._by_thread: dict[int, BaseException] = {}

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info and record.exc_info[1] is not None and record.thread is not None:
            self._by_thread[record.thread] = record.exc_info[1]

    def take(self) -> BaseException | None:
        """The exception logged on this thread since the last take, if any."""
        return self._by_thread.pop(threading.get_ident(), None)


_failures = _LastFailure()
_own_handler: logging.Handler | None = None
_log_lock = threading.Lock()


def quiet_notifier_logs(log_path: str | os.PathLike[str] | None = None) -> None:
    """Send desktop-notifier's and dbus_fast's log records to `log_path`, or nowhere; never to the terminal.

    A handler of our own is needed: with `propagate = False` and no handler, logging
    falls back to `logging.lastResort`, which prints warnings to stderr anyway.
    """
    global _own_handler
    with _log_lock:
        handler: logging.Handler = (
            logging.FileHandler(Path(log_path), delay=True, encoding="utf-8") if log_path else logging.NullHandler()
        )
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        for name in LOGGERS:
            logger = logging.getLogger(name)
            logger.handlers[:] = [handler, _failures]
            logger.propagate = False  # the root logger's handlers (basicConfig: stderr) must not see them
        if _own_handler is not None:
            _own_handler.close()
        _own_handler = handler


def _describe(problem: BaseException) -> str:
    text = str(problem).strip()
    return f"{type(problem).__name__}: {text}" if text else type(problem).__name__


# -- is there a notification server? ------------------------------------------------------------------------------


async def _ask_bus() -> tuple[bool, str]:
    from dbus_fast import Message as BusMessage
    from dbus_fast import MessageType
    from dbus_fast.aio import MessageBus

    try:
        bus = await MessageBus().connect()
    except Exception as problem:  # noqa: BLE001 - InvalidAddressError, FileNotFoundError, refused...
        return False, f"cannot connect to the D-Bus session bus ({_describe(problem)})"
    try:

        async def call(member: str, signature: str = "", body: list[Any] | None = None) -> Any:
            reply = await bus.call(
                BusMessage(
                    destination="org.freedesktop.DBus",
                    path="/org/freedesktop/DBus",
                    interface="org.freedesktop.DBus",
                    member=member,
                    signature=signature,
                    body=body or [],
                )
            )
            if reply.message_type == MessageType.ERROR:
                raise RuntimeError(f"{reply.error_name}: {reply.body[0] if reply.body else ''}")
            return reply.body[0]

        if await call("NameHasOwner", "s", [NOTIFICATIONS]):
            return True, "notification server running"
        if NOTIFICATIONS not in await call("ListActivatableNames"):
            return False, "the D-Bus session has no notification server"
        # Activation starts the server now, as the first send would; it fails for one that cannot run here.
        await call("StartServiceByName", "su", [NOTIFICATIONS, 0])
        return True, "notification server started by D-Bus activation"
    except Exception as problem:  # noqa: BLE001
        return False, f"the notification server cannot start ({_describe(problem)})"
    finally:
        bus.disconnect()


async def probe_server(timeout: float = PROBE_TIMEOUT_S) -> tuple[bool, str]:
    """Whether a desktop notification server is reachable, and why not; never raises, never logs."""
    if sys.platform != "linux":
        return True, "desktop-notifier uses the platform's own notification centre"
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS") and not os.environ.get("DISPLAY"):
        return False, "no D-Bus session (DBUS_SESSION_BUS_ADDRESS is not set, as over SSH)"
    try:
        return await asyncio.wait_for(_ask_bus(), timeout)
    except TimeoutError:
        return False, f"the D-Bus session did not answer within {timeout:g} s"
    except ImportError as problem:
        return False, f"dbus_fast is missing ({problem})"


_availability: dict[tuple[str, str], tuple[bool, str]] = {}
_availability_lock = threading.Lock()


def _session_key() -> tuple[str, str]:
    # One answer per session bus: the same process pointed at another bus is another question.
    return os.environ.get("DBUS_SESSION_BUS_ADDRESS", ""), os.environ.get("DISPLAY", "")


# -- the loop thread ----------------------------------------------------------------------------------------------


class _LoopThread:
    """A private asyncio loop on a daemon thread: D-Bus replies and action signals arrive on it."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="crm-notify", daemon=True)
        self.thread.start()

    def run(self, coroutine: Coroutine[Any, Any, T], timeout: float) -> T:
        """Run `coroutine` on the loop and wait at most `timeout` s (TimeoutError after that)."""
        if threading.current_thread() is self.thread:
            raise RuntimeError("the notifier's own thread cannot wait for itself")
        future = asyncio.run_coroutine_threadsafe(coroutine, self.loop)
        try:
            return future.result(timeout)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise TimeoutError from None

    def close(self) -> None:
        """Cancel what is still running and stop the thread."""
        if self.loop.is_closed():
            return

        async def cancel_all() -> None:
            tasks = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        try:
            self.run(cancel_all(), 2)
        except (TimeoutError, RuntimeError):
            pass
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)
        if not self.thread.is_alive():
            self.loop.close()


# -- the channel ----------------------------------------------------------------------------------------------------


@dataclass
class Actions:
    """What the notification's click and buttons do; each callback runs on a worker thread."""

    click: Callable[[], None] | None = None
    buttons: tuple[tuple[str, Callable[[], None]], ...] = ()


@dataclass
class _InFlight:
    """A send the server has not answered yet: until it does, nothing more is sent."""

    task: asyncio.Future[None]
    dispatched: threading.Event
    keys: tuple[Key, ...]
    title: str = ""


class DesktopChannel:
    """Sends desktop notifications and reports honestly whether each one was shown."""

    name = "desktop"

    def __init__(
        self, app_name: str = "crm", send_timeout: float = SEND_TIMEOUT_S, probe_timeout: float = PROBE_TIMEOUT_S
    ) -> None:
        self.app_name = app_name
        self.send_timeout = send_timeout
        self.probe_timeout = probe_timeout
        self._loop: _LoopThread | None = None
        self._notifier: Any = None
        self._in_flight: _InFlight | None = None
        self._shown_late: set[Key] = set()
        self._lock = threading.RLock()

    def _thread(self) -> _LoopThread:
        if self._loop is None:
            self._loop = _LoopThread()
        return self._loop

    def availability(self) -> tuple[bool, str]:
        """Whether a notification server is reachable; asked once per session bus and process."""
        key = _session_key()
        with _availability_lock:
            if key in _availability:
                return _availability[key]
            if sys.platform == "linux" and not any(key):
                answer = False, "no D-Bus session (DBUS_SESSION_BUS_ADDRESS is not set, as over SSH)"
            else:
                try:
                    answer = self._thread().run(probe_server(self.probe_timeout), self.probe_timeout + 2)
                except TimeoutError:
                    answer = False, f"the D-Bus session did not answer within {self.probe_timeout:g} s"
            _availability[key] = answer
            return answer

    def shown_late(self, key: Key) -> bool:
        """Whether the notification for `key` timed out earlier but was shown after all (asked once)."""
        with self._lock:
            self._settle()
            if key in self._shown_late:
                self._shown_late.discard(key)
                return True
            return False

    def waiting(self) -> bool:
        """Whether an earlier notification is still waiting for the server's answer."""
        with self._lock:
            self._settle()
            return self._in_flight is not None

    def _settle(self) -> None:
        flight = self._in_flight
        if flight is not None and flight.task.done():
            if flight.dispatched.is_set():
                self._shown_late.update(flight.keys)
            self._in_flight = None

    def send(self, message: Message, keys: tuple[Key, ...] = (), actions: Actions | None = None) -> str | None:
        """Show `message`; None once the server took it, else why not. Waits `send_timeout` s at most."""
        ok, why = self.availability()
        if not ok:
            return f"unavailable: {why}"
        with self._lock:
            self._settle()
            if self._in_flight is not None:
                # Queuing more behind a hung server would show them all at once, some twice, when it wakes up.
                return (
                    f"the notification server has not answered an earlier notification ({self._in_flight.title!r}) yet"
                )
            try:
                return self._thread().run(self._send(message, keys, actions), self.send_timeout + 5)
            except TimeoutError:  # the loop itself is stuck: should not happen, but never wait for ever
                return f"the notification server did not answer within {self.send_timeout:g} s"

    async def _send(self, message: Message, keys: tuple[Key, ...], actions: Actions | None) -> str | None:
        from desktop_notifier import Button, Capability, DesktopNotifier

        if self._notifier is None:
            self._notifier = DesktopNotifier(app_name=self.app_name, app_icon=None)
        notifier = self._notifier
        dispatched = threading.Event()
        _failures.take()  # forget a failure logged by an earlier send on this thread

        async def attempt() -> None:
            buttons: list[Button] = []
            on_clicked = None
            if actions is not None:
                capabilities = await notifier.get_capabilities()
                if Capability.BUTTONS in capabilities:
                    buttons = [Button(title, on_pressed=self._later(callback)) for title, callback in actions.buttons]
                if actions.click is not None:
                    on_clicked = self._later(actions.click)
            await notifier.send(
                message.title, message.body, buttons=buttons, on_clicked=on_clicked, on_dispatched=dispatched.set
            )

        task = asyncio.ensure_future(attempt())
        try:
            # shield: a timed-out send keeps going, so a server that wakes up later is known to have shown it.
            await asyncio.wait_for(asyncio.shield(task), self.send_timeout)
        except TimeoutError:
            self._in_flight = _InFlight(task, dispatched, keys, message.title)
            task.add_done_callback(lambda done: done.cancelled() or done.exception())  # no "never retrieved" noise
            return f"the notification server did not answer within {self.send_timeout:g} s"
        except Exception as problem:  # noqa: BLE001 - get_capabilities raises where send would not
            return f"the notification server failed: {_describe(problem)}"
        if dispatched.is_set():
            return None
        failure = _failures.take()
        return f"the notification was not shown: {_describe(failure) if failure else 'no reason given'}"

    def _later(self, callback: Callable[[], None]) -> Callable[[], None]:
        """`callback` run on a worker thread: a caller's slow handler must not stall the D-Bus loop."""

        def run() -> None:
            loop = asyncio.get_running_loop()
            loop.run_in_executor(None, callback)

        return run

    def close(self) -> None:
        """Stop the loop thread; notifications already shown stay, their buttons do nothing any more."""
        with self._lock:
            if self._loop is not None:
                notifier, self._notifier = self._notifier, None
                # desktop-notifier has no close(): without this its D-Bus connection stays open until collected.
                if notifier is not None and getattr(notifier._backend, "bus", None) is not None:
                    self._loop.loop.call_soon_threadsafe(notifier._backend.bus.disconnect)
                self._loop.close()
                self._loop = None
            self._in_flight = None
