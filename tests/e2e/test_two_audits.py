"""Two audits live at once, through a served bot (tests/conversations/two_audits/): the bundled
audit and the fictional second audit of tests/fixtures/second_audit/, in a content folder of
their own (REFLECT_CONTENT_DIR), every audit live (REFLECT_LIVE_AUDITS=all)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, Dict, Iterator

import pytest

from bot.knowledge import CONTENT_DIR
from tests.e2e.conftest import ServedBot, serving
from tests.e2e.conversations import SUITE, assert_right, load

pytestmark = pytest.mark.served
SECOND_AUDIT = Path(__file__).parents[1] / "fixtures" / "second_audit" / "fictional_2019_20.yml"
CONVERSATIONS = load(list((SUITE / "two_audits").glob("*.yml")))


@pytest.fixture(scope="module")
def two_audit_bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedBot]:
    content = tmp_path_factory.mktemp("two_audits") / "content"
    shutil.copytree(CONTENT_DIR, content)
    shutil.copy(SECOND_AUDIT, content / "audits")
    env = {"REFLECT_CONTENT_DIR": str(content), "REFLECT_LIVE_AUDITS": "all"}
    with serving(tmp_path_factory.mktemp("two_audits_served"), env) as bot:
        yield bot


@pytest.mark.parametrize("conversation", CONVERSATIONS, ids=[c["id"] for c in CONVERSATIONS])
def test_conversation(two_audit_bot: ServedBot, conversation: Dict[str, Any]) -> None:
    assert_right(two_audit_bot, conversation)
