"""Shared pytest fixtures: the test hierarchy (Regions IX and XII from the psgc package) and personas.

The hierarchy is loaded once per test session, outside any test transaction, so every test sees
it and none can lose it. Tests that flush the database (``transactional_db``, ``live_server``)
must use ``restore_geography`` so the tests after them still find it.
"""

import pytest
from django.core.cache import cache

from common.access import ADMINISTRATOR, EXECUTIVE, MANA_FACILITATOR, PARTNER_VIEWER, PROGRAM_OFFICER
from common.locations.search import reset_index
from common.models import Province, Region
from common.tests import personas
from common.tests.browser import DESKTOP, PHONE, browser_page
from common.tests.factories import UserFactory


def _load_test_geography():
    from common.services.hierarchy import load_hierarchy
    from common.services.psgc_source import read_psgc_package

    load_hierarchy(read_psgc_package(), region_codes=personas.TEST_REGION_CODES)
    reset_index()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        _load_test_geography()


@pytest.fixture
def restore_geography():
    """Ask for this in tests that flush the database (``live_server``, ``transactional_db``): the
    test hierarchy and the roles are reloaded after the flush (see ``pytest_runtest_teardown``)."""
    return


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Reload the hierarchy after a flushing test that asked for ``restore_geography``.

    pytest-django flushes in the teardown of its own autouse fixture, after the test's fixtures are
    torn down, so the reload must wait until every fixture is gone.
    """
    yield
    if "restore_geography" not in getattr(item, "fixturenames", ()):
        return
    from pytest_django.plugin import blocking_manager_key

    from common.roles import sync_roles

    with item.config.stash[blocking_manager_key].unblock():
        sync_roles()
        _load_test_geography()


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing():
    """Personas are created per test; PBKDF2 costs ~0.2 s a user and tests need no strong hashing."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture
def chromium_page():
    """A headless Chromium page at desktop size (skips without Chromium; see common/tests/browser.py)."""
    with browser_page(**DESKTOP) as page:
        yield page


@pytest.fixture
def phone_page():
    """A headless Chromium page the size of a phone (390 × 844)."""
    with browser_page(**PHONE) as page:
        yield page


@pytest.fixture(scope="session", autouse=True)
def _per_worker_redis_cache(worker_id):
    """With REDIS_URL set, give each xdist worker its own Redis database, so one worker's
    ``cache.clear()`` (FLUSHDB) never empties another's cache mid-test."""
    from django.conf import settings
    from django.test import override_settings

    if not settings.REDIS_URL:
        yield
        return
    index = 0 if worker_id == "master" else int(worker_id.removeprefix("gw"))
    location = settings.CACHE_REDIS_URL.rsplit("/", 1)[0] + f"/{2 + index}"
    with override_settings(CACHES={"default": {**settings.CACHES["default"], "LOCATION": location}}):
        yield


@pytest.fixture(autouse=True)
def _isolated_cache():
    cache.clear()
    reset_index()
    yield
    cache.clear()


@pytest.fixture
def region_ix(db):
    return Region.objects.get(code=personas.REGION_IX)


@pytest.fixture
def region_xii(db):
    return Region.objects.get(code=personas.REGION_XII)


@pytest.fixture
def administrator(db):
    return UserFactory(username="administrator", is_staff=True, is_superuser=True, roles=[ADMINISTRATOR])


@pytest.fixture
def executive(db):
    return UserFactory(username="executive", roles=[EXECUTIVE])


@pytest.fixture
def officer_ix(region_ix):
    return UserFactory(username="officer_ix", roles=[PROGRAM_OFFICER], regions=[region_ix])


@pytest.fixture
def officer_xii(region_xii):
    return UserFactory(username="officer_xii", roles=[PROGRAM_OFFICER], regions=[region_xii])


@pytest.fixture
def officer_zdn(db):
    province = Province.objects.get(code=personas.ZAMBOANGA_DEL_NORTE)
    return UserFactory(username="officer_zdn", roles=[PROGRAM_OFFICER], provinces=[province])


@pytest.fixture
def facilitator_ix(region_ix):
    return UserFactory(username="facilitator_ix", roles=[MANA_FACILITATOR], regions=[region_ix])


@pytest.fixture
def partner_ix(region_ix):
    return UserFactory(username="partner_ix", roles=[PARTNER_VIEWER], regions=[region_ix])


@pytest.fixture
def outsider(db):
    return UserFactory(username="outsider")


@pytest.fixture(autouse=True)
def _celery_eager():
    """Run Celery tasks in-process in every test, also when REDIS_URL is set (the PostgreSQL + Redis
    suite): a test must never leave messages on a real broker that no worker consumes."""
    from obc_management.celery import app

    saved = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = saved
