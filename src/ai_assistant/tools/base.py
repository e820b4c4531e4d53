"""The shape every tool shares, so that the offline engine and Gemini's function calling use the same tools.

    Tool(name="area_summary", description="…", parameters={JSON schema of the arguments},
         run=lambda user, args: ToolResult(data={...}, sources=[Source("Region IX", "/communities/?region=09")]))

``data`` is plain JSON (numbers, strings, lists, dicts) built only from rows ``for_user(user, "view")``
returns; it is what the model reads and what the number check compares an answer's figures with.
``sources`` are links to the records the data came from; every answer lists them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Source:
    label: str
    url: str


@dataclass
class ToolResult:
    data: dict[str, Any]
    sources: list[Source] = field(default_factory=list)
    error: str = ""  # a plain sentence when the arguments were unusable ("No place matches 'Zambo Norte'.")


@dataclass(frozen=True)
class Tool:
    name: str
    description: str
    parameters: dict[str, Any]  # JSON schema (type "object") of the arguments
    run: Callable[[Any, dict[str, Any]], ToolResult]
