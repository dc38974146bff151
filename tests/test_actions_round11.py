"""Round 10's findings at the level of the actions, on the bundled content: "who would I even ask
then" after "I can't", a contact asked for by what practitioners call it, and a message Rasa's
two-stage fallback handed on at confidence 1.0."""

from __future__ import annotations

from actions.audit_content import ActionShowResource
from actions.common import latest_parse
from actions.side_turns import ActionOutOfScope
from tests.conftest import make_tracker, run_action, sent, user_event


def bot_event(custom: dict) -> dict:
    return {"event": "bot", "timestamp": 1_700_000_001.0, "text": None, "data": {"custom": custom}}


def test_who_would_i_ask_after_the_legal_reply_names_who_can(domain) -> None:
    declined = bot_event(
        {
            "kind": "cannot_help",
            "request": "legal_advice",
            "routes": ["dsl", "childrens_social_care"],
        }
    )
    tracker = make_tracker(
        user_event("ugh ok. who would i even ask then", "ask_resource"),
        events=[
            user_event("can we legally hand the file to dads solicitor", "ask_legal_advice"),
            declined,
        ],
    )
    messages, events = run_action(ActionShowResource(), tracker, domain)
    assert [m["response"] for m in messages] == ["utter_cannot_help_who_legal"]
    assert messages[0]["custom"] == declined["data"]["custom"]
    assert "ask your safeguarding lead for the number" in messages[0]["contacts"]
    assert events == []


def test_who_would_i_ask_with_nothing_declined_before_is_no_such_answer(domain) -> None:
    tracker = make_tracker(user_event("who would i ask about training", "ask_resource"))
    messages, _ = run_action(ActionShowResource(), tracker, domain)
    assert "utter_cannot_help_who_legal" not in [m["response"] for m in messages]


def test_the_number_for_the_mash_is_the_term_with_where_to_get_it(domain) -> None:
    tracker = make_tracker(user_event("whats the number for the MASH?", "out_of_scope"))
    messages, _ = run_action(ActionOutOfScope(), tracker, domain)
    assert [m["response"] for m in messages] == ["utter_term"]
    assert messages[0]["custom"]["term"] == "MASH"
    assert "City of London Children's Social Care" in messages[0]["meaning"]


def test_the_emergency_duty_team_is_out_of_hours(domain) -> None:
    tracker = make_tracker(user_event("number for the emergency duty team?", "out_of_scope"))
    messages, _ = run_action(ActionOutOfScope(), tracker, domain)
    assert [m["custom"]["term"] for m in messages] == ["out of hours"]


def test_a_team_the_audit_gives_no_number_for_is_said_so(domain) -> None:
    tracker = make_tracker(
        user_event("whats the number for the police missing team?", "ask_resource")
    )
    messages, _ = run_action(ActionShowResource(), tracker, domain)
    assert messages == [sent(response="utter_contact_not_in_audit")]


def test_a_message_handed_on_by_the_fallback_is_read_as_first_classified() -> None:
    text = "dad hits mum, weve told csc three times and never heard the outcome"
    first = user_event(text, "describe_promises_to_change", 0.52)
    first["parse_data"]["intent_ranking"].append(
        {"name": "describe_outcome_not_shared", "confidence": 0.47}
    )
    handed_on = user_event(text, "describe_promises_to_change", 1.0)
    handed_on["parse_data"]["intent_ranking"] = [
        {"name": "describe_promises_to_change", "confidence": 1.0},
        {"name": "describe_outcome_not_shared", "confidence": 0.47},
    ]
    tracker = make_tracker(handed_on, events=[first])
    assert latest_parse(tracker)["intent"]["confidence"] == 0.52
    # a button pressed twice is no clarification
    pressed = user_event("/choose_theme", "choose_theme", 1.0)
    tracker = make_tracker(pressed, events=[user_event("/choose_theme", "choose_theme", 1.0)])
    assert latest_parse(tracker)["intent"]["confidence"] == 1.0


def test_a_dsl_asking_for_a_number_is_not_sent_to_their_safeguarding_lead(domain) -> None:
    earlier = user_event("im the dsl at a primary", "inform_role")
    tracker = make_tracker(
        user_event("whats the out of hours number?", "ask_term"), events=[earlier]
    )
    messages, _ = run_action(ActionShowResource(), tracker, domain)
    assert "ask your safeguarding lead" not in messages[0]["meaning"]
    assert "safeguarding procedures" in messages[0]["meaning"]
