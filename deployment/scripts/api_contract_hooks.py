"""schemathesis hooks for deployment/scripts/api_contract.py: a JWT for every request, renewed
well before the access token expires (SIMPLE_JWT's default lifetime is 5 minutes)."""

import json
import os
import urllib.request

import schemathesis


@schemathesis.auth(refresh_interval=120)
class JWTAuth:
    def get(self, case, ctx):
        request = urllib.request.Request(  # noqa: S310 - loopback URL set by api_contract.py
            f"{os.environ['CONTRACT_BASE_URL']}/api/v1/auth/token/",
            data=json.dumps(
                {"username": os.environ["CONTRACT_USER"], "password": os.environ["CONTRACT_PASSWORD"]}
            ).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return json.load(response)["access"]

    def set(self, case, data, ctx):
        case.headers = case.headers or {}
        case.headers["Authorization"] = f"Bearer {data}"
