"""Guided supervision: seven steps, agreed actions, the escalation route, then the record."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Dict, List, Mapping

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, Restarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.audit_content import contact_asked, explain_terms, previous_reply
from actions.common import (
    DomainDict,
    active_loop,
    asked_about_slip,
    entity_values,
    kb,
    latest_confidence,
    latest_intent,
    render,
    response_buttons,
    said_texts,
    session_events,
    slot_events,
)
from actions.offers import recording_answered
from actions.record_links import asks_download, offer_record
from actions.reflection import (
    ActionCorrectAnswer,
    last_question_put,
    most_relevant_message,
    present_key_message,
)
from actions.side_turns import (
    CANNOT_HELP,
    ActionProgress,
    answer_also_asked,
    answer_question,
    loop_before_this_turn,
    read_back,
    read_supervision_so_far,
    taken_as_answer,
)
from bot.core import contract, supervision, turns
from bot.core.agreed_actions import (
    ACTION_VERB,
    AgreedAction,
    Edit,
    actions_in_notes,
    apply_edits,
    edits_and_actions,
    is_vague,
    opens_as_action,
    parse_actions,
    parse_edits,
    role_named,
    split_due,
    split_ongoing,
    unlisted_owner,
    which_about,
    without_false_start,
    without_taken_back,
)
from bot.core.answers import opener, without_fillers
from bot.core.dates import (
    due_date,
    long_date,
    occasion,
    parse_due,
    review_date,
    working_day,
)
from bot.core.reflection import answered_in
from bot.core.themes import is_unrelated, rank_themes
from bot.core.turn_data import clauses_of
from bot.settings import tunables

_STEP_NUMBER = re.compile(r"\bstep\s*(\d+)\b", re.IGNORECASE)
# "can you show me the actions so far", "list the actions", "what actions have we got"
_SHOW_ACTIONS = re.compile(
    r"\b(?:show|list|read|see|remind me of|what|which)\b[^.?!]{0,25}\bactions\b(?! to )",
    re.IGNORECASE,
)
# "supervision please, ...", "can we start a guided supervision - ...": the request before the case
_START_REQUEST = re.compile(
    r"^\W*(?:(?:can|could) (?:we|i) |let'?s |i'?d like to |please )?"
    r"(?:start |do |have |begin )?(?:a |some |another |a new |one more |a second )?"
    r"(?:guided |group |peer )?"
    r"supervis(?:ion|on)\b(?: session| mode)?(?: please| pls)?[\s,.:;-]*"
    r"(?:(?:with|w/|w)\s+(?=\w))?",  # "supervision w my TM re ...": who is here, from "my TM"
    re.IGNORECASE,
)
# "carry on with the supervision", "back to supervision", "where were we": carrying on
_RESUME_REQUEST = re.compile(
    r"\b(?:carry on|continue|resume|back to|pick (?:up|it up)|get back|where were we|go on)\b",
    re.IGNORECASE,
)
# What follows the request is the case in brief when it says this much
BRIEF_MIN_WORDS = 8
# A due date left open on purpose: recorded as "date to confirm", never asked again
_OPEN_DATE = re.compile(
    r"\b(?:tbc|tbd|tba|to be (?:confirmed|decided|agreed|arranged)|date to confirm|to confirm|"
    r"leave (?:it|the date|that) open|open for now|no date(?: yet)?|not sure when|dunno when|"
    r"don'?t know when|no idea when)\b",
    re.IGNORECASE,
)
# "not sure yet" where a date was asked: left open, to confirm (a trial's was asked again)
_UNSURE = re.compile(
    r"\W*(?:(?:i'?m|we'?re|im)\s+)?(?:not sure|unsure|dunno|don'?t know|dont know|no idea)"
    r"(?:\s+(?:yet|at the moment|right now|tbh|either|that|that one|as well|too))*\W*",
    re.IGNORECASE,
)
# "can we go straight to agreeing actions", "skip to the actions", "move on to actions"
_TO_ACTIONS = re.compile(
    r"\b(?:straight|skip|jump|go|move|get|on|back)\s+(?:on\s+|straight\s+|back\s+)?to\s+(?:the\s+)?"
    r"(?:agree\w*\s+(?:the\s+|our\s+)?)?actions?\b",
    re.IGNORECASE,
)
_GO_BACK = re.compile(
    r"\b(?:go|going|come|take me|jump)\s+back\b|\bback to step\b|\brevisit\b", re.I
)
# "nothing to add, next step pls", "move on to step 5": on to the step after this one
_MOVE_ON = re.compile(
    r"\b(?:next step|next one|move on|moving on|on to the next|onto the next|go on to step|"
    r"on to step|onto step|skip ahead)\b",
    re.I,
)
_MOVE_ON_MAX_WORDS = 10
_ASKS_MAX_WORDS = 14  # "what have we got for step 3 and 4 now": asked, nothing told
_NAME_PLACEHOLDER = "[NAME]"


def _roles() -> Dict[str, Any]:
    return kb().supervision.actions.roles


def current_state(tracker: Tracker) -> supervision.State:
    return tracker.get_slot("supervision") or supervision.new_state()


def weave_theme(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: DomainDict,
    state: supervision.State,
    latest: Mapping[str, Any] | None = None,
) -> supervision.State:
    """If the answer clearly touches an audit theme not yet raised, share its key message and
    one of its questions to consider. ``latest``: the answer's parse, if not the latest
    message's own (after a safety message, what the answer says beside its risk)."""
    latest = tracker.latest_message if latest is None else latest
    # Only what the whole answer and its clauses were classified as: a word naming a theme or a
    # signpost ("drinking", "CAMHS") is not enough to bring a theme into the record (mum's
    # drinking is not a young person's substance use).
    ranked = rank_themes(kb(), latest.get("intent_ranking") or [], (), clauses_of(latest))
    raised = {t["theme"] for t in state["themes"]}
    if not ranked.is_clear():  # the bar for presenting a key message: nothing less is woven in
        return state
    whole = rank_themes(kb(), latest.get("intent_ranking") or [])
    if whole.scored and whole.top != ranked.top:
        # a clause alone does not bring a theme into the record against what the whole answer
        # was taken for ("strengths: nan is protective..." in a list of a neglect case's risks)
        return state
    if someone_elses(ranked.top, latest.get("text") or ""):
        return state
    # a case about a topic the audits do not cover ("CIN plan for neglect") brings in only a
    # theme near that topic, not whatever the classifier stretched it to
    topics = kb().uncovered_in(latest.get("text") or "")
    if topics and all(ranked.top not in t.nearest_themes for t in topics):
        return state
    theme = kb().theme(ranked.top)
    if theme.id in raised or not theme.key_messages:
        return state
    message = most_relevant_message(theme, latest.get("text") or "", None)
    dispatcher.utter_message(response="utter_supervision_theme_link", theme_title=theme.title)
    present_key_message(dispatcher, domain, message, [])
    # A question to consider that what was said has not already answered.
    said = said_texts(tracker)
    open_questions = [q for q in message.questions if answered_in(kb(), q, said) is None]
    if open_questions:
        question = open_questions[0]
        dispatcher.utter_message(
            response="utter_supervision_consider",
            json_message=contract.reflective_question(question),
            source=render(domain, f"utter_source_{question.origin}"),
            question=question.text,
        )
    return {**state, "themes": [*state["themes"], {"theme": theme.id, "key_message": message.id}]}


def someone_elses(theme_id: str, text: str) -> bool:
    """The answer names the theme's situation as someone else's ("mum's drinking" for the
    young people's substance service), or does not name it at all ("she makes tea for her
    little brother most nights": a trial's was woven in): supervision.yml ``not_woven``."""
    guard = kb().supervision.not_woven.get(theme_id)
    if guard is None:
        return False
    whose = "|".join(re.escape(w) for w in guard.whose)
    what = "|".join(re.escape(w) for w in guard.what)
    if not re.search(rf"(?<![\w'])(?:{what})(?![\w'])", text, re.IGNORECASE):
        return True
    pattern = rf"(?<![\w'])(?:{whose})\s+(?:[\w']+\s+){{0,2}}?(?:{what})(?![\w'])"
    return re.search(pattern, text, re.IGNORECASE) is not None


def to_actions(dispatcher: CollectingDispatcher, tracker: Tracker) -> Dict[str, Any]:
    """Straight to the agreed actions when asked for while steps remain: the slots to set;
    none otherwise."""
    state = tracker.get_slot("supervision")
    text = tracker.latest_message.get("text") or ""
    if not state or state.get("finished") or not _TO_ACTIONS.search(text):
        return {}
    if supervision.next_stage(state, kb()) in supervision.ACTION_STAGES:
        return {}
    dispatcher.utter_message(response="utter_supervision_to_actions")
    return {
        "supervision": supervision.skip_to_actions(state, kb()),
        "paused": None,
        "supervision_answer": None,
    }


def note_change(dispatcher: CollectingDispatcher, tracker: Tracker) -> Dict[str, Any]:
    """ "clear step 4", "replace step 2 with: ...": that step's note cleared or replaced, and
    said so; the slots to set, none when not asked."""
    state = tracker.get_slot("supervision")
    text = tracker.latest_message.get("text") or ""
    open_now = state and not state.get("finished")
    asked = supervision.note_commands(text, kb()) if open_now else []
    # "remove the 'to the actions' bit from step 5": the note without it
    part_out = supervision.note_part_removed(text, state, kb()) if open_now and not asked else None
    asked = asked or ([part_out] if part_out else [])
    if not asked or _MEANT_FOR_STEP.search(text):
        return {}
    for step, note in asked:
        number = supervision.step_number(step, kb()) or 0
        response = "utter_supervision_note_replaced" if note else "utter_supervision_note_cleared"
        dispatcher.utter_message(
            response="utter_supervision_note_part_removed" if part_out else response,
            number=number,
            step_title=kb().supervision.steps[number - 1].title,
        )
        state = supervision.set_note(state, step, note)
    return {"supervision": state, "supervision_answer": None}


def control_first(dispatcher: CollectingDispatcher, tracker: Tracker) -> Dict[str, Any]:
    """A request about the supervision itself, whatever intent it was taken for: straight to
    the actions, or a step's note cleared or replaced."""
    return to_actions(dispatcher, tracker) or note_change(dispatcher, tracker)


class ActionStartSupervision(Action):
    """Starts a supervision, or resumes the one in progress (after "pause")."""

    def name(self) -> str:
        return "action_start_supervision"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        if jumped := control_first(dispatcher, tracker):
            return slot_events(jumped)
        state = tracker.get_slot("supervision")
        text = tracker.latest_message.get("text") or ""
        if (
            active_loop(tracker) == "supervision_form"
            and not text.startswith("/")
            and not _START_REQUEST.match(text)
            and not _RESUME_REQUEST.search(text)
        ):
            # "TM to book a review supervision in two weeks": an answer that names supervision
            return taken_as_answer(dispatcher, tracker, domain, text)
        if (
            loop_before_this_turn(tracker) == "reflection_form"
            and opener(text)[0] is not None
            and not _START_REQUEST.match(text)
        ):
            # "unsure, i do get supervision but i tend to bring the easy ones": an answer to the
            # question in hand (a held-out one started a supervision)
            answered = taken_as_answer(dispatcher, tracker, domain, text, "reflection_form")
            return [*answered, FollowupAction("reflection_form")]
        if state and not state.get("finished"):
            stage = supervision.next_stage(state, kb())
            dispatcher.utter_message(response="utter_supervision_resumed")
            noted = supervision.noted_while_paused(state, tracker.events)
            return [
                *([SlotSet("supervision", noted)] if noted != state else []),
                SlotSet("paused", None),
                SlotSet("supervision_answer", None if stage != supervision.DONE else "done"),
            ]
        dispatcher.utter_message(
            response="utter_supervision_intro", count=len(kb().supervision.steps)
        )
        state = supervision.new_state()
        request = _START_REQUEST.match(text)
        brief = text[request.end() :] if request else ""
        if len(brief.split()) >= BRIEF_MIN_WORDS:
            # "supervision please, me (DSL) and the head of year, about a yr 9 girl...": the
            # first step is answered already (who is here, and the case in brief)
            first = kb().supervision.steps[0]
            dispatcher.utter_message(  # said, so the next step asked is no surprise
                response="utter_supervision_added", number=1, step_title=first.title
            )
            dispatcher.utter_message(
                json_message=contract.answer("supervision", None, "answer", stage=first.id)
            )
            state = supervision.record_answer(state, first.id, brief.strip(" ,.;:-?!"))
        return [
            SlotSet("supervision", state),
            # Whatever was paused is left behind (data/rules declare it: paused is featurised).
            SlotSet("paused", None),
            SlotSet("supervision_answer", None),
        ]


class ActionAskSupervisionAnswer(Action):
    def name(self) -> str:
        return "action_ask_supervision_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        state = current_state(tracker)
        carried_on: List[EventType] = []
        if state.get("confirm_stop") and latest_intent(tracker) in _CARRY_ON_INTENTS:
            # "carry on", "resume supervision", "no" after "discard this supervision?": no yes,
            # so the question is not asked again; the supervision carries on
            state = {**state, "confirm_stop": False}
            carried_on = [SlotSet("supervision", state)]
        elif state.get("confirm_stop"):
            dispatcher.utter_message(response="utter_supervision_confirm_stop")
            return []
        stage = supervision.next_stage(state, kb())
        first = not (state["actions"] or state.get("draft") or state.get("queue"))
        proposed = (
            actions_from_notes(state)
            if stage == supervision.ACTION and first and state.get("proposed") is None
            else []
        )
        if proposed and kb().supervision.actions.proposed:
            lines = "\n".join(f"- {supervision.describe_action(a, kb())}" for a in proposed)
            dispatcher.utter_message(
                text=kb().supervision.actions.proposed.format(actions=lines),
                buttons=response_buttons(domain, "utter_supervision_proposed_buttons"),
                json_message=contract.supervision_step(stage, None),
            )
            return [SlotSet("supervision", {**state, "proposed": proposed})]
        self.ask(dispatcher, domain, state, stage)
        return carried_on

    @staticmethod
    def ask(
        dispatcher: CollectingDispatcher, domain: DomainDict, state: supervision.State, stage: str
    ) -> None:
        buttons = response_buttons(domain, "utter_supervision_step_buttons")
        if stage == supervision.ACTION and state["actions"]:
            buttons = response_buttons(domain, "utter_supervision_more_actions_buttons")
        elif stage == supervision.SPECIFY:
            buttons = response_buttons(domain, "utter_supervision_specify_buttons")
        elif stage == supervision.ESCALATION and supervision.route_named(state, kb()):
            said = kb().supervision.escalation_route.confirm_button
            buttons = [{"title": said, "payload": "/affirm"}, *buttons]
        elif stage == supervision.REVIEW and supervision.review_proposal(kb()):
            said, day = supervision.review_proposal(kb())
            title = kb().supervision.next_review.propose.format(
                weeks=kb().supervision.next_review.propose_weeks, date=long_date(day, weekday=True)
            )
            buttons = [{"title": title, "payload": said}, *buttons]
        number = supervision.step_number(stage, kb())
        prompt = supervision.prompt_for(stage, state, kb())
        dispatcher.utter_message(
            # numbered by position, so steps reordered in the content renumber themselves
            text=f"Step {number}: {prompt}" if number else prompt,
            buttons=buttons,
            json_message=contract.supervision_step(stage, number),
        )


def actions_from_notes(state: supervision.State) -> List[Dict[str, Any]]:
    """Actions with their owners found in the steps' notes, in step order ("SW to convene core
    group within 2 weeks" in the plan), to offer when the actions are asked for."""
    roles = _roles()
    # the decisions and plan, not the escalation route ("TM to head of service if...")
    notes = [
        state["steps"].get(s.id) or "" for s in kb().supervision.steps if s.section == "action"
    ]
    clauses = [clause for n in notes for clause in actions_in_notes(n, roles)]
    found = [a for clause in clauses for a in said_actions(clause) if a.get("owner")]
    return [*found, *(state.get("later_actions") or [])]


# Said after "discard this supervision?", these are no yes: it carries on.
_CARRY_ON_INTENTS = ("resume", "deny", "start_supervision")
# "scrap that", "not an action": the action being agreed is dropped
_SCRAP = re.compile(
    r"\b(?:scrap|forget|ignore|drop|bin|delete|cancel) (?:that|this|it)\b|\bnot an action\b", re.I
)
# "yes keep them", "keep them all": the actions offered from the notes are kept
_KEEP_ALL = re.compile(r"^\W*(?:yes|yep|yeah|keep (?:them|all|those|these))\b", re.I)
# "no, ..." before the first action typed instead
_DECLINE = re.compile(r"^\W*(?:no|nope|not those|none of those)\b[\s,.:;-]*", re.I)
# An explicit end to the list of actions: nothing else ends that step.
_DONE_SAID = (
    r"(?:no more(?: actions?)?|no (?:other|further) actions?|that'?s (?:all|it|everything)"
    r"(?: for (?:the )?actions)?|nothing (?:else|more)|that'?s all the actions|done|finished|none)"
)
# ... said with what goes with it: "no more actions thats it", "thats all, no more actions",
# "nope no more actions", "no more actions now", "no more actions ta" (a held-out set's became
# actions)
_NO_MORE = re.compile(
    rf"^\W*(?:/deny|no|nope|(?:(?:no|nope|nah|ok|okay|right|so|yeah|yes|i think)\W+)*{_DONE_SAID}"
    rf"(?:\W+(?:{_DONE_SAID}|thanks?|ta|cheers|thx|now|for now|then|i think|i reckon))*)\W*$",
    re.IGNORECASE,
)
_LIST_DONE = re.compile(r"\bno (?:more|other|further) actions?\b|\bthat'?s all\b", re.I)
# At the nudge, "also ..." or "another one: ..." is a further action, the vague one kept.
_ANOTHER = re.compile(
    r"^\W*(?:also|another(?: one| action)?|(?:a |the )?(?:next|new|second) action"
    r"|and (?:also|another))\b\W*",
    re.I,
)
# "keep it", "keep it, mum mentioned overcrowding...": the action stays as it was said
_KEEP = re.compile(
    r"^\W*(?:keep it|leave it|it'?s fine|fine)\b(?:\s*as it is)?(?:\W*$|\s*[,.;:-])", re.I
)


# Stages answered with a date: "end of month" or "next friday" there is a date, not a stop or a
# skip, and "when the court asks" is when, not a question.
_DATED = (supervision.DUE, supervision.REVIEW)
_WHEN = re.compile(r"^\W*(?:when|whenever|once|after|as soon as|by|before|within|in)\b", re.I)


# At "who will do it, and by when?", an answer that says only when ("once the court asks").
_WHEN_NOT_WHO = re.compile(r"^\W*(?:when|whenever|once|after|as soon as)\b", re.I)


def asks_when(state: supervision.State, stage: str) -> bool:
    """Whether the prompt in hand asks for a date: the due date, the review, or "who will do
    it, and by when?"."""
    return stage in _DATED or (stage == supervision.OWNER and supervision.asks_due_too(state))


# Verbs an agreed action opens with ("ring the GP", "book a strategy meeting")
# "<role> to <verb> ...": an action with its owner ("school DSL to arrange a meeting")
_OWNER_TO = re.compile(r"^\W*(?P<owner>[\w' ]{1,30}?)\s+to\s+(?P<verb>[a-z]+)\b", re.IGNORECASE)
_TRAILING_MOVE_ON = re.compile(
    r"[\s,.;:–-]+(?:(?:ok|so|now|pls|please)\s+)*(?:move on|moving on|next step|next one)\W*$",
    re.IGNORECASE,
)
# "... oh and for actions: SW to do an unannounced visit by next fri": said for the actions
_FOR_ACTIONS = re.compile(
    r"(?:^|[\s,.;–-]+)(?:(?:oh|and|also|plus|btw)\W+){0,2}(?:for\s+(?:the\s+)?|re\s+)?"
    r"(?:agreed\s+)?actions?\s*[:–-]\s*(?P<actions>\S.*)$",
    re.IGNORECASE,
)
# "... the weight loss is new. sorry got to go to a meeting, pause": the note, then a pause (a
# widget trial's went on to the next step, the pause in the note)
_TRAILING_PAUSE = re.compile(
    r"(?:[\s,.;:–-]+(?:(?:sorry|ok|right|anyway|but)\W+)*(?:i'?ve\s+|i\s+have\s+|we'?ve\s+)?"
    r"(?:got|gotta|have|need)\s+to\s+(?:go|run|dash|leave)\b[^.?!]{0,40}?)?"
    r"[\s,.;:–-]+(?:(?:so|ok|sorry|can\s+we|could\s+we|lets|let'?s|we'?ll|need\s+to)\s+)*"
    r"pause(?:\s+(?:it|here|there|this|for\s+now|now|pls|please))*\W*$",
    re.IGNORECASE,
)
# "... it never is. whats a MASE? going well - ...": a term asked about between two parts of a
# step's note (one at the end is a trailing question, bot/core/turns.py)
_TERM_ASKED_INSIDE = re.compile(
    r"(?<=[.!;,])\s+(?P<asked>(?:what'?s|whats|what\s+is|what\s+does|wots)\s+(?:an?\s+|the\s+)?"
    r"[\w&/-]{2,20}(?:\s+[\w&/-]{2,20})?(?:\s+(?:stand\s+for|mean))?\s*\?)(?=\s+\S)",
    re.IGNORECASE,
)
# "nothing to add", "that's all for the summary": said on a step asked again, it adds nothing
# "thats step 1 done", "step 3 is done": said of a step, not an answer to the next
_STEP_DONE_WORDS = r"step\s*(?P<n>\d+)\s+(?:is\s+)?(?:done|finished|complete)"
_STEP_DONE = re.compile(rf"\b{_STEP_DONE_WORDS}\b", re.I)
_NOTHING_TO_ADD = re.compile(
    r"^\W*(?:nothing (?:else |more )?to add|nothing (?:else|more)|that'?s (?:all|it)|no,? that'?s "
    r"(?:all|it)|all done|no more to say|nope"
    # "thats step 1 done, what i wrote above is it" (a trial's step notes had it added)
    r"|that'?s (?:step\s*\d+ |this step |that step )?(?:done|finished|complete)"
    rf"|{_STEP_DONE_WORDS}"
    r"|what i (?:wrote|said|put)(?: above| before)? is (?:it|all))\b",
    re.IGNORECASE,
)
# "no - route is ...", "no, it's ...": the route offered back declined, the one meant typed
_NOT_THAT_ROUTE = re.compile(
    r"^\W*(?:no|nope|not quite|not really)\b[\s,.;:–-]*(?:(?:the\s+)?route\s+is\s+|it'?s\s+)?",
    re.IGNORECASE,
)
# "yes but its the lscp policy, tm to tm first": the route offered back, corrected (a trial's
# correction was lost for the "yes")
_YES_BUT = re.compile(
    r"^\W*(?:yes|yeah|yep|yup|sort of|kind of|partly|mostly)\W+(?:but|although|though|except)\W+"
    r"(?:(?:it'?s|its|the route is|route is|it should be)\s+)?(?P<rest>\w.{8,})$",
    re.IGNORECASE,
)
# "dunno", "not sure yet", "we'll sort it": no owner given
_NO_OWNER = re.compile(
    # "hmm not sure yet, leave it for now" (a widget trial's became the owner)
    r"^\W*(?:(?:hmm+|um+|erm|er|well|honestly|tbh)\b[\s,.]*)*"
    r"(?:dunno|don'?t know|not sure|no idea|tbc|tbd|to be (?:decided|agreed|confirmed)|"
    r"not decided|leave it(?: blank)?(?: for now)?|no one yet|nobody yet)\b[^.?!]{0,40}$",
    re.IGNORECASE,
)


def starts_an_action(text: str) -> bool:
    """An action said where its owner was asked: opens with an action verb, is vague, or is
    "<a role> to <verb> ..." ("look into housing", "school DSL to arrange a meeting")."""
    if _owner_then_verb(text, _roles()):
        return True
    return bool(ACTION_VERB.match(text)) or any(a.get("vague") for a in said_actions(text))


def _owner_then_verb(text: str, roles: Dict[str, Any]) -> bool:
    """ "school DSL to ...": a role among the words before "to", or an action verb after it."""
    owner_to = _OWNER_TO.match(text)
    if not owner_to:
        return False
    if unlisted_owner(text):  # "netball coach to keep an eye at club"
        return True
    words = owner_to.group("owner").split()
    return bool(ACTION_VERB.match(owner_to.group("verb"))) or any(
        role_named(" ".join(words[i:]), roles) for i in range(len(words))
    )


def looks_like_action(text: str) -> bool:
    """Said as an action: it names an owner or a due date, or opens with a vague verb."""
    return any(
        a.get("owner") or a.get("due") or a.get("due_text") or a.get("vague")
        for a in said_actions(text)
    )


# "... - no owner or date yet": said of the action, no part of it (a trial's action kept it)
_NONE_YET = re.compile(
    r"[\s,;(–-]*\b(?:no|without|with no|not got an?)\s+(?:owner|date|due date|deadline)"
    r"(?:\s+(?:or|and|/)\s+(?:an?\s+)?(?:owner|date|due date|deadline))?(?:\s+yet)?[\s.)!]*$",
    re.IGNORECASE,
)
# Sentences in a line ("you lost that one. SW to ring the school by friday")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")

# "add an action to the record: SW to ring the school by friday": the action after the request
_AFTER_REQUEST = re.compile(r"[:;]\s*|\s+-\s+|[.?]\s+")


def _names_an_action(sentence: str, roles: Dict[str, Any]) -> bool:
    """A sentence said as an action: an action verb first, "<role> to <verb>", or an owner or
    a due date read in it ("can we add that to the record?" is none of them)."""
    if ACTION_VERB.match(sentence) or _owner_then_verb(sentence, roles):
        return True
    return any(a.owner or a.due or a.due_text for a in parse_actions(sentence, roles))


def only_actions(text: str) -> bool:
    """A line made only of actions, each with its owner ("SW to convene core group within 2
    weeks, TM to book a planning meeting by end of month"): no sentence tells the case."""
    roles = _roles()
    if not all(_names_an_action(c, roles) for c in _SENTENCE.split(text.strip())):
        return False
    parsed = parse_actions(text, roles)
    dated = [a for a in parsed if a.due or a.due_text]
    # several, each with its owner, one at least dated ("..., deputy to photocopy the
    # chronology"); one alone needs its date too ("SW to visit weekly" may be the plan itself)
    return bool(dated) and all(a.owner for a in parsed) and (len(parsed) > 1 or dated == parsed)


def said_actions(text: str) -> List[Dict[str, Any]]:
    """The actions in ``text``, each with what it names and whether its verb is vague."""
    guide = kb().supervision.actions
    text = _NONE_YET.sub("", without_false_start(without_taken_back(text))) or text
    sentences = _SENTENCE.split(text.strip())
    if len(sentences) > 1:
        # "you lost the safety plan one. pastoral lead to put ... in place": the action alone
        told = [c for c in sentences if _names_an_action(c, guide.roles)]
        # "... ongoing. also someone shld talk to the boy": kept, its owner asked for
        told += [c for c in sentences[1:] if told and c not in told and opens_as_action(c)]
        told = [c for c in sentences if c in told]  # in the order said
        text = " ".join(told) if told else text
    parsed = parse_actions(text, guide.roles) or [AgreedAction(text.strip())]
    said = []
    for a in parsed:
        action = a.as_dict()
        if is_vague(a.action, guide.vague_verbs):
            action["vague"] = True
        open_date = _OPEN_DATE.search(action["action"])
        if open_date and not action.get("due"):  # "TM to chair a meeting, date tbc"
            cut = action["action"][: open_date.start()] + action["action"][open_date.end() :]
            action.update(action=re.sub(r"[\s,;-]*\bdate\s*$", "", cut.strip(" ,;-")), due=None)
            action.update(due_open=True)
        said.append(action)
    return said


def _shares_words(one: str, other: str) -> bool:
    """Two wordings of one action share a word of four letters or more ("look into housing",
    "SW to check the housing application"); another action, said at the nudge, shares none."""
    words = set(re.findall(r"[a-z]{4,}", one.lower()))
    return bool(words & set(re.findall(r"[a-z]{4,}", other.lower())))


def agreed_at_once(action: Dict[str, Any]) -> bool:
    """Said with its owner and when ("by friday", or "ongoing"): nothing left to ask."""
    return bool(action.get("owner") and (action.get("due") or action.get("due_text")))


def note_actions(dispatcher: CollectingDispatcher, said: List[Dict[str, Any]]) -> None:
    """The actions just taken from a line, one per line, as read."""
    lines = "\n".join(f"- {supervision.describe_action(a, kb())}" for a in said)
    dispatcher.utter_message(text=kb().supervision.actions.noted.format(actions=lines))


def edit_actions(
    dispatcher: CollectingDispatcher, state: supervision.State, edits: List[Edit], text: str = ""
) -> Dict[str, Any]:
    """ "change action 2's owner to the team manager and the date to next friday", "remove
    action 1 and 3": every part done, and the list read back; an action said in ``text``
    beside the edits ("DSL to share attendance by friday. and change action 2's owner to the
    TM") is added too."""
    guide = kb().supervision.actions
    numbered = supervision.numbered_actions(state)
    edited = apply_edits(numbered, edits, guide.roles)
    if edited is None:
        unknown = next(e.number for e in edits if not 1 <= e.number <= len(numbered))
        dispatcher.utter_message(
            text=guide.edit_unknown.format(number=unknown, count=len(numbered))
        )
        return {"supervision_answer": None}
    unchanged = edited == numbered
    state = supervision.with_numbered_actions(state, edited)
    removals = all(e.field is None for e in edits)
    reply = guide.unchanged if unchanged else guide.removed if removals else guide.edited
    if removals and not unchanged and not re.search(r"\d", text):
        # "scrap that": the reply says which went (a trial's supervisor could not tell)
        gone = "; ".join(numbered[e.number - 1]["action"] for e in edits)
        reply = guide.removed_which.format(actions=gone)
    dispatcher.utter_message(text=reply)
    told = [
        c for c in _SENTENCE.split(text) if not parse_edits(c, guide.roles) and looks_like_action(c)
    ]
    told += edits_and_actions(text, guide.roles)[1]  # "..., and HV to weigh weekly"
    if told and not state.get("finished"):
        said = said_actions(" ".join(told))
        note_actions(dispatcher, said)
        state = supervision.add_actions(state, said)
    read_back(dispatcher, state)
    if _LIST_DONE.search(text) and not state.get("draft") and not state.get("queue"):
        state = {**state, "actions_done": True}  # "... to the TM. no more actions"
    return {"supervision": state, "supervision_answer": None}


def change_record(
    dispatcher: CollectingDispatcher, state: supervision.State, stage: str, value: str
) -> Dict[str, Any]:
    """ "change the review date to 20 jan" while the actions are open: the record's review date
    (or escalation route) changed, said back, and the action in hand asked again."""
    guide = kb().supervision
    if stage == supervision.REVIEW:
        day = review_date(value)
        if day is not None and day < dt.date.today():
            dispatcher.utter_message(response="utter_supervision_due_past")
            return {"supervision_answer": None}
        value, shown = (day.isoformat(), long_date(day, weekday=True)) if day else (value, value)
        title = guide.next_review.title if guide.next_review else stage
    else:
        shown, title = value, guide.escalation_route.title
    dispatcher.utter_message(text=guide.actions.record_changed.format(part=title, value=shown))
    return {
        "supervision": supervision.record_answer(state, stage, value),
        "supervision_answer": None,
    }


# "no sorry, it was action 3 I meant": the last edit meant for another action
_MEANT_OTHER = re.compile(
    r"\b(?:it\s+was|i\s+meant|meant|that'?s|thats|its|it'?s|should\s+be)\s+action\s*#?"
    r"(?P<n>\d{1,2})(?:\s+(?:i|we)\s+meant)?(?:\W+not\s+(?:action\s*)?#?\d{1,2})?"
    # "it was action 5 I meant for the EWO": and whose it is
    r"(?:\s+for\s+(?:the\s+)?(?P<whom>[\w' ]{2,30}?))?"
    # "..., the dsl is sending the attendance data": why, after it
    r"(?:\s*[,;.–-]\s+[^?]*)?\W*$",
    re.IGNORECASE,
)


def edit_meant_for_another(tracker: Tracker) -> tuple[List[Dict[str, Any]], List[Edit]] | None:
    """The actions as they were before the last turn's one edit, and that edit made to the
    action now named instead ("change action 2's owner to the SM" then "sorry, it was action 3
    I meant": a trial's correction was taken for a new action); None when that is not it."""
    meant = _MEANT_OTHER.search(tracker.latest_message.get("text") or "")
    previous, before = last_turns_edits(tracker) if meant else ([], None)
    if len(previous) != 1 or not before:
        return None
    edit = previous[0]
    number = int(meant["n"])
    if edit.field is None:  # "remove action 3", then "it was action 4 i meant": 3 put back
        return supervision.numbered_actions(before), [Edit(number, None)]
    # "it was action 3 I meant - give that to the tm": the owner said now, not the last edit's
    given = _GIVEN_TO.search(tracker.latest_message.get("text") or "")
    if given and edit.field == "owner":
        edit = Edit(edit.number, "owner", role_named(given["who"], _roles()) or given["who"])
    moved = [Edit(number, edit.field, edit.value)]
    whom = meant["whom"] and role_named(meant["whom"], _roles())
    if whom and edit.field != "owner":
        moved.append(Edit(number, "owner", whom))
    return supervision.numbered_actions(before), moved


_GIVEN_TO = re.compile(
    r"\b(?:give|pass|hand|put|move|assign)\s+(?:that|it|this|that one)\s+(?:back\s+)?to\s+"
    r"(?:the\s+)?(?P<who>[\w' -]{2,30}?)\W*$",
    re.IGNORECASE,
)


# A later part of a note that opens with a step's number as its label: after a full stop
# ("... . step 6 - ..."), or after "oh and" / "also" / "btw" or a comma ("... oh and step 4 -
# mum ...", "btw step 2 - the school nurse is involved too": trials' stayed where typed)
_LATER_LABEL = re.compile(
    r"(?:(?<=[.!?])\s+(?:(?:oh|and|also|btw|plus|ps)\s+){0,2}|\s*[,;]\s*(?:(?:oh|and|also|btw|plus)\s+){0,2}"
    r"|\s+(?:(?:oh|and|also|btw|plus)\s+){1,2}|\s+(?=for\s+step))"
    # "... for step 5 - mum ...": the same, said with "for" (a terminal trial's stayed)
    r"(?:for\s+)?(?=step\s*\d\s*[-:–—])",
    re.IGNORECASE,
)
# "..., add her to step 2", "- put that in step 4 pls": what was just said is for that step
_ADD_IT_TO_STEP = re.compile(
    r"[\s,;.–—-]*(?:(?:can|could)\s+(?:you|we)\s+|please\s+|pls\s+)?(?:add|put|move|file)\s+"
    r"(?:her|him|them|that|this|it|those|these)\s+(?:to|in|into|under|on|at)\s+step\s*(?P<n>\d)"
    r"(?:\s+(?:too|as well|please|pls))?\W*$",
    re.IGNORECASE,
)
# Where the words for that step begin: after a dash, a full stop or semicolon, or "also"/"plus"
_ADDED_PART = re.compile(r"\s+[-–—]\s+|[.;]\s+|\b(?:also|plus|oh and|and also)\b\s*", re.I)
_ROUTE_LABEL = re.compile(
    r"^\W*(?:the\s+)?(?:agreed\s+)?(?:escalation\s+)?route(?:\s+agreed)?"
    r"(?:\s+(?:is|will be|would be))?\s*[:\-–]\s*|^\W*(?:the\s+)?escalation\s+route\s+is\s+",
    re.IGNORECASE,
)


def labelled_later(
    dispatcher: CollectingDispatcher, state: supervision.State, stage: str, text: str
) -> tuple[supervision.State, str]:
    """ "... she never says how she feels. step 6 - mum hasnt come to ...": the part labelled
    for another step filed there (said so), and what is left for the step in hand; ``state``
    itself and ``text`` when no later part is labelled so."""
    later = _LATER_LABEL.search(text)
    if not later or len(text[: later.start()].split()) < 3:
        return state, text
    labelled_part = supervision.labelled_step(text[later.end() :], kb())
    if not labelled_part or labelled_part[0] == stage or len(labelled_part[1].split()) < 3:
        return state, text
    step, note = labelled_part
    number = supervision.step_number(step, kb()) or 0
    dispatcher.utter_message(
        response="utter_supervision_added",
        number=number,
        step_title=kb().supervision.steps[number - 1].title,
    )
    return supervision.file_at_step(state, step, note), text[: later.start()].strip()


def made_that(tracker: Tracker, text: str) -> List[Edit]:
    """ "actually make that next friday": the date (or owner) just given changed again, for the
    action the last turn edited, else the last action listed (two trials' became an action
    "actually make that"); none when ``text`` asks no such thing."""
    said = _MAKE_THAT.match(text)
    state = tracker.get_slot("supervision")
    listed = supervision.numbered_actions(state) if state and not state.get("finished") else []
    if not said or not listed:
        return []
    value = said["value"].strip(" .!")
    previous, before = last_turns_edits(tracker)
    changed: set[int] = set()
    if before:  # "the legal planning one by the 18th": the action its words name
        earlier = supervision.numbered_actions(before)
        previous = which_about(earlier, previous, _roles())
        # or the one action the last turn changed (a trial's went to the last one listed)
        changed = {n for n, (a, b) in enumerate(zip(earlier, listed, strict=False), 1) if a != b}
    numbers = {e.number for e in previous if e.field and e.number > 0}
    if len(numbers) != 1 and len(changed) == 1:
        numbers = changed
    number = numbers.pop() if len(numbers) == 1 else len(listed)
    owner = role_named(value, _roles()) and not due_date(value)
    field = "owner" if owner else "due"
    if said["about"]:  # "actually make the chronology one next friday": that one, by its words
        return which_about(listed, [Edit(0, field, value, said["about"])], _roles())
    return [Edit(number, field, value)]


_MAKE_THAT = re.compile(
    r"^\W*(?:(?:actually|sorry|no|wait|oh|hang on|oops|hmm)\W+)*(?:can you\s+|pls\s+|please\s+)?"
    r"(?:make|change)\s+(?:that|it|that one|the date|the due date"
    r"|the\s+(?P<about>[\w' -]{2,30}?)\s+one(?:'s\s+(?:date|due date))?)\s+(?:to\s+|into\s+)?"
    r"(?P<value>.+)$",
    re.IGNORECASE,
)


def undo_edit(
    dispatcher: CollectingDispatcher, tracker: Tracker, before: List[Dict[str, Any]]
) -> Dict[str, Any]:
    """The actions put back as they were before the last edit (``edit_undone``), read back;
    an edit asked with the undo is then made ("put that back, i meant remove action 2": a
    terminal trial's action 3 stayed removed and 2 stayed)."""
    dispatcher.utter_message(text=kb().supervision.actions.undone)
    state = supervision.with_numbered_actions(current_state(tracker), before)
    text = tracker.latest_message.get("text") or ""
    # only an edit naming its action: "scrap that, wrong one" asks nothing more
    named = re.search(r"\baction\s*#?\d", text, re.IGNORECASE)
    edits = [e for e in edits_asked(state, _UNDO.sub("", text)) if e.number > 0] if named else []
    if edits:
        return edit_actions(dispatcher, state, edits)
    read_back(dispatcher, state)
    return {"supervision": state, "supervision_answer": None}


def edit_undone(tracker: Tracker) -> List[Dict[str, Any]] | None:
    """The actions as they were before the last turn's edit, when this turn takes it back
    ("change action 2's owner to the team manager", then "scrap that": a trial's action 2 was
    deleted instead); None otherwise."""
    text = tracker.latest_message.get("text") or ""
    # "oh no I shouldn't have removed the strat one - undo that": a removal taken back too (a
    # trial's became a new action)
    undo = _UNDO.search(text) and len(text.split()) <= 20
    if not (undo or (_SCRAP.search(text) and len(text.split()) <= 5)):
        return None
    previous, before = last_turns_edits(tracker)
    removed = any(e.field is None for e in previous)
    if not previous or (removed and not undo) or not before:
        return None
    return supervision.numbered_actions(before)


_UNDO = re.compile(
    r"^\W*undo\b|\bundo (?:that|it|this|the last (?:change|one|edit))\b|"
    # "no!! undo, put them back", "scrap that, wrong one" (a terminal trial's were a new action
    # and nothing: both just after a removal)
    r"^\W*(?:no+|oops|argh|sorry)\W+undo\b|\bwrong one\b|\bmy mistake\b|"
    r"\b(?:put|bring|add) (?:it|that|them|those|both|it all|that one|"
    r"the [\w' -]{1,30}? (?:one|action)) back\b",
    re.IGNORECASE,
)


def last_turns_edits(tracker: Tracker) -> tuple[List[Edit], supervision.State | None]:
    """The edits the practitioner's previous message asked, and the supervision before it."""
    events = session_events(tracker)
    users = [i for i, e in enumerate(events) if e.get("event") == "user"]
    if len(users) < 2:
        return [], None
    previous = parse_edits(events[users[-2]].get("text") or "", _roles())
    return previous, state_before_last_turn(tracker)


def requested_edits(tracker: Tracker) -> List[Edit]:
    """The edits to the agreed actions, whatever the intent they were taken for ("remove action
    1" may read as a stop, "change action 2" as going back); none when none is asked."""
    state = tracker.get_slot("supervision")
    if not state or state.get("finished"):
        return []
    return edits_asked(state, tracker.latest_message.get("text") or "")


def edits_asked(state: supervision.State, text: str) -> List[Edit]:
    """The edits ``text`` asks of the actions listed, each naming the action by its number
    ("the chronology one" found by its words); none when none is asked or none can be made."""
    listed = supervision.numbered_actions(state)
    edits = parse_edits(text, _roles()) if listed else []
    if state.get("draft"):
        # "scrap that" while an action is being agreed: that one, not the last listed
        edits = [e for e in edits if e.number != -1]
    return which_about(listed, edits, _roles())


def take_answer(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: DomainDict,
    text: str | None,
) -> Dict[str, Any]:
    """Records ``text`` at the stage in hand (None: skipped), reading actions, owners and due
    dates and keeping names out of owners; returns the slots that move the supervision on."""
    state = current_state(tracker)
    stage = supervision.next_stage(state, kb())
    intent = latest_intent(tracker)
    step_now = supervision.step_number(stage, kb())
    if text and step_now:
        # "... outcome: back in education by feb half term. move on": the note, not the command
        text = _TRAILING_MOVE_ON.sub("", text) or text
        pause = _TRAILING_PAUSE.search(text)
        if pause and len(text[: pause.start()].split()) >= 3:
            # "... the weight loss is new. sorry got to go to a meeting, pause": noted, then
            # the form ends paused (action_supervision_record files nothing while paused)
            noted = take_answer(dispatcher, tracker, domain, text[: pause.start()])
            return {**noted, "supervision_answer": "done", "paused": "supervision"}
    if text and (moved := moved_note(dispatcher, tracker, state, text)):
        state, rest = moved  # "hang on, that was meant for step 1"
        if back := back_after_move(dispatcher, tracker, state, rest):
            return back
        if len(rest.split()) < 3 or _CLEAR_VERB.match(rest) or _NOT_DONE_YET.search(rest):
            return {"supervision": state, "supervision_answer": None}
        tracker.slots["supervision"] = state
        return {"supervision": state, **take_answer(dispatcher, tracker, domain, rest)}
    inside = _TERM_ASKED_INSIDE.search(text or "") if step_now else None
    if inside and kb().terms_in(inside["asked"]):
        # "mum says the fridge is full. whats a MASE? going well - breakfast club": the term
        # explained and the question kept for the record, the rest the step's note (a widget
        # trial's question stayed in the note, unanswered)
        explain_terms(dispatcher, inside["asked"], domain)
        asked = supervision.note_question(state, inside["asked"].strip())
        tracker.slots["supervision"] = asked
        rest = f"{text[: inside.start()].rstrip()} {text[inside.end() :].lstrip()}".strip()
        return {"supervision": asked, **take_answer(dispatcher, tracker, domain, rest)}
    parts = _SENTENCE.split(text.strip()) if text and step_now else []
    for at in range(1, len(parts)):
        # "... mum exhausted tho. can we put that the SW is new to CSE cases? thats for step 1":
        # the request filed at its step, the rest at this one (a trial's request was filed here)
        asked, own = " ".join(parts[at:]), " ".join(parts[:at])
        if _NOTE_FOR_STEP.match(asked) and len(own.split()) >= 3:
            filed = note_for_step(dispatcher, state, asked)
            if filed:
                tracker.slots["supervision"] = filed["supervision"]
                return {**filed, **take_answer(dispatcher, tracker, domain, own)}
    later = _FOR_ACTIONS.search(text or "") if step_now else None
    if later and looks_like_action(later["actions"]):
        # "... SW is the single point of contact. oh and for actions: SW to do a visit by next
        # fri": kept for the actions, not the step's note (a trial's stayed in step 2's note,
        # never offered; another's stayed in the note after the action was removed)
        said = said_actions(later["actions"])
        dispatcher.utter_message(
            text=kb().supervision.actions.for_later.format(
                actions="\n".join(f"- {supervision.describe_action(a, kb())}" for a in said)
            )
        )
        state = {**state, "later_actions": [*(state.get("later_actions") or []), *said]}
        tracker.slots["supervision"] = state
        own = text[: later.start()].strip(" ,;-–")
        if len(own.split()) < 2:
            return {"supervision": state, "supervision_answer": None}
        return {"supervision": state, **take_answer(dispatcher, tracker, domain, own)}
    if text and step_now:
        filed, own = labelled_later(dispatcher, state, stage, text)
        if filed is not state:
            tracker.slots["supervision"] = filed
            return take_answer(dispatcher, tracker, domain, own)
    added = _ADD_IT_TO_STEP.search(text or "") if step_now else None
    steps = kb().supervision.steps
    if added and 1 <= int(added["n"]) <= len(steps):
        # "... - also the school nurse, add her to step 2": the part before the instruction
        # filed at step 2, what came before it at the step in hand (a trial's stayed whole)
        before = text[: added.start()]
        cut = next(reversed(list(_ADDED_PART.finditer(before))), None)
        part, own = (before[cut.end() :], before[: cut.start()]) if cut else (before, "")
        step = steps[int(added["n"]) - 1].id
        if step == stage:
            return take_answer(dispatcher, tracker, domain, before.strip(" ,;-–—"))
        if len(own.split()) < 3:
            return filed_elsewhere(dispatcher, state, step, part.strip(" ,;.-–—"))
        dispatcher.utter_message(
            response="utter_supervision_added",
            number=int(added["n"]),
            step_title=steps[int(added["n"]) - 1].title,
        )
        state = supervision.file_at_step(state, step, part.strip(" ,;.-–—"))
        tracker.slots["supervision"] = state
        return take_answer(dispatcher, tracker, domain, own.strip(" ,;-–—"))
    # "step 6 - mum did attend the last cin meeting" once the actions are asked for: that step's
    # note, never an action (a trial's was asked who would do it)
    numbered = bool(text) and bool(supervision.STEP_LABEL.match(text))
    labelled = supervision.labelled_step(text, kb()) if text and (step_now or numbered) else None
    if labelled and len(labelled[1].split()) >= 3:
        step, note = labelled
        if step != stage:  # "agencies - csc lead, school dsl" at another step: filed there
            return filed_elsewhere(dispatcher, state, step, note)
    asked_again = state.get("revisit") == stage or state["steps"].get(stage)
    if text and asked_again and _NOTHING_TO_ADD.match(text):
        text = None  # "nothing to add": the step keeps what it has
    done = _STEP_DONE.search(text or "")
    if done and len(text.split()) <= 12 and int(done["n"]) != supervision.step_number(stage, kb()):
        return {"supervision_answer": None}  # "thats step 1 done" at step 2: no answer to it
    if (
        text
        and stage in (supervision.ESCALATION, supervision.REVIEW)
        and (_LIST_DONE.search(text) and len(text.split()) <= 6)
    ):
        return {"supervision_answer": None}  # "no more actions" said again: no route, no date
    if text and stage == supervision.ESCALATION:
        # "the escalation route is: TM raises with ...", "route: ...": the route, not its label
        text = _ROUTE_LABEL.sub("", text) or text
    if text and stage == supervision.ESCALATION and supervision.route_named(state, kb()):
        # "no - route is TM to the DS first ..." to the route offered back: the route typed
        # (a trial's record kept the "no -")
        text = _NOT_THAT_ROUTE.sub("", text) or text
    answer: Any = text
    at_actions = stage in supervision.ACTION_STAGES
    changed = supervision.record_change(text) if text and at_actions else None
    if changed and changed[0] == stage and stage in (supervision.ESCALATION, supervision.REVIEW):
        changed = None  # "the escalation route is: ..." at the route's question: the answer
    if changed:
        part, value, rest = changed
        slots = change_record(dispatcher, state, part, value)
        if not (looks_like_action(rest) or starts_an_action(rest)):
            return slots  # "can we change the review date to the 11th jan instead": no action
        tracker.slots["supervision"] = slots.get("supervision", state)
        return {**slots, **take_answer(dispatcher, tracker, domain, rest)}
    split = _TWO_ACTIONS.match(text) if text and at_actions else None
    listed = supervision.numbered_actions(state)
    number = int(split["n"] or split["wrong"] or len(listed)) if split else 0
    if split and 1 <= number <= len(listed) and looks_like_action(text[split.end() :]):
        # "no thats two actions: SW to visit by friday and TM to chase housing": the last
        # action said (or the one named) is replaced by those now said, in its place
        said = said_actions(text[split.end() :])
        if len(said) < 2:  # "two actions: sw to share the minutes, and look into housing"
            said = [a for part in _as_two(text[split.end() :]) for a in said_actions(part)]
        before, after = listed[: number - 1], listed[number:]
        state = supervision.with_numbered_actions(state, before)
        state = supervision.add_actions(state, said)
        state = supervision.with_numbered_actions(
            state, [*supervision.numbered_actions(state), *after]
        )
        read_back(dispatcher, state)  # the whole list, each in its place
        return {"supervision_answer": None, "supervision": state}
    edits = edits_asked(state, text) if text and at_actions else []
    if edits:
        return edit_actions(dispatcher, state, edits, text)
    if text is None:
        number = supervision.step_number(stage, kb())
        if stage == supervision.OWNER and supervision.asks_due_too(state):
            # "who will do it, and by when?" skipped: neither is asked again
            return finish_draft(dispatcher, state, stage, owner=None, due=None)
        if number:
            dispatcher.utter_message(
                # notes kept (after a safety message, or from before going back): not skipped
                response="utter_supervision_step_kept"
                if state["steps"].get(stage)
                else "utter_supervision_step_skipped",
                step_title=kb().supervision.steps[number - 1].title,
            )
        elif stage == supervision.SPECIFY:
            return finish_draft(dispatcher, state, stage, vague=False)
    elif stage == supervision.ACTION and state.get("proposed"):
        # the actions found in the notes: kept on "yes"; on anything else, set aside
        proposed, state = state["proposed"], {**state, "proposed": []}
        if intent == "affirm" or _KEEP_ALL.match(text):
            dispatcher.utter_message(
                json_message=contract.answer("supervision", None, "answer", stage=stage)
            )
            kept = supervision.add_actions(state, proposed)
            # "yes keep it. but you missed one - SW to refer to MACE by friday, ...": those too
            more = actions_in_notes(text, _roles())
            if more:
                said = said_actions("; ".join(more))
                note_actions(dispatcher, said)
                kept = supervision.add_actions(kept, said)
            return {"supervision_answer": None, "supervision": kept}
        rest = _DECLINE.sub("", text).strip()
        # "no thats the escalation route. SW to request a strat by next fri": the actions only,
        # from the first on (what follows it may name its owner without "to": "..., pastoral
        # lead body map by tmrw", lost in a trial)
        found = actions_in_notes(rest, _roles())
        rest = rest[rest.find(found[0]) :] if found and found[0] in rest else rest
        tracker.slots["supervision"] = state
        if intent == "deny" and not looks_like_action(rest):
            return {"supervision_answer": None, "supervision": state}
        return take_answer(dispatcher, tracker, domain, rest or text)
    elif stage == supervision.ACTION and _NO_MORE.match(without_fillers(text)):
        answer = None  # "no more actions", "oh wait, no more actions"
    elif stage == supervision.ACTION and intent == "affirm" and state["actions"]:
        # "yes" to "is there another action?": ask for it, record nothing yet
        return {"supervision": {**state, "next_action_asked": True}, "supervision_answer": None}
    elif stage == supervision.ACTION:
        dispatcher.utter_message(
            json_message=contract.answer("supervision", None, "answer", stage=stage)
        )
        said = said_actions(text)
        if len(said) > 1 or agreed_at_once(said[0]):
            # several in one line, or one agreed at once: each seen to be kept, as read
            note_actions(dispatcher, said)
        state = supervision.add_actions(state, said)
        return {"supervision_answer": None, "supervision": state}
    elif stage == supervision.SPECIFY:
        if _NO_MORE.match(without_fillers(text)):
            # "no more actions" to the nudge: the action kept as it is, and no more asked
            slots = finish_draft(dispatcher, state, stage, vague=False)
            kept = slots["supervision"]
            if kept.get("draft") is None and not kept.get("queue"):
                kept = slots["supervision"] = {**kept, "actions_done": True}
            if supervision.next_stage(kept, kb()) == supervision.DONE:
                slots["supervision_answer"] = "done"  # an amended record: filed now
            return slots
        if _KEEP.match(text) or intent in ("affirm", "deny") or _NO_OWNER.match(text):
            return finish_draft(dispatcher, state, stage, vague=False)
        another = _ANOTHER.match(text)
        if another and text[another.end() :].strip():
            kept = finish_draft(dispatcher, state, stage, vague=False)["supervision"]
            state = supervision.add_actions(kept, said_actions(text[another.end() :]))
            return {"supervision_answer": None, "supervision": state}
        told = said_actions(text)
        [said, *_] = told
        draft = state["draft"]
        if (
            len(told) > 1
            or (said.get("owner") and draft.get("owner") not in (None, said["owner"]))
            or (agreed_at_once(said) and not _shares_words(said["action"], draft["action"]))
        ):
            # "TM to book a professionals meeting" at the nudge for the netball coach's action:
            # the next action, not this one made specific (kept as said)
            kept = finish_draft(dispatcher, state, stage, vague=False)["supervision"]
            note_actions(dispatcher, told)
            return {"supervision_answer": None, "supervision": supervision.add_actions(kept, told)}
        fields = {"action": said["action"], "vague": False}
        when = ("owner", "due", "due_text", "ongoing")  # "..., ongoing from tomorrow" kept so
        fields.update({k: v for k, v in said.items() if k in when})
        fields.update({k: v for k, v in draft.items() if k in when and v is not None})
        dispatcher.utter_message(
            text=kb().supervision.actions.specified.format(action=said["action"])
        )
        return finish_draft(dispatcher, state, stage, **fields)
    elif stage in (supervision.OWNER, supervision.DUE, supervision.SPECIFY) and _SCRAP.search(text):
        just_said = said_last_turn(tracker, state)
        if just_said:  # "scrap that" after another action was noted: that one, not the draft
            return edit_actions(dispatcher, state, [Edit(just_said[-1], None)], text)
        # "thats not an action, scrap that": the action being agreed is dropped, never owned
        dispatcher.utter_message(response="utter_supervision_action_dropped")
        state = supervision.drop_draft(state)
        rest = without_taken_back(text)
        if rest != text and looks_like_action(rest):
            # "no scrap that, gp to check for organic cause by 18th": and the one meant, added
            said = said_actions(rest)
            state = supervision.add_actions(state, said)
            if len(said) > 1 or agreed_at_once(said[0]):
                note_actions(dispatcher, said)
        return {"supervision_answer": None, "supervision": state}
    elif stage in (supervision.OWNER, supervision.DUE) and _LIST_DONE.search(text):
        # "no more actions" while an owner or a due date is asked: not given, never taken
        # for one, and the list ends there
        missing = {stage: None}
        if stage == supervision.OWNER and supervision.asks_due_too(state):
            missing["due"] = None
        slots = finish_draft(dispatcher, state, stage, **missing)
        ended = {**slots["supervision"], "actions_done": True}
        read_back(dispatcher, ended)
        done = supervision.next_stage(ended, kb()) == supervision.DONE  # an amended record
        return {**slots, "supervision": ended, "supervision_answer": "done" if done else None}
    elif stage in (supervision.OWNER, supervision.DUE) and next_action_after(text)[1]:
        # "SW. also the GP should review the rash by friday": this one's answer, then the next
        answered, more = next_action_after(text)
        slots = take_answer(dispatcher, tracker, domain, answered)
        said = said_actions(more)
        note_actions(dispatcher, said)
        kept = slots.get("supervision") or current_state(tracker)
        return {**slots, "supervision": supervision.add_actions(kept, said)}
    elif stage == supervision.OWNER and _NAME_PLACEHOLDER in text:
        dispatcher.utter_message(response="utter_supervision_owner_is_name")
        return {"supervision_answer": None}
    elif stage == supervision.OWNER:
        # "the sg supervisor, i said": who, not how it was said (a terminal trial's was the owner)
        return take_owner(dispatcher, state, _SAID_BEFORE.sub("", text) or text)
    elif stage == supervision.DUE:
        return take_due(dispatcher, state, stage, text)
    elif stage in (supervision.ESCALATION, supervision.REVIEW) and (
        supervision.SAME_AS_BEFORE.match(text)
        and state.get("escalation_route" if stage == supervision.ESCALATION else "next_review")
    ):
        # "same as before" when amending: the filed record's route or review date, kept
        answer = state["escalation_route" if stage == supervision.ESCALATION else "next_review"]
    elif stage == supervision.REVIEW and "[DATE]" in text and review_date(text) is None:
        guide = kb().supervision.next_review
        dispatcher.utter_message(text=guide.date_removed if guide else None)
        return {"supervision_answer": None}  # asked again, never filed as "[DATE]"
    elif stage == supervision.REVIEW:
        proposal = supervision.review_proposal(kb())
        if proposal and latest_intent(tracker) == "affirm" and len(text.split()) <= 4:
            text = proposal[0]  # "yes" to the date offered: that date (a trial's was "yes")
        condition = supervision.REVIEW_CONDITION.search(text)
        if condition and condition.start() > 0:
            state = {**state, "review_condition": condition["condition"]}
            text = text[: condition.start()]
        review = review_date(text)
        if review is not None and review < dt.date.today():
            dispatcher.utter_message(response="utter_supervision_review_past")
            return {"supervision_answer": None}
        if review is not None and review != working_day(review):
            # a day named on a weekend is the practitioner's to choose: kept, and said
            dispatcher.utter_message(
                text=kb().supervision.next_review.weekend_note.format(
                    date=long_date(review), weekday=review.strftime("%A")
                )
            )
        answer = review.isoformat() if review else text  # kept as said, to be confirmed
    if answer is not None:
        dispatcher.utter_message(
            json_message=contract.answer("supervision", None, "answer", stage=stage)
        )
    asked_rest = state.get("follow_up") == stage
    state = supervision.record_answer(state, stage, answer)
    number = supervision.step_number(stage, kb())
    step = kb().supervision.steps[number - 1] if number else None
    if (
        answer
        and step
        and step.if_only_roles
        and not asked_rest
        and supervision.names_only_roles(answer, _roles())
    ):
        state = supervision.ask_rest(state, stage)  # "TM and SW here": and the case in brief?
    if stage == supervision.ACTION and answer is None:
        read_back(dispatcher, state)
    if answer is not None and supervision.step_number(stage, kb()):
        state = weave_theme(dispatcher, tracker, domain, state)
    done = supervision.next_stage(state, kb()) == supervision.DONE
    return {"supervision_answer": "done" if done else None, "supervision": state}


# "no thats two actions:", "those are 2 separate things -": the last action said was several
_TWO_ACTIONS = re.compile(
    r"^\W*(?:(?:no|sorry|oops|actually|wait)\W+)*"
    # "no wait action 4 is wrong, thats two actions: ...": that one (a terminal trial's became
    # a fifth action)
    r"(?:action\s*#?(?P<wrong>\d{1,2})\s+(?:is|was)\s+(?:wrong|not right)\W+)?"
    r"(?:that(?:'s|s|\s+is|\s+was|\s+should\s+be)|"
    r"those\s+(?:are|were)|it(?:'s|s|\s+is|\s+was)|"
    # "no action 1 is two actions: ...": that one, not the last
    r"action\s*#?(?P<n>\d{1,2})\s+(?:is|was|should be))\s+(?:two|2|three|3|separate)\s+"
    r"(?:separate\s+|different\s+)?(?:actions|things|jobs)\b(?:\s+(?:really|actually|tbh))?"
    r"[\s:,.;–-]*",
    re.IGNORECASE,
)


def _as_two(text: str) -> List[str]:
    """``text``, said to be two actions, cut where an "and" or a comma opens the second with
    its verb or its owner."""
    for cut in re.finditer(r"\s*,\s*(?:and\s+)?|\s+and\s+", text):
        rest = text[cut.end() :]
        if ACTION_VERB.match(rest) or _owner_then_verb(rest, _roles()):
            return [text[: cut.start()], rest]
    return [text]


# Where an owner's or a due date's answer may run on into the next action: a sentence's end, or
# "also", "and also", "plus" ("SW. also the GP should review...", "friday, plus HV to weigh...")
_THEN_NEXT = re.compile(r"[.!?;]\s+|,?\s+(?=(?:and\s+)?(?:also|plus)\b)", re.IGNORECASE)


def next_action_after(text: str) -> tuple[str, str]:
    """``text`` as the answer asked for and the next action said after it ("" when none)."""
    roles = _roles()
    for cut in _THEN_NEXT.finditer(text):
        answered = text[: cut.start()].strip(" ,")
        more = re.sub(r"^\W*(?:and\s+)?(?:also|plus|then)?\b[\s,]*", "", text[cut.end() :])
        # the next action opens with its verb or its owner ("she is off next week" is neither)
        opens_one = ACTION_VERB.match(more) or _owner_then_verb(more, roles)
        if (
            answered
            and more
            and not parse_edits(more)
            and (opens_one or any(a.owner for a in parse_actions(more, roles)))
        ):
            return answered, more
    return text, ""


def take_owner(
    dispatcher: CollectingDispatcher, state: supervision.State, text: str
) -> Dict[str, Any]:
    """The answer to "who owns this action?", or to "who will do it, and by when?" when the
    due date is missing too: the owner, the due date or both ("SW by Friday", "the DSL", "next
    friday"); what is still missing is asked next."""
    if starts_an_action(text):
        # "look into housing" where an owner was asked: the next action, not this one's owner
        # (this one is kept with what it has; the record shows what is missing)
        missing = {"owner": None, **({"due": None} if supervision.asks_due_too(state) else {})}
        state = supervision.update_draft(state, **missing)
        said = said_actions(text)
        state = supervision.add_actions(state, said)
        dispatcher.utter_message(
            json_message=contract.answer("supervision", None, "answer", stage=supervision.ACTION)
        )
        if len(said) > 1 or agreed_at_once(said[0]):
            note_actions(dispatcher, said)  # each seen to be kept, as read
        return {"supervision_answer": None, "supervision": state}
    if _NO_OWNER.match(text):  # "dunno, we'll sort it": no owner yet, never that as one
        return finish_draft(dispatcher, state, supervision.OWNER, owner=None)
    open_date = _OPEN_DATE.search(text) if supervision.asks_due_too(state) else None
    if open_date:  # "SW, date tbc": the owner, and the date left open
        text = (text[: open_date.start()] + text[open_date.end() :]).strip(" ,.;-")
        if not role_named(text, _roles()) and not text:
            return finish_draft(dispatcher, state, supervision.OWNER, due=None, due_open=True)
    said, ongoing = split_ongoing(text, dt.date.today())
    if ongoing and supervision.asks_due_too(state):  # "SW, ongoing": no deadline on purpose
        owner = role_named(said, _roles()) or said or None
        return finish_draft(
            dispatcher,
            state,
            supervision.OWNER,
            owner=owner,
            due=None,
            due_text=ongoing,
            ongoing=True,
        )
    rest, due, due_text = split_due(text, dt.date.today())
    roles = _roles()
    owner = role_named(rest, roles)
    asked_when = supervision.asks_due_too(state) and _WHEN_NOT_WHO.match(text)
    if asked_when and owner is None and not (due or due_text):
        return take_due(dispatcher, state, supervision.OWNER, text)  # "whenever the court asks"
    fields: Dict[str, Any] = {}
    if owner or rest.strip(" ,.;-"):
        fields["owner"] = owner or rest.strip(" ,.;-")
    if due or due_text:
        fields.update({"due": due, **({"due_text": due_text} if due_text else {})})
    elif open_date:
        fields.update({"due": None, "due_open": True})
    if not fields:
        return {"supervision_answer": None}
    return finish_draft(dispatcher, state, supervision.OWNER, **fields)


def take_due(
    dispatcher: CollectingDispatcher, state: supervision.State, stage: str, text: str
) -> Dict[str, Any]:
    """A due date: read, or asked once more when no date can be read; a second answer that
    names none is kept as said, to be confirmed. A date in the past is asked again."""
    if _owner_then_verb(text, _roles()):
        # "police to share the callout history by friday" where a date was asked: the next
        # action, with its own date; this one's date stays to be confirmed
        state = supervision.update_draft(state, due=None)
        said = said_actions(text)
        note_actions(dispatcher, said)
        return {"supervision_answer": None, "supervision": supervision.add_actions(state, said)}
    each = dues_for_each(state, text)
    if each:
        # "end of the week for the minutes and the check ins from tomorrow, ongoing": each
        # action asked about its own date (a held-out conversation's second was asked again)
        dispatcher.utter_message(
            json_message=contract.answer("supervision", None, "answer", stage=stage)
        )
        listed = supervision.numbered_actions(state)
        for number, fields in each.items():
            listed[number] = {**listed[number], **fields}
        note_actions(dispatcher, [listed[number] for number in each])  # each date seen kept
        return {
            "supervision_answer": None,
            "supervision": supervision.with_numbered_actions(state, listed),
        }
    if _OPEN_DATE.search(text) or _UNSURE.fullmatch(text):  # "tbc", "not sure yet"
        return finish_draft(dispatcher, state, stage, due=None, due_open=True)
    _, ongoing = split_ongoing(text, dt.date.today())
    if ongoing:  # "from tomorrow, ongoing": no deadline, never the start read as one
        return finish_draft(dispatcher, state, stage, due=None, due_text=ongoing, ongoing=True)
    due = due_date(text)
    when = occasion(text) if due is None else None
    if when:  # "at the next visit": kept, to be dated
        return finish_draft(dispatcher, state, stage, due=None, due_text=when)
    if due is None and not state["draft"].get("due_asked"):
        dispatcher.utter_message(response="utter_supervision_due_unclear")
        draft = {**state["draft"], "due_asked": True}
        return {"supervision": {**state, "draft": draft}, "supervision_answer": None}
    if due is None:
        return finish_draft(dispatcher, state, stage, due=None, due_text=text)
    if due < dt.date.today():
        dispatcher.utter_message(response="utter_supervision_due_past")
        return {"supervision_answer": None}
    return finish_draft(dispatcher, state, stage, due=due.isoformat())


def dues_for_each(state: supervision.State, text: str) -> Dict[int, Dict[str, Any]]:
    """The due date ``text`` gives each of two or more actions still being agreed, each named
    by its words ("... for the minutes and the check ins from tomorrow, ongoing"), by their
    index in ``numbered_actions``; empty unless every part names exactly one such action and
    when it is due."""
    listed = supervision.numbered_actions(state)
    pending = [i for i, a in enumerate(listed) if a.get(supervision.PENDING)]
    parts = [p for p in _DUE_PARTS.split(text) if p.strip(" .,")]
    if len(pending) < 2 or len(parts) < 2:
        return {}
    found: Dict[int, Dict[str, Any]] = {}
    today = dt.date.today()
    for at, part in enumerate(parts):
        named = [i for i in pending if _shares_words(part, listed[i]["action"])]
        # "the gp one by next week": named by its owner
        named = named or [i for i in pending if _names_owner(part, listed[i])]
        if not named and at == 0:
            # "next visit, so by the 18th. the gp one by next week": the first part, naming
            # none, is for the action asked about (a trial's took the second part's date)
            named = [pending[0]]
        _, ongoing = split_ongoing(part, today)
        due = None if ongoing else due_date(part)
        if len(named) != 1 or named[0] in found or not (ongoing or (due and due >= today)):
            return {}
        fields = {"due": None, "due_text": ongoing, "ongoing": True} if ongoing else {}
        found[named[0]] = fields or {"due": due.isoformat()}
    return found


# Where one action's due date ends and another's begins: "...; ...", "... . ...", "... and ..."
_DUE_PARTS = re.compile(r"\s*;\s*|(?<=[.!?])\s+|\s+and\s+(?:then\s+)?")


def _names_owner(part: str, action: Dict[str, Any]) -> bool:
    """ "the gp one", "SW's by friday": ``part`` names the action by its owner's role."""
    owner = (action.get("owner") or "").lower()
    said = re.findall(r"[a-z]+", part.lower().replace("'s", ""))
    roles = _roles()
    return bool(owner) and any(
        role_named(word, roles) and role_named(word, roles).lower() == owner for word in said
    )


def finish_draft(
    dispatcher: CollectingDispatcher, state: supervision.State, stage: str, **fields: Any
) -> Dict[str, Any]:
    dispatcher.utter_message(
        json_message=contract.answer("supervision", None, "answer", stage=stage)
    )
    agreed = len(state["actions"])
    state = supervision.update_draft(state, **fields)
    if stage in (supervision.OWNER, supervision.DUE) and len(state["actions"]) > agreed:
        # the owner or date just given completes it: read back, as an action said whole is
        note_actions(dispatcher, state["actions"][agreed:])
    return {"supervision_answer": None, "supervision": state}


class ValidateSupervisionForm(FormValidationAction):
    """Takes each turn for what it is (bot/core/turns.py), then records answers."""

    def name(self) -> str:
        return "validate_supervision_form"

    def validate_supervision_answer(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        if value is None:  # the slot was reset when the loop (re)started: nothing was answered
            return {}
        text = str(value).strip()
        state = current_state(tracker)
        if not state.get("confirm_stop"):
            return control_first(dispatcher, tracker) or self.judge_turn(
                text, dispatcher, tracker, domain
            )
        # the answer to "discard this supervision?"
        intent = latest_intent(tracker)
        if intent == "affirm":
            return discard(state)
        state = {**state, "confirm_stop": False}
        if intent in ("deny", "resume"):
            dispatcher.utter_message(response="utter_supervision_carry_on")
            return {"supervision": state, "supervision_answer": None}
        # anything else is a turn at the step in hand: the stop is not taken (the slot is set
        # here too, so take_answer reads the state without the question)
        tracker.slots["supervision"] = state
        result = self.judge_turn(text, dispatcher, tracker, domain)
        return {"supervision": current_state(tracker), **result}

    def judge_turn(
        self, text: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        state = current_state(tracker)
        if _NOT_ASKED_FOR.search(text):
            # "I didnt ask for a supervision. stop that": asked before anything is discarded,
            # never filed as a step's note (a trial's was)
            return {"supervision": {**state, "confirm_stop": True}, "supervision_answer": None}
        if asked_about_slip(dispatcher, text):
            # "stpo": asked about, never a step's note (a widget trial's was step 4's)
            return {"supervision_answer": None}
        if state.get("choosing_step"):  # the steps were listed: "6" chooses one
            state = tracker.slots["supervision"] = {**state, "choosing_step": False}
            chosen = supervision.step_chosen(text, kb())
            if chosen:
                return revisit(dispatcher, tracker, state, chosen, "")
            return {"supervision": state, **self.judge_turn(text, dispatcher, tracker, domain)}
        fixed = supervision.corrected_fact(state, text, kb())
        if fixed:  # "actually the baby is 8 months not 7": put right where it was said
            state, step, was, now = fixed
            number = supervision.step_number(step, kb()) or 0
            part = f"Step {number} ({kb().supervision.steps[number - 1].title})"
            dispatcher.utter_message(
                text=kb().supervision.actions.record_changed.format(
                    part=part, value=f'"{now}" (was "{was}")'
                )
            )
            return {"supervision": state, "supervision_answer": None}
        undone = edit_undone(tracker)
        if undone is not None:  # "scrap that" just after an edit: the edit, not an action
            return undo_edit(dispatcher, tracker, undone)
        redone = edit_meant_for_another(tracker)
        if redone:  # "no sorry, it was action 3 I meant": undone, and made to action 3
            before, edits = redone
            state = supervision.with_numbered_actions(current_state(tracker), before)
            return edit_actions(dispatcher, state, edits)
        edits = requested_edits(tracker)
        if edits:  # "remove action 3" may read as nothing much to the classifier
            return edit_actions(dispatcher, current_state(tracker), edits, text)
        if that := made_that(tracker, text):  # "actually make that next friday": no action
            return edit_actions(dispatcher, current_state(tracker), that)
        meant = _MEANT_OTHER.search(text)
        if meant and len(text.split()) <= 10:  # no change just made to move: never an action
            guide = kb().supervision.actions
            dispatcher.utter_message(text=guide.meant_unclear.format(number=meant["n"]))
            return {"supervision_answer": None}
        if added := note_for_step(dispatcher, state, text):
            return added  # "can we put that the SW is new to CSE cases? thats for step 1"
        labelled = supervision.STEP_LABEL.match(text) and supervision.labelled_step(text, kb())
        if labelled:
            # "step 4 - mum agrees ... then doesnt follow through, disguised compliance?": a note
            # for step 4 with its own analysis, not a question (a trial's was not noted at all);
            # "step 4 - he makes his own cereal, whats a MASH?": the note, and the term answered
            step, note = labelled
            told, asked = turns.trailing_question(note)
            if step == supervision.next_stage(state, kb()):
                slots = take_answer(dispatcher, tracker, domain, told if asked else note)
            else:
                slots = filed_elsewhere(dispatcher, state, step, told if asked else note)
            if not asked:
                return slots
            answered = answer_also_asked(dispatcher, tracker, domain, asked)
            noted = slots.get("supervision") or current_state(tracker)
            return {**slots, "supervision": supervision.note_question(noted, asked, answered)}
        unrelated = is_unrelated(kb(), text, tracker.latest_message.get("intent_ranking") or [])
        kind = turns.interpret(
            latest_intent(tracker),
            latest_confidence(tracker),
            text,
            unrelated=unrelated,
            situation_themes=[],  # in a supervision, a situation is the case being discussed
            current_theme=None,
            config=tunables()["turns"],
            cannot_help=CANNOT_HELP,
        )
        stage_now = supervision.next_stage(current_state(tracker), kb())
        owner_said = _OWNER_TO.match(text)
        if (
            stage_now
            in (supervision.ACTION, supervision.OWNER, supervision.DUE, supervision.SPECIFY)
            and owner_said
            and role_named(owner_said["owner"], _roles())
            and not text.rstrip().endswith("?")
        ):
            # "dsl to make MASH referral today" where actions are agreed: an action, never a
            # request to Reflect (a trial's key action was refused and filed as a question)
            kind = turns.ANSWER
        if turns.ends_asking_to_go_on(text):
            return {"supervision_answer": None}  # "ok police are on the way. carry on"
        # "finish here and save what we've done"; "SW to write it up for the file" is an action
        if supervision.asks_to_finish_now(text) and not _OWNER_TO.match(text):
            dispatcher.utter_message(response="utter_supervision_finish_now")
            return {
                "supervision": supervision.finish_now(current_state(tracker), kb()),
                "supervision_answer": "done",
            }
        if moves_on(text, current_state(tracker), requested_step(tracker)):
            return move_on(dispatcher, tracker, domain)  # "no, i meant move on to step 5"
        step = goes_back(tracker)
        if step:
            # "and go back to step 4 - the youth worker's notes say...": at any stage
            return revisit(dispatcher, tracker, current_state(tracker), step, text)
        stage = supervision.next_stage(current_state(tracker), kb())
        if (
            stage in (supervision.ACTION, supervision.OWNER, supervision.DUE)
            and latest_intent(tracker) == "amend_record"
            and not any(_names_an_action(c, _roles()) for c in _AFTER_REQUEST.split(text))
        ):
            # "can we amend the record, the GP action is missing" while the actions are open:
            # the request again, not an action
            dispatcher.utter_message(text=kb().supervision.actions.open_to_change)
            return {"supervision_answer": None}
        if supervision.asks_which_action(current_state(tracker), kb(), text):
            # "by when for which one?": the action asked about
            which = kb().supervision.actions.which
            action = current_state(tracker)["draft"].get("action") or ""
            dispatcher.utter_message(text=which.format(action=action))
            return {"supervision_answer": None}
        route = supervision.route_named(current_state(tracker), kb())
        corrected = _YES_BUT.match(text) if stage == supervision.ESCALATION and route else None
        if corrected:  # "yes but its the lscp policy, tm to tm first": the route as corrected
            rest = corrected.group("rest")
            also = re.match(r"(?:also|and|plus)\b\W*", rest, re.IGNORECASE)
            # "yes but also tm to raise it with hackney tm": the route offered, and more
            said = f"{route}; {rest[also.end() :]}" if also else rest
            return take_answer(dispatcher, tracker, domain, said)
        if stage == supervision.ESCALATION and route and latest_intent(tracker) == "affirm":
            return take_answer(dispatcher, tracker, domain, route)  # "yes, that's the route"
        # An owner or a due date is short and may look like nothing much ("youth worker",
        # "whenever"): at those stages nothing is taken for off-task, nor is the answer to the
        # nudge, the action said again ("ring the housing officer and ask for the repairs
        # log"). Nor is an action that names an owner, a due date or a verb of its own.
        short_answer = stage in (*_DATED, supervision.OWNER, supervision.SPECIFY) or (
            stage == supervision.ACTION and (looks_like_action(text) or starts_an_action(text))
        )
        # "ok" answers none of the open steps, nor "what is the first action?"
        at_a_step = supervision.step_number(stage, kb()) is not None
        acknowledgement = (at_a_step or stage == supervision.ESCALATION) or (
            stage == supervision.ACTION
            and not current_state(tracker)["actions"]
            and not current_state(tracker).get("proposed")  # "yes" keeps the actions offered
        )
        if at_a_step and only_actions(text):
            # "SW to convene core group within 2 weeks, TM to book a planning meeting by end of
            # month" at step 4: agreed actions, kept as such; the step is asked again
            said = said_actions(text)
            dispatcher.utter_message(response="utter_supervision_actions_at_step")
            note_actions(dispatcher, said)
            return {
                "supervision": supervision.add_actions(current_state(tracker), said),
                "supervision_answer": None,
            }
        if previous_reply(tracker, ("safety",)) and turns.is_safety_update(text, feeling=True):
            # "police have gone round, were both a bit rattled tbh": how they feel after the
            # safety message, not the step's note (a held-out conversation's was woven)
            dispatcher.utter_message(response="utter_safety_update_ack_supervision")
            recording_answered(dispatcher, tracker)
            return {"supervision_answer": None}
        if kind == turns.HOLDING or turns.is_holding(
            supervision.without_chat(text), acknowledgement
        ):
            dispatcher.utter_message(response="utter_take_your_time")
            return {"supervision_answer": None}
        # at a step, something told is off-task only when it shares nothing with the audits:
        # "worried about the cars and cash" is the case, whatever the classifier made of it
        told_of_the_case = at_a_step and not unrelated and not turns.is_question(text)
        # where an action is asked, words the audits share are an action ("safety plan for the
        # weekend with dad"), whatever the classifier made of them
        told_an_action = (
            stage == supervision.ACTION and not unrelated and not turns.is_question(text)
        )
        if kind == turns.OFF_TASK and contact_asked(dispatcher, tracker, domain):
            return {"supervision_answer": None}  # "what's the number for the mash?" (off-task
            # to the classifier at the actions: a trial's was declined)
        if kind == turns.OFF_TASK and not (short_answer or told_of_the_case or told_an_action):
            dispatcher.utter_message(response="utter_off_task")
            return {"supervision_answer": None}
        # "when the court asks for it" at the due date is when, not a question about the court
        told_when = (
            asks_when(current_state(tracker), stage)
            and not text.endswith("?")
            and _WHEN.match(text)
        )
        # "we've got a core group on tuesday. whats a PLO": the step's answer, then the question
        told, also_asked = turns.trailing_question(text)
        if at_a_step and kind == turns.QUESTION and not also_asked:
            # "plan: step up to cp? tm view is not yet, stay cin...": asked, then told at length
            also_asked, told = turns.leading_question(text)
        if also_asked and turns.tells_enough(told) and not told_when:
            # a step's note keeps the question too ("...then doesnt - disguised compliance?"):
            # it is the practitioner's own analysis; an action keeps only what was told
            # ("are you still there?" is no part of the analysis)
            about_session = supervision.ABOUT_THE_SESSION.search(also_asked)
            own_analysis = not (
                turns.is_chatter(also_asked)
                or turns.is_definition(also_asked)
                or about_session
                or _ASKS_REFLECT.search(also_asked)
            )
            noted = text if at_a_step and own_analysis else told
            slots = take_answer(dispatcher, tracker, domain, noted)
            if supervision.ASKS_FOR_NOTES.search(also_asked):  # "... what have we got so far"
                tracker.slots["supervision"] = slots.get("supervision") or current_state(tracker)
                read_supervision_so_far(dispatcher, tracker)
                return slots
            answered = answer_also_asked(dispatcher, tracker, domain, also_asked)
            state = slots.get("supervision") or current_state(tracker)
            noted = supervision.note_question(state, also_asked, answered)
            return {**slots, "supervision": noted}
        state = current_state(tracker)
        asked_first, then_told = turns.leading_question(text)
        then_told = re.sub(r"^\W*(?:oh\s+)?(?:and|also|plus)?\b\s*", "", then_told)
        if (
            stage in (supervision.ACTION, supervision.OWNER, supervision.DUE)
            and asked_first
            and (ACTION_VERB.match(then_told) or _owner_then_verb(then_told, _roles()))
        ):
            # "who does the SW request go to? oh and SW to share the car reg by friday": the
            # question answered, and the action kept as one
            said = said_actions(then_told)
            note_actions(dispatcher, said)
            answered = answer_question(dispatcher, tracker, domain)
            state = supervision.note_question(state, asked_first, answered)
            return {"supervision": supervision.add_actions(state, said), "supervision_answer": None}
        if _SHOW_ACTIONS.search(text) and (state["actions"] or state.get("draft")):
            read_back(dispatcher, state)  # "can you show me the actions so far"
            return {"supervision_answer": None}
        if supervision.ASKS_FOR_NOTES.search(text) and len(text.split()) <= _ASKS_MAX_WORDS:
            read_supervision_so_far(dispatcher, tracker)  # "what have we got for step 3 now"
            return {"supervision_answer": None}
        if kind == turns.QUESTION and not told_when and supervision.is_decision_question(text):
            # "do we need to re-refer?": theirs to decide; noted for the record, and any term
            # it names explained ("should we do an NRM referral?" is no request to refer)
            dispatcher.utter_message(response="utter_supervision_decision_question")
            explain_terms(dispatcher, text, domain)
            state = supervision.note_question(current_state(tracker), text, answered=False)
            return {"supervision_answer": None, "supervision": state}
        if kind == turns.QUESTION and not told_when:
            answered = answer_question(dispatcher, tracker, domain)
            # kept for the record's "Questions raised" (the text is redacted before it is here)
            state = supervision.note_question(current_state(tracker), text, answered)
            return {"supervision_answer": None, "supervision": state}
        return take_answer(dispatcher, tracker, domain, text)


# A stop said as one: a short line with a word for stopping in it, or a button's payload.
_STOP_WORD = re.compile(
    r"^/|\b(?:stop|cancel|exit|quit|end|finish|bye|goodbye|abandon|enough|leave it|done)\b",
    re.IGNORECASE,
)
_STOP_MAX_WORDS = 8
_NOT_ASKED_FOR = re.compile(
    r"\b(?:didn'?t|did not|never|don'?t|do not|dont)\s+(?:ask(?:ed)?|want(?:ed)?|mean(?:t)?)\s+"
    r"(?:for\s+|to\s+(?:do|start)\s+)?(?:a\s+|this\s+|the\s+)?(?:guided\s+)?supervi?sion\b",
    re.IGNORECASE,
)


# "the sg supervisor, i said": said again, the owner before it
_SAID_BEFORE = re.compile(
    r"[\s,;-]*\b(?:(?:like|as) )?i (?:said|told you|already said|put)\W*$", re.IGNORECASE
)
# "... what did the audit say about the GP in case 1?": asked of Reflect, about the audit or
# its signposts, no part of the step's analysis (a widget trial's stayed in step 5's note)
_ASKS_REFLECT = re.compile(
    r"\b(?:the audit|in case \d|case \d|the case study|signposts?|number for|contact details|"
    r"what did (?:it|they|the \w+) say|can you (?:tell|show|remind))\b",
    re.IGNORECASE,
)


def said_stop(text: str) -> bool:
    return len(text.split()) <= _STOP_MAX_WORDS and bool(_STOP_WORD.search(text))


def discard(state: supervision.State) -> Dict[str, Any]:
    """Ends the form with nothing to file (action_supervision_record says so)."""
    return {
        "supervision": {**state, "confirm_stop": False, "discarded": True},
        "supervision_answer": "done",
    }


class ActionSupervisionStop(Action):
    """ "Stop", "cancel" or "bye" in a supervision. At the due date, "end of month" is a date,
    not a stop ("end" often means stop). Otherwise nothing is discarded without a yes: the form
    asks first (action_ask_supervision_answer), and a second "stop" is that yes."""

    def name(self) -> str:
        return "action_supervision_stop"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        if changed := note_change(dispatcher, tracker):  # "delete what's in step 3"
            return slot_events(changed)
        text = (tracker.latest_message.get("text") or "").strip()
        state = current_state(tracker)
        stage = supervision.next_stage(state, kb())
        edits = requested_edits(tracker)
        undone = edit_undone(tracker)
        if undone is not None:
            # "scrap that" just after an edit (heard as a stop): the edit taken back, never the
            # action removed (a trial's amended record lost one)
            slots = undo_edit(dispatcher, tracker, undone)
        elif edits:  # "cancel action 2" is an edit, not a stop
            slots = edit_actions(dispatcher, state, edits, text)
        elif asks_when(state, stage) and parse_due(text) is not None:
            slots = take_answer(dispatcher, tracker, domain, text)
        elif supervision.asks_to_finish_now(text):
            # "finish here and save": filed as it stands, never offered for discarding
            slots = ValidateSupervisionForm().judge_turn(text, dispatcher, tracker, domain)
        elif not state.get("confirm_stop") and not said_stop(text):
            # an answer the classifier heard a stop in ("TM to book it by end of month", a
            # step's answer that ends "...and then we stop"): judged as any turn at the step
            slots = ValidateSupervisionForm().judge_turn(text, dispatcher, tracker, domain)
        elif state.get("confirm_stop"):
            slots = discard(state)
        else:
            slots = {"supervision": {**state, "confirm_stop": True}, "supervision_answer": None}
        return slot_events(slots)


class ActionLeavePausedSupervision(Action):
    """ "Let's end the supervision there" while it is paused: nothing is filed or discarded, and
    it is no longer paused ("where were we?" would carry on with a paused one); "resume
    supervision" still finds it."""

    def name(self) -> str:
        return "action_leave_paused_supervision"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        dispatcher.utter_message(response="utter_supervision_left")
        return [SlotSet("paused", None)]


class ActionSkipSupervisionStep(Action):
    """ "Skip" in a supervision: the step is left (and can be revisited). At the due date,
    "next Friday" is a date, not a skip, even though "next" often means "skip"."""

    def name(self) -> str:
        return "action_skip_supervision_step"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        if jumped := control_first(dispatcher, tracker):
            return slot_events(jumped)
        text = (tracker.latest_message.get("text") or "").strip()
        state = current_state(tracker)
        stage = supervision.next_stage(state, kb())
        # "end of month", "at the next visit": when, though the classifier heard a skip
        dated = asks_when(state, stage) and (parse_due(text) is not None or bool(occasion(text)))
        edits = requested_edits(tracker)
        if edits:  # "drop action 1" is an edit, not a skip
            slots = edit_actions(dispatcher, state, edits, text)
        else:
            slots = take_answer(dispatcher, tracker, domain, text if dated else None)
        return slot_events(slots)


def moves_on(text: str, state: supervision.State, step: str | None) -> bool:
    """ "Next step pls", "nothing to add, move on", "on to step 5" (the step after this one):
    on from the step in hand, never back to one."""
    if not _MOVE_ON.search(text) or len(text.split()) > _MOVE_ON_MAX_WORDS:
        return False
    if turns.is_holding(supervision.without_chat(text)):
        return False  # "hmm let me think about the next one" (a trial's step was skipped)
    stage = supervision.next_stage(state, kb())
    if stage in supervision.ACTION_STAGES or state.get("finished"):
        return False
    if step is None:
        return True
    if state.get("revisit"):  # back at an earlier step: on to where things stood
        return step == supervision.next_stage({**state, "revisit": None}, kb())
    ids = [s.id for s in kb().supervision.steps]
    return ids.index(step) == ids.index(stage) + 1


def move_on(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
) -> Dict[str, Any]:
    """On from the step in hand: a step gone back to keeps what it had; one not answered yet is
    skipped (the record shows it as not discussed)."""
    state = current_state(tracker)
    if state.get("revisit"):  # said, so that moving on is seen to lose nothing
        text = tracker.latest_message.get("text") or ""
        ending = _TRAILING_MOVE_ON.search(text)  # the note first, then "next step"
        told = text[: ending.start()].strip(" ,.;:-–") if ending else ""
        told = "" if _NOTHING_TO_ADD.match(told) else told
        if len(told.split()) >= 3:  # "shes safe, in school today. next step": noted first
            state = supervision.record_answer(state, state["revisit"], told)
            state = {**state, "revisit": None}
        dispatcher.utter_message(response="utter_supervision_step_kept")
        on = {k: v for k, v in state.items() if k != "replace"}
        return {"supervision": {**on, "revisit": None}, "supervision_answer": None}
    return take_answer(dispatcher, tracker, domain, None)


def requested_step(tracker: Tracker) -> str | None:
    steps = [s.id for s in kb().supervision.steps]
    named = [v for v in entity_values(tracker, "supervision_step") if v in steps]
    if named:
        return named[0]
    text = tracker.latest_message.get("text") or ""
    match = _STEP_NUMBER.search(text)
    if match and 1 <= int(match.group(1)) <= len(steps):
        return steps[int(match.group(1)) - 1]
    called = supervision.step_gone_back_to(text, kb())  # "back to the parental engagement step"
    return called[0] if called else None


class ActionRevisitSupervisionStep(Action):
    """ "Go back to step 3": that step is asked again; the rest is kept."""

    def name(self) -> str:
        return "action_revisit_supervision_step"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        state = tracker.get_slot("supervision")
        if not state:
            dispatcher.utter_message(response="utter_supervision_not_started")
            return []
        if jumped := control_first(dispatcher, tracker):
            return slot_events(jumped)
        edits = requested_edits(tracker)
        text = tracker.latest_message.get("text") or ""
        if edits:  # "change action 2's owner" is an edit, not going back to a step
            return slot_events(edit_actions(dispatcher, state, edits, text))
        moved = moved_note(dispatcher, tracker, state, text)
        if moved and not _GO_BACK.search(moved[1]):  # "oops that was meant for worries"
            return slot_events({"supervision": moved[0], "supervision_answer": None})
        if moved and (back := back_after_move(dispatcher, tracker, moved[0], moved[1])):
            return slot_events(back)
        step = requested_step(tracker)
        stage = supervision.next_stage(state, kb())
        text = tracker.latest_message.get("text") or ""
        if moves_on(text, state, step):
            return slot_events(move_on(dispatcher, tracker, domain))
        names_a_step = bool(_STEP_NUMBER.search(text) or _GO_BACK.search(text))
        if (
            step is None
            and not names_a_step
            and not state.get("finished")
            and stage in supervision.ACTION_STAGES
        ):
            # "update the chronology" at the actions names no step: an action, not going back
            slots = ValidateSupervisionForm().judge_turn(text.strip(), dispatcher, tracker, domain)
            return slot_events(slots)
        if step is None:
            steps = kb().supervision.steps
            dispatcher.utter_message(
                response="utter_supervision_unknown_step",
                step_lines="; ".join(f"{i}. {s.title}" for i, s in enumerate(steps, start=1)),
            )
            # the reply may be the step's number alone ("6"): judge_turn reads it so
            return [
                SlotSet("supervision_answer", None),
                SlotSet("supervision", {**state, "choosing_step": True}),
            ]
        return slot_events(revisit(dispatcher, tracker, state, step, text))


# "go back to step 2 - I want to add that we agreed...": what follows the step named
_ADDING = re.compile(
    r"^[\s,.;:–-]*(?:and\s+|(?:i\s+)?(?:want|need|wanted)\s+to\s+add\s+(?:that\s+)?|"
    r"to\s+add\s+(?:that\s+)?|add\s+(?:that\s+)?)?",
    re.IGNORECASE,
)


# "go back to step 1, i left something out": what to add is still to come
_SAYS_THERE_IS_MORE = re.compile(
    r"^(?:(?:i|we)\s+(?:left|missed|forgot)\s+(?:something|a bit|one thing|stuff|some)|"
    r"(?:i|we)\s+(?:want|need|wanted)\s+to\s+(?:add|change|fix|say|amend)\s+"
    r"(?:something|a bit|one thing|it|that|this|more)\W*$|there'?s (?:something|more)|"
    r"(?:i|we)\s+(?:got|have)\s+(?:something|more)\s+to\s+add)",
    re.IGNORECASE,
)


# "i didnt mean that", "ignore that", "that was wrong": what the step has is taken back
_RETRACTED = re.compile(
    r"^\W*(?:(?:no|sorry|oops|wait)\W+)*(?:i\s+)?(?:didn'?t|did\s+not)\s+mean\s+(?:that|it)\b"
    # "i didnt mean that the gp referral was done - it was NOT done": one part put right, added
    # to the note (a trial's whole step was replaced by it)
    r"(?!\s+(?!bit\b|part\b|one\b)[a-z])"
    r"|^\W*(?:ignore|scrap|scratch|forget)\s+(?:that|it|what i said)\b"
    r"|^\W*(?:that|it)(?:'s|s|\s+was|\s+is)\s+(?:wrong|not right|a mistake)\b|^\W*my mistake\b",
    re.IGNORECASE,
)


# "hang on that was meant for step 1": the note just added moved there
_MEANT_FOR_STEP = re.compile(
    r"\b(?:(?:that|the|my) last (?:bit|one|answer|note|message)|that|this|it)"
    r"(?:\s+(?:text|note|bit|answer|one))?\s+"
    r"(?:was|is|were|should have gone|should go|belongs|goes)\s+"
    r"(?:meant\s+|supposed to be\s+|to go\s+)?"
    r"(?:for|in|under|to|about|with)\s+(?:the\s+)?(?P<step>step\s*\d|[a-z' ]{3,30}?)"
    r"(?:\s+(?:step|bit|one))?(?:\s*,?\s*not\s+(?:in\s+)?(?:step\s*)?\d)?"
    r"(?=[\s,.;:!?–-]|$)[\s,.;:–-]*",
    re.IGNORECASE,
)
# "we havent done step 3 yet": no note for any step
_NOT_DONE_YET = re.compile(
    r"\b(?:haven'?t|havent|have not|didn'?t|didnt|not)\s+(?:done|finished|had|got to|answered)\s+"
    r"(?:step\s*\d|that|it|this)\b",
    re.IGNORECASE,
)
# "... - no wait ignore that", "actually never mind": a move taken back as it is asked
_CHANGED_MIND = re.compile(
    r"\b(?:no\s+wait|ignore\s+(?:that|this|it|me)|scratch\s+that|scrap\s+that|never\s*mind|"
    r"forget\s+(?:that|it|i said that)|disregard\s+(?:that|this|it)|"
    r"leave\s+it(?:\s+where\s+it\s+(?:is|was)|\s+there|\s+as\s+it\s+(?:is|was))?\W*$)",
    re.IGNORECASE,
)
# "clear step 4, that text belongs in step 3": the move clears it (what is left asks nothing)
_CLEAR_VERB = re.compile(r"^\W*(?:clear|delete|remove|wipe|empty|erase)\b", re.IGNORECASE)


# "can we put that the SW is new to CSE cases? thats for step 1", "add to step 2: police lead":
# a note for the step named, asked as a question or not (a trial's was taken for a question)
_NOTE_FOR_STEP = re.compile(
    # "oh and can we put that ...": the same (a terminal trial's became a question)
    r"^\W*(?:(?:oh|and|also|btw|sorry)\W+){0,3}(?:(?:can|could)\s+(?:we|you|i)\s+|please\s+|pls\s+)?"
    r"(?:put|add|note|record|write|include)\s+(?:down\s+|in\s+)?(?:that\s+)?(?P<note>.{3,}?)"
    r"[\s?.,;:!–-]*(?:(?:that'?s|thats|its|it'?s|this is|which is)\s+)?"
    r"(?:for|in|under|to|at)\s+step\s*(?P<n>\d)\W*$"
    r"|^\W*(?:(?:can|could)\s+(?:we|you|i)\s+|please\s+)?(?:put|add|note)\s+(?:this\s+)?"
    r"(?:to|in|into|under)\s+step\s*(?P<n2>\d)(?:\s*[:,–-]\s*|\s+that\s+)(?P<note2>.{3,})$"
    # "no thats a note for step 4: mum agrees ..." (a trial's was filed at the step in hand)
    r"|^\W*(?:(?:no|sorry|oops|wait)\W+)*(?:that'?s|thats|this is|it'?s|its|here'?s)\s+"
    r"(?:a|my|the)?\s*note\s+for\s+step\s*(?P<n3>\d)\s*[:,–-]\s*(?P<note3>.{3,})$",
    re.IGNORECASE,
)


def note_for_step(
    dispatcher: CollectingDispatcher, state: supervision.State, text: str
) -> Dict[str, Any] | None:
    """A note asked to be added to a step named by its number, filed there and said so; None
    when ``text`` asks none."""
    said = _NOTE_FOR_STEP.match(text)
    steps = kb().supervision.steps
    number = int(said["n"] or said["n2"] or said["n3"]) if said else 0
    if not 1 <= number <= len(steps):
        return None
    # "can we put that ...? thats for step 1" asks; "... - disguised compliance?" is analysis
    note = (said["note"] or said["note2"] or "").strip(" ,.;:-–?!") or said["note3"].strip(" ,.;")
    return filed_elsewhere(dispatcher, state, steps[number - 1].id, note)


def filed_elsewhere(
    dispatcher: CollectingDispatcher, state: supervision.State, step: str, note: str
) -> Dict[str, Any]:
    """``note`` filed at ``step`` from another step's turn, said so, with the contract's answer
    as any note has; the slots to set."""
    number = supervision.step_number(step, kb()) or 0
    dispatcher.utter_message(
        response="utter_supervision_added",
        number=number,
        step_title=kb().supervision.steps[number - 1].title,
    )
    answered = contract.answer("supervision", None, "answer", stage=step)
    dispatcher.utter_message(json_message=answered)
    return {"supervision": supervision.file_at_step(state, step, note), "supervision_answer": None}


def back_after_move(
    dispatcher: CollectingDispatcher, tracker: Tracker, state: supervision.State, rest: str
) -> Dict[str, Any] | None:
    """ "wait, that was for step 1, we havent done step 3 yet. go back to step 3": the step
    named after the move, asked again with nothing noted (a trial's step 3 read "yet. go back to
    step 3"); None when ``rest`` goes back to no step."""
    back = _STEP_NUMBER.search(rest) if _GO_BACK.search(rest) else None
    steps = kb().supervision.steps
    if not back or not 1 <= int(back.group(1)) <= len(steps):
        return None
    return revisit(dispatcher, tracker, state, steps[int(back.group(1)) - 1].id, "")


def moved_note(
    dispatcher: CollectingDispatcher, tracker: Tracker, state: supervision.State, text: str
) -> tuple[supervision.State, str] | None:
    """The note added last turn moved to the step ``text`` says it was meant for, said so, and
    the rest of ``text``; None when ``text`` moves none."""
    meant = _MEANT_FOR_STEP.search(text)
    steps = kb().supervision.steps
    number = supervision.step_called(meant["step"], kb()) if meant else None
    if not number:
        return None
    rest = f"{text[: meant.start()]} {text[meant.end() :]}"
    if _CHANGED_MIND.search(rest):
        # "that was meant for step 1 actually - no wait ignore that": nothing moves (a trial's
        # note was moved and the retraction filed in its place)
        dispatcher.utter_message(response="utter_supervision_note_left")
        return state, ""
    last = supervision.last_note(state_before_last_turn(tracker), state)
    moved = supervision.move_last_note(state, last, steps[number - 1].id)
    if moved is None and last and last[0] == steps[number - 1].id:
        moved = state  # "wait, that was for step 1" when it went there: so it stays
    if moved is None:
        return None
    dispatcher.utter_message(
        response="utter_supervision_added", number=number, step_title=steps[number - 1].title
    )
    return moved, re.sub(r"^\W*(?:hang on|wait|sorry|oops|oh)?\W*", "", rest.strip())


def said_last_turn(tracker: Tracker, state: supervision.State) -> List[int]:
    """The numbers (as numbered_actions counts them) of the actions the practitioner's
    previous message added while the one being agreed stayed the same (a new action said at
    the nudge for another)."""
    before = state_before_last_turn(tracker)
    draft = (state.get("draft") or {}).get("action")
    if not before or (before.get("draft") or {}).get("action") != draft:
        return []
    known = {a["action"] for a in supervision.numbered_actions(before)}
    return [
        n
        for n, a in enumerate(supervision.numbered_actions(state), start=1)
        if a["action"] not in known and a["action"] != draft
    ]


def state_before_last_turn(tracker: Tracker) -> supervision.State | None:
    """The supervision as it was before the practitioner's previous message."""
    events = session_events(tracker)
    users = [i for i, e in enumerate(events) if e.get("event") == "user"]
    if len(users) < 2:
        return None
    return next(
        (
            e.get("value")
            for e in reversed(events[: users[-2]])
            if e.get("event") == "slot" and e.get("name") == "supervision"
        ),
        None,
    )


# "wait no I didnt want to skip that, go back to ...": said of the moving, no step's note (a
# practitioner trial's was added to the step in hand)
_ABOUT_THE_MOVE = re.compile(
    r"\b(?:didn'?t|did not|never|dont|don'?t) (?:want|mean) to (?:skip|move on|go on|leave)\b|"
    r"\bwrong (?:step|one)\b|\bi didn'?t mean (?:that|to)\b|\bshouldn'?t have skipped\b",
    re.IGNORECASE,
)


def goes_back(tracker: Tracker) -> str | None:
    """The step "go back to step 2 - ..." or "sorry, back to step 2: ..." asks for, if any."""
    text = tracker.latest_message.get("text") or ""
    step = requested_step(tracker)
    named = _STEP_NUMBER.search(text) or supervision.step_gone_back_to(text, kb())
    return step if step and _GO_BACK.search(text) and named else None


def revisit(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    state: supervision.State,
    step: str,
    text: str,
) -> Dict[str, Any]:
    """ "Go back to step 3": that step asked again, the rest kept; with what to add said in
    the same line ("go back to step 2 - we agreed the SW leads"), added to it at once."""
    if moved := moved_note(dispatcher, tracker, state, text):
        state, text = moved  # "hang on that was meant for step 1, go back to step 2"
        if not _GO_BACK.search(text):
            return {"supervision": state, "supervision_answer": None}  # on where we were
    go_back = _GO_BACK.search(text)
    before = text[: go_back.start()].strip(" ,.;:–-") if go_back else ""
    current = supervision.next_stage(state, kb())
    at_step = supervision.step_number(current, kb())
    if (
        at_step
        and current != step
        and len(before.split()) >= 3
        and not _ABOUT_THE_MOVE.search(before)
    ):
        # "mum engages well ... go back to step 2 - ...": the answer to the step in hand is
        # kept there first (a trial's step 6 answer was lost)
        state = supervision.record_answer(state, current, before)
        title = kb().supervision.steps[at_step - 1].title
        dispatcher.utter_message(
            response="utter_supervision_added", number=at_step, step_title=title
        )
    number = supervision.step_number(step, kb()) or 0
    title = kb().supervision.steps[number - 1].title
    called = supervision.step_gone_back_to(text, kb())
    said = _STEP_NUMBER.search(text) or (called[1] if called else None) or _GO_BACK.search(text)
    added = _ADDING.sub("", text[said.end() :], count=1).strip() if said else ""
    label = supervision.labelled_step(added, kb())
    added = label[1] if label and label[0] == step else added  # "step 4 - childs voice: ..."
    state = {**state, "revisit": step, "finished": False}
    retracted = _RETRACTED.match(added)
    if retracted and state["steps"].get(step):
        # "go back to the worries one, i didnt mean that": what is said next replaces the note
        # (a trial's retraction was added to it, and its real answer went to the next step)
        state = {**state, "replace": step}
        rest = added[retracted.end() :].strip(" ,.;:–-")
        if len(rest.split()) >= 3:  # "..., i didnt mean that - mum did engage at first"
            replaced = supervision.record_answer(state, step, rest)
            return {"supervision": replaced, "supervision_answer": None}
        dispatcher.utter_message(
            response="utter_supervision_revisit_replace", number=number, step_title=title
        )
        return {"supervision": state, "supervision_answer": None}
    if len(added.split()) >= 3 and not _SAYS_THERE_IS_MORE.match(added):
        dispatcher.utter_message(
            response="utter_supervision_added", number=number, step_title=title
        )
        dispatcher.utter_message(
            json_message=contract.answer("supervision", None, "answer", stage=step)
        )
        return {
            "supervision": supervision.record_answer(state, step, added),
            "supervision_answer": None,
        }
    dispatcher.utter_message(
        # a step not answered yet is gone on to, not back to: nothing to add to
        response="utter_supervision_revisit"
        if state["steps"].get(step)
        else "utter_supervision_jump",
        number=number,
        step_title=title,
    )
    return {"supervision": state, "supervision_answer": None}


class ActionAmendRecord(Action):
    """ "Can we add an action to the record?" once it is filed: the supervision reopens at its
    actions (an edit or an action said with the request is made at once) and finishing files
    the next version; every version filed before stays as it was, at its own link."""

    def name(self) -> str:
        return "action_amend_record"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        state = tracker.get_slot("supervision")
        if not state or not state.get("finished") or not supervision.filed_records(tracker.events):
            dispatcher.utter_message(response="utter_supervision_nothing_to_amend")
            return []
        text = tracker.latest_message.get("text") or ""
        if asks_download(text) and not parse_edits(text, _roles()):
            # "download the supervision record", "can i get that as a word doc?": the record
            # filed, with its links, not reopened (a terminal trial's was reopened)
            offer_record(dispatcher, tracker, state)
            return []
        filed = state.get("version") or 1
        state = supervision.reopen(state, text)
        dispatcher.utter_message(
            response="utter_supervision_amend", version=filed, next_version=filed + 1
        )
        slots: Dict[str, Any] = {"supervision": state, "supervision_answer": None}
        edits = edits_asked(state, text)
        # "damn we forgot one. police to consider a CAWN. can we add that to the record?"
        roles = _roles()
        parts = _AFTER_REQUEST.split(text)
        told = " ".join(c for c in parts if _names_an_action(c, roles))
        # "we forgot one, can I add it to the record? the SW unannounced home visit": what
        # follows the request is the action, whatever its shape (a trial's was ignored)
        after = parts[-1].strip() if len(parts) > 1 and not told else ""
        if after and (len(after.split()) < 3 or turns.is_question(after)):
            after = ""
        if edits:  # "fix the record, action 1's owner should be the team manager"
            slots = {**slots, **edit_actions(dispatcher, state, edits, text)}
        elif after or (told and looks_like_action(told)):
            told = told or after
            actions = said_actions(told)
            note_actions(dispatcher, actions)
            slots["supervision"] = supervision.add_actions(state, actions)
        else:
            read_back(dispatcher, state)
        return [*slot_events(slots), SlotSet("paused", None), FollowupAction("supervision_form")]


class ActionGoBack(Action):
    """ "Go back to step 3" or "to the last question" with nothing running: a supervision
    (finished or left) reopens at that step, the questions at the last one asked; with neither,
    where things stand. Never a new supervision."""

    def name(self) -> str:
        return "action_go_back"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        state = tracker.get_slot("supervision")
        text = tracker.latest_message.get("text") or ""
        if state and state.get("finished") and state.get("actions") and parse_edits(text, _roles()):
            # "change action 2's owner to the TM" once the record is filed: amending it
            return await ActionAmendRecord().run(dispatcher, tracker, domain)
        if state:
            events = await ActionRevisitSupervisionStep().run(dispatcher, tracker, domain)
            return [*events, FollowupAction("supervision_form")]
        if turns.ordinal_correction(text) and tracker.get_slot("reflection_answers"):
            # "my answer to the second question should be yes": put right, not asked again
            return await ActionCorrectAnswer().run(dispatcher, tracker, domain)
        last = last_question_put(tracker)
        if last:  # a new answer to it replaces any old one
            dispatcher.utter_message(response="utter_question_reopened")
            return [
                SlotSet("current_theme", last.theme),
                SlotSet("pending_question", last.id),
                SlotSet("question_queue", []),
                SlotSet("reflection_status", "asking"),
                SlotSet("reflection_answer", None),
                FollowupAction("reflection_form"),
            ]
        return await ActionProgress().run(dispatcher, tracker, domain)


class ActionRestart(Action):
    """Rasa's "start again", keeping count of the supervision records filed before it: the
    action server is sent only the events since the last restart, so a record filed after one
    would otherwise take an earlier record's number, and its address."""

    def name(self) -> str:
        return "action_restart"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        filed = records_filed(tracker)
        return [Restarted(), *([SlotSet("records_filed", filed)] if filed else [])]


def records_filed(tracker: Tracker) -> int:
    """Supervision records filed in this conversation, those before a "start again" too."""
    return (tracker.get_slot("records_filed") or 0) + len(supervision.filed_records(tracker.events))


class ActionSupervisionRecord(Action):
    """Ends the supervision with its written record, downloadable as Markdown and HTML."""

    def name(self) -> str:
        return "action_supervision_record"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        state = tracker.get_slot("supervision")
        if not state:
            dispatcher.utter_message(response="utter_supervision_not_started")
            return []
        if state.get("discarded"):
            dispatcher.utter_message(response="utter_supervision_discarded")
            return [SlotSet("supervision", None), SlotSet("supervision_answer", None)]
        if tracker.get_slot("paused") == "supervision" and not state.get("finished"):
            dispatcher.utter_message(response="utter_supervision_paused")  # a note, then "pause"
            return [SlotSet("supervision_answer", None)]
        return file_record(dispatcher, tracker, state)


def file_record(
    dispatcher: CollectingDispatcher, tracker: Tracker, state: supervision.State
) -> List[EventType]:
    """The supervision's record, filed as a new version and offered for download."""
    # its number in the conversation is its address; its version counts this case's records
    number = records_filed(tracker) + 1
    version = (state.get("version") or 0) + 1
    state = {**state, "finished": True, "version": version, "record_number": number}
    offer_record(dispatcher, tracker, state)
    return [SlotSet("supervision", state), SlotSet("supervision_answer", None)]
