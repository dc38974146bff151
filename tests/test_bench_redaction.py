"""The redaction benchmark's held-out split: skipped until written, never listed miss by miss."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import bench.redaction as bench

# The current held-out split (each round's becomes a development set once run): by its role,
# not its name, so that the next round does not touch these tests.
HELD_OUT_SET = bench.HELD_OUT[0]

# Fictional: an invented nickname no rule finds, and a sentence with nothing to remove.
HELD_OUT = """
identifiers:
  - text: "she says Zibbo did it"
    expect:
      - {type: NAME, value: "Zibbo"}
keep:
  - text: "the core group is next week"
    keep: ["core group"]
"""


def test_an_unwritten_test_split_is_skipped_with_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(bench.SETS, HELD_OUT_SET, tmp_path / f"{HELD_OUT_SET}.yml")
    bench.main([HELD_OUT_SET])
    assert "is not written yet: skipped" in capsys.readouterr().out


def test_the_test_splits_misses_are_counted_never_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / f"{HELD_OUT_SET}.yml"
    path.write_text(HELD_OUT, encoding="utf-8")
    monkeypatch.setitem(bench.SETS, HELD_OUT_SET, path)
    monkeypatch.setattr(bench.redactor(), "spans", lambda text: [])  # every identifier missed
    assert bench.main([HELD_OUT_SET, "-v"]) == 1
    out = capsys.readouterr().out
    assert "held out" in out and re.search(r"NAME\s+0\s+1\s+0\.000", out)
    assert "MISSED" not in out and "Zibbo" not in out


def test_a_spent_held_out_split_is_a_development_set() -> None:
    assert "test13" in bench.DEVELOPMENT and "test13" not in bench.HELD_OUT
    assert bench.SETS[HELD_OUT_SET].name == "test14.yml"


def test_an_identifier_is_found_only_where_every_mention_of_it_is_removed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = "Zibbo said Zibbo did it"  # fictional; the second mention is the one left
    data = {"identifiers": [{"text": text, "expect": [{"type": "NAME", "value": "Zibbo"}]}]}
    monkeypatch.setattr(bench.redactor(), "spans", lambda text: [(0, 5, "PERSON")])
    figures = bench.measure({**data, "keep": []})
    assert figures.found["NAME"] == 0 and figures.misses == [("NAME", "Zibbo", text)]
    monkeypatch.setattr(
        bench.redactor(), "spans", lambda text: [(0, 5, "PERSON"), (11, 16, "PERSON")]
    )
    assert bench.measure({**data, "keep": []}).found["NAME"] == 1


def test_a_mention_inside_a_longer_word_is_not_the_identifier() -> None:
    assert bench.occurrences("Tomorrow Tom and tom", "Tom") == [9]
    assert bench.occurrences("j.smith (at) example", "j.smith (at)") == [0]


@pytest.mark.parametrize(
    "sentence, value, stored, leaked",
    [
        ("will told me he was hit", "will", "[NAME] told me he was hit. I will ask", False),
        ("will told me he was hit", "will", "I heard: will told me he was hit", True),
        ("Tia Smith dob 01/02/2015", "Tia", "Tia [NAME] dob [DATE]", True),  # a neighbour redacted
        ("an umbrella for ella", "ella", "an umbrella for [NAME]", False),
        ("Ella", "Ella", '{"text": "Ella"}', True),
    ],
)
def test_the_served_check_finds_a_kept_identifier_not_a_word_like_it(
    sentence: str, value: str, stored: str, leaked: bool
) -> None:
    assert any(p.search(stored) for p in bench._leak_patterns(sentence, value)) is leaked
