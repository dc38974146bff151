"""The session summary's situations (bot/core/summary.py): what the practitioner described, in
their own (redacted) words, from the tracker's events."""

from __future__ import annotations

from dataclasses import asdict

from bot.core.summary import summarise
from bot.core.turn_data import FALLBACK_INTENT
from bot.knowledge import KnowledgeBase
from bot.web import records


def said(text: str, intent: str) -> dict:
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}}


def test_an_unclear_situation_placed_by_typing_a_theme_keeps_its_own_words(
    kb: KnowledgeBase,
) -> None:
    situation_intent = next(iter(kb.situations))
    first = "yr 10 boy, missing lessons, wearing expensive stuff, says he owes someone"
    events = [said(first, FALLBACK_INTENT), said("info sharing i guess", situation_intent)]
    assert summarise(events, kb).situations == [first, "info sharing i guess"]


def test_an_unclear_message_left_unplaced_is_no_situation(kb: KnowledgeBase) -> None:
    events = [said("hmm", FALLBACK_INTENT), said("whats a MASE?", "ask_term")]
    assert summarise(events, kb).situations == []


def test_a_situation_that_ends_by_asking_is_the_situation_without_the_question(
    kb: KnowledgeBase,
) -> None:
    situation_intent = next(iter(kb.situations))
    text = (
        "gp here, the strategy meeting was weeks ago and nobody told us the outcome. who do i ask?"
    )
    assert summarise([said(text, situation_intent)], kb).situations == [
        "gp here, the strategy meeting was weeks ago and nobody told us the outcome"
    ]


def test_what_was_carried_over_a_session_expiry_starts_the_summary(kb: KnowledgeBase) -> None:
    situation_intent = next(iter(kb.situations))
    before = summarise(
        [said("dad says he has changed, third time we stepped down", situation_intent)], kb
    )
    events = [
        {"event": "session_started"},
        {"event": "slot", "name": "summary_so_far", "value": asdict(before)},
        said("we never wrote down a contingency", "deny"),
    ]
    assert summarise(events, kb).situations == before.situations


def test_a_session_with_only_a_supervision_is_summarised_with_its_record(
    kb: KnowledgeBase,
) -> None:
    # a supervisor trial: "quit" after a supervision gave a summary of "None." only
    filed = {"event": "bot", "data": {"custom": {"kind": "supervision_record"}}}
    summary = summarise([said("start supervision", "start_supervision"), filed], kb)
    assert not summary.empty and summary.supervision_records == 1
    assert "1 supervision record filed in this session" in records.summary_markdown(summary, kb)
    # no reflective questions were asked: no "0 answered" in the chat (a round 11 trial's said so)
    assert "Your reflections" not in records.summary_brief_markdown(summary, kb)


def test_a_supervision_in_progress_is_summarised_until_it_is_filed(kb: KnowledgeBase) -> None:
    def supervision(steps: dict, finished: bool = False) -> dict:
        value = {"steps": steps, "finished": finished}
        return {"event": "slot", "name": "supervision", "value": value}

    steps = {"case_brief": "11yo, falling asleep in class", "agencies": None, "risks": "school"}
    summary = summarise([supervision(steps)], kb)
    assert (summary.empty, summary.supervision_steps) == (False, 2)  # a skipped step is none
    assert "2 steps discussed so far" in records.summary_markdown(summary, kb)
    assert summarise([supervision(steps), supervision(steps, finished=True)], kb).empty
    discarded = {"event": "slot", "name": "supervision", "value": {"discarded": True}}
    assert summarise([supervision(steps), discarded], kb).empty
    assert "in progress" in records.summary_brief_markdown(summary, kb)
