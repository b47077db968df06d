"""The README documents every setting and the commands it promises."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from therapykg.cli import main
from therapykg.settings import SETTINGS

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_every_setting_is_documented(setting: object) -> None:
    assert f"`{setting.env}`" in README  # type: ignore[attr-defined]


def test_quick_start_has_exactly_two_commands() -> None:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, flags=re.S)
    assert len(blocks) == 2
    assert all(len(b.strip().splitlines()) == 1 for b in blocks)


def test_ci_runs_the_readme_test_command() -> None:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    test_command = re.findall(r"```sh\n(.*?)```", section, flags=re.S)[1].strip()
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci.splitlines()


def test_every_command_the_readme_shows_exists() -> None:
    shell = "\n".join(re.findall(r"```sh\n(.*?)```", README, flags=re.S))
    commands = set(re.findall(r"(?:^|&& )therapykg (\w+)", shell, flags=re.M))
    assert {"load", "query", "stats", "export"} <= commands
    listed = CliRunner().invoke(main, ["--help"]).output
    for command in commands:
        assert re.search(rf"^\s+{command}\s", listed, flags=re.M), command
