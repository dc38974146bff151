"""A safety contact without its number: `make check-content` warns about each one, and
REFLECT_ENV=production refuses to start (a partnership fills the numbers in its own content)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.ops.cli import main
from bot.settings import PROJECT_DIR
from tests.conftest import FIXTURE_CONTENT


@pytest.fixture()
def partnership(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A partnership's own content (the fictional fixture), used through REFLECT_CONTENT_DIR."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, target)
    monkeypatch.setenv("REFLECT_CONTENT_DIR", str(target))
    return target


def fill_in_the_night_line(content: Path) -> None:
    path = content / "safety.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("to_fill: The fictional audit gives no number.", 'phone: "020 7946 0002"'),
        encoding="utf-8",
    )


def test_check_content_warns_about_each_missing_contact(
    partnership: Path, capsys: pytest.CaptureFixture
) -> None:
    assert main(["check-content"]) == 0
    err = capsys.readouterr().err
    assert f"warning: {partnership / 'safety.yml'}:18: the safety contact 'out_of_hours'" in err
    assert err.count("warning:") == 1
    fill_in_the_night_line(partnership)
    assert main(["check-content"]) == 0
    assert "warning" not in capsys.readouterr().err


def test_production_refuses_to_start_while_a_safety_contact_is_missing(
    partnership: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("REFLECT_ENV", "production")
    assert main(["serve"]) == 1  # before training or starting anything
    err = capsys.readouterr().err
    assert "Reflect will not start while a safety contact has no number" in err
    assert "'out_of_hours'" in err


def production_server(*args: str) -> subprocess.CompletedProcess:
    """Rasa's server command as Reflect runs it (bot/rasa_ext/rasa_command.py), in production."""
    env = {**os.environ, "REFLECT_ENV": "production", "PYTHONPATH": str(PROJECT_DIR)}
    return subprocess.run(
        [sys.executable, "-m", "bot.rasa_ext.rasa_command", "run", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_production_rasa_server_started_any_other_way_refuses_too(partnership: Path) -> None:
    refused = production_server("--help")
    assert refused.returncode == 1
    assert "'out_of_hours'" in refused.stderr
    fill_in_the_night_line(partnership)
    started = production_server("--help")
    assert started.returncode == 0, started.stderr
