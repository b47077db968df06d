"""Fixtures for the pictures: the seed store, the app, a live server and a watched Chromium page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, Request, sync_playwright

from tests.browser import CHROMIUM, launch
from tests.corpora import bundled, generated  # noqa: F401  (fixtures, found by name)
from tests.visuals.support import make_app, seed_store
from tests.web.live import live_server
from therapykg.graph.store import OxigraphStore
from therapykg.web.app import close_app

SCREENSHOTS = Path(__file__).parents[2] / "test-output" / "visuals"


@pytest.fixture(scope="session")
def store() -> OxigraphStore:
    return seed_store()


@pytest.fixture(scope="session")
def app(store: OxigraphStore) -> Iterator[Flask]:
    application = make_app(store)
    yield application
    close_app(application)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture(scope="session")
def server(app: Flask) -> Iterator[str]:
    with live_server(app) as url:
        yield url


# Module scope: a running sync Playwright holds an event loop, and other test packages start
# their own after this module is done.
@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as running:
        yield running


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium", pytrace=False)
    browser = launch(playwright)
    yield browser
    browser.close()


@dataclass
class Watched:
    """A page, with every console error, page error and request that left 127.0.0.1."""

    page: Page
    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{re.sub(r'[^a-z0-9-]+', '-', name.lower())}.png"
        self.page.screenshot(path=str(path), full_page=False)
        return path


@pytest.fixture
def watched(browser: Browser, server: str) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    seen = Watched(page)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            seen.errors.append(f"console {message.type}: {message.text}")

    def on_request(request: Request) -> None:
        host = urlsplit(request.url).hostname
        if request.url.startswith(("http:", "https:", "ws:", "wss:")) and host != "127.0.0.1":
            seen.outside.append(request.url)

    page.on("console", on_console)
    page.on("pageerror", lambda error: seen.errors.append(f"page error: {error}"))
    page.on("request", on_request)
    yield seen
    context.close()
    assert seen.outside == [], "requests left 127.0.0.1"
    assert seen.errors == [], "the page logged errors"
