"""Redaction benchmark: recall per identifier type and over-redaction of look-alikes.

Targets (issue 5): recall 100% for NHS numbers, phone numbers, e-mails and postcodes; at least
95% for names; at most 3% of look-alikes removed. Data: bench/data/redaction_cases.yml (fictional).
Run: make bench-redaction
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

import yaml

from bot.privacy.redaction import redactor

DATA = Path(__file__).parent / "data" / "redaction_cases.yml"
TYPES = {
    "NAME": "PERSON",
    "DATE": "FULL_DATE",
    "NHS_NUMBER": "UK_NHS",
    "PHONE": "PHONE_NUMBER",
    "EMAIL": "EMAIL_ADDRESS",
    "POSTCODE": "UK_POSTCODE",
    "ADDRESS": "UK_ADDRESS",
}
TARGETS = {"NHS_NUMBER": 1.0, "PHONE": 1.0, "EMAIL": 1.0, "POSTCODE": 1.0, "NAME": 0.95}


def covered(spans, start: int, end: int) -> bool:
    """Every character of the identifier is inside a redacted span."""
    return all(any(s <= i < e for s, e, _ in spans) for i in range(start, end))


def main(verbose: bool = False) -> int:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    engine = redactor()
    found, total, misses = Counter(), Counter(), []
    started = time.perf_counter()
    for case in data["identifiers"]:
        spans = engine.spans(case["text"])
        for expect in case["expect"]:
            start = case["text"].index(expect["value"])
            end = start + len(expect["value"])
            total[expect["type"]] += 1
            if covered(spans, start, end):
                found[expect["type"]] += 1
            else:
                misses.append((expect["type"], expect["value"], case["text"]))
    kept_total, removed = 0, []
    for case in data["lookalikes"]:
        redacted = engine.redact(case["text"]).text
        for keep in case["keep"]:
            kept_total += 1
            if keep not in redacted:
                removed.append((keep, case["text"], redacted))
    elapsed = time.perf_counter() - started
    messages = len(data["identifiers"]) + len(data["lookalikes"])
    print("Redaction benchmark (bench/data/redaction_cases.yml, all fictional)")
    print(f"{'type':<12}{'found':>7}{'total':>7}{'recall':>9}{'target':>9}")
    ok = True
    for kind in TYPES:
        recall = found[kind] / total[kind] if total[kind] else float("nan")
        target = TARGETS.get(kind)
        ok &= target is None or recall >= target
        print(
            f"{kind:<12}{found[kind]:>7}{total[kind]:>7}{recall:>9.3f}"
            f"{(f'{target:.2f}' if target else '-'):>9}"
        )
    over = len(removed) / kept_total
    ok &= over <= 0.03
    print(
        f"over-redaction: {len(removed)}/{kept_total} look-alikes removed = {over:.3f}"
        " (target <= 0.03)"
    )
    print(
        f"speed: {messages} messages in {elapsed:.2f} s"
        f" = {1000 * elapsed / messages:.1f} ms/message"
    )
    if verbose:
        for item in misses:
            print("MISSED", *item, sep=" | ")
        for item in removed:
            print("REMOVED", *item, sep=" | ")
    print("targets met" if ok else "TARGETS NOT MET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(verbose="-v" in sys.argv))
