"""The conversation benchmark's held-out set: its wrong turns are counted, never listed."""

from __future__ import annotations

import pytest

import bench.conversation as bench
from tests.e2e.conversations import ConversationResult, TurnResult

# Fictional: one conversation with one wrong turn.
RESULTS = [ConversationResult("c1", "f.yml", [TurnResult("c1", 1, "zibbo says hi", ["x"])])]


def test_the_held_out_sets_wrong_turns_are_counted_never_listed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    bench.report(bench.HELD_OUT, RESULTS, quiet=False)
    out = capsys.readouterr().out
    assert "0/1" in out and "zibbo" not in out


def test_a_development_sets_wrong_turns_are_listed(capsys: pytest.CaptureFixture[str]) -> None:
    bench.report("test5", RESULTS, quiet=False)
    assert "zibbo" in capsys.readouterr().out
