"""The offline engine on a fixed list of questions. Each expected answer is computed here from the database with
the ORM (counts, sums, rankings), never by the tools the engine uses; misspelt place names are included, and so
are questions the engine must decline. The score is printed and must be at least 40 correct."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Count, Sum
from django.utils import timezone

from ai_assistant import offline
from ai_assistant.numbers import unsupported_figures
from ai_assistant.offline.parsing import quarter_bounds
from communities.models import BarangayOBC
from coordination.models import ActionItem, Engagement, Organization, Partnership
from mana.models import Assessment, Need
from policies.models import Recommendation

pytestmark = pytest.mark.django_db

OPEN_NEEDS = ("identified", "validated", "prioritised", "forwarded")
IN_PROGRESS = ("preparation", "data_collection", "analysis", "validation")


def f(value) -> str:
    return f"{value:,}"


def obcs(**where):
    totals = BarangayOBC.objects.filter(**where).aggregate(
        n=Count("pk"), pop=Sum("estimated_obc_population"), brgy=Count("barangay", distinct=True),
        muni=Count("municipality", distinct=True),
    )  # fmt: skip
    return totals["n"], totals["pop"] or 0, totals["brgy"], totals["muni"]


def contains(*parts):
    return lambda text: all(str(p) in text for p in parts)


def in_order(*titles):
    def check(text):
        positions = [text.find(t) for t in titles]
        return all(p >= 0 for p in positions) and positions == sorted(positions)

    return check


def top_needs(**where):
    return list(
        Need.objects.filter(deleted_at__isnull=True, status__in=OPEN_NEEDS, **where)
        .order_by("-priority_score", "-vote_count", "pk")
        .values_list("title", flat=True)
    )


def partnerships_with(acronym, **where):
    return Partnership.objects.filter(deleted_at__isnull=True, parties__organization__acronym=acronym, **where)


def ranking(level: str, **where):
    name = f"{level}__name"
    rows = (
        BarangayOBC.objects.filter(**where).values(name).annotate(pop=Sum("estimated_obc_population"))
        .order_by("-pop", name)
    )  # fmt: skip
    return rows[0][name].replace(" (Independent City)", ""), rows[0]["pop"]


def build_cases(w):
    """(persona, question, check(text) -> bool, must_answer). ``must_answer`` False: the engine must decline."""
    today = timezone.localdate()
    q_start, q_end = quarter_bounds(today)
    zdn, sc, zc = obcs(province=w.zdn), obcs(province=w.south_cotabato), obcs(province=w.zamboanga_city)
    ix, xii = obcs(province__region=w.region_ix), obcs(province__region=w.region_xii)
    sn, kor = obcs(municipality=w.santo_nino), obcs(municipality=w.koronadal)
    share = round(100 * zdn[1] / w.zdn.population, 1)
    active = {"status": "active", "expiry_date__isnull": False}
    mssd_quarter = partnerships_with("MSSD", expiry_date__range=(q_start, q_end), status="active")
    mssd_quarter_xii = mssd_quarter.filter(areas__region=w.region_xii).distinct()
    next_30 = Partnership.objects.filter(expiry_date__range=(today, today + dt.timedelta(days=30)), **active)
    sc_active = Partnership.objects.filter(status="active", areas__province=w.south_cotabato).distinct()
    under_review = Recommendation.objects.filter(status="under_review", deleted_at__isnull=True)
    drafts = Recommendation.objects.filter(status="draft", deleted_at__isnull=True)
    dapitan_recs = Recommendation.objects.filter(areas__municipality=w.dapitan).distinct()
    alive_assessments = Assessment.objects.filter(deleted_at__isnull=True)
    open_items = ActionItem.objects.filter(status__in=("open", "in_progress"))
    overdue = open_items.filter(due_date__lt=today)
    upcoming = Engagement.objects.filter(deleted_at__isnull=True, starts_at__gte=timezone.now())
    past_zdn = Engagement.objects.filter(deleted_at__isnull=True, starts_at__lt=timezone.now(), province=w.zdn)
    orgs_in = lambda **where: Organization.objects.filter(deleted_at__isnull=True, **where).distinct()  # noqa: E731
    province_top = ranking("province")
    municipality_top = ranking("municipality", province__region=w.region_ix)
    tausug_ix = obcs(province__region=w.region_ix, primary_ethnolinguistic_group="tausug")
    maguindanaon_sc = obcs(province=w.south_cotabato, primary_ethnolinguistic_group="maguindanaon")
    needs_xii, needs_zdn = top_needs(region=w.region_xii), top_needs(province=w.zdn)
    needs_ix = top_needs(region=w.region_ix)
    open_ix_needs = Need.objects.filter(deleted_at__isnull=True, status__in=OPEN_NEEDS, region=w.region_ix).count()
    education = top_needs(category="education")

    a, o = "administrator", "officer_ix"
    return [
        (a, "How many OBCs are in Zamboanga del Norte and how many people live in them?",
         contains(f(zdn[0]) + " OBC communities", f(zdn[1])), True),
        (a, "How many OBCs are in zamboanga del nrte?", contains(f(zdn[0]) + " OBC communities", f(zdn[1])), True),
        (a, "how many obcs in ZAMBOANGA DEL NORTE", contains(f(zdn[0]) + " OBC communities", f(zdn[1])), True),
        (a, "How many OBC communities are in South Cotabato?", contains(f(sc[0]) + " OBC communities", f(sc[1])), True),
        (a, "How many OBCs are in south cotabtao?", contains(f(sc[0]) + " OBC communities", f(sc[1])), True),
        (a, "How many OBCs are in Region IX?", contains(f(ix[0]) + " OBC communities", f(ix[1])), True),
        (a, "How many OBCs are in region 12?", contains(f(xii[0]) + " OBC communities", f(xii[1])), True),
        (a, "How many OBCs are in sto nino?", contains(f(sn[0]) + " OBC communities", f(sn[1])), True),
        (a, "How many OBCs are in Sto. Niño, South Cotabato?", contains(f(sn[0]) + " OBC communities", f(sn[1])),
         True),
        (a, "How many OBCs are in Koronadal?", contains(f(kor[0]) + " OBC communities", f(kor[1])), True),
        (a, "How many OBCs are in the City of Zamboanga?", contains(f(zc[0]) + " OBC communities", f(zc[1])), True),
        (a, "How many OBCs are in Zamboanga City?", contains(f(zc[0]) + " OBC communities", f(zc[1])), True),
        (a, "What is the population of South Cotabato?", contains(f(w.south_cotabato.population)), True),
        (a, "What is the population of zamboanga del norte?", contains(f(w.zdn.population)), True),
        (a, "population of Region XII", contains(f(w.region_xii.population)), True),
        (a, "How many people live in Koronadal?", contains(f(w.koronadal.population)), True),
        (a, "How many barangays in Region IX have OBCs?", contains(f"{f(ix[2])} barangays"), True),
        (a, "How many barangays have OBCs in South Cotabato?", contains(f"{f(sc[2])} barangays"), True),
        (a, "How many municipalities in Zamboanga del Norte have OBCs?", contains(f"{f(zdn[3])} cities"), True),
        (a, "What are the top needs in Region XII?", in_order(*needs_xii), True),
        (a, "What are the top needs in Zamboanga del Norte?", in_order(*needs_zdn), True),
        (a, "What are the top needs in zamboanga del nrte?", in_order(*needs_zdn), True),
        (a, "How many needs are recorded in Region IX?", contains(f"{f(open_ix_needs)} open MANA needs"), True),
        (a, "What are the top education needs?", in_order(*education), True),
        (a, "Which agreements with MSSD expire this quarter?",
         contains(f"{mssd_quarter.count()} active agreements with MSSD", *mssd_quarter.values_list("title", flat=True)),
         True),
        (a, "Which partnerships with MSSD expire this quarter in Region XII?",
         contains(f"{mssd_quarter_xii.count()} active partnership", *mssd_quarter_xii.values_list("title", flat=True)),
         True),
        (a, "Which agreements expire in the next 30 days?",
         contains(f"{next_30.count()} active agreement", *next_30.values_list("title", flat=True)), True),
        (a, "Which partnerships do we have with MSSD?", contains(f"{partnerships_with('MSSD').count()} partnerships"),
         True),
        (a, "How many active partnerships are in South Cotabato?", contains(f"{sc_active.count()} active partnership"),
         True),
        (a, "Which recommendations are waiting for review?",
         contains(f"{under_review.count()} recommendations", *under_review.values_list("reference", flat=True)), True),
        (a, "Which recommendations are still drafts?", contains(f"{drafts.count()} recommendation"), True),
        (a, "How many recommendations are there in City of Dapitan?",
         contains(f"{dapitan_recs.count()} policy recommendations"), True),
        (a, "Which assessments are in progress?",
         contains(f"{alive_assessments.filter(status__in=IN_PROGRESS).count()} MANA assessments in progress"), True),
        (a, "Which MANA assessments are completed?",
         contains(f"{alive_assessments.filter(status='completed').count()} MANA assessment completed"), True),
        (a, "Which assessments are planned in Zamboanga del Norte?",
         contains(f"{alive_assessments.filter(status='planned', province=w.zdn).count()} MANA assessment planned"),
         True),
        (a, "Which action items are overdue?",
         contains(f"{overdue.count()} action items", *overdue.values_list("title", flat=True)), True),
        (a, "How many open action items are in Region IX?",
         contains(f"{open_items.filter(region=w.region_ix).count()} open action items",
                  f"({overdue.filter(region=w.region_ix).count()} overdue)"), True),
        (a, "Which action items are overdue in South Cotabato?",
         contains(f"{overdue.filter(province=w.south_cotabato).count()} action item"), True),
        (a, "Which organizations work in City of Dapitan?",
         contains(f"{orgs_in(areas__municipality=w.dapitan).count()} organization", "DMWA"), True),
        (a, "Which organizations work in South Cotabato?",
         contains(f"{orgs_in(areas__province=w.south_cotabato).count()} organization", "SCUC"), True),
        (a, "Which organizations work in Region IX?",
         contains(f"{orgs_in(areas__region=w.region_ix).count()} organizations", "MSSD", "DMWA"), True),
        (a, "What engagements are upcoming?", contains(f"{upcoming.count()} upcoming engagements"), True),
        (a, "How many engagements were held in Zamboanga del Norte?",
         contains(f"{past_zdn.count()} past engagement"), True),
        (a, "Which province has the largest OBC population?", contains(province_top[0], f(province_top[1])), True),
        (a, "Which municipality has the most OBCs in Region IX?",
         contains(municipality_top[0], f(municipality_top[1])), True),
        (a, "How many Tausug communities are in Region IX?",
         contains(f"{f(tausug_ix[0])} OBC communities", f(tausug_ix[1])), True),
        (a, "How many Maguindanaon OBCs are in South Cotabato?",
         contains(f"{f(maguindanaon_sc[0])} OBC communit", f(maguindanaon_sc[1])), True),
        (a, "Give me a summary of Koronadal", contains(f(w.koronadal.population), f"OBC communities: {kor[0]}"), True),
        (a, "Tell me about Zamboanga del Norte", contains(f(w.zdn.population), f"OBC communities: {zdn[0]}"), True),
        (a, "What share of the population of Zamboanga del Norte is OBC?", contains(f"{share}%", f(zdn[1])), True),
        (o, "How many OBCs are in Region IX?", contains(f(ix[0]) + " OBC communities", f(ix[1])), True),
        (o, "What are the top needs?", in_order(*needs_ix), True),
        # Questions the engine must decline.
        (a, "What is the weather in Cotabato?", contains("cannot answer"), False),
        (a, "Write me a poem about Dapitan", contains("cannot answer"), False),
        (a, "What is the phone number of the leader in Aliguay?", contains("personal data"), False),
        (a, "Give me the names of the participants in the Dapitan MANA", contains("personal data"), False),
        (a, "Delete all communities in Region IX", contains("cannot change records"), False),
        (a, "How many OBCs are in Atlantis?", contains("No place matches 'Atlantis'", "Nearest:"), False),
        (a, "Who won the election?", contains("cannot answer"), False),
        (o, "How many OBCs are in South Cotabato?", contains("outside your assigned areas"), False),
    ]  # fmt: skip


def test_offline_engine_scores_on_its_question_list(world, administrator, officer_ix, capsys):
    users = {"administrator": administrator, "officer_ix": officer_ix}
    cases = build_cases(world)
    correct, failures = 0, []
    for persona, question, check, must_answer in cases:
        result = offline.answer(users[persona], question)
        ok = result.answered == must_answer and check(result.text)
        if ok and must_answer:
            ok = not unsupported_figures(result.text, result.tool_results) and bool(result.sources)
        correct += ok
        if not ok:
            failures.append(f"{persona}: {question}\n  -> {result.answered} {result.intent}: {result.text}")
    answerable = sum(1 for case in cases if case[3])
    with capsys.disabled():
        print(f"\nOffline engine score: {correct}/{len(cases)} correct ({answerable} to answer, "
              f"{len(cases) - answerable} to decline)")  # fmt: skip
        for failure in failures:
            print("FAILED", failure)
    assert len(cases) >= 50
    assert correct >= 40, "\n".join(failures)


@pytest.mark.parametrize(
    "question",
    ["", "   ", "?", "???!!!", "in", "How many OBCs are in", "'; DROP TABLE communities_barangayobc; --",
     "Ilan ang OBC sa Zamboanga?", "こんにちは", "population " * 200, "How many OBCs are in %s%n%x?",
     "Which agreements with expire this quarter?", "top needs in region 99"],
)  # fmt: skip
def test_odd_questions_never_break_the_engine(administrator, question):
    result = offline.answer(administrator, question)
    assert isinstance(result.text, str) and result.text
