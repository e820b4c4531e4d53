"""What reaches Gemini is only what the asking user's scope gives the tools: an officer of Region IX
asking about Region XII sends no Region XII row (the fake server's received requests are the proof).

The real read-only tools (ai_assistant/tools) have their own scope tests; this one proves the
provider adds nothing of its own: it sends the tool's for_user rows and nothing else."""

import pytest

from ai_assistant.providers.base import get_online_provider
from ai_assistant.tools.base import Source, Tool, ToolResult
from common.tests import personas
from communities.models import BarangayOBC
from communities.tests.factories import make_community

pytestmark = pytest.mark.django_db
KORONADAL_AVANCENA = "1206306002"


def communities_tool():
    def run(user, args):
        rows = (
            BarangayOBC.objects.for_user(user, "view")
            .filter(barangay__municipality__province__region__name__icontains=args.get("region", ""))
            .select_related("barangay")
        )
        return ToolResult(
            data={"count": len(rows), "communities": [{"obc_id": r.obc_id, "barangay": r.barangay.name} for r in rows]},
            sources=[Source(r.obc_id, f"/communities/{r.pk}/") for r in rows],
        )

    return Tool(
        name="list_communities",
        description="Barangay OBCs of a region.",
        parameters={"type": "object", "properties": {"region": {"type": "string"}}},
        run=run,
    )


def test_officer_of_region_ix_sends_no_region_xii_row(fake_gemini, officer_ix, officer_xii):
    ix = make_community(personas.ALIGUAY)
    xii = make_community(KORONADAL_AVANCENA)
    for user, own, other in ((officer_ix, ix, xii), (officer_xii, xii, ix)):
        fake_gemini.requests.clear()
        fake_gemini.script(
            fake_gemini.function_call("list_communities", {"region": ""}),
            fake_gemini.text("Here is what I found."),
        )
        answer = get_online_provider().answer_with_tools(
            user=user, question="List the OBCs of Region XII and Region IX.", history=[], tools=[communities_tool()]
        )
        sent = fake_gemini.sent()
        assert own.obc_id in sent and other.obc_id not in sent
        assert other.barangay.name not in sent
        assert [r.data["count"] for r in answer.tool_results] == [1]


def test_sent_is_searchable_as_typed(fake_gemini, officer_ix):
    get_online_provider().answer_with_tools(user=officer_ix, question="Barangay Avanceña?", history=[], tools=[])
    assert "Avanceña" in fake_gemini.sent()
