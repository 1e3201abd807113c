"""`crm signup`, `login`, `logout`, `whoami`: who the commands act as on this machine."""

from __future__ import annotations

from .. import accounts
from ..scope import Actor
from . import prompts
from .common import Context
from .output import emit, emit_json

STDIN_HELP = "read the password from the first line of stdin instead of prompting"


def register(commands) -> None:
    """Add the account commands to the `crm` parser."""
    signup = commands.add_parser("signup", help="create an account and sign in")
    signup.add_argument("--email", required=True, metavar="E")
    signup.add_argument("--name", required=True, metavar="N")
    signup.add_argument("--timezone", metavar="ZONE", help="IANA time zone, e.g. Europe/Berlin (default: this machine's)")
    signup.add_argument("--password-stdin", action="store_true", help=STDIN_HELP)
    signup.set_defaults(run=run_signup)

    login = commands.add_parser("login", help="sign in and stay signed in on this machine")
    login.add_argument("--email", required=True, metavar="E")
    login.add_argument("--password-stdin", action="store_true", help=STDIN_HELP)
    login.set_defaults(run=run_login)

    logout = commands.add_parser("logout", help="sign out on this machine")
    logout.set_defaults(run=run_logout)

    whoami = commands.add_parser("whoami", help="the signed-in user")
    whoami.add_argument("--json", action="store_true", help="print JSON")
    whoami.set_defaults(run=run_whoami)


def describe(actor: Actor) -> str:
    """`Name <email>`, as people write it."""
    return f"{actor.name} <{actor.email}>"


def run_signup(ctx: Context, args) -> None:
    accounts.normalise_email(args.email)  # refuse a bad address before asking for a password
    password = prompts.password(args.password_stdin, confirm=True, prompt="Choose a password: ")
    actor = accounts.signup(args.email, args.name, password, args.timezone)
    accounts.remember(ctx.key, actor)
    emit(f"signed up and signed in as {describe(actor)} (time zone {actor.timezone})")


def run_login(ctx: Context, args) -> None:
    password = prompts.password(args.password_stdin)
    actor = accounts.authenticate(args.email, password)
    accounts.remember(ctx.key, actor)
    emit(f"signed in as {describe(actor)}")


def run_logout(ctx: Context, args) -> None:
    emit("signed out" if accounts.forget(ctx.key) else "not signed in: nothing to do")


def run_whoami(ctx: Context, args) -> None:
    actor = ctx.user()
    if args.json:
        emit_json({"email": actor.email, "name": actor.name, "timezone": actor.timezone, "id": actor.user_id})
    else:
        emit(f"{describe(actor)}, time zone {actor.timezone}")
