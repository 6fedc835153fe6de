"""Browser journeys: Playwright drives Debian's Chromium against the site.

The site is served on loopback by Django's live server thread, over the
seeded demo marketplace (the session's `demo` fixture). pytest-django's own
`live_server` would empty every table after each journey (it forces
`transactional_db`), so the demo would be seeded three times; instead one
server is started for the package and the journeys, which the root conftest
runs last, keep what they write.

Screenshots go to $E2E_ARTIFACTS (a temporary folder when unset), one folder
per journey, printed at the end of the run. A failing journey also leaves the
HTML and a screenshot of every page it had open.
"""

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import override_settings

# Playwright's sync API runs an event loop in this thread; Django refuses ORM
# calls from a thread with a running loop unless told they are safe, which they
# are here: the loop only waits for the browser.
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"
# Viewports (width, height): a desktop, and a phone as the issue asks.
DESKTOP = (1280, 900)
PHONE = (360, 780)
_ARTIFACTS: list[Path] = []


def chromium_path() -> str | None:
    return shutil.which("chromium")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def pytest_terminal_summary(terminalreporter):
    if _ARTIFACTS:
        terminalreporter.write_line(
            f"Browser journeys: screenshots and failure pages in {_ARTIFACTS[0]}"
        )


@pytest.fixture(scope="session")
def django_db_setup(
    django_db_setup, request, django_db_blocker, django_db_keepdb, django_db_createdb
):
    """The test database, also when only the journeys run.

    pytest-django creates it for the tests that ask for `db` or carry the
    `django_db` mark; the journeys do neither (see the module docstring).
    """
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _get_databases_for_setup

    aliases, _serialized = _get_databases_for_setup(request.session.items)
    if aliases:
        yield
        return
    keepdb = django_db_keepdb and not django_db_createdb
    with django_db_blocker.unblock():
        config = setup_databases(
            verbosity=0, interactive=False, aliases={"default"}, keepdb=keepdb
        )
    yield
    if not keepdb:
        with django_db_blocker.unblock():
            teardown_databases(config, verbosity=0)


@pytest.fixture(scope="session")
def artifacts_root() -> Path:
    root = os.environ.get("E2E_ARTIFACTS")
    path = Path(root) if root else Path(tempfile.mkdtemp(prefix="e2e-"))
    path.mkdir(parents=True, exist_ok=True)
    _ARTIFACTS.append(path)
    return path


@pytest.fixture(scope="package")
def site(demo, django_db_blocker) -> Iterator[str]:
    """The demo marketplace served on 127.0.0.1; its base URL."""
    from pytest_django.live_server_helper import LiveServer

    from marketplace.search.api import rebuild_index

    with django_db_blocker.unblock():
        # The demo's products are created in bulk, unindexed: what
        # `seed_demo` does next, so that they can be searched.
        rebuild_index()
        server = LiveServer("127.0.0.1")
        server._live_server_modified_settings.enable()
        # Every journey's shopper comes from 127.0.0.1: one address for all,
        # as behind a carrier-grade NAT, so its open cash orders are not
        # limited per address here; and the demo's carpets cost more than the
        # cash ceiling. tests/integration/checkout test both limits.
        shared_address = override_settings(
            MARKETPLACE_COD_MAX_OPEN_PER_IP=1000,
            MARKETPLACE_COD_MAX_ORDER_TOTAL=Decimal("1000000.00"),
        )
        shared_address.enable()
        try:
            yield server.url
        finally:
            shared_address.disable()
            server._live_server_modified_settings.disable()
            server.stop()


@pytest.fixture
def e2e_db(site, django_db_blocker):
    """The test reads and writes the served database directly (autocommit)."""
    with django_db_blocker.unblock():
        yield


@pytest.fixture(scope="package")
def browser():
    from playwright.sync_api import sync_playwright

    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        with sync_playwright() as playwright:
            # Debian's Chromium, never a browser of Playwright's own.
            browser = playwright.chromium.launch(
                executable_path=chromium_path(), headless=True
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = previous


class Journey:
    """One journey's people (a browser context each) and its screenshots."""

    def __init__(self, browser, base_url: str, folder: Path):
        self.browser = browser
        self.base_url = base_url
        self.folder = folder
        self.pages: dict[str, object] = {}
        self._shots = 0
        # What the browser refused under the Content-Security-Policy.
        self.csp_violations: list[str] = []
        # axe's serious and critical violations on the pages checked.
        self.a11y_violations: list[str] = []

    def person(
        self,
        name: str,
        *,
        locale: str = "fr-FR",
        viewport: tuple[int, int] = DESKTOP,
        javascript: bool = True,
    ):
        """A new person: their own cookies, basket and session; on a phone
        with `viewport=PHONE`."""
        from playwright.sync_api import expect

        width, height = viewport
        context = self.browser.new_context(
            base_url=self.base_url,
            locale=locale,
            viewport={"width": width, "height": height},
            is_mobile=viewport == PHONE,
            has_touch=viewport == PHONE,
            java_script_enabled=javascript,
        )
        context.set_default_timeout(15_000)
        expect.set_options(timeout=15_000)
        page = context.new_page()
        page.on("console", lambda message: self._console(name, page, message))
        self.pages[name] = page
        return page

    def _console(self, name: str, page, message) -> None:
        if "Content Security Policy" in message.text:
            where = message.location or {}
            self.csp_violations.append(
                f"{name} on {page.url} ({where.get('url')}:{where.get('lineNumber')})"
                f": {message.text}"
            )

    def shot(self, page, name: str) -> Path:
        self._shots += 1
        path = self.folder / f"{self._shots:02d}-{name}.png"
        page.screenshot(path=path, full_page=True)
        return path

    def check(self, page, name: str) -> Path:
        """A screenshot and axe's accessibility report (JSON, beside it);
        serious and critical violations fail the journey at its end."""
        from .a11y import axe_check

        path = self.shot(page, name)
        self.a11y_violations += axe_check(page, path.with_suffix(".axe.json"))
        return path

    def save_failure(self) -> None:
        for name, page in self.pages.items():
            if page.is_closed():
                continue
            stem = self.folder / f"FAILED-{name}"
            stem.with_suffix(".html").write_text(page.content(), encoding="utf-8")
            page.screenshot(path=stem.with_suffix(".png"), full_page=True)

    def close(self) -> None:
        for page in self.pages.values():
            page.context.close()


@pytest.fixture
def journey(request, browser, site, e2e_db, artifacts_root) -> Iterator[Journey]:
    folder = artifacts_root / re.sub(r"[^\w.-]+", "_", request.node.name)
    folder.mkdir(parents=True, exist_ok=True)
    print(f"\nScreenshots of {request.node.name}: {folder}")
    journey = Journey(browser, site, folder)
    yield journey
    report = getattr(request.node, "report_call", None)
    violations = journey.csp_violations
    a11y = journey.a11y_violations
    if report is None or report.failed or violations or a11y:
        journey.save_failure()
    journey.close()
    if violations:
        # A refused script is a feature that silently stopped working.
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(violations))
    if a11y:
        # Reports: the *.axe.json files beside the screenshots.
        pytest.fail("Accessibility (axe, serious or critical):\n" + "\n".join(a11y))
