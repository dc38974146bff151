"""Themes and the reflective loop: key message with its case, then questions asked one at a time,
each turn taken for what it is (bot/core/turns.py) and each answer heard (bot/core/answers.py)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Dict, Iterable, List, Tuple

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.audit_content import (
    answer_side_question,
    explain_terms,
    follow_up_on_last_reply,
    name_uncovered,
    previous_reply,
    show_resources,
    signpost_contact,
    who_can_help_again,
)
from actions.common import (
    DomainDict,
    active_loop,
    asked_about_slip,
    button_title,
    changed,
    counted,
    entity_values,
    kb,
    latest_confidence,
    latest_intent,
    latest_parse,
    render,
    response_buttons,
    said_texts,
    said_this_session,
    session_events,
    session_seed,
    single_message,
    slot_events,
    theme_buttons,
)
from actions.offers import (
    acknowledge_safety_update,
    after_safety,
    confirmed_slip,
    decline_offer,
    recording_answered,
)
from actions.session import ANSWERED
from actions.side_turns import (
    CANNOT_HELP,
    ActionProgress,
    answer_also_asked,
    answer_question,
    taken_as_answer,
)
from actions.uncovered import note_uncovered, note_uncovered_briefly
from bot.core import contract, turns
from bot.core.agreed_actions import role_named
from bot.core.answers import Heard, hear, opener
from bot.core.reflection import answered_in, question_order, question_topic
from bot.core.relevance import key_message_index
from bot.core.summary import tells_situation_first
from bot.core.themes import SIGNPOST_QUESTION, is_unrelated, rank_themes, theme_named_last
from bot.core.turn_data import THEME_SIMILARITY, clauses_of
from bot.core.turns import asks_awareness, is_question
from bot.knowledge import KeyMessage, KnowledgeBase, Question, Theme
from bot.rasa_ext.payloads import is_payload, make_payload
from bot.settings import tunables


def most_relevant_message(
    theme: Theme,
    text: str,
    case_number: str | None,
    shown: List[str] | None = None,
    audit: str | None = None,
) -> KeyMessage:
    """The theme's key message from the case asked about (of ``audit``, when a button names
    it); else the one already shown this session ("go back to cross borough"); else the one
    closest to the words."""
    messages = theme.key_messages
    seen = [m for m in messages if m.id in (shown or [])]
    if seen and not case_number:
        return seen[-1]
    if case_number:
        from_case = [
            m
            for m in messages
            if str(kb().cases[m.case_id].number) == case_number and audit in (None, m.audit_id)
        ]
        if from_case:
            return from_case[-1]
    if len(messages) > 1 and text and not is_payload(text):
        order = [key for key, _ in key_message_index(kb()).rank(text)]
        return min(messages, key=lambda m: order.index(m.id))
    return messages[-1]


def key_message_parts(message: KeyMessage) -> Tuple[str, str]:
    """The key message as shown first, and the rest behind a button ("" when it is short): a
    long message opens with its first sentences, so a busy reader sees the point at once; the
    rest of it (its evidence and advice) and its case come with "Read the rest"."""
    paragraphs = [p for p in message.text.split("\n\n") if p.strip()]
    paragraphs += [p for p in (message.evidence, message.advice) if p]
    whole = " ".join(" ".join(p.split()) for p in paragraphs)
    replies = tunables()["replies"]
    if len(whole.split()) <= replies["long_text_words"]:
        return whole, ""
    said = [s.strip() for s in re.split(r"(?<=[.!?])\s+", whole) if s.strip()]
    first = said[:1]
    for sentence in said[1:]:
        if len(" ".join([*first, sentence]).split()) > replies["brief_words"]:
            break
        first.append(sentence)
    rest = " ".join(said[len(first) :])
    return " ".join(first), rest


def present_key_message(
    dispatcher: CollectingDispatcher,
    domain: DomainDict,
    message: KeyMessage,
    shown: List[str],
) -> List[str]:
    """The key message with its case, in full the first time this session; afterwards by title
    with a button to show it again. Returns the key messages shown so far."""
    case = kb().cases[message.case_id]
    if message.id in shown:
        dispatcher.utter_message(
            response="utter_key_message_repeat",
            json_message={**contract.key_message(message, case), "repeat": True},
            buttons=[show_key_message_button(domain, message, "utter_show_again_button")],
            theme_title=message.title,
            case_label=case.label,
        )
        return shown
    first, rest = key_message_parts(message)
    dispatcher.utter_message(
        # a long message opens briefly: its point first, the rest and its case behind a button
        response="utter_key_message_brief" if rest else "utter_key_message",
        json_message=contract.key_message(message, case),
        buttons=[show_key_message_button(domain, message, "utter_more_button", "rest")]
        if rest
        else [],
        theme_title=message.title,
        case_label=case.label,
        case_summary=case.summary,
        strengths="; ".join(s.title for s in case.strengths),
        key_message=single_message(first),
    )
    return [*shown, message.id]


def show_key_message_button(
    domain: DomainDict, message: KeyMessage, title: str, part: str | None = None
) -> Dict[str, str]:
    entities = {"key_message": message.id, **({"part": part} if part else {})}
    return {
        "title": render(domain, title),
        "payload": make_payload("show_key_message", **entities),
    }


def next_step(question: Question, domain: DomainDict, base: KnowledgeBase | None = None) -> str:
    """The ``if_not`` as the practitioner reads it (and as the summary keeps it): its text, then
    how to reach each signpost it names, with the details from resources.yml."""
    resources = (base or kb()).resources
    contacts = [
        signpost_contact(resources[r], domain)
        for r in question.if_not_resources
        if resources[r].phone or resources[r].email or resources[r].link
    ]
    return " ".join([question.if_not, *contacts])


def send_signposts(dispatcher: CollectingDispatcher, question: Question) -> None:
    """The signposts a next step names, as payloads only: their contact details are already in
    the next step's words (no fact twice), and a client can show each as a card."""
    today = dt.date.today()
    for resource_id in question.if_not_resources:
        dispatcher.utter_message(
            json_message=contract.resource(kb().resources[resource_id], kb(), today)
        )


def answer_record(
    question: Question, answer: str | None, kind: str, heard: Heard | None, step: str | None
) -> Dict[str, Any]:
    """One answer as the summary keeps it."""
    return {
        "question_id": question.id,
        "theme": question.theme,
        "question": question.text,
        "origin": question.origin,
        "answer": answer,
        "kind": kind,
        "heard": (heard.substance or None) if heard else None,
        "next_step": step,
        "follow_up": None,
    }


def answer_payload(question: Question, kind: str) -> Dict[str, Any]:
    return contract.answer("reflection", question.theme, kind, question=question.id)


def with_record(records: List[Dict[str, Any]], record: Dict[str, Any]) -> List[Dict[str, Any]]:
    """The answers with ``record`` added, replacing an earlier answer to the same question
    (after "go back to the last question")."""
    return [*(r for r in records if r["question_id"] != record["question_id"]), record]


def record_and_advance(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: DomainDict,
    records: List[Dict[str, Any]],
    asked: List[str],
) -> Dict[str, Any]:
    """The answers and the questions asked so far, then the loop moved on to the next queued
    question (``advance``): the slots a turn at a question sets."""
    return {
        "reflection_answers": records,
        "asked_questions": asked,
        **advance(
            dispatcher, tracker, domain, tracker.get_slot("question_queue") or [], records, asked
        ),
    }


def advance(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: DomainDict,
    queue: List[str],
    records: List[Dict[str, Any]],
    asked: List[str],
    shown_now: Iterable[str] = (),
) -> Dict[str, Any]:
    """Moves the loop on to the next question. Any queued question the practitioner's own words
    already answer is not asked: it is said and recorded instead. Returns the slots to set
    ("done" in ``reflection_answer`` lets the form finish); the answers only when some were
    recorded here."""
    said = said_texts(tracker)
    seen = signposts_shown(tracker) | set(shown_now)  # and those in this very reply
    remaining: List[str] = []
    for question_id in queue:
        question = kb().question(question_id)
        if question is not None and known_already(question, seen):
            # "Are you aware of X?" once X was shown: they are now; not asked, and no answer
            # is put in their mouth (the summary lists the signpost, not a "yes").
            dispatcher.utter_message(response="utter_question_known", question=question.text)
            asked = [*asked, question.id]
            continue
        found = answered_in(kb(), question, said) if question else None
        if question is None or found is None:
            remaining.append(question_id)
            continue
        quote, kind = found
        step = next_step(question, domain) if kind == "no" else None
        dispatcher.utter_message(
            response="utter_question_already_answered_no"
            if step
            else "utter_question_already_answered",
            json_message=answer_payload(question, kind),
            quote=quote,
            topic=question_topic(kb(), question) or question.text,
            **({"next_step": step} if step else {}),
        )
        if step:
            send_signposts(dispatcher, question)
        records = with_record(records, answer_record(question, quote, kind, None, step))
        asked = [*asked, question.id]
    said_answers = len(remaining) < len(queue)  # answered from what was said, or not asked
    return {
        "pending_question": remaining[0] if remaining else None,
        "question_queue": remaining[1:],
        **({"reflection_answers": records, "asked_questions": asked} if said_answers else {}),
        "follow_up_for": None,
        "reflection_answer": None if remaining else "done",
    }


def signposts_shown(tracker: Tracker) -> set:
    """The signposts given this session (as cards, or named by a next step)."""
    return {
        ((e.get("data") or {}).get("custom") or {}).get("id")
        for e in session_events(tracker)
        if e.get("event") == "bot"
        and ((e.get("data") or {}).get("custom") or {}).get("kind") == "resource"
    }


def known_already(question: Question, seen: set) -> bool:
    """An awareness question whose signposts were all shown this session."""
    return (
        asks_awareness(question.text)
        and bool(question.if_not_resources)
        and set(question.if_not_resources) <= seen
    )


def question_intro(domain: DomainDict, questions: List[Question]) -> Dict[str, str]:
    """ "I'll ask you three questions: one from the audit and two of my own": honest about
    where each comes from, with correct plurals."""
    audit = sum(1 for q in questions if q.origin == "audit")
    derived = len(questions) - audit
    response = (
        "utter_questions_mixed"
        if audit and derived
        else "utter_questions_from_audit"
        if audit
        else "utter_questions_derived"
    )
    worded = render(
        domain,
        response,
        questions=counted(len(questions), "question"),
        audit=counted(audit),
        derived=counted(derived),
    )
    return {"questions": worded}


# Nothing asked (a theme offered with a button instead): the form that follows finishes at once.
OFFERED = [SlotSet("reflection_status", "offered"), SlotSet("reflection_answer", "done")]
STOPPED = "stopped"  # reflection_status: stopped at the end of an answer (the form then ends)


class ActionPresentTheme(Action):
    """Recognised theme(s) -> key message with its case, other themes offered, questions queued.

    A practical question about a signpost gets its answer first and reflecting is offered with
    a button; in a supervision, the key message only (the supervision carries on)."""

    def name(self) -> str:
        return "action_present_theme"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        return present_theme(dispatcher, tracker, domain)


def present_theme(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: DomainDict,
    switch_to: str | None = None,
) -> List[EventType]:
    """What ActionPresentTheme does; ``switch_to``: a theme the practitioner asked to move to
    in the middle of the questions (an explicit choice, whatever the turn's intent)."""
    latest = latest_parse(tracker)
    text = latest.get("text") or ""
    typed = not text.startswith("/")  # a pressed button is a choice, not an answer
    if (
        switch_to is None
        and active_loop(tracker) == "supervision_form"
        and typed
        and not is_question(text)
    ):
        # "SW to refer to the exploitation panel": told in a supervision, it is the answer
        # to the step or action in hand (a theme is woven in from it only when clear)
        return taken_as_answer(dispatcher, tracker, domain, text)
    if switch_to is None and typed and who_can_help_again(dispatcher, tracker, domain):
        return [*OFFERED]  # "ugh ok. who would i even ask then", after "I can't do that"
    if switch_to is None and typed and turns.is_self_doubt(text):
        # "am i overreacting?": answered briefly, never fitted to a theme it gives no basis for
        dispatcher.utter_message(response="utter_self_doubt")
        return [*OFFERED]
    ranking = latest.get("intent_ranking") or [latest.get("intent") or {}]
    ranked = rank_themes(
        kb(),
        ranking,
        latest.get("entities") or [],
        clauses_of(latest),
        similarity=latest.get(THEME_SIMILARITY) or [],
    )
    named = [t for t in entity_values(tracker, "theme") if t in kb().themes]
    titled = theme_named_last(kb(), text)
    choosing = latest_intent(tracker) in ("choose_theme", "revisit_step")  # "go back to X"
    if choosing and titled and titled not in named[:1]:
        named = [titled]  # "no not cross borough. management of CSE cases"
    if choosing and not named:
        named = themes_called(text)[:1]  # "yeah lets do the drugs one"
    if switch_to is not None:
        choosing, named = True, [switch_to]
    chosen = choosing and bool(named)
    if (
        typed
        and not chosen
        and (
            decline_offer(dispatcher, tracker, [*named, titled or ""])
            or acknowledge_safety_update(dispatcher, tracker)
        )
    ):
        # "no, because I've already referred him" to "do you want to reflect on X?"; "ok
        # police are on the way, I'm just shaken" after the safety message: nothing started
        return [*OFFERED]
    if chosen:
        # An explicit choice: the theme(s) named, not the classifier's guesses.
        ranked_themes, suggestions = named, []
    else:
        ranked_themes, suggestions = ranked.themes, ranked.suggestions()
    clear = ranked_themes[:1] if chosen or ranked.is_clear() else []
    confidence = None if chosen else latest_confidence(tracker)
    if typed and not chosen and name_uncovered(dispatcher, text, domain, clear, confidence):
        return [*OFFERED]  # "worried about FGM...": not a theme the audit has
    if not ranked_themes:
        dispatcher.utter_message(
            response="utter_no_theme_recognised",
            buttons=theme_buttons(kb().themes),
            json_message=contract.theme_suggestion(kb().themes, "all"),
        )
        return [*OFFERED]

    theme = kb().theme(ranked_themes[0])
    answered = CollectingDispatcher()
    if switch_to is None and answer_side_question(answered, tracker, domain, follow_ups_only=True):
        # "how do I refer him to drug services?", "and CAMHS in that case?": the answer
        # first, reflecting offered.
        dispatcher.messages.extend(answered.messages)
        if not (chosen or ranked.is_clear()) or not tells_situation_first(text):
            dispatcher.utter_message(
                response="utter_offer_reflection",
                buttons=theme_buttons([theme.id]),
                theme_titles=theme.title,
            )
            return [*OFFERED]
        # "...loads of people round her but no one has brought in the school nurse. is that
        # even a thing at primary?": a situation told at length, then asked about; answered,
        # and the situation's theme follows as usual
    answered_signposts = [
        str(m["custom"]["id"])
        for m in answered.messages
        if isinstance(m.get("custom"), dict) and m["custom"].get("kind") == "resource"
    ]

    if not chosen and not ranked.is_clear():
        # No theme clearly best: the closest ones to choose from, not a key message that
        # may be the wrong one.
        options = ranked_themes[: tunables()["themes"]["uncertain_options"]]
        if typed:
            answer_trailing_question(dispatcher, text, domain)
        dispatcher.utter_message(
            response="utter_theme_uncertain",
            buttons=theme_buttons(options),
            json_message=contract.theme_suggestion(options, "uncertain"),
        )
        return [*OFFERED]

    if typed and not chosen:
        note_uncovered(dispatcher, text, theme.title)  # "...DV at home": not covered, said so
    message = most_relevant_message(
        theme,
        text,
        next(iter(entity_values(tracker, "case_number")), None),
        tracker.get_slot("key_messages_shown"),
        next(iter(entity_values(tracker, "audit")), None),
    )
    shown = present_key_message(
        dispatcher, domain, message, tracker.get_slot("key_messages_shown") or []
    )
    # "...didn't know where to send him": the key message's signposts, details first
    # ... or asks for one in a sentence of its own ("is there any training on asking parents
    # the awkward stuff? i freeze ...": a held-out one got the key message alone)
    asks_signpost = any(
        c.get("intent") == SIGNPOST_QUESTION and float(c.get("confidence", 0.0)) >= 0.9
        for c in clauses_of(latest)
    )
    wanted = typed and (turns.needs_signpost(text) or asks_signpost)
    signposts = list(message.resources) if wanted else []
    show_resources(dispatcher, domain, signposts, buttons=False)
    if typed:
        answer_trailing_question(dispatcher, text, domain)  # "...nobody came. whats an NRM?"
    suggestions = [t for t in suggestions if t != theme.id]
    if suggestions:
        dispatcher.utter_message(
            response="utter_theme_suggestion",
            buttons=theme_buttons(suggestions),
            json_message=contract.theme_suggestion([theme.id, *suggestions], "also"),
            theme_titles="; ".join(kb().theme(t).title for t in suggestions),
        )
    discussed = tracker.get_slot("themes_discussed") or []
    slots: Dict[str, Any] = {
        "key_messages_shown": shown,
        "themes_discussed": [*discussed, theme.id] if theme.id not in discussed else discussed,
    }
    if active_loop(tracker) == "supervision_form":
        return slot_events(changed(tracker, slots))

    asked = tracker.get_slot("asked_questions") or []
    questions = question_order(
        theme, message, asked, session_seed(tracker), " ".join(said_texts(tracker))
    )
    # Questions the practitioner's own words already answer are said, not asked: the
    # intro counts only the ones that will be asked.
    notes = CollectingDispatcher()
    moved_on = advance(
        notes,
        tracker,
        domain,
        [q.id for q in questions],
        tracker.get_slot("reflection_answers") or [],
        asked,
        shown_now=[*signposts, *answered_signposts],
    )
    to_ask = [moved_on["pending_question"], *moved_on["question_queue"]]
    to_ask = [kb().question(q) for q in to_ask if q]
    if to_ask and not (asked or intro_given(tracker)):
        dispatcher.utter_message(
            response="utter_reflective_question_intro", **question_intro(domain, to_ask)
        )
    dispatcher.messages.extend(notes.messages)
    slots.update(
        current_theme=theme.id,
        suggested_themes=suggestions,
        reflection_status="asking",
        # New questions replace paused ones; a paused supervision still waits.
        paused=None if tracker.get_slot("paused") == "reflection" else tracker.get_slot("paused"),
        **moved_on,
    )
    # The answer slot last: empty, the form asks the first question; "done", it finishes.
    answer_slot = {"reflection_answer": slots.pop("reflection_answer")}
    return slot_events(changed(tracker, {**slots, **answer_slot}))


def kept_reason(earlier: Dict[str, Any], corrected: str) -> str | None:
    """The reason given with an answer since corrected ("not sure, because the plan has no
    dates" corrected to "no, theres no timeframe"): the kind changes, the reasoning stays in
    the summary (unless the correction says it again)."""
    reason = hear("", str(earlier.get("answer") or "")).reason
    return reason if reason and reason.lower() not in corrected.lower() else None


def answer_trailing_question(
    dispatcher: CollectingDispatcher, text: str, domain: DomainDict
) -> None:
    """A situation or a choice told, then a term asked about at the end ("not really, we had one
    strat but nobody came. whats an NRM?"): the term explained beside the theme, not lost; or
    "... am i overreacting?" (a trial's went unanswered): answered too."""
    told, asked = turns.trailing_question(text)
    if not (asked and turns.tells_enough(told)):
        return
    if kb().terms_in(asked):
        explain_terms(dispatcher, asked, domain)
    elif turns.is_self_doubt(asked):
        dispatcher.utter_message(response="utter_self_doubt")


def corrected_question(tracker: Tracker, pending: Question) -> Question | None:
    """The question a correction is about: the pending one when its follow-up is being asked
    (its answer was the last given), else the last one the practitioner answered themselves (not
    one their earlier words answered); None when there is none."""
    if tracker.get_slot("follow_up_for") == pending.id:
        return pending
    answered = {r["question_id"] for r in tracker.get_slot("reflection_answers") or []}
    for event in reversed(session_events(tracker)):
        custom = (event.get("data") or {}).get("custom") or {}
        acknowledged = str((event.get("metadata") or {}).get("utter_action") or "")
        if (
            event.get("event") == "bot"
            and custom.get("kind") == "answer"
            and custom.get("mode") == "reflection"
            and acknowledged.startswith("utter_ack_")
            and custom.get("question") in answered
        ):
            return kb().question(custom["question"])
    return None


def answered_at(tracker: Tracker, place: int | None, pending: Question | None) -> Question | None:
    """The question whose answer "the first one" / "the second question" names: that place
    among the answers on the theme answered last; "the last one" (``place`` None), the last
    answered (the pending one's when its follow-up is being asked)."""
    records = tracker.get_slot("reflection_answers") or []
    if not records:
        return None
    if place is None:
        found = corrected_question(tracker, pending) if pending else None
        return found or kb().question(records[-1]["question_id"])
    on_theme = [r for r in records if r["theme"] == records[-1]["theme"]]
    return kb().question(on_theme[place]["question_id"]) if place < len(on_theme) else None


def withdraw_answer(dispatcher: CollectingDispatcher, tracker: Tracker) -> Dict[str, Any] | None:
    """ "that wasnt my answer, i was just giving context": the last answer the practitioner gave
    taken out of their answers, kept with their situation, and its question asked again after
    the one in hand; None when the turn says no such thing or there is no answer to take back."""
    pending = kb().question(tracker.get_slot("pending_question") or "")
    text = tracker.latest_message.get("text") or ""
    if pending is None or not turns.withdraws_answer(text):
        return None
    target = corrected_question(tracker, pending)
    records = tracker.get_slot("reflection_answers") or []
    taken = next((r for r in records if target and r["question_id"] == target.id), None)
    if taken is None:
        return None
    dispatcher.utter_message(response="utter_answer_withdrawn")
    queue = tracker.get_slot("question_queue") or []
    if target.id != pending.id:
        queue = [target.id, *[q for q in queue if q != target.id]]
    return {
        "reflection_answers": [r for r in records if r is not taken],
        "situation_notes": [
            *(tracker.get_slot("situation_notes") or []),
            *([taken["answer"]] if taken["answer"] else []),
        ],
        "question_queue": queue,
        "reflection_answer": None,
    }


def intro_given(tracker: Tracker) -> bool:
    """Whether the questions were introduced already this session (once is enough)."""
    return said_this_session(tracker, "utter_reflective_question_intro")


def asked_before(tracker: Tracker, question_id: str) -> bool:
    """Whether this question was already put to the practitioner this session."""
    return any(
        ((e.get("data") or {}).get("custom") or {}).get("id") == question_id
        for e in session_events(tracker)
        if e.get("event") == "bot"
    )


def last_question_put(tracker: Tracker) -> Question | None:
    """The reflective question Reflect last put to the practitioner this session."""
    for event in reversed(session_events(tracker)):
        custom = (event.get("data") or {}).get("custom") or {}
        if event.get("event") == "bot" and custom.get("kind") == "reflective_question":
            return kb().question(custom.get("id") or "")
    return None


def ask_question(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, question: Question
) -> None:
    """The question, saying whose it is: the audit's, or Reflect's own drawn from the audit."""
    again = "_again" if asked_before(tracker, question.id) else ""
    dispatcher.utter_message(
        response="utter_reflective_question",
        json_message=contract.reflective_question(question),
        source=render(domain, f"utter_source_{question.origin}{again}"),
        question=question.text,
    )


class ActionAskReflectionAnswer(Action):
    """Asks the pending reflective question, or its one follow-up (called by reflection_form)."""

    def name(self) -> str:
        return "action_ask_reflection_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        question = kb().question(tracker.get_slot("pending_question") or "")
        if question is None:
            return []
        if tracker.get_slot("follow_up_for") == question.id:
            dispatcher.utter_message(response="utter_follow_up")
        else:
            ask_question(dispatcher, tracker, domain, question)
        return []


def themes_called(text: str) -> List[str]:
    """Themes ``text`` calls by a short name ("the drugs one", "info sharing"), the one named
    last first."""
    found: Dict[str, int] = {}
    for theme in kb().themes.values():
        for name in theme.short_names:
            for match in re.finditer(rf"(?<![\w']){re.escape(name)}(?![\w'])", text, re.I):
                found[theme.id] = max(found.get(theme.id, -1), match.start())
    return sorted(found, key=lambda t: -found[t])


# "yes lets", "go on then", "that one": taking up a theme just offered as a switch
_TAKES_UP = re.compile(r"\b(let'?s|lets|that one|this one|go on|do it|do that|why not)\b", re.I)


# "the challenge one", "that bit": one of the themes just offered, chosen
_CHOOSES = re.compile(r"\b(?:one|bit|theme|that|this)\b", re.I)


def requested_switch(tracker: Tracker, text: str) -> str | None:
    """The theme a turn in the middle of the questions asks to move to, if it does: it asks
    to switch and names a theme other than the one in hand ("can we do the challenge and
    escalation one instead"), or it takes up the theme just offered as a switch ("yeah lets
    do the drugs one"). None otherwise: naming a theme in an answer is not asking for it."""
    current = tracker.get_slot("current_theme")
    named = [
        *entity_values(tracker, "theme"),
        theme_named_last(kb(), text) or "",
        *themes_called(text),
    ]
    named = [t for t in dict.fromkeys(named) if t in kb().themes and t != current]
    if named and turns.asks_to_switch(text) and opener(text)[0] is None:
        return named[0]  # ("no, we should challenge instead" is an answer)
    offer = previous_reply(tracker, ("theme_suggestion",)) or {}
    offered = [t for t in offer.get("themes") or [] if t in kb().themes and t != current]
    takes_up = opener(text)[0] == "yes" or latest_intent(tracker) == "affirm"
    if named and named[0] in offered and len(text.split()) <= 8 and _CHOOSES.search(text):
        return named[0]  # "the challenge one i think" to themes just offered (one was recorded)
    if offer.get("reason") == "switch" and offered and takes_up:
        if named and named[0] in offered:
            return named[0]
        if _TAKES_UP.search(text) and len(text.split()) <= 8:
            return offered[0]
    return None


def not_heard(text: str, intent: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """A turn that is no answer whatever the question: nothing that could answer ("a"), a slip
    for a control word ("stpo": asked about, with its button), or, just after the safety
    message, what has been done or how the practitioner feels (acknowledged). True when it was
    one (said so; the question then comes again)."""
    if intent in ("affirm", "deny", "express_unsure"):
        return False  # "y", "nope": answers
    if asked_about_slip(dispatcher, text):
        return True
    if turns.is_noise(text):
        dispatcher.utter_message(response="utter_not_caught")
        return True
    if turns.is_self_doubt(text) and not opener(text)[0]:
        # "am i overreacting?": a brief, reflective answer; the question then comes again
        dispatcher.utter_message(response="utter_self_doubt")
        return True
    if after_safety(tracker) and turns.is_safety_update(text) and not opener(text)[0]:
        dispatcher.utter_message(response="utter_safety_update_ack_questions")
        recording_answered(dispatcher, tracker)
        return True
    theme = kb().themes.get(tracker.get_slot("current_theme") or "")
    if turns.asks_to_reflect(text) and theme and not themes_called(text):
        # "can we reflect on it now" (a trial's was recorded as an answer): where we are
        dispatcher.utter_message(**ActionProgress.question_progress(tracker, theme.id, theme.title))
        return True
    return False


class ValidateReflectionForm(FormValidationAction):
    """Takes each turn for what it is; hears and records answers; chooses the next question."""

    def name(self) -> str:
        return "validate_reflection_form"

    def validate_reflection_answer(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Dict[str, Any]:
        if value is None:  # the slot was reset when the loop (re)started: nothing was answered
            return {}
        question = kb().question(tracker.get_slot("pending_question") or "")
        if question is None:  # nothing was pending: let the form finish
            return {"reflection_answer": "done"}
        typed = (tracker.latest_message.get("text") or "").strip()
        if value == "done" and typed.lower() != "done":
            # set by an action (themes offered with buttons, nothing asked), not typed: the
            # form finishes and nothing is recorded
            return {"reflection_answer": "done"}
        text = str(value).strip()
        intent = latest_intent(tracker)
        if not_heard(text, intent, dispatcher, tracker):
            return {"reflection_answer": None}  # "a", "stpo", "police are here, I'm shaken"
        slip = confirmed_slip(tracker, text)
        if slip == "/stop":  # "yes" to "did you mean stop?": stopped, as "stop" stops them
            return {
                **stop_questions(dispatcher, tracker, domain),
                "reflection_answer": "done",
                "reflection_status": STOPPED,
            }
        if slip == "/skip_question":
            return skip_question(dispatcher, tracker, domain)
        withdrawn = withdraw_answer(dispatcher, tracker)
        if withdrawn is not None:
            return withdrawn
        by_place = corrected_by_place(tracker, text, question)
        if by_place is not None:  # "that first one should have been no, ..."
            return self.correct(*by_place, intent, dispatcher, tracker, domain)
        corrected = turns.correction(text)
        if corrected is not None:
            # "sorry I meant no, ...": the last answer corrected, not this question answered
            target = corrected_question(tracker, question)
            if target is not None and corrected:
                return self.correct(target, corrected, intent, dispatcher, tracker, domain)
            text = corrected or text
        situation_themes = kb().themes_for_intent(intent)
        switch_to = requested_switch(tracker, text)
        if switch_to is not None:
            # "can we do the challenge and escalation one instead": that theme, nothing recorded
            events = present_theme(dispatcher, tracker, domain, switch_to=switch_to)
            return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
        # "ok ive gone to the dsl. back to your question, no ...", "ok i get it now. honestly
        # no, ...": the answer is what follows
        text = turns.after_understood(turns.after_answer_marker(text))
        if turns.ends_asking_to_go_on(text):
            # "ok police got to him, he's safe now. can we carry on": the question comes again
            return {"reflection_answer": None}
        # "not sure, ... . can we stop, i want to talk about the DV itself": the answer, heard
        # and kept, then the questions stop (a trial's stop inside an answer was swallowed)
        stopping = turns.stop_at_end(text)
        stopping = stopping if stopping and turns.tells_enough(stopping[0]) else None
        text = stopping[0] if stopping else text
        told, also_asked = turns.trailing_question(text)
        kind = (
            turns.ANSWER
            # "hmm. give me a sec" asks nothing and tells nothing (a held-out one was recorded)
            if also_asked and turns.tells_enough(told) and not turns.is_holding(text)
            else turns.interpret(
                intent,
                latest_confidence(tracker),
                text,
                unrelated=is_unrelated(
                    kb(), text, tracker.latest_message.get("intent_ranking") or []
                ),
                situation_themes=situation_themes,
                current_theme=tracker.get_slot("current_theme"),
                config=tunables()["turns"],
                facts_aside=True,
                bare_ok_holds=True,
                cannot_help=CANNOT_HELP,
            )
        )
        role = turns.own_role(text)
        if role and role_named(role, kb().supervision.actions.roles):
            kind = turns.FACT  # "i AM the gp lol": who is asking, not an answer
        if kind == turns.FACT:  # "she is 15": part of the situation, not this question's answer
            dispatcher.utter_message(response="utter_fact_noted")
            notes = tracker.get_slot("situation_notes") or []
            return {"reflection_answer": None, "situation_notes": [*notes, text]}
        if kind != turns.ANSWER:
            self.not_an_answer(kind, dispatcher, tracker, domain, situation_themes)
            return {"reflection_answer": None}  # not recorded; the question comes again
        # "sort of, our GP is helpful. when's the next one": the answer noted, the question
        # answered after it
        text = told if also_asked and turns.tells_enough(told) else text
        also_asked = also_asked if text == told else ""
        records = tracker.get_slot("reflection_answers") or []
        asked = tracker.get_slot("asked_questions") or []
        following_up = tracker.get_slot("follow_up_for") == question.id
        if following_up and opener(text)[0] is None:
            dispatcher.utter_message(
                response="utter_ack_follow_up",
                json_message=answer_payload(question, "reflection"),
            )
            answer_also_asked(dispatcher, tracker, domain, also_asked)
            records = [
                {**r, "follow_up": text} if r["question_id"] == question.id else r for r in records
            ]
        else:
            heard = hear(intent, text)
            step = next_step(question, domain) if heard.kind in ("no", "unsure") else None
            # "utter_ack_no_heard": the kind, and whether there is something to read back.
            response = f"utter_ack_{heard.kind}" + (
                "_heard" if heard.substance and heard.kind != "reflection" else ""
            )
            # A short answer of their own is read back whole ("it depends on the week").
            read_back = heard.substance or (text if heard.kind == "reflection" else "")
            details = {"heard": read_back} if read_back else {}
            if read_back and len(read_back.split()) < len(heard.reason.split()):
                response = f"utter_ack_{heard.kind}_heard_part"  # what stood out, said to be so
            dispatcher.utter_message(
                response=response,
                json_message=answer_payload(question, heard.kind),
                **details,
                **({"next_step": step} if step else {}),
            )
            if step:
                send_signposts(dispatcher, question)
            answer = button_title(domain, "utter_reflective_question", text)
            record = answer_record(question, answer, heard.kind, heard, step)
            if following_up:
                # "no, nobody ever agreed a route" to the follow-up of an answer that only
                # described: the question answered after all (its kind and next step), the
                # description kept before it
                earlier = next((r for r in records if r["question_id"] == question.id), None)
                if earlier and earlier.get("answer"):
                    record = {**record, "answer": earlier["answer"], "follow_up": answer}
            records = with_record(records, record)
            asked = [*asked, question.id] if question.id not in asked else asked
            answer_also_asked(dispatcher, tracker, domain, also_asked)
            self.offer_other_theme(dispatcher, tracker, situation_themes)
            if heard.describes_only and tunables()["turns"]["follow_up"] and not stopping:
                return {
                    "reflection_answers": records,
                    "asked_questions": asked,
                    "follow_up_for": question.id,
                    "reflection_answer": None,
                }
        if stopping:
            return self.stop_after_answer(dispatcher, tracker, domain, stopping[1], records, asked)
        slots = record_and_advance(dispatcher, tracker, domain, records, asked)
        return {"reflection_answer": slots.pop("reflection_answer"), **changed(tracker, slots)}

    def stop_after_answer(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        wanted: str,
        records: List[Dict[str, Any]],
        asked: List[str],
    ) -> Dict[str, Any]:
        """The questions stopped after the answer kept, as "stop" stops them; a topic the
        audit does not cover, named after the request ("... the DV itself"), said to be so."""
        if wanted:
            note_uncovered_briefly(dispatcher, wanted)
        return {
            **stop_questions(dispatcher, tracker, domain),
            "reflection_answers": records,
            "asked_questions": asked,
            "reflection_answer": "done",  # the form ends, and action_reflection_complete ...
            "reflection_status": STOPPED,  # ... says nothing more
        }

    @staticmethod
    def correct(
        question: Question,
        text: str,
        intent: str,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Dict[str, Any]:
        """The answer to ``question`` replaced by ``text``, heard afresh (its next step if it is
        now a no or a not sure), in its place in the summary; the pending question comes again."""
        heard = hear(intent, text)
        step = next_step(question, domain) if heard.kind in ("no", "unsure") else None
        dispatcher.utter_message(
            response="utter_ack_correction_step" if step else "utter_ack_correction",
            json_message={**answer_payload(question, heard.kind), "corrected": True},
            question=question.text,
            heard=heard.substance or text,
            **({"next_step": step} if step else {}),
        )
        if step:
            send_signposts(dispatcher, question)
        record = answer_record(question, text, heard.kind, heard, step)
        records = [
            {**record, "follow_up": r.get("follow_up") or kept_reason(r, text)}
            if r["question_id"] == question.id
            else r
            for r in tracker.get_slot("reflection_answers") or []
        ]
        return {"reflection_answers": records, "reflection_answer": None}

    @staticmethod
    def not_an_answer(
        kind: str,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        situation_themes: List[str],
    ) -> None:
        if kind == turns.OFF_TASK:
            # "can i ring at 7 in the evening?" about the signpost just given reads as off-task
            # to the classifier: the signpost's own details answer it
            if not follow_up_on_last_reply(dispatcher, tracker, domain):
                dispatcher.utter_message(response="utter_off_task")
        elif kind == turns.HOLDING:
            dispatcher.utter_message(response="utter_take_your_time")
        elif kind == turns.NEW_SITUATION:
            dispatcher.utter_message(
                response="utter_new_situation_offer",
                buttons=theme_buttons(situation_themes),
                json_message=contract.theme_suggestion(situation_themes, "switch"),
                theme_titles="; ".join(kb().theme(t).title for t in situation_themes),
            )
        else:
            answer_question(dispatcher, tracker, domain)

    @staticmethod
    def offer_other_theme(
        dispatcher: CollectingDispatcher, tracker: Tracker, situation_themes: List[str]
    ) -> None:
        """An answer that clearly describes another theme's situation: that theme is offered
        for after the questions (not switched to: it was an answer)."""
        current = tracker.get_slot("current_theme")
        discussed = tracker.get_slot("themes_discussed") or []
        others = [t for t in situation_themes if t != current and t not in discussed][:1]
        confident = (
            latest_confidence(tracker) >= tunables()["turns"]["new_situation_min_confidence"]
        )
        if others and confident:
            dispatcher.utter_message(
                response="utter_answer_touches_theme",
                buttons=theme_buttons(others),
                json_message=contract.theme_suggestion(others, "also"),
                theme_titles=kb().theme(others[0]).title,
            )


class ActionCorrectAnswer(Action):
    """ "sorry I meant no, we dont log it", "that first one should have been no" once the
    questions are over: that answer corrected (a trial's correction after the last question was
    not heard), then what can be done next."""

    def name(self) -> str:
        return "action_correct_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        said = earlier_answer_corrected(tracker)
        if said is None:
            dispatcher.utter_message(response="utter_next_steps_buttons")
            return ANSWERED
        question, text = said
        intent = latest_intent(tracker) or ""
        slots = ValidateReflectionForm.correct(question, text, intent, dispatcher, tracker, domain)
        dispatcher.utter_message(response="utter_next_steps_buttons")
        # answered here, whichever way it was reached: nothing for the policies to add
        return [SlotSet("reflection_answers", slots["reflection_answers"]), *ANSWERED]


def earlier_answer_corrected(tracker: Tracker) -> tuple[Question, str] | None:
    """The answer a correction with no question pending is about, and what it now says; None
    when the turn is no correction or there is no answer to correct."""
    text = tracker.latest_message.get("text") or ""
    if turns.ordinal_correction(text):
        by_place = corrected_by_place(tracker, text, None)
        return by_place if by_place and by_place[1] else None
    said = turns.correction(text)
    question = answered_at(tracker, None, None)
    return (question, said) if said and question else None


def corrected_by_place(
    tracker: Tracker, text: str, pending: Question | None
) -> tuple[Question, str] | None:
    """ "that first one should have been no, ...": the answer named by its place (not the
    pending question) and what it now says; None when the turn names no answered one."""
    by_place = turns.ordinal_correction(text)
    target = answered_at(tracker, by_place[0], pending) if by_place else None
    return (target, by_place[1]) if target is not None else None


class ActionSkipQuestion(Action):
    """ "Skip": leave this question (it can come back in a later session) and ask the next; a
    skipped follow-up just moves on (the answer it followed is kept)."""

    def name(self) -> str:
        return "action_skip_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        text = tracker.latest_message.get("text") or ""
        if turns.asks_to_skip_the_rest(text):
            # "skip the rest": the questions stop, as the README says (a trial's skipped one)
            return slot_events(
                changed(
                    tracker,
                    {
                        **stop_questions(dispatcher, tracker, domain),
                        "reflection_answer": "done",
                        "reflection_status": STOPPED,
                    },
                )
            )
        return slot_events(changed(tracker, skip_question(dispatcher, tracker, domain)))


def skip_question(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
) -> Dict[str, Any]:
    """What "skip" does: the question left (recorded as skipped) and the next asked."""
    question = kb().question(tracker.get_slot("pending_question") or "")
    dispatcher.utter_message(response="utter_question_skipped")
    records = tracker.get_slot("reflection_answers") or []
    asked = tracker.get_slot("asked_questions") or []
    if question and tracker.get_slot("follow_up_for") != question.id:
        records = with_record(records, answer_record(question, None, "skipped", None, None))
        asked = [*asked, question.id] if question.id not in asked else asked
    return record_and_advance(dispatcher, tracker, domain, records, asked)


class ActionPreviousQuestion(Action):
    """ "Go back to the last question": it is asked again; a new answer replaces the old one."""

    def name(self) -> str:
        return "action_previous_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        asked = tracker.get_slot("asked_questions") or []
        pending = tracker.get_slot("pending_question")
        theme = tracker.get_slot("current_theme")
        named = [
            *entity_values(tracker, "theme"),
            theme_named_last(kb(), tracker.latest_message.get("text") or ""),
        ]
        if any(t in kb().themes and t != theme for t in named):
            # "go back to the over optimism one": that theme again, not the last question
            return await ActionPresentTheme().run(dispatcher, tracker, domain)
        previous = [
            q for q in asked if q != pending and getattr(kb().question(q), "theme", None) == theme
        ]
        if not previous:  # nothing before it: the question in hand again, nothing recorded
            return [SlotSet("follow_up_for", None), SlotSet("reflection_answer", None)]
        queue = [pending, *(tracker.get_slot("question_queue") or [])] if pending else []
        text = tracker.latest_message.get("text") or ""
        # "go back to the first question": the first asked; otherwise the last
        wanted = previous[0] if re.search(r"\bfirst\b", text, re.IGNORECASE) else previous[-1]
        return [
            SlotSet("pending_question", wanted),
            SlotSet("question_queue", queue),
            SlotSet("follow_up_for", None),
            SlotSet("reflection_answer", None),
        ]


def next_step_buttons(tracker: Tracker, domain: DomainDict) -> List[Dict[str, str]]:
    """Themes still worth looking at, then the summary and the full list."""
    discussed = set(tracker.get_slot("themes_discussed") or [])
    offered = [t for t in tracker.get_slot("suggested_themes") or [] if t not in discussed]
    return [*theme_buttons(offered), *response_buttons(domain, "utter_next_steps_buttons")]


class ActionReflectionComplete(Action):
    """The theme's questions are done: say so and offer what could come next."""

    def name(self) -> str:
        return "action_reflection_complete"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        events = [SlotSet("reflection_answer", None), SlotSet("reflection_status", None)]
        if tracker.get_slot("reflection_status") in ("offered", STOPPED):
            return events  # reflecting was offered with a button, or stopped: nothing to add
        theme_id = tracker.get_slot("current_theme")
        answered_here = any(
            a.get("theme") == theme_id for a in tracker.get_slot("reflection_answers") or []
        )
        if answered_here:
            dispatcher.utter_message(
                response="utter_reflection_complete",
                buttons=next_step_buttons(tracker, domain),
                theme_title=kb().theme(theme_id).title if theme_id in kb().themes else "",
            )
        else:
            dispatcher.utter_message(
                response="utter_theme_questions_done", buttons=next_step_buttons(tracker, domain)
            )
        return events


class ActionStopReflection(Action):
    """ "Stop" in the middle of the questions: keep the answers, drop the rest of the queue."""

    def name(self) -> str:
        return "action_stop_reflection"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        switch_to = requested_switch(tracker, tracker.latest_message.get("text") or "")
        if switch_to is not None:
            # "can we stop this now and look at who I should be sharing info with": not a stop
            # but a switch; the questions go on, on that theme
            events = present_theme(dispatcher, tracker, domain, switch_to=switch_to)
            return [*events, FollowupAction("reflection_form")]
        return slot_events(changed(tracker, stop_questions(dispatcher, tracker, domain)))


def stop_questions(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
) -> Dict[str, Any]:
    """Says the questions stop there, and the slots that drop the rest of the queue (the
    answers are kept)."""
    dispatcher.utter_message(
        response="utter_reflection_stopped", buttons=next_step_buttons(tracker, domain)
    )
    return {
        "pending_question": None,
        "question_queue": [],
        "follow_up_for": None,
        "reflection_answer": None,
        "reflection_status": None,
    }


class ActionResumeReflection(Action):
    """ "Carry on" after pausing the questions: the form then asks the pending question."""

    def name(self) -> str:
        return "action_resume_reflection"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        theme_id = tracker.get_slot("current_theme")
        dispatcher.utter_message(
            response="utter_questions_resumed",
            theme_title=kb().theme(theme_id).title if theme_id in kb().themes else "",
        )
        return [SlotSet("paused", None), SlotSet("reflection_answer", None)]


def key_message_asked(tracker: Tracker) -> KeyMessage | None:
    """The key message a "show it again" button names, else the last one shown."""
    wanted = (
        entity_values(tracker, "key_message") or (tracker.get_slot("key_messages_shown") or [])[-1:]
    )
    messages = {m.id: m for t in kb().themes.values() for m in t.key_messages}
    return messages.get(wanted[0]) if wanted else None


# "read the rest", "show me more", "carry on reading": the rest of a long key message (as its
# button asks), not its opening again.
_THE_REST = re.compile(
    r"\b(?:the rest|rest of it|more|remainder|carry on reading|keep reading|continue reading|"
    r"read on|the case behind it)\b",
    re.IGNORECASE,
)


class ActionShowKeyMessage(Action):
    """ "Show it again" / "read the rest": a key message in full, or the rest of a long one."""

    def name(self) -> str:
        return "action_show_key_message"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        message = key_message_asked(tracker)
        if message is None:
            dispatcher.utter_message(response="utter_progress_nothing")
            return []
        _, rest = key_message_parts(message)
        typed = tracker.latest_message.get("text") or ""
        wants_rest = "rest" in entity_values(tracker, "part") or (
            not is_payload(typed) and bool(_THE_REST.search(typed))
        )
        if wants_rest and rest:
            case = kb().cases[message.case_id]
            dispatcher.utter_message(
                response="utter_key_message_rest",
                rest=rest,
                case_label=case.label,
                case_summary=case.summary,
                strengths="; ".join(s.title for s in case.strengths),
            )
            return []
        shown = tracker.get_slot("key_messages_shown") or []
        present_key_message(dispatcher, domain, message, [m for m in shown if m != message.id])
        return []
