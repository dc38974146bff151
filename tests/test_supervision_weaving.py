"""A theme is woven into a supervision only when the answer is about its situation: a parent's
drinking is not a young person's substance use (bot/knowledge/content/supervision.yml
``not_woven``)."""

from __future__ import annotations

import pytest

from actions.supervision import someone_elses


@pytest.mark.parametrize(
    "text",
    [
        "Supervisor (TM) and SW here together. 6 year old, mum drinks most evenings",
        "mums drinking is getting worse",
        "he told his teacher mummy drinks the special juice and then sleeps on the sofa",
        "dad's cannabis use is the worry",
    ],
)
def test_a_parents_substance_use_does_not_bring_in_the_young_peoples_service(text) -> None:
    assert someone_elses("substance_misuse_service", text)


@pytest.mark.parametrize(
    "text",
    ["16 yr old using cannabis daily", "he drinks with older boys at the weekend"],
)
def test_a_young_persons_own_use_still_can(text) -> None:
    assert not someone_elses("substance_misuse_service", text)


def test_themes_without_a_guard_are_unaffected() -> None:
    assert not someone_elses("professional_over_optimism", "mum drinks most evenings")


def test_no_substance_named_brings_in_no_substance_theme() -> None:
    """A trial's "child says she makes tea for little brother most nights" was woven in."""
    assert someone_elses("substance_misuse_service", "child says she makes tea for little brother")
