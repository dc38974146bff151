"""Reading an audit briefing (text, Markdown or PDF) into its parts: the audit, its cases, their
strengths, key messages by theme and reflective questions (``python -m bot import-audit``).

A briefing is laid out like docs/source/city_of_london_2017_18_audit.txt: the partnership, the
title, "<area> <year>", the themes, the focus in bold; then for each case a "Case N" line, its
summary, "Strengths" (bullets, the strength in bold), "Key Messages", and under each theme's own
line its paragraphs and its questions as bullets. Text files are read as Markdown (the bundled
one is: bold, bullets and links are Markdown's) with markdown-it-py, so its blocks, bullets,
bold and links come from a CommonMark parser rather than from hand-written patterns; a PDF's
text comes from pypdf. What is guessed is said (``guesses``), for the draft to mark.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Tuple

from markdown_it import MarkdownIt
from markdown_it.token import Token

CASE_LINE = re.compile(r"^case\s*(\d+)?\s*:?$", re.IGNORECASE)
AREA_YEAR = re.compile(r"^(?P<area>.+?)[\s,]+(?P<year>\d{4}\s*[/-]\s*\d{2,4})$")
SECTION = {"strengths": "strengths", "key messages": "key_messages"}
# A PDF's bullets, as its text comes out of pypdf.
PDF_BULLET = re.compile(r"^\s*[•●◦▪‣∙·]\s+")


class BriefingError(ValueError):
    """The file cannot be read as a briefing: missing, unreadable, or not laid out like one."""


@dataclass
class Bullet:
    text: str
    bold: List[str]
    indent: int


@dataclass
class Block:
    """A paragraph (``bullets`` empty) or a bulleted list, as plain text, with its bold runs."""

    text: str
    bold: List[str]
    bullets: List[Bullet] = field(default_factory=list)


@dataclass
class Strength:
    title: str
    text: str


@dataclass
class Question:
    text: str
    # What the briefing says after the question ("If not, find it HERE."), a start on if_not.
    rest: str = ""


@dataclass
class Message:
    heading: str
    paragraphs: List[str] = field(default_factory=list)
    questions: List[Question] = field(default_factory=list)
    # Bullets that are not questions (a course's date, a service's number): for the reviewer.
    notes: List[str] = field(default_factory=list)


@dataclass
class CaseDraft:
    number: int
    number_guessed: bool
    summary: List[str] = field(default_factory=list)
    strengths: List[Strength] = field(default_factory=list)
    messages: List[Message] = field(default_factory=list)


@dataclass
class Briefing:
    partnership: str = ""
    partnership_short: str = ""
    title: str = ""
    area: str = ""
    year: str = ""
    focus: str = ""
    cases: List[CaseDraft] = field(default_factory=list)
    # field name -> why it is a guess, for the draft's "# check:" comment
    guesses: Dict[str, str] = field(default_factory=dict)


def read_text(path: Path) -> Tuple[str, bool]:
    """The briefing's text, and whether it came from a PDF (whose bold is lost)."""
    if not path.is_file():
        raise BriefingError(f"{path}: no such file")
    if path.suffix.lower() == ".pdf":
        return _pdf_text(path), True
    try:
        return path.read_text(encoding="utf-8-sig"), False
    except UnicodeDecodeError:
        raise BriefingError(f"{path}: not UTF-8 text (save it as UTF-8, or give the PDF)") from None


def _pdf_text(path: Path) -> str:
    """A PDF's text as Markdown: pypdf's layout mode keeps the blank line between paragraphs
    and a bullet's indented continuation lines, so only the bullets need writing as "- "."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        pages = [page.extract_text(extraction_mode="layout") for page in PdfReader(path).pages]
    except (PyPdfError, OSError, ValueError, KeyError) as error:
        raise BriefingError(f"{path}: not a readable PDF ({error})") from None
    text = ""
    for page in (p.strip("\n") for p in pages):
        text += ("\n" if _goes_on(text) else "\n\n") + page
    lines = []
    for line in text.splitlines():
        bullet = PDF_BULLET.match(line)
        if bullet:  # a sub-bullet keeps some indent; never 4 spaces (Markdown's code block)
            indent = min(len(line) - len(line.lstrip()), 3)
            lines.append(" " * indent + "- " + line[bullet.end() :].strip())
        else:  # a wrapped line: Markdown joins it to the paragraph or bullet it continues
            lines.append(line.strip())
    return "\n".join(lines) + "\n"


def _goes_on(text: str) -> bool:
    """Whether a page's text ends mid-paragraph, to go on on the next page: its last line is
    a wrapped one (about as long as the page's lines, unlike a heading) and ends mid-sentence."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return False
    return len(lines[-1]) >= 0.6 * max(map(len, lines)) and not re.search(r"[.?!:]\W*$", lines[-1])


def _inline(token: Token) -> Tuple[str, List[str]]:
    """Plain text of an inline token (links keep their words) and its bold runs."""
    text, bold, depth = [], [], 0
    for child in token.children or []:
        if child.type == "strong_open":
            depth += 1
            bold.append("")
        elif child.type == "strong_close":
            depth -= 1
        elif child.type in ("text", "code_inline"):
            text.append(child.content)
            if depth:
                bold[-1] += child.content
        elif child.type in ("softbreak", "hardbreak"):
            text.append(" ")
            if depth:
                bold[-1] += " "
    return _squash("".join(text)), [_squash(b) for b in bold if b.strip()]


def _squash(text: str) -> str:
    return " ".join(text.split())


def blocks(text: str) -> List[Block]:
    """The briefing's paragraphs (headings among them) and bulleted lists, in order."""
    lines = text.splitlines()
    found: List[Block] = []
    in_list = 0
    for token in MarkdownIt("commonmark").parse(text):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            if not in_list:
                found.append(Block("", []))
            in_list += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            in_list -= 1
        elif token.type == "inline":
            plain, bold = _inline(token)
            if in_list:
                start = token.map[0] if token.map else 0
                indent = len(lines[start]) - len(lines[start].lstrip()) if start < len(lines) else 0
                found[-1].bullets.append(Bullet(plain, bold, indent + 10 * (in_list - 1)))
            elif plain:
                found.append(Block(plain, bold))
    return found


def _is_heading(block: Block) -> bool:
    """A theme's line: short, not a sentence."""
    return (
        not block.bullets
        and len(block.text.split()) <= 12
        and not re.search(r"[.?!:;,]$", block.text)
    )


def _questions(bullets: List[Bullet], message: Message) -> None:
    """Questions are the bullets that ask one; a bullet ending in ":" leads the more indented
    ones after it ("Is your correspondence clear on:" + "HOW and WHEN ...?")."""
    lead: Bullet | None = None
    for bullet in bullets:
        if lead is not None and bullet.indent <= lead.indent:
            lead = None
        if bullet.text.endswith(":"):
            lead = bullet
            continue
        text = bullet.text
        if lead is not None:
            first = text.split()[0] if text.split() else ""
            if first[:1].isupper() and not first.isupper():  # "The legal status" mid-sentence
                text = text[:1].lower() + text[1:]
            text = f"{lead.text[:-1].rstrip()} {text}"
        if "?" in text:
            cut = text.rindex("?") + 1
            message.questions.append(Question(text[:cut].strip(), text[cut:].strip()))
        else:
            message.notes.append(text)


def _strength(bullet: Bullet) -> Strength:
    """ "**Title**: text", or a sentence whose bold words name the strength."""
    if bullet.bold and bullet.text.startswith(bullet.bold[0]):
        rest = bullet.text[len(bullet.bold[0]) :]
        if rest.lstrip().startswith((":", "–", "—", "-")):
            return Strength(bullet.bold[0], rest.lstrip()[1:].strip())
    # No bold (a PDF's text): "Title: text" with a short title
    lead, colon, rest = bullet.text.partition(": ")
    if not bullet.bold and colon and len(lead.split()) <= 8:
        return Strength(lead, rest)
    title = bullet.bold[0] if bullet.bold else " ".join(bullet.text.split()[:6])
    return Strength(title[:1].upper() + title[1:], bullet.text)


def parse(text: str) -> Briefing:
    """The briefing's parts; ``BriefingError`` if it has no "Case N" line."""
    all_blocks = blocks(text)
    starts = [i for i, b in enumerate(all_blocks) if not b.bullets and CASE_LINE.match(b.text)]
    if not starts:
        raise BriefingError(
            "no case found: a briefing has a line 'Case 1' before each case (see docs/content.md)"
        )
    briefing = Briefing()
    _header(all_blocks[: starts[0]], briefing)
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(all_blocks)
        briefing.cases.append(_case(all_blocks[start:end], n + 1))
    return briefing


def _header(head: List[Block], briefing: Briefing) -> None:
    rest: List[Block] = []
    for block in head:
        match = AREA_YEAR.match(block.text)
        if match and not briefing.area:
            briefing.area = match.group("area").strip()
            briefing.year = re.sub(r"\s*-\s*", "/", re.sub(r"\s*/\s*", "/", match["year"]))
        elif block.bold and block.text == " ".join(block.bold) and not briefing.focus:
            briefing.focus = block.text
        elif re.search(r"\baudits?\b", block.text, re.IGNORECASE) and not briefing.title:
            briefing.title = block.text
        else:
            rest.append(block)
    # The partnership comes first; the lines after the area and year list the themes, which
    # the key messages' own headings give again.
    if rest:
        briefing.partnership, briefing.partnership_short = _partnership(rest[0].text, briefing)
    for name in ("partnership", "title", "area", "year"):
        if not getattr(briefing, name):
            briefing.guesses[name] = "not found in the briefing: fill it in"


def _partnership(text: str, briefing: Briefing) -> Tuple[str, str]:
    short = re.search(r"\(([A-Z][A-Za-z&]{1,12})\)\s*$", text)
    name = text[: short.start()].strip() if short else text
    if name == name.lower():  # a logo's lower-case words
        small = {"of", "and", "for", "the", "&"}
        name = " ".join(w if w in small else w[:1].upper() + w[1:] for w in name.split())
        briefing.guesses["partnership"] = "capitals guessed from the briefing's lower-case words"
    if short:
        return name, short.group(1)
    briefing.guesses["partnership_short"] = "made from the partnership's initials"
    initials = "".join(w[0] for w in name.split() if w[:1].isupper())
    return name, initials


def _case(case_blocks: List[Block], position: int) -> CaseDraft:
    match = CASE_LINE.match(case_blocks[0].text)
    number = int(match.group(1)) if match and match.group(1) else position
    case = CaseDraft(number, number_guessed=not (match and match.group(1)))
    section = "summary"
    message: Message | None = None
    for block in (b for b in case_blocks[1:] if b.text or b.bullets):
        name = SECTION.get(block.text.lower().rstrip(":")) if not block.bullets else None
        if name:
            section = name
            continue
        if section == "summary":
            case.summary += [block.text] if not block.bullets else [b.text for b in block.bullets]
        elif section == "strengths":
            if block.bullets:
                case.strengths += [_strength(b) for b in block.bullets]
            else:
                case.strengths.append(_strength(Bullet(block.text, block.bold, 0)))
        elif block.bullets:
            if message is None:
                message = Message("")
                case.messages.append(message)
            _questions(block.bullets, message)
        elif _is_heading(block):
            message = Message(block.text)
            case.messages.append(message)
        else:
            if message is None:
                message = Message("")
                case.messages.append(message)
            message.paragraphs.append(block.text)
    return case
