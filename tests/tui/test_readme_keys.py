"""The README's key table is the one the bindings make: every key of every screen, nothing stale."""

from __future__ import annotations

from .readme_keys import README, WHERE, key_table, readme_with_table, screen_classes, shown_keys


def test_the_readme_lists_every_key_the_app_binds():
    readme = README.read_text("utf-8")
    assert readme == readme_with_table(readme, key_table()), (
        "README.md's key table differs from the bindings: run `.venv/bin/python -m tests.tui.readme_keys --write`"
    )


def test_every_screen_with_keys_is_placed_and_every_place_has_a_screen():
    with_keys = {owner.__name__ for owner in screen_classes() if shown_keys(owner)}
    assert with_keys - set(WHERE) == set(), "name where these screens' keys work in tests/tui/readme_keys.py"
    assert set(WHERE) - with_keys == set(), "WHERE in tests/tui/readme_keys.py names screens that no longer have keys"


def test_keys_that_were_missing_from_the_hand_written_table_are_listed():
    table = key_table()
    for row_start, key in [
        ("| pipeline |", "`C` Companies"),
        ("| pipeline |", "`P` Products"),
        ("| contacts |", "`F` Manage custom fields"),
        ("| anywhere |", "`^l` Log out"),
        ("| a contact |", "`S` Share"),
    ]:
        [row] = [line for line in table.splitlines() if line.startswith(row_start)]
        assert key in row, (row_start, key)
