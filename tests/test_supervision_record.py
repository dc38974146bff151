"""The supervision record builder, with golden files for both formats.

Regenerate after an intended change: UPDATE_GOLDEN=1 pytest tests/test_supervision_record.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.core import supervision
from bot.knowledge import KnowledgeBase

GOLDEN = Path(__file__).parent / "golden"


def complete_state(kb: KnowledgeBase) -> dict:
    """A whole fictional supervision, every stage answered or skipped."""
    answers = {
        "case_brief": "A 14 year old using cannabis daily; school attendance falling since spring.",
        "agencies": "Hackney CSC lead; City school; CAMHS. The social worker is the contact.",
        "worries": None,  # skipped
        "child_voice": "Says he smokes to cope with worry about mum; seen alone twice.",
        "plan": "CIN plan, reviewed monthly; outcomes not yet dated.",
        "parental_engagement": "Mum promises to attend but missed 3 of 5 meetings <b>recorded</b>.",
        "disagreements": "School thinks CSC should escalate; not raised yet.",
    }
    state = supervision.new_state()
    state["started"] = "2026-11-26"
    for step in kb.supervision.steps:
        state = supervision.record_answer(state, step.id, answers[step.id])
    state["themes"] = [
        {
            "theme": "professional_over_optimism",
            "key_message": "col_2017_18_case_3.professional_over_optimism",
        }
    ]
    for stage, value in [
        ("action", "Refer to the Substance Misuse Service"),
        ("owner", "Social worker"),
        ("due", "2026-12-04"),
        ("action", "Date each CIN outcome"),
        ("owner", None),
        ("due", None),
        ("action", None),
        ("escalation_route", "Team manager if no progress by January"),
    ]:
        state = supervision.record_answer(state, stage, value)
    return state


@pytest.mark.parametrize(
    "fmt,render", [("md", supervision.to_markdown), ("html", supervision.to_html)]
)
def test_a_complete_record_matches_its_golden_file(kb: KnowledgeBase, fmt: str, render) -> None:
    produced = render(complete_state(kb), kb)
    golden = GOLDEN / f"supervision_record.{fmt}"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(produced, encoding="utf-8")
    assert produced == golden.read_text(encoding="utf-8")


def test_the_record_holds_every_part(kb: KnowledgeBase) -> None:
    fields = supervision.record_fields(complete_state(kb), kb)
    assert fields["date"] == "26 November 2026"
    assert [s["number"] for s in fields["steps"]] == list(range(1, 8))
    assert fields["steps"][2]["answer"] == "(skipped)"
    assert fields["themes"][0]["title"] == "Professional Over-Optimism"
    assert fields["actions"] == [
        {
            "action": "Refer to the Substance Misuse Service",
            "owner": "Social worker",
            "due": "4 December 2026",
        },
        {"action": "Date each CIN outcome", "owner": "(skipped)", "due": "(skipped)"},
    ]
    assert fields["escalation_route"] == "Team manager if no progress by January"


def test_the_html_record_escapes_what_the_practitioner_typed(kb: KnowledgeBase) -> None:
    page = supervision.to_html(complete_state(kb), kb)
    assert "<b>recorded</b>" not in page and "&lt;b&gt;recorded&lt;/b&gt;" in page


def test_stages_follow_the_guide_then_actions_then_escalation(kb: KnowledgeBase) -> None:
    state = supervision.new_state()
    seen = []
    for _ in range(20):
        stage = supervision.next_stage(state, kb)
        seen.append(stage)
        if stage == supervision.DONE:
            break
        value = {"due": "2027-01-01"}.get(stage, "x")
        if stage == "action" and state["actions"]:
            value = None  # no more actions after the first
        state = supervision.record_answer(state, stage, value)
    assert seen == [s.id for s in kb.supervision.steps] + [
        "action",
        "owner",
        "due",
        "action",
        "escalation_route",
        "done",
    ]
