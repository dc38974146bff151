"""Issue 23, round 13: what round 12's supervision trials found, on plain data (no served
bot)."""

from __future__ import annotations

from bot.core import supervision


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
