"""Headless Chromium (Debian's /usr/bin/chromium) driven by Playwright, for every app's browser tests.

Without Chromium the browser tests are skipped with a clear reason; with OBCMS_REQUIRE_BROWSER=1
(as in CI) a missing Chromium is an error instead. Fixtures ``chromium_page`` (desktop) and
``phone_page`` (390 × 844) live in src/conftest.py.
"""

import contextlib
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
DESKTOP = {"viewport": {"width": 1366, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def require_chromium() -> None:
    if Path(CHROMIUM).exists():
        return
    message = f"Chromium not found at {CHROMIUM}: browser test skipped (apt-get install chromium to run it)."
    if os.environ.get("OBCMS_REQUIRE_BROWSER") == "1":
        pytest.fail(message.replace("skipped", "required (OBCMS_REQUIRE_BROWSER=1)"))
    pytest.skip(message)


@contextlib.contextmanager
def browser_page(**context_options):
    """Yield a Playwright page in a fresh headless Chromium context."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are safe.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(**context_options)
            context.set_default_timeout(15_000)
            yield context.new_page()
            context.close()
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def screenshot(page, name: str) -> None:
    """Save a screenshot when OBCMS_SCREENSHOTS names a directory (for reviewing the pages)."""
    directory = os.environ.get("OBCMS_SCREENSHOTS")
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(directory) / f"{name}.png"), full_page=True)


def choose_remote(page, select_id: str, text: str) -> None:
    """Pick the option whose label holds ``text`` in a remote select (``common/remote_select.py``):
    type into Tom Select's box, wait for the server's matches, click the one wanted."""
    page.locator(f"#{select_id}-ts-control").locator("xpath=..").click()  # the box around the typed text
    page.locator(f"#{select_id}-ts-control").fill(text)
    page.locator(f"#{select_id}-ts-dropdown .option", has_text=text).first.click()
