import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from common.access import ADMINISTRATOR
from common.models import User


def run(name):
    out = io.StringIO()
    call_command(name, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_ensure_admin_creates_one_administrator_and_prints_the_password_once(monkeypatch):
    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD", raising=False)
    monkeypatch.delenv("DJANGO_SUPERUSER_USERNAME", raising=False)
    output = run("ensure_admin")
    password = next(line.split(": ", 1)[1] for line in output.splitlines() if "password:" in line)
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password(password)
    assert admin.groups.filter(name=ADMINISTRATOR).exists()
    again = run("ensure_admin")
    assert "already exists" in again and password not in again
    assert User.objects.filter(is_superuser=True).count() == 1


@pytest.mark.django_db
def test_ensure_admin_uses_the_environment_when_given(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "oobc-admin")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-chosen-passphrase")
    output = run("ensure_admin")
    assert "a-long-chosen-passphrase" not in output
    assert User.objects.get(username="oobc-admin").check_password("a-long-chosen-passphrase")


@pytest.mark.django_db
def test_setup_roles_command_reports_each_role():
    Group.objects.all().delete()
    output = run("setup_roles")
    assert Group.objects.count() == 5
    assert "Partner Viewer" in output and "Roles are up to date" in output


@pytest.mark.django_db
def test_if_empty_skips_a_loaded_hierarchy():
    out = io.StringIO()
    call_command("populate_administrative_hierarchy", "--if-empty", stdout=out)
    assert "already loaded" in out.getvalue()
