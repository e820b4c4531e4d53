"""Locust users for the load and fault run (bench/load.py; not run on its own).

Each simulated officer signs in to the pages (session + CSRF) and to the API (JWT), then works
through a mix of what officers do: lists, profiles, the dashboard, the Add form, the location cascade,
API reads, and API writes (create a community, update one it created). Every request is logged with
its time, status and duration to ``$LOAD_OUT/requests-<pid>.csv``; every create answered 2xx is logged
to ``$LOAD_OUT/created-<pid>.csv`` so the run can check afterwards that none was lost.
"""

from __future__ import annotations

import csv
import itertools
import json
import os
import random
import re
import time
import uuid
from pathlib import Path

from locust import HttpUser, between, events, task

OUT = Path(os.environ["LOAD_OUT"])
FIXTURE = json.loads((OUT / "fixture.json").read_text())
USERS = itertools.cycle(FIXTURE["users"])
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

_rows: list[tuple] = []
_created: list[tuple] = []


@events.request.add_listener
def _log_request(request_type, name, response_time, response_length, response=None, exception=None, **kwargs):
    status = getattr(response, "status_code", 0) if response is not None else 0
    _rows.append((f"{time.time():.3f}", request_type, name, status, f"{response_time:.1f}", int(exception is not None)))


@events.test_stop.add_listener
def _write_logs(environment, **kwargs):
    with (OUT / f"requests-{os.getpid()}.csv").open("w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["t", "method", "name", "status", "ms", "exception"])
        writer.writerows(_rows)
    with (OUT / f"created-{os.getpid()}.csv").open("w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "obc_id", "purok_sitio", "status"])
        writer.writerows(_created)


class Officer(HttpUser):
    wait_time = between(0.5, 2.0)

    def on_start(self):
        self.account = next(USERS)
        self.mine: list[int] = []
        self.token = None
        self.sign_in()

    # --- signing in ----------------------------------------------------------------------------
    def sign_in(self):
        page = self.client.get("/accounts/login/", name="sign-in form")
        match = CSRF_INPUT.search(page.text or "")
        if match:
            self.client.post(
                "/accounts/login/",
                data={
                    "username": self.account["username"],
                    "password": self.account["password"],
                    "csrfmiddlewaretoken": match.group(1),
                },
                headers={"Referer": f"{self.host}/accounts/login/"},
                name="sign-in",
            )
        self.renew_token()

    def renew_token(self):
        with self.client.post(
            "/api/v1/auth/token/",
            json={"username": self.account["username"], "password": self.account["password"]},
            name="API token",
            catch_response=True,
        ) as response:
            if response.status_code == 200:
                self.token = response.json()["access"]
            else:
                response.failure(f"token: {response.status_code}")

    def api(self, method, url, name, **kwargs):
        headers = {"Authorization": f"Bearer {self.token}", **kwargs.pop("headers", {})}
        response = self.client.request(method, url, name=name, headers=headers, **kwargs)
        if response.status_code == 401:  # the access token expired (5 minutes)
            self.renew_token()
        return response

    # --- pages -----------------------------------------------------------------------------------
    @task(4)
    def list_page(self):
        self.client.get(f"/communities/barangays/?page={random.randint(1, FIXTURE['pages'])}", name="page: list")

    @task(3)
    def detail_page(self):
        self.client.get(f"/communities/barangays/{random.choice(FIXTURE['communities'])}/", name="page: profile")

    @task(2)
    def dashboard(self):
        self.client.get("/communities/", name="page: dashboard")

    @task(1)
    def add_form(self):
        self.client.get("/communities/barangays/add/", name="page: Add form")

    @task(2)
    def cascade(self):
        region = random.choice(FIXTURE["regions"])
        provinces = self.client.get(f"/api/v1/locations/regions/{region}/provinces/?scope=mine", name="cascade")
        if provinces.status_code != 200 or not provinces.json():
            return
        province = random.choice(provinces.json())["code"]
        towns = self.client.get(f"/api/v1/locations/provinces/{province}/municipalities/?scope=mine", name="cascade")
        if towns.status_code != 200 or not towns.json():
            return
        town = random.choice(towns.json())["code"]
        self.client.get(f"/api/v1/locations/municipalities/{town}/barangays/?scope=mine", name="cascade")

    # --- API -------------------------------------------------------------------------------------
    @task(3)
    def api_reads(self):
        self.api("GET", f"/api/v1/communities/?page={random.randint(1, FIXTURE['pages'])}", "API: list")
        self.api("GET", f"/api/v1/communities/{random.choice(FIXTURE['communities'])}/", "API: detail")

    @task(1)
    def api_create(self):
        purok = f"Load {uuid.uuid4().hex[:12]}"
        response = self.api(
            "POST",
            "/api/v1/communities/",
            "API: create",
            json={
                "barangay": random.choice(FIXTURE["barangays"]),
                "purok_sitio": purok,
                "estimated_obc_population": 1,
                "households": 1,
                "families": 1,
                "primary_ethnolinguistic_group": "tausug",
            },
        )
        if 200 <= response.status_code < 300:
            row = response.json()
            _created.append((row["id"], row["obc_id"], purok, response.status_code))
            self.mine.append(row["id"])

    @task(1)
    def api_update(self):
        if not self.mine:
            return
        pk = random.choice(self.mine)
        current = self.api("GET", f"/api/v1/communities/{pk}/", "API: detail")
        headers = {"If-Match": current.headers["ETag"]} if current.headers.get("ETag") else {}
        self.api(
            "PATCH",
            f"/api/v1/communities/{pk}/",
            "API: update",
            json={"challenges": f"Load run note {uuid.uuid4().hex[:8]}"},
            headers=headers,
        )
