"""Round 15 of redaction (issue 20): a name that is also a word, found once, is found again in
lower case where it does what a person does; "CiC" is kept. Fictional throughout."""

from __future__ import annotations

import pytest

from bot.privacy.redaction import redactor


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("mum Grace rang from 07700 900123, grace said her own mum had FGM", "grace"),
        ("baby Hope is 4 months, hope went to the gp with a rash", "hope went"),
    ],
)
def test_a_name_said_again_in_lower_case_is_redacted(text: str, gone: str) -> None:
    assert gone not in redactor().redact(text).text.lower()


@pytest.mark.parametrize(
    "text",
    [
        "I always mix it up with CiC",
        "baby Hope is 4 months, we hope the gp sees her soon",
    ],
)
def test_words_beside_a_name_are_kept(text: str) -> None:
    kept = redactor().redact(text).text
    assert "CiC" in kept or "we hope the gp" in kept, kept


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("community midwife. pregnant 19yo, Shannon, care leaver, missed every scan", "Shannon"),
        ("the 14 yo, Grace, told her teacher", "Grace"),
    ],
)
def test_a_name_set_between_commas_after_an_age_is_redacted(text: str, name: str) -> None:
    assert name not in redactor().redact(text).text


def test_a_subject_after_a_year_group_is_kept() -> None:
    assert "English" in redactor().redact("in yr 9, English, she is doing well").text
