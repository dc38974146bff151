"""Point 8: Rasa's known-harmless warnings stay out of the output; any other warning stays in."""

from __future__ import annotations

import logging
import re
import subprocess
import sys

import yaml

from bot.ops.launcher import PROJECT_DIR, child_env
from bot.rasa_ext.quiet import HarmlessWarnings, responses_sent_by_code, sent_by_code


def shown(message: str) -> bool:
    record = logging.LogRecord("py.warnings", logging.WARNING, "", 0, message, None, None)
    return HarmlessWarnings().filter(record)


def test_only_responses_sent_by_code_lose_their_unused_warning() -> None:
    assert {"utter_action_failed", "utter_privacy_notice", "utter_safety"} <= (
        responses_sent_by_code()
    )
    unused = (
        "/x/rasa/shared/utils/io.py:100: UserWarning: "
        "The utterance '{}' is not used in any story or rule."
    )
    assert not shown(unused.format("utter_safety"))
    assert shown(unused.format("utter_nothing_sends_this"))
    assert not shown(unused.format("utter_ack_unsure"))  # sent as f"utter_ack_{kind}"


def test_only_deprecations_inside_installed_packages_are_dropped() -> None:
    assert not shown(
        "/v/lib/python3.10/site-packages/pkg_resources/__init__.py:3117: DeprecationWarning: x"
    )
    assert not shown(
        "/v/lib/python3.10/site-packages/matplotlib/_mathtext.py:30: "
        "PyparsingDeprecationWarning: 'enablePackrat' deprecated"
    )
    assert shown(f"{PROJECT_DIR}/bot/core/themes.py:12: DeprecationWarning: ours")
    assert shown("/v/lib/python3.10/site-packages/rasa/core/x.py:1: UserWarning: something new")


def test_data_validation_prints_a_report_not_warnings() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bot.rasa_ext.rasa_command",
            "data",
            "validate",
            "--domain",
            "domain.yml",
            "--data",
            "data",
            "--config",
            "config.yml",
            "--fail-on-warnings",
        ],
        cwd=PROJECT_DIR,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "DeprecationWarning" not in output
    named = set(re.findall(r"The utterance '(\w+)' is not used", output))
    domain = yaml.safe_load((PROJECT_DIR / "domain.yml").read_text(encoding="utf-8"))
    assert not any(sent_by_code(name) for name in named)
    assert named <= set(domain["responses"])  # what is left is worth a look
