"""Round 14 of the redactor (the round 13 supervision trials): written here, not taken from the
benchmark's sets."""

from __future__ import annotations

import pytest

from bot.privacy.redaction import redactor


@pytest.mark.parametrize(
    "text",
    [
        # a verb's -ing noun WordNet lacks, after "refer to" (a trial's became "[NAME] course")
        "sw to refer to parenting course by fri",
        "tm to refer mum to parenting classes",
        # a prefixed verb before a plain word
        "we need to re-visit the plan",
        "hv to re-weigh the baby next week",
    ],
)
def test_kept(text: str) -> None:
    assert redactor().redact(text).text == text


@pytest.mark.parametrize(
    "text,gone",
    [
        # a listed name in lower case after weighing, prefixed or not (a trial's was kept)
        ("hv to re-weigh maisie by 3rd jan", "maisie"),
        ("hv to weigh maisie on fri", "maisie"),
    ],
)
def test_gone(text: str, gone: str) -> None:
    assert gone not in redactor().redact(text).text


@pytest.mark.parametrize(
    "text",
    [
        # a GP's records system (a practitioner trial's "flagged on emis" became a name)
        "havent flagged on emis yet",
        "its all on SystmOne",
    ],
)
def test_record_systems_kept(text: str) -> None:
    assert redactor().redact(text).text == text
