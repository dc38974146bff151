"""The supervision record and the session summary: what they hold (bot/core) and how the
templates render them (bot/web/records.py), with golden files for both record formats.

Regenerate after an intended change: UPDATE_GOLDEN=1 pytest tests/test_supervision_record.py
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from bot.core import supervision
from bot.core.summary import summarise, summary_fields
from bot.knowledge import KnowledgeBase
from bot.web import records

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
    ]:
        state = supervision.record_answer(state, stage, value)
    # an action said in one line, its due date kept as written (no date can be read from it)
    state = supervision.add_actions(
        state,
        [
            {
                "action": "Share the chronology",
                "owner": "team manager",
                "due": None,
                "due_text": "before the next panel",
            }
        ],
    )
    for stage, value in [
        ("action", None),
        ("escalation_route", "Team manager if no progress by January"),
        ("next_review", "2027-01-08"),
    ]:
        state = supervision.record_answer(state, stage, value)
    return state


@pytest.mark.parametrize(
    "fmt,render", [("md", records.supervision_markdown), ("html", records.supervision_html)]
)
def test_a_complete_record_matches_its_golden_file(kb: KnowledgeBase, fmt: str, render) -> None:
    produced = render(complete_state(kb), kb)
    golden = GOLDEN / f"supervision_record.{fmt}"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(produced, encoding="utf-8")
    assert produced == golden.read_text(encoding="utf-8")


def test_the_record_holds_every_part(kb: KnowledgeBase) -> None:
    fields = supervision.record_fields(complete_state(kb), kb)
    assert fields["date"] == dt.date(2026, 11, 26)
    assert [s["number"] for s in fields["steps"]] == list(range(1, 8))
    assert fields["steps"][2]["answer"] is None  # skipped: the templates word it
    assert fields["themes"][0]["title"] == "Professional Over-Optimism"
    assert fields["actions"] == [
        {
            "action": "Refer to the Substance Misuse Service",
            "owner": "Social worker",
            "due": dt.date(2026, 12, 4),
            "due_text": None,
            "due_open": False,
            "ongoing": False,
        },
        {
            "action": "Date each CIN outcome",
            "owner": None,
            "due": None,
            "due_text": None,
            "due_open": False,
            "ongoing": False,
        },
        {
            "action": "Share the chronology",
            "owner": "team manager",
            "due": None,
            "due_text": "before the next panel",
            "due_open": False,
            "ongoing": False,
        },
    ]
    assert fields["escalation_route"] == "Team manager if no progress by January"


def test_the_html_record_escapes_what_the_practitioner_typed(kb: KnowledgeBase) -> None:
    page = records.supervision_html(complete_state(kb), kb)
    assert "<b>recorded</b>" not in page and "&lt;b&gt;recorded&lt;/b&gt;" in page


def test_markup_and_pipes_in_an_answer_stay_text_in_both_formats(kb: KnowledgeBase) -> None:
    typed = "<script>alert(1)</script> | CSC\nnext"
    state = complete_state(kb)
    state["steps"]["case_brief"] = typed
    for stage, value in [("action", typed), ("owner", "DSL | GP"), ("due", "2026-12-11")]:
        state = supervision.record_answer(state, stage, value)
    page = records.supervision_html(state, kb)
    assert "<script>" not in page
    assert "<td>&lt;script&gt;alert(1)&lt;/script&gt; | CSC\nnext</td><td>DSL | GP</td>" in page
    markdown = records.supervision_markdown(state, kb).splitlines()
    # one row of three cells: the "|"s typed are escaped, the newline joined
    assert "| <script>alert(1)</script> \\| CSC next | DSL \\| GP | 11 December 2026 |" in markdown


def test_the_summary_is_worded_by_its_template(kb: KnowledgeBase) -> None:
    theme = next(iter(kb.themes.values()))
    events = [
        {
            "event": "slot",
            "name": "reflection_answers",
            "value": [{"question": "Is the plan SMART?", "answer": None, "kind": "skipped"}],
        },
        {"event": "slot", "name": "suggested_themes", "value": [theme.id]},
    ]
    summary = summarise(events, kb)
    fields = summary_fields(summary, kb)
    assert fields["answers"][0]["answer"] is None and fields["themes_to_look_at"] == [theme.title]
    text = records.summary_markdown(summary, kb, today=dt.date(2026, 3, 5))
    assert text.startswith("# Reflect: session summary\n\n5 March 2026. Based on the ")
    assert "## Your reflections\n- **Is the plan SMART?**\n  (skipped)\n" in text
    assert "## Themes discussed\nNone.\n" in text
    assert f"## Suggested next steps\n- Look at the theme {theme.title}.\n" in text


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
        "next_review",
        "done",
    ]


def test_the_childs_voice_skipped_is_recorded_as_not_discussed(kb: KnowledgeBase) -> None:
    state = complete_state(kb)
    state["steps"]["child_voice"] = None
    for render in (records.supervision_markdown, records.supervision_html):
        assert "Not discussed" in render(state, kb)


def test_the_record_follows_the_cycle_of_the_4x4x4_model(kb: KnowledgeBase) -> None:
    text = records.supervision_markdown(complete_state(kb), kb)
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Experience",
        "## Reflection",
        "## Analysis",
        "## Action",
        "## Audit themes raised",
    ]
    action = text.split("## Action")[1]
    for part in (
        "Decisions and the plan",
        "### Agreed actions",
        "### Escalation route agreed",
        "### Next review",
        "8 January 2027",
        "before the next panel (date to confirm)",
    ):
        assert part in action


def test_an_ongoing_action_shows_its_start_not_a_date_to_confirm(kb: KnowledgeBase) -> None:
    # a trial's "from tomorrow, ongoing" had been recorded as a deadline, "by 7 December 2026"
    state = complete_state(kb)
    state["actions"] = [
        {
            "action": "Visit weekly",
            "owner": "social worker",
            "due": None,
            "due_text": "ongoing from 7 December 2026",
            "ongoing": True,
        }
    ]
    for page in (records.supervision_markdown(state, kb), records.supervision_html(state, kb)):
        assert "ongoing from 7 December 2026" in page
        assert "date to confirm" not in page.split("Visit weekly", 1)[1].split("\n", 2)[0]
    assert supervision.describe_action(state["actions"][0], kb) == (
        "Visit weekly (social worker, ongoing from 7 December 2026)"
    )


def test_starting_over_keeps_each_filed_record_at_its_own_number() -> None:
    # a trial's second case, filed after "start over", was served at the first one's address
    def slot(value):
        return {"event": "slot", "name": "supervision", "value": value}

    first = {"finished": True, "version": 1, "steps": {"case": "first case"}}
    second = {"finished": True, "version": 1, "steps": {"case": "second case"}}
    events = [slot({"finished": False}), slot(first), {"event": "restart"}]
    events += [slot({"finished": False}), slot(second)]
    assert supervision.filed_records(events) == [first, second]
