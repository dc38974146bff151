"""Issue 23, round 13: what round 12's supervision trials found, on plain data (no served
bot)."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import Restarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.supervision import ActionRestart, file_record
from bot.core import supervision
from tests.conftest import run_action


def _user(text: str) -> dict:
    return {"event": "user", "text": text}


def _paused(value: str | None) -> dict:
    return {"event": "slot", "name": "paused", "value": value}


def test_questions_asked_in_a_pause_are_kept_for_the_record() -> None:
    events = [
        _user("is this case one for the LADO?"),  # before the pause: noted where it was asked
        _paused("supervision"),
        _user("what's the escalation policy?"),
        _user("thanks"),
        _user("where were we?"),  # about the session
        _user("ok can we carry on?"),  # the turn resuming it
    ]
    state = supervision.noted_while_paused(supervision.new_state(), events)
    assert state["questions"] == ["what's the escalation policy?"]


def test_nothing_is_kept_when_the_supervision_was_never_paused() -> None:
    events = [_user("what's the escalation policy?"), _paused(None), _user("carry on?")]
    state = supervision.new_state()
    assert supervision.noted_while_paused(state, events) == state


def _tracker(slots: dict, events: list) -> Tracker:
    latest = {"text": "", "intent": {}}
    return Tracker("sender-fictional", slots, latest, events, False, None, {}, "")


def test_a_start_again_keeps_count_of_the_records_filed_before_it() -> None:
    filed = {**supervision.new_state(), "finished": True}
    events = [{"event": "slot", "name": "supervision", "value": filed}]
    # run as the action server does (asyncio.run() here met the browser tests' event loop)
    _, result = run_action(ActionRestart(), _tracker({"records_filed": 2}, events), {})
    assert result == [Restarted(), SlotSet("records_filed", 3)]


def test_a_record_filed_after_a_start_again_takes_the_next_address() -> None:
    dispatcher = CollectingDispatcher()
    state = supervision.new_state()
    file_record(dispatcher, _tracker({"records_filed": 1}, []), state)
    payload = next(m["custom"] for m in dispatcher.messages if m.get("custom"))
    # the first record (before the start again) keeps .v1: this one is .v2
    assert payload["version"] == 2
    assert payload["version_downloads"]["md"].endswith("sender-fictional.v2.md")
