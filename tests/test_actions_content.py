"""Action tests: cases, themes and signposts on request; safety; session start; fallback.

On the fictional content of tests/fixtures/content/ (expected values come from those files) and
the stated theme settings of tests/conftest.py: each test asserts every message sent and the
whole list of events returned.
"""

from __future__ import annotations

import pytest
from rasa_sdk.events import ActionExecuted, ActiveLoop, FollowupAction, SessionStarted, SlotSet

from actions.audit_content import ActionListThemes, ActionShowCase, ActionShowResource
from actions.safety import ActionSafetySignpost
from actions.session import ActionDefaultAskAffirmation, ActionSessionStart
from bot.settings import tunables
from tests.conftest import make_tracker, run_action, sent, user_event

pytestmark = pytest.mark.usefixtures("fixture_kb", "theme_settings")

CASE_1 = "Case 1 (EVSP, Example Vale 2030/31)"
CASE_2 = "Case 2 (EVSP, Example Vale 2030/31)"
CASE_1_BUTTON = {"title": CASE_1, "payload": '/ask_case{"case_number":"1"}'}
CASE_2_BUTTON = {"title": CASE_2, "payload": '/ask_case{"case_number":"2"}'}
THEME_TITLES = {
    "handover_notes": "Handover Notes",
    "home_visits": "Home Visits",
    "joint_meetings": "Joint Meetings",
    "staff_wellbeing": "Staff Wellbeing",
}
NO_LINK = (
    "No link: {} Ask your safeguarding lead or the partnership's business unit for it; "
    "I won't guess an address."
)


def theme_button(theme: str, case_number: str | None = None) -> dict:
    extra = f',"case_number":"{case_number}"' if case_number else ""
    return {
        "title": THEME_TITLES[theme],
        "payload": f'/choose_theme{{"theme":"{theme}"{extra}}}',
    }


def ask_case(text: str, **entities: str):
    return user_event(
        text, "ask_case", 0.99, [{"entity": k, "value": v} for k, v in entities.items()]
    )


def test_a_case_is_told_with_its_themes_and_the_other_cases_as_next_steps(domain) -> None:
    tracker = make_tracker(ask_case("tell me about case 2", case_number="2"))
    messages, events = run_action(ActionShowCase(), tracker, domain)
    assert events == []
    assert messages == [
        sent(
            response="utter_case",
            buttons=[
                theme_button("handover_notes", "2"),
                theme_button("joint_meetings", "2"),
                theme_button("staff_wellbeing", "2"),
                CASE_1_BUTTON,
            ],
            json_message={
                "kind": "case",
                "case": "ev_case_2",
                "number": 2,
                "audit": "example_vale_2030_31",
                "summary": "A fictional teenager whose two schools never met.",
                "strengths": [
                    {
                        "title": "Persistent school nurse",
                        "text": "The school nurse kept asking until a meeting was held.",
                    }
                ],
                "themes": ["handover_notes", "joint_meetings", "staff_wellbeing"],
            },
            case_label=CASE_2,
            case_summary="A fictional teenager whose two schools never met.",
            strengths="- The school nurse kept asking until a meeting was held.",
            themes="Handover Notes between schools; Joint Meetings; Staff Wellbeing",
        )
    ]


def test_what_went_well_in_a_case_is_its_strengths(domain) -> None:
    tracker = make_tracker(
        ask_case("what went well in case 1", case_aspect="strengths", case_number="1")
    )
    messages, events = run_action(ActionShowCase(), tracker, domain)
    assert events == []
    assert messages == [
        sent(
            response="utter_case_strengths",
            buttons=[
                theme_button("handover_notes", "1"),
                theme_button("home_visits", "1"),
                CASE_2_BUTTON,
            ],
            json_message={
                "kind": "case",
                "case": "ev_case_1",
                "number": 1,
                "audit": "example_vale_2030_31",
                "summary": (
                    "A fictional child whose new worker was not told about the family's dog."
                ),
                "strengths": [
                    {
                        "title": "Quick first visit",
                        "text": "The first home visit happened the day after the referral.",
                    },
                    {
                        "title": "Child seen alone",
                        "text": "The child was seen alone at every visit.",
                    },
                ],
                "themes": ["handover_notes", "home_visits"],
            },
            case_label=CASE_1,
            strengths=(
                "- The first home visit happened the day after the referral.\n"
                "- The child was seen alone at every visit."
            ),
        )
    ]


def test_a_case_number_the_nlu_did_not_pick_out_is_read_from_the_words(domain) -> None:
    messages, events = run_action(
        ActionShowCase(), make_tracker(ask_case("and what about case 1?")), domain
    )
    assert events == []
    assert [(m["response"], m["custom"]["case"]) for m in messages] == [("utter_case", "ev_case_1")]


def test_a_case_the_audit_does_not_have_is_answered_with_the_numbers_it_has(domain) -> None:
    messages, events = run_action(
        ActionShowCase(), make_tracker(ask_case("tell me about case 9")), domain
    )
    assert events == []
    assert messages == [
        sent(
            response="utter_case_not_found",
            buttons=[CASE_1_BUTTON, CASE_2_BUTTON],
            number=9,
            numbers="1, 2",
        )
    ]


def test_which_cases_lists_every_case_with_its_summary(domain) -> None:
    messages, events = run_action(
        ActionShowCase(), make_tracker(ask_case("which cases were audited")), domain
    )
    assert events == []
    assert messages == [
        sent(
            response="utter_case_list",
            buttons=[CASE_1_BUTTON, CASE_2_BUTTON],
            json_message={"kind": "case_list", "items": ["ev_case_1", "ev_case_2"]},
            count=2,
            case_lines=(
                f"- {CASE_1}: A fictional child whose new worker was not told about the "
                "family's dog.\n"
                f"- {CASE_2}: A fictional teenager whose two schools never met."
            ),
        )
    ]


def test_the_theme_list_gives_every_theme_with_its_description_and_a_button(domain) -> None:
    messages, events = run_action(
        ActionListThemes(), make_tracker(user_event("themes?", "list_themes")), domain
    )
    assert events == []
    assert messages == [
        sent(
            response="utter_theme_list",
            buttons=[theme_button(t) for t in THEME_TITLES],
            json_message={
                "kind": "theme_suggestion",
                "themes": list(THEME_TITLES),
                "reason": "all",
            },
            theme_lines=(
                "\n- Handover Notes: writing down what the next worker needs to know"
                "\n- Home Visits: seeing the child at home, announced and unannounced"
                "\n- Joint Meetings: meetings with the other agencies, and who chairs them"
                "\n- Staff Wellbeing: the toll of the work, and where to take it"
            ),
        )
    ]


def show_resources(domain, *resource_ids: str):
    entities = [{"entity": "resource", "value": r} for r in resource_ids]
    tracker = make_tracker(user_event("x", "ask_resource", 0.99, entities))
    return run_action(ActionShowResource(), tracker, domain)


def resource_payload(resource_id: str, **values) -> dict:
    """The resource payload: every field None or empty, except those given."""
    return {
        "kind": "resource",
        "id": resource_id,
        "accepts": None,
        "ages": None,
        "phone": None,
        "email": None,
        "hours": None,
        "reference": None,
        "dates": [],
        "dates_past": False,
        "link": None,
        "link_missing": None,
        **values,
    }


def test_a_service_is_given_with_who_it_accepts_and_how_to_reach_it(domain) -> None:
    messages, events = show_resources(domain, "youth_drop_in")
    assert events == []
    assert messages == [
        sent(
            text=(
                "**Example Vale Youth Drop-in**\n"
                "Young people can talk things through at the Youth Drop-in: call 020 7946 0123 "
                "or e-mail dropin@example.org.\n"
                "Who it accepts: young people who live or go to school in Example Vale\n"
                "Ages: 11-17\n"
                # the phone and e-mail are in the audit's own words above: not said twice
                "Hours: Tuesdays 10am to 4pm\n"
                + NO_LINK.format(
                    "The fictional audit gives a phone number and an e-mail address, no web page."
                )
            ),
            buttons=[theme_button("home_visits")],
            json_message=resource_payload(
                "youth_drop_in",
                title="Example Vale Youth Drop-in",
                resource_kind="service",
                text=(
                    "Young people can talk things through at the Youth Drop-in: call "
                    "020 7946 0123 or e-mail dropin@example.org."
                ),
                accepts="young people who live or go to school in Example Vale",
                ages="11-17",
                phone="020 7946 0123",
                email="dropin@example.org",
                hours="Tuesdays 10am to 4pm",
                link_missing=(
                    "The fictional audit gives a phone number and an e-mail address, no web page."
                ),
            ),
        )
    ]


def test_a_course_date_that_has_passed_is_said_to_have_passed_and_a_missing_link_to_be_missing(
    domain,
) -> None:
    messages, events = show_resources(domain, "visit_planning_course")
    assert events == []
    assert messages == [
        sent(
            text=(
                "**Visit Planning course**\n"
                "The EVSP Learning Hub runs a half-day course on planning home visits.\n"
                "The date the audit gave (3 February 2001) has passed; ask the EVSP Learning Hub "
                "for current dates.\n"
                + NO_LINK.format("The fictional audit names the course without a link.")
            ),
            buttons=[theme_button("home_visits")],
            json_message=resource_payload(
                "visit_planning_course",
                title="Visit Planning course",
                resource_kind="training",
                text="The EVSP Learning Hub runs a half-day course on planning home visits.",
                dates=["2001-02-03"],
                dates_past=True,
                link_missing="The fictional audit names the course without a link.",
            ),
        )
    ]


def test_course_dates_still_to_come_are_given_with_the_link(domain) -> None:
    messages, events = show_resources(domain, "chairing_workshop")
    assert events == []
    assert messages == [
        sent(
            text=(
                "**Chairing Joint Meetings workshop**\n"
                "A fictional workshop on chairing joint meetings.\n"
                "Date given in the audit: 6 May 2998, 8 July 2999.\n"
                "https://example.org/chairing-workshop"
            ),
            buttons=[theme_button("joint_meetings")],
            json_message=resource_payload(
                "chairing_workshop",
                title="Chairing Joint Meetings workshop",
                resource_kind="training",
                text="A fictional workshop on chairing joint meetings.",
                dates=["2998-05-06", "2999-07-08"],
                link="https://example.org/chairing-workshop",
            ),
        )
    ]


def test_each_signpost_asked_for_is_sent_once_in_the_order_asked(domain) -> None:
    messages, events = show_resources(
        domain, "vale_procedures", "youth_drop_in", "vale_procedures", "not_a_resource"
    )
    assert events == []
    assert [m["custom"]["id"] for m in messages] == ["vale_procedures", "youth_drop_in"]
    assert messages[0]["text"] == (
        "**Example Vale Child Protection Procedures**\n"
        "The fictional procedures say who chairs a joint meeting.\n"
        "Reference: Part 9, 2030\n"
        "https://example.org/procedures"
    )


def test_a_request_naming_no_signpost_lists_them_all(domain) -> None:
    messages, events = run_action(
        ActionShowResource(), make_tracker(user_event("resources?", "ask_resource")), domain
    )
    assert events == []
    titles = {
        "visit_planning_course": "Visit Planning course",
        "chairing_workshop": "Chairing Joint Meetings workshop",
        "youth_drop_in": "Example Vale Youth Drop-in",
        "vale_procedures": "Example Vale Child Protection Procedures",
    }
    assert messages == [
        sent(
            response="utter_resource_list",
            json_message={"kind": "resource_list", "items": list(titles)},
            buttons=[
                {"title": title, "payload": f'/ask_resource{{"resource":"{resource}"}}'}
                for resource, title in titles.items()
            ],
            resource_lines="\n".join(f"- {title}" for title in titles.values()),
        )
    ]


SAFETY_HEAD = (
    "**If a child is at immediate risk, act now: Reflect is not a referral route and cannot send "
    "help.**\n"
)
SAFETY_FOOT = (
    "\nFollow your agency's safeguarding procedures and the Example Vale Child Protection "
    "Procedures."
)
CONTACTS = {
    "emergency": {"id": "emergency", "title": "Example Vale emergency line", "phone": "999"},
    "dsl": {"id": "dsl", "title": "Tell your designated safeguarding lead now", "phone": None},
    "lado": {"id": "lado", "title": "Example Vale LADO", "phone": "020 7946 0001"},
    "childrens_social_care": {
        "id": "childrens_social_care",
        "title": "Example Vale duty desk",
        "phone": "020 7946 0000",
    },
    "out_of_hours": {"id": "out_of_hours", "title": "Example Vale night line", "phone": None},
}


def safety_sent(lines: list, routes: list) -> dict:
    return sent(
        text=SAFETY_HEAD + "\n".join(lines) + SAFETY_FOOT,
        json_message={
            "kind": "safety",
            "routes": routes,
            "contacts": [CONTACTS[r] for r in routes],
            "procedures": "vale_procedures",
        },
    )


def test_the_safety_message_gives_the_numbers_it_has_and_where_to_get_the_others(domain) -> None:
    risk = user_event(
        "police here, a toddler is alone on a balcony right now", "report_immediate_risk"
    )
    messages, events = run_action(ActionSafetySignpost(), make_tracker(risk), domain)
    assert events == []
    assert messages == [
        safety_sent(
            [
                "- Example Vale emergency line: 999",
                "- Example Vale duty desk: 020 7946 0000",
                # Never a placeholder: where the number can be had.
                "- Example Vale night line: ask your safeguarding lead for the number",
            ],
            ["emergency", "childrens_social_care", "out_of_hours"],
        ),
        sent(response="utter_safety_carry_on"),
    ]


def test_school_staff_are_told_to_go_to_their_safeguarding_lead_now(domain) -> None:
    risk = user_event(
        "im a TA, a girl in my class just showed me a burn and says she can't go home tonight",
        "report_immediate_risk",
    )
    messages, _ = run_action(ActionSafetySignpost(), make_tracker(risk), domain)
    assert messages[0] == safety_sent(
        [
            "- Example Vale emergency line: 999",
            "- Tell your designated safeguarding lead now",
            "- Example Vale duty desk: 020 7946 0000",
            "- Example Vale night line: ask your safeguarding lead for the number",
        ],
        ["emergency", "dsl", "childrens_social_care", "out_of_hours"],
    )


def test_a_safeguarding_lead_is_not_sent_to_their_safeguarding_lead(domain) -> None:
    """A trial's DSL was told to "ask your safeguarding lead" for a number."""
    told = user_event("I'm the DSL at a primary school", "describe_situation")
    risk = user_event("a pupil has just told me dad hit her this morning", "report_immediate_risk")
    messages, _ = run_action(ActionSafetySignpost(), make_tracker(risk, events=[told]), domain)
    assert messages[0] == safety_sent(
        [
            "- Example Vale emergency line: 999",
            "- Example Vale duty desk: 020 7946 0000",
            "- Example Vale night line: the number is in your agency's safeguarding procedures",
        ],
        ["emergency", "childrens_social_care", "out_of_hours"],
    )


def test_a_concern_about_someone_who_works_with_children_names_the_lado(domain) -> None:
    risk = user_event(
        "the football coach has been messaging a 12 year old and wants to meet her alone on "
        "saturday",
        "report_immediate_risk",
    )
    messages, _ = run_action(ActionSafetySignpost(), make_tracker(risk), domain)
    assert messages[0]["custom"]["routes"] == [
        "emergency",
        "dsl",
        "lado",
        "childrens_social_care",
        "out_of_hours",
    ]
    assert "- Example Vale LADO: 020 7946 0001" in messages[0]["text"]


# A flagged message that also describes a situation: the classifier's other intents say which
# (promises to change: home visits, in the fixture content).
PROMISES_AND_RISK = user_event(
    "mum keeps promising to stop drinking and we believe her, and tonight the baby is alone",
    "report_immediate_risk",
    1.0,
    ranking=[
        {"name": "report_immediate_risk", "confidence": 1.0},
        {"name": "describe_promises_to_change", "confidence": 0.6},
        {"name": "describe_emotional_toll", "confidence": 0.05},
    ],
)


def test_the_situation_a_flagged_message_describes_is_offered_after_the_safety_message(
    domain,
) -> None:
    messages, events = run_action(ActionSafetySignpost(), make_tracker(PROMISES_AND_RISK), domain)
    assert messages[0]["custom"]["kind"] == "safety"
    assert messages[1] == sent(
        response="utter_safety_then_reflect",
        buttons=[theme_button("home_visits")],
        json_message={
            "kind": "theme_suggestion",
            "themes": ["home_visits"],
            "reason": "after_safety",
        },
        theme_titles="Home Visits",
    )
    assert events == [SlotSet("suggested_themes", ["home_visits"])]


def test_in_the_questions_their_own_theme_is_not_offered_again(domain) -> None:
    tracker = make_tracker(
        PROMISES_AND_RISK, slots={"current_theme": "home_visits"}, active_loop="reflection_form"
    )
    messages, events = run_action(ActionSafetySignpost(), tracker, domain)
    assert [m.get("response") for m in messages[1:]] == ["utter_safety_carry_on"]
    assert events == []


def test_a_new_session_starts_and_says_what_reflect_is_for_the_audits_partnership(
    domain,
) -> None:
    messages, events = run_action(ActionSessionStart(), make_tracker(), domain)
    assert events == [SessionStarted(), ActionExecuted("action_listen")]
    assert messages == [
        sent(response="utter_intro", partnership="Example Vale Safeguarding Partnership")
    ]


def test_a_session_opened_by_a_risk_message_starts_without_the_greeting(domain) -> None:
    """The safety message (a rule after the session start) is then the very first reply."""
    tracker = make_tracker(slots={"session_started_metadata": {"reflect": {"risk": True}}})
    messages, events = run_action(ActionSessionStart(), tracker, domain)
    assert events == [SessionStarted(), ActionExecuted("action_listen")]
    assert messages == []


def test_the_fallback_offers_the_classifiers_themes_then_the_closest_by_wording(
    domain, theme_settings
) -> None:
    theme_settings.update(fallback_options=3, fallback_min_situation=0.15)
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.6},
        {"name": "describe_emotional_toll", "confidence": 0.3},  # staff_wellbeing 0.3 >= 0.15
    ]
    # The words are closest to handover_notes ("dog", in case 1's message), then home_visits.
    text = "I keep thinking about the dog at night"
    tracker = make_tracker(user_event(text, "nlu_fallback", 0.6, ranking=ranking))
    messages, events = run_action(ActionDefaultAskAffirmation(), tracker, domain)
    assert events == []
    assert messages == [
        sent(
            text="I'm not sure which part of the audit this touches. Is it one of these?",
            buttons=[
                theme_button("staff_wellbeing"),
                theme_button("handover_notes"),
                theme_button("home_visits"),
                {"title": "None of these", "payload": "/out_of_scope"},
            ],
            json_message={
                "kind": "theme_suggestion",
                "themes": ["staff_wellbeing", "handover_notes", "home_visits"],
                "reason": "uncertain",
            },
        )
    ]


def test_an_unclear_message_with_nothing_of_the_audit_in_it_is_declined(
    domain, theme_settings
) -> None:
    theme_settings.update(fallback_min_situation=0.15, fallback_min_wording=0.05)
    ranking = [{"name": "nlu_fallback", "confidence": 0.9}]  # no situation at all
    tracker = make_tracker(  # and no word in common with the content
        user_event("what time does the canteen open", "nlu_fallback", 0.9, ranking=ranking)
    )
    messages, events = run_action(ActionDefaultAskAffirmation(), tracker, domain)
    # declined, and the two-stage fallback ends there: the next line is read afresh
    assert events == [ActiveLoop(None), FollowupAction("action_listen")]
    assert messages == [sent(response="utter_out_of_scope")]


def test_a_question_about_the_hours_after_a_signpost_gets_its_hours_only(domain) -> None:
    shown = {
        "event": "bot",
        "text": "**Example Vale Youth Drop-in**",
        "data": {"custom": {"kind": "resource", "id": "youth_drop_in"}},
    }
    tracker = make_tracker(
        user_event("is it open on saturdays?", "ask_resource", 0.9),
        events=[user_event("the youth drop in?", "ask_resource"), shown],
    )
    messages, _ = run_action(ActionShowResource(), tracker, domain)
    assert [m["response"] for m in messages] == ["utter_resource_hours_of"]
    assert messages[0]["hours"] == "Tuesdays 10am to 4pm"


SAFETY_SETTINGS = {
    "situation_min_score": 0.3,
    "situation_max_themes": 3,
    "situation_rule_confidence": 0.5,
}


def test_a_situation_named_only_in_the_wording_of_a_flagged_message_is_offered(
    domain, monkeypatch
) -> None:
    # The classifier gave all its confidence to the risk: the situation is in the words.
    monkeypatch.setitem(tunables(), "safety", {**SAFETY_SETTINGS, "situation_wording_weight": 1.0})
    flagged = user_event(
        "nobody wrote handover notes for the next worker, and tonight the baby is alone",
        "report_immediate_risk",
        1.0,
        ranking=[{"name": "report_immediate_risk", "confidence": 1.0}],
    )
    messages, _ = run_action(ActionSafetySignpost(), make_tracker(flagged), domain)
    assert messages[0]["custom"]["kind"] == "safety"
    assert messages[1]["custom"]["themes"][0] == "handover_notes"


def test_in_the_questions_the_next_best_situation_is_offered_in_place_of_their_own(
    domain, monkeypatch
) -> None:
    monkeypatch.setitem(tunables(), "safety", {**SAFETY_SETTINGS, "situation_wording_weight": 0})
    flagged = user_event(
        "mum keeps promising, the notes never came, nobody chairs, and tonight the baby is alone",
        "report_immediate_risk",
        1.0,
        ranking=[
            {"name": "report_immediate_risk", "confidence": 1.0},
            {"name": "describe_promises_to_change", "confidence": 0.6},
            {"name": "describe_outcome_not_shared", "confidence": 0.5},
            {"name": "describe_no_lead_professional", "confidence": 0.45},
            {"name": "describe_emotional_toll", "confidence": 0.4},
        ],
    )
    tracker = make_tracker(
        flagged, slots={"current_theme": "home_visits"}, active_loop="reflection_form"
    )
    messages, _ = run_action(ActionSafetySignpost(), tracker, domain)
    # Three offered, none of them the questions' own: it is set aside before the best are chosen.
    assert messages[1]["custom"]["themes"] == [
        "handover_notes",
        "joint_meetings",
        "staff_wellbeing",
    ]


def test_the_situation_beside_the_risk_is_offered_from_its_own_parse(domain, monkeypatch) -> None:
    # Parsed whole, the message is the emergency's (nothing else ranked); what it says beside
    # the risk, parsed on its own by the channel, is the situation to continue to.
    monkeypatch.setitem(
        tunables(),
        "safety",
        {**SAFETY_SETTINGS, "situation_wording_weight": 0, "situation_min_words": 10},
    )
    flagged = user_event(
        "tonight the baby is alone. mum keeps promising to change and we keep believing her",
        "report_immediate_risk",
        1.0,
        ranking=[{"name": "report_immediate_risk", "confidence": 1.0}],
    )
    flagged["parse_data"]["situation"] = {
        "text": "mum keeps promising to change and we keep believing her",
        "intent_ranking": [
            {"name": "describe_promises_to_change", "confidence": 0.8},
            {"name": "describe_emotional_toll", "confidence": 0.1},
        ],
        "entities": [],
        "theme_similarity": [],
    }
    messages, _ = run_action(ActionSafetySignpost(), make_tracker(flagged), domain)
    assert messages[0]["custom"]["kind"] == "safety"
    assert messages[1]["custom"]["themes"][0] == "home_visits"
