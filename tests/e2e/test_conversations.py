"""The conversation suite (tests/conversations/*.yml, format in docs/conversations.md): whole
conversations through the served bot with its action server, every turn checked for what the
practitioner sees. A failing turn is a finding: the behaviour is fixed, never the file."""

from __future__ import annotations

from typing import Any, Dict

import pytest

from tests.e2e.conftest import ServedBot
from tests.e2e.conversations import SUITE, load, run

pytestmark = pytest.mark.served
CONVERSATIONS = load(list(SUITE.glob("*.yml")))


@pytest.mark.parametrize("conversation", CONVERSATIONS, ids=[c["id"] for c in CONVERSATIONS])
def test_conversation(served_bot: ServedBot, conversation: Dict[str, Any]) -> None:
    result = run(served_bot, conversation)
    wrong = [
        f"turn {t.number} ({t.said!r}): {'; '.join(t.failures)}\n    saw: {t.seen[:400]!r}"
        for t in result.turns
        if not t.ok
    ]
    assert not wrong, f"{conversation['description']}\n" + "\n".join(wrong)


def test_the_suite_is_large_enough() -> None:
    assert len(CONVERSATIONS) >= 60
    assert len({c["source"] for c in CONVERSATIONS}) >= 4  # one file per area
