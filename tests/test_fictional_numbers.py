"""Every phone- or NHS-shaped number in the test and benchmark data is fictional (Ofcom's drama
ranges, the NHS 999 range that is never issued) or the audit's own (a signpost's number in
docs/source/): fixtures must never hold a real person's number."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
AUDIT = (ROOT / "docs" / "source" / "city_of_london_2017_18_audit.txt").read_text(encoding="utf-8")
# Ofcom's numbers for drama: 07700 900000-900999, 020 7946 0000-0999, 0113/0161 496 0000-0999
# Ofcom's drama ranges: mobiles, London, the geographic 496 0xxx blocks (Leeds, Sheffield,
# Nottingham, Leicester, Bristol, Reading, Birmingham, Edinburgh, Glasgow, Liverpool,
# Manchester), Tyneside, Belfast, Cardiff and 01632 960
DRAMA = (
    "07700900",
    "02079460",
    "01134960",
    "01144960",
    "01154960",
    "01164960",
    "01174960",
    "01184960",
    "01214960",
    "01314960",
    "01414960",
    "01514960",
    "01614960",
    "01914980",
    "02896496",
    "02920180",
    "01632960",
)
# a run of digits written as a UK phone or an NHS number ("+44 (0)20 7946 0405", "999 234 5678")
NUMBER = re.compile(r"(?<![\d/.-])(?:\+44\s?\(0\)|\+44\s?|0044\s?)?\d[\d \-]{8,13}\d(?![\d/])")
UUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", re.I)
DATA = sorted(
    path
    for path in [
        *ROOT.glob("tests/**/*.yml"),
        *ROOT.glob("bench/data/**/*.yml"),
        *ROOT.glob("tests/**/*.py"),
    ]
    if path.name != Path(__file__).name  # its own examples of real-looking numbers
)


def national(number: str) -> str:
    digits = re.sub(r"\D", "", number)
    for prefix in ("00440", "0044", "440", "44"):
        if number.lstrip().startswith(("+", "00")) and digits.startswith(prefix):
            return "0" + digits[len(prefix) :].lstrip("0")
    return digits


def fictional(number: str) -> bool:
    year_first = re.match(r"\s*(?:19|20)\d\d\s+(?=\d)", number)
    if year_first:  # "2016 999-103-9678": a date's year, then the number
        number = number[year_first.end() :]
    digits = national(number)
    if len(digits) < 10 or len(re.sub(r"\D", "", number)) > 13:
        return True  # not phone- or NHS-shaped (a reference, a uuid part)
    if len(digits) == 10 and digits.startswith("999"):
        return True  # the NHS number range never issued
    if len(digits) == 10 and not digits.startswith("0"):
        digits = "0" + digits  # "7700 900674"
    audits_own = re.sub(r"\D", "", number) in re.sub(r"[^\d\n]", "", AUDIT.replace(" ", ""))
    return digits.startswith(DRAMA) or audits_own


@pytest.mark.parametrize("path", DATA, ids=[str(p.relative_to(ROOT)) for p in DATA])
def test_numbers_in_test_and_benchmark_data_are_fictional(path: Path) -> None:
    text = UUID.sub("", path.read_text(encoding="utf-8"))
    real = [m.group().strip() for m in NUMBER.finditer(text) if not fictional(m.group())]
    assert not real, f"{path.name}: numbers outside the fictional ranges: {real[:5]}"


@pytest.mark.parametrize(
    "number, ok",
    [
        ("07700 900123", True),
        ("+44 (0)20 7946 0405", True),
        ("0044 7700 900721", True),
        ("999 234 5678", True),
        ("020 8356 7377", True),  # the Substance Misuse Service's number, as the audit gives it
        ("07911 123456", False),
        ("020 7123 4567", False),
        ("485 777 3456", False),  # an NHS-shaped number outside the 999 range
    ],
)
def test_what_counts_as_fictional(number: str, ok: bool) -> None:
    assert fictional(number) is ok
