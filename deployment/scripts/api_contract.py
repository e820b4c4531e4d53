"""The API as a contract: schemathesis against the live OpenAPI schema (``make schemathesis``, CI).

    .venv/bin/python deployment/scripts/api_contract.py [--max-examples 25] [--max-time 150] [--keep]

1. A throw-away SQLite database in a temporary folder (settings: api_contract_settings.py): migrate,
   roles, Regions IX and XII of the hierarchy, sample communities (with a leader and soft-deleted
   records), a MANA assessment with a published instrument, an open session, a participant, a response and a need.
2. gunicorn (DEBUG=False, the repository's gunicorn.conf.py) on a free loopback port.
3. A JWT for an administrator; the schema is read with it (the schema needs a signed-in user).
4. ``schemathesis run`` over every operation with every check, bounded examples per operation,
   a time budget, a fixed seed; non-zero exit on any server error or schema violation.

Everything it starts is stopped on exit; nothing outside the temporary folder is written (unless
``--report-dir`` is given). Re-runnable: each run starts from a fresh database.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"
HOOKS = Path(__file__).with_name("api_contract_hooks.py")
CONFIG = Path(__file__).with_name("schemathesis.toml")
ADMIN = "contract-admin"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def say(message: str) -> None:
    print(f"[api-contract {time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- seed (runs in a child process with Django set up) -------------------------------------------
def seed(password: str) -> None:
    sys.path.insert(0, str(SRC))
    sys.path.insert(0, str(Path(__file__).parent))
    import django

    django.setup()
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from common.access import ADMINISTRATOR
    from common.models import Barangay, Municipality, User
    from communities import services as community_service
    from communities.models import BarangayOBC
    from mana.models import Assessment, Participant, Question
    from mana.services import assessments as assessment_service
    from mana.services import instruments as instrument_service
    from mana.services import needs as need_service
    from mana.services import participants as participant_service
    from mana.services import responses as response_service

    call_command("migrate", verbosity=0, interactive=False)
    call_command("setup_roles", verbosity=0)
    call_command("populate_administrative_hierarchy", regions=["IX", "XII"], verbosity=0)
    admin = User.objects.create_superuser(ADMIN, "contract@example.org", password)
    admin.groups.add(Group.objects.get(name=ADMINISTRATOR))  # a MANA team may be led only by MANA staff
    call_command("generate_sample_communities", count=12, regions=["IX", "XII"], seed=8, verbosity=0)
    communities = list(BarangayOBC.objects.order_by("pk"))
    community_service.create_leader(
        user=admin,
        community=communities[0],
        name="Hadji Omar",
        role="religious",
        position="Imam",
        phone="0917 000 0001",
    )
    for community in communities[-2:]:
        community_service.soft_delete_community(user=admin, community=community)

    municipality = Municipality.objects.filter(pk=communities[0].municipality_id).get()
    barangay = Barangay.objects.get(pk=communities[0].barangay_id)
    assessment = assessment_service.create_assessment(
        user=admin,
        title="Contract MANA",
        purpose="Seed for the API contract run",
        level=Assessment.Level.COMMUNITY,
        municipality=municipality,
        communities=[barangay],
        methods=["survey"],
        lead=admin,
    )
    instrument = instrument_service.create_instrument(user=admin, assessment=assessment, title="Household survey")
    version = instrument.versions.get()
    question = instrument_service.add_question(
        user=admin, version=version, text="Household size", qtype=Question.Type.NUMBER, required=True
    )
    instrument_service.publish_version(user=admin, version=version)
    for status in ("preparation", "data_collection"):
        assessment_service.transition_assessment(user=admin, assessment=assessment, to_status=status)
    session = instrument_service.create_session(user=admin, assessment=assessment, version=version, title="Day 1")
    instrument_service.open_session(user=admin, session=session)
    participant = participant_service.register_participant(
        user=admin,
        assessment=assessment,
        name="Amina Hadjiri",
        sex=Participant.Sex.FEMALE,
        community=barangay,
        consent_method=Participant.ConsentMethod.WRITTEN,
    )
    response = response_service.save_response(
        user=admin, session=session, participant=participant, answers={str(question.pk): "6"}, submit=True
    )
    need = need_service.create_need(
        user=admin,
        assessment=assessment,
        title="Clean water",
        description="No clean water in the dry season",
        category="wash",
        severity=4,
        urgency=4,
        feasibility=3,
        affected_communities=[barangay],
        evidence_responses=[response],
    )
    seed_coordination(admin, municipality, communities[0])
    seed_policies(admin, municipality, need)
    from ai_assistant.services import chat

    chat.ask(user=admin, question="How many OBCs are in Zamboanga del Norte?")  # the offline engine (no key)


def seed_policies(admin, municipality, need) -> None:
    """A draft recommendation citing the MANA need, and a national one citing an external source."""
    from policies import services

    local = services.create_recommendation(
        user=admin, areas=[municipality], title="Water system for the contract OBC", rec_type="program",
        category="social", sector="wash", scope_level="municipal", problem="No clean water in the dry season.",
        proposed_action="Build a level II water system.", budget_amount="1500000.00", fiscal_year=2027,
        importance=4, urgency=4,
    )  # fmt: skip
    services.add_evidence(user=admin, recommendation=local, kind="need", target=need, reliability="B",
                          statement="The MANA ranked clean water first.")  # fmt: skip
    national = services.create_recommendation(
        user=admin, title="OBC desk in every ministry", rec_type="policy", category="rights",
        sector="governance", scope_level="national", problem="Ministries lack OBC focal persons.",
        proposed_action="Designate an OBC desk.", importance=5, urgency=3,
    )  # fmt: skip
    services.add_evidence(
        user=admin, recommendation=national, kind="external", source_title="OOBC annual report", source_author="OOBC",
        source_year=2025, statement="Few ministries have OBC desks.",
    )  # fmt: skip


def seed_coordination(admin, municipality, community) -> None:
    """An organization, an agreement with its parties and a signatory, an engagement with feedback, a
    commitment and an action item: records for the coordination endpoints' reads and writes."""
    import datetime as dt

    from django.utils import timezone

    from coordination import services
    from coordination.models import Engagement, OrganizationType, Partnership, PartnershipParty

    oobc = services.create_organization(
        user=admin, name="Office for Other Bangsamoro Communities", acronym="OOBC", org_type=OrganizationType.BMOA,
        is_nationwide=True,
    )  # fmt: skip
    cso = services.create_organization(
        user=admin, name="Contract Women's Association", acronym="CWA", org_type=OrganizationType.CSO,
        areas=[municipality], sectors=["livelihood"],
    )  # fmt: skip
    today = timezone.localdate()
    partnership = services.create_partnership(
        user=admin, kind=Partnership.Kind.MOA, title="Contract MOA", areas=[municipality],
        effective_date=today, expiry_date=today + dt.timedelta(days=365),
        parties=[(oobc, PartnershipParty.Role.LEAD), (cso, PartnershipParty.Role.PARTNER)],
    )  # fmt: skip
    services.add_signatory(user=admin, partnership=partnership, name="Contract Signatory", organization=cso)
    engagement = services.create_engagement(
        user=admin, place=municipality, kind=Engagement.Kind.CONSULTATION, title="Contract consultation",
        starts_at=timezone.now() + dt.timedelta(days=3), organizations=[cso], communities=[community],
    )  # fmt: skip
    services.add_feedback(user=admin, engagement=engagement, topic="Water", sentiment="concern")
    services.add_commitment(user=admin, engagement=engagement, description="Send the list", organization=cso)
    services.create_action_item(
        user=admin, engagement=engagement, title="Follow up", owner=admin, due_date=today + dt.timedelta(days=7)
    )


# --- the run --------------------------------------------------------------------------------------
def wait_http(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - loopback URL built here
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"timed out waiting for {url}")


def post_json(url: str, payload: dict) -> dict:
    request = urllib.request.Request(  # noqa: S310 - loopback URL built here
        url, data=json.dumps(payload).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return json.load(response)


def fetch(url: str, token: str) -> bytes:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
        return response.read()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=25)
    # One schemathesis worker: with two, CPython 3.11's compile() in hypothesis' threads can fail
    # ("AST constructor recursion depth mismatch"), a runtime error of the tool, not of the API.
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--server-workers", type=int, default=2)
    parser.add_argument("--max-time", type=int, default=150, help="schemathesis time budget, seconds")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, database)")
    parser.add_argument("--report-dir", help="write JUnit and NDJSON reports here")
    parser.add_argument("extra", nargs="*", help="passed to schemathesis run (after --)")
    parser.add_argument("--seed-only", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.seed_only:
        seed(args.seed_only)
        return 0

    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="obcms-contract-"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    password = secrets.token_urlsafe(18)
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "CACHE_REDIS_URL", "LOG_FILE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="api_contract_settings",
        PYTHONPATH=str(Path(__file__).parent),
        DEBUG="False",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="False",
        DATA_DIR=str(work / "data"),
        MEDIA_ROOT=str(work / "data" / "media"),
        STATIC_ROOT=str(work / "static"),
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY=str(args.server_workers),
        GUNICORN_TIMEOUT="60",
        LOG_LEVEL="WARNING",
        # The run measures the contract, not the throttle: schemathesis sends a few thousand requests
        # as one user. The 429 answer itself is documented in the schema.
        API_THROTTLE_USER="100000/min",
        API_THROTTLE_ANON="100000/min",
    )
    python = sys.executable
    server = None
    try:
        say(f"seeding {work}")
        subprocess.run(  # noqa: S603 - this script, with a password it made
            [python, __file__, "--seed-only", password], env=env, cwd=SRC, check=True, timeout=300
        )
        say(f"gunicorn on {base}")
        log = (work / "gunicorn.log").open("w")
        server = subprocess.Popen(  # noqa: S603 - gunicorn from this venv
            [python, "-m", "gunicorn", "--config", str(ROOT / "gunicorn.conf.py"), "obc_management.wsgi:application"],
            env=env,
            cwd=SRC,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_http(f"{base}/health/", 60)
        token = post_json(f"{base}/api/v1/auth/token/", {"username": ADMIN, "password": password})["access"]
        schema = work / "openapi.json"
        schema.write_bytes(fetch(f"{base}/api/v1/schema/?format=json", token))
        command = [
            str(Path(python).with_name("schemathesis")),
            "--config-file",
            str(CONFIG),
            "run",
            str(schema),
            "--url",
            base,
            "--checks",
            "all",
            "--max-examples",
            str(args.max_examples),
            "--workers",
            str(args.workers),
            "--max-time",
            str(args.max_time),
            "--seed",
            str(args.seed),
            "--request-timeout",
            "30",
        ]
        if args.report_dir:
            command += ["--report", "junit,ndjson", "--report-dir", args.report_dir]
        command += args.extra
        say(" ".join(command))
        run_env = {
            **env,
            "SCHEMATHESIS_HOOKS": HOOKS.stem,
            "CONTRACT_BASE_URL": base,
            "CONTRACT_USER": ADMIN,
            "CONTRACT_PASSWORD": password,
        }
        result = subprocess.run(  # noqa: S603 - schemathesis from this venv
            command, env=run_env, cwd=work, timeout=args.max_time + 120, check=False
        )
        say(f"schemathesis exit {result.returncode} after {time.monotonic() - started:.0f} s in all")
        errors = [line for line in (work / "gunicorn.log").read_text().splitlines() if "Traceback" in line]
        if errors:
            say(f"gunicorn logged {len(errors)} traceback(s); see {work / 'gunicorn.log'}")
        return result.returncode or (1 if errors else 0)
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        if args.keep:
            say(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
