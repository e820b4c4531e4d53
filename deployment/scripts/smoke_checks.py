"""HTTP checks of the smoke test against a running OBCMS (gunicorn, production settings).

    python smoke_checks.py BASE_URL PHASE [--username U --password P]

PHASE ``main``: health, readiness (database, migrations, cache, broker), HTTPS redirect, security
headers, static files from whitenoise (hashed names, far-future caching, gzip), sign-in through the real
form with CSRF, the JWT API. ``redis-down``: pages and API still answer, /ready/ reports cache and
broker. ``redis-back``: /ready/ is green again. Standard library only; cookies are handled by hand
because the session and CSRF cookies are Secure (we speak plain HTTP to gunicorn, with
X-Forwarded-Proto: https as Coolify's proxy sends).
"""

import argparse
import http.client
import json
import re
import sys
import time
from urllib.parse import urlencode, urlsplit

FORWARDED = {"X-Forwarded-Proto": "https"}
results: list[tuple[str, bool, str]] = []


class Client:
    def __init__(self, base: str):
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port or 80
        self.origin = f"https://{parts.hostname}:{self.port}"
        self.cookies: dict[str, str] = {}

    def request(self, method, path, *, body=None, headers=None, proxy=True, timeout=15):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        all_headers = {**(FORWARDED if proxy else {}), **(headers or {})}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn.request(method, path, body=body, headers=all_headers)
        response = conn.getresponse()
        data = response.read()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        conn.close()
        return response, data


def check(name: str):
    def decorator(fn):
        started = time.perf_counter()
        try:
            detail = fn() or ""
        except Exception as exc:  # every failure is reported, then the run fails
            results.append((name, False, f"{type(exc).__name__}: {exc}"))
            print(f"FAIL {name}: {type(exc).__name__}: {exc}", flush=True)
        else:
            ms = (time.perf_counter() - started) * 1000
            results.append((name, True, detail))
            print(f"ok   {name} ({ms:.0f} ms){': ' + detail if detail else ''}", flush=True)
        return fn

    return decorator


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def _sign_in(web, username, password):
    _, data = web.request("GET", "/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', data.decode()).group(1)
    response, _ = web.request(
        "POST",
        "/accounts/login/",
        body=urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token, "next": "/"}),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": web.origin,
            "Referer": f"{web.origin}/accounts/login/",
        },
    )
    expect(response.status == 302 and response.getheader("Location") == "/", f"sign-in {response.status}")


def _csrf_post(web, path, fields):
    _, data = web.request("GET", path)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', data.decode()).group(1)
    body = urlencode({**fields, "csrfmiddlewaretoken": token}, doseq=True)
    return web.request(
        "POST",
        path,
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": web.origin,
            "Referer": web.origin + path,
        },
    )


def phase_main(base, username, password):
    web = Client(base)

    @check("/health/ answers 200 with a request id, without TLS and for any Host")
    def _():
        response, data = web.request("GET", "/health/", proxy=False, headers={"Host": "10.0.0.9:8000"})
        expect(response.status == 200 and json.loads(data) == {"status": "ok"}, f"{response.status} {data[:200]}")
        expect(re.fullmatch(r"[0-9a-f]{32}", response.getheader("X-Request-ID") or ""), "no X-Request-ID")
        return f"X-Request-ID {response.getheader('X-Request-ID')}"

    @check("/ready/ answers 200: database, migrations, cache and broker")
    def _():
        response, data = web.request("GET", "/ready/", proxy=False)
        body = json.loads(data)
        expect(response.status == 200, f"{response.status} {body}")
        expect(set(body["checks"]) == {"database", "migrations", "cache", "broker"}, body)
        return ", ".join(f"{k} {v['ms']} ms" for k, v in body["checks"].items())

    @check("plain HTTP is redirected to HTTPS (production settings)")
    def _():
        response, _ = web.request("GET", "/accounts/login/", proxy=False)
        expect(response.status == 301, response.status)
        expect(response.getheader("Location").startswith("https://"), response.getheader("Location"))

    login_page = {}

    @check("sign-in page: security headers (HSTS, CSP, nosniff, frame DENY)")
    def _():
        response, data = web.request("GET", "/accounts/login/")
        expect(response.status == 200, response.status)
        login_page["html"] = data.decode()
        expect("max-age=31536000" in (response.getheader("Strict-Transport-Security") or ""), "no HSTS")
        expect("script-src 'self'" in (response.getheader("Content-Security-Policy") or ""), "no CSP")
        expect(response.getheader("X-Content-Type-Options") == "nosniff", "no nosniff")
        expect(response.getheader("X-Frame-Options") == "DENY", "no X-Frame-Options")

    @check("static files: hashed manifest names served by whitenoise, cached for a year, gzip")
    def _():
        paths = re.findall(r'(?:href|src)="(/static/[^"]+)"', login_page["html"])
        # Every static path is a hashed manifest name (stylesheets, scripts, the favicon); text assets are gzipped.
        hashed = [p for p in paths if re.search(r"\.[0-9a-f]{12}\.[a-z0-9]+$", p)]
        expect(hashed and len(hashed) == len(paths), f"unhashed static paths: {paths}")
        details = []
        for path in hashed:
            response, _ = web.request("GET", path, headers={"Accept-Encoding": "gzip"})
            expect(response.status == 200, f"{path}: {response.status}")
            cache_control = response.getheader("Cache-Control") or ""
            expect("max-age=315360000" in cache_control and "immutable" in cache_control, cache_control)
            if path.endswith((".css", ".js")):
                expect(response.getheader("Content-Encoding") == "gzip", f"{path} not gzipped")
            details.append(path.rsplit("/", 1)[1])
        return ", ".join(details)

    @check("sign-in through the real form with its CSRF token")
    def _():
        expect('name="csrfmiddlewaretoken"' in login_page["html"], "no CSRF token in the form")
        expect("csrftoken" in web.cookies, "no CSRF cookie")
        refused, _ = web.request(
            "POST",
            "/accounts/login/",
            body=urlencode({"username": username, "password": password}),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Origin": web.origin},
        )
        expect(refused.status == 403, f"a POST without the CSRF token was not refused: {refused.status}")
        _sign_in(web, username, password)
        expect("sessionid" in web.cookies, "no session cookie")
        home, data = web.request("GET", "/")
        expect(home.status == 200 and username in data.decode(), f"home {home.status}")
        return "302 -> / and the home page greets the user"

    @check("JWT API: obtain a token, list regions; anonymous is refused")
    def _():
        api = Client(base)
        anonymous, _ = api.request("GET", "/api/v1/locations/regions/")
        expect(anonymous.status == 401, f"anonymous got {anonymous.status}")
        response, data = api.request(
            "POST",
            "/api/v1/auth/token/",
            body=json.dumps({"username": username, "password": password}),
            headers={"Content-Type": "application/json"},
        )
        expect(response.status == 200, f"token {response.status} {data[:200]}")
        access = json.loads(data)["access"]
        regions, data = api.request("GET", "/api/v1/locations/regions/", headers={"Authorization": f"Bearer {access}"})
        expect(regions.status == 200, f"regions {regions.status}")
        codes = [r["code"] for r in json.loads(data)]
        expect("0900000000" in codes, codes)
        return f"{len(codes)} region(s): {', '.join(codes)}"


ALIGUAY, DAPITAN, REGION_IX = "0907201001", "0907201000", "0900000000"


def phase_communities(base, username, password):
    """The plan's smoke test of the "Add Barangay OBC" form, the API with a JWT, and an export job."""
    web = Client(base)
    _sign_in(web, username, password)

    @check("Add Barangay OBC: the cascade's barangay level carries the census total (Aliguay 601)")
    def _():
        response, data = web.request("GET", "/communities/barangays/add/")
        expect(response.status == 200, response.status)
        page = data.decode()
        # The shared place picker (common/places) loads each level lazily from the location API.
        lazy = "data-place-picker" in page and 'data-api="/api/v1/locations/"' in page
        expect(lazy, "the form does not load the cascade lazily")
        response, data = web.request("GET", f"/api/v1/locations/municipalities/{DAPITAN}/barangays/?scope=mine")
        aliguay = next(b for b in json.loads(data) if b["code"] == ALIGUAY)
        expect(aliguay["population"] == 601, aliguay)
        return f"{aliguay['name']}: {aliguay['population']}"

    created = {}

    @check("Add Barangay OBC: submit through the page (forged total ignored), read the profile back")
    def _():
        response, _ = _csrf_post(
            web,
            "/communities/barangays/add/",
            {
                "barangay": ALIGUAY,
                "purok_sitio": "Purok Smoke",
                "estimated_obc_population": "250",
                "households": "50",
                "primary_ethnolinguistic_group": "sama",
                "primary_livelihood": "fishing",
                "total_barangay_population": "999999",
            },
        )
        expect(response.status == 302, f"form answered {response.status}")
        location = response.getheader("Location")
        page, data = web.request("GET", location)
        html = data.decode()
        obc_id = re.search(r"data-obc-id[^>]*>([^<]+)<", html).group(1).strip()
        expect(page.status == 200 and "Aliguay" in html and "Purok Smoke" in html, "profile page")
        expect("999999" not in html and "601" in html, "the census total was not enforced")
        created["obc_id"] = obc_id
        return f"{obc_id} at {location}"

    @check("API with a JWT: create a community, read it back, find the page's record in the list")
    def _():
        api = Client(base)
        response, data = api.request(
            "POST",
            "/api/v1/auth/token/",
            body=json.dumps({"username": username, "password": password}),
            headers={"Content-Type": "application/json"},
        )
        auth = {"Authorization": f"Bearer {json.loads(data)['access']}", "Content-Type": "application/json"}
        response, data = api.request(
            "POST",
            "/api/v1/communities/",
            headers=auth,
            body=json.dumps(
                {
                    "barangay": ALIGUAY,
                    "purok_sitio": "Sitio API",
                    "estimated_obc_population": 120,
                    "primary_ethnolinguistic_group": "tausug",
                    "total_barangay_population": 5,
                }
            ),
        )
        expect(response.status == 201, f"create {response.status} {data[:300]}")
        body = json.loads(data)
        expect(body["total_barangay_population"] == 601, body)
        response, data = api.request("GET", f"/api/v1/communities/{body['id']}/", headers=auth)
        expect(response.status == 200 and json.loads(data)["obc_id"] == body["obc_id"], f"read back {response.status}")
        response, data = api.request("GET", "/api/v1/communities/?q=Purok%20Smoke", headers=auth)
        listed = [row["obc_id"] for row in json.loads(data)["results"]]
        expect(created.get("obc_id") in listed, f"{created} not in {listed}")
        return f"{body['obc_id']} created; {created.get('obc_id')} listed"

    @check("export job: the area report runs on the Celery worker and its PDF downloads")
    def _():
        response, _ = _csrf_post(web, "/communities/reports/area/", {"region": REGION_IX})
        expect(response.status == 302, f"report request answered {response.status}")
        job_url = response.getheader("Location")
        deadline = time.monotonic() + 60
        while True:
            _, data = web.request("GET", job_url)
            html = data.decode()
            expect('data-status="failed"' not in html, "the job failed")
            match = re.search(r'href="(/jobs/\d+/download/)"', html)
            if match:
                break
            expect(time.monotonic() < deadline, "the job did not finish within 60 s")
            time.sleep(1)
        response, pdf = web.request("GET", match.group(1))
        expect(response.status == 200 and pdf.startswith(b"%PDF"), f"download {response.status} {pdf[:8]!r}")
        return f"{job_url} -> {len(pdf):,} bytes of PDF"


def phase_redis_down(base, username, password):
    web = Client(base)

    @check("Redis down: /health/ still 200")
    def _():
        response, _ = web.request("GET", "/health/", proxy=False)
        expect(response.status == 200, response.status)

    @check("Redis down: pages still serve (cache fails soft)")
    def _():
        started = time.perf_counter()
        response, _ = web.request("GET", "/accounts/login/")
        expect(response.status == 200, response.status)
        return f"sign-in page 200 in {(time.perf_counter() - started) * 1000:.0f} ms"

    @check("Redis down: the JWT API still answers")
    def _():
        response, data = web.request(
            "POST",
            "/api/v1/auth/token/",
            body=json.dumps({"username": username, "password": password}),
            headers={"Content-Type": "application/json"},
        )
        expect(response.status == 200, f"token {response.status}")
        access = json.loads(data)["access"]
        regions, _ = web.request("GET", "/api/v1/locations/regions/", headers={"Authorization": f"Bearer {access}"})
        expect(regions.status == 200, regions.status)

    @check("Redis down: /ready/ answers 503 and names cache and broker")
    def _():
        response, data = web.request("GET", "/ready/", proxy=False)
        body = json.loads(data)
        expect(response.status == 503, f"{response.status} {body}")
        expect(not body["checks"]["cache"]["ok"] and not body["checks"]["broker"]["ok"], body)
        expect(body["checks"]["database"]["ok"], body)
        return f"cache: {body['checks']['cache']['error'][:60]}"


def phase_redis_back(base, username, password):
    web = Client(base)

    @check("Redis back: /ready/ returns to 200 within 30 s")
    def _():
        deadline = time.monotonic() + 30
        while True:
            response, data = web.request("GET", "/ready/", proxy=False)
            if response.status == 200:
                return "ready"
            expect(time.monotonic() < deadline, f"still {response.status}: {data[:300]}")
            time.sleep(1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("phase", choices=["main", "communities", "redis-down", "redis-back"])
    parser.add_argument("--username", default="")
    parser.add_argument("--password", default="")
    args = parser.parse_args()
    phases = {
        "main": phase_main,
        "communities": phase_communities,
        "redis-down": phase_redis_down,
        "redis-back": phase_redis_back,
    }
    phases[args.phase](args.base, args.username, args.password)
    failed = [name for name, ok, _ in results if not ok]
    print(f"{args.phase}: {len(results) - len(failed)} passed, {len(failed)} failed", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
