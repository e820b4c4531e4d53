import re

import pytest
from django.core import mail
from django.urls import reverse

from common.tests import personas

pytestmark = pytest.mark.django_db


def test_start_page_requires_sign_in(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_sign_in_and_out(client, officer_ix):
    page = client.get(reverse("login"))
    assert page.status_code == 200 and b"Sign in to OBCMS" in page.content
    response = client.post(reverse("login"), {"username": "officer_ix", "password": personas.PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_wrong_password_keeps_the_username_and_says_why(client, officer_ix):
    response = client.post(reverse("login"), {"username": "officer_ix", "password": "nope"})
    assert response.status_code == 200
    assert b"Please enter a correct username and password" in response.content
    assert b'value="officer_ix"' in response.content


def test_start_page_shows_real_coverage_figures(client, officer_ix):
    from common.models import Barangay, Municipality

    client.force_login(officer_ix)
    html = client.get(reverse("home")).content.decode()
    barangays = Barangay.objects.filter(municipality__province__region__code__in=personas.TEST_REGION_CODES).count()
    municipalities = (
        Municipality.objects.for_cascade().filter(province__region__code__in=personas.TEST_REGION_CODES).count()
    )
    assert re.search(rf'data-figure="barangays">{barangays:,}<', html)
    assert re.search(rf'data-figure="municipalities">{municipalities:,}<', html)
    assert 'data-figure="regions">2<' in html
    assert "Region IX (Zamboanga Peninsula)" in html


def test_navigation_links_every_built_module(client, officer_ix):
    client.force_login(officer_ix)
    html = client.get(reverse("home")).content.decode()
    assert 'href="/assistant/">AI assistant<' in html and "Not built yet" not in html
    assert 'href="/coordination/">Coordination<' in html
    assert 'href="/policies/">Policies<' in html


def test_password_change(client, officer_ix):
    client.force_login(officer_ix)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": personas.PASSWORD,
            "new_password1": "a-new-long-passphrase",
            "new_password2": "a-new-long-passphrase",
        },
    )
    assert response.status_code == 302
    officer_ix.refresh_from_db()
    assert officer_ix.check_password("a-new-long-passphrase")


def test_password_reset_sends_a_link(client, officer_ix):
    response = client.post(reverse("password_reset"), {"email": officer_ix.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body


def test_custom_404_page(client, officer_ix, settings):
    settings.DEBUG = False
    client.force_login(officer_ix)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_admin_is_for_staff_only(client, officer_ix, administrator):
    client.force_login(officer_ix)
    assert client.get(reverse("admin:index")).status_code == 302
    client.force_login(administrator)
    assert client.get(reverse("admin:common_barangay_changelist")).status_code == 200
    assert client.get(reverse("admin:common_user_changelist")).status_code == 200


def test_static_assets_are_local(client, officer_ix):
    client.force_login(officer_ix)
    html = client.get(reverse("home")).content.decode()
    assert "/static/vendor/bootstrap/bootstrap.min.css" in html
    assert "htmx" in html
    assert "cdn" not in html.lower()


def test_repeated_wrong_passwords_lock_the_account_out(client, officer_ix, settings):
    for _ in range(settings.AXES_USERNAME_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "officer_ix", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "officer_ix", "password": personas.PASSWORD})
    assert response.status_code == 429
    assert client.get(reverse("home")).status_code == 302
    assert b"Too many failed sign-ins" in response.content
