"""Browser fixture: headless Chromium at /usr/bin/chromium driven by Playwright.

Without Chromium the browser tests are skipped with a clear reason; with OBCMS_REQUIRE_BROWSER=1
(as in CI) a missing Chromium is an error instead.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture
def chromium_page():
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM}: browser test skipped (apt-get install chromium to run it)."
        if os.environ.get("OBCMS_REQUIRE_BROWSER") == "1":
            pytest.fail(message.replace("skipped", "required (OBCMS_REQUIRE_BROWSER=1)"))
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are safe.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1366, "height": 900})
            context.set_default_timeout(15_000)
            page = context.new_page()
            yield page
            context.close()
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Reload the test hierarchy after a database-flushing test that asked for ``restore_geography``.

    The flush of ``transactional_db``/``live_server`` happens in the teardown of pytest-django's
    autouse fixture, i.e. after ``restore_geography``'s own teardown; reloading once more after
    every fixture is torn down is what keeps the hierarchy for the tests that follow.
    """
    yield
    if "restore_geography" not in getattr(item, "fixturenames", ()):
        return
    from pytest_django.plugin import blocking_manager_key

    from common.roles import sync_roles
    from conftest import _load_test_geography

    with item.config.stash[blocking_manager_key].unblock():
        sync_roles()
        _load_test_geography()


def screenshot(page, name: str) -> None:
    """Save a screenshot when OBCMS_SCREENSHOTS names a directory (for reviewing the pages)."""
    directory = os.environ.get("OBCMS_SCREENSHOTS")
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(directory) / f"{name}.png"), full_page=True)
