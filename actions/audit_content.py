"""The audit on request: its cases (and what one showed about an agency), its themes and its
signposts, each with next-step buttons. ``answer_side_question`` answers such a question where
an answer was awaited (bot/core/turns.py), or a practical question before any reflecting."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Dict, Iterable, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    CANNOT_HELP,
    CANNOT_HELP_WHO,
    DomainDict,
    bullet_lines,
    case_keys,
    contact_lines,
    entity_values,
    is_lead,
    kb,
    latest_intent,
    render,
    session_events,
    theme_buttons,
)
from actions.uncovered import name_uncovered
from bot.core import contract
from bot.core.answers import alternation, sentences, word_lists
from bot.core.relevance import case_index, key_message_index
from bot.core.themes import rank_themes
from bot.core.turn_data import clauses_of
from bot.core.turns import asks_learning, is_definition, is_practical, is_question, roles_in
from bot.knowledge import Case
from bot.knowledge.schema import Resource
from bot.rasa_ext.payloads import make_payload
from bot.settings import tunables

_CASE_NUMBER = re.compile(r"\bcase\s*(?:no\.?\s*)?(\d+)\b", re.IGNORECASE)
# Words for a kind of signpost: "when's the next course?" asks for the training.
_KIND_WORDS = {
    "training": re.compile(r"\b(courses?|trainings?|book|booking|sign up)\b", re.IGNORECASE),
    # "who can I escalate to?" asks for the escalation policy
    "policy": re.compile(r"\b(polic(y|ies)|protocol|escalat\w*)\b", re.IGNORECASE),
    "procedure": re.compile(r"\bprocedures?\b", re.IGNORECASE),
    "service": re.compile(r"\b(services?|refer|referral|teams?)\b", re.IGNORECASE),
}
# Asked in the plural, a question wants the list: "what services and training are there?"
_LISTING = re.compile(
    r"\b(services|courses|trainings|policies|resources|signposts)\b|\bservices?\s+and\s+training"
    r"|\b(everything|all)\b[^.?!]{0,30}\b(signpost|point|refer)",
    re.IGNORECASE,
)


def requested_case_number(tracker: Tracker) -> int | None:
    values = entity_values(tracker, "case_number")
    if not values:  # "case 4" is not in the training data's synonyms; read the digits
        match = _CASE_NUMBER.search(tracker.latest_message.get("text") or "")
        values = [match.group(1)] if match else []
    return int(values[0]) if values and values[0].isdigit() else None


def resource_buttons(resources: Iterable[Resource]) -> List[dict]:
    return [
        {"title": r.title, "payload": make_payload("ask_resource", resource=r.id)}
        for r in resources
    ]


def case_buttons(cases: List[Case], **extra: str) -> List[dict]:
    return [
        {"title": c.label, "payload": make_payload("ask_case", **case_keys(c), **extra)}
        for c in cases
    ]


def requested_cases(tracker: Tracker, number: int) -> List[Case]:
    """The cases numbered ``number``, newest audit first: of the audit a button or the message
    names, else of the audit of the case just shown, else of every live audit."""
    matches = kb().cases_numbered(number)
    named = set(entity_values(tracker, "audit")) or set(
        kb().audits_named(tracker.latest_message.get("text") or "")
    )
    shown = {c.audit.id for c in last_case_shown(tracker)}
    return (
        [c for c in matches if c.audit.id in named]
        or [c for c in matches if c.audit.id in shown]
        or matches
    )


def case_texts(case: Case) -> List[Dict[str, str]]:
    """Every sentence the audit wrote about a case, with the theme it belongs to."""
    texts = [{"theme": "", "text": t} for t in (case.summary, *(s.text for s in case.strengths))]
    for message in case.key_messages:
        for part in (message.text, message.evidence, message.advice):
            texts += [{"theme": message.theme, "text": s} for s in sentences(part or "")]
    return texts


def case_topic(text: str, tracker: Tracker | None = None) -> Dict[str, List[str]]:
    """What a question about a case is about: glossary terms and roles it names, each with the
    words that name it in the audit ("ELFT" -> ELFT, East London NHS Foundation Trust), and
    themes it names (as ``theme:<id>``: that theme's key message in the case)."""
    entries = kb().terms_in(text)
    topic = {entry.term: entry.names for entry in entries}
    topic.update({role: [role] for role in roles_in(text) if role not in topic})
    themes = entity_values(tracker, "theme") if tracker is not None else []
    # "which case was the CSE one": a term a theme's title names stands for that theme too
    themes += [t.id for e in entries for t in kb().themes.values() if _names_in(e.names, t.title)]
    # "what did the audit find about substance misuse in case 2": a theme by its short name
    themes += [t.id for t in kb().themes.values() if _names_in(t.short_names, text)]
    for theme in dict.fromkeys(themes):
        if theme in kb().themes:
            title = kb().theme(theme).title
            topic[title] = [*topic.pop(title, []), f"theme:{theme}"]
    return topic


def _names_in(names: Iterable[str], text: str) -> bool:
    return any(re.search(rf"(?<![\w']){re.escape(n)}(?![\w'])", text, re.I) for n in names)


def findings_about(case: Case, names: List[str]) -> List[Dict[str, str]]:
    themes = {n.split(":", 1)[1] for n in names if n.startswith("theme:")}
    words = [n for n in names if not n.startswith("theme:")]
    pattern = (
        re.compile(
            r"(?<![\w'])(" + "|".join(re.escape(n) for n in words) + r")(?![\w'])", re.IGNORECASE
        )
        if words
        else None
    )
    return [
        t
        for t in case_texts(case)
        if t["theme"] in themes or (pattern is not None and pattern.search(t["text"]))
    ]


class ActionShowCase(Action):
    """ "Tell me about case 2", "what went well in case 1", "which cases were audited", "what did
    the audit say about the GP in case 1", "what went wrong with ELFT"."""

    def name(self) -> str:
        return "action_show_case"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        text = tracker.latest_message.get("text") or ""
        if requested_case_number(tracker) is None and name_uncovered(dispatcher, text, domain, []):
            return []  # "what did the audit say about FGM?": it doesn't
        show_case(dispatcher, tracker)
        return []


def previous_reply(tracker: Tracker, kinds: Iterable[str]) -> Dict[str, Any] | None:
    """The last payload of one of ``kinds`` in Reflect's previous reply (the turn before this
    one), for follow-ups such as "what did CAMHS do well there?" or "which case was that from?"."""
    users, latest = 0, tracker.latest_message.get("text")
    for event in reversed(session_events(tracker)):
        if event.get("event") == "user":
            # the two-stage fallback hands the same message on again: one turn, not two
            users += not (users == 1 and event.get("text") == latest)
        if users > 1:  # back beyond the previous turn
            break
        custom = ((event.get("data") or {}).get("custom")) or {}
        if event.get("event") == "bot" and custom.get("kind") in kinds:
            return custom
    return None


def last_case_shown(tracker: Tracker) -> List[Case]:
    """The case Reflect's previous reply was about."""
    custom = previous_reply(tracker, ("case", "case_finding")) or {}
    return [kb().cases[custom["case"]]] if custom.get("case") in kb().cases else []


# "whats the case behind this one", "which case is that from": the case of the key message in
# hand, asked with no number
_CASE_OF_THIS = re.compile(
    r"\bcase\b.*\b(?:behind|for|of|from|with)\s+(?:this|that|it)\b|"
    r"\b(?:this|that)(?:\s+one|\s+key message)?'?s\s+case\b|"
    r"\bwhich\s+case\s+(?:is|was)\s+(?:this|that|it)\b",
    re.IGNORECASE,
)


def key_message_case(tracker: Tracker) -> Case | None:
    """The case of the last key message Reflect gave this session."""
    for event in reversed(session_events(tracker)):
        custom = ((event.get("data") or {}).get("custom")) or {}
        if event.get("event") == "bot" and custom.get("kind") == "key_message":
            return kb().cases.get(custom.get("case"))
    return None


def show_case(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    all_cases = list(kb().cases.values())
    number = requested_case_number(tracker)
    text = tracker.latest_message.get("text") or ""
    if case_follow_up(dispatcher, tracker, text):
        return  # "what went well in that one?" about the case just shown
    topic = case_topic(text, tracker)
    described = described_case(text) if number is None and not _ACROSS_CASES.search(text) else None
    if described is not None:  # "the case with the pre-teen girl where school went above..."
        present_case(dispatcher, described)
        return
    matches = requested_cases(tracker, number) if number is not None else last_case_shown(tracker)
    if number is None and _ACROSS_CASES.search(text):
        matches = all_cases  # "which case was the CSE one", "in more than one of the cases?"
    if number is not None and _KEY_MESSAGES.search(text) and len(matches) == 1:
        present_key_messages(dispatcher, matches[0])  # "the key messages of case 3"
        return
    if (
        not topic
        and len(matches) == 1
        and _ASKS_WHO.search(text)
        and is_question(text)
        and case_words(dispatcher, matches[0], text)
    ):
        return  # "in case 1 who was still waiting to hear back?": the sentences saying so
    if topic and (
        show_findings(dispatcher, matches, topic) or show_findings(dispatcher, all_cases, topic)
    ):
        return
    matches = matches if number is not None else []
    if number is None and _WHICH_CASE.search(text) and case_of_last_signpost(dispatcher, tracker):
        return
    if (
        number is None
        and (_WHICH_CASE.search(text) or _ACROSS_CASES.search(text))
        and _THOSE.search(text)
        and case_of_last_terms(dispatcher, tracker)
    ):
        return  # "whats a MASE" ... "which case mentioned those"
    if number is None and _THIS_CASE.search(text) and case_of_key_message(dispatcher, tracker):
        return  # "which case is this from" in the middle of a theme's questions
    if number is None and _WHICH_CASE.search(text) and (case := case_picked_out(text)):
        present_case(dispatcher, case)  # "which case had the educational psychologist?"
        return
    if (
        number is None
        and _ASKS_ABOUT_CASES.search(text)
        and not _ASKS_FOR_CASES.search(text)
        and closest_finding(dispatcher, text)
    ):
        return  # "what did the audit say about moving schools?"
    if number is None:
        dispatcher.utter_message(
            response="utter_case_list",
            buttons=case_buttons(all_cases),
            json_message=contract.listing("case_list", (c.id for c in all_cases)),
            count=len(all_cases),
            case_lines=bullet_lines(f"{c.label}: {c.summary}" for c in all_cases),
        )
        return
    if not matches:
        dispatcher.utter_message(
            response="utter_case_not_found",
            buttons=case_buttons(all_cases),
            number=number,
            numbers=", ".join(sorted({str(c.number) for c in all_cases})),
        )
        return
    if len(matches) > 1:  # each audit has its case <number>: ask which, newest first
        dispatcher.utter_message(
            response="utter_case_which_audit",
            buttons=case_buttons(matches),
            json_message=contract.listing("case_choice", (c.id for c in matches)),
            number=number,
        )
        return
    if asks_learning(text):
        present_learning(dispatcher, matches[0])
        return
    present_case(dispatcher, matches[0], "strengths" in entity_values(tracker, "case_aspect"))


# A question across the cases, not about the one just shown.
_ACROSS_CASES = re.compile(
    r"\b(which|what|any|all|both|several|more than one|each)\s+(?:of\s+(?:the\s+)?)?cases?\b"
    r"|\b(?:any|all|each|more than one|either) of (?:them|the cases)\b",
    re.IGNORECASE,
)
# "...in it", "...in that case": about the case just shown
_IN_THE_CASE = re.compile(
    r"\b(in it|in that|in this|that case|this case|that one|this one|the case|there)\b", re.I
)
# "who was still waiting...", "which agency...": a question after someone in a case
_ASKS_WHO = re.compile(r"\b(who|whom|which agency|which service|which professional)\b", re.I)
# A case's key messages asked for ("just the key messages, short version").
_KEY_MESSAGES = re.compile(
    r"\b(key messages?|key points|main points|learning points|take ?aways|main messages?)\b",
    re.IGNORECASE,
)
# What went well in a case.
_STRENGTHS = re.compile(
    r"\b(went well|go well|gone well|did well|do well|done well|good practice|strengths?|"
    r"positives?|what worked)\b",
    re.IGNORECASE,
)

# A question about what the audit's cases showed ("what did the audit say about...", "did CAMHS
# do anything good?"), rather than for the list of cases.
_ASKS_ABOUT_CASES = re.compile(
    r"\b(did|do well|went (?:well|wrong)|say about|said about|says about|find about|found about|"
    r"in the audit|in the cases|audit say)\b",
    re.IGNORECASE,
)

# "which cases did the audit look at?": the list, not a finding
_ASKS_FOR_CASES = re.compile(r"\b(which|what|how many|the|all)\s+(?:\w+\s+)?cases\b", re.IGNORECASE)


# "the case with the girl who...", "the one where school...": a case picked by what happened in it
_DESCRIBES_CASE = re.compile(
    r"\b(?:the )?(?:case|one) (?:with|where|about|when|in which|that|of the)\b", re.IGNORECASE
)


def described_case(text: str) -> Case | None:
    """The case a message picks out by describing it, when one is close enough by wording."""
    if not _DESCRIBES_CASE.search(text):
        return None
    ranked = case_index(kb()).rank(text)
    if not ranked or ranked[0][1] < tunables()["themes"]["finding_min_wording"]:
        return None
    return kb().cases[ranked[0][0]]


# How far ahead of the next case the closest must be for "which case had X?" to name it.
_PICKED_OUT_LEAD = 1.5


def case_picked_out(text: str) -> Case | None:
    """The one case whose words are clearly closest to "which case had X?", if one is."""
    ranked = case_index(kb()).rank(text)
    if not ranked or ranked[0][1] < tunables()["themes"]["finding_min_wording"]:
        return None
    if len(ranked) > 1 and ranked[0][1] < _PICKED_OUT_LEAD * ranked[1][1]:
        return None
    return kb().cases[ranked[0][0]]


def closest_finding(dispatcher: CollectingDispatcher, text: str) -> bool:
    """The key message closest to the question's words, as what its case showed; False when
    none is close enough to be the answer."""
    ranked = key_message_index(kb()).rank(text)
    if not ranked or ranked[0][1] < tunables()["themes"]["finding_min_wording"]:
        return False
    message = next(m for t in kb().themes.values() for m in t.key_messages if m.id == ranked[0][0])
    case = kb().cases[message.case_id]
    found = [t for t in case_texts(case) if t["theme"] == message.theme]
    dispatcher.utter_message(
        response="utter_case_finding",
        json_message=contract.case_finding(case, message.title, found),
        buttons=theme_buttons([message.theme]),
        case_label=case.label,
        about=message.title,
        findings=bullet_lines(f["text"] for f in found),
    )
    return True


def present_case(
    dispatcher: CollectingDispatcher, case: Case, strengths_only: bool = False
) -> None:
    """A case: its summary, what went well and its key messages (or only what went well), with
    buttons for its themes and the other cases."""
    others = [c for c in kb().cases.values() if c.id != case.id]
    buttons = [
        *theme_buttons([m.theme for m in case.key_messages], **case_keys(case)),
        *case_buttons(others),
    ]
    strengths = bullet_lines(s.text for s in case.strengths)
    if strengths_only:
        dispatcher.utter_message(
            response="utter_case_strengths",
            buttons=buttons,
            json_message=contract.case_payload(case),
            case_label=case.label,
            strengths=strengths,
        )
    else:
        dispatcher.utter_message(
            response="utter_case",
            buttons=buttons,
            json_message=contract.case_payload(case),
            case_label=case.label,
            case_summary=case.summary,
            strengths=strengths,
            themes="; ".join(m.title for m in case.key_messages),
        )


def present_key_messages(dispatcher: CollectingDispatcher, case: Case) -> None:
    """A case's key messages, briefly (the audit's learning, each by title and its first
    sentence), with each key message's payload so a client can show it in full."""
    present_learning(dispatcher, case)
    for message in case.key_messages:
        dispatcher.utter_message(
            json_message={**contract.key_message(message, case), "brief": True}
        )


def case_follow_up(dispatcher: CollectingDispatcher, tracker: Tracker, text: str) -> bool:
    """A question about the case Reflect's previous reply was about ("what went well in it",
    "what were the key messages from it"); False when it is not one."""
    cases = last_case_shown(tracker)
    if not cases or not is_question(text) or requested_case_number(tracker) is not None:
        return False
    if _KEY_MESSAGES.search(text):
        present_key_messages(dispatcher, cases[0])
        return True
    if _STRENGTHS.search(text) and not case_topic(text, tracker):
        present_case(dispatcher, cases[0], strengths_only=True)
        return True
    if _IN_THE_CASE.search(text) and not case_topic(text, tracker):
        return case_words(dispatcher, cases[0], text)  # "was the childs voice in it anywhere"
    return False


def case_words(dispatcher: CollectingDispatcher, case: Case, text: str) -> bool:
    """The case's sentences that use the question's own words ("the child's voice" ->
    "observations / voice of the child"); False when none does."""
    ignore = {
        *word_lists()["stop"],
        *word_lists()["asking_words"],
        *word_lists()["general"],
        "anywhere",
        "anything",
        "audit",
        "there",
        "said",
        "show",
        "tell",
    }
    words = [
        re.sub(r"(?:'s|s)$", "", w)
        for w in re.findall(r"[a-z']{4,}", text.lower())
        if w not in ignore and re.sub(r"(?:'s|s)$", "", w) not in ignore
    ]
    words = [w for w in words if len(w) >= 4]
    if not words:
        return False
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, words)) + r")", re.IGNORECASE)
    found = [t for t in case_texts(case) if pattern.search(t["text"])]
    if not found:
        return False
    dispatcher.utter_message(
        response="utter_case_finding",
        json_message=contract.case_finding(case, " ".join(words), found),
        buttons=theme_buttons(dict.fromkeys(f["theme"] for f in found if f["theme"])),
        case_label=case.label,
        about=" ".join(words),
        findings=bullet_lines(f["text"] for f in found),
    )
    return True


def present_learning(dispatcher: CollectingDispatcher, case: Case) -> None:
    """What a case showed must change: each key message's title and opening sentence, with a
    button to show it in full."""
    dispatcher.utter_message(
        response="utter_case_learning",
        buttons=theme_buttons([m.theme for m in case.key_messages], **case_keys(case)),
        json_message=contract.case_payload(case),
        case_label=case.label,
        learning=bullet_lines(
            f"**{m.title or kb().theme(m.theme).title}**: {sentences(m.text)[0]}"
            for m in case.key_messages
        ),
    )


def show_findings(
    dispatcher: CollectingDispatcher, cases: List[Case], topic: Dict[str, List[str]]
) -> bool:
    """What the cases showed about the topic, case by case (each finding once, however many
    of the topic's names it matches); False when none mentions it."""
    shown = False
    for case in cases:
        abouts: List[str] = []
        found: List[Dict[str, str]] = []
        for about, names in topic.items():
            new = [f for f in findings_about(case, names) if f not in found]
            if new:
                abouts.append(about)
                found += new
        if found:
            about = " and ".join(abouts)
            dispatcher.utter_message(
                response="utter_case_finding",
                json_message=contract.case_finding(case, about, found),
                buttons=theme_buttons(dict.fromkeys(f["theme"] for f in found if f["theme"])),
                case_label=case.label,
                about=about,
                findings=bullet_lines(f["text"] for f in found),
            )
            shown = True
    return shown


class ActionListThemes(Action):
    """ "What themes are there?": every theme, as buttons."""

    def name(self) -> str:
        return "action_list_themes"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        if case_follow_up(dispatcher, tracker, tracker.latest_message.get("text") or ""):
            return []  # "what were the key messages from it?" about the case just shown
        themes = list(kb().themes.values())
        dispatcher.utter_message(
            response="utter_theme_list",
            buttons=theme_buttons(t.id for t in themes),
            json_message=contract.theme_suggestion((t.id for t in themes), "all"),
            theme_lines="\n" + bullet_lines(f"{t.title}: {t.description}" for t in themes),
        )
        return []


# A signpost's details in the order shown, each worded by its response ``utter_resource_<field>``.
RESOURCE_DETAILS = ("provider", "accepts", "ages", "phone", "email", "hours", "reference")


def resource_details(resource_id: str, domain: DomainDict, today: dt.date) -> str:
    """A signpost's audit wording, then its details not already in that wording, its dates and
    its link (or why there is none): no fact twice."""
    item = kb().resources[resource_id]
    lines = [item.text]
    for field in RESOURCE_DETAILS:
        value = getattr(item, field)
        if value and str(value).lower() not in item.text.lower():
            lines.append(render(domain, f"utter_resource_{field}", **{field: value}))
    if item.dates:
        dates = ", ".join(f"{d.day} {d:%B %Y}" for d in item.dates)
        past = kb().resource_is_past(item.id, today)
        lines.append(
            render(
                domain,
                "utter_course_past" if past else "utter_course_upcoming",
                dates=dates,
                provider=item.provider or "the provider",
            )
        )
    lines.append(item.link or render(domain, "utter_link_missing", reason=item.link_missing))
    return "\n".join(lines)


def signpost_contact(item: Resource, domain: DomainDict) -> str:
    """How to reach a signpost that an ``if_not`` names, from resources.yml: "<title>: call
    <phone> (<hours>) or email <email>." (the loader makes sure it has at least one way)."""
    ways = []
    if item.phone:
        phone = "utter_signpost_phone_hours" if item.hours else "utter_signpost_phone"
        ways.append(render(domain, phone, phone=item.phone, hours=item.hours))
    if item.email:
        ways.append(render(domain, "utter_signpost_email", email=item.email))
    if item.link:
        ways.append(render(domain, "utter_signpost_link", link=item.link))
    joined = ways[0]
    for way in ways[1:]:
        joined = render(domain, "utter_signpost_or", ways=joined, way=way)
    return render(domain, "utter_signpost", title=item.title, ways=joined)


def last_resource_shown(tracker: Tracker) -> str | None:
    """The signpost last given this session ("what's the number again?")."""
    for event in reversed(session_events(tracker)):
        custom = ((event.get("data") or {}).get("custom")) or {}
        if event.get("event") == "bot" and custom.get("kind") == "resource":
            return custom.get("id")
    return None


_WHICH_CASE = re.compile(r"\bwhich case\b|\bwhat case\b", re.IGNORECASE)


def case_of_last_signpost(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """ "Which case was that from?" after a signpost: the case whose key message names it."""
    custom = previous_reply(tracker, ("resource",)) or {}
    resource = kb().resources.get(custom.get("id") or "")
    if resource is None:
        return False
    cases = [
        c for c in kb().cases.values() if any(resource.id in m.resources for m in c.key_messages)
    ]
    # a signpost no key message names: the cases of the themes it serves
    cases = cases or [
        c for c in kb().cases.values() if any(m.theme in resource.themes for m in c.key_messages)
    ]
    for case in cases[:1]:
        present_case(dispatcher, case)
    return bool(cases)


# "which case is this from", "what case was that one": the case behind what is in hand
_THIS_CASE = re.compile(
    r"\b(?:which|what) case (?:is|was|are|were) (?:this|that|it|these|those)\b"
    r"|\b(?:which|what) case (?:does|did) (?:this|that|it) come from\b"
    # "what happened in that case", "what did that case show", "tell me about that case" (not
    # "in that case, who do i call": then)
    r"|\bwhat\b[^?.!]*\b(?:in|about|from|with)\s+(?:that|this)\s+case\b(?!\s*,)"
    r"|\b(?:that|this)\s+case\s+(?:show|shows|showed|say|says|said|about|find|found)\b"
    r"|\btell\s+me\s+(?:more\s+)?about\s+(?:that|this)\s+case\b",
    re.IGNORECASE,
)
# "which case mentioned those": the terms of the last two replies, not only the last
_THOSE = re.compile(r"\b(those|these|them|both|either|that|it|this|they)\b", re.IGNORECASE)
_TWO_TERMS = re.compile(r"\b(those|these|them|both|either|they)\b", re.IGNORECASE)


def asks_what_went_well(text: str) -> bool:
    """ "What went well there?", "the key messages of it": about a case's strengths or
    learning."""
    return bool(_STRENGTHS.search(text) or _KEY_MESSAGES.search(text))


def asks_which_case(text: str) -> bool:
    """ "Which case is this from?", "what case was that": asks for a case."""
    return bool(_WHICH_CASE.search(text))


def recent_payloads(tracker: Tracker, kind: str, replies: int) -> List[Dict[str, Any]]:
    """The payloads of ``kind`` in Reflect's last ``replies`` replies, latest first."""
    found: List[Dict[str, Any]] = []
    users = 0
    for event in reversed(session_events(tracker)):
        if event.get("event") == "user":
            users += 1
        if users > replies:
            break
        custom = ((event.get("data") or {}).get("custom")) or {}
        if event.get("event") == "bot" and custom.get("kind") == kind:
            found.append(custom)
    return found


def case_of_last_terms(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """ "Which case mentioned those?" after terms were explained ("what's a MASE", "and
    MARAC?"): what the cases say using them; False when no term was just explained or no case
    uses it."""
    text = tracker.latest_message.get("text") or ""
    terms = recent_payloads(tracker, "term", 2 if _TWO_TERMS.search(text) else 1)
    entries = [e for e in kb().glossary if e.term in {t.get("term") for t in terms}]
    topic = {entry.term: entry.names for entry in entries}
    return bool(topic) and show_findings(dispatcher, list(kb().cases.values()), topic)


def case_of_key_message(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """ "Which case is this from?": the case of the key message last shown."""
    shown = tracker.get_slot("key_messages_shown") or []
    messages = {m.id: m for t in kb().themes.values() for m in t.key_messages}
    message = messages.get(shown[-1]) if shown else None
    if message is None:
        return False
    present_case(dispatcher, kb().cases[message.case_id])
    return True


def resource_follow_up(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, text: str
) -> bool:
    """A question about the signpost just given: "which case was that from?" shows its case; a
    short question pointing back at it ("can i still get on it?", "is that still running?") or
    sharing its words ("will City of London get the findings?") gets the signpost again, whose
    own words answer it."""
    custom = previous_reply(tracker, ("resource",))
    if custom is None or custom.get("id") not in kb().resources:
        return finding_signpost(dispatcher, tracker, domain, text)
    if _WHICH_CASE.search(text):
        return case_of_last_signpost(dispatcher, tracker)
    resource = kb().resources[custom["id"]]
    shared = set(_CONTENT_WORD.findall(text.lower())) & set(
        _CONTENT_WORD.findall(resource.text.lower())
    )
    points_back = (
        len(text.split()) <= _POINTS_BACK_MAX_WORDS and _POINTS_BACK.search(text)
    ) or _ASKS_ABOUT_THEM.search(text)
    points_back = points_back and not (_OTHER_SUBJECT.search(text) or _DUMMY_IT.search(text))
    if len(shared) >= 2 or (is_question(text) and points_back):
        show_resources(dispatcher, domain, [resource.id])
        return True
    return False


def finding_signpost(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, text: str
) -> bool:
    """ "Who does that service see?" after a case's finding that names a signpost (the school
    nurse in case 3): that signpost, whose details answer it."""
    custom = previous_reply(tracker, ("case_finding", "case"))
    if custom is None or custom.get("case") not in kb().cases or not is_question(text):
        return False
    if not (_POINTS_BACK.search(text) and len(text.split()) <= _POINTS_BACK_MAX_WORDS):
        return False
    case = kb().cases[custom["case"]]
    if custom.get("kind") == "case":  # the whole case: only when it names one signpost
        themes = {m.theme for m in case.key_messages}
    else:
        themes = {f.get("theme") for f in custom.get("findings") or []}
    named = list(
        dict.fromkeys(r for m in case.key_messages if m.theme in themes for r in m.resources)
    )
    if (
        not named
        or not _SIGNPOST_WORDS.search(text)
        or (custom.get("kind") == "case" and len(named) > 1)
    ):
        return False
    show_resources(dispatcher, domain, named[:1])
    return True


# Words asking about a signpost ("who does that service see", "can they help").
_SIGNPOST_WORDS = re.compile(
    r"\b(service|team|they|them|course|policy|procedures?|see|take|accept|refer|contact)\b",
    re.IGNORECASE,
)

# A question about when a signpost is open.
_HOURS = re.compile(
    r"\b(open|opening|hours|monday|tuesday|wednesday|thursday|friday|saturdays?|sundays?|"
    # "when do they close", not "social care closing a case" (a trial's got a service's hours)
    r"weekends?|evenings?|what times?|when can (i|we) (ring|call|phone)|when (do|does) (they|it) "
    r"close|clos(es|ing) (at|time))\b",
    re.IGNORECASE,
)


# "whats the number... shes been drinking at weekends": asked for a way to reach it, not when
# ("can i ring at 7 in the evening?" asks when)
_ASKS_CONTACT = re.compile(r"\b(number|email|e-mail|contact|refer)\b", re.IGNORECASE)


def asks_hours(text: str) -> bool:
    """A question after when a signpost is open."""
    return bool(_HOURS.search(text)) and is_question(text) and not _ASKS_CONTACT.search(text)


def opening_hours(dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> bool:
    """The hours of the signpost asked about, or of the one last given; False when there is
    none to go by."""
    named = [r for r in entity_values(tracker, "resource") if r in kb().resources]
    resource_id = named[0] if named else last_resource_shown(tracker)
    if resource_id is None:
        return False
    item = kb().resources[resource_id]
    dispatcher.utter_message(
        response="utter_resource_hours_of" if item.hours else "utter_resource_no_hours",
        json_message=contract.resource(item, kb(), dt.date.today()),
        title=item.title,
        hours=item.hours,
    )
    return True


# Words long enough to carry content ("findings", "london"), for matching a follow-up question.
_CONTENT_WORD = re.compile(r"[a-z]{5,}")
# "it", "that", "they": a short question about what was just given, not a new subject.
# "has the date passed?": one of the signpost's details, named as the one just given
_POINTS_BACK = re.compile(
    # "what times can i ring": ringing, calling... the one just given
    r"\b(it|its|it's|that|this|they|them|there|ring|call|phone|"
    + alternation(word_lists()["signpost_details"])
    + r")\b",
    re.IGNORECASE,
)
_POINTS_BACK_MAX_WORDS = 12
# "what about for a year 10 with a lot going on at home, is that them?": however long, asking
# whether the service just given is the one
_ASKS_ABOUT_THEM = re.compile(
    r"\b(?:is|would|will) (?:that|it|this) (?:be )?(?:them|for them|their job)\b"
    r"|\b(?:would|do|will|could|can|does) (?:they|that service|that team) "
    r"(?:see|take|accept|cover|do|help|work with)\b",
    re.IGNORECASE,
)
_OTHER_SUBJECT = re.compile(r"\b(audit|report|case|cases|theme|themes)\b", re.IGNORECASE)
# "is it normal for files to take this long?": an "it" that points at nothing (a trial's got
# the signpost just given)
_DUMMY_IT = re.compile(
    r"\bis it (?:normal|ok|okay|usual|common|right|fair|worth|possible|too late|too early|just me|"
    r"bad|wrong|true|likely)\b",
    re.IGNORECASE,
)


def requested_resources(tracker: Tracker) -> List[str]:
    """The signposts a message asks for: those it names; else, for "what's the number again?"
    or "can I book it?", the one just shown; else those of the themes the message touches (or
    is in the middle of), of the kind it asks for ("when's the next course?")."""
    resources = kb().resources
    named = [r for r in entity_values(tracker, "resource") if r in resources]
    if named:
        return list(dict.fromkeys(named))
    latest = tracker.latest_message
    text = latest.get("text") or ""
    kinds = [kind for kind, words in _KIND_WORDS.items() if words.search(text)]
    if _LISTING.search(text):
        # "what services and training are there?": the list; "any courses coming up?": the
        # signposts of that kind (a trial's got every signpost)
        return [r for r in resources if resources[r].kind == kinds[0]] if len(kinds) == 1 else []
    last = last_resource_shown(tracker)
    if last and (not kinds or resources[last].kind in kinds):
        return [last]
    meant = [
        r
        for r in entity_values(tracker, "resource", meant=True)
        if r in resources and (not kinds or resources[r].kind in kinds)
    ]
    if meant:
        return meant[:1]  # "is there a day course on asking the hard questions?"
    ranked = rank_themes(
        kb(), latest.get("intent_ranking") or [], latest.get("entities") or [], clauses_of(latest)
    )
    config = tunables()["themes"]
    themes = [t for t, score in ranked.scored if score >= config["fallback_min_situation"]]
    if not themes and ranked.scored:
        # No theme scores well, but one may still lead the rest clearly ("which service do I
        # send him to? he's smoking weed daily" is mostly a question about a signpost).
        top, *rest = [score for _, score in ranked.scored]
        second = rest[0] if rest else 0.0
        if top >= config["signpost_min_score"] and top >= config["signpost_lead"] * second:
            themes = [ranked.top]
    current = tracker.get_slot("current_theme")
    if current in kb().themes:
        # The theme in hand comes before a guess from a few words ("wait so who do i ring"),
        # after a theme the message clearly describes.
        clear = [t for t, score in ranked.scored if score >= config["present_min_score"]]
        themes = [*clear[:1], current, *themes]
    near = list(dict.fromkeys(r for t in themes for r in kb().theme(t).resources))
    if kinds:
        # The nearest theme's signpost of that kind; with no theme to go by, the only one of
        # that kind (else the list, rather than a guess).
        of_kind = [r for r in near if resources[r].kind in kinds]
        anywhere = [r for r in resources if resources[r].kind in kinds]
        return of_kind[:1] or (anywhere if len(anywhere) == 1 else [])
    return near[:1]


def show_resources(
    dispatcher: CollectingDispatcher,
    domain: DomainDict,
    resource_ids: Iterable[str],
    buttons: bool = True,
) -> bool:
    """Each signpost with its details (and its themes as buttons, unless ``buttons`` is False:
    beside its own theme's key message); False when there were none to show."""
    resource_ids = list(dict.fromkeys(resource_ids))
    today = dt.date.today()
    for resource_id in resource_ids:
        item = kb().resources[resource_id]
        dispatcher.utter_message(
            text=render(
                domain,
                "utter_resource",
                title=item.title,
                details=resource_details(resource_id, domain, today),
            ),
            json_message=contract.resource(item, kb(), today),
            buttons=theme_buttons(item.themes) if buttons else [],
        )
    return bool(resource_ids)


class ActionShowResource(Action):
    """Signposts: the service, policy, course or procedure asked for, or the list of them."""

    def name(self) -> str:
        return "action_show_resource"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        text = tracker.latest_message.get("text") or ""
        if who_can_help_again(dispatcher, tracker, domain) or contact_asked(
            dispatcher, tracker, domain
        ):
            return []  # "so who do i ask then?" after "I can't"; "the number for the MASH?"
        if is_definition(text) and explain_terms(dispatcher, text, domain, is_lead(tracker)):
            return []  # "what's contextual safeguarding?": the term, with its signpost's button
        if asks_hours(text) and opening_hours(dispatcher, tracker, domain):
            return []  # "is it open on saturdays?": its hours, not the whole card again
        if _DONE_FOR_ME.search(text):
            # "could you send a referral to hackney csc for me", "can you book me onto it?":
            # what Reflect cannot do, and who can (a trial got the list of signposts)
            request, response, routes = CANNOT_HELP["ask_to_refer"]
            if _BOOKING.search(text):
                dispatcher.utter_message(response="utter_cannot_book")
            else:
                dispatcher.utter_message(
                    response=response, json_message=contract.cannot_help(request, routes)
                )
            return []
        named = [r for r in entity_values(tracker, "resource") if r in kb().resources]
        if not named and finding_signpost(dispatcher, tracker, domain, text):
            return []  # "who does that service see?" after a case's finding naming it
        if not named and name_uncovered(dispatcher, text, domain, []):
            return []  # "is there anything on FGM?": the audit doesn't cover it
        show_resources(dispatcher, domain, requested_resources(tracker)) or list_resources(
            dispatcher
        )
        return []


def contact_asked(dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> bool:
    """ "what's the number for the MASH?": the glossary's entry, with its contact's line or
    where to get it; a contact the audit names nowhere ("the police missing team"): said so,
    with where to get it, never the list of signposts (a trial's got it twice). False when no
    contact is asked for, or a signpost is named (its card answers)."""
    text = tracker.latest_message.get("text") or ""
    if not (_ASKS_CONTACT.search(text) and (is_question(text) or _NUMBER_WANTED.match(text))):
        return False
    meant = [*entity_values(tracker, "resource"), *entity_values(tracker, "resource", meant=True)]
    if any(r in kb().resources for r in meant):
        return False
    if any(entry.contact for entry in kb().terms_in(text)):
        return explain_terms(dispatcher, text, domain, is_lead(tracker))
    if not _CONTACT_OF_SOMEONE.search(text):
        return False
    dispatcher.utter_message(response="utter_contact_not_in_audit")
    return True


# "number for the lado pls": asked for without a question's shape (a held-out one was declined)
_NUMBER_WANTED = re.compile(
    r"^\W*(?:(?:the|a|their|his|her)\s+)?(?:number|phone number|contact(?: details)?|email)"
    r"\s+(?:for|of)\b",
    re.IGNORECASE,
)
# "the number for the police missing team", "the police missing persons unit number": whose
# number, a team or service
_CONTACT_OF_SOMEONE = re.compile(
    r"\b(?:[\w'-]+\s+){0,4}?(?:team|service|unit|officer|hub|desk|department|clinic|panel)'?s?"
    r"\s+(?:number|phone|contact|email)\b|"
    r"\b(?:for|of)\s+(?:the|our|their|a|an)?\s*(?:[\w'-]+\s+){0,4}?"
    r"(?:team|service|unit|officer|hub|desk|line|department|clinic|panel)\b"
    r"|\b(?:contact|reach|ring|call|phone|get hold of)\s+(?:the|our|their)\s+(?:[\w'-]+\s+){0,4}?"
    r"(?:team|service|unit|officer|hub|desk|department|clinic|panel)\b",
    re.IGNORECASE,
)


def who_can_help_again(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
) -> bool:
    """ "ugh ok. who would i even ask then" just after "I can't do that; here is who can": who
    can, with their contacts (a trial's follow-up got an unrelated theme's key message)."""
    text = tracker.latest_message.get("text") or ""
    if len(text.split()) > 12 or not _WHO_THEN.search(text):
        return False
    declined = previous_reply(tracker, ("cannot_help",))
    if declined is None:
        return False
    request = str(declined.get("request"))
    _, _, routes = next(v for v in CANNOT_HELP.values() if v[0] == request)
    dispatcher.utter_message(
        response=CANNOT_HELP_WHO[request],
        json_message=contract.cannot_help(request, routes),
        contacts=contact_lines(domain, routes),
    )
    return True


_WHO_THEN = re.compile(
    r"\b(?:who|where|which (?:person|team|service))\b.{0,40}"
    r"\b(?:ask|go|turn|contact|call|ring|talk)"
    r"|\bwhat (?:do|should|can) i do\b|\bwho (?:can|does|would|will)\b",
    re.IGNORECASE,
)


# Asked to act for the practitioner: a referral sent, a place booked
_BOOKING = re.compile(r"\b(?:book|sign|register|enrol|enroll|put)\s+(?:me|us)\b|\bbook\b", re.I)
_DONE_FOR_ME = re.compile(
    r"\b(?:can|could|would|will)\s+(?:you|u)\b[^?.]{0,40}?"
    r"\b(?:send|make|do|submit|put in|pass on|refer|book|sign|register|enrol)\b[^?.]{0,60}?"
    r"\b(?:for me|for us|on my behalf|me (?:on|onto|up|in)|us (?:on|onto|up|in))\b"
    r"|\b(?:book|sign|register|enrol)\s+me\s+(?:on|onto|up|in)\b",
    re.IGNORECASE,
)


def list_resources(dispatcher: CollectingDispatcher) -> None:
    resources = kb().resources
    dispatcher.utter_message(
        response="utter_resource_list",
        json_message=contract.listing("resource_list", resources),
        buttons=resource_buttons(resources.values()),
        resource_lines=bullet_lines(r.title for r in resources.values()),
    )


def asks_of_a_term(text: str) -> bool:
    """What a term means or how to reach it ("whats a MASH", "number for csc", "MARAC??"), not a
    question that only names one ("how do i challenge a MASH decision?", "would it have made a
    difference if id told csc": a trial got the definitions)."""
    return (
        any(is_definition(s) for s in sentences(text))  # "... police mentioned it. whats an NRM?"
        or bool(_ASKS_CONTACT.search(text) or _ASKS_MEANING.search(text))
        or len(text.split()) <= 3
    )


# "whats the difference with CIN", "what does s47 stand for": a term's meaning asked mid-sentence
_ASKS_MEANING = re.compile(
    r"\bdifference (?:between|with|from)\b|\b(?:differ|mean|means|meant by|stand for|"
    r"stands for|short for)\b",
    re.I,
)


def explain_terms(
    dispatcher: CollectingDispatcher, text: str, domain: DomainDict, lead: bool = False
) -> bool:
    """The glossary's entry for each term the text names, with its signpost as a button and,
    for a term that is a safety contact ("the number for CSC"), its number or where to get it
    (``lead``: the practitioner is a safeguarding lead, with no lead to ask); False when it
    names none."""
    entries = kb().terms_in(text)
    for entry in entries:
        resource = kb().resources.get(entry.resource or "")
        contact = contact_lines(domain, [entry.contact], lead=lead) if entry.contact else ""
        # "whats contextual safeguarding, is anyone doing it round here": the signpost too
        also = resource is not None and bool(_ASKS_WHO_DOES.search(text))
        dispatcher.utter_message(
            response="utter_term",
            json_message=contract.term(entry),
            buttons=resource_buttons([resource]) if resource and not also else [],
            term=entry.term,
            meaning=f"{entry.meaning}\n{contact}" if contact else entry.meaning,
        )
        if also:
            show_resources(dispatcher, domain, [resource.id])
        elif not (contact or resource) and _ASKS_CONTACT.search(text):
            dispatcher.utter_message(response="utter_term_no_contact", term=entry.term)
    return bool(entries)


# Asking who offers something, or whether anything is on offer, besides what it means.
_ASKS_WHO_DOES = re.compile(
    r"\b(anyone|anybody|anything|any\s+work|round here|around here|locally|local|nearby|"
    r"in the area|available|on offer|who does|who runs|who is doing|doing it|doing this|"
    r"where can|got to do with|to do with this|to do with my|relevant|apply to|applies to|"
    r"help with this|help here)\b",
    re.IGNORECASE,
)


_WORDISH = re.compile(r"[a-z][a-z'-]{4,}")


def audit_sentences() -> List[str]:
    """Every sentence the audits wrote, and Reflect's own questions and next steps."""
    texts = [t["text"] for c in kb().cases.values() for t in case_texts(c)]
    texts += [q.text for t in kb().themes.values() for q in t.questions]
    return texts


def explain_words(dispatcher: CollectingDispatcher, text: str) -> bool:
    """For a word the glossary doesn't have: a theme whose title it names ("difficult
    questions"), else the audit's own sentence using its rarest word ("externalise")."""
    lowered = text.lower()
    themes = [t for t in kb().themes.values() if _title_words(t.title) & set(lowered.split())]
    named = [t for t in themes if len(_title_words(t.title) & set(lowered.split())) >= 2]
    for theme in named[:1]:
        dispatcher.utter_message(
            response="utter_theme_meaning", title=theme.title, description=theme.description
        )
        return True
    sentences_ = audit_sentences()
    counts = {}
    for word in dict.fromkeys(_WORDISH.findall(lowered)):
        if word in word_lists()["asking_words"]:
            continue
        found = [s for s in sentences_ if re.search(rf"\b{re.escape(word)}\w*", s, re.I)]
        if found:
            counts[word] = found
    if not counts:
        return False
    word = min(counts, key=lambda w: len(counts[w]))  # the rarest: the word being asked about
    dispatcher.utter_message(response="utter_term_in_audit", word=word, sentence=counts[word][0])
    return True


def _title_words(title: str) -> set:
    return {w.strip("‘’'").lower() for w in title.split() if len(w.strip("‘’'")) > 3}


def follow_up_on_last_reply(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
) -> bool:
    """A question pointing back at what Reflect's previous reply gave (a case, a case's finding,
    a signpost): "what went well in it?", "will City of London get anything from that?", "can
    I ring at 7 or is it office hours only?". Narrower than ``answer_side_question``: for a
    turn the classifier took as off-task, which must not be answered by a guess."""
    text = tracker.latest_message.get("text") or ""
    if contact_asked(dispatcher, tracker, domain):
        return True  # "number for the lado pls": asked for, in a question's shape or not
    if not is_question(text):
        return False
    if case_follow_up(dispatcher, tracker, text):
        return True
    if (
        asks_hours(text)
        and _POINTS_BACK.search(text)  # "is it open on saturdays", not "a table for friday"
        and previous_reply(tracker, ("resource",))
        and opening_hours(dispatcher, tracker, domain)
    ):
        return True
    return resource_follow_up(dispatcher, tracker, domain, text)


def answer_side_question(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: DomainDict,
    follow_ups_only: bool = False,
) -> bool:
    """Answers the latest message from the audit if it is a question the content answers: a
    case's finding about an agency or theme ("and CAMHS in that case?"), a signpost's practical
    details or a signpost asked about by name, a term, a case. ``follow_ups_only``: only the
    first two, which come before any reflecting even when the message also reads like a
    situation. False when there was nothing to answer."""
    text = tracker.latest_message.get("text") or ""
    if not is_question(text):
        return False
    if case_follow_up(dispatcher, tracker, text):
        return True  # "what went well in it?" about the case just shown
    if not follow_ups_only and contact_asked(dispatcher, tracker, domain):
        return True  # "whats the number for the police missing team again?"
    number = requested_case_number(tracker)
    behind = _CASE_OF_THIS.search(text) and number is None and key_message_case(tracker)
    if behind:
        present_case(dispatcher, behind)  # "whats the case behind this one"
        return True
    about_case = case_topic(text, tracker) and (number or last_case_shown(tracker))
    # "in case 1 who was still waiting...": someone in a case named by its number
    who_in_case = number is not None and _ASKS_WHO.search(text)
    if (
        (about_case or who_in_case)
        and not is_definition(text)  # "whats a LADO" after a case: the term, not the case
    ):
        show_case(dispatcher, tracker)  # "what did CAMHS do well there?": the case's finding
        return True
    if (
        asks_hours(text)
        and last_resource_shown(tracker)
        and opening_hours(dispatcher, tracker, domain)
    ):
        return True  # "is it open on saturdays?": the hours of the signpost just given
    named = [r for r in entity_values(tracker, "resource") if r in kb().resources]
    if case_topic(text, tracker) and _ASKS_ABOUT_CASES.search(text) and not follow_ups_only:
        show_case(dispatcher, tracker)  # "did CAMHS do anything good in the audit?"
        return True
    if asks_which_case(text) and not follow_ups_only:
        show_case(dispatcher, tracker)  # "which case was the CSE one?": the case, not the term
        return True
    if not named and kb().terms_in(text) and not follow_ups_only and asks_of_a_term(text):
        # "whats the number for csc?", "what's an s47 request?": the term (and its contact)
        # rather than a guess at the signpost of the theme in hand
        return explain_terms(dispatcher, text, domain, is_lead(tracker))
    if not named and not follow_ups_only and name_uncovered(dispatcher, text, domain, []):
        return True  # "does the audit say anything about fgm": not the theme in hand's signpost
    if is_practical(text) or named:  # a question naming a signpost is a direct question
        wanted = named or requested_resources(tracker)
        if wanted:
            show_resources(dispatcher, domain, wanted)
            return True
    if resource_follow_up(dispatcher, tracker, domain, text):
        return True
    if follow_ups_only:
        return False
    if asks_of_a_term(text) and explain_terms(dispatcher, text, domain, is_lead(tracker)):
        return True
    intent = latest_intent(tracker)
    if requested_case_number(tracker) is not None or intent == "ask_case":
        show_case(dispatcher, tracker)
        return True
    if intent == "ask_resource":
        show_resources(dispatcher, domain, requested_resources(tracker)) or list_resources(
            dispatcher
        )
        return True
    return False
