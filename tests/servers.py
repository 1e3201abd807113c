"""Real servers for the notification tests: dunst on Xvfb with a private D-Bus session, and aiosmtpd.

The fixtures (notify_server, smtp_sink, ...) are a plugin that tests/conftest.py loads for every test:
tests take them by name, never import them. Tests import the rest (`free_port`, `NotifyServer`, ...).

The notification server is Xvfb + a dbus-daemon of our own + dunst, configured so that
a `script` rule appends every notification it shows to `received.jsonl` as one JSON
object. Everything is started as our child process and stopped by its PID. Tests skip
when the programs are missing, except in CI ($CI set), where a missing program fails.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import json
import os
import select
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest

NOTIFY_PROGRAMS = ("Xvfb", "dbus-daemon", "dbus-send", "dunst", "dunstctl")
START_WITHIN_S = 15.0  # a bound for start-up on a busy machine, not a timing the tests check


def require_programs(*programs: str) -> None:
    """Skip the test when a program is missing; in CI, fail instead (CI must run every test)."""
    missing = [program for program in programs if shutil.which(program) is None]
    if not missing:
        return
    message = f"needs {', '.join(missing)} (apt-get install xvfb dunst dbus tmux; .ci/run does it)"
    if os.environ.get("CI"):
        pytest.fail(message + ": CI must install it")
    pytest.skip(message)


# -- the notification server --------------------------------------------------------------------------------------

RECORD_SCRIPT = """#!/bin/sh
exec {python} -c 'import json, os
fields = {{k[6:].lower(): v for k, v in os.environ.items() if k.startswith("DUNST_")}}
with open("{received}", "a", encoding="utf-8") as out:
    out.write(json.dumps(fields, sort_keys=True) + "\\n")'
"""
# dunstctl context pipes the menu to this "dmenu"; it picks the line holding the text in `pick`.
DMENU_SCRIPT = """#!/bin/sh
cat > "{folder}/menu.txt"
grep -m1 -F -- "$(cat "{folder}/pick" 2>/dev/null)" "{folder}/menu.txt"
"""
DUNSTRC = """[global]
    font = Monospace 8
    stack_duplicates = false
    history_length = 500
    notification_limit = 0
    dmenu = {folder}/dmenu.sh
    always_run_script = true
[urgency_low]
    timeout = 0
[urgency_normal]
    timeout = 0
[urgency_critical]
    timeout = 0
[zz_record_all]
    summary = "*"
    script = {folder}/record.sh
"""


def _read_line(stream, what: str) -> str:
    deadline = time.monotonic() + START_WITHIN_S
    data = b""
    while not data.endswith(b"\n"):
        ready, _, _ = select.select([stream], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            raise RuntimeError(f"{what} did not start")
        chunk = os.read(stream.fileno() if hasattr(stream, "fileno") else stream, 1)
        if not chunk:
            raise RuntimeError(f"{what} exited before it was ready")
        data += chunk
    return data.decode().strip()


class NotifyServer:
    """A running dunst: its environment, what it showed, and ways to click what it shows."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.received_file = folder / "received.jsonl"
        self.env: dict[str, str] = {}
        self.processes: dict[str, subprocess.Popen] = {}
        self._seen = 0

    # -- life -----------------------------------------------------------------------------------------
    def start(self) -> None:
        """Xvfb, then a private session bus, then dunst; ready once dunst owns the Notifications name."""
        folder = self.folder
        self.received_file.write_text("")
        record = folder / "record.sh"
        record.write_text(RECORD_SCRIPT.format(python=sys.executable, received=self.received_file))
        dmenu = folder / "dmenu.sh"
        dmenu.write_text(DMENU_SCRIPT.format(folder=folder))
        for script in (record, dmenu):
            script.chmod(0o755)
        (folder / "dunstrc").write_text(DUNSTRC.format(folder=folder))

        read_end, write_end = os.pipe()
        try:
            self.processes["xvfb"] = subprocess.Popen(
                ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                pass_fds=(write_end,),
                stdout=subprocess.DEVNULL,
                stderr=open(folder / "xvfb.log", "w"),
            )
            os.close(write_end)
            with os.fdopen(read_end, "rb", buffering=0) as display:
                number = _read_line(display, "Xvfb")
        except BaseException:
            self.stop()
            raise
        self.env["DISPLAY"] = f":{number}"
        try:
            bus = subprocess.Popen(
                ["dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1"],
                stdout=subprocess.PIPE,
                stderr=open(folder / "dbus.log", "w"),
            )
            self.processes["dbus"] = bus
            self.env["DBUS_SESSION_BUS_ADDRESS"] = _read_line(bus.stdout, "dbus-daemon")
            self.processes["dunst"] = subprocess.Popen(
                ["dunst", "-config", str(folder / "dunstrc")],
                env=self.environment(),
                stdout=subprocess.DEVNULL,
                stderr=open(folder / "dunst.log", "w"),
            )
            self._wait_for_dunst()
        except BaseException:
            self.stop()
            raise

    def _wait_for_dunst(self) -> None:
        deadline = time.monotonic() + START_WITHIN_S
        while not self.owns_name():
            if self.processes["dunst"].poll() is not None or time.monotonic() > deadline:
                log = (self.folder / "dunst.log").read_text(errors="replace")
                raise RuntimeError(f"dunst did not start: {log}")
            time.sleep(0.05)

    def owns_name(self) -> bool:
        """Whether a server owns org.freedesktop.Notifications on our bus."""
        return (
            subprocess.run(
                [
                    "dbus-send",
                    "--session",
                    "--print-reply",
                    "--dest=org.freedesktop.DBus",
                    "/",
                    "org.freedesktop.DBus.GetNameOwner",
                    "string:org.freedesktop.Notifications",
                ],
                env=self.environment(),
                capture_output=True,
            ).returncode
            == 0
        )

    def stop(self) -> None:
        """Stop dunst, the bus and Xvfb, by PID (ours only), in that order."""
        for name in ("dunst", "dbus", "xvfb"):
            process = self.processes.pop(name, None)
            if process is None:
                continue
            with contextlib.suppress(ProcessLookupError):
                os.kill(process.pid, signal.SIGCONT)  # a test may have left it stopped
            process.terminate()
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            if process.stdout:
                process.stdout.close()

    def environment(self) -> dict[str, str]:
        """os.environ with this server's DISPLAY and bus."""
        return {**os.environ, **self.env}

    # -- dunst's pid, for freezing it ---------------------------------------------------------------------------
    def signal_dunst(self, signum: int) -> None:
        """Send dunst a signal (SIGSTOP freezes it like a hung server, SIGCONT wakes it)."""
        os.kill(self.processes["dunst"].pid, signum)

    # -- what it showed -----------------------------------------------------------------------------------------
    def all_received(self) -> list[dict]:
        """Every notification dunst showed since it started (its script writes them asynchronously)."""
        text = self.received_file.read_text(encoding="utf-8")
        return [json.loads(line) for line in text.splitlines() if line.strip()]

    def forget(self) -> None:
        """From now on, received() lists only what comes after this call."""
        self._seen = len(self.all_received())

    def received(self) -> list[dict]:
        """The notifications shown since the last forget()."""
        return self.all_received()[self._seen :]

    def wait_for(self, count: int = 1, timeout: float = 10.0, **match: str) -> list[dict]:
        """At least `count` notifications (since forget()) with these fields; TimeoutError if they never come."""
        deadline = time.monotonic() + timeout
        while True:
            found = [n for n in self.received() if all(n.get(k) == v for k, v in match.items())]
            if len(found) >= count:
                return found
            if time.monotonic() > deadline:
                raise TimeoutError(f"expected {count} notifications matching {match}; got {self.received()}")
            time.sleep(0.05)

    # -- acting on what it shows --------------------------------------------------------------------------------
    def dunstctl(self, *args: str) -> str:
        """Run dunstctl against this server."""
        return subprocess.run(
            ["dunstctl", *args], env=self.environment(), check=True, capture_output=True, text=True
        ).stdout

    def close_all(self) -> None:
        """Close every displayed notification (so that click and press act on the next one only)."""
        self.dunstctl("close-all")

    def displayed(self) -> int:
        """How many notifications are on screen."""
        return int(self.dunstctl("count", "displayed").strip())

    def click(self) -> None:
        """The default action of the notification on screen (a click on it)."""
        self.dunstctl("action", "0")

    def press_button(self, title: str) -> None:
        """Press the button titled `title` through dunst's context menu and our fake dmenu."""
        (self.folder / "pick").write_text(title)
        self.dunstctl("context")


@contextlib.contextmanager
def running_notify_server() -> Iterator[NotifyServer]:
    """A notification server of its own, stopped at the end."""
    require_programs(*NOTIFY_PROGRAMS)
    folder = Path(tempfile.mkdtemp(prefix="crm-notifysrv."))
    server = NotifyServer(folder)
    server.start()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def notify_server_session() -> Iterator[NotifyServer]:
    """One dunst for this test process (each xdist worker has its own)."""
    with running_notify_server() as server:
        yield server


@pytest.fixture
def notify_server(notify_server_session: NotifyServer, monkeypatch: pytest.MonkeyPatch) -> NotifyServer:
    """The session's dunst, this test's environment pointed at it, nothing on screen, nothing received yet."""
    for key, value in notify_server_session.env.items():
        monkeypatch.setenv(key, value)
    notify_server_session.close_all()
    notify_server_session.forget()
    return notify_server_session


@pytest.fixture
def own_notify_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[NotifyServer]:
    """A dunst for this test alone, for tests that freeze or kill it."""
    with running_notify_server() as server:
        for key, value in server.env.items():
            monkeypatch.setenv(key, value)
        yield server


# -- SMTP -------------------------------------------------------------------------------------------------------------


def free_port() -> int:
    """A TCP port nobody listens on right now (aiosmtpd's Controller cannot take port 0)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpSink:
    """An aiosmtpd handler that keeps every mail it accepts."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.port = 0
        self._changed = threading.Condition()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        with self._changed:
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
            self.messages.append(message)
            self._changed.notify_all()
        return "250 Message accepted for delivery"

    def wait_for(self, count: int = 1, timeout: float = 10.0) -> list[EmailMessage]:
        """At least `count` mails; TimeoutError if they never come."""
        with self._changed:
            if not self._changed.wait_for(lambda: len(self.messages) >= count, timeout):
                raise TimeoutError(f"expected {count} mails, got {len(self.messages)}")
            return list(self.messages)


@contextlib.contextmanager
def running_smtp(
    user: str | None = None, password: str | None = None, tls_context: ssl.SSLContext | None = None
) -> Iterator[SmtpSink]:
    """aiosmtpd on 127.0.0.1 and a free port; with `user`, it requires that login (and TLS with a context)."""
    import logging
    import warnings

    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    logging.getLogger("mail.log").setLevel(logging.CRITICAL)  # aiosmtpd logs every session at INFO
    sink = SmtpSink()
    options: dict = {}
    if user is not None:

        def authenticator(server, session, envelope, mechanism, auth_data):
            accepted = auth_data.login == user.encode() and auth_data.password == (password or "").encode()
            # handled=False: with the default, a wrong password gets no reply at all and the client hangs.
            return AuthResult(success=accepted, handled=False)

        options.update(authenticator=authenticator, auth_required=True, auth_require_tls=tls_context is not None)
    if tls_context is not None:
        options.update(tls_context=tls_context, require_starttls=True)
    sink.port = free_port()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Requiring AUTH while not requiring TLS" is what the test wants
        controller = Controller(sink, hostname="127.0.0.1", port=sink.port, **options)
        controller.start()
    try:
        yield sink
    finally:
        controller.stop()


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    """A plain SMTP server that accepts every mail."""
    with running_smtp() as sink:
        yield sink


SMTP_USER, SMTP_PASSWORD = "crm-user", "s3cret pass"


@pytest.fixture
def smtp_auth_sink() -> Iterator[SmtpSink]:
    """An SMTP server that requires the login SMTP_USER / SMTP_PASSWORD (without TLS)."""
    with running_smtp(SMTP_USER, SMTP_PASSWORD) as sink:
        yield sink


@pytest.fixture(scope="session")
def certificate(tmp_path_factory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and its key (openssl)."""
    require_programs("openssl")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


@pytest.fixture
def smtp_tls_sink(certificate, monkeypatch: pytest.MonkeyPatch) -> Iterator[SmtpSink]:
    """An SMTP server requiring STARTTLS and the login; the client trusts its certificate via SSL_CERT_FILE."""
    cert, key = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    with running_smtp(SMTP_USER, SMTP_PASSWORD, context) as sink:
        yield sink


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port that accepts connections and never says a word (a hung SMTP server)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    try:
        yield listener.getsockname()[1]
    finally:
        listener.close()
