"""Agreed actions read from what a practitioner types: each action's words, the role that owns
it and its due date, in any order and several to a line ("SW to convene core group within 2
weeks, TM to book legal gateway meeting by end of month"); and the edits said to the list
("change action 2's owner to the team manager", "remove action 1").

The roles and the vague verbs are content (bot/knowledge/content/supervision.yml); the dates
are read by bot/core/dates.py. A due phrase that names no date it can read is kept as written,
to be confirmed: nothing said is dropped.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Dict, List, Sequence

from bot.core.dates import OCCASION, due_date, long_date, occasion, parse_due

# Words that start a due phrase. "by", "before" and "until" also start other phrases ("seen by
# the GP"), so their tail must name a time (_TIME_WORD) before it is taken for a due date.
_DUE_START = re.compile(
    r"\b(?:(?P<loose>by|before|until|no later than|ahead of)\s"
    r"|within\s"
    r"|in\s+(?:\d+|a|an|one|two|three|four|five|six|a couple of|a few)\s+(?:day|week|wk|month|mth)"
    r"|next\s+(?:week|wk|month|mth|term|mon|tue|wed|thu|fri|sat|sun)"
    r"|(?:the\s+)?end\s+of\s|this\s+(?:week|month|term|mon|tue|wed|thu|fri)"
    r"|(?:tomorrow|tmrw|tmw|2moro)\b|asap\b|today\b"
    # a bare weekday ("visit thurs and ..."), not one naming a thing ("the friday meeting")
    # ("mentoring every fri, ongoing": a recurrence, not a date)
    r"|(?<!every\s)(?<!each\s)(?:on\s+)?(?:mon|tues?|weds?|thur?s?|fri)(?:day)?\b"
    r"(?=\s*(?:$|[,;.]|and\b|then\b|to\b|\d))"
    r"|(?:the\s+)?mid(?:dle of|-|\s)\s*(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"|(?:on\s+)?\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"|\d{1,2}/\d{1,2}(?:/\d{2,4})?"
    rf"|{OCCASION.pattern})",
    re.IGNORECASE,
)
_TIME_WORD = re.compile(
    r"\b(?:\d+(?:st|nd|rd|th)?|day|days|week|weeks|month|months|term|half.?term|christmas|xmas|easter|summer|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|weds?|thur?s?|fri|"
    r"jan\w*|feb\w*|mar\w*|apr\w*|may|jun\w*|jul\w*|aug\w*|sep\w*|oct\w*|nov\w*|dec\w*|"
    r"review|conference|meeting|panel|hearing|tomorrow|tmrw|today|tonight|weekend|holidays?|"
    r"next|core group|strategy|strat|mase|marac|icpc|rcpc|cin meeting|visit|court)\b",
    re.IGNORECASE,
)
_NUMBERED = re.compile(r"(?:^|\s)\(?\d{1,2}[.)]\s+")
_OWNER_WORDS = r"(?:to|will|should|must|is to|are to|needs? to|:|-|–)"
# ... or the action's verb as "-ing" after its owner ("PE teacher mentoring him weekly"): a
# lookahead, so the verb stays in the action; not the nouns that end so ("team meeting")
_OWNER_DOING = (
    r"(?=(?!(?:meeting|morning|evening|training|safeguarding|housing|nothing|something|"
    r"building|during|wedding|funding|hearing|setting|missing)\b)[a-z]{3,}ing\b)"
)


@dataclass
class AgreedAction:
    action: str
    owner: str | None = None
    due: str | None = None  # ISO date, when the due phrase was read
    due_text: str | None = None  # the due phrase as written, when it could not be read
    ongoing: bool = False  # no end date on purpose ("from tomorrow, ongoing"): due_text says so

    def as_dict(self) -> Dict[str, Any]:
        found: Dict[str, Any] = {"action": self.action}
        if self.owner:
            found["owner"] = self.owner
        if self.due:
            found["due"] = self.due
        elif self.due_text:
            found["due"] = None
            found["due_text"] = self.due_text
        if self.ongoing:
            found["ongoing"] = True
        return found


# Where a role works, said before it ("school DSL to ...", "the nursery's DSL will ..."): kept
# in the owner, since the role alone would not say whose DSL.
_SETTING = (
    r"(?:(?P<setting>school|nursery|college|academy|practice|hospital|ward|clinic|cp|cin|csc|mash)"
    r"(?:'s)?\s+)"
)
# "dsl + csc sw to ...", "the DSL and the SW to ...": two owners, said together
_AND_ROLE = r"(?:\s*(?:\+|&|/|\band\b)\s*(?:the\s+)?(?:csc\s+|school\s+)?(?P<role2>{pattern}))?"


def _role_pattern(roles: Dict[str, Sequence[str]]) -> str:
    phrases = sorted({p for name, said in roles.items() for p in [name, *said]}, key=len)
    return "|".join(re.escape(p) for p in reversed(phrases))


def names_a_role(text: str, roles: Dict[str, Sequence[str]]) -> bool:
    """Whether ``text`` names a role anywhere ("DSL and pastoral lead. 14yo girl ...")."""
    return bool(re.search(rf"(?<![\w'])(?:{_role_pattern(roles)})(?![\w'])", text, re.IGNORECASE))


def role_named(text: str, roles: Dict[str, Sequence[str]]) -> str | None:
    """The role ``text`` is, when it is just a role ("the SW", "Team manager")."""
    bare = re.sub(r"^\s*(?:the|our|my|an?)\s+|[.!]+$", "", text.strip(), flags=re.IGNORECASE)
    for name, said in roles.items():
        if bare.lower() in {p.lower() for p in [name, *said]}:
            return name
    # "the cp sw", "school DSL": the role, with where it works said before it
    qualified = re.match(rf"^{_SETTING}(?P<role>.+)$", bare, re.IGNORECASE)
    role = role_named(qualified["role"], roles) if qualified else None
    setting = qualified["setting"].lower() if role else ""
    return (role if setting in role.lower() else f"{setting} {role}") if role else None


# Where what follows a due phrase is the action's purpose or more of it, not part of the date
# ("tomorrow and request a strategy discussion", "by friday with the HV": a terminal trial lost
# those words).
_PURPOSE = re.compile(
    r",?\s+(?:to|so that|so|in order to|because|and|with|then|if|unless|once)\s+\w",
    re.IGNORECASE,
)


# "HV - no sorry, GP to share the history": a false start taken back, then the action meant
_TAKEN_BACK = re.compile(
    r"^(?P<before>.{0,40}?)[\s,.;:–-]*\b(?:no,?\s+sorry|no,?\s+wait|"
    r"sorry,?\s+i\s+mean|no,?\s+i\s+mean|scratch\s+that|actually,?\s+no|"
    # "no scrap that, put the gp one back, gp to ...": not a removal (a widget trial's was)
    r"(?:no|oh|sorry|wait|actually)[\s,.]+(?:scrap|ignore|forget)\s+(?:that|it))\b"
    r"[\s,.;:–-]*(?P<after>.+)$",
    re.IGNORECASE,
)


def without_false_start(text: str) -> str:
    """``text`` from after a short false start the practitioner took back, if any."""
    match = _TAKEN_BACK.match(text.strip())
    return match.group("after") if match else text


# An action with no end on purpose: "from tomorrow, ongoing", "weekly until further notice"
_ONGOING = re.compile(
    r"[\s,;-]*\b(?:ongoing|on-going|until further notice|until (?:the )?(?:next )?review(?:ed)?|"
    r"open[- ]ended|no end date|from now on|going forward)\b[\s,;.-]*",
    re.IGNORECASE,
)


_START = re.compile(r"[\s,]*\b(?:from|starting|beginning)\s+(?P<day>[^,;.]+?)[\s,;.]*$", re.I)


# A deadline counted from an event that may come again: a standing condition, not a date
_STANDING = re.compile(
    r"[\s,]*\bwithin\s+\S+\s+\w+\s+(?:of|after)\s+(?:any|each|every)\s+[^,;.]+$", re.IGNORECASE
)


def split_ongoing(clause: str, today: dt.date) -> tuple[str, str | None]:
    """``clause`` without its ongoing phrase and start, and the due column that says so
    ("ongoing from 7 December 2026", or "ongoing" with no start said); the due column is None
    when ``clause`` does not say ongoing."""
    # "visits weekly from tomorrow": recurring from a start, with no end: ongoing too (a trial's
    # became a deadline of tomorrow)
    recurring = _HOW_OFTEN.search(clause) and _START.search(clause)
    standing = _STANDING.search(clause)
    if standing and not (_ONGOING.search(clause) or recurring):
        # "within 72 hrs of any missing episode": each time it happens, never a date to confirm
        return clause[: standing.start()].strip(" ,.;-"), standing.group(0).strip(" ,.;-")
    if not (_ONGOING.search(clause) or recurring):
        return clause, None
    plain = _ONGOING.sub(" ", clause)
    start_said = _START.search(plain)
    day = parse_due(start_said.group("day"), today) if start_said else None
    if start_said and day:
        # "within 72 hrs of any missing episode, from tomorrow, ongoing": the start, and the
        # condition said with it kept in the due column (a trial's became "date to confirm")
        rest, _, condition = split_due(plain[: start_said.start()], today)
        rest = rest.strip(" ,.;-")
        if not _ONGOING.search(clause):
            # "weigh baby weekly starting next week": the action keeps when it starts, and has
            # no deadline (a trial's was due the day it started)
            return f"{rest}, starting {long_date(day)}", "ongoing"
        when = f"ongoing from {long_date(day)}"
        return rest, f"{when}, {condition}" if condition else when
    standing = _STANDING.search(plain.strip(" ,.;-"))
    if standing and not start_said:
        # "within 72 hrs of any missing episode, from now on": ongoing, each time it happens
        # (a trial's condition was dropped)
        return plain[: standing.start()].strip(" ,.;-"), f"ongoing, {standing.group(0).strip(' ,')}"
    rest, due, _ = split_due(plain, today)
    if not due and start_said:  # "from monday": a start no due phrase begins with
        day = parse_due(start_said.group("day"), today)
        rest, due = (plain[: start_said.start()], day.isoformat()) if day else (rest, None)
    if not due:
        return rest.strip(" ,.;-"), "ongoing"
    start = long_date(dt.date.fromisoformat(due))
    # the start goes in the due column, not the action ("starting ..." is added by split_due)
    rest = re.sub(rf"[\s,]*starting {re.escape(start)}$", "", rest).strip(" ,.;-")
    return rest, f"ongoing from {start}"


def names_when(text: str, today: dt.date | None = None) -> bool:
    """``text`` says when: a date, a span, or ongoing ("from tomorrow, ongoing")."""
    today = today or dt.date.today()
    return split_ongoing(text, today)[1] is not None or due_date(text, today) is not None


def split_due(clause: str, today: dt.date) -> tuple[str, str | None, str | None]:
    """``clause`` without its due phrase, the date read (ISO) and the phrase if unread."""
    unread: tuple[str, str | None, str | None] | None = None
    for match in _DUE_START.finditer(clause):
        tail = clause[match.start() :].strip(" ,.;")
        if match.group("loose") and not _TIME_WORD.search(" ".join(tail.split()[:4])):
            continue  # "seen by the GP" names no time
        rest = clause[: match.start()].strip(" ,.;-–")
        # "by the end of the month": the "by" the window above passed over
        rest = re.sub(r"\s*\b(?:by|before|until|no later than|ahead of|for)$", "", rest, flags=re.I)
        # "weigh weekly starting next week": a recurring action keeps when it starts
        started = re.search(r"[\s,]*\b(?:starting|beginning|from)$", rest, flags=re.I)
        rest = rest[: started.start()] if started else rest
        if not rest:
            # the due phrase came first ("by Friday, TM to ...", "by the end of next week:
            # referral to ..."): it runs to the first comma, colon or dash
            head, *after = re.split(r"\s*[,:;]\s*|\s+[-–]\s+", tail, maxsplit=1)
            tail, rest = head.strip(), (after[0] if after else "").strip(" ,.;")
        # "ring CSC tomorrow to request a strategy discussion": the purpose after the due
        # phrase stays with the action
        purpose = _PURPOSE.search(tail)
        if purpose and parse_due(tail[: purpose.start()], today) is not None:
            rest = f"{rest} {tail[purpose.start() :].strip(' ,')}".strip()
            tail = tail[: purpose.start()].strip(" ,")
        date = due_date(tail, today)
        if date is not None and date >= today:
            if started:
                rest = f"{rest}, starting {long_date(date)}"
            # "asap, this week": the date read later, the action's words before the first
            return (unread[0] if unread else rest), date.isoformat(), None
        unread = unread or (rest, None, tail)
    return unread or (clause, None, None)


# Words a job title ends with, for owners beyond the roles listed ("netball coach", "hostel
# manager", "family liaison officer"): kept as said.
_JOB = (
    r"(?:coach|worker|officer|manager|lead|nurse|teacher|doctor|practitioner|co-?ordinator|"
    r"advis[eo]r|mentor|chair|tutor|assistant|volunteer|counsellor|therapist|psychologist|"
    r"clinician|consultant|leader|warden|advocate|navigator|caseworker|keyworker|team|service)"
)
# A job title alone, owner of an action though not on the list ("the youth worker")
_JOB_TITLE = re.compile(rf"(?:the\s+|our\s+|his\s+|her\s+)?(?:[a-z'-]+\s+){{0,2}}{_JOB}", re.I)
_UNLISTED_OWNER = re.compile(
    rf"^\s*(?:the\s+|our\s+|his\s+|her\s+|their\s+)?(?P<role>(?:[a-z'-]+\s+){{0,2}}{_JOB})\s+"
    rf"(?:(?:to|will|should|must|is to|needs? to)\s+|{_OWNER_DOING})(?P<rest>\w.+)$",
    re.IGNORECASE,
)


def unlisted_owner(clause: str) -> tuple[str, str] | None:
    """ "netball coach to keep an eye at club": the action and its owner as said, for an owner
    whose role is not listed but is plainly a job."""
    said = _UNLISTED_OWNER.match(clause)
    return (said.group("rest").strip(), said.group("role")) if said else None


# "missing team to ...", "duty team will ...": a team of the role named before it (a terminal
# trial's "police missing team to consider ..." kept "missing team" in the action)
_UNIT = re.compile(
    r"(?P<unit>(?:[a-z]+\s+){0,2}(?:team|unit|service|hub|department|dept))\s+"
    r"(?:to|will|needs? to|should|must)\s+(?P<rest>.+)$",
    re.IGNORECASE,
)


def _owner(clause: str, roles: Dict[str, Sequence[str]]) -> tuple[str, str | None]:
    """``clause`` without its owner, and the owner's role."""
    pattern = _role_pattern(roles)
    lead = re.match(
        rf"^\s*(?:the\s+|our\s+)?{_SETTING}?(?P<role>{pattern}){_AND_ROLE.format(pattern=pattern)}"
        rf"\s+(?:{_OWNER_WORDS}|{_OWNER_DOING})\s*(?P<rest>.+)$",
        clause,
        re.IGNORECASE,
    )
    if lead:
        role = role_named(f"{lead.group('setting') or ''} {lead.group('role')}", roles)
        other = role_named(lead.group("role2") or "", roles)
        if role and other and other != role:
            role = f"{role} and {other}"
        return lead.group("rest").strip(), role
    trail = re.search(
        rf"(?:\s*[(,–-]\s*|\s+(?:owner|lead|owned by|led by|for)\s*:?\s*)(?:the\s+)?"
        rf"(?P<role>{pattern})\s*\)?\s*[.;]?$",
        clause,
        re.IGNORECASE,
    )
    named = role_named(trail.group("role"), roles) if trail else None
    # "agree a single point of contact for mum": whom it is for, not who does it
    if trail and not (named in _FAMILY and re.match(r"\s+for\b", trail.group(0), re.I)):
        return clause[: trail.start()].strip(" ,-–"), named
    # "we need legal advice on PLO - TM to request it": the need, then who does what about it
    middle = re.search(
        rf"(?:\s*:|\s+[–-])\s*(?:the\s+)?(?P<role>{pattern})\s+{_OWNER_WORDS}\s*(?P<rest>.+)$",
        clause,
        re.IGNORECASE,
    )
    if middle:
        action = f"{clause[: middle.start()].strip()}: {middle.group('rest').strip()}"
        return action, role_named(middle.group("role"), roles)
    # "pastoral lead body map + written account by tmrw": a professional, then the job itself
    # (the role first, as long as it goes: "school nurse saw him" is no job of the school's)
    bare = re.match(rf"^\s*(?:the\s+)?{_SETTING}?(?P<role>{pattern})\b", clause, re.IGNORECASE)
    # (a comma after the role lists who is there: "school, police and the GP")
    rest = clause[bare.end() :] if bare and re.match(r"\s+\w", clause[bare.end() :]) else ""
    rest = rest.strip()
    named = role_named(clause[: bare.end()], roles) if bare else None
    unit = _UNIT.match(rest)
    if named and unit:  # "police missing team to consider ...": that team of the role's
        return unit["rest"].strip(), f"{named} ({unit['unit'].lower()})"
    job = not re.match(rf"{_NOT_A_JOB}\b", rest, re.IGNORECASE) and len(rest.split()) >= 2
    if named and named not in _FAMILY and job:
        return rest, named
    return unlisted_owner(clause) or (clause, None)


# Words after a role that make it what a sentence is about, not who will do a job ("the SW is
# off", "school said", "mum drinks"), and the roles that are the family, never a job's owner
# said bare.
_NOT_A_JOB = (
    r"(?:\w+ed|saw|went|came|got|told|took|made|gave|rang|met|found|left|sent|spoke|"
    r"is|was|are|were|has|have|had|said|says|say|thinks|thought|feels|felt|and|or|s|'s|"
    r"isn'?t|wasn'?t|doesn'?t|didn'?t|won'?t|can'?t|cant|wont|dont|doesnt|didnt|did|does|do|"
    r"knows|knew|agreed|agrees|will|would|could|should|might|may|must|to|who|which|that|if|"
    r"already|never|always|also|too|not|just|only|still)"
)
_FAMILY = {"parent"}


# Verbs an action opens with when its owner is not said ("ring the GP", "escalate to the SM")
_VERBS = (
    r"(?:ring|call|phone|email|e-mail|refer|book|arrange|visit|send|chase|invite|complete|"
    r"write|update|share|check|speak|meet|convene|request|make|look|find|explore|review|contact|"
    r"ask|hold|set up|start|apply|attend|liaise|follow up|discuss|agree|plan|organise|organize|"
    r"escalate|inform|notify|tell|seek|obtain|gather|provide|keep|monitor|weigh|re-?weigh|offer|"
    r"support|chair|draft|record|log|screen)\b"
)
ACTION_VERB = re.compile(rf"^\W*{_VERBS}", re.IGNORECASE)
# A thing to be done, named without its verb: "safety plan with mum", "carers assessment for
# mum" (not "the plan is working": said of it)
_ACTION_THING = (
    r"(?:an?\s+|the\s+)?(?:[a-z-]+\s+){0,2}?(?:plan|referral|meeting|visit|assessment|"
    r"chronology|conference|discussion|check|check-in|letter)\b"
    r"(?!\s+(?:is|was|are|were|has|had|seems|looks|feels|went|got)\b)"
)
_ACTION_NOUN = re.compile(rf"^\W*{_ACTION_THING}", re.IGNORECASE)


# Words before an action that are no part of it
_LEAD_IN = re.compile(
    r"^\W*(?:(?:you|we)\s+(?:missed|forgot)\s+(?:one|another|an action|one out)|"
    r"(?:one|another|an action)\s+(?:you|we)\s+(?:missed|forgot)|"
    r"(?:(?:also|and)\s+)?(?:add|new)\s+(?:an?\s+|another\s+|one\s+more\s+)?action|(?:also|and)\s+add|add|"
    r"(?:someone|somebody)\s+(?:should|shld|needs? to|must|has to|to))\s*[:,–-]*\s+",
    re.IGNORECASE,
)
_NEXT_SENTENCE_ACTION = re.compile(
    r"[.!?](?=\s+(?:(?:and|also|plus|oh)\s+)?(?:someone|somebody|we|i|you)\s+"
    r"(?:should|shld|need to|needs to|must|will|to|have to|has to)\b)"
    # "look into housing. also share cin minutes w gp", "..., plus chase the HV": a sentence or
    # an "also" that opens with an action's verb (a terminal trial's two actions read as one)
    rf"|(?:[.!?]\s+(?:(?:and\s+)?(?:also|plus|then)\s+)?|[,;]\s*(?:and\s+)?(?:also|plus)\s+|"
    # "SW to refer to MASE & share chronology w school nurse": two actions, one owner
    rf"\s*[&+]\s*)(?={_VERBS})"
    # "... by next fri. and carers assessment for mum": a new sentence naming a thing to be done
    rf"|[.!?](?=\s+(?:and|also|plus)\s+{_ACTION_THING})",
    re.IGNORECASE,
)


def opens_as_action(sentence: str) -> bool:
    """A sentence that is an action with no owner said: "also someone shld talk to the boy",
    "and refer him to young carers"."""
    said = _JOINED.sub("", sentence.strip())
    return bool(
        re.match(r"\W*(?:someone|somebody)\b", said, re.I)
        or ACTION_VERB.match(said)
        # "... by next fri. and carers assessment for mum": a thing to be done, after "and"
        or (said != sentence.strip() and _ACTION_NOUN.match(said))
    )


def split_actions(text: str, roles: Dict[str, Sequence[str]]) -> List[str]:
    """The actions in one line: cut at ";", new lines and numbers, and at a comma, a full stop,
    "and" or "then" followed by a role and "to" ("..., TM to book ...", "... by Friday. SW to
    refer ...")."""
    pattern = _role_pattern(roles)
    lone_role = re.compile(rf"(?:the\s+)?{_SETTING}?(?:{pattern})", re.IGNORECASE)
    owner_first = re.compile(rf"^\W*(?:the\s+)?{_SETTING}?(?:{pattern})\s+{_OWNER_WORDS}\s", re.I)
    parts: List[str] = []
    for line in re.split(r"[;\n]+", text):
        for piece in _NUMBERED.split(line):
            cuts = [0]
            for match in re.finditer(
                rf"(?:,|[.!?](?=\s)|\band\b|\bthen\b|\balso\b|&|\+)\s*"
                # "& by fri pastoral lead to ...": a due phrase before the next owner
                r"(?:(?:by|before|on)\s+(?:the\s+)?\w+(?:\s+\w+){0,2}?\s+)?"
                rf"(?:the\s+)?{_SETTING}?(?:{pattern})\s+{_OWNER_WORDS}\s",
                piece,
                re.IGNORECASE,
            ):
                # "dsl and csc sw to ...": two owners of one action, not an owner alone
                if not lone_role.fullmatch(piece[cuts[-1] : match.start()].strip(" ,.")):
                    cuts.append(match.start())
            # "... ongoing. also someone shld talk to the boy": a new sentence, a new action
            cuts += [m.start() for m in _NEXT_SENTENCE_ACTION.finditer(piece)]
            cuts = sorted(set(cuts)) + [len(piece)]
            for start, end in zip(cuts, cuts[1:], strict=False):
                part = re.sub(
                    r"^\s*(?:,|[.!?]|and|then|also|&|\+)\s*", "", piece[start:end], flags=re.I
                )
                part = _LEAD_IN.sub("", _JOINED.sub("", part))  # "you missed one: refer ..."
                owned = bool(owner_first.match(part))
                parts += [p.strip(" ,.;") for p in _after_dated(part, owned) if p.strip(" ,.;")]
    return parts


_SOMEONE_TO = re.compile(r"^\W*(?:the\s+)?[a-z]+(?:\s+[a-z]+)?\s+to\s+(?=\w)", re.IGNORECASE)


def _after_dated(part: str, owned: bool = False) -> List[str]:
    """``part`` cut where, after an action with its due date (or its owner: ``owned``), a comma
    opens another with its verb ("email the TM today, escalate to the SM if no reply": a
    trial's two actions read as one, the second's verb lost; "school to monitor attendance
    daily, chase camhs": a widget trial's)."""
    today = dt.date.today()
    for comma in re.finditer(r",\s*", part):
        head, tail = part[: comma.start()], part[comma.end() :]
        if _ONGOING.match(tail) or (not owned and split_due(head, today)[1:] == (None, None)):
            continue  # "..., ongoing" belongs to the action before; no dated action yet
        # the next opens with its verb, or has a due date of its own ("safety plan with mum by
        # end of jan": a trial's three actions were run into one)
        # or it names a thing to be done ("by wed, safety plan with mum": a trial's was run
        # into the referral before it)
        # or someone the roles do not list, then "to" and a verb ("..., nursery to keep a food
        # diary": a terminal trial's was lost)
        named = _SOMEONE_TO.match(tail)
        opens = (
            ACTION_VERB.match(tail)
            or _ACTION_NOUN.match(tail)
            or (named and ACTION_VERB.match(tail[named.end() :]))
        )
        if opens or split_due(tail.split(",")[0], today)[1:] != (None, None):
            return [head, *_after_dated(tail)]
    return [part]


def actions_in_notes(notes: str, roles: Dict[str, Sequence[str]]) -> List[str]:
    """The clauses of a step's notes that are actions with their owner ("... tighter plan. SW to
    visit weekly, HV to see the 2yo in 2 weeks"): each opens with a role and "to" or "will"."""
    opens = re.compile(
        rf"^\W*(?:the\s+)?(?:{_role_pattern(roles)})\s+(?:to|will|needs? to|is to|are to)\s+\w",
        re.IGNORECASE,
    )
    found = []
    # a sentence, or what follows a dash ("you missed the MACE one - SW to refer ...") or a
    # label's colon ("to the actions: SW to refer to MASE by Friday"; a route's is no action)
    parts = r"(?<=[.!?])\s+|\n+|\s+[–-]\s+|(?<!escalation)(?<!route):\s+"
    for sentence in re.split(parts, notes, flags=re.IGNORECASE):
        # "plus SW to ...", "and TM to ...": the action without the word that joined it
        clauses = [_JOINED.sub("", c) for c in split_actions(sentence, roles)]
        for at, clause in enumerate(clauses):
            if opens.match(clause):
                found.append(clause)
            elif at and opens.match(clauses[at - 1]) and _only_when(clause):
                # "SW to do RHIs within 72 hrs of any missing episode, from tomorrow, ongoing":
                # when it starts stays with it (a trial's record lost it)
                found[-1] = f"{found[-1]}, {clause}"
    return found


def _only_when(clause: str) -> bool:
    """ "from tomorrow, ongoing", "by friday": a clause that says only when."""
    rest, ongoing = split_ongoing(clause, dt.date.today())
    return bool(ongoing and not rest.strip(" ,.")) or bool(_DUE_START.match(clause.strip()))


_JOINED = re.compile(r"^\W*(?:(?:and|also|plus|oh|then|yes|yeah)\b[\s,.]*)+", re.IGNORECASE)


def parse_actions(
    text: str, roles: Dict[str, Sequence[str]], today: dt.date | None = None
) -> List[AgreedAction]:
    """Every action in ``text``, with the owner and due date it names (None when it names
    none). A line with no action words in it gives none."""
    today = today or dt.date.today()
    found: List[AgreedAction] = []
    loose: AgreedAction | None = None  # a due date or owner said apart from its action
    # "by fri dsl to inform mum's LA": the due phrase first, without a comma, then the owner
    due_first = re.compile(
        r"^\s*(?P<due>(?:by|before|on|for)\s+[^,;]+?)\s+(?P<rest>(?:the\s+)?"
        rf"{_SETTING}?(?:{_role_pattern(roles)})\s+{_OWNER_WORDS}\s.+)$",
        re.IGNORECASE,
    )
    text = re.sub(r"\bwkr\b", "worker", text, flags=re.IGNORECASE)  # "yos wkr to share ..."
    for clause in split_actions(text, roles):
        moved = due_first.match(clause)
        clause = f"{moved['rest']} {moved['due']}" if moved else clause
        # "SW to visit weekly from tomorrow, ongoing": a start, never a deadline
        rest, ongoing = split_ongoing(clause, today)
        rest, due, due_text = (rest, None, ongoing) if ongoing else split_due(clause, today)
        rest, owner = _owner(rest, roles)
        rest = rest.strip(" ,.;-–")
        if not rest:
            loose = AgreedAction("", owner, due, due_text, bool(ongoing))
            continue
        action = AgreedAction(rest, owner, due, due_text, bool(ongoing))
        if loose:  # "by end of month, TM to book ...": the due phrase before its action
            _fill(action, loose)
            loose = None
        if found and not owner and re.search(rf"[&+]\s*{re.escape(clause[:12])}", text):
            # "by fri SW to refer to MASE & share ...": the same owner, and its date; never
            # for an action with an owner of its own ("... & police to do a disruption visit":
            # a trial's got the first action's date)
            _fill(action, found[-1])
        found.append(action)
    if loose and found:  # "..., by Friday": after it
        last = found[-1]
        if loose.ongoing and last.due_text and not last.due:
            # "... within 72 hrs of any missing episode, from tomorrow, ongoing": its start,
            # and the condition said before it
            last.due_text, last.ongoing = f"{loose.due_text}, {last.due_text}", True
        if loose.due and not last.due:  # "asap, this week": the date read wins
            if last.due_text and occasion(last.due_text):
                # "... after the strat, by 18th dec": the occasion says when the action
                # applies, and stays with it (a widget trial's was dropped)
                last.action = f"{last.action} {last.due_text}"
            last.due, last.due_text = loose.due, None
        _fill(last, loose)
    return found


def _fill(action: AgreedAction, given: AgreedAction) -> None:
    action.owner = action.owner or given.owner
    if not (action.due or action.due_text):
        action.due, action.due_text, action.ongoing = given.due, given.due_text, given.ongoing


def is_vague(action: str, vague_verbs: Sequence[str]) -> bool:
    """An action whose first words promise no concrete step ("look into it", "monitor"), unless
    it says how often ("check in with her every morning" can be checked)."""
    said = action.lower().strip()
    if _HOW_OFTEN.search(said):
        return False
    return any(re.match(rf"(?:to\s+)?{re.escape(v)}\b", said) for v in vague_verbs)


_HOW_OFTEN = re.compile(
    r"\b(?:every|each)\s+(?:day|morning|afternoon|evening|week|fortnight|month|visit|session|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|"
    r"\b(?:daily|weekly|fortnightly|monthly|twice a \w+|once a \w+)\b",
    re.IGNORECASE,
)


# --- edits to the list ---------------------------------------------------------------------

# The verbs that remove an action ("remove action 2", "scrap the attendance one")
_REMOVE_VERB = r"(?:remove|delete|drop|scrap|cancel|take out|cross off|get rid of|bin)"
_REMOVE = re.compile(
    rf"\b{_REMOVE_VERB}\s+(?:the\s+)?"
    r"(?:actions?|numbers?|no\.?)?\s*#?(?P<n>\d{1,2})\b"
    # "remove action 1 and 3", "delete actions 2, 4 and 5"
    r"(?P<more>(?:\s*(?:,|&|\band\b)\s*(?:action\s*)?#?\d{1,2}\b)*)",
    re.IGNORECASE,
)
_FIELDS = r"owner|role|due date|due|date|deadline|wording|words|text|action"
_FIELD = rf"(?P<field>{_FIELDS})"
# The fields a part may name alone, after an edit of the same action ("... and the date to
# friday"); not the wording: "ring dad and text to confirm" is one action's words.
_OWNER_OR_DUE = r"owner|role|due date|due|date|deadline"
_CHANGE = [
    re.compile(
        rf"\b(?:change|set|make|update|amend)\s+(?:the\s+)?action\s*#?(?P<n>\d{{1,2}})(?:'s|s)?\s+"
        rf"{_FIELD}\s+(?:back\s+)?(?:to|as)\s+(?P<value>.+)$",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b(?:change|set|make|update|amend)\s+(?:the\s+)?{_FIELD}\s+(?:of|for|on)\s+"
        rf"(?:action\s*)?#?(?P<n>\d{{1,2}})\s+(?:back\s+)?(?:to|as)\s+(?P<value>.+)$",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\baction\s*#?(?P<n>\d{{1,2}})(?:'s|s)?\s+{_FIELD}\s+(?:should be|is|to be|=)\s+"
        rf"(?P<value>.+)$",
        re.IGNORECASE,
    ),
    # "action 7 should just say health check on both kids": its words
    re.compile(
        r"\baction\s*#?(?P<n>\d{1,2})\s+(?:should|to|needs to|can)\s+(?:just\s+|only\s+)?"
        r"(?:say|read)\s*:?\s+(?P<value>.+)$",
        re.IGNORECASE,
    ),
    # "action 1 should be by this Friday not 2 weeks": no field named (apply_edit reads it)
    re.compile(
        r"\baction\s*#?(?P<n>\d{1,2})\s+(?:should be|needs to be|is to be|has to be|to be)\s*:?\s+"
        r"(?P<value>.+)$",
        re.IGNORECASE,
    ),
    # "action 2 date wrong, end of next wk means fri 18th not mon": the value after the
    # complaint (and after what it "means")
    re.compile(
        rf"\baction\s*#?(?P<n>\d{{1,2}})(?:'s|s)?\s+{_FIELD}\s+(?:is\s+|was\s+)?"
        r"(?:wrong|off|not right|incorrect)\W+(?:(?:it\s+)?(?:should be|needs to be|is)\s+|"
        r"[^,.;]*?\b(?:means|meant)\s+)?(?P<value>.+)$",
        re.IGNORECASE,
    ),
    # "action 2 by the 18th please", "action 2 was right at the 18th": its due date
    re.compile(
        r"\baction\s*#?(?P<n>\d{1,2})\s+(?:(?:was|is)\s+(?:right|fine|ok|correct)\s+(?:at|as)\s+|"
        r"(?:should be\s+|is\s+|was\s+)?(?:due\s+(?:by\s+|on\s+|at\s+|for\s+)?|(?:by|on)\s+))"
        r"(?P<field>)(?P<value>.+)$",
        re.IGNORECASE,
    ),
    # "action 5 next visit too": the date the action before it was just given, for this one
    re.compile(
        r"^\W*action\s*#?(?P<n>\d{1,2})\s+(?P<field>)(?:(?:at|by|on)\s+)?(?P<value>.+?)\s+"
        r"(?:too|as well|also)\W*$",
        re.IGNORECASE,
    ),
    # "no thats wrong, action 1 back to fri": no verb, no field named (apply_edit reads it)
    re.compile(r"\baction\s*#?(?P<n>\d{1,2})\s+back\s+to\s+(?P<value>.+)$", re.IGNORECASE),
    # "put action 2 back to TM", "give action 3 to the HV": no field named (apply_edit reads it)
    re.compile(
        r"\b(?:put|move|give|switch|pass|hand)\s+(?:the\s+)?action\s*#?(?P<n>\d{1,2})\s+"
        r"(?:back\s+)?(?:to|over to)\s+(?P<value>.+)$",
        re.IGNORECASE,
    ),
    # "it was action 2 I meant for the youth worker", "I meant action 2 to be the TM's":
    # a correction in prose, no field named (apply_edit reads the value)
    re.compile(
        r"\baction\s*#?(?P<n>\d{1,2})\s+(?:that\s+)?(?:i|we)\s+meant\s+(?:for|to be|to go to|as)\s+"
        r"(?P<value>.+)$",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?:i|we)\s+meant\s+action\s*#?(?P<n>\d{1,2})\s+(?:for|to be|to go to|as)\s+"
        r"(?P<value>.+)$",
        re.IGNORECASE,
    ),
    # "i meant action 2 is by friday", "action 3 is the cp sw's": a due date or an owner
    re.compile(
        r"\baction\s*#?(?P<n>\d{1,2})\s+(?:is|'s)\s+(?P<value>(?:due\s+)?(?:by|on|for)\s+.+"
        r"|(?:the\s+)?[\w ]{1,25}?(?='s\b))",
        re.IGNORECASE,
    ),
    # "can you reword 5 to just 'ring the GP'": a number after a verb that only rewords
    re.compile(
        r"\b(?:reword|rewrite|rephrase)\s+(?:action\s*|number\s*|no\.?\s*)?#?(?P<n>\d{1,2})\s+"
        r"(?:to|into|as)\s*(?:just|simply|read|say)?\s*:?\s*(?P<value>.+)$",
        re.IGNORECASE,
    ),
    # "change action 3 to: refer to MASE": no field named (apply_edit reads the value)
    re.compile(
        r"\b(?:change|reword|update|amend|rewrite)\s+(?:the\s+)?action\s*#?(?P<n>\d{1,2})\s+"
        r"(?:to|into|as)\s*:?\s*(?P<value>.+)$",
        re.IGNORECASE,
    ),
]


@dataclass
class Edit:
    number: int  # 1-based, as read back; 0 while only ``about`` says which; -1: the last
    field: str | None  # None: remove; else "owner", "due" or "action"
    value: str | None = None
    about: str | None = None  # "the chronology is the SW's": words of the action meant


def parse_edit(text: str) -> Edit | None:
    """The edit ``text`` asks of the list of actions, if it asks one (the first action it
    names, for a removal: parse_edits reads every part)."""
    for pattern in _CHANGE:
        match = pattern.search(text)
        if match:
            named = match.groupdict().get("field")
            field = "due" if named == "" else _field(named or "action")
            return Edit(int(match.group("n")), field, match.group("value").strip(" .!"))
    match = _REMOVE.search(text)
    if match:
        return Edit(int(match.group("n")), None)
    return None


# Where one edit ends and the next begins: "..., and the date to next friday", "... and remove
# action 3", "...; action 1's owner to the SW". A rewording's own "and" ("to: book it and ring
# the GP") names no field, edit verb or action number, so it is not cut.
_NEXT_EDIT = re.compile(
    rf"(?:,|;|&|\band\b|\balso\b|\bthen\b)\s*(?:,\s*)?(?=(?:(?:the|its)\s+)?(?:{_OWNER_OR_DUE})\s+"
    rf"(?:to|as|should be|is|to be|=)\s"
    r"|(?:change|set|make|update|amend)\s+(?:the\s+)?(?:action|owner|role|due|date|deadline)\b"
    r"|(?:put|move|give|switch|pass|hand)\s+(?:the\s+)?action\s*#?\d"
    rf"|{_REMOVE_VERB}\s+(?:the\s+)?"
    r"(?:actions?\s*|numbers?\s*|no\.?\s*)?#?\d"
    rf"|action\s*#?\d{{1,2}}(?:'s|s)?\s+(?:{_FIELDS})\s"
    r"|action\s*#?\d{1,2}\s+(?:should be|needs to be|is|was|by|due)\s"
    # "... and action 4 should just say ask the housing officer ..."
    r"|action\s*#?\d{1,2}\s+(?:should|needs to|has to|must)\s+(?:just\s+|only\s+)?"
    r"(?:say|read|be called)\s)",
    re.IGNORECASE,
)
# A part that names only a field and its value, about the action the part before named: "the
# date to next friday"; or an action and a field without a verb: "action 3's owner to the SW".
_SAME_ACTION = re.compile(
    rf"^\s*(?:(?:the|its)\s+)?(?P<field>{_OWNER_OR_DUE})\s+"
    r"(?:to|as|should be|is|to be|=)\s+(?P<value>.+)$",
    re.IGNORECASE,
)
_NAMED_ACTION = re.compile(
    rf"^\s*(?:the\s+)?action\s*#?(?P<n>\d{{1,2}})(?:'s|s)?\s+{_FIELD}\s+"
    rf"(?:to|as|should be|is|to be|=)\s+(?P<value>.+)$",
    re.IGNORECASE,
)


_SEVERAL_DUE = re.compile(
    r"^\W*actions\s*#?(?P<n>\d{1,2})(?P<more>(?:\s*(?:,|and|&)\s*#?\d{1,2})+)\s+"
    r"(?:are\s+|should be\s+|can be\s+)?(?:both\s+|all\s+)?(?:due\s+)?(?:by|on|at|for)?\s*"
    r"(?P<value>.+)$",
    re.IGNORECASE,
)


# After a removal, who will see to it instead, said as a fact, is the reason for the removal
# ("remove action 4, HV will set her own date"); a new action is said with "to".
_REASON = re.compile(
    r"^\W*(?:the\s+|our\s+)?[\w' -]{1,30}?\s+(?:will|'ll|is going to|has|have|had|already|"
    r"can|does|do)\b",
    re.IGNORECASE,
)


def parse_edits(text: str, roles: Dict[str, Sequence[str]] | None = None) -> List[Edit]:
    """Every edit ``text`` asks of the list ("change action 2's owner to the team manager and
    the date to next friday", "remove action 1 and 3"), in the order said; none when it asks
    none. Each part is applied: half an edit is a wrong record. With ``roles``, an action said
    beside the edits ("..., and HV to weigh weekly") is no part of them (edits_and_actions)."""
    return edits_and_actions(text, roles or {})[0]


def without_taken_back(text: str) -> str:
    """ "no scrap that, put the gp one back, gp to ...": what follows the retraction, and
    nothing of what it took back ("put the gp one back": the action said after it is that one)."""
    rest = without_false_start(text)
    return text if rest == text else _PUT_BACK.sub("", rest) or rest


# "put the gp one back, ...": restored by saying it again, which follows
_PUT_BACK = re.compile(
    r"^\W*(?:put|bring|add)\s+(?:the\s+)?[\w' -]{1,30}?\s+(?:one|action)\s+back"
    r"\s*[,.;:-]+\s*(?=\S)",
    re.IGNORECASE,
)


def edits_and_actions(text: str, roles: Dict[str, Sequence[str]]) -> tuple[List[Edit], List[str]]:
    """The edits ``text`` asks (parse_edits), and the actions said beside them, each opening
    with a role and "to" ("action 1 should be by friday not 2 weeks, and HV to weigh weekly")."""
    edits: List[Edit] = []
    beside: List[str] = []
    # "no scrap that, put the gp one back, gp to ...": what was just asked is taken back, and
    # what follows is what is meant (a widget trial's removed the last action as well)
    text = without_taken_back(text)
    starts = {m.start() for m in _NEXT_EDIT.finditer(text)}
    pattern = _role_pattern(roles) if roles else None
    # an action said before the edits, opening with its owner (see the loop below)
    owner_first = pattern and re.compile(
        rf"^\W*(?:the\s+)?{_SETTING}?(?:{pattern})\s+(?:to|will|needs? to|should)\s", re.I
    )
    if pattern:
        owned = re.compile(
            rf"(?:,|;|[.!?](?=\s)|\band\b|\balso\b|\bplus\b)\s*(?:the\s+)?"
            rf"(?:{pattern})\s+{_OWNER_WORDS}\s",
            re.IGNORECASE,
        )
        starts |= {m.start() for m in owned.finditer(text)}
    starts |= {
        m.start()
        for m in _OWNED_THING.finditer(text)
        if _removed_thing(m["rest"]) or (roles and _owner_of_thing(m["rest"], roles))
    }
    cuts = [0, *sorted(starts - {0}), len(text)]
    for start, end in zip(cuts, cuts[1:], strict=False):
        part = re.sub(r"^\W*(?:and|also|then|plus)?\s*,?\s*", "", text[start:end], flags=re.I)
        part = part.strip(" ,;.")
        if not part:
            continue
        # an action said before the edits too ("pastoral lead to ask the coach by 18 dec &
        # change action 4's date to the 21st": a trial's was dropped), if it opens with its owner
        first = not edits and owner_first and owner_first.match(part)
        if roles and (edits or first) and parse_edit(part) is None and _owner(part, roles)[1]:
            if edits and edits[-1].field is None and _REASON.match(part):
                continue  # "remove action 4, HV will set her own date": why, not an action
            rest = _owner(part, roles)[0]
            if (
                edits
                and _REASON.match(part)
                and re.fullmatch(r"\w+ (?:it|that|this|them)\W*", rest)
            ):
                continue  # "action 5 by the 10th please, mash will want it" (a trial's action)
            if len(_owner(part, roles)[0].split()) < 2:
                continue  # "..., dsl will support": a remark, no action to do
            beside.append(part)  # "HV to weigh weekly": an action, not more of the edit
            continue
        removed = _removed_thing(part)
        things = _owner_of_thing(part, roles) or ([removed] if removed else [])
        if things:
            edits += things  # "the chronology one is the SW's", "scrap the attendance one"
            continue
        named = _NAMED_ACTION.match(part)
        same = _SAME_ACTION.match(part)
        several = _SEVERAL_DUE.match(part)
        if several:
            # "actions 4 and 5 are due at the next visit" (a trial's became a new action)
            numbers = [several["n"], *re.findall(r"\d{1,2}", several["more"])]
            found = [Edit(int(n), "due", several["value"]) for n in numbers]
        elif named:
            found = [Edit(int(named.group("n")), _field(named.group("field")), named["value"])]
        elif same and edits and edits[-1].field is not None:
            found = [Edit(edits[-1].number, _field(same.group("field")), same.group("value"))]
        elif _REMOVE.search(part):
            match = _REMOVE.search(part)
            numbers = [match.group("n"), *re.findall(r"\d{1,2}", match.group("more") or "")]
            found = [Edit(int(n), None) for n in numbers]
        else:
            edit = parse_edit(part)
            found = [edit] if edit else []
        if not found and edits:
            # a part that is no edit on its own belongs to the one before ("to: book it, and
            # ring the GP" was cut where it should not have been)
            return ([parse_edit(text)] if parse_edit(text) else edits), beside
        edits += [
            e for f in found for e in _owner_then_due(Edit(f.number, f.field, _said_value(f.value)))
        ]
    return edits, beside


# "the sw by the 18th", "the sw, by 18th": an owner, then when
_ROLE_THEN_DUE = re.compile(r"(?P<role>.+?)[\s,]+(?P<due>(?:by|before|on|for)\s+.+)$", re.I)


def _owner_then_due(edit: Edit) -> List[Edit]:
    """ "change action 5's owner to the sw, by 18th": the owner and the due date, each an edit
    (a widget trial's date was dropped)."""
    said = _ROLE_THEN_DUE.match(edit.value or "")
    if edit.field != "owner" or not said or due_date(said["due"]) is None:
        return [edit]
    return [Edit(edit.number, "owner", said["role"]), Edit(edit.number, "due", said["due"])]


# "and the chronology is the SW's", "the strat one goes to the TM": whose an action is, the
# action named by its words
_OWNED_THING = re.compile(r"(?:,|;|\band\b|\balso\b)\s*(?P<rest>.+)$", re.IGNORECASE)
_THING_IS = re.compile(
    r"^\W*(?:(?:and|also|wait|oh|sorry|actually|no|hang on|oops)\b[\s,.]*)*(?:the\s+)?"
    r"(?!(?:it|he|she|we|they|i)\b)(?P<about>[a-z][\w' -]{1,30}?)(?:\s+one)?\s+"
    r"(?:is|goes to|is for|should be|belongs to)\s+(?:the\s+|for\s+the\s+)?"
    r"(?P<role>.+?)(?:'s|s)?[.!]?$",
    re.IGNORECASE,
)


# "sw does the safety plan not tm" (a terminal trial's removed an action): who does the action
# named by its words, and whom it is taken from
_ROLE_DOES_THING = re.compile(
    r"^\W*(?:(?:and|also|wait|oh|sorry|actually|no|hang on|oops|scrap that)\b[\s,.]*)*(?:the\s+)?"
    r"(?P<role>[\w' ]{2,25}?)\s+(?:does|is doing|will do|should do|leads on|is leading on|owns)"
    r"\s+(?:the\s+)?(?P<about>[a-z][\w' -]{1,30}?)(?:\s+one|\s+action)?"
    r"[\s,]+(?:not|rather than|instead of)\s+(?:the\s+)?(?P<other>[\w' ]{2,25}?)[\s.!]*$",
    re.IGNORECASE,
)
# "scrap the attendance one", "remove the MACE action", "no remove that": an action named by its
# words, or the last one ("that")
_REMOVE_THING = re.compile(
    rf"^\W*(?:(?:no|oh|and|also|actually|sorry)\W+)*{_REMOVE_VERB}\s+"
    r"(?:(?P<last>that|that one|it|the last one|the last action)\b|"
    r"(?:the\s+)?(?!actions?\b|numbers?\b|no\b)(?P<about>[a-z][a-z' -]{2,30}?)\s+(?:one|action)\b)",
    re.IGNORECASE,
)
# what a part says after whose it is: "actually", "not yos", "instead"
_AFTER_OWNER = re.compile(r"[\s,]+(?:actually|instead|not\s+(?:the\s+)?[\w' ]{1,20})\W*$", re.I)


def _removed_thing(part: str) -> Edit | None:
    said = _REMOVE_THING.match(part.strip())
    if not said:
        return None
    return Edit(-1, None) if said.group("last") else Edit(0, None, about=said.group("about"))


# "mase one end of next wk", "the housing one by end of month": an action by its words, and when
_THING_WHEN = re.compile(
    r"^\W*(?:(?:and|also|wait|oh|sorry|actually|no|hang on|oops)\b[\s,.]*)*"
    # "make the disruption one the 17th": the action is "disruption"
    r"(?:(?:make|move|put|change|set)\s+)?(?:the\s+)?"
    r"(?P<about>[a-z][\w' -]{2,30}?)\s+one\s+(?:is\s+|should be\s+)?(?:due\s+)?(?P<when>[^,;]+?)"
    # "..., mase is on the 18th": said after it, about something else
    r"(?:\s*[,;].*)?$",
    re.IGNORECASE,
)


def _owner_of_thing(part: str, roles: Dict[str, Sequence[str]]) -> List[Edit]:
    """The edits ``part`` asks of an action named by its words: its owner, its due date, or
    both ("the gp one is sw by end of month")."""
    dated = _THING_WHEN.match(part.strip())
    # "the strat one is due before the core group": an occasion is a due date kept as said
    if dated and (due_date(dated["when"]) is not None or occasion(dated["when"]) == dated["when"]):
        return [Edit(0, "due", dated["when"], about=dated.group("about"))]
    does = _ROLE_DOES_THING.match(part.strip())
    role = does and role_named(does["role"], roles)
    if role and role_named(does["other"], roles):
        return [Edit(0, "owner", role, about=does["about"])]
    said = _THING_IS.match(_AFTER_OWNER.sub("", _AFTER_OWNER.sub("", part.strip())))
    if not said or re.search(r"\baction\s*#?\d", said.group("about"), re.IGNORECASE):
        return []
    about = said.group("about")
    role = role_named(said.group("role"), roles) or role_named(f"{said.group('role')}s", roles)
    if role:
        return [Edit(0, "owner", role, about=about)]
    owned_by = _ROLE_THEN_DUE.match(said["role"])
    role = owned_by and role_named(owned_by["role"], roles)
    if role and due_date(owned_by["due"]) is not None:
        return [Edit(0, "owner", role, about=about), Edit(0, "due", owned_by["due"], about=about)]
    when = re.match(
        r"(?:due\s+(?:by\s+|on\s+|for\s+)?|by\s+|on\s+|for\s+)(?P<day>.+)$",
        said.group("role"),
        re.I,
    )
    # "the mase one is by the 18th"; not "mase is on the 18th", said of the meeting itself (a
    # widget trial's moved the MASE referral's date)
    named = re.search(r"\b(?:one|action)\b", part, re.IGNORECASE)
    if when and named and due_date(when["day"]) is not None:
        return [Edit(0, "due", when["day"], about=about)]
    return []


def which_about(
    actions: Sequence[Dict[str, Any]],
    edits: Sequence[Edit],
    roles: Dict[str, Sequence[str]] | None = None,
) -> List[Edit]:
    """``edits`` with each one said by an action's words numbered, where exactly one action
    has those words, and "that" the last action; one that matches none or several is left out
    (it cannot be done)."""
    found: List[Edit] = []
    for edit in edits:
        if edit.number == -1:  # "remove that": the last action
            found += [Edit(len(actions), edit.field, edit.value)] if actions else []
            continue
        if not edit.about:
            found.append(edit)
            continue
        words = re.findall(r"[a-z]{3,}", edit.about.lower())
        # "the gp one": a short word, when it is all there is, as a whole word
        said = [re.compile(re.escape(w)) for w in words] or [
            re.compile(rf"\b{w}\b") for w in re.findall(r"\b[a-z]{2}\b", edit.about.lower())
        ]
        hits = [
            i
            for i, a in enumerate(actions, 1)
            if said and all(w.search((a.get("action") or "").lower()) for w in said)
        ]
        if not hits and roles:  # "remove the yos one": the action its owner is named by
            hits = [
                i
                for i, a in enumerate(actions, 1)
                if a.get("owner") and role_named(edit.about, roles) == a.get("owner")
            ]
        if len(hits) == 1:
            found.append(Edit(hits[0], edit.field, edit.value))
    return found


# "is wrong, should be end of january": the value after the complaint
_WRONG_THEN = re.compile(
    r"^(?:wrong|off|not right|incorrect)\W+(?:it\s+)?(?:should|needs to|has to)\s+be\s+", re.I
)


def _said_value(value: str | None) -> str | None:
    # the value ends with its sentence ("to the team manager. no more actions")
    value = re.split(r"(?<=[\w'\"’”])[.!?]+\s+", (value or "").strip(), maxsplit=1)[0]
    # "the 11th please, hes off on the 14th": the value, not the reason after it
    value = re.split(
        r",\s*(?=(?:as|because|cos|since|hes|he's|shes|she's|he is|she is|they're|theyre|"
        r"they are|it's|its|we're|were)\b)",
        value,
        maxsplit=1,
        flags=re.I,
    )[0]
    value = re.sub(r"[\s,]+(?:please|pls|plz|thanks|thank you|ta)\W*$", "", value, flags=re.I)
    return _WRONG_THEN.sub("", value.strip(" .!")) or None


# "by this Friday not 2 weeks", "the TM instead of the SW": the value meant, then what it replaces
_CORRECTION = re.compile(r"[,;]?\s+(?:not|instead of|rather than)\s+.*$", re.IGNORECASE)
# "owned by the TM", "done by the HV": the owner
_BY_ROLE = re.compile(r"^(?:owned|done|led|held|chaired|run)\s+by\s+", re.IGNORECASE)


def without_correction(value: str) -> str:
    """ "8th jan not mid jan", "the TM instead of the SW": the value meant, without what it
    replaces."""
    return _CORRECTION.sub("", value).strip()


def _meant(value: str | None) -> str:
    """A short value without the correction after it; a long one (an action's words, which
    may say "not") as it is."""
    cut = without_correction(value or "")
    return cut if cut and _short(cut) else (value or "")


def _field(said: str) -> str:
    said = said.lower()
    if said in ("owner", "role"):
        return "owner"
    return "due" if said in ("due date", "due", "date", "deadline") else "action"


def apply_edit(
    actions: List[Dict[str, str | None]],
    edit: Edit,
    roles: Dict[str, Sequence[str]],
    today: dt.date | None = None,
) -> List[Dict[str, str | None]] | None:
    """A copy of ``actions`` with ``edit`` made; None when it names no action on the list."""
    if not 1 <= edit.number <= len(actions):
        return None
    actions = [dict(a) for a in actions]
    index = edit.number - 1
    meant = _BY_ROLE.sub("", _meant(edit.value))
    joint = _JOINT.fullmatch(meant.strip()) if edit.field in ("action", "owner") else None
    both = joint and [role_named(joint[k], roles) for k in ("a", "b")]
    if both and all(both):
        # "action 5 should be sw and school nurse jointly" (a widget trial's kept only the SW)
        edit = Edit(edit.number, "owner", " and ".join(both))
        meant = edit.value or ""
    head = _HEAD.split(meant, maxsplit=1)[0]
    if (
        edit.field == "action"
        and head != meant
        and (role_named(head, roles) or _JOB_TITLE.fullmatch(head))
    ):
        meant = head  # "back to the school nurse, and the chronology is the SW's": the owner
    if edit.field in ("owner", "due") or (
        edit.field == "action" and (role_named(meant, roles) or due_date(meant, today))
    ):
        edit = Edit(edit.number, edit.field, meant)
    other_words, ongoing = split_ongoing(meant, today or dt.date.today())
    if edit.field == "action" and _JOB_TITLE.fullmatch(meant):
        edit = Edit(edit.number, "owner", meant)  # "should be the youth worker not SW"
    elif edit.field == "action" and ongoing and not other_words:
        edit = Edit(edit.number, "due", meant)  # "action 1 should be ongoing"
    if edit.field is None:
        del actions[index]
    elif edit.field == "owner":
        # a role not on the list is kept as said, without its article ("the head of year")
        said = re.sub(r"^(?:the|our|my|an?)\s+", "", edit.value or "", flags=re.IGNORECASE)
        # "to the team manager, the SW is off next week": the role, not the reason after it
        said = re.split(r"\s*,\s*|\s+(?:as|because|since|cos|coz)\s+", said, maxsplit=1)[0]
        joint = _JOINT.fullmatch(said)
        both = joint and [role_named(joint[k], roles) for k in ("a", "b")]
        actions[index]["owner"] = role_named(said, roles) or (
            " and ".join(both) if both and all(both) else said
        )
    elif edit.field == "due":
        _, ongoing = split_ongoing(edit.value or "", today or dt.date.today())
        date = None if ongoing else due_date(edit.value or "", today)
        actions[index]["due"] = date.isoformat() if date else None
        for key in ("due_text", "due_open", "ongoing"):  # a date given now: no longer open
            actions[index].pop(key, None)
        if ongoing:
            actions[index].update(due_text=ongoing, ongoing=True)
        elif date is None:
            actions[index]["due_text"] = edit.value
    elif _short(edit.value) and role_named(edit.value or "", roles):
        actions[index]["owner"] = role_named(edit.value or "", roles)  # "to the team manager"
    elif _short(edit.value) and due_date(edit.value or "", today):
        actions[index]["due"] = due_date(edit.value or "", today).isoformat()  # "to friday"
        for key in ("due_text", "due_open", "ongoing"):
            actions[index].pop(key, None)
    else:
        # "change action 1 to 'request a strat'": the words, not their quote marks
        said = (edit.value or "").strip().strip("'\"‘’“”").strip()
        actions[index]["action"] = re.sub(r"^to\s+(?=\w)", "", said)  # "should be to ring"
        whole = parse_actions(said, roles, today)
        if len(whole) == 1 and (whole[0].owner or whole[0].due):
            # "action 5 should be: sw to chase camhs by 24 december": each part where it goes
            actions[index]["action"] = whole[0].action
            actions[index]["owner"] = whole[0].owner or actions[index].get("owner")
            if whole[0].due:
                actions[index]["due"] = whole[0].due
                for key in ("due_text", "due_open", "ongoing"):
                    actions[index].pop(key, None)
    return actions


# Where a value said as a role or a date ends, and talk about something else begins
_HEAD = re.compile(r"\s*[,;]\s*|\s+(?:and|as|because|since|cos|coz|but)\s+", re.IGNORECASE)


def _short(value: str | None) -> bool:
    return len((value or "").split()) <= 4


# Two owners said together: "sw and school nurse jointly", "sw/school nurse"
_JOINT = re.compile(
    r"(?P<a>[\w' ]{2,30}?)\s*(?:\band\b|&|\+|/)\s*(?P<b>[\w' ]{2,30}?)"
    r"(?:\s+(?:jointly|together|between them|both))?\W*",
    re.IGNORECASE,
)


def apply_edits(
    actions: List[Dict[str, str | None]],
    edits: Sequence[Edit],
    roles: Dict[str, Sequence[str]],
    today: dt.date | None = None,
) -> List[Dict[str, str | None]] | None:
    """A copy of ``actions`` with every edit made, the numbers being those read back: changes
    first, then removals from the last up (so "remove action 1 and 3" removes the two named).
    None when an edit names no action on the list: then none is made."""
    if any(not 1 <= e.number <= len(actions) for e in edits):
        return None
    changes = [e for e in edits if e.field is not None]
    removals = sorted({e.number for e in edits if e.field is None}, reverse=True)
    for edit in [*changes, *(Edit(n, None) for n in removals)]:
        edited = apply_edit(actions, edit, roles, today)
        actions = actions if edited is None else edited  # removing the only one leaves []
    return actions
