"""`crm settings` and `crm settings set KEY VALUE`."""

from __future__ import annotations

import argparse
import os

from .. import settings
from . import prompts
from .common import Commands, Context, UsageError
from .output import cell, emit, emit_json, table

SECRETS = {setting.key for setting in settings.SETTINGS if setting.secret}


def register(commands: Commands) -> None:
    """Add the settings commands to the `crm` parser."""
    show = commands.add_parser("settings", help="show your settings, or change one with `settings set`")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(run=run_show)
    actions = show.add_subparsers(dest="settings_action", metavar="ACTION")
    change = actions.add_parser(
        "set",
        help="change one setting",
        description="Change one setting. A secret (smtp.password) is never taken from the command line: "
        "it is prompted for, read with --password-stdin, or taken from $CRM_SMTP_PASSWORD.",
    )
    change.add_argument("key", metavar="KEY")
    change.add_argument("value", metavar="VALUE", nargs="?")
    change.add_argument("--password-stdin", action="store_true", help="read a secret value from stdin's first line")
    change.set_defaults(run=run_set, parser=change)


def secret_variable(key: str) -> str:
    """The environment variable that may hold a secret setting: smtp.password -> CRM_SMTP_PASSWORD."""
    return "CRM_" + key.upper().replace(".", "_")


def _help_of(key: str, helps: dict[str, str]) -> str:
    if key.startswith(settings.CADENCE_PREFIX):
        return helps[settings.CADENCE_PREFIX + "<relationship>"]
    return helps.get(key, "")


def run_show(ctx: Context, args: argparse.Namespace) -> None:
    values = settings.displayed_settings(ctx.user())
    if args.json:
        emit_json(values)
        return
    helps = dict(settings.setting_help())
    emit(table(("SETTING", "VALUE", "MEANING"), [(key, value, _help_of(key, helps)) for key, value in values.items()]))


def _secret_value(key: str, args: argparse.Namespace) -> str:
    if args.value is not None:
        raise UsageError(
            f"{key} is a secret and is not taken from the command line: "
            f"it is prompted for, or use --password-stdin or ${secret_variable(key)}"
        )
    if args.password_stdin:
        return prompts.read_secret_line()
    from_environment = os.environ.get(secret_variable(key))
    if from_environment is not None:
        return from_environment
    return prompts.ask_password(f"{key}: ")


def run_set(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    if args.key in SECRETS:
        raw = _secret_value(args.key, args)
    elif args.password_stdin:
        raise UsageError(f"--password-stdin is only for secret settings; give {args.key}'s VALUE instead")
    elif args.value is None:
        raise UsageError(f"give the new value: crm settings set {args.key} VALUE")
    else:
        raw = args.value
    value = settings.set_setting(actor, args.key, raw)
    shown = settings.displayed_settings(actor).get(args.key, value)
    emit(f"{args.key} = {cell(shown)}")
