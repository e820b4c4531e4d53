"""Sessions and refresh tokens end: password change/reset, deactivation, sign-out; absolute token age."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from rest_framework.test import APIClient

from common.tests import personas

NEW_PASSWORD = "a-new-long-passphrase-2026"


def web_sign_in(username: str) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": personas.PASSWORD})
    assert response.status_code == 302, response.content[:500]
    return client


def api_tokens(username: str, password: str = personas.PASSWORD) -> dict:
    response = APIClient().post(
        reverse("auth:token_obtain_pair"), {"username": username, "password": password}, format="json"
    )
    assert response.status_code == 200, response.content
    return response.json()


def refresh(token: str):
    return APIClient().post(reverse("auth:token_refresh"), {"refresh": token}, format="json")


def is_signed_in(client: Client) -> bool:
    return client.get(reverse("home")).status_code == 200


def test_password_change_ends_other_sessions_and_tokens_but_keeps_the_current_page(officer_ix):
    here, elsewhere = web_sign_in("officer_ix"), web_sign_in("officer_ix")
    tokens = api_tokens("officer_ix")
    response = here.post(
        reverse("password_change"),
        {"old_password": personas.PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert is_signed_in(here)
    assert not is_signed_in(elsewhere)
    assert refresh(tokens["refresh"]).status_code == 401
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    assert api.get(reverse("locations:regions")).status_code == 401


def test_password_reset_ends_every_session_and_token(officer_ix):
    signed_in = web_sign_in("officer_ix")
    tokens = api_tokens("officer_ix")
    officer_ix.refresh_from_db()
    uid = urlsafe_base64_encode(force_bytes(officer_ix.pk))
    token = default_token_generator.make_token(officer_ix)
    client = Client()
    form_url = client.get(reverse("password_reset_confirm", args=[uid, token]))["Location"]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_complete")
    assert not is_signed_in(signed_in)
    assert refresh(tokens["refresh"]).status_code == 401


def test_deactivating_a_user_ends_their_sessions_and_tokens(officer_ix, officer_xii):
    target, bystander = web_sign_in("officer_ix"), web_sign_in("officer_xii")
    tokens, bystander_tokens = api_tokens("officer_ix"), api_tokens("officer_xii")
    officer_ix.is_active = False
    officer_ix.save()
    assert not Session.objects.filter(session_key=target.session.session_key).exists()
    assert refresh(tokens["refresh"]).status_code == 401
    assert is_signed_in(bystander)
    assert refresh(bystander_tokens["refresh"]).status_code == 200


def test_saving_a_user_without_changes_keeps_their_sessions(officer_ix):
    client = web_sign_in("officer_ix")
    officer_ix.position = "Planning officer"
    officer_ix.save()
    assert is_signed_in(client)


def test_signing_out_ends_the_users_other_sessions_and_refresh_tokens(officer_ix, officer_xii):
    here, elsewhere, bystander = web_sign_in("officer_ix"), web_sign_in("officer_ix"), web_sign_in("officer_xii")
    tokens = api_tokens("officer_ix")
    assert here.post(reverse("logout")).status_code == 302
    assert not is_signed_in(here) and not is_signed_in(elsewhere)
    assert refresh(tokens["refresh"]).status_code == 401
    assert is_signed_in(bystander)


def test_api_logout_blacklists_the_refresh_token_and_ends_other_sign_ins(officer_ix):
    browser = web_sign_in("officer_ix")
    tokens, other_device = api_tokens("officer_ix"), api_tokens("officer_ix")
    response = APIClient().post(reverse("auth:logout"), {"refresh": tokens["refresh"]}, format="json")
    assert response.status_code == 204
    assert refresh(tokens["refresh"]).status_code == 401
    assert refresh(other_device["refresh"]).status_code == 401
    assert not is_signed_in(browser)


def test_api_logout_refuses_a_forged_or_used_token(officer_ix):
    tokens = api_tokens("officer_ix")
    client = APIClient()
    assert client.post(reverse("auth:logout"), {"refresh": "not-a-token"}, format="json").status_code == 401
    assert client.post(reverse("auth:logout"), {"refresh": tokens["refresh"]}, format="json").status_code == 204
    assert client.post(reverse("auth:logout"), {"refresh": tokens["refresh"]}, format="json").status_code == 401


def test_refresh_token_rotation_never_extends_past_the_absolute_lifetime(officer_ix, settings):
    settings.JWT_REFRESH_ABSOLUTE_HOURS = 24
    with time_machine.travel("2026-12-01 08:00:00+08:00", tick=False) as clock:
        token = api_tokens("officer_ix")["refresh"]
        for _ in range(5):  # rotate every 4 hours: each refresh is within the idle lifetime
            clock.shift(timedelta(hours=4))
            response = refresh(token)
            assert response.status_code == 200, response.content
            token = response.json()["refresh"]
        clock.shift(timedelta(hours=4, seconds=1))  # 24 h after the password was typed
        refused = refresh(token)
    assert refused.status_code == 401


def test_idle_session_expires_after_the_configured_hours_and_activity_extends_it(officer_ix, settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600  # the default for a government office
    with time_machine.travel("2026-12-01 08:00:00+08:00", tick=False) as clock:
        client = web_sign_in("officer_ix")
        clock.shift(timedelta(hours=7))
        assert is_signed_in(client)  # activity slides the expiry
        clock.shift(timedelta(hours=7))
        assert is_signed_in(client)
        clock.shift(timedelta(hours=8, minutes=1))
        assert not is_signed_in(client)


@pytest.mark.parametrize("hours", ["2", "0.5"])
def test_idle_hours_come_from_the_environment(hours):
    from common.tests.test_settings import run_python

    result = run_python(
        "import django; django.setup(); from django.conf import settings as s; print(s.SESSION_COOKIE_AGE)",
        SESSION_IDLE_HOURS=hours,
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) == int(float(hours) * 3600)
