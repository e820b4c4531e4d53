"""Sign-in abuse: lock by username and by address separately, growing delays, attempts left, unlocking,
trusted-proxy client address, rate-limited password-reset e-mails."""

from datetime import timedelta

import time_machine
from axes.models import AccessAttempt
from django.core import mail
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse

from common.signin.lockout import client_ip
from common.tests import personas

LIMIT = 5


def attempt(username, password="wrong-password", address="203.0.113.10", client=None, **extra):
    client = client or Client()
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address, **extra)


def test_failures_from_one_address_do_not_lock_other_users_behind_the_same_proxy(officer_ix, officer_xii):
    for _ in range(LIMIT):
        attempt("officer_ix", address="10.0.0.1")
    assert attempt("officer_ix", personas.PASSWORD, address="10.0.0.1").status_code == 429
    colleague = attempt("officer_xii", personas.PASSWORD, address="10.0.0.1")
    assert colleague.status_code == 302


def test_guesses_spread_over_many_addresses_still_lock_the_username(officer_ix):
    for number in range(LIMIT):
        attempt("officer_ix", address=f"198.51.100.{number + 1}")
    locked = attempt("officer_ix", personas.PASSWORD, address="198.51.100.200")
    assert locked.status_code == 429
    assert b"For this account" in locked.content


def test_many_usernames_from_one_address_lock_the_address(officer_ix, settings):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 8
    for number in range(8):
        attempt(f"guess{number}", address="192.0.2.50")
    assert attempt("officer_ix", personas.PASSWORD, address="192.0.2.50").status_code == 429
    assert attempt("officer_ix", personas.PASSWORD, address="192.0.2.51").status_code == 302


def test_sign_in_page_says_how_many_attempts_are_left(officer_ix):
    client = Client()
    first = attempt("officer_ix", client=client)
    assert first.status_code == 200
    assert b"4 attempts left" in first.content
    for _ in range(2):
        attempt("officer_ix", client=client)
    assert b"1 attempt left" in attempt("officer_ix", client=client).content


def test_unknown_usernames_get_the_same_attempts_left_message(db):
    assert b"4 attempts left" in attempt("nobody-has-this-name").content


def test_lock_grows_with_repeated_failures_and_expires(officer_ix):
    with time_machine.travel("2026-12-01 09:00:00+08:00", tick=False) as clock:
        for _ in range(LIMIT):
            attempt("officer_ix")
        first = attempt("officer_ix", personas.PASSWORD)
        assert first.status_code == 429 and b"15 minutes" in first.content
        clock.shift(timedelta(minutes=16))
        for _ in range(LIMIT):  # the earlier lock expired; five more wrong passwords lock it for longer
            attempt("officer_ix")
        second = attempt("officer_ix", personas.PASSWORD)
        assert second.status_code == 429 and b"30 minutes" in second.content
        clock.shift(timedelta(minutes=20))
        assert attempt("officer_ix", personas.PASSWORD).status_code == 429  # still locked after 20 min
        clock.shift(timedelta(minutes=31))  # a try during the lock restarts it
        assert attempt("officer_ix", personas.PASSWORD).status_code == 302


def test_successful_sign_in_does_not_clear_other_usernames_guessed_from_the_same_address(officer_ix, officer_xii):
    for _ in range(LIMIT - 1):
        attempt("officer_ix", address="10.0.0.9")
    assert attempt("officer_xii", personas.PASSWORD, address="10.0.0.9").status_code == 302
    attempt("officer_ix", address="10.0.0.9")
    assert attempt("officer_ix", personas.PASSWORD, address="10.0.0.9").status_code == 429


def test_administrator_unlocks_a_user_from_the_admin(officer_ix, administrator):
    for _ in range(LIMIT):
        attempt("officer_ix")
    admin = Client()
    admin.force_login(administrator)
    response = admin.post(
        reverse("admin:common_user_changelist"),
        {"action": "unlock_sign_in", "_selected_action": [officer_ix.pk]},
        follow=True,
    )
    assert b"Unlocked 1 user" in response.content
    assert attempt("officer_ix", personas.PASSWORD).status_code == 302


def test_officer_cannot_unlock_from_the_admin(officer_ix, officer_xii):
    for _ in range(LIMIT):
        attempt("officer_xii")
    client = Client()
    client.force_login(officer_ix)
    client.post(reverse("admin:common_user_changelist"), {"action": "unlock_sign_in", "_selected_action": [1]})
    assert AccessAttempt.objects.filter(username="officer_xii").exists()


def test_axes_reset_command_unlocks_everyone(officer_ix):
    for _ in range(LIMIT):
        attempt("officer_ix")
    call_command("axes_reset")
    assert attempt("officer_ix", personas.PASSWORD).status_code == 302


def test_client_address_comes_from_the_proxy_header_only_when_trusted(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.1.5", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.1.5"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.9"  # what our proxy saw, not what the client claimed
    bare = RequestFactory().get("/", REMOTE_ADDR="10.0.1.5")
    assert client_ip(bare) == "10.0.1.5"


def test_lock_by_address_behind_a_trusted_proxy_uses_the_forwarded_address(officer_ix, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for number in range(LIMIT):
        attempt("officer_ix", address="10.0.1.5", HTTP_X_FORWARDED_FOR=f"203.0.113.{number}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {f"203.0.113.{n}" for n in range(5)}


def reset(email, address="203.0.113.20"):
    return Client().post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


def test_password_reset_emails_are_limited_per_account_without_revealing_accounts(officer_ix, settings):
    officer_ix.email = "officer@example.gov.ph"
    officer_ix.save()
    answers = [reset("officer@example.gov.ph", address=f"198.51.100.{n}") for n in range(4)]
    assert [a.status_code for a in answers] == [302, 302, 302, 200]
    assert len(mail.outbox) == 3
    assert b"Too many password-reset requests" in answers[-1].content
    stranger = [reset("nobody@example.gov.ph", address=f"198.51.100.{n}") for n in range(4)]
    assert [a.status_code for a in stranger] == [302, 302, 302, 200]  # same answers: no enumeration
    assert b"nobody@example.gov.ph" in stranger[-1].content  # what was typed is kept


def test_password_reset_emails_are_limited_per_address(db, settings):
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 3
    answers = [reset(f"person{n}@example.gov.ph", address="192.0.2.9") for n in range(4)]
    assert [a.status_code for a in answers] == [302, 302, 302, 200]
    assert reset("person9@example.gov.ph", address="192.0.2.10").status_code == 302


def test_api_token_guesses_count_towards_the_same_username_lock(officer_ix):
    from rest_framework.test import APIClient

    api = APIClient(REMOTE_ADDR="198.51.100.77")
    url = reverse("auth:token_obtain_pair")
    for _ in range(LIMIT):
        assert api.post(url, {"username": "officer_ix", "password": "wrong"}, format="json").status_code == 401
    assert api.post(url, {"username": "officer_ix", "password": personas.PASSWORD}, format="json").status_code in (
        401,
        429,
    )
    assert attempt("officer_ix", personas.PASSWORD, address="198.51.100.78").status_code == 429
