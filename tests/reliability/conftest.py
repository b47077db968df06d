"""Fixtures the reliability tests share, and what they measured (load-test latencies) printed
at the end of the run."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from _pytest.terminal import TerminalReporter

from tests.reliability.support import REPORTS
from tests.servers import Listener


@pytest.fixture
def listener() -> Iterator[Listener]:
    """A TCP listener on 127.0.0.1 that counts the connections it accepts."""
    item = Listener()
    yield item
    item.close()


def pytest_terminal_summary(terminalreporter: TerminalReporter) -> None:
    if REPORTS:
        terminalreporter.section("reliability measurements")
        for line in REPORTS:
            terminalreporter.write_line(line)
