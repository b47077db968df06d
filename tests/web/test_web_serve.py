"""`therapykg serve` end to end, and every page of the bundled articles.

The command runs as a real process on a free port: it loads the bundled articles into an empty
store, serves them with waitress, and stops cleanly on SIGINT/SIGTERM. A crawl from the home page
over the bundled articles follows every internal link and finds no broken page.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from click.testing import CliRunner
from flask.testing import FlaskClient

from tests.servers import free_port
from therapykg.cli import main
from therapykg.graph.load import load_paths
from therapykg.graph.store import OxigraphStore
from therapykg.web.app import close_app, create_app
from therapykg.web.serve import articles_folder

HTML = {"Accept": "text/html"}
PICTURES = ("/lineage", "/evidence", "/framework/", "/visual")  # issue #6's pages test themselves


@pytest.fixture(scope="module")
def bundled_client() -> Iterator[FlaskClient]:
    folder = articles_folder()
    assert folder is not None and folder.is_dir()
    store = OxigraphStore(None)
    summary = load_paths(store, [folder])
    assert summary.articles >= 1 and not summary.errors
    app = create_app({"STORE": store})
    yield app.test_client()
    close_app(app)
    store.close()


def test_serve_help_lists_its_options() -> None:
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--workers"):
        assert option in result.output


def _wait(url: str, process: subprocess.Popen[bytes], seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"serve exited early with {process.returncode}")
        try:
            requests.get(url, timeout=2)
            return
        except requests.RequestException:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer")


def test_serve_loads_the_bundled_articles_and_serves_them(tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "THERAPYKG_ARTICLES"}
    command = [
        sys.executable,
        "-m",
        "therapykg.cli",
        "--store",
        str(tmp_path / "store"),
        "serve",
        "--port",
        str(port),
        "--workers",
        "1",
    ]
    process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(base + "/", process)
        home = requests.get(base + "/", timeout=30)
        assert "Server" not in home.headers
        links = re.findall(r'href="(/id/framework/[^"]+)"', home.text)
        assert links, "the home page lists the bundled frameworks"
        page = requests.get(base + links[0], headers=HTML, timeout=30)
        assert page.status_code == 200
        answer = requests.get(
            base + "/sparql",
            params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s a tkg:Statement }"},
            timeout=30,
        ).json()
        assert int(answer["results"]["bindings"][0]["n"]["value"]) > 50
        assert requests.get(base + "/query", timeout=30).status_code == 200
    finally:
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=30)
    assert process.returncode == 0, err.decode()
    assert b"loaded" in err and b"article(s)" in err


def _serving_processes(supervisor: int) -> set[int]:
    """The supervisor's children that serve: not multiprocessing's resource tracker, nor the query
    workers (grandchildren)."""
    found: set[int] = set()
    for children in Path(f"/proc/{supervisor}/task").glob("*/children"):
        for pid in children.read_text().split():
            with contextlib.suppress(OSError):
                if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes():
                    found.add(int(pid))
    return found


def test_serving_processes_share_the_port_and_a_dead_one_is_replaced(tmp_path: Path) -> None:
    port = free_port()
    command = [sys.executable, "-m", "therapykg.cli", "--store", str(tmp_path / "store")]
    command += ["serve", "--port", str(port), "--processes", "2", "--workers", "1"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    ask = {"query": "ASK { ?s a tkg:Article }"}
    try:
        _wait(base + "/", process)
        first = _serving_processes(process.pid)
        assert len(first) == 2
        os.kill(min(first), signal.SIGKILL)  # as the OOM killer would
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(_serving_processes(process.pid) - first) < 1:
            assert requests.get(base + "/sparql", params=ask, timeout=30).json()["boolean"]
            time.sleep(0.2)
        now = _serving_processes(process.pid)
        assert len(now) == 2 and min(first) not in now, "the dead one was replaced"
        for _ in range(20):  # both answer, whichever takes the connection
            assert requests.get(base + "/sparql", params=ask, timeout=30).json()["boolean"]
    finally:
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err.decode()
    assert b"ended (-9); starting another" in err
    assert not any(Path(f"/proc/{pid}").exists() for pid in now), "every process stopped"


def test_every_link_from_home_works_on_the_bundled_articles(bundled_client: FlaskClient) -> None:
    seen: set[str] = set()
    queue = deque(["/"])
    entity_pages = 0
    while queue and len(seen) < 400:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        response = bundled_client.get(path, headers=HTML)
        assert response.status_code < 400, f"{path}: {response.status_code}"
        entity_pages += path.startswith("/id/")
        if not response.content_type.startswith("text/html"):
            continue
        for href in re.findall(r'href="([^"#]+)"', response.text):
            target = urljoin(path, href.replace("&amp;", "&"))
            parts = urlsplit(target)
            if parts.netloc or not parts.path.startswith(("/id/", "/queries", "/ontology", "/")):
                continue
            if parts.path.startswith(("/static/", "/export/", "/sparql")):
                continue
            if parts.path.startswith(PICTURES):
                continue
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    assert entity_pages > 30


def test_bundled_pages_show_provenance_badges(bundled_client: FlaskClient) -> None:
    text = bundled_client.get("/search", query_string={"q": "alliance"}).text
    statement = re.search(r'href="(/id/article/[^"]+/s-[^"]+)"', text)
    assert statement is not None
    page = bundled_client.get(statement.group(1), headers=HTML).text
    assert re.search(r'class="badge (llm|sourced|untagged)"', page)


def test_home_keeps_sourced_llm_and_untagged_apart(bundled_client: FlaskClient) -> None:
    from therapykg.graph.stats import article_counts

    store = bundled_client.application.extensions["therapykg"].store
    rows = article_counts(store)
    sourced = sum(r.sourced for r in rows)
    llm = sum(r.llm_tagged for r in rows)
    untagged = sum(r.untagged for r in rows)
    text = " ".join(bundled_client.get("/", headers=HTML).text.split())
    assert f"<strong>{sourced}</strong> cite a source" in text
    assert f"<strong>{llm}</strong> are tagged LLM" in text
    assert f"<strong>{untagged}</strong> carry no tag" in text


def test_an_element_page_lists_its_gradings_by_what_they_say(bundled_client: FlaskClient) -> None:
    text = bundled_client.get("/id/element/empathy", headers=HTML).text
    assert "grading: empathy — demonstrably effective" in text
    grading = re.search(r'href="(/id/article/[^"]+/grading-\d+)"', text)
    assert grading is not None
    fact = bundled_client.get(grading.group(1), headers=HTML).text
    assert "source " in fact and " · T" in fact  # the sentence behind it, with its source's tier
