"""Everything in the source audit is in the knowledge base, and reachable through the bot."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable, List

import pytest

from bot.knowledge import KnowledgeBase

# The audit as the partnership published it (text extracted from its PDF), kept in the
# repository so that these checks run on any clone.
SEED = Path(__file__).resolve().parents[1] / "docs" / "source" / "city_of_london_2017_18_audit.txt"

# Lines of the source that are layout rather than content, or that the knowledge base holds as
# structured data instead of prose (each with the reason).
LAYOUT = {
    "strengths",
    "key messages",
    "multi-agency case audits",
    "case 1",
    "case 2",
    "case 3",
    "city & hackney",
    "safeguarding",
    "children board",  # the partnership's name, set in 3 lines
    "city of london 2017/18",  # audit area and year
    # the cover lists the themes; each is a theme title in themes.yml
    "challenge escalation",
    "cross borough working",
    "professional curiosity",
    "professional over-optimism",
    "difficult questions",
    "management of cse cases",
    "substance misuse service",
    "information sharing",
    "is your correspondence clear on:",  # split into its two questions
    # resources.yml holds the date as `dates` (shown as past once it is) and the missing link
    # as `link_missing`: the prose would present a past date as "next"
    "the next date is 12th march 2019. find out more [here](#).",
}


def normalise(text: str) -> str:
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # markdown links
    text = (
        text.replace("*", "")
        .replace("‘", "'")
        .replace("’", "'")
        .replace("“", '"')
        .replace("”", '"')
    )
    return " ".join(re.sub(r"[^\w\s']", " ", text.lower()).split())


def seed_lines() -> List[str]:
    lines = []
    for raw in SEED.read_text(encoding="utf-8").splitlines():
        line = raw.strip().lstrip("-").strip()
        if line and line.lower().replace("*", "") not in LAYOUT:
            lines.append(line)
    return lines


def seed_questions() -> List[str]:
    """Every reflective question in the audit: each question-marked sentence of a bullet."""
    questions = []
    for raw in SEED.read_text(encoding="utf-8").splitlines():
        if raw.strip().startswith("-") and "?" in raw:
            text = raw.strip().lstrip("-").strip().replace("*", "")
            questions += [s.strip() + "?" for s in text.split("?")[:-1] if s.strip()]
    return questions


def knowledge_text(kb: KnowledgeBase) -> Iterable[str]:
    for audit in kb.audits:
        yield from (audit.partnership, audit.title, audit.area, audit.year, audit.focus or "")
    for theme in kb.themes.values():
        yield theme.title
    for case in kb.cases.values():
        yield case.summary
        for strength in case.strengths:
            yield strength.text
        for message in case.key_messages:
            yield from (message.title, message.text, message.evidence or "", message.advice or "")
            yield from (q.text for q in message.questions)
    for resource in kb.resources.values():
        yield from (resource.title, resource.text)


def test_the_source_audit_is_where_the_tests_expect_it() -> None:
    assert SEED.is_file(), SEED
    # 14 question sentences: 12 reflective questions (one split in two sub-questions) and the two
    # "Are you aware of ...?" signposts.
    assert len(seed_questions()) == 14


@pytest.mark.parametrize("question", seed_questions())
def test_every_reflective_question_of_the_audit_is_in_the_knowledge_base(
    kb: KnowledgeBase, question: str
) -> None:
    asked = [normalise(q.text) for t in kb.themes.values() for q in t.questions]
    wanted = normalise(question)
    assert any(wanted in q for q in asked), question


@pytest.mark.parametrize("line", seed_lines())
def test_every_line_of_the_audit_is_in_the_knowledge_base(kb: KnowledgeBase, line: str) -> None:
    corpus = normalise(" ".join(knowledge_text(kb)))
    assert normalise(line) in corpus, line


def test_the_resources_carry_the_audit_details(kb: KnowledgeBase) -> None:
    service = kb.resources["substance_misuse_service"]
    assert (service.phone, service.email) == ("020 8356 7377", "yhsms@hackney.gov.uk")
    assert service.hours == "Monday – Friday 9.00am – 9.00pm"
    assert "City of London" in service.accepts
    assert kb.resources["school_nursing_service"].ages == "5-19"
    assert kb.resources["london_cp_procedures"].reference == "Appendix B, section 15, 2017"
    assert [d.isoformat() for d in kb.resources["difficult_conversations_course"].dates] == [
        "2019-03-12"
    ]
    # The audit gives no addresses for its "HERE" links: none may be invented.
    assert all(r.link is None and r.link_missing for r in kb.resources.values())
