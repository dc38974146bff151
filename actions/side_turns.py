"""Turns beside the main thread, in any mode: a term, the audit itself, a key message again,
"where were we?", a greeting, pause and carry on, and requests Reflect cannot meet. Inside the
questions or a supervision, the rules (data/rules/side_turns.yml) then ask the pending question
or step again."""

from __future__ import annotations

import copy
import re
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.audit_content import (
    answer_side_question,
    asks_what_went_well,
    asks_which_case,
    explain_terms,
    explain_words,
    follow_up_on_last_reply,
    last_resource_shown,
    name_uncovered,
    previous_reply,
    show_case,
    who_can_help_again,
)
from actions.common import (
    CANNOT_HELP,
    DomainDict,
    active_loop,
    asked_about_slip,
    counted,
    is_lead,
    kb,
    latest_intent,
    said_this_session,
    session_events,
    slot_events,
    theme_buttons,
)
from actions.offers import acknowledge_safety_update
from actions.record_links import offer_filed_record
from actions.session import introduce
from actions.uncovered import note_uncovered_briefly
from bot.core import contract, supervision, turns
from bot.core.agreed_actions import names_when, role_named
from bot.core.answers import opener, sentences
from bot.core.turn_data import TERM_INTENT, clauses_of
from bot.core.turns import (
    answer_after_request,
    is_self_doubt,
    tells_enough,
    trailing_question,
)
from bot.settings import tunables

# Who can help with what Reflect cannot do (route ids: docs/contract.md, `cannot_help`).


class ActionExplainTerm(Action):
    """ "What's a MASE?": the glossary's entry (bot/knowledge/content/glossary.yml)."""

    def name(self) -> str:
        return "action_explain_term"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        explain(dispatcher, tracker, domain)
        return []


def explain(dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> None:
    """A term asked about: a case's finding about it if that was asked, else the glossary's
    entry, else the audit's own use of the word, else the terms Reflect can explain."""
    text = tracker.latest_message.get("text") or ""
    if asks_which_case(text):
        show_case(dispatcher, tracker)  # "which case was the CSE one?": the case, not the term
        return
    if answer_side_question(dispatcher, tracker, domain):
        return  # "did CAMHS do anything good in the audit?": the cases' findings
    explained = explain_terms(dispatcher, text, domain, is_lead(tracker))
    if not (explained or explain_words(dispatcher, text)):
        dispatcher.utter_message(
            response="utter_term_unknown", terms=", ".join(e.term for e in kb().glossary)
        )


def answer_given_after_request(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
) -> List[EventType]:
    """ "what was the question again? oh right - no, ...": the part after the request, taken as
    the answer to the question or step in hand."""
    rest = answer_after_request(tracker.latest_message.get("text") or "")
    return taken_as_answer(dispatcher, tracker, domain, rest) if rest else []


def taken_as_answer(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: DomainDict,
    text: str,
    loop: str | None = None,
) -> List[EventType]:
    """``text`` as the answer to the question or step in hand, judged by that form's own
    validation: a turn a rule gave to another action first ("TM to book a review supervision"
    read as "resume") would otherwise go unvalidated, since Rasa validates a form only straight
    after the practitioner's message. ``loop``: the form, when a rule has just deactivated it.
    [] with no form running."""
    # imported here: both forms' modules use this one's side-turn answers
    from actions.reflection import ValidateReflectionForm
    from actions.supervision import ValidateSupervisionForm

    loop = loop or active_loop(tracker)
    if loop == "reflection_form":
        form = ValidateReflectionForm()
        return slot_events(form.validate_reflection_answer(text, dispatcher, tracker, domain))
    if loop == "supervision_form":
        form = ValidateSupervisionForm()
        return slot_events(form.validate_supervision_answer(text, dispatcher, tracker, domain))
    return []


class ActionClarify(Action):
    """ "I don't understand the question" / "what do you mean by X?": the term or word asked
    about; else where the pending question comes from, or what the step is about (the form then
    asks it again)."""

    def name(self) -> str:
        return "action_clarify"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        text = tracker.latest_message.get("text") or ""
        if answered := answer_given_after_request(dispatcher, tracker, domain):
            return answered
        if explain_terms(dispatcher, text, domain):
            return []
        loop = active_loop(tracker)
        question = kb().question(tracker.get_slot("pending_question") or "")
        if loop == "reflection_form" and question is not None:
            message = next(
                m for m in kb().theme(question.theme).key_messages if question in m.questions
            )
            if _asks_about_a_word(text) and explain_words(dispatcher, text):
                pass  # "what do you mean by wider group": the audit's use of the words
            elif question.means:
                # "what do you mean?": the question in plain words, not a quote from the audit
                dispatcher.utter_message(
                    response="utter_clarify_question_plainly",
                    means=question.means,
                    theme_title=message.title,
                )
                return []
            dispatcher.utter_message(
                response="utter_clarify_question",
                theme_title=message.title,
                case_label=kb().cases[message.case_id].label,
                context=" ".join(source_sentences(message.text, question.text)),
            )
        elif loop == "supervision_form":
            stage = supervision.next_stage(tracker.get_slot("supervision") or {}, kb())
            number = supervision.step_number(stage, kb())
            if number:
                step = kb().supervision.steps[number - 1]
                dispatcher.utter_message(
                    response="utter_clarify_step", step_title=step.title, prompt=step.prompt
                )
        elif not explain_words(dispatcher, text):
            dispatcher.utter_message(response="utter_clarify_nothing")
        return []


def _asks_about_a_word(text: str) -> bool:
    """ "what do you mean by X" / "what do you mean wider group" names an X; "I don't understand
    the question" doesn't."""
    return bool(
        re.search(r"\b(mean|means|meant)\s+(by\s+)?\w|\bdoes \w+ mean\b|\bwhat is\b", text, re.I)
    )


def source_sentences(message: str, question: str, most: int = 2) -> List[str]:
    """The key message's sentences a question was drawn from (those sharing most of its words),
    in their order: a short answer to "what do you mean?" rather than the whole message."""
    words = {w for w in re.findall(r"[a-z']{4,}", question.lower())}
    said = sentences(message)
    overlap = [len(words & set(re.findall(r"[a-z']{4,}", s.lower()))) for s in said]
    best = sorted(range(len(said)), key=lambda i: -overlap[i])[:most]
    chosen = [said[i] for i in sorted(best) if overlap[i]] or said[:1]
    return [s if s.endswith((".", "?", "!")) else s + "." for s in chosen]


class ActionAuditInfo(Action):
    """ "Who wrote this audit, and when?": from each audit's own fields, newest first."""

    def name(self) -> str:
        return "action_audit_info"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        if answer_side_question(dispatcher, tracker, domain, follow_ups_only=True):
            return []  # "is that still running?" about the signpost just given
        text = tracker.latest_message.get("text") or ""
        state = tracker.get_slot("supervision") if active_loop(tracker) else None
        if supervision.asks_which_action(state, kb(), text):
            # "by when for which one?" while an action's date is asked: not the audit
            return taken_as_answer(dispatcher, tracker, domain, text)
        if name_uncovered(dispatcher, text, domain, []):
            return []  # "does the audit cover neglect?"
        if asks_which_case(text):
            show_case(dispatcher, tracker)  # "which case is this from": a case, not the audit
            return []
        told, _ = trailing_question(text)
        if active_loop(tracker) and tells_enough(told):
            # "no, we assumed csc would share it. who wrote this audit?": the answer is
            # recorded, then the question answered (the form's validation does both)
            return taken_as_answer(dispatcher, tracker, domain, text)
        tell_audit_info(dispatcher)
        return []


def tell_audit_info(dispatcher: CollectingDispatcher) -> None:
    """Who wrote each audit and when, newest first."""
    audits = list(reversed(kb().audits))
    for index, audit in enumerate(audits):
        dispatcher.utter_message(
            response="utter_audit_info" if audit.focus else "utter_audit_info_no_focus",
            json_message=contract.audit_info(kb()) if index == len(audits) - 1 else None,
            **audit.dict(),
        )


def cannot_help(dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> None:
    """Legal advice, or making a referral: a plain "I can't do that; here is who can" (never
    the safety message: a message at immediate risk is flagged before it gets here)."""
    request, response, routes = CANNOT_HELP.get(latest_intent(tracker), CANNOT_HELP["ask_to_refer"])
    dispatcher.utter_message(response=response, json_message=contract.cannot_help(request, routes))
    if request == "legal_advice":  # "s17 or s47?": what each term means, at least
        explain_terms(dispatcher, tracker.latest_message.get("text") or "", domain)


class ActionCannotHelp(Action):
    def name(self) -> str:
        return "action_cannot_help"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        cannot_help(dispatcher, tracker, domain)
        return []


def answer_question(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: DomainDict,
    unplaced: str = "utter_question_unplaced",
) -> bool:
    """A question asked where an answer was awaited (bot/core/turns.py): a request Reflect
    cannot meet, or anything the audit's content answers; otherwise ``unplaced`` says so.
    Never recorded. False when it was not answered."""
    if who_can_help_again(dispatcher, tracker, domain):
        pass  # "who would I ask then?" after "I can't do that"
    elif latest_intent(tracker) in CANNOT_HELP:
        cannot_help(dispatcher, tracker, domain)
    elif latest_intent(tracker) == "ask_privacy":
        privacy_info(dispatcher)  # "anyway how long do you keep this convo?"
    elif latest_intent(tracker) == "ask_audit_info":
        # "is the prevent team in the audit?": not covered; "who wrote this audit?": the audit
        if not note_uncovered_briefly(dispatcher, tracker.latest_message.get("text") or ""):
            tell_audit_info(dispatcher)
    elif latest_intent(tracker) == TERM_INTENT:
        explain(dispatcher, tracker, domain)
    elif is_self_doubt(tracker.latest_message.get("text") or ""):
        dispatcher.utter_message(response="utter_self_doubt")  # "... am i overreacting?"
    elif not answer_side_question(dispatcher, tracker, domain):
        dispatcher.utter_message(response=unplaced)
        return False
    return True


def answer_also_asked(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, asked: str
) -> bool:
    """The question that ended an answer, answered as a side question on its own words (the
    answer itself was noted, so nothing here says otherwise). False when not answered."""
    if not asked:
        return False
    alone = copy.copy(tracker)
    alone.latest_message = {**tracker.latest_message, "text": asked}
    # the question's own clause says what it asks ("... anyway how long do you keep this?"),
    # not the whole message's intent, which the answer before it set
    clause = next(
        (c for c in clauses_of(tracker.latest_message) if _same_words(c.get("text"), asked)), None
    )
    if clause and clause.get("intent"):
        intent = {"name": clause["intent"], "confidence": clause.get("confidence", 0.0)}
        alone.latest_message.update(intent=intent, intent_ranking=[intent])
    return answer_question(dispatcher, alone, domain, "utter_question_after_answer_unplaced")


def loop_before_this_turn(tracker: Tracker) -> str | None:
    """The loop that was active when the practitioner sent the latest message."""
    events = session_events(tracker)
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=0)
    for event in reversed(events[:last_user]):
        if event.get("event") == "active_loop":
            return event.get("name")
    return None


class ActionOutOfScope(Action):
    """An off-task line right after a signpost, a case or a term: a question about it ("will
    City of London get anything from that?", "what went well in it?") reads as off-task to the
    classifier, and is answered from what was just given; anything else is declined kindly."""

    def name(self) -> str:
        return "action_out_of_scope"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        if offer_filed_record(dispatcher, tracker):
            return []  # "can i get that as a word doc or html?" once a record is filed
        if not follow_up_on_last_reply(dispatcher, tracker, domain):
            dispatcher.utter_message(response="utter_out_of_scope")
        return []


class ActionPrivacy(Action):
    """ "Is this anonymous?", "who can see this?": the privacy facts, with the retention period
    from reflect.yml (one source of truth)."""

    def name(self) -> str:
        return "action_privacy"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        privacy_info(dispatcher)
        told, asked = turns.trailing_question(tracker.latest_message.get("text") or "")
        if asked and told and (opener(told)[0] or turns.tells_enough(told)):
            # "not really, we did one assembly ... wait is this anonymous btw?": the answer
            # before the question is kept (a practitioner trial's was lost)
            return taken_as_answer(dispatcher, tracker, domain, told)
        return []


def privacy_info(dispatcher: CollectingDispatcher) -> None:
    """Who sees what, and for how long (the retention period from reflect.yml)."""
    days = tunables()["privacy"]["retention_days"]
    dispatcher.utter_message(
        response="utter_privacy_info", json_message=contract.privacy(days), retention_days=days
    )


def _same_words(one: str | None, other: str) -> bool:
    def words(text: str | None) -> List[str]:
        return re.findall(r"\w+", (text or "").lower())

    return bool(words(one)) and words(one) == words(other)


class ActionConfirmStartOver(Action):
    """ "Start again": asks before anything is cleared. The questions or supervision in hand wait
    (paused) meanwhile: "yes" (or its button, Rasa's /restart) clears the conversation, "no"
    carries on (data/rules/conversation.yml), and a new situation typed instead starts afresh."""

    def name(self) -> str:
        return "action_confirm_start_over"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        loop = loop_before_this_turn(tracker)
        text = tracker.latest_message.get("text") or ""
        if previous_reply(tracker, ("start_over_confirm",)) and opener(text)[0] == "yes":
            # "yes, start again" typed (its button's words): the yes, never the question again
            return [FollowupAction("action_restart")]
        if loop and text and not text.startswith("/") and not _RESTART_WORDS.search(text):
            # "before the strat" (a strategy discussion) where a date was asked: the answer,
            # never an offer to clear everything (a trial's two supervisions were one press
            # from being wiped); the form is taken up again as it was
            answered = taken_as_answer(dispatcher, tracker, domain, text, loop)
            return [ActiveLoop(loop), *answered, FollowupAction(loop)]
        dispatcher.utter_message(
            response="utter_confirm_start_over", json_message=contract.start_over_confirm()
        )
        paused = {"reflection_form": "reflection", "supervision_form": "supervision"}.get(
            loop or ""
        )
        return [SlotSet("paused", paused)] if paused else []


# Words a request to start again says ("restart", "start over", "clear it all"); a message
# without any was misheard as one ("before the strat")
_RESTART_WORDS = re.compile(
    r"\b(?:start|restart|re-start|again|over|scratch|fresh|beginning|begin|clear|reset|wipe|"
    r"new chat|new conversation)\b",
    re.IGNORECASE,
)


class ActionPause(Action):
    """ "Pause": the questions or the supervision wait, everything kept, for "carry on"."""

    def name(self) -> str:
        return "action_pause"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        paused = loop_before_this_turn(tracker)
        if paused == "reflection_form":
            dispatcher.utter_message(response="utter_questions_paused")
            return [SlotSet("paused", "reflection")]
        if paused == "supervision_form" and supervision.asks_to_finish_now(
            tracker.latest_message.get("text") or ""
        ):  # "got to run, can we just finish here and save": filed, not paused
            # imported here: the supervision's module uses this one's side-turn answers
            from actions.supervision import file_record

            dispatcher.utter_message(response="utter_supervision_finish_now")
            finished = supervision.finish_now(tracker.get_slot("supervision"), kb())
            return file_record(dispatcher, tracker, finished)
        if paused == "supervision_form":
            dispatcher.utter_message(response="utter_supervision_paused")
            return [SlotSet("paused", "supervision")]
        dispatcher.utter_message(response="utter_nothing_to_resume")
        return []


class ActionNothingToResume(Action):
    """ "Carry on" with nothing paused: the questions of the theme in hand that were stopped
    before they were all asked ("yes can we carry on with the questions" after "stop") start
    again where they ended; otherwise there is nothing to carry on with, said so."""

    def name(self) -> str:
        return "action_nothing_to_resume"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        theme_id = tracker.get_slot("current_theme") or offered_theme(tracker)
        resumed = questions_on(dispatcher, tracker, domain, theme_id, "utter_questions_resumed")
        if resumed is None:
            dispatcher.utter_message(response="utter_nothing_to_resume")
        return resumed or []


def questions_on(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: DomainDict,
    theme_id: str | None,
    response: str,
) -> List[EventType] | None:
    """The questions of ``theme_id`` not asked yet, started with ``response``; None when there
    are none."""
    asked = set(tracker.get_slot("asked_questions") or [])
    if theme_id not in kb().themes or all(q.id in asked for q in kb().theme(theme_id).questions):
        return None
    # imported here: the reflection module uses this one's side-turn answers
    from actions.reflection import present_theme

    dispatcher.utter_message(response=response, theme_title=kb().theme(theme_id).title)
    events = present_theme(dispatcher, tracker, domain, switch_to=theme_id)
    return [*events, FollowupAction("reflection_form")]


class ActionNothingPending(Action):
    """A yes, no, not sure, stop or skip with no question pending. Just after the safety
    message, what has been done ("police here now", heard as a stop) is acknowledged. A yes
    takes up the one theme Reflect has just offered ("when the child is safe, do you want to
    reflect on ...?" -> "yes": a trial's got "what would you like to do next?"), or offers again
    the several it offered; otherwise, what can be done next."""

    def name(self) -> str:
        return "action_nothing_pending"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        if acknowledge_safety_update(dispatcher, tracker):
            return []
        text = tracker.latest_message.get("text") or ""
        if tracker.get_slot("reflection_answers") and (
            turns.correction(text) or turns.ordinal_correction(text)
        ):  # "sorry i meant no, we dont log it" once the questions are over
            return [FollowupAction("action_correct_answer")]
        offer = previous_reply(tracker, ("theme_suggestion",)) or {}
        themes = [t for t in offer.get("themes") or [] if t in kb().themes]
        if latest_intent(tracker) != "affirm":
            themes = []
        if len(themes) == 1:
            started = questions_on(dispatcher, tracker, domain, themes[0], "utter_offer_taken")
            if started is not None:
                return started
        if len(themes) > 1:
            dispatcher.utter_message(
                response="utter_which_theme", buttons=theme_buttons(themes), json_message=offer
            )
            return []
        dispatcher.utter_message(response="utter_next_steps_buttons")
        return []


class ActionGreet(Action):
    """A greeting: none when the session's introduction has just greeted (one greeting only); the
    introduction again after a restart."""

    def name(self) -> str:
        return "action_greet"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        events = session_events(tracker)
        if asked_about_slip(dispatcher, tracker.latest_message.get("text") or ""):
            return []  # "stpo" read as a role: asked about (a held-out one got the greeting)
        if not said_this_session(tracker, "utter_intro"):  # after "start again": again
            introduce(dispatcher)
        elif [e for e in events if e.get("event") == "user"][:-1]:
            dispatcher.utter_message(response="utter_greet")
        return []


class ActionInviteCase(Action):
    """ "Can we reflect on my case then": the practitioner's own reflection (not a guided
    supervision). The themes offered for a situation already told are offered again; otherwise
    the case is asked for, in their own words."""

    def name(self) -> str:
        return "action_invite_case"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        offer = last_theme_offer(tracker)
        if offer:  # e.g. after the safety message, or a topic the audit does not cover
            dispatcher.utter_message(
                response="utter_invite_case_offered",
                buttons=theme_buttons(offer["themes"]),
                json_message=offer,
                theme_titles="; ".join(kb().theme(t).title for t in offer["themes"]),
            )
        else:
            dispatcher.utter_message(response="utter_invite_case")
        return []


def offered_theme(tracker: Tracker) -> str | None:
    """The one theme reflecting was last offered on, with nothing started: the theme of the
    signpost just given ("how do I refer him to drug services?"), or a single theme offered."""
    offer = last_theme_offer(tracker)
    if offer and len(offer["themes"]) == 1:
        return str(offer["themes"][0])
    resource = kb().resources.get(last_resource_shown(tracker) or "")
    return resource.themes[0] if resource and len(resource.themes) == 1 else None


def last_theme_offer(tracker: Tracker) -> Dict[str, Any] | None:
    """The themes Reflect last offered this session (a ``theme_suggestion``), still known."""
    for event in reversed(session_events(tracker)):
        custom = ((event.get("data") or {}).get("custom")) or {}
        if event.get("event") == "bot" and custom.get("kind") == "theme_suggestion":
            themes = [t for t in custom.get("themes") or [] if t in kb().themes]
            return {**custom, "themes": themes} if themes else None
    return None


def read_supervision_so_far(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """The supervision's notes and actions so far, when there are any ("what have we got so
    far"); False when nothing is noted yet."""
    state = tracker.get_slot("supervision") or supervision.new_state()
    notes = supervision.notes_so_far(state, kb())
    if notes:
        dispatcher.utter_message(text=kb().supervision.so_far.format(notes="\n".join(notes)))
    return bool(notes)


def read_back(dispatcher: CollectingDispatcher, state: supervision.State) -> None:
    """The agreed actions, numbered as the practitioner counts them (one still asked about
    too)."""
    state = {**state, "actions": supervision.numbered_actions(state)}
    if state["actions"]:
        lines = supervision.action_lines(state, kb())
        dispatcher.utter_message(
            text=kb().supervision.actions.read_back.format(actions="\n".join(lines))
        )


class ActionProgress(Action):
    """ "Where were we?": the question or step in hand (which the form then asks again), what
    is paused, or what was last looked at."""

    def name(self) -> str:
        return "action_progress"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        if answered := answer_given_after_request(dispatcher, tracker, domain):
            return answered
        if asks_what_went_well(
            tracker.latest_message.get("text") or ""
        ) and follow_up_on_last_reply(dispatcher, tracker, domain):
            return []  # "what went well there?" right after a case: that case, not progress
        loop = active_loop(tracker)
        state = tracker.get_slot("supervision") if loop == "supervision_form" else None
        text = tracker.latest_message.get("text") or ""
        asks_when = state and supervision.next_stage(state, kb()) in (
            supervision.OWNER,
            supervision.DUE,
        )
        if asks_when and names_when(text):  # "from tomorrow, ongoing" read as "carry on"
            return taken_as_answer(dispatcher, tracker, domain, text)
        owner_asked = state and supervision.next_stage(state, kb()) == supervision.OWNER
        if owner_asked and role_named(text, kb().supervision.actions.roles):
            return taken_as_answer(dispatcher, tracker, domain, text)  # "HoY" read as "how?"
        theme_id = tracker.get_slot("current_theme")
        theme_title = kb().theme(theme_id).title if theme_id in kb().themes else ""
        if loop == "reflection_form":
            dispatcher.utter_message(**self.question_progress(tracker, theme_id, theme_title))
        elif loop == "supervision_form":
            if supervision.ASKS_FOR_NOTES.search(text):
                read_supervision_so_far(dispatcher, tracker)  # what was said, not only where
            elif re.search(r"\bactions?\b", text, re.IGNORECASE):
                read_back(dispatcher, state)  # "where are we with the actions": not a count
            dispatcher.utter_message(**self.step_progress(tracker))
        elif tracker.get_slot("paused") == "supervision":
            dispatcher.utter_message(response="utter_progress_paused_supervision")
        elif tracker.get_slot("paused") == "reflection":
            dispatcher.utter_message(
                response="utter_progress_paused_questions", theme_title=theme_title
            )
        elif theme_title:
            dispatcher.utter_message(response="utter_progress_last_theme", theme_title=theme_title)
        elif offer := last_theme_offer(tracker):  # e.g. after the safety message: offered again
            dispatcher.utter_message(
                response="utter_progress_offered",
                buttons=theme_buttons(offer["themes"]),
                json_message=offer,
                theme_titles="; ".join(kb().theme(t).title for t in offer["themes"]),
            )
        else:
            dispatcher.utter_message(response="utter_progress_nothing")
        return []

    @staticmethod
    def question_progress(tracker: Tracker, theme_id: str, theme_title: str) -> Dict[str, Any]:
        pending = tracker.get_slot("pending_question")
        done = [
            a
            for a in tracker.get_slot("reflection_answers") or []
            if a.get("theme") == theme_id and a.get("question_id") != pending
        ]
        number = len(done) + 1
        count = number + len(tracker.get_slot("question_queue") or [])
        follow_up = tracker.get_slot("follow_up_for") == pending
        return {
            "response": "utter_progress_follow_up" if follow_up else "utter_progress_question",
            "number": number,
            "count": count,
            "theme_title": theme_title,
        }

    @staticmethod
    def step_progress(tracker: Tracker) -> Dict[str, Any]:
        state = tracker.get_slot("supervision") or supervision.new_state()
        stage = supervision.next_stage(state, kb())
        number = supervision.step_number(stage, kb())
        if number:
            return {
                "response": "utter_progress_step",
                "number": number,
                "count": len(kb().supervision.steps),
                "step_title": kb().supervision.steps[number - 1].title,
            }
        return {
            "response": "utter_progress_actions",
            "count_text": counted(len(supervision.numbered_actions(state)), "action"),
        }
