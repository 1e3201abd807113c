"""`crm signup`, `login`, `logout`, `whoami`, `passwd`, `reset-password`, `sessions`: who the commands act as."""

from __future__ import annotations

import argparse

from .. import accounts, clock
from ..errors import CrmError
from ..scope import Actor
from . import prompts
from .checks import options_named, record_id
from .common import Commands, Context
from .output import emit, emit_json, table

STDIN_HELP = "read the password from the first line of stdin instead of prompting"


def register(commands: Commands) -> None:
    """Add the account commands to the `crm` parser."""
    signup = commands.add_parser("signup", help="create an account and sign in")
    signup.add_argument("--email", required=True, metavar="E")
    signup.add_argument("--name", required=True, metavar="N")
    signup.add_argument(
        "--timezone", metavar="ZONE", help="IANA time zone, e.g. Europe/Berlin (default: this machine's)"
    )
    signup.add_argument("--password-stdin", action="store_true", help=STDIN_HELP)
    signup.set_defaults(run=run_signup)

    login = commands.add_parser("login", help="sign in and stay signed in on this machine")
    login.add_argument("--email", required=True, metavar="E")
    login.add_argument("--password-stdin", action="store_true", help=STDIN_HELP)
    login.set_defaults(run=run_login)

    logout = commands.add_parser("logout", help="sign out on this machine (with --all: everywhere)")
    logout.add_argument("--all", action="store_true", help="end every remembered session of your account")
    logout.set_defaults(run=run_logout)

    whoami = commands.add_parser("whoami", help="the signed-in user")
    whoami.add_argument("--json", action="store_true", help="print JSON")
    whoami.set_defaults(run=run_whoami)

    passwd = commands.add_parser("passwd", help="change your password (other sessions are signed out)")
    passwd.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the current password, then the new one, from the first two lines of stdin",
    )
    passwd.set_defaults(run=run_passwd)

    reset = commands.add_parser(
        "reset-password",
        help="forgot your password: mail a one-time token, then set a new password with it",
        description="First `crm reset-password --email E` mails a token (valid 30 minutes) through the mail "
        "server set in CRM_MAIL_HOST and friends; then `crm reset-password --token T` sets a new "
        "password and signs the account out everywhere.",
    )
    step = reset.add_mutually_exclusive_group(required=True)
    step.add_argument("--email", metavar="E", help="the account's e-mail address: mails it a token")
    step.add_argument("--token", metavar="T", help="the token from the mail: asks for the new password")
    reset.add_argument("--password-stdin", action="store_true", help=STDIN_HELP)
    reset.set_defaults(run=run_reset_password)

    sessions = commands.add_parser("sessions", help="your remembered logins; `sessions revoke ID` ends one")
    sessions.add_argument("--json", action="store_true", help="print JSON")
    sessions.set_defaults(run=run_sessions)
    session_actions = sessions.add_subparsers(dest="sessions_action", metavar="ACTION")
    revoke = session_actions.add_parser("revoke", help="sign out of one remembered login")
    revoke.add_argument("id", type=record_id, metavar="ID")
    revoke.set_defaults(run=run_revoke_session)


def describe(actor: Actor) -> str:
    """`Name <email>`, as people write it."""
    return f"{actor.name} <{actor.email}>"


def run_signup(ctx: Context, args: argparse.Namespace) -> None:
    accounts.normalise_email(args.email)  # refuse a bad address before asking for a password
    password = prompts.password(args.password_stdin, confirm=True, prompt="Choose a password: ")
    actor = accounts.signup(args.email, args.name, password, args.timezone)
    accounts.remember(ctx.key, actor)
    emit(f"signed up and signed in as {describe(actor)} (time zone {actor.timezone})")


def run_login(ctx: Context, args: argparse.Namespace) -> None:
    password = prompts.password(args.password_stdin)
    actor = accounts.authenticate(args.email, password)
    accounts.remember(ctx.key, actor)
    emit(f"signed in as {describe(actor)}")


def run_logout(ctx: Context, args: argparse.Namespace) -> None:
    if args.all:
        ended = accounts.end_all_sessions(ctx.user(), ctx.key)
        emit(f"signed out everywhere ({ended} session{'s' if ended != 1 else ''} ended)")
        return
    emit("signed out" if accounts.forget(ctx.key) else "not signed in: nothing to do")


def run_whoami(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    if args.json:
        emit_json({"email": actor.email, "name": actor.name, "timezone": actor.timezone, "id": actor.user_id})
    else:
        emit(f"{describe(actor)}, time zone {actor.timezone}")


def run_passwd(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    if args.password_stdin:
        current, new = prompts.read_secret_line(), prompts.read_secret_line()
    else:
        current = prompts.ask_password("Current password: ")
        new = prompts.ask_password("New password: ", confirm=True)
    with options_named(current="current password", new="new password"):
        ended = accounts.change_password(actor, current, new, ctx.key)
    emit(f"password changed; {ended} other session{'s' if ended != 1 else ''} signed out")


def run_reset_password(ctx: Context, args: argparse.Namespace) -> None:
    if args.email is not None:
        emit(accounts.request_password_reset(args.email))
        return
    token = args.token.strip()
    if not token:
        raise CrmError("--token: give the token from the reset mail")
    password = prompts.password(args.password_stdin, confirm=True, prompt="New password: ")
    ended = accounts.reset_password(token, password)
    emit(f"password set; {ended} session{'s' if ended != 1 else ''} signed out: log in with `crm login --email E`")


def run_sessions(ctx: Context, args: argparse.Namespace) -> None:
    found = accounts.list_sessions(ctx.user(), ctx.key)
    if args.json:
        emit_json(
            [
                {
                    "id": info.id,
                    "label": info.label,
                    "created_at": clock.iso_utc(info.created_at),
                    "last_used_at": clock.iso_utc(info.last_used_at),
                    "expires_at": clock.iso_utc(info.expires_at),
                    "current": info.current,
                }
                for info in found
            ]
        )
        return
    tz = ctx.user().tz
    emit(
        table(
            ("ID", "LABEL", "CREATED", "LAST USED", "THIS MACHINE"),
            [
                (
                    info.id,
                    info.label,
                    clock.local(info.created_at, tz).strftime("%Y-%m-%d %H:%M"),
                    clock.local(info.last_used_at, tz).strftime("%Y-%m-%d %H:%M"),
                    "yes" if info.current else "",
                )
                for info in found
            ],
        )
    )


def run_revoke_session(ctx: Context, args: argparse.Namespace) -> None:
    info = accounts.end_session_by_id(ctx.user(), args.id, ctx.key)
    emit(
        f"signed out of session {info.id} ({info.label or 'no label'})"
        + (": this machine is signed out too" if info.current else "")
    )
