"""Settings: defaults, validation, storage and masking."""

from __future__ import annotations

import pytest

from tui import settings
from tui.errors import ValidationError
from tui.models import User


def test_defaults_follow_the_seed_documents(actor):
    values = settings.read_settings(actor)
    assert values["birthday_lead_days"] == 2
    assert values["anniversary_lead_days"] == 2
    assert values["followup_days"] == 7
    assert values["leap_day_rule"] == "feb28"
    assert values["timezone"] == "Europe/Berlin"
    assert values["display_name"] == "Ada Lovelace"
    assert values["reminder_interval_s"] == 60


@pytest.mark.parametrize(
    "key, raw, stored",
    [
        ("birthday_lead_days", "5", 5),
        ("leap_day_rule", "MAR1", "mar1"),
        ("theme", "light", "light"),
        ("notify.desktop", "off", False),
        ("notify.terminal", "osc777", "osc777"),
        ("smtp.port", "2525", 2525),
        ("timezone", "America/Sao_Paulo", "America/Sao_Paulo"),
        ("cadence.family", "14", 14),
        ("phone_region", "de", "DE"),
    ],
)
def test_a_valid_value_is_stored(actor, key, raw, stored):
    assert settings.set_setting(actor, key, raw) == stored
    assert settings.read_settings(actor)[key] == stored


@pytest.mark.parametrize(
    "key, raw",
    [
        ("birthday_lead_days", "-1"),
        ("birthday_lead_days", "two"),
        ("timezone", "Mars/Olympus"),
        ("smtp.port", "70000"),
        ("leap_day_rule", "feb29"),
        ("notify.email", "maybe"),
        ("no_such_setting", "1"),
        ("cadence.", "3"),
        ("display_name", "   "),
    ],
)
def test_a_bad_value_changes_nothing(actor, key, raw):
    before = User.get_by_id(actor.user_id).settings, User.get_by_id(actor.user_id).timezone
    with pytest.raises(ValidationError):
        settings.set_setting(actor, key, raw)
    assert (User.get_by_id(actor.user_id).settings, User.get_by_id(actor.user_id).timezone) == before


def test_several_changes_are_all_or_nothing(actor):
    with pytest.raises(ValidationError):
        settings.update_settings(actor, {"followup_days": "3", "smtp.port": "0"})
    assert settings.read_settings(actor)["followup_days"] == 7


def test_secrets_are_masked_when_shown(actor):
    settings.set_setting(actor, "smtp.password", "hunter2hunter2")
    assert settings.displayed_settings(actor)["smtp.password"] == settings.SECRET_MASK
    assert settings.read_settings(actor)["smtp.password"] == "hunter2hunter2"


def test_only_changed_values_are_stored(actor):
    settings.set_setting(actor, "followup_days", "10")
    settings.set_setting(actor, "followup_days", "7")
    assert User.get_by_id(actor.user_id).settings == {}
