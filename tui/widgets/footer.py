"""The footer of every crm screen: the keys that work now, compact, rebuilt once per burst of changes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class CrmFooter(Footer):
    """Textual's footer, cheaper to keep current.

    Opening a screen changes its bindings several times in a row (mount, focus, workers' results), and
    the stock footer rebuilds every key for each change: seven rebuilds of some twenty keys when the
    pipeline opens. This one rebuilds once for all the changes made before the next refresh, and not at
    all when the keys would look the same. Its compact
    look comes from app.tcss rather than the `compact` switch: a key starts compact and is restyled as
    it mounts, one by one, to what the footer says.
    """

    def __init__(self) -> None:
        super().__init__(show_command_palette=False)
        # The stock footer mounts empty and waits for the first change of bindings to show its keys, which
        # costs a second layout of the whole screen; the keys are known as soon as the footer mounts.
        self.set_reactive(Footer._bindings_ready, True)
        self._rebuild_pending = False
        self._shown: tuple = ()
        """What the keys showed when last built: a change that leaves them alike rebuilds nothing."""

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._shown = self._keys_to_show()
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                widget.set_reactive(FooterKey.compact, False)  # as the footer says: no restyling at mount
            yield widget

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        if not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild)

    def _keys_to_show(self) -> tuple:
        return tuple((binding.key, binding.description, enabled, tooltip)
                     for _node, binding, enabled, tooltip in self.screen.active_bindings.values() if binding.show)

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        if not self.is_attached:
            return
        shown = self._keys_to_show()
        if shown != self._shown:
            self._shown = shown
            await self.recompose()
