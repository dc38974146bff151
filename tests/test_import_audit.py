"""``python -m bot import-audit``: a briefing drafted into an audit file, compared with the file a
person curated from it (after normalising whitespace and quotes): the bundled audit's source
(docs/source/) against audits/city_of_london_2017_18.yml, and the fictional next-year briefing
(tests/fixtures/next_year_audit/) against northbridge_2019_20.yml, as text, as Markdown and as
a PDF made from it here."""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest
import yaml
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from bot.knowledge import CONTENT_DIR, load_knowledge
from bot.knowledge.briefing import BriefingError, parse
from bot.knowledge.draft import match_theme, split_paragraphs
from bot.ops.cli import main

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "docs" / "source" / "city_of_london_2017_18_audit.txt"
CURATED = CONTENT_DIR / "audits" / "city_of_london_2017_18.yml"
NEXT_YEAR = Path(__file__).parent / "fixtures" / "next_year_audit"
BRIEFING, NORTHBRIDGE = NEXT_YEAR / "briefing.md", NEXT_YEAR / "northbridge_2019_20.yml"


def norm(text: str | None) -> str:
    text = (text or "").replace("‘", "'").replace("’", "'").replace("“", '"').replace("”", '"')
    text = text.replace("–", "-").replace("—", "-")
    return " ".join(text.split())


def draft_of(briefing: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> Tuple[str, Dict]:
    out = tmp_path / "draft.yml"
    assert main(["import-audit", str(briefing), "-o", str(out)]) == 0
    assert "marked '# check:'" in capsys.readouterr().err
    text = out.read_text(encoding="utf-8")
    return text, yaml.safe_load(text)


def theme_titles(audit: Dict[str, Any]) -> Dict[str, str]:
    titles = {t.id: t.title for t in load_knowledge(CONTENT_DIR).themes.values()}
    return {**titles, **{t["id"]: t["title"] for t in audit.get("themes") or []}}


def by_case(audit: Dict[str, Any], printed_in: str | None = None) -> Dict[int, Dict[str, Any]]:
    """Each case's summary, strengths, and key messages by theme title: the whole message
    (text, evidence, advice) and the audit's own questions (``printed_in``: also those marked
    ``derived`` that this briefing prints)."""
    titles = theme_titles(audit)
    found = {}
    for case in audit["cases"]:
        messages = {}
        for message in case["key_messages"]:
            whole = " ".join(message.get(k) or "" for k in ("text", "evidence", "advice"))
            questions = [
                norm(q["text"])
                for q in message.get("questions") or []
                if q.get("origin", "audit") == "audit"
                or (printed_in is not None and norm(q["text"]) in printed_in)
            ]
            messages[norm(titles[message["theme"]])] = (norm(whole), questions)
        found[case["number"]] = {
            "summary": norm(case["summary"]),
            "strengths": [(norm(s["title"]).lower(), norm(s["text"])) for s in case["strengths"]],
            "messages": messages,
        }
    return found


def test_the_bundled_briefing_drafts_every_case_strength_message_and_question(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    _, draft = draft_of(SOURCE, tmp_path, capsys)
    curated = yaml.safe_load(CURATED.read_text(encoding="utf-8"))
    for field in ("title", "partnership", "partnership_short", "area", "year", "focus"):
        assert norm(draft["audit"][field]) == norm(curated["audit"][field]), field
    assert "themes" not in draft  # every heading names one of the bundled themes
    drafted, wanted = by_case(draft), by_case(curated)
    assert list(drafted) == [1, 2, 3]
    for number, case in wanted.items():
        assert drafted[number]["summary"] == case["summary"]
        assert drafted[number]["strengths"] == case["strengths"], number
        assert drafted[number]["messages"] == case["messages"], number


def test_the_next_year_briefing_drafts_its_new_themes_and_every_question(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    _, draft = draft_of(BRIEFING, tmp_path, capsys)
    fixture = yaml.safe_load(NORTHBRIDGE.read_text(encoding="utf-8"))
    for field in ("title", "partnership", "partnership_short", "area", "year", "focus"):
        assert draft["audit"][field] == fixture["audit"][field], field
    assert draft["audit"]["id"] == "northbridge_2019_20"
    assert [t["title"] for t in draft["themes"]] == [t["title"] for t in fixture["themes"]]
    # The fixture marks some questions the briefing prints as Reflect's own (`derived`): the
    # draft, reading the briefing, has those too.
    assert by_case(draft) == by_case(fixture, printed_in=norm(BRIEFING.read_text("utf-8")))


def test_a_pdf_of_the_briefing_drafts_the_same(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    pdf = tmp_path / "briefing.pdf"
    write_pdf(BRIEFING.read_text(encoding="utf-8"), pdf)
    text, draft = draft_of(pdf, tmp_path, capsys)
    assert text.startswith("# check: read from a PDF")
    fixture = yaml.safe_load(NORTHBRIDGE.read_text(encoding="utf-8"))
    assert by_case(draft) == by_case(fixture, printed_in=norm(BRIEFING.read_text("utf-8")))


def test_every_unsure_field_is_marked_and_what_a_person_writes_is_left_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    text, draft = draft_of(SOURCE, tmp_path, capsys)
    lines = text.splitlines()
    for line in lines:
        if re.search(r"^\s*(if_not|description): ''", line):
            assert "# check:" in line, line
    assert "# check:" in next(line for line in lines if "id: city_of_london_2017_18" in line)
    guessed = next(line for line in lines if "theme: substance_misuse_service" in line)
    assert "# check: matched to 'Substance Misuse Service – professional awareness" in guessed
    # the service's number and the course's date are left for the reviewer, not dropped
    assert "020 8356 7377" in text and "12th March 2019" in text
    # every next step is the reviewer's to write or confirm
    if_nots = [line for line in lines if line.lstrip().startswith("if_not:")]
    assert len(if_nots) == 14 and all("# check:" in line for line in if_nots)
    assert sum(len(m["questions"]) for c in draft["cases"] for m in c["key_messages"]) == 14


def test_the_draft_loads_once_reviewed_and_until_then_names_the_line_to_fill(
    tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    text, _ = draft_of(BRIEFING, tmp_path, capsys)
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    draft_file = content / "audits" / "northbridge_2019_20.yml"
    draft_file.write_text(text, encoding="utf-8")
    monkeypatch.setenv("REFLECT_CONTENT_DIR", str(content))
    assert main(["check-content"]) == 1
    first_empty = 1 + next(i for i, line in enumerate(text.splitlines()) if ": ''" in line)
    assert f"northbridge_2019_20.yml:{first_empty}: themes.0.description: empty" in (
        capsys.readouterr().err
    )
    draft_file.write_text(text.replace(": ''", ": Written by the reviewer."), encoding="utf-8")
    assert main(["check-content"]) == 0
    assert "live: northbridge_2019_20 (NSCP, Northbridge 2019/20)" in capsys.readouterr().out


@pytest.mark.parametrize(
    "content, problem",
    [
        (None, "no such file"),
        (b"Just some notes about a meeting.\n", "no case found"),
        (b"\xff\xfe\x00broken", "not UTF-8"),
        (b"%PDF-1.4 not really", "not a readable PDF"),
    ],
    ids=["missing", "not_a_briefing", "not_utf8", "broken_pdf"],
)
def test_a_file_that_is_not_a_briefing_is_a_clear_error_with_code_2(
    tmp_path: Path, capsys: pytest.CaptureFixture, content: bytes | None, problem: str
) -> None:
    path = tmp_path / ("briefing.pdf" if problem.endswith("PDF") else "briefing.txt")
    if content is not None:
        path.write_bytes(content)
    assert main(["import-audit", str(path)]) == 2
    assert problem in capsys.readouterr().err


def test_an_existing_file_is_never_overwritten(tmp_path: Path, capsys) -> None:
    out = tmp_path / "audit.yml"
    out.write_text("kept", encoding="utf-8")
    assert main(["import-audit", str(BRIEFING), "-o", str(out)]) == 2
    assert out.read_text(encoding="utf-8") == "kept"
    assert "already exists" in capsys.readouterr().err


def test_a_heading_matches_a_theme_by_its_title_or_is_a_new_theme() -> None:
    themes = {"substance_misuse_service": "Substance Misuse Service", "info": "Information Sharing"}
    assert match_theme("Information Sharing", themes) == ("info", False)
    assert match_theme("Substance Misuse Service – remit", themes) == (
        "substance_misuse_service",
        True,
    )
    assert match_theme("Informaton Sharing", themes) == ("info", True)  # a typo
    assert match_theme("Neglect and Home Conditions", themes) == (None, False)


def test_paragraphs_split_into_message_evidence_and_advice() -> None:
    assert split_paragraphs(["A.", "B.", "Professionals should C."]) == (
        "A.",
        "B.",
        "Professionals should C.",
    )
    assert split_paragraphs(["A.", "B."]) == ("A.", "B.", None)
    assert split_paragraphs(["A.", "B.", "C.", "D."]) == ("A.\n\nB.\n\nC.\n\nD.", None, None)


def test_a_lead_in_bullet_is_joined_to_each_of_its_questions() -> None:
    briefing = parse(
        "Case 1\n\nA case.\n\nStrengths\n\n- **Good** work.\n\nKey Messages\n\nTheme One\n\n"
        "Words.\n\n- **Is your letter clear on:**\n - **HOW it is shared?**\n"
        " - **The legal status?**\n- **Do you ask?**\n"
    )
    questions = [q.text for q in briefing.cases[0].messages[0].questions]
    assert questions == [
        "Is your letter clear on HOW it is shared?",
        "Is your letter clear on the legal status?",
        "Do you ask?",
    ]
    with pytest.raises(BriefingError):
        parse("No cases here.")


def write_pdf(markdown: str, path: Path) -> None:
    """The briefing as a plain PDF, as a partnership's would be: its bold lost, its bullets
    the bullet sign, lines wrapped, a gap between paragraphs, several pages."""
    lines: List[Tuple[int, str, int]] = []  # x, text, extra space above
    for block in re.split(r"\n\s*\n", markdown.strip()):
        gap = 14
        for raw in block.replace("**", "").splitlines():
            bullet = re.match(r"^\s*- (.*)", raw)
            wrapped = textwrap.wrap(bullet.group(1) if bullet else raw.strip(), 85)
            for i, part in enumerate(wrapped):
                x = 50 if not bullet or i == 0 else 60
                lines.append((x, f"\u2022 {part}" if bullet and i == 0 else part, gap))
                gap = 0
    writer = PdfWriter()
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )
    pages: List[List[str]] = [[]]
    y = 800
    for x, part, gap in lines:
        y -= 12 + gap
        if y < 50:
            pages.append([])
            y = 788
        escaped = part.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        pages[-1].append(f"BT /F1 10 Tf {x} {y} Td ({escaped}) Tj ET")
    for operations in pages:
        page = writer.add_blank_page(595, 842)
        stream = DecodedStreamObject()
        stream.set_data("\n".join(operations).encode("cp1252"))
        page[NameObject("/Contents")] = writer._add_object(stream)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
    with open(path, "wb") as file:
        writer.write(file)
