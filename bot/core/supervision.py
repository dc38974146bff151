"""Guided supervision: the state of one session, its next stage, and what its record holds
(bot/web/records.py words the record).

The state is one JSON-able dict kept in the ``supervision`` slot, so pausing, resuming and
revisiting need nothing else. Steps come from bot/knowledge/content/supervision.yml.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Dict, List

from bot.core import dates, turns
from bot.core.agreed_actions import without_correction
from bot.knowledge import KnowledgeBase

State = Dict[str, Any]
ACTION, OWNER, DUE, ESCALATION, DONE = "action", "owner", "due", "escalation_route", "done"
SPECIFY = "specify"  # the nudge: an action whose verb promises no concrete step
REVIEW = "next_review"  # the next review date, last (when the guide asks it)
# The stages after the steps: the agreed actions, the escalation route and the review
ACTION_STAGES = (ACTION, OWNER, DUE, SPECIFY, ESCALATION, REVIEW)


# Between a step's answer and what was added on going back to it (the record shows both).
ADDED_LATER = "(Added later:)"


def new_state(today: dt.date | None = None) -> State:
    return {
        "started": (today or dt.date.today()).isoformat(),
        "steps": {},  # step id -> answer, or None when skipped
        "revisit": None,  # a step asked for again
        "draft": None,  # the action being agreed: {"action": ..., "owner": ...}
        "actions": [],  # agreed actions: {"action", "owner", "due"}
        "actions_done": False,
        "proposed": None,  # actions found in the steps' notes, offered when actions are asked
        "escalation_route": None,
        "escalation_answered": False,
        "themes": [],  # {"theme", "key_message"} woven in from the answers
        "questions": [],  # asked on the side during the supervision, as said (redacted)
        "finished": False,
    }


def next_stage(state: State, kb: KnowledgeBase) -> str:
    """The stage to ask next: a step id, then action/owner/due (repeating), then escalation."""
    if state.get("revisit"):
        return state["revisit"]
    for step in kb.supervision.steps:
        if step.id not in state["steps"] or step.id in (state.get("ask_anyway") or []):
            return step.id
    if not state["actions_done"]:
        draft = state.get("draft")
        if draft is None:
            return ACTION
        if draft.get("vague"):
            return SPECIFY
        return OWNER if "owner" not in draft else DUE
    if not state["escalation_answered"]:
        return ESCALATION
    if kb.supervision.next_review and not state.get("review_answered"):
        return REVIEW
    return DONE


def step_number(step_id: str, kb: KnowledgeBase) -> int | None:
    ids = [step.id for step in kb.supervision.steps]
    return ids.index(step_id) + 1 if step_id in ids else None


def prompt_for(stage: str, state: State, kb: KnowledgeBase) -> str:
    guide = kb.supervision
    for step in guide.steps:
        if step.id == stage:
            asks_rest = state.get("follow_up") == stage and step.if_only_roles
            return step.if_only_roles if asks_rest else step.prompt
    if stage == ACTION:
        if not state["actions"]:
            return guide.actions.action
        return guide.actions.next if state.get("next_action_asked") else guide.actions.more
    draft = state.get("draft") or {}
    several = len(state.get("queue") or []) + len(state["actions"]) > 0
    # with several actions on the go, the question names the one it is about
    about = f'For "{draft.get("action")}": ' if several and draft.get("action") else ""
    if stage == SPECIFY:
        return guide.actions.specify.format(action=draft.get("action", ""))
    if stage == OWNER and asks_due_too(state) and guide.actions.owner_and_due:
        return about + guide.actions.owner_and_due  # both in one prompt: "and by when?"
    if stage == OWNER:
        return about + guide.actions.owner
    if stage == DUE:
        return about + guide.actions.due
    if stage == REVIEW and guide.next_review:
        return guide.next_review.prompt
    route = route_named(state, kb)
    if route:
        step = step_number(guide.escalation_route.from_step or "", kb)
        return guide.escalation_route.confirm.format(step=step, route=route)
    return guide.escalation_route.prompt


# Where a step's note is cut to find the part naming a route ("no disagreements, if needed
# we'd escalate to the service manager")
_ROUTE_CLAUSE = re.compile(r"(?<=[.!?;])\s+|,\s*|\s+\bbut\b\s+", re.IGNORECASE)


def route_named(state: State, kb: KnowledgeBase) -> str | None:
    """The escalation route already said at the step the guide names (its clauses naming
    one), to be offered back for a yes; None when that step named none."""
    guide = kb.supervision.escalation_route
    note = state["steps"].get(guide.from_step or "") if guide.from_step else None
    if not note or not guide.named_by:
        return None
    cues = [c.lower() for c in guide.named_by]
    # a note added later that names no route is no part of it ("the sw will get extra
    # reflective supervision", added to step 7: a widget trial's was glued to the route)
    parts = [p.strip(" .") for p in note.split(ADDED_LATER)]
    naming = [p for p in parts if any(w in p.lower() for w in cues) or _TIER.search(p)]
    note = ". ".join(naming or parts)
    clauses = [c.strip(" .") for c in _ROUTE_CLAUSE.split(note) if c.strip(" .")]
    if not any(w in c.lower() for c in clauses for w in cues):
        return None
    # every tier said ("YOS manager to TM this week, if no agreement escalate to HoS": a trial
    # lost the first), from the first clause naming someone to take it to (the disagreement
    # said before it is no part of the route: a trial's "yes" filed it as one), without a
    # clause saying there is nothing to escalate
    first = next(
        i for i, c in enumerate(clauses) if any(w in c.lower() for w in cues) or _TIER.search(c)
    )
    return ", ".join(c for c in clauses[first:] if not _NOTHING_TO_ESCALATE.match(c)) or None


# A clause naming where a disagreement is taken: a manager or a lead, by title or initials
_TIER = re.compile(r"\b(?:manager|tm|sm|hos|dsl|lead|head|escalat\w*|raise[ds]?)\b", re.I)


_NOTHING_TO_ESCALATE = re.compile(
    r"^(?:no|none|nothing|not really|there (?:are|is) no|there'?s no|all agree)\b"
    r"(?!.*\b(?:escalat|manager|head of|resolution)\b)",
    re.IGNORECASE,
)


def asks_due_too(state: State) -> bool:
    """Whether the action being agreed lacks its due date as well as its owner (the owner's
    prompt then asks for both, and an answer may give either)."""
    return "due" not in (state.get("draft") or {})


def review_proposal(kb: KnowledgeBase, today: dt.date | None = None) -> tuple[str, dt.date] | None:
    """What the next review's prompt offers ("in 4 weeks") and the working day it falls on."""
    guide = kb.supervision.next_review
    if guide is None or not guide.propose_weeks:
        return None
    said = f"in {guide.propose_weeks} weeks"
    return said, dates.review_date(said, today)


def note_question(state: State, question: str, answered: bool = True) -> State:
    """A copy of ``state`` with ``question`` (asked during the supervision) kept for the
    record's "Questions raised"; asked twice, kept once. One Reflect could not answer is kept
    when it is about the case, not chatter with Reflect ("is that ok?", "can you show me...")."""
    asked = list(state.get("questions") or [])
    # "hmm actually whats a MASE again?": the question, not the chat before it
    question = turns.without_fillers(question.strip()) or question.strip()
    kept = (answered or not turns.is_chatter(question)) and not ABOUT_THE_SESSION.search(question)
    # "you didnt answer me - whats a MASE?": asked again, kept once (a terminal trial's twice)
    again = _ASKED_AGAIN.sub("", question).strip().lower()
    if any(a.strip().lower().endswith(again) for a in asked):
        return {**state, "questions": asked}
    if question and question not in asked and kept:
        asked.append(question)
    return {**state, "questions": asked}


# Said before a question asked again: "you didnt answer me - ", "again, ", "sorry but "
_ASKED_AGAIN = re.compile(
    r"^\W*(?:(?:you|u) (?:didn'?t|did not|never) (?:answer|reply to)(?: me| that| my question)?|"
    r"(?:i )?asked (?:you )?(?:before|already)|again|sorry,? but|so)\b[\s,:;.–—-]*",
    re.IGNORECASE,
)


def noted_while_paused(state: State, events: List[Dict[str, Any]]) -> State:
    """A copy of ``state`` with the questions asked while the supervision was paused kept for
    its "Questions raised" (a trial's question about the case, asked in the pause, was lost).
    The latest user turn is the one resuming it, not a question raised."""
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=-1)
    events = events[:last_user] if last_user >= 0 else events
    since: List[str] | None = None  # None: not paused
    for event in events:
        if event.get("event") == "slot" and event.get("name") == "paused":
            since = [] if event.get("value") == "supervision" else None
        elif (
            since is not None
            and event.get("event") == "user"
            and turns.is_question(event.get("text") or "")
        ):
            since.append(event.get("text") or "")
    for question in since or []:
        state = note_question(state, question, answered=False)
    return state


# "what have we got so far", "read back what we have", "recap": the notes, not the position
ASKS_FOR_NOTES = re.compile(
    r"\b(?:got|have|had|done|covered|said|noted|written)\b.*\bso far\b|"
    r"\b(?:read|play)\s+(?:it\s+)?back\b|\brecap\b|\bnotes so far\b|"
    r"\bwhat (?:have|did) (?:we|i) (?:got|get|say|said|put|noted)\b",
    re.IGNORECASE,
)
# "in 4 weeks, sooner if another missing episode": when the review comes earlier, kept beside
# its date (a trial's was dropped)
REVIEW_CONDITION = re.compile(
    r"[\s,;(-]*\b(?P<condition>(?:or\s+)?(?:sooner|earlier|before then|straight away|asap)\s+"
    r"(?:if|should|when|once|in case)\b.*?|unless\b.*?"
    # "6 wks, before the RCPC": the meeting it must come before (a trial's was dropped)
    r"|(?:before|ahead of|in time for)\s+(?:the\s+)?(?:next\s+)?(?:rcpc|icpc|cp conference|"
    r"conference|core group|cin review|court|hearing|final hearing|panel|lac review|"
    # "in 6 wks, before the 12 month review" (a widget trial's was read as 12 months)
    r"(?:\d+|six|twelve|annual|yearly)[ -]?(?:month|week|monthly)?\s*review)\b.*?)[\s.)]*$",
    re.IGNORECASE,
)
# Questions about the supervision itself, not the case: those above, "can you reword 5", "by
# when for which one?" (a trial's "Questions raised" listed them)
ABOUT_THE_SESSION = re.compile(
    rf"{ASKS_FOR_NOTES.pattern}|\bso far\b|\breword\b|\brephrase\b|"
    r"\bwhich (?:one|action)\b|\bwhat step\b|\bwhere (?:are|were) we\b|"
    r"\b(?:are you|r u) (?:still )?there\b|\bcan you (?:show|list|change|edit|remove|delete|add)\b|"
    r"\b(?:is|was) (?:that|this) (?:enough|ok|okay|alright|right|what you need)\b|"
    r"\b(?:does|will) that (?:work|do)\b|\bwhich actions\b",
    re.IGNORECASE,
)


# "do we need to re-refer?", "should we do an NRM referral?", "is it time to step up to CP?":
# a decision for the people in the supervision, which Reflect cannot make for them
_DECISION = re.compile(
    r"^\W*(?:(?:so|and|but|ok|hmm+)\W+)?(?:(?:do|should|shall|must|would|could) (?:we|i|they)\b"
    r"|do (?:you|u) think (?:we|i|they)\b|is it (?:time|right|worth|enough|ok|okay) to\b"
    r"|are we (?:right|ok|okay|able) to\b|would it be (?:right|better|worth)\b)",
    re.IGNORECASE,
)


def is_decision_question(question: str) -> bool:
    return bool(_DECISION.search(question))


def _agreed(draft: Dict[str, Any]) -> Dict[str, Any]:
    """An action as the record keeps it: without the marks of how it was being agreed."""
    return {k: v for k, v in draft.items() if k not in ("vague", "due_asked")}


def _settle(state: State) -> State:
    """Agrees the draft once it has all it needs, then drafts the next action said with it."""
    while True:
        draft = state.get("draft")
        if draft is None:
            queue = state.pop("queue", None) or []
            if not queue:
                return state
            state["draft"], state["queue"] = queue[0], queue[1:]
            continue
        if draft.get("vague") or "owner" not in draft or "due" not in draft:
            if not state.get("queue"):
                state.pop("queue", None)
            return state
        state["actions"].append(_agreed(draft))
        state["draft"] = None


PENDING = "_pending"  # marks an action said but not yet agreed, while the list is edited


def numbered_actions(state: State) -> List[Dict[str, Any]]:
    """The actions as the practitioner counts them: those agreed, then the one being agreed and
    those said after it (marked), so "change action 2's owner" reaches one still asked about."""
    pending = [a for a in [state.get("draft"), *(state.get("queue") or [])] if a]
    return [*state["actions"], *({**a, PENDING: True} for a in pending)]


def with_numbered_actions(state: State, actions: List[Dict[str, Any]]) -> State:
    """A copy of ``state`` with ``actions`` (numbered_actions, edited): those agreed kept as
    agreed, the pending ones asked about again in order (any now complete is agreed)."""
    agreed = [a for a in actions if not a.get(PENDING)]
    pending = [{k: v for k, v in a.items() if k != PENDING} for a in actions if a.get(PENDING)]
    state = {**state, "steps": dict(state["steps"]), "actions": agreed, "draft": None}
    state["queue"] = pending
    return _settle(state)


def add_actions(state: State, actions: List[Dict[str, Any]]) -> State:
    """A copy of ``state`` with ``actions`` said (each with what it names: "action", and
    "owner", "due", "due_text", "vague" when known); those missing something are asked about in
    turn."""
    state = {**state, "steps": dict(state["steps"]), "actions": list(state["actions"])}
    state["queue"] = [*(state.get("queue") or []), *actions]
    state["next_action_asked"] = False
    return _settle(state)


# "which one?", "for which action?", "which do you mean": the action being agreed is named again
_WHICH_ONE = re.compile(
    r"\b(?:which|what)\s+(?:one|action)\b|\bwhich\s+(?:is it|do you mean|are you asking)\b"
    r"|^\W*(?:for\s+)?which\W*$",
    re.IGNORECASE,
)


def asks_which_action(state: State | None, kb: KnowledgeBase, text: str) -> bool:
    """``text`` asks which action an owner or a due date is asked for ("by when for which
    one?")."""
    return bool(
        state
        and state.get("draft")
        and next_stage(state, kb) in (OWNER, DUE, SPECIFY)
        and _WHICH_ONE.search(text)
    )


def update_draft(state: State, **fields: Any) -> State:
    """A copy of ``state`` with the draft action given ``fields`` (and agreed, if complete)."""
    state = {**state, "steps": dict(state["steps"]), "actions": list(state["actions"])}
    state["draft"] = {**state["draft"], **fields}
    return _settle(state)


# "can we just finish here and save what we've done", "all done, can you write it up"
_FINISH_NOW = re.compile(
    r"\b(?:finish (?:here|now|there)|finish (?:and|&) save"
    r"|save (?:what we'?v?e? ?(?:done|got|said|covered)|it|this|the record)"
    r"|write (?:it|this|that) up|file (?:it|this|the record)|"
    r"wrap (?:it|this) up|end (?:it |this )?(?:here|now) and save)\b",
    re.IGNORECASE,
)


def reopen(state: State, text: str = "") -> State:
    """A filed supervision reopened to amend it: at its actions, and at the escalation route or
    the review date too when ``text`` names them ("the review date is wrong"); the rest kept."""
    return {
        **state,
        "finished": False,
        "actions_done": False,
        "draft": None,
        "queue": [],
        "next_action_asked": True,
        "escalation_answered": state.get("escalation_answered") and not _NAMES_ROUTE.search(text),
        "review_answered": state.get("review_answered") and not _NAMES_REVIEW.search(text),
    }


# The record's route or review date named in an amend request ("the review date is wrong"); an
# action's own words ("IRO to review the plan") are not (a trial's version 2 lost its review)
_NAMES_ROUTE = re.compile(r"\b(?:escalation(?: route| plan)?|the route)\b", re.IGNORECASE)
_NAMES_REVIEW = re.compile(
    r"\b(?:review date|next review|date of (?:the )?(?:next )?review|review is wrong)\b", re.I
)
# "change the review date to 20 jan", "the escalation route should be TM then SM", "... within
# 2 weeks. and the review date is 4th jan": the record's review date or route changed while its
# actions are open (a trial's were taken as actions, or into one)
_CHANGE_VERB = r"(?:change|move|make|set|update|push|put|amend|bring)"
_RECORD_CHANGE = {
    REVIEW: re.compile(
        rf"(?:^|[.;,!?]?\s*(?:\band\s+|\balso\s+)?)(?:{_CHANGE_VERB}\s+(?:the\s+)?(?:next\s+)?"
        r"review(?:\s+date)?\s+(?:back\s+|forward\s+)?(?:to|for|till|until|as)|(?:the\s+)?"
        r"(?:next\s+)?review(?:\s+date)?\s+(?:should be|is now|to be|now|needs to be|will be)|"
        # "the review date got wiped, its 22/12", "the review date is wrong, should be 14 jan"
        r"(?:the\s+)?(?:next\s+)?review(?:\s+date)?\s+(?:got|was|has been|is)\s+(?:wiped|lost|"
        r"deleted|missing|wrong|gone|blank|empty)(?:[\s,;:-]+(?:it'?s|its|it is|should be))?"
        r"[,;:-]?|(?:the\s+)?(?:next\s+)?review date\s+is|"
        r"^\W*(?:and\s+|no,?\s+)?(?:the\s+)?(?:next\s+)?review(?:\s+date)?(?:\s+is)?(?=\s+(?:in|on|for|\d|the\s+\d|next|end|mid)))\s+"
        r"(?P<value>[^.;!?\n]+)[.;!?]?",
        re.IGNORECASE,
    ),
    ESCALATION: re.compile(
        rf"(?:^|[.;,!?]?\s*(?:\band\s+|\balso\s+)?)(?:{_CHANGE_VERB}\s+(?:the\s+)?escalation"
        r"(?:\s+route|\s+plan)?\s+(?:to|as)|(?:the\s+)?escalation(?:\s+route|\s+plan)?\s+"
        # (a route may run on after ";": "... to the SM; tm raises it with hackney tm")
        r"(?:should be|is now|to be|needs to be|will be|is))\s*:?\s+(?P<value>[^.!?\n]+)[.!?]?",
        re.IGNORECASE,
    ),
}


def record_change(text: str) -> tuple[str, str, str] | None:
    """The stage (REVIEW or ESCALATION) and the new value ``text`` gives the record's review
    date or escalation route, when it asks to change one, and the rest of ``text`` (an action
    said beside it)."""
    for stage, pattern in _RECORD_CHANGE.items():
        said = pattern.search(text)
        if said:
            rest = f"{text[: said.start()]} {text[said.end() :]}".strip(" ,.;")
            # "8th jan not mid jan", "4 weeks pls": the value meant, not what it replaces
            value = without_correction(said.group("value").strip(" .!"))
            value = re.sub(r"\s+(?:pls|please|instead|thanks)\W*$", "", value, flags=re.I)
            return stage, value, rest
    return None


# "same as before", "as before": what the record said, kept
SAME_AS_BEFORE = re.compile(
    r"^\W*(?:(?:the\s+)?same(?:\s+as\s+(?:before|last time|v(?:ersion)?\s*1))?|as before|"
    r"no change|unchanged|keep (?:it|that|the same))\W*$",
    re.IGNORECASE,
)


def asks_to_finish_now(text: str) -> bool:
    return bool(_FINISH_NOW.search(text))


def finish_now(state: State, kb: KnowledgeBase) -> State:
    """ "Finish here and save what we've done": the steps not reached are not discussed, an
    action half agreed is kept as it stands, and nothing more is asked: the record is filed."""
    state = skip_to_actions(state, kb)
    pending = [d for d in [state.get("draft"), *(state.get("queue") or [])] if d]
    if state.get("proposed") is None:  # said for the actions at a step, never offered yet
        pending += state.get("later_actions") or []
    actions = [*state["actions"], *(_agreed(d) for d in pending)]
    return {
        **state,
        "actions": actions,
        "draft": None,
        "queue": [],
        "actions_done": True,
        # a route said at its step is the route agreed (a trial's record said "not discussed")
        "escalation_route": state.get("escalation_route") or route_named(state, kb),
        "escalation_answered": True,
        "review_answered": True,
    }


def drop_draft(state: State) -> State:
    """A copy of ``state`` without the action being agreed ("scrap that"); the next said, if
    any, comes next."""
    return _settle({**state, "draft": None, "actions": list(state["actions"])})


def skip_to_actions(state: State, kb: KnowledgeBase) -> State:
    """ "We talked it through already, straight to the actions": every step not answered yet is
    skipped (the record shows it as not discussed) and the actions come next."""
    steps = {**{s.id: None for s in kb.supervision.steps}, **state["steps"]}
    return {**state, "steps": steps, "revisit": None}


def file_at_step(state: State, step: str, note: str) -> State:
    """``note`` filed at ``step`` from another step's turn ("... step 7 - the nqsw is worried
    the idva thinks..."). A step not reached yet is still asked when its turn comes (a trial's
    step 7 question was never put), and its answer then adds to the note."""
    ahead = step not in state["steps"]
    filed = record_answer({**state, "revisit": step}, step, note)
    if ahead:
        filed["ask_anyway"] = [*(filed.get("ask_anyway") or []), step]
    return {**filed, "revisit": None}


def record_answer(state: State, stage: str, answer: str | None) -> State:
    """A copy of ``state`` with ``answer`` given (or skipped, when None) at ``stage``."""
    state = {**state, "steps": dict(state["steps"]), "actions": list(state["actions"])}
    if stage == ACTION:
        if answer is None:
            state["actions_done"] = True
        else:
            state["draft"] = {"action": answer}
            state["next_action_asked"] = False
    elif stage == OWNER:
        state["draft"] = {**state["draft"], "owner": answer}
        state = _settle(state)
    elif stage == DUE:
        state["draft"] = {**state["draft"], "due": answer}
        state = _settle(state)
    elif stage == ESCALATION:
        state["escalation_route"] = answer
        state["escalation_answered"] = True
    elif stage == REVIEW:
        state["next_review"] = answer  # ISO date, or as said when no date could be read
        state["review_answered"] = True
    else:
        earlier = state["steps"].get(stage)
        if state.get("follow_up") == stage and earlier:
            # the rest of the answer, asked for at once ("and the case in brief?")
            answer = f"{earlier}. {answer}" if answer else earlier
        elif state.get("revisit") == stage and earlier and state.get("replace") != stage:
            # going back adds to what was said, and skipping then keeps it: nothing is lost
            answer = f"{earlier} {ADDED_LATER} {answer}" if answer else earlier
        elif state.get("replace") == stage and not answer:
            answer = earlier  # "i didnt mean that", then skip: what was there stays
        elif stage in (state.get("ask_anyway") or []):
            # its own turn, after a note labelled for it at another step: both kept
            answer = f"{earlier}. {answer}" if answer and earlier else (answer or earlier)
            state["ask_anyway"] = [s for s in state["ask_anyway"] if s != stage]
        state["steps"][stage] = without_chat(answer) if answer else answer
        state["revisit"] = None
        state.pop("replace", None)
        state.pop("follow_up", None)  # asked for once
    return state


# Chat said around a note, no part of what a record keeps: "hmm let me think", "lol"
_CHAT = re.compile(
    r"^\W*(?:(?:hmm+|erm+|umm*|uh+|ok(?:ay)?|right|so)\b[\s,.…]*)*"
    r"(?:(?:let me|lemme) think(?: about (?:it|this|that|this one|that one|the next one)"
    r"| a sec(?:ond)?| for a sec)?|hang on|hold on)\b"
    r"[\s,.…-]*"
    # (its full stop kept: "no bed lol. a day = ..." ran two sentences together in a trial)
    r"|[\s,]*\b(?:lol|lmao|haha+|hehe|tbh)\b!*|\s*[😂🤣🙈😅]+"
    # "hmm. dad drinks", "... - hang on - ...": a sound or a pause said on its own
    r"|^\W*(?:hmm+|erm+|umm*)[.…!,]+\s*|\b(?:hang on|hold on)\s*[-–,.…]+\s*"
    # "... til late. are you still there? hmm" (a terminal trial's step 4 kept it)
    r"|(?<=[.!?]\s)(?:are |r )?(?:you|u) still there\W*(?:hmm+\W*)?$|\s+hmm+\W*$"
    # "... contact for mum. hmm let me think, also ...", "... present. hmm. sorry phone going"
    # (a widget trial's notes kept both)
    r"|(?<=[.!?]\s)(?:hmm+\W*)?(?:let me|lemme) think\s*[,…]\s*"
    r"|[\s.]*\bsorry,?\s+(?:my\s+)?phone(?:'s|s| is)?\s+(?:going|ringing)(?: off)?[\s.!]*$"
    # "... goes to netball. hmm let me think. changed - ...": a pause said between sentences
    r"|(?<=[.!?])\s+(?:(?:hmm+|erm+|umm*)\W*)?(?:(?:let me|lemme) think"
    r"(?: about (?:it|this|that))?|hmm+|erm+)\s*[.!?…]+(?=\s|$)"
    # "... sorry im rambling", "... yeah thats it": said of the telling, not the case (a
    # trial's record kept both)
    r"|[\s,;-]*\b(?:(?:sorry,?\s+)?(?:i'?m|im|i am)|sorry(?:,\s*|\s+)(?:for\s+)?)\s*"
    r"(?:rambling|waffling|going on|the (?:ramble|essay|waffle))\b[\s.!]*"
    # "... hmm what else." (a terminal trial's stayed in step 6)
    r"|(?<=[.!?])\s+(?:(?:hmm+|erm+|umm*|ok|so)\W+)*what else\s*[.!?…]+(?=\s|$)"
    r"|[\s,.;-]*\b(?:yeah|yes|yep|ok|okay)\s+(?:that'?s|thats)\s+(?:it|all)\W*$"
    # "..., thats for step 2": where a note goes, no part of it (a widget trial's kept it)
    r"|[\s,;.–-]*\b(?:that'?s|thats|this is|it'?s|its)\s+(?:meant\s+)?for\s+step\s*\d\b\W*$"
    # "..., it's not an emergency": said to Reflect after its safety message, not the case
    r"|[\s,;-]*\b(?:it'?s|its|it is|this is|this isn'?t|it isn'?t)\s+(?:not\s+)?(?:an\s+)?"
    r"(?:emergency|urgent)\b(?:\s+(?:tho|though|btw))?[.!]*",
    re.IGNORECASE,
)


def without_chat(note: str) -> str:
    """``note`` without the chat around it ("hmm let me think... mum did engage lol" ->
    "mum did engage"); the note as said when nothing else is left."""
    return _CHAT.sub("", note).strip().lstrip(".,;:!- ") or note


# "step 4 - ...", "oh and step 1 - ..." (a trial's kept its "oh and step 1 -" in the note)
STEP_LABEL = re.compile(
    # "for step 2 - ...", "actually for step 2: ..." (trials' stayed in the step in hand)
    r"^\W*(?:(?:oh|and|also|btw|plus|ps|for|actually|sorry|re)\W+){0,3}step\s*(?P<n>\d)\s*"
    r"(?:[-:–—]|\.\s)\s*",
    re.IGNORECASE,
)


def labelled_step(text: str, kb: KnowledgeBase) -> tuple[str, str] | None:
    """The step a note is labelled with ("step 4 - the childs voice: sw saw her alone",
    "agencies - csc lead, school dsl"), and the note without its label; None when unlabelled."""
    steps = kb.supervision.steps
    said, numbered = text.strip(), None
    number = STEP_LABEL.match(said)
    if number and 1 <= int(number["n"]) <= len(steps):
        numbered, said = steps[int(number["n"]) - 1].id, said[number.end() :]
    for step in steps:
        for label in sorted(step.labels, key=len, reverse=True):
            named = re.match(
                rf"^\W*(?:the\s+)?{re.escape(label)}\s*(?:[-:–—])\s*(?P<rest>\S.*)$",
                said,
                re.IGNORECASE | re.DOTALL,
            )
            if named and numbered in (None, step.id):
                return step.id, named["rest"].strip()
    return (numbered, said.strip()) if numbered and said.strip() else None


def last_note(before: State | None, after: State) -> tuple[str, str] | None:
    """The step whose note changed from ``before`` to ``after``, and what was added to it."""
    for step, note in after["steps"].items():
        old = ((before or {}).get("steps") or {}).get(step)
        if note and note != old:
            added = note[len(old) :] if old and note.startswith(old) else note
            return step, added.removeprefix(f" {ADDED_LATER} ")
    return None


def step_called(said: str, kb: KnowledgeBase) -> int | None:
    """The number of the step ``said`` names: "step 3", or one of its labels ("worries")."""
    steps = kb.supervision.steps
    number = re.fullmatch(r"step\s*(\d)", said.strip(), re.IGNORECASE)
    if number:
        return int(number.group(1)) if 1 <= int(number.group(1)) <= len(steps) else None
    for index, step in enumerate(steps, start=1):
        if said.strip().lower() in {label.lower() for label in step.labels}:
            return index
    return None


def step_gone_back_to(text: str, kb: KnowledgeBase) -> tuple[str, re.Match[str]] | None:
    """ "go back to the parental engagement step": the step named by one of its labels after
    "back to", "revisit" or "go to", and the words that name it (what follows may be a note)."""
    labels = sorted(
        ((label, step.id) for step in kb.supervision.steps for label in step.labels),
        key=lambda pair: -len(pair[0]),
    )
    for label, step_id in labels:
        said = re.search(
            rf"\b(?:back to|revisit|go to|jump to|return to|on to)\s+(?:the\s+)?"
            rf"{re.escape(label)}(?:\s+(?:step|bit|section|part|question|one))?\b",
            text,
            re.IGNORECASE,
        )
        if said:
            return step_id, said
    return None


def step_chosen(text: str, kb: KnowledgeBase) -> str | None:
    """The step chosen from the list of steps: "6", "step 6", "the worries one"."""
    said = re.sub(r"^\W*(?:the\s+)?|(?:\s+(?:step|bit|one|please|pls))*\W*$", "", text, flags=re.I)
    number = re.fullmatch(r"(?:step\s*)?(\d)", said, re.IGNORECASE)
    index = int(number.group(1)) if number else step_called(said, kb)
    steps = kb.supervision.steps
    return steps[index - 1].id if index and 1 <= index <= len(steps) else None


# "clear step 4", "delete what's in step 3 and replace it with ...", "replace step 2 with: ...",
# "step 3 should just say ...": a step's note cleared or replaced (every correction was added
# after the note, "(Added later:)", and a trial's record could not be put right)
_STEP_NAMED = r"(?P<step>step\s*\d|the\s+[a-z' ]{3,30}?\s+(?:step|bit|section))"
_CLEAR_NOTE = re.compile(
    r"^\W*(?:(?:please|pls|can you|could you)\s+)?(?:clear|delete|remove|wipe|empty|erase|scrap)"
    r"\s+(?:what'?s\s+(?:in|at|under)\s+|what\s+is\s+(?:in|at)\s+|everything\s+(?:in|at)\s+|"
    rf"the\s+notes?\s+(?:for|in|of|at)\s+)?{_STEP_NAMED}"
    r"(?:\s*(?:,|and)?\s*(?:then\s+)?(?:replace|put)\s+(?:it|that)\s+with\s*:?\s*(?P<value>.+))?\W*$",
    re.IGNORECASE,
)
_REPLACE_NOTE = re.compile(
    rf"^\W*(?:(?:please|pls|can you|could you)\s+)?(?:replace|change|rewrite)\s+{_STEP_NAMED}\s+"
    r"(?:with|to)\s*:?\s*(?P<value>.+)$",
    re.IGNORECASE,
)
_NOTE_SHOULD_SAY = re.compile(
    rf"^\W*{_STEP_NAMED}\s+should\s+(?:just\s+|only\s+)?(?:say|read|be)\s*:?\s*(?P<value>.+)$",
    re.IGNORECASE,
)


def asks_note_change(text: str) -> bool:
    """ "clear step 2", "replace step 1 with: ...", "step 3 should just say ...": asks to clear
    or replace a step's note (which step: ``note_commands``)."""
    return bool(_command_parts(text)) or bool(_REMOVE_PART.match(text))


def note_commands(text: str, kb: KnowledgeBase) -> List[tuple[str, str | None]]:
    """Each step ``text`` asks to clear (None) or to replace with new words, in order; none
    when it asks neither."""
    parts = _command_parts(text)
    asked = []
    for at, part in enumerate(parts):
        said = _CLEAR_NOTE.match(part) or _REPLACE_NOTE.match(part) or _NOTE_SHOULD_SAY.match(part)
        step = _step_named(said, kb)
        if not step:
            continue
        value = said.group("value") or ""
        if at + 1 < len(parts) and value.endswith(parts[at + 1]):  # the next command ends it
            value = value[: -len(parts[at + 1])]
        asked.append((step, value.strip(" .;,-–—") or None))
    return asked


# Where a command may start within a message: a short sentence before it is its preamble
# ("also steps 5 and 6 have got swapped. replace step 5 with: ..."), and a second command ends
# the first's words ("... . replace step 6 with: ..."): a trial's swap became an action.
_PART_BREAK = re.compile(r"(?<=[.!?;])\s+|\s+[-–—]\s+")
_PREAMBLE_WORDS = 15


def _command_parts(text: str) -> List[str]:
    """The commands to clear or replace a note that ``text`` holds, each from its start to the
    end of ``text``."""
    starts = [0, *(m.end() for m in _PART_BREAK.finditer(text))]
    found = [text[i:] for i in starts if _is_command(text[i:])]
    if found and not _is_command(text) and len(text[: -len(found[0])].split()) > _PREAMBLE_WORDS:
        return []
    return found


def _is_command(part: str) -> bool:
    return any(p.match(part) for p in (_CLEAR_NOTE, _REPLACE_NOTE, _NOTE_SHOULD_SAY))


def _step_named(said: re.Match[str] | None, kb: KnowledgeBase) -> str | None:
    """The step a match's ``step`` group names ("step 4", "the worries step"), if any."""
    if not said:
        return None
    named = re.sub(r"^the\s+|\s+(?:step|bit|section)$", "", said.group("step"), flags=re.I)
    number = step_called(named, kb)
    return kb.supervision.steps[number - 1].id if number else None


# "remove the 'to the actions' bit from step 5": part of a step's note taken out
_REMOVE_PART = re.compile(
    r"^\W*(?:(?:please|pls|can you|could you)\s+)?(?:remove|delete|take out|cut|get rid of)\s+"
    # the part may hold an apostrophe ("the 'mum says she'll engage' bit": a trial's was taken
    # for an action)
    r"(?:the\s+)?['\"‘“](?P<part>.{2,80}?)['\"’”]\s*(?:bit|part|words?|line)?\s+"
    rf"(?:from|in|out of)\s+{_STEP_NAMED}",
    re.IGNORECASE,
)


def note_part_removed(text: str, state: State, kb: KnowledgeBase) -> tuple[str, str] | None:
    """The step and its note without the part ``text`` asks to take out (quoted, as the note
    has it); None when it asks none, or the note does not have it."""
    said = _REMOVE_PART.match(text)
    step = _step_named(said, kb)
    if not step:
        return None
    note = state["steps"].get(step) or ""
    at = note.lower().find(said["part"].lower())
    if at < 0:
        return None
    before, after = note[:at], note[at + len(said["part"]) :]
    if not before.strip() or re.search(r"[:.;,(-]\s*$", before):
        # "going well: she still goes to school and likes her tutor" without the first part
        # is "going well: likes her tutor" (a trial's kept the "and")
        after = re.sub(r"^\s*,?\s*(?:and|but|also|plus)\b", "", after, flags=re.IGNORECASE)
    left = f"{before} {after}"
    # "older men, , shes stopped", "mondays, . changed", "referral - . outcome" (a terminal
    # trial's): the part's own commas and dashes go with it
    left = re.sub(r"\s*[,;–-]\s*(?=[,;.])", "", " ".join(left.split()))
    left = re.sub(r"\.\s*\.", ".", left)
    left = re.sub(rf"\s*{re.escape(ADDED_LATER)}\s*$", "", left).strip(" ,.;-")
    return step, left


def set_note(state: State, step: str, note: str | None) -> State:
    """A copy of ``state`` with ``step``'s note replaced (None: cleared, not discussed)."""
    return {**state, "steps": {**state["steps"], step: without_chat(note) if note else None}}


def move_last_note(state: State, last: tuple[str, str] | None, step: str) -> State | None:
    """``state`` with ``last`` (the step a note was just added to, and that note) moved to
    ``step`` ("hang on, that was meant for step 1"); None when there is none to move."""
    source, said = last or (None, "")
    note = state["steps"].get(source or "") or ""
    if not said or source == step:
        return None
    steps = dict(state["steps"])
    if note == said:
        del steps[source]  # that step is asked again
    elif note.endswith(f" {ADDED_LATER} {said}"):
        steps[source] = note[: -len(f" {ADDED_LATER} {said}")]
    else:
        return None
    moved = {**state, "steps": steps, "revisit": step}
    return {**record_answer(moved, step, said), "revisit": None}


# Words beside the roles in "TM and SW here, the DSL joined by phone": who is there, no case
_ONLY_WHO = re.compile(
    r"and|the|me|my|i|im|i'm|am|is|are|here|with|joined|joining|by|on|phone|teams|call|video|"
    r"for|case|this|today|both|us|we|our|from|of|an?|in|present|together|also|plus|sat|"
    r"supervisor|supervisee|manager|worker|"
    # "im the team manager and my HV is presenting a case": who, and that a case is coming
    r"presenting|presents|bringing|brings|bring|talking|through|discussing|discuss|new|one|her|his|a"
)


def names_only_roles(text: str, roles: Dict[str, Any]) -> bool:
    """Whether ``text`` says only who is taking part ("TM, SW for the case, and the school DSL
    joined by phone"), with no case in brief."""
    phrases = sorted({p.lower() for name, said in roles.items() for p in [name, *said]}, key=len)
    rest = f" {text.lower()} "
    found = False
    for phrase in reversed(phrases):
        pattern = rf"(?<![\w']){re.escape(phrase)}(?![\w'])"
        found = found or bool(re.search(pattern, rest))
        rest = re.sub(pattern, " ", rest)
    words = re.findall(r"[a-z']+", rest)
    return found and all(_ONLY_WHO.fullmatch(w) for w in words)


def ask_rest(state: State, stage: str) -> State:
    """A copy of ``state`` where ``stage``'s answer so far is kept and the rest asked for."""
    return {**state, "revisit": stage, "follow_up": stage}


def notes_so_far(state: State, kb: KnowledgeBase) -> List[str]:
    """Each step's note, the actions, the route and the review date so far, a line each (a
    supervisor asking "what have we got so far" was told only a count)."""
    guide = kb.supervision
    lines = [
        f"{n}. {step.title}: {state['steps'][step.id]}"
        for n, step in enumerate(guide.steps, start=1)
        if state["steps"].get(step.id)
    ]
    lines += [
        f"Action {n}: {describe_action(a, kb)}"
        for n, a in enumerate(numbered_actions(state), start=1)
    ]
    if state.get("escalation_route"):
        lines.append(f"{guide.escalation_route.title}: {state['escalation_route']}")
    return lines


def action_lines(state: State, kb: KnowledgeBase) -> List[str]:
    """The agreed actions read back, numbered as edits name them."""
    return [f"{n}. {describe_action(a, kb)}" for n, a in enumerate(state["actions"], start=1)]


# A due phrase that only says the date is still open (besides the content's own wording).
_DUE_OPEN = frozenset({"tbc", "to confirm", "tbd"})


def _said_due(action: Dict[str, Any], kb: KnowledgeBase) -> str | None:
    """The due phrase kept as said, unless it only says the date is to confirm."""
    said = (action.get("due_text") or "").strip()
    unset = (
        said.lower() in _DUE_OPEN or said.lower() == kb.supervision.actions.due_to_confirm.lower()
    )
    return None if not said or unset else said


def describe_action(a: Dict[str, Any], kb: KnowledgeBase) -> str:
    """ "refer to MASE (social worker, by 11 December 2026)": an action, agreed or just said."""
    guide = kb.supervision.actions
    if a.get("due"):
        due = f"by {dates.long_date(dt.date.fromisoformat(a['due']))}"
    elif a.get("ongoing"):
        due = a["due_text"]
    elif _said_due(a, kb):
        due = f"{a['due_text']} ({guide.due_to_confirm})"
    else:
        due = guide.due_to_confirm
    return f"{a['action']} ({a.get('owner') or guide.owner_to_confirm}, {due})"


def _date(iso: str | None) -> dt.date | None:
    return dt.date.fromisoformat(iso) if iso else None


def record_fields(state: State, kb: KnowledgeBase) -> Dict[str, Any]:
    """Everything the record shows, in order, as plain values (both formats render these).
    Anything skipped is None."""
    guide = kb.supervision
    steps = [
        {
            "number": i,
            "title": step.title,
            "answer": state["steps"].get(step.id) or None,
            "if_skipped": step.if_skipped,
            "section": step.section,
        }
        for i, step in enumerate(guide.steps, start=1)
    ]
    sections = [
        {"title": title, "steps": [s for s in steps if s["section"] == key]}
        for key, title in guide.sections.items()
    ]
    review = state.get("next_review") or None
    try:
        review_date, review_text = (dt.date.fromisoformat(review), None) if review else (None, None)
    except ValueError:
        review_date, review_text = None, review
    themes = []
    for raised in state["themes"]:
        message = next(
            (m for m in kb.themes[raised["theme"]].key_messages if m.id == raised["key_message"]),
            None,
        )
        themes.append(
            {
                "title": kb.themes[raised["theme"]].title,
                "key_message": message.text if message else "",
                "case": kb.cases[message.case_id].label if message else "",
            }
        )
    actions = [
        {
            "action": a["action"],
            "owner": a.get("owner") or None,
            "due": _date(a.get("due")),
            # a due phrase no date could be read from: kept as said, to be confirmed ("date to
            # confirm" itself said once: a trial's read "date to confirm (date to confirm)")
            "due_text": _said_due(a, kb),
            "due_open": bool(a.get("due_open") or a.get("due_text") and not _said_due(a, kb)),
            "ongoing": bool(a.get("ongoing")),  # no end on purpose: due_text says from when
        }
        for a in state["actions"]
    ]
    return {
        "date": dt.date.fromisoformat(state["started"]),
        "version": state.get("version"),  # set when filed (actions/supervision.file_record)
        "record_number": state.get("record_number"),
        "steps": steps,
        "themes": themes,
        "questions": state.get("questions") or [],
        "actions": actions,
        "due_to_confirm": kb.supervision.actions.due_to_confirm,
        "owner_to_confirm": kb.supervision.actions.owner_to_confirm,
        "escalation_title": kb.supervision.escalation_route.title,
        "escalation_route": state.get("escalation_route") or None,
        "sections": sections,
        "review_title": guide.next_review.title if guide.next_review else None,
        "next_review": review_date,
        "next_review_text": review_text,
        "next_review_condition": state.get("review_condition"),
        "audits": kb.audits,
    }


def filed_records(events: List[Dict[str, Any]]) -> List[State]:
    """Every record filed in a conversation, oldest first, each at its own number (its
    address): each finished supervision (or a finished one revisited and finished again) files
    one; a supervision stopped and discarded files nothing and changes none. Starting over
    keeps what was filed: a trial's second case was filed at the first one's address, over it."""
    filed: List[State] = []
    was_finished = False
    for event in events:
        if event.get("event") == "restart":
            was_finished = False
        elif event.get("event") == "slot" and event.get("name") == "supervision":
            value = event.get("value")
            finished = bool(value and value.get("finished"))
            if finished and not was_finished:
                filed.append(value)
            was_finished = finished
    return filed


def latest_state(events: List[Dict[str, Any]]) -> State | None:
    """The latest record filed in a conversation's events."""
    filed = filed_records(events)
    return filed[-1] if filed else None


# "actually the baby is 8 months not 7", "sorry, shes 10 not 9": a fact in the notes put right
_FACT_CORRECTED = re.compile(
    r"^\W*(?:(?:actually|sorry|correction|oops|wait|no)\b[\s,:-]*)*(?P<subject>[\w' ]{0,30}?)\s*"
    r"\b(?:is|are|was|were|'s|s)\s+(?P<new>\d{1,2}(?:\s*[a-z]{1,8})?)\s*,?\s+not\s+"
    r"(?P<old>\d{1,2}(?:\s*[a-z]{1,8})?)\W*$",
    re.IGNORECASE,
)


def corrected_fact(
    state: State, text: str, kb: KnowledgeBase
) -> tuple[State, str, str, str] | None:
    """``state`` with a number in a step's note put right as ``text`` says ("actually the baby
    is 8 months not 7": "7 months" becomes "8 months" where it was said), the step's id, and
    the old and new wording; None when ``text`` corrects nothing the notes hold."""
    said = _FACT_CORRECTED.match(text.strip())
    if not said:
        return None
    new, old = said["new"].strip(), said["old"].strip()
    unit = re.sub(r"^\d+\s*", "", new)
    old_with_unit = old if re.search(r"[a-z]", old, re.I) or not unit else f"{old} {unit}"
    for step in kb.supervision.steps:
        note = state["steps"].get(step.id) or ""
        for wording in dict.fromkeys([old_with_unit, old]):
            found = re.search(rf"(?<![\w.]){re.escape(wording)}(?![\w.])", note, re.IGNORECASE)
            if found:
                fixed = (
                    note[: found.start()]
                    + (new if wording != old else new.split()[0])
                    + note[found.end() :]
                )
                steps = {**state["steps"], step.id: fixed}
                return {**state, "steps": steps}, step.id, note[found.start() : found.end()], new
    return None
