# mypy sees Peewee as untyped: every name it exports is Any (see [tool.mypy] in pyproject.toml for why).
from typing import Any

def __getattr__(name: str) -> Any: ...
