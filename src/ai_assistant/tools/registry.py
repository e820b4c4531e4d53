"""Every read-only tool the assistant has, and ``run_tool(user, name, args)``.

The offline engine and Gemini's function calling use the same ``TOOLS``; each runs with the asking user's
``for_user`` scope and writes nothing.
"""

from __future__ import annotations

from .base import Tool, ToolResult
from .communities import AREA_SUMMARY, COUNT_COMMUNITIES
from .coordination import ACTION_ITEMS, ENGAGEMENTS, ORGANIZATIONS, PARTNERSHIPS
from .mana import ASSESSMENTS, NEEDS
from .places import SEARCH_PLACES
from .policies import RECOMMENDATIONS

TOOLS: list[Tool] = [
    SEARCH_PLACES,
    AREA_SUMMARY,
    COUNT_COMMUNITIES,
    NEEDS,
    ASSESSMENTS,
    ORGANIZATIONS,
    PARTNERSHIPS,
    ENGAGEMENTS,
    ACTION_ITEMS,
    RECOMMENDATIONS,
]
BY_NAME = {tool.name: tool for tool in TOOLS}


def run_tool(user, name: str, args: dict | None = None) -> ToolResult:
    """Run the tool ``name`` for ``user``; an unknown tool or non-object arguments give an error result."""
    tool = BY_NAME.get(name)
    if tool is None:
        return ToolResult(data={}, error=f"There is no tool called {name!r}.")
    if args is not None and not isinstance(args, dict):
        return ToolResult(data={}, error="The arguments must be an object.")
    allowed = set(tool.parameters.get("properties", {}))
    clean = {key: value for key, value in (args or {}).items() if key in allowed}
    return tool.run(user, clean)
