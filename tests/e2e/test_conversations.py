"""The conversation suite (tests/conversations/*.yml, format in docs/conversations.md): whole
conversations through the served bot with its action server, every turn checked for what the
practitioner sees. A failing turn is a finding: the behaviour is fixed, never the file."""

from __future__ import annotations

from typing import Any, Dict

import pytest

from tests.e2e.conftest import ServedBot
from tests.e2e.conversations import SUITE, assert_right, load

pytestmark = pytest.mark.served
CONVERSATIONS = load(list(SUITE.glob("*.yml")))


@pytest.mark.parametrize("conversation", CONVERSATIONS, ids=[c["id"] for c in CONVERSATIONS])
def test_conversation(served_bot: ServedBot, conversation: Dict[str, Any]) -> None:
    assert_right(served_bot, conversation)


def test_the_suite_is_large_enough() -> None:
    assert len(CONVERSATIONS) >= 60
    assert len({c["source"] for c in CONVERSATIONS}) >= 4  # one file per area
