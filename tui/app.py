"""The crm application shell: sign-in, the top-level screens as modes, keys, palette and theme."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

from textual import events, work
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import Worker, WorkerState

from . import accounts, backups, database, settings
from .errors import CrmError
from .notify import Notifier
from .reminders import DueReminder
from .scope import Actor
from .screens.auth import AuthScreen
from .screens.base import CrmScreen, failure_message, thread_connection
from .screens.contact_detail import ContactDetailScreen
from .screens.contact_form import ContactFormScreen
from .screens.contacts import ContactsScreen
from .screens.custom_fields import CustomFieldCommands
from .screens.dashboard import DashboardScreen
from .screens.followups import FollowUpsScreen
from .screens.help import HelpScreen, key_groups
from .screens.log_interaction import LogInteractionScreen, contact_in_view
from .screens.notifications import (
    NotificationsScreen,
    TerminalWriter,
    TickOutcome,
    apply_desktop_action,
    channel_problems,
    run_tick,
)
from .screens.palette import CrmCommands
from .screens.pipeline import PipelineCommands, PipelineScreen
from .screens.presenters import today_label
from .screens.quick_links import QuickLinksScreen
from .screens.sessions import SessionsScreen
from .screens.settings import SettingsScreen
from .screens.share_dialog import ShareDialog  # noqa: F401 - importing it gives contact pages the S key
from .screens.shared_with_me import SharedWithMeScreen
from .screens.tasks import TasksScreen
from .screens.templates import TemplatesScreen
from .screens.timeline import TimelineScreen
from .screens.vip_snapshot import VipSnapshotScreen
from .widgets.plain import PlainTextApp


@dataclass(frozen=True)
class Destination:
    """A top-level screen: its mode name, the key that opens it, its title and its class."""

    mode: str
    key: str
    title: str
    screen: type[CrmScreen]


DESTINATIONS = (
    Destination("dashboard", "d", "Dashboard", DashboardScreen),
    Destination("contacts", "c", "Contacts", ContactsScreen),
    Destination("timeline", "t", "Timeline", TimelineScreen),
    Destination("followups", "p", "Follow-ups", FollowUpsScreen),
    Destination("tasks", "k", "Tasks", TasksScreen),
    Destination("vip", "v", "VIPs", VipSnapshotScreen),
    Destination("pipeline", "g", "Pipeline", PipelineScreen),
    Destination("notifications", "!", "Notifications", NotificationsScreen),
    Destination("shared", "w", "Shared", SharedWithMeScreen),
)
"""The top-level screens, in footer order; the first is where crm opens. Adding one is one line."""

AUTH_MODE = "auth"
SETTINGS_MODE = "settings"
"""The settings screen is a mode of its own: leaving it goes back to the mode it was opened from."""
THEMES = {"dark": "textual-dark", "light": "textual-light"}
"""The built-in Textual theme for each value of the `theme` setting."""
REMINDER_TOAST_S = 30
"""How long a reminder's toast stays: longer than other toasts, it may be the only channel that reaches the user."""


def destination_binding(destination: Destination) -> Binding:
    """The key binding that switches to `destination`."""
    return Binding(
        destination.key,
        f"go('{destination.mode}')",
        destination.title,
        id=f"go.{destination.mode}",
        tooltip=f"Go to {destination.title}",
    )


class CrmApp(PlainTextApp, inherit_bindings=False):
    """crm, full screen: signs someone in, then lets them move between the top-level screens."""

    CSS_PATH = [
        "app.tcss",
        "screens/interactions.tcss",
        "screens/pipeline.tcss",
        "screens/notifications.tcss",
        "screens/settings.tcss",
        "screens/dashboard.tcss",
        "screens/merge.tcss",
        "screens/sharing.tcss",
    ]
    TITLE = "crm"
    COMMANDS = {CrmCommands, CustomFieldCommands, PipelineCommands}
    BINDINGS = [
        *(destination_binding(destination) for destination in DESTINATIONS),
        Binding("a", "add_contact", "Add", id="contact.add", tooltip="Add a contact"),
        Binding("l", "log_interaction", "Log", id="app.log", tooltip="Log an interaction"),
        Binding("ctrl+r", "quick_links", "Reach", id="app.quick_links", tooltip="Quick links for current contact"),
        Binding("ctrl+t", "templates", "Templates", id="app.templates", tooltip="Message templates"),
        Binding("question_mark", "help", "Help", id="app.help", key_display="?", tooltip="Show every key"),
        Binding(
            "ctrl+p", "command_palette", "Commands", id="app.commands", priority=True, tooltip="Find a command by name"
        ),
        Binding("ctrl+l", "log_out", "Log out", id="app.logout", tooltip="Log out on this machine"),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True, tooltip="Quit crm"),
        Binding("ctrl+c", "help_quit", "How to quit", id="app.quit_hint", show=False, system=True),
        Binding(
            "comma",
            "settings",
            "Settings",
            id="app.settings",
            key_display=",",
            tooltip="Settings: profile, reminders, theme, notifications, account",
        ),
        Binding(
            "L",
            "sessions",
            "Sessions",
            id="app.sessions",
            tooltip="Where you are signed in: sign out of one session or of all the others",
        ),
    ]
    SIGNED_IN_ACTIONS = frozenset(
        {"go", "add_contact", "log_out", "log_interaction", "quick_links", "templates", "settings", "sessions"}
    )
    """Actions that make sense only once somebody has signed in."""

    def __init__(self, database_location: str, actor: Actor | None = None) -> None:
        super().__init__()
        self.database_key = database.location_key(database_location)
        self.actor = actor
        self.notifier: Notifier | None = None
        """The signed-in user's notification channels: made at sign-in, closed at log-out and exit."""
        self._reminder_timer: Timer | None = None
        self._reminder_interval_s = 60  # until the first check reads the reminder_interval_s setting
        self._reminder_problems: set[str] = set()
        """The reminder errors already shown as a toast: each is shown once, until it goes away."""
        self._mode_factories: dict[str, Callable[[], Screen]] = {
            AUTH_MODE: AuthScreen,
            SETTINGS_MODE: self._open_settings,
        }
        self._mode_before_settings = DESTINATIONS[0].mode
        for destination in DESTINATIONS:
            self._mode_factories[destination.mode] = partial(self._open_destination, destination)
        for mode, factory in self._mode_factories.items():
            self.add_mode(mode, factory)

    def _open_destination(self, destination: Destination) -> Screen:
        screen = destination.screen(self.actor)
        # Textual re-parses every stylesheet (a quarter of a second) when a mode's first screen is older than
        # the last CSS change, and a new screen always counts as older. Its widgets get today's styles as
        # they mount, so it is up to date: saying so makes opening a mode the first time as fast as after.
        screen._css_update_count = self._css_update_count
        return screen

    def _open_settings(self) -> Screen:
        screen = SettingsScreen(self.actor, self.database_key)
        screen._css_update_count = self._css_update_count  # up to date as it mounts: see _open_destination
        return screen

    def on_mount(self) -> None:
        if self.actor is None:
            self.switch_mode(AUTH_MODE)
        else:
            self._enter(self.actor)
        self.call_after_refresh(self._set_aside_startup_objects)

    def _set_aside_startup_objects(self) -> None:
        # A full garbage collection walks every live object: with Textual and all our screens loaded that
        # takes 60-100 ms on a slow machine, and two of them fell while the pipeline board opened. What
        # exists once the first screen is up mostly lives as long as the app, so it is frozen: collections
        # stop walking it. start_app turns collection off while the app loads; this turns it back on.
        gc.freeze()
        gc.enable()

    def _enter(self, actor: Actor) -> None:
        """Show `actor`'s data: their theme, their name and today's date in the header, the first screen."""
        self._apply_user_settings(actor)
        self.switch_mode(DESTINATIONS[0].mode)
        self._start_reminders(actor)
        self._daily_backup(actor)

    def _apply_user_settings(self, actor: Actor) -> None:
        """Act as `actor`, in their theme, with their name and today's date (in their zone) in the header."""
        self.actor = actor
        self.theme = THEMES.get(settings.read_settings(actor)["theme"], "textual-dark")
        self.sub_title = f"{actor.name} · {today_label(actor.tz)}"

    def _reset_mode(self, mode: str) -> None:
        """Drop the screens of `mode` so it starts afresh next time (nothing of a previous user stays)."""
        self.remove_mode(mode)
        self.add_mode(mode, self._mode_factories[mode])

    def on_auth_screen_signed_in(self, event: AuthScreen.SignedIn) -> None:
        try:
            accounts.remember(self.database_key, event.actor)
        except (CrmError, OSError) as error:
            self.notify(f"signed in, but this machine will not remember you: {error}", severity="warning")
        self._enter(event.actor)
        self._reset_mode(AUTH_MODE)  # the typed password goes with the old screen

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.SIGNED_IN_ACTIONS and self.actor is None:
            return False
        if action == "quick_links":
            return contact_in_view(self) is not None
        return True

    def action_go(self, mode: str) -> None:
        self.switch_mode(mode)

    def action_add_contact(self) -> None:
        self.push_screen(ContactFormScreen(self.actor), self._contact_saved)

    def _contact_saved(self, contact_id: int | None) -> None:
        if contact_id is not None:
            self.notify("Contact saved")

    def action_log_interaction(self) -> None:
        self.push_screen(
            LogInteractionScreen(self.actor, contact_in_view(self)),
            lambda logged: logged is not None and self.notify("Interaction logged"),
        )

    def action_quick_links(self) -> None:
        if (contact_id := contact_in_view(self)) is not None:
            self.push_screen(QuickLinksScreen(self.actor, contact_id))

    def action_templates(self) -> None:
        self.push_screen(TemplatesScreen(self.actor))

    def action_help(self) -> None:
        self.push_screen(HelpScreen(key_groups(self.screen, "This screen")))

    def action_log_out(self) -> None:
        self._sign_out("Logged out")

    def _sign_out(self, notice: str) -> None:
        """Forget the signed-in user on this machine and show the sign-in screen, nothing of theirs left open."""
        self._stop_reminders()
        accounts.forget(self.database_key)
        self.actor = None
        self.sub_title = ""
        self.switch_mode(AUTH_MODE)
        for mode in (*(destination.mode for destination in DESTINATIONS), SETTINGS_MODE):
            self._reset_mode(mode)
        self.notify(notice, markup=False)

    def action_sessions(self) -> None:
        if not isinstance(self.screen, SessionsScreen):
            self.push_screen(SessionsScreen(self.actor, self.database_key))

    # -- settings: a mode of its own, telling the app with messages what changed -----------------------------------

    def action_settings(self) -> None:
        if self.current_mode != SETTINGS_MODE:
            self._mode_before_settings = self.current_mode
            self.switch_mode(SETTINGS_MODE)

    def on_settings_screen_saved(self, event: SettingsScreen.Saved) -> None:
        """Re-read what the app uses: theme, name and zone now; reminder interval and channels with a new notifier."""
        renamed_or_moved = event.actor != self.actor
        self._apply_user_settings(event.actor)
        if renamed_or_moved:
            # The other screens were made for the old name and time zone: they start afresh when next shown.
            for destination in DESTINATIONS:
                self._reset_mode(destination.mode)
        self._start_reminders(event.actor)

    def on_settings_screen_leave(self, event: SettingsScreen.Leave) -> None:
        self.switch_mode(self._mode_before_settings)
        self._reset_mode(SETTINGS_MODE)  # opened again, it shows what is stored, not what was discarded

    def on_settings_screen_account_deleted(self, event: SettingsScreen.AccountDeleted) -> None:
        self._sign_out(f"Account {event.deleted.email} deleted with everything in it")

    # -- reminders: one Notifier per signed-in user, a timer on the App, each check in a thread worker ------------

    def _start_reminders(self, actor: Actor) -> None:
        """Make `actor`'s notifier and check for due reminders now; each finished check schedules the next."""
        self._stop_reminders()
        notifier: Notifier | None = None

        def on_toast(title: str, body: str, about: tuple[DueReminder, ...]) -> None:
            self._hook_from_thread(notifier, self._reminder_toast, title, body)

        def on_action(action: str, about: tuple[DueReminder, ...]) -> None:
            self._hook_from_thread(notifier, self._reminder_action, action, about)

        notifier = Notifier(
            actor,
            terminal_output=None if self.is_headless else TerminalWriter(self),
            on_toast=on_toast,
            on_action=on_action,
        )
        self.notifier = notifier
        self.check_reminders()

    def _stop_reminders(self, wait: bool = False) -> None:
        """No more checks; close the notifier (off the UI thread unless `wait`: a hung server takes seconds)."""
        if self._reminder_timer is not None:
            self._reminder_timer.stop()
            self._reminder_timer = None
        self.workers.cancel_group(self, "reminders")
        notifier, self.notifier = self.notifier, None
        self._reminder_problems = set()
        if notifier is not None:
            if wait:
                notifier.close()
            else:
                self.run_worker(notifier.close, thread=True, exit_on_error=False, group="reminders-close")

    def check_reminders(self) -> None:
        """Check for due reminders now, in a thread worker (the timer's callback, and the center's refresh)."""
        if self._reminder_timer is not None:
            self._reminder_timer.stop()
            self._reminder_timer = None
        running = any(worker.group == "reminders" and worker.is_running for worker in self.workers)
        if self.notifier is not None and not running:  # a running check schedules the next when it ends
            self._tick_reminders(self.notifier)

    @work(thread=True, exclusive=True, exit_on_error=False, group="reminders")
    def _tick_reminders(self, notifier: Notifier) -> TickOutcome:
        """Deliver what is due, as the database says (Textual skips missed ticks), off the UI loop."""
        return run_tick(notifier)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group == "backup" and worker.node is self and event.state == WorkerState.ERROR:
            self.notify(f"The daily backup failed: {failure_message(worker.error)}", severity="warning", markup=False)
            return
        if worker.group != "reminders" or worker.node is not self or self.notifier is None:
            return
        if event.state == WorkerState.SUCCESS:
            outcome: TickOutcome = worker.result
            if outcome.notifier is not self.notifier:
                return  # a check for somebody who has logged out since
            self._reminder_interval_s = outcome.interval_s
            self._show_reminder_problems(channel_problems(outcome.health))
            self._refresh_notification_center()
        elif event.state == WorkerState.ERROR:
            problem = f"reminders: {failure_message(worker.error)}"
            self._show_reminder_problems(self._reminder_problems | {problem})
        else:
            return
        if self._reminder_timer is not None:
            self._reminder_timer.stop()
        self._reminder_timer = self.set_timer(self._reminder_interval_s, self.check_reminders, name="reminders")

    def _show_reminder_problems(self, current: set[str]) -> None:
        """One error toast per problem not shown yet; a problem that went away is shown again if it comes back."""
        for problem in sorted(current - self._reminder_problems):
            self.notify(problem, title="Reminders", severity="error", markup=False)
        self._reminder_problems = current

    def _refresh_notification_center(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, NotificationsScreen):
                screen.load()
                screen.load_health()

    def _hook_from_thread(self, notifier: Notifier | None, callback: Callable[..., None], *args: object) -> None:
        """Run a notifier hook's work on the UI thread, unless that notifier has been replaced meanwhile."""
        if not self.is_running:
            return
        try:
            self.call_from_thread(lambda: notifier is self.notifier and callback(*args))
        except RuntimeError:
            pass  # the app stopped between the check and the call

    def _reminder_toast(self, title: str, body: str) -> None:
        self.notify(body, title=title, markup=False, timeout=REMINDER_TOAST_S)

    def _reminder_action(self, action: str, about: tuple[DueReminder, ...]) -> None:
        """A desktop notification was clicked ("open") or one of its buttons pressed ("done", "snooze")."""
        if action == "open":
            if len(about) == 1 and about[0].contact_id is not None:
                self.push_screen(ContactDetailScreen(self.actor, about[0].contact_id))
            else:
                self.switch_mode("notifications")
            return
        try:
            message = apply_desktop_action(self.actor, action, about)
        except (CrmError, ValueError) as error:
            self.notify(str(error), severity="error", markup=False)
        else:
            self.notify(message, markup=False)
        self._refresh_notification_center()

    # -- the daily backup, once per local day when somebody signs in (the backup.auto setting) -------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="backup")
    def _daily_backup(self, actor: Actor) -> None:
        """Back the database up beside it unless today's backup exists; off the UI loop (a large file takes seconds)."""
        with thread_connection():
            wanted = settings.read_settings(actor)
        if wanted["backup.auto"]:
            backups.daily_backup(self.database_key, actor.tz, keep=wanted["backup.keep"])

    def on_unmount(self) -> None:
        self._stop_reminders(wait=True)
        gc.unfreeze()  # what was set aside at start can be collected again (tests run many apps in one process)

    def app_bindings(self, screen: Screen) -> Iterator[Binding]:
        """The app's own bindings that work on `screen` now, keys as remapped."""
        for active in screen.active_bindings.values():
            if active.node is self:
                yield active.binding

    def palette_commands(self, screen: Screen) -> Iterator[tuple[str, str, Callable]]:
        """(title, help, command) for each key of the app and of `screen` that works now, for the palette."""
        for active in screen.active_bindings.values():
            binding = active.binding
            if (
                active.node not in (self, screen)
                or binding.id is None  # Textual's own keys (tab...) have no id
                or binding.action == "command_palette"
                or not active.enabled
            ):
                continue
            help_text = f"{binding.description} · key {self.get_key_display(binding)}"
            command = partial(self.run_action, binding.action, active.node)
            yield binding.tooltip or binding.description, help_text, command

    def key_display_for(self, binding_id: str) -> str:
        """How the key of the binding `binding_id` is shown, as the user has it mapped."""
        for binding in self.app_bindings(self.screen):
            if binding.id == binding_id:
                return self.get_key_display(binding)
        for binding in self.BINDINGS:
            if isinstance(binding, Binding) and binding.id == binding_id:
                return self.get_key_display(binding)
        return "?"

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # A blinking cursor would make every screenshot of a headless run differ.
        if self.is_headless and hasattr(event.widget, "cursor_blink"):
            event.widget.cursor_blink = False
