"""Action tests: cases, themes and signposts on request; safety; session start; fallback."""

from __future__ import annotations

from actions.audit_content import ActionListThemes, ActionShowCase, ActionShowResource
from actions.safety import ActionSafetySignpost
from actions.session import ActionDefaultAskAffirmation, ActionSessionStart
from tests.conftest import make_tracker, user_event
from tests.test_actions_reflection import payloads, run


def test_tell_me_about_case_2(domain, kb) -> None:
    tracker = make_tracker(
        user_event(
            "tell me about case 2", "ask_case", 0.99, [{"entity": "case_number", "value": "2"}]
        )
    )
    messages, _ = run(ActionShowCase(), tracker, domain)
    [case] = payloads(messages, "case")
    assert case["case"] == "col_2017_18_case_2" and case["number"] == 2
    assert case["themes"] == [
        "information_sharing",
        "cross_borough_working",
        "cse_management",
        "substance_misuse_service",
    ]
    assert "out of borough sexual exploitation" in case["summary"]
    assert messages[0]["response"] == "utter_case"
    # Next steps: reflect on any of its themes (from this case), or look at the other cases.
    buttons = [b["payload"] for b in messages[0]["buttons"]]
    assert '/choose_theme{"theme":"cse_management","case_number":"2"}' in buttons
    assert '/ask_case{"case_number":"3"}' in buttons


def test_what_went_well_in_case_1(domain) -> None:
    tracker = make_tracker(
        user_event(
            "what went well in case 1",
            "ask_case",
            0.99,
            [
                {"entity": "case_aspect", "value": "strengths"},
                {"entity": "case_number", "value": "1"},
            ],
        )
    )
    messages, _ = run(ActionShowCase(), tracker, domain)
    assert messages[0]["response"] == "utter_case_strengths"
    assert "Educational Psychology service continued their care" in messages[0]["strengths"]


def test_a_case_number_the_audit_does_not_have(domain) -> None:
    tracker = make_tracker(user_event("tell me about case 9", "ask_case"))
    messages, _ = run(ActionShowCase(), tracker, domain)
    assert messages[0]["response"] == "utter_case_not_found"
    assert messages[0]["numbers"] == "1, 2, 3"


def test_which_cases_were_audited(domain) -> None:
    messages, _ = run(ActionShowCase(), make_tracker(user_event("which cases", "ask_case")), domain)
    assert payloads(messages, "case_list")[0]["items"] == [
        "col_2017_18_case_1",
        "col_2017_18_case_2",
        "col_2017_18_case_3",
    ]


def test_what_themes_are_there(domain, kb) -> None:
    messages, _ = run(
        ActionListThemes(), make_tracker(user_event("themes?", "list_themes")), domain
    )
    assert payloads(messages, "theme_suggestion")[0]["themes"] == list(kb.themes)
    assert len(messages[0]["buttons"]) == 7


def resource(domain, resource_id: str):
    tracker = make_tracker(
        user_event("x", "ask_resource", 0.99, [{"entity": "resource", "value": resource_id}])
    )
    messages, _ = run(ActionShowResource(), tracker, domain)
    return messages[0]


def test_the_substance_misuse_service_with_who_it_accepts_and_how(domain) -> None:
    message = resource(domain, "substance_misuse_service")
    assert message["custom"]["phone"] == "020 8356 7377"
    assert message["custom"]["email"] == "yhsms@hackney.gov.uk"
    for detail in (
        "020 8356 7377",
        "yhsms@hackney.gov.uk",
        "Monday – Friday 9.00am – 9.00pm",
        "who live in City of London",
    ):
        assert detail in message["text"]


def test_the_course_date_is_never_presented_as_upcoming_once_past(domain) -> None:
    message = resource(domain, "difficult_conversations_course")
    assert message["custom"]["dates_past"] is True  # 12 March 2019
    assert "has passed" in message["text"] and "12 March 2019" in message["text"]
    assert "next date" not in message["text"].lower()


def test_a_missing_link_is_said_never_invented(domain) -> None:
    message = resource(domain, "escalation_policy")
    assert message["custom"]["link"] is None
    assert "No link" in message["text"] and "http" not in message["text"]


def test_the_school_nursing_service_gives_its_ages(domain) -> None:
    message = resource(domain, "school_nursing_service")
    assert "5-19" in message["text"] and message["custom"]["ages"] == "5-19"


def test_resources_without_a_name_are_listed(domain, kb) -> None:
    messages, _ = run(
        ActionShowResource(), make_tracker(user_event("resources?", "ask_resource")), domain
    )
    assert payloads(messages, "resource_list")[0]["items"] == list(kb.resources)


def test_the_safety_message_names_services_without_inventing_numbers(domain) -> None:
    messages, _ = run(
        ActionSafetySignpost(), make_tracker(user_event("x", "report_immediate_risk")), domain
    )
    [message] = messages
    assert message["custom"]["kind"] == "safety"
    assert "999" in message["text"] and "not a referral route" in message["text"]
    assert (
        "City of London Children's Social Care (number to be added by the partnership)"
        in message["text"]
    )
    assert "London Child Protection Procedures" in message["text"]
    phones = [c["phone"] for c in message["custom"]["contacts"]]
    assert phones == ["999", None, None]


def test_a_new_session_says_what_reflect_is(domain) -> None:
    messages, _ = run(ActionSessionStart(), make_tracker(), domain)
    assert messages[0]["response"] == "utter_intro"
    assert messages[0]["partnership"] == "City & Hackney Safeguarding Children Board"


def test_a_session_opened_by_a_risk_message_starts_with_the_safety_message(domain) -> None:
    tracker = make_tracker(slots={"session_started_metadata": {"reflect": {"risk": True}}})
    messages, _ = run(ActionSessionStart(), tracker, domain)
    assert messages == []


def test_the_fallback_offers_three_themes_as_buttons(domain) -> None:
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.4},
        {"name": "describe_emotional_toll", "confidence": 0.3},
    ]
    tracker = make_tracker(
        user_event(
            "I keep thinking about this family at night", "nlu_fallback", 0.4, ranking=ranking
        )
    )
    messages, _ = run(ActionDefaultAskAffirmation(), tracker, domain)
    [suggestion] = payloads(messages, "theme_suggestion")
    assert len(suggestion["themes"]) == 3 and suggestion["themes"][0] == "challenge_escalation"
    assert [b["payload"] for b in messages[0]["buttons"]][-1] == "/out_of_scope"
