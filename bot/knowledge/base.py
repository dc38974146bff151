"""The knowledge base: every audit, theme, case, question and signpost, merged and cross-checked.

Files (see docs/content.md): ``themes.yml``, ``resources.yml``, ``safety.yml``,
``situations.yml``, ``supervision.yml`` and one file per audit under ``audits/``. Audits merge
by theme id: each adds its cases, and its key messages and questions accumulate under the themes
they name.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterator, List, Sequence, Tuple

import yaml

from bot.knowledge import schema
from bot.knowledge.loader import ContentError, line_of, load_file
from bot.knowledge.recognition import content_situations, theme_sentences
from bot.settings import LiveAudits, live_audits

CONTENT_DIR = Path(__file__).parent / "content"


@dataclass(frozen=True)
class Question:
    id: str
    theme: str
    case_id: str
    text: str
    if_not: str
    origin: str
    # Signposts (resource ids) whose contact details follow ``if_not`` where it is shown.
    if_not_resources: Tuple[str, ...] = ()
    # What the question asks, in plain words ("what do you mean?"); "" when the content has none.
    means: str = ""


@dataclass(frozen=True)
class KeyMessage:
    id: str
    theme: str
    title: str
    text: str
    case_id: str
    audit_id: str
    evidence: str | None
    advice: str | None
    questions: Tuple[Question, ...]
    resources: Tuple[str, ...]
    examples: Tuple[str, ...] = ()


@dataclass(frozen=True)
class Case:
    id: str
    number: int
    audit: schema.AuditInfo
    summary: str
    strengths: Tuple[schema.Strength, ...]
    key_messages: Tuple[KeyMessage, ...]

    @property
    def label(self) -> str:
        """Shown with the case and with each of its key messages: with several audits live, the
        partnership, area and year say whose case it is."""
        return (
            f"Case {self.number} ({self.audit.partnership_short}, {self.audit.area} "
            f"{self.audit.year})"
        )


@dataclass
class Theme:
    id: str
    title: str
    description: str
    key_messages: List[KeyMessage] = field(default_factory=list)
    resources: List[str] = field(default_factory=list)
    examples: List[str] = field(default_factory=list)
    short_names: List[str] = field(default_factory=list)

    @property
    def questions(self) -> List[Question]:
        return [q for message in self.key_messages for q in message.questions]


@dataclass(eq=False)  # identity-hashed: caches key on the loaded instance
class KnowledgeBase:
    themes: Dict[str, Theme]
    cases: Dict[str, Case]
    resources: Dict[str, schema.Resource]
    safety: schema.Safety
    situations: Dict[str, List[str]]
    audits: List[schema.AuditInfo]
    supervision: schema.SupervisionGuide
    glossary: List[schema.GlossaryEntry] = field(default_factory=list)
    uncovered: List[schema.UncoveredTopic] = field(default_factory=list)
    # Topics uncovered.yml lists that a live audit covers after all, each with the theme whose
    # own words name it most: its names and patterns then point to that theme.
    covered: List[Tuple[schema.UncoveredTopic, str]] = field(default_factory=list)
    # "file:line: ..." for each safety contact without its number (make check-content warns;
    # REFLECT_ENV=production refuses to start).
    safety_gaps: List[str] = field(default_factory=list)

    def theme(self, theme_id: str) -> Theme:
        return self.themes[theme_id]

    def question(self, question_id: str) -> Question | None:
        return next(
            (q for t in self.themes.values() for q in t.questions if q.id == question_id), None
        )

    def cases_numbered(self, number: int) -> List[Case]:
        """Cases with this number, newest audit first (each audit numbers its own cases)."""
        return [c for c in reversed(list(self.cases.values())) if c.number == number]

    def audits_named(self, text: str) -> List[str]:
        """Ids of the audits a message names by area, partnership or year ("Northbridge's case
        2", "case 1 in the 2019/20 audit"), whole words, any case; a year may use "-" for "/"."""

        def words(value: str) -> str:
            return value.lower().replace("-", "/")

        return [
            audit.id
            for audit in self.audits
            if any(
                re.search(rf"(?<![\w/]){re.escape(words(name))}(?![\w/])", words(text))
                for name in (audit.area, audit.partnership, audit.partnership_short, audit.year)
            )
        ]

    def themes_for_intent(self, intent: str) -> List[str]:
        return self.situations.get(intent, [])

    def terms_in(self, text: str) -> List[schema.GlossaryEntry]:
        """Glossary entries named in ``text`` (term or alias, whole words, any case), in the
        order they appear; "s 47" and "section47" count as "s47"."""
        found: List[schema.GlossaryEntry] = []
        for entry in _glossary_pattern(self).finditer(_compact_sections(text)):
            if entry not in found:
                found.append(entry)
        return found

    def with_terms(self, text: str) -> str:
        """``text`` with each glossary alias written as its term ("the SPOC is the SW": "the
        lead professional is the SW"), so words said one way meet the audit's."""
        return _glossary_pattern(self).with_terms(text)

    def uncovered_in(self, text: str) -> List[schema.UncoveredTopic]:
        """Topics the audits do not cover that ``text`` names, in the file's order."""
        return [t for t in self.uncovered if _speaks_of(t, text)]

    def themes_for_covered_topics(self, text: str) -> List[str]:
        """The themes that cover a topic ``text`` names or describes, of those uncovered.yml
        lists as not covered and a live audit covers ("DV at home" with next year's domestic
        abuse theme live): the partnership's words for the topic name its theme too."""
        return list(
            dict.fromkeys(theme for topic, theme in self.covered if _speaks_of(topic, text))
        )

    def resource_is_past(self, resource_id: str, today: dt.date | None = None) -> bool:
        dates = self.resources[resource_id].dates
        return bool(dates) and max(dates) < (today or dt.date.today())


def _speaks_of(topic: schema.UncoveredTopic, text: str) -> bool:
    """Whether ``text`` names the topic or describes it by one of its patterns."""
    return any(_names(name, text) for name in topic.names) or any(
        re.search(pattern, text, re.IGNORECASE) for pattern in topic.patterns
    )


def _names(name: str, text: str) -> bool:
    """``name`` in ``text`` as whole words, any case; a name of one or two letters ("DV") only
    in capitals."""
    flags = 0 if len(name) <= 2 else re.IGNORECASE
    pattern = re.escape(name).replace(r"\ ", r"[\s-]+")
    return bool(re.search(rf"(?<![\w'-]){pattern}(?![\w'-])", text, flags))


def _compact_sections(text: str) -> str:
    return re.sub(r"\b(s|sec|section)\.?\s*(\d+)\b", r"\1\2", text, flags=re.IGNORECASE)


class _GlossaryMatcher:
    """One regex over every name in the glossary, longest first. Names of one or two letters
    ("CP", "EH") count only in capitals: "eh?" is not Early Help."""

    def __init__(self, entries: Sequence[schema.GlossaryEntry]) -> None:
        self.by_name = {
            _compact_sections(name).lower(): entry for entry in entries for name in entry.names
        }
        names = sorted(self.by_name, key=len, reverse=True)
        alternatives = [
            re.escape(n) if len(n) > 2 else f"(?-i:{re.escape(n.upper())})" for n in names
        ]
        self.pattern = (
            # a possessive or a plural is the term too: "the LADO's number", "whats the lados
            # number" (a held-out one got the last signpost's), "strategy meetings"
            re.compile(
                r"(?<![\w'])(" + "|".join(alternatives) + r")(?:(?![\w'’])|(?=['’]?s\b))",
                re.IGNORECASE,
            )
            if names
            else None
        )

    def finditer(self, text: str) -> Iterator[schema.GlossaryEntry]:
        for match in self.pattern.finditer(text) if self.pattern else ():
            yield self.by_name[match.group(1).lower()]

    def with_terms(self, text: str) -> str:
        if not self.pattern:
            return text
        return self.pattern.sub(lambda m: self.by_name[m.group(1).lower()].term, text)


_matchers: Dict[int, _GlossaryMatcher] = {}


def _glossary_pattern(kb: KnowledgeBase) -> _GlossaryMatcher:
    if id(kb) not in _matchers:
        _matchers[id(kb)] = _GlossaryMatcher(kb.glossary)
    return _matchers[id(kb)]


def _check(known: Sequence[str], value: str, path: Path, node: yaml.Node, loc: tuple, what: str):
    if value not in known:
        raise ContentError(path, line_of(node, loc), f"unknown {what} id '{value}'")


def _next_step(
    question: schema.Question,
    resources: Dict[str, schema.Resource],
    path: Path,
    node: yaml.Node,
    loc: tuple,
) -> Tuple[str, Tuple[str, ...]]:
    """An ``if_not``'s text and the signposts it names, each known."""
    if isinstance(question.if_not, str):
        return question.if_not, ()
    for r, resource_id in enumerate(question.if_not.resources):
        where = (*loc, "if_not", "resources", r)
        _check(list(resources), resource_id, path, node, where, "resource")
    return question.if_not.text, tuple(question.if_not.resources)


def load_knowledge(
    content_dir: Path = CONTENT_DIR, live: LiveAudits | None = None
) -> KnowledgeBase:
    """Load and cross-check every content file under ``content_dir``. Every audit file is
    checked against the schema; only the ``live`` ones (default: all) are loaded."""
    content_dir = Path(content_dir)
    themes_path = content_dir / "themes.yml"
    themes_file, themes_node = load_file(themes_path, schema.ThemesFile)
    themes: Dict[str, Theme] = {}
    theme_origin: Dict[str, Path] = {}

    def define(theme: schema.ThemeDefinition, path: Path, node: yaml.Node, loc: tuple) -> None:
        if theme.id in themes:
            raise ContentError(
                path,
                line_of(node, loc),
                f"theme '{theme.id}' is already defined in {theme_origin[theme.id]}",
            )
        themes[theme.id] = Theme(
            theme.id,
            theme.title,
            theme.description,
            examples=list(theme.examples),
            short_names=list(theme.short_names),
        )
        theme_origin[theme.id] = path

    for i, theme in enumerate(themes_file.themes):
        define(theme, themes_path, themes_node, ("themes", i))

    resources_path = content_dir / "resources.yml"
    resources_file, resources_node = load_file(resources_path, schema.ResourcesFile)
    resources: Dict[str, schema.Resource] = {}
    for i, resource in enumerate(resources_file.resources):
        if resource.id in resources:
            raise ContentError(
                resources_path,
                line_of(resources_node, ("resources", i, "id")),
                f"resource '{resource.id}' is defined twice",
            )
        resources[resource.id] = resource

    audit_paths = sorted((content_dir / "audits").glob("*.yml"))
    if not audit_paths:
        raise ContentError(content_dir / "audits", 0, "no audit files (*.yml) found")
    loaded = [(path, *load_file(path, schema.AuditFile)) for path in audit_paths]
    loaded = _live_only(loaded, live, content_dir / "audits")
    chosen = live is not None and live.ids is not None
    # Newest audit last, so "case 2" means the latest audit's case 2 unless asked otherwise.
    loaded.sort(key=lambda item: (item[1].audit.year, item[1].audit.id))

    cases: Dict[str, Case] = {}
    question_ids: Dict[str, Path] = {}
    audit_ids: Dict[str, Path] = {}
    for path, audit_file, node in loaded:
        audit = audit_file.audit
        if audit.id in audit_ids:
            raise ContentError(
                path,
                line_of(node, ("audit", "id")),
                f"audit '{audit.id}' is already defined in {audit_ids[audit.id]}",
            )
        audit_ids[audit.id] = path
        for i, theme in enumerate(audit_file.themes):
            define(theme, path, node, ("themes", i))
        for c, case in enumerate(audit_file.cases):
            if case.id in cases:
                raise ContentError(
                    path, line_of(node, ("cases", c, "id")), f"case '{case.id}' is defined twice"
                )
            messages = []
            for k, message in enumerate(case.key_messages):
                loc = ("cases", c, "key_messages", k)
                _check(list(themes), message.theme, path, node, (*loc, "theme"), "theme")
                for r, resource_id in enumerate(message.resources):
                    _check(
                        list(resources), resource_id, path, node, (*loc, "resources", r), "resource"
                    )
                questions = []
                for q, question in enumerate(message.questions):
                    if question.id in question_ids:
                        raise ContentError(
                            path,
                            line_of(node, (*loc, "questions", q, "id")),
                            f"question '{question.id}' is already used in "
                            f"{question_ids[question.id]}",
                        )
                    question_ids[question.id] = path
                    if_not, if_not_resources = _next_step(
                        question, resources, path, node, (*loc, "questions", q)
                    )
                    questions.append(
                        Question(
                            question.id,
                            message.theme,
                            case.id,
                            question.text,
                            if_not,
                            question.origin,
                            if_not_resources,
                            " ".join((question.means or "").split()),
                        )
                    )
                key_message = KeyMessage(
                    id=f"{case.id}.{message.theme}",
                    theme=message.theme,
                    title=message.title or themes[message.theme].title,
                    text=message.text,
                    case_id=case.id,
                    audit_id=audit.id,
                    evidence=message.evidence,
                    advice=message.advice,
                    questions=tuple(questions),
                    resources=tuple(message.resources),
                    examples=tuple(message.examples),
                )
                messages.append(key_message)
                themes[message.theme].key_messages.append(key_message)
            cases[case.id] = Case(
                case.id, case.number, audit, case.summary, tuple(case.strengths), tuple(messages)
            )

    for i, resource in enumerate(resources_file.resources):
        for t, theme_id in enumerate(resource.themes):
            _check(
                list(themes),
                theme_id,
                resources_path,
                resources_node,
                ("resources", i, "themes", t),
                "theme",
            )
    for theme in themes.values():
        linked = [r for m in theme.key_messages for r in m.resources]
        linked += [r.id for r in resources.values() if theme.id in r.themes]
        theme.resources = list(dict.fromkeys(linked))

    safety_path = content_dir / "safety.yml"
    safety_file, safety_node = load_file(safety_path, schema.SafetyFile)
    _check(
        list(resources),
        safety_file.safety.procedures,
        safety_path,
        safety_node,
        ("safety", "procedures"),
        "resource",
    )
    notice_contact = safety_file.safety.notice_contact
    where = ("safety", "notice_contact")
    _check(
        [c.id for c in safety_file.safety.contacts],
        notice_contact,
        safety_path,
        safety_node,
        where,
        "contact",
    )
    if not safety_file.safety.contact(notice_contact).phone:
        raise ContentError(
            safety_path,
            line_of(safety_node, where),
            f"contact '{notice_contact}' has no phone for the widget's notice to give",
        )

    safety_gaps = [
        f"{safety_path}:{line_of(safety_node, ('safety', 'contacts', i))}: the safety contact "
        f"'{contact.id}' ({contact.title}) has no number yet: {contact.to_fill}"
        for i, contact in enumerate(safety_file.safety.contacts)
        if contact.to_fill
    ]

    situations_path = content_dir / "situations.yml"
    situations_file, situations_node = load_file(situations_path, schema.SituationsFile)
    for intent, theme_ids in situations_file.situations.items():
        for t, theme_id in enumerate(theme_ids):
            _check(
                list(themes),
                theme_id,
                situations_path,
                situations_node,
                ("situations", intent, t),
                "theme",
            )
            # A theme with no key message would be presented with nothing to say; with some
            # audits not live, it is left out instead (below).
            if not themes[theme_id].key_messages and not chosen:
                raise ContentError(
                    situations_path,
                    line_of(situations_node, ("situations", intent, t)),
                    f"situation '{intent}' names theme '{theme_id}', which no audit has a key "
                    f"message for yet",
                )

    situations = dict(situations_file.situations)
    if chosen:
        themes, situations, resources = _spoken_to(themes, situations, resources)

    supervision_file, _ = load_file(content_dir / "supervision.yml", schema.SupervisionFile)
    contacts = [c.id for c in safety_file.safety.contacts]
    glossary = _load_glossary(content_dir / "glossary.yml", resources, contacts)
    uncovered, covered = _load_uncovered(content_dir / "uncovered.yml", themes, resources, cases)

    return KnowledgeBase(
        themes=themes,
        cases=cases,
        resources=resources,
        safety=safety_file.safety,
        # A theme no situation intent names is recognised from its own words (recognition.py).
        situations={**situations, **content_situations(themes, situations)},
        audits=[audit_file.audit for _, audit_file, _ in loaded],
        supervision=supervision_file.supervision,
        glossary=glossary,
        uncovered=uncovered,
        covered=covered,
        safety_gaps=safety_gaps,
    )


def _spoken_to(
    themes: Dict[str, Theme],
    situations: Dict[str, List[str]],
    resources: Dict[str, schema.Resource],
) -> Tuple[Dict[str, Theme], Dict[str, List[str]], Dict[str, schema.Resource]]:
    """Only the themes the live audits have key messages for, and the situations and signposts
    naming only those (a theme of an audit that is not live is never offered or presented)."""
    kept = {theme_id: theme for theme_id, theme in themes.items() if theme.key_messages}
    return (
        kept,
        {intent: [t for t in ids if t in kept] for intent, ids in situations.items()},
        {
            resource_id: resource.copy(update={"themes": [t for t in resource.themes if t in kept]})
            for resource_id, resource in resources.items()
        },
    )


def _live_only(
    loaded: List[Tuple[Path, schema.AuditFile, yaml.Node]],
    live: LiveAudits | None,
    folder: Path,
) -> List[Tuple[Path, schema.AuditFile, yaml.Node]]:
    """The audits chosen to be live; an id that no audit file has is an error naming it."""
    if live is None or live.ids is None:
        return loaded
    if not live.ids:
        raise ContentError(folder, 0, f"{live.source} names no audit: give `all` or audit ids")
    present = [audit_file.audit.id for _, audit_file, _ in loaded]
    for audit_id in live.ids:
        if audit_id not in present:
            raise ContentError(
                folder,
                0,
                f"{live.source} names the audit '{audit_id}', but no file here has it "
                f"(the audits here: {', '.join(present)})",
            )
    return [item for item in loaded if item[1].audit.id in live.ids]


def _load_uncovered(
    path: Path,
    themes: Dict[str, Theme],
    resources: Dict[str, schema.Resource],
    cases: Dict[str, Case],
) -> Tuple[List[schema.UncoveredTopic], List[Tuple[schema.UncoveredTopic, str]]]:
    """The topics the audits do not cover (optional file), their signposts known: a topic a live
    audit's own text names is covered, and left out (as are nearest themes no live audit has);
    and the covered topics, each with the theme that covers it (``_covering_theme``)."""
    if not path.exists():
        return [], []
    uncovered_file, node = load_file(path, schema.UncoveredFile)
    audit_text = " ".join(
        part
        for case in cases.values()
        for part in (
            case.summary,
            *(s.text for s in case.strengths),
            *(p for m in case.key_messages for p in (m.text, m.evidence or "", m.advice or "")),
        )
    )
    topics, covered = [], []
    for i, topic in enumerate(uncovered_file.uncovered):
        for r, resource_id in enumerate(topic.resources):
            _check(
                list(resources),
                resource_id,
                path,
                node,
                ("uncovered", i, "resources", r),
                "resource",
            )
        for p, pattern in enumerate(topic.patterns):
            try:
                re.compile(pattern)
            except re.error as error:
                raise ContentError(
                    path, line_of(node, ("uncovered", i, "patterns", p)), f"bad pattern: {error}"
                ) from error
        if any(_names(n, audit_text) for n in topic.names):
            theme = _covering_theme(topic, themes)  # a live audit names it: covered
            covered += [(topic, theme)] if theme else []
            continue
        kept = [t for t in topic.nearest_themes if t in themes]
        topics.append(topic.copy(update={"nearest_themes": kept}))
    return topics, covered


def _covering_theme(topic: schema.UncoveredTopic, themes: Dict[str, Theme]) -> str | None:
    """The theme whose own words (title, description, key messages, questions) name the topic
    in the most sentences; None when only a case's summary or strengths name it."""
    counts = {
        theme.id: sum(any(_names(n, s) for n in topic.names) for s in theme_sentences(theme))
        for theme in themes.values()
    }
    best = max(counts, key=lambda t: counts[t], default=None)
    return best if best is not None and counts[best] else None


def _load_glossary(
    path: Path, resources: Dict[str, schema.Resource], contacts: List[str]
) -> List[schema.GlossaryEntry]:
    """The glossary (optional): every name used once, every signpost and contact it names
    known."""
    if not path.exists():
        return []
    glossary_file, node = load_file(path, schema.GlossaryFile)
    seen: Dict[str, str] = {}
    for i, entry in enumerate(glossary_file.glossary):
        for name in entry.names:
            key = _compact_sections(name).lower()
            if key in seen:
                raise ContentError(
                    path,
                    line_of(node, ("glossary", i)),
                    f"'{name}' is already a name of the term '{seen[key]}'",
                )
            seen[key] = entry.term
        if entry.resource:
            _check(
                list(resources), entry.resource, path, node, ("glossary", i, "resource"), "resource"
            )
        if entry.contact:
            _check(contacts, entry.contact, path, node, ("glossary", i, "contact"), "contact")
    return list(glossary_file.glossary)


def production_refusal(kb: KnowledgeBase) -> str | None:
    """Why Reflect will not start in production (REFLECT_ENV=production), or None: the safety
    message must never send a practitioner to a contact without its number."""
    if not kb.safety_gaps:
        return None
    return "\n".join(
        [
            "REFLECT_ENV=production: Reflect will not start while a safety contact has no number. "
            "Add each to the partnership's safety.yml (docs/content.md):",
            *(f"  {gap}" for gap in kb.safety_gaps),
        ]
    )


def content_dir() -> Path:
    """Where the content is: ``REFLECT_CONTENT_DIR`` (a partnership's own) or the bundled one."""
    return Path(os.environ.get("REFLECT_CONTENT_DIR", CONTENT_DIR))


@lru_cache(maxsize=1)
def knowledge() -> KnowledgeBase:
    """The process-wide knowledge base, from ``content_dir()``, with the live audits only."""
    return load_knowledge(content_dir(), live_audits())
