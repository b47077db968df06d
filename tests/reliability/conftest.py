"""Print what the reliability tests measured (load-test latencies) at the end of the run."""

from __future__ import annotations

from _pytest.terminal import TerminalReporter

from tests.reliability.support import REPORTS


def pytest_terminal_summary(terminalreporter: TerminalReporter) -> None:
    if REPORTS:
        terminalreporter.section("reliability measurements")
        for line in REPORTS:
            terminalreporter.write_line(line)
