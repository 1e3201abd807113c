"""The command palette's crm commands: the app's own key bindings, offered by name."""

from __future__ import annotations

from textual.command import DiscoveryHit, Hit, Hits, Provider


class CrmCommands(Provider):
    """Go to each screen, add a contact, help, log out, quit: whatever the app's keys do right now."""

    async def discover(self) -> Hits:
        for title, help_text, command in self.app.palette_commands(self.screen):
            yield DiscoveryHit(title, command, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, command in self.app.palette_commands(self.screen):
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), command, text=title, help=help_text)
