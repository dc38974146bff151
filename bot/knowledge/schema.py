"""The shape of every content file, checked when it is loaded.

Pydantic (v1, as pinned by Rasa 3.6) models with ``extra = forbid``, so a misspelt field is an
error rather than silently ignored. The loader turns a validation error into ``file:line``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Dict, List, Literal

from pydantic import BaseModel, Extra, conlist, constr, root_validator, validator

SCHEMA_VERSION = 1

Id = constr(regex=r"^[a-z][a-z0-9_]*$", min_length=2, max_length=80)
Text = constr(strip_whitespace=True, min_length=1)


def _collapse(value: str) -> str:
    """Folded YAML keeps single newlines as spaces; paragraphs stay separated by a blank line."""
    paragraphs = re.split(r"\n\s*\n", value.strip())
    return "\n\n".join(" ".join(p.split()) for p in paragraphs)


class Strict(BaseModel):
    class Config:
        extra = Extra.forbid
        anystr_strip_whitespace = True
        allow_mutation = False

    @validator("*", pre=False)
    def _normalise_text(cls, value):  # noqa: N805 (pydantic validators take cls)
        return _collapse(value) if isinstance(value, str) else value


class ContentFile(Strict):
    schema_version: Literal[1]


class NextStep(Strict):
    """An ``if_not`` that names signposts: ``text``, then each signpost's phone, hours, email or
    link, worded by the domain and taken from resources.yml (so each number is written once)."""

    text: Text
    resources: conlist(Id, min_items=1)


class Question(Strict):
    id: Id
    text: Text
    # Plain text, or {text, resources: [<resource id>]} to add the signposts' contact details.
    if_not: Text | NextStep
    # "audit": printed in the audit; "derived": Reflect's prompt drawn from the key message.
    origin: Literal["audit", "derived"] = "audit"
    # Reflect's plain-words explanation of what the question asks and why, for "what do you
    # mean?" (never audit wording).
    means: Text | None = None


class KeyMessage(Strict):
    theme: Id
    title: Text | None = None
    text: Text
    evidence: Text | None = None
    advice: Text | None = None
    questions: List[Question] = []
    resources: List[Id] = []
    # Short situations in a practitioner's words that this key message answers: Reflect learns
    # to recognise its theme from them (bot/knowledge/recognition.py).
    examples: List[Text] = []


class Strength(Strict):
    title: Text
    text: Text


class Case(Strict):
    id: Id
    number: int
    summary: Text
    strengths: List[Strength]
    key_messages: List[KeyMessage]

    @validator("number")
    def _positive(cls, value: int) -> int:  # noqa: N805
        if value < 1:
            raise ValueError("case number must be 1 or more")
        return value


class AuditInfo(Strict):
    id: Id
    title: Text
    partnership: Text
    partnership_short: Text
    area: Text
    year: Text
    focus: Text | None = None


class ThemeDefinition(Strict):
    id: Id
    title: Text
    description: Text
    # Short situations in a practitioner's words that belong to this theme: Reflect learns to
    # recognise the theme from them (bot/knowledge/recognition.py).
    examples: List[Text] = []
    # What practitioners call the theme when they ask for it ("the drugs one", "info sharing"):
    # read only where a turn asks to switch theme, so everyday words are safe here.
    short_names: List[Text] = []


class AuditFile(ContentFile):
    audit: AuditInfo
    themes: List[ThemeDefinition] = []
    cases: List[Case]


class ThemesFile(ContentFile):
    themes: List[ThemeDefinition]


class Resource(Strict):
    id: Id
    title: Text
    kind: Literal["training", "policy", "service", "procedure", "practice"]
    text: Text
    provider: Text | None = None
    accepts: Text | None = None
    ages: constr(regex=r"^\d{1,2}-\d{1,2}$") | None = None
    phone: Text | None = None
    email: constr(regex=r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$") | None = None
    hours: Text | None = None
    reference: Text | None = None
    dates: List[dt.date] = []
    link: constr(regex=r"^https://\S+$") | None = None
    link_missing: Text | None = None
    themes: List[Id] = []
    # questions in practitioners' words asking for it without its name (signpost_meaning.py)
    examples: List[Text] = []

    @root_validator(skip_on_failure=True)
    def _link_or_reason(cls, values: Dict) -> Dict:  # noqa: N805
        if bool(values.get("link")) == bool(values.get("link_missing")):
            raise ValueError("give exactly one of `link` or `link_missing` (never invent a link)")
        return values


class ResourcesFile(ContentFile):
    resources: List[Resource]


# The routes the safety message can give (docs/contract.md, `safety`), in the order it gives
# them: safety.yml has one contact for each. Which ones a message gets: bot/safety/routes.py.
SAFETY_ROUTES = ("emergency", "dsl", "lado", "childrens_social_care", "out_of_hours")


class SafetyContact(Strict):
    id: Id
    title: Text
    phone: Text | None = None
    to_fill: Text | None = None
    # A person in the practitioner's own agency (the designated safeguarding lead): there is no
    # number for Reflect to give.
    own_agency: bool = False

    @root_validator(skip_on_failure=True)
    def _phone_or_gap(cls, values: Dict) -> Dict:  # noqa: N805
        if values.get("own_agency"):
            if values.get("phone") or values.get("to_fill"):
                raise ValueError("a contact in the practitioner's own agency has no `phone`")
        elif bool(values.get("phone")) == bool(values.get("to_fill")):
            raise ValueError("give exactly one of `phone` or `to_fill` (never invent a number)")
        return values


class Safety(Strict):
    contacts: List[SafetyContact]
    procedures: Id
    # The contact whose number the chat widget shows above every conversation.
    notice_contact: Id

    @validator("contacts")
    def _one_per_route(cls, value: List[SafetyContact]) -> List[SafetyContact]:  # noqa: N805
        ids = [c.id for c in value]
        if sorted(ids) != sorted(SAFETY_ROUTES):
            raise ValueError(
                f"give one contact for each route, {', '.join(SAFETY_ROUTES)} (found "
                f"{', '.join(ids)})"
            )
        return value

    def contact(self, contact_id: str) -> SafetyContact:
        return next(c for c in self.contacts if c.id == contact_id)


class SafetyFile(ContentFile):
    safety: Safety


class SituationsFile(ContentFile):
    situations: Dict[Id, List[Id]]

    @validator("situations")
    def _each_has_a_theme(cls, value: Dict[str, List[str]]) -> Dict[str, List[str]]:  # noqa: N805
        empty = [intent for intent, themes in value.items() if not themes]
        if empty:
            raise ValueError(f"situations without a theme: {', '.join(empty)}")
        return value


class GlossaryEntry(Strict):
    term: Text
    aliases: List[Text] = []
    meaning: Text
    # A term that is also a signpost: its details come from resources.yml.
    resource: Id | None = None
    # A term that is also a safety contact ("what's the number for CSC?"): from safety.yml.
    contact: Id | None = None

    @property
    def names(self) -> List[str]:
        return [self.term, *self.aliases]


class GlossaryFile(ContentFile):
    glossary: List[GlossaryEntry]


class UncoveredTopic(Strict):
    """A safeguarding topic practitioners raise that the live audits do not cover ("FGM"):
    Reflect names it as not covered, with the nearest themes and signposts, rather than fitting
    it to a theme it is not about."""

    id: Id
    title: Text
    # Words that name it (whole words, any case; names of one or two letters only in capitals).
    names: conlist(Text, min_items=1)
    # Ways of describing it without naming it ("dad is violent to mum", "she'll be cut over the
    # summer"): regular expressions, any case.
    patterns: List[Text] = []
    # The themes that still speak to it, most relevant first: a message about the topic that
    # clearly touches one of them gets that theme as usual.
    nearest_themes: List[Id] = []
    resources: List[Id] = []


class UncoveredFile(ContentFile):
    uncovered: List[UncoveredTopic]


class SupervisionStep(Strict):
    id: Id
    section: Literal["experience", "reflection", "analysis", "action"] = "experience"
    title: Text
    prompt: Text
    if_skipped: Text | None = None
    # Asked once when the answer names only who is there (roles), so the case in brief is not
    # lost to the next step (a supervisor's trial: the case went under "Agencies").
    if_only_roles: Text | None = None
    # What practitioners call the step when they label a note with it ("agencies - csc lead,
    # ..." typed at another step): the note goes to this step.
    labels: List[Text] = []


class SupervisionActionPrompts(Strict):
    action: Text
    next: Text
    proposed: Text | None = None
    owner: Text
    due: Text
    # Owner and due date asked in one prompt when an action has neither (else owner, then due).
    owner_and_due: Text | None = None
    more: Text
    # A due phrase read as no date: kept as written with this mark.
    due_to_confirm: Text
    # An action agreed with no owner: the record says so, to be settled, rather than a blank.
    owner_to_confirm: Text = "owner to confirm"
    # The specificity nudge, for an action whose verb promises no concrete step.
    specify: Text
    # Said when the nudge's answer replaces the action ({action}: the new wording), so it is
    # plain that nothing was added.
    specified: Text = 'Changed to "{action}".'
    # The list read back ({actions}: one line each), and how to change it.
    read_back: Text
    noted: Text = "Noted:\n\n{actions}"
    # Actions said at an earlier step ("oh and for actions: SW to ..."), kept for the actions.
    for_later: Text = "Kept for the actions, to agree when we get there:\n\n{actions}"
    edited: Text
    # Said when every edit asked removes an action ("Changed." there read oddly in a trial).
    removed: Text = "Removed."
    # Said when "scrap that" takes back the change just made.
    undone: Text = "Undone: that change is taken back."
    # Said when the removal named no number ("scrap that"): {actions}, what went.
    removed_which: Text = 'Removed. That was "{actions}".'
    # The record's review date or escalation route changed while its actions are open ({part}:
    # its title, {value}: as the record will show it).
    record_changed: Text = "{part}: changed to {value}."
    # The action being agreed named again, when asked "which one?" ({action}: as read so far).
    which: Text = 'This one: "{action}".'
    # Said when an edit leaves the list as it was ("change action 2's owner to the TM" when the
    # TM owns it): "Changed." there was a supervisor's "changed but not applied".
    unchanged: Text = "That is already so: nothing changed."
    edit_unknown: Text
    # "no sorry, thats action 4 not 1" when the turn before changed no action: which change?
    meant_unclear: Text = (
        'Which change is meant for action {number}? Say it in full, for example "change action'
        " {number}'s owner to the team manager\"."
    )
    # Said when amending is asked again while the actions are open ("can we amend the record,
    # the GP action is missing"): how to add one.
    open_to_change: Text = 'Type the action to add, change or remove one, or say "no more actions".'
    # Owner roles as practitioners write them: the role's name, then its other spellings.
    roles: Dict[str, List[str]]
    # First words of an action that promise no concrete step ("look into it").
    vague_verbs: List[str]


class SupervisionFinalStep(Strict):
    title: Text
    prompt: Text


class SupervisionRouteStep(SupervisionFinalStep):
    # A route already named at this step ("we'd escalate to the service manager") is offered
    # for a yes instead of being asked afresh: a clause naming one of `named_by` ({step},
    # {route}).
    from_step: Text | None = None
    named_by: List[Text] = []
    confirm: Text = 'At step {step} you said: "{route}". Is that the escalation route agreed?'
    confirm_button: Text = "Yes, that's the route"


class SupervisionReviewStep(SupervisionFinalStep):
    # A date offered for the next review, this many weeks on (moved off a weekend), and the
    # button that offers it ({weeks}, {date}).
    propose_weeks: int | None = None
    propose: Text = "In {weeks} weeks: {date}"
    # Said when a date the practitioner gives falls on a weekend ({date}, {weekday}).
    weekend_note: Text = "{date} is a {weekday}: kept as you said."
    # Said when the date given was taken out with the identifying details ("first day back
    # after xmas - 4th jan": a trial's record was filed with "[DATE]"), before asking again.
    date_removed: Text = (
        "The date was taken out with the other details, so I have not filed it. Type the date "
        'on its own, for example "4 January" or "in six weeks".'
    )


class NotWoven(Strict):
    whose: List[Text]
    what: List[Text]


class SupervisionGuide(Strict):
    steps: List[SupervisionStep]
    # theme id -> when an answer names the situation as someone else's (whose ... what)
    not_woven: Dict[str, NotWoven] = {}
    actions: SupervisionActionPrompts
    escalation_route: SupervisionRouteStep
    next_review: SupervisionReviewStep | None = None
    # "What have we got so far?" in a supervision: the notes and actions so far ({notes}: one
    # line each), before the step in hand is asked again.
    so_far: Text = "So far:\n{notes}"
    # The record's headings for the steps' sections, in the order the record shows them.
    sections: Dict[str, Text] = {
        "experience": "Experience",
        "reflection": "Reflection",
        "analysis": "Analysis",
        "action": "Action",
    }

    @validator("steps")
    def _unique_ids(cls, value: List[SupervisionStep]) -> List[SupervisionStep]:  # noqa: N805
        ids = [step.id for step in value]
        if len(set(ids)) != len(ids):
            raise ValueError("step ids must be unique")
        return value


class SupervisionFile(ContentFile):
    supervision: SupervisionGuide
