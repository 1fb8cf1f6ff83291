"""Browser journeys: headless Debian Chromium driven by Playwright against the site started
like production (``prod_site``: gunicorn, PostgreSQL, Redis, a Celery worker, S3; see
tests/support/prodserver.py). The site starts once per session."""

import os
import shutil

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}; run scripts/bootstrap.sh --test as root.")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


def listen_for_errors(page, errors: list[str]) -> None:
    """Console errors (CSP violations are console errors) and uncaught exceptions."""
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))


@pytest.fixture
def console_errors(page):
    """Collects console errors and CSP violations; journeys assert it stays empty."""
    errors: list[str] = []
    listen_for_errors(page, errors)
    return errors


@pytest.fixture
def new_page(browser, console_errors):
    """Opens a page in a fresh browser context (another person), reporting into
    ``console_errors``; dialogs (``data-confirm``) are accepted."""
    contexts = []

    def open_page():
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        contexts.append(context)
        page = context.new_page()
        listen_for_errors(page, console_errors)
        page.on("dialog", lambda dialog: dialog.accept())
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def prod_site():
    """The production-like site, once per session. ``CC_E2E_DB_NAME`` names its database
    (default ``cc_e2e``), so two checkouts can run the journeys side by side;
    ``CC_E2E_KEEP_FILES=1`` keeps its logs and mail after the run."""
    from tests.support.prodserver import ProdSite

    site = ProdSite(
        name=os.environ.get("CC_E2E_DB_NAME", "cc_e2e"),
        gunicorn_workers=2,
        keep_files=bool(os.environ.get("CC_E2E_KEEP_FILES")),
    )
    site.start()
    yield site
    site.stop()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed journey's report ends with what the site's web server and worker logged."""
    outcome = yield
    report = outcome.get_result()
    site = getattr(item, "funcargs", {}).get("prod_site")
    if report.when == "call" and report.failed and site is not None:
        from tests.support.processes import tail

        for name in ("web", "worker"):
            report.sections.append((f"prod_site {name}.log", tail(site.log_dir / f"{name}.log")))
