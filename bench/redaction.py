"""Redaction benchmark: recall per kind of identifier and over-redaction, per data set.

Data (all fictional), each with ``identifiers`` (a sentence and every identifier in it, with
its kind) and ``keep`` (sentences with nothing identifying, and the words that must survive):

- ``dev``: bench/data/redaction/dev.yml, for tuning;
- ``dev2``: bench/data/redaction/test.yml, the first held-out split: run once and reported (all
  identifiers 0.942, over-redaction 9/219 sentences), then tuned on like ``dev``;
- ``test2``: bench/data/redaction/test2.yml, round 3's held-out split: run once and reported
  (all identifiers 0.898, over-redaction 5/120 keep sentences), then tuned on like ``dev``;
- ``cases``: bench/data/redaction_cases.yml, the older hand-written set (``lookalikes`` there);
- ``test3``: bench/data/redaction/test3.yml, round 4's held-out split: run once and reported (all
  identifiers 383/411 = 0.932, over-redaction 17/343 words and 13/150 keep sentences), then
  tuned on like ``dev``;
- ``test4``: bench/data/redaction/test4.yml, round 5's held-out split: run once and reported (all
  identifiers 515/539 = 0.955, over-redaction 1/530 words and 2/164 keep sentences), then tuned
  on like ``dev``;
- ``test5``: bench/data/redaction/test5.yml, round 6's held-out split: run once and reported (all
  identifiers 547/566 = 0.966, over-redaction 0/405 words and 0/211 keep sentences), then tuned
  on like ``dev``;
- ``test6``: bench/data/redaction/test6.yml, round 7's held-out split: run once and reported (all
  identifiers 626/659 = 0.950, over-redaction 3/517 words and 3/208 keep sentences), then tuned
  on like ``dev``;
- ``test7``: bench/data/redaction/test7.yml, round 8's held-out split: run once and reported (all
  identifiers 643/692 = 0.929, over-redaction 5/513 words and 5/215 keep sentences), then tuned
  on like ``dev``;
- ``test8``: bench/data/redaction/test8.yml, round 9's held-out split: run once and reported (all
  identifiers 842/899 = 0.937, over-redaction 12/506 words and 10/235 keep sentences), then
  tuned on like ``dev``;
- ``test9``: bench/data/redaction/test9.yml, round 10's held-out split: run once and reported
  (all identifiers 669/694 = 0.964, over-redaction 8/241 words and 10/216 keep sentences), then
  tuned on like ``dev``;
- ``test10``: bench/data/redaction/test10.yml, round 11's held-out split: run once and reported
  (all identifiers 589/630 = 0.935, over-redaction 5/322 words and 5/223 keep sentences), then
  tuned on like ``dev``;
- ``test11``: bench/data/redaction/test11.yml, round 12's held-out split: run once and reported
  (all identifiers 567/587 = 0.966, over-redaction 7/264 words and 10/192 keep sentences), then
  tuned on like ``dev``;
- ``test12``: bench/data/redaction/test12.yml, round 13's held-out split: run once and reported
  (all identifiers 928/969 = 0.958, over-redaction 14/392 words and 15/219 keep sentences), then
  tuned on like ``dev``;
- ``test13``: bench/data/redaction/test13.yml, round 14's held-out split: run once and reported
  (all identifiers 751/764 = 0.983, over-redaction 12/315 words and 11/234 keep sentences), then
  tuned on like ``dev``;
- ``test14``: bench/data/redaction/test14.yml, held out and fresh (written apart from the
  redactor): run it once and report what it gives; never read it or tune on it. Until it is
  written it is skipped with a note; its misses are never listed, even with ``-v``.

An identifier counts as found when every character of it is inside a redacted span (whatever
the placeholder), every time the sentence says it as a whole word: one left is one stored.
Over-redaction is reported two ways: words to keep that were lost, and keep sentences changed
at all; the target applies to both.

Run: ``make bench-redaction`` (every development set, and test14 once it exists),
``python -m bench.redaction test14`` (the held-out split alone), ``-v`` lists every miss of the
development sets. ``--served`` also sends every sentence of the chosen sets
through a served Reflect and looks for each identifier in the tracker store, the logs, the
replies, the history and the summary (target: none anywhere).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Tuple

import yaml

from bot.privacy.redaction import redactor

DATA = Path(__file__).parent / "data"
SETS = {
    "dev": DATA / "redaction" / "dev.yml",
    "dev2": DATA / "redaction" / "test.yml",  # held out once; a development set since
    "test2": DATA / "redaction" / "test2.yml",  # held out once (round 3); a development set since
    "cases": DATA / "redaction_cases.yml",
    "test3": DATA / "redaction" / "test3.yml",  # held out once (round 4); a development set since
    "test4": DATA / "redaction" / "test4.yml",  # held out once (round 5); a development set since
    "test5": DATA / "redaction" / "test5.yml",  # held out once (round 6); a development set since
    "test6": DATA / "redaction" / "test6.yml",  # held out once (round 7); a development set since
    "test7": DATA / "redaction" / "test7.yml",  # held out once (round 8); a development set since
    "test8": DATA / "redaction" / "test8.yml",  # held out once (round 9); a development set since
    "test9": DATA / "redaction" / "test9.yml",  # held out once (round 10); a development set since
    "test10": DATA / "redaction" / "test10.yml",  # held out once (round 11); a dev set since
    "test11": DATA / "redaction" / "test11.yml",  # held out once (round 12); a dev set since
    "test12": DATA / "redaction" / "test12.yml",  # held out once (round 13); a dev set since
    "test13": DATA / "redaction" / "test13.yml",  # held out once (round 14); a dev set since
    "test14": DATA / "redaction" / "test14.yml",
}
HELD_OUT = ("test14",)  # reported, never listed miss by miss: reading it would make it a dev set
DEVELOPMENT = (
    "dev",
    "dev2",
    "test2",
    "test3",
    "test4",
    "test5",
    "test6",
    "test7",
    "test8",
    "test9",
    "test10",
    "test11",
    "test12",
    "test13",
    "cases",
)
KINDS = ("NAME", "DATE", "NHS_NUMBER", "PHONE", "EMAIL", "POSTCODE", "ADDRESS", "SCHOOL")
RECALL_TARGET = 1.0  # the target: no identifier of the test split stored anywhere
OVER_TARGET = 0.02


@dataclass
class Figures:
    found: Counter = field(default_factory=Counter)
    total: Counter = field(default_factory=Counter)
    kept_words: int = 0
    lost_words: int = 0
    keep_sentences: int = 0
    changed_sentences: int = 0
    misses: List[Tuple[str, str, str]] = field(default_factory=list)
    over: List[Tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    messages: int = 0


def _shown(path: Path) -> str:
    """``path`` from the repository's root when it is inside it."""
    root = DATA.parent.parent
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


def load(name: str) -> Dict[str, List[Dict[str, Any]]]:
    data = yaml.safe_load(SETS[name].read_text(encoding="utf-8"))
    return {"identifiers": data["identifiers"], "keep": data.get("keep") or data["lookalikes"]}


def covered(spans: List[Tuple[int, int, str]], start: int, end: int) -> bool:
    """Every character of the identifier is inside a redacted span."""
    return all(any(s <= i < e for s, e, _ in spans) for i in range(start, end))


def occurrences(text: str, value: str) -> List[int]:
    """Where ``value`` is said in ``text``, each time as a whole word ("Tom", not in
    "Tomorrow"); only its first place where it is never said whole."""
    starts = [m.start() for m in re.finditer(re.escape(value), text)]
    whole = [
        s
        for s in starts
        if not (value[0].isalnum() and s and text[s - 1].isalnum())
        and not (value[-1].isalnum() and text[s + len(value) : s + len(value) + 1].isalnum())
    ]
    return whole or starts[:1]


def measure(data: Dict[str, List[Dict[str, Any]]]) -> Figures:
    engine, figures = redactor(), Figures()
    started = time.perf_counter()
    for case in data["identifiers"]:
        spans = engine.spans(case["text"])
        for expect in case["expect"]:
            value, kind = expect["value"], expect["type"]
            figures.total[kind] += 1
            # Found only where every time the sentence says it is removed: one left is stored.
            if all(
                covered(spans, start, start + len(value))
                for start in occurrences(case["text"], value)
            ):
                figures.found[kind] += 1
            else:
                figures.misses.append((kind, expect["value"], case["text"]))
    for case in data["keep"]:
        redacted = engine.redact(case["text"]).text
        figures.keep_sentences += 1
        figures.changed_sentences += redacted != case["text"]
        for keep in case["keep"]:
            figures.kept_words += 1
            if keep not in redacted:
                figures.lost_words += 1
                figures.over.append((keep, redacted))
    figures.seconds = time.perf_counter() - started
    figures.messages = len(data["identifiers"]) + len(data["keep"])
    return figures


def report(name: str, figures: Figures, verbose: bool) -> bool:
    role = "held out: report once, never tune" if name in HELD_OUT else "development"
    print(f"\n{name} ({role}): {_shown(SETS[name])}")
    print(f"{'kind':<12}{'found':>7}{'total':>7}{'recall':>9}")
    for kind in KINDS:
        if figures.total[kind]:
            recall = figures.found[kind] / figures.total[kind]
            print(f"{kind:<12}{figures.found[kind]:>7}{figures.total[kind]:>7}{recall:>9.3f}")
    found, total = sum(figures.found.values()), sum(figures.total.values())
    print(f"{'all':<12}{found:>7}{total:>7}{found / total:>9.3f}")
    lost = figures.lost_words / figures.kept_words
    changed = figures.changed_sentences / figures.keep_sentences
    print(
        f"over-redaction: words to keep lost {figures.lost_words}/{figures.kept_words} = "
        f"{lost:.3f}; keep sentences changed {figures.changed_sentences}/"
        f"{figures.keep_sentences} = {changed:.3f} (target <= {OVER_TARGET})"
    )
    print(
        f"speed: {figures.messages} messages in {figures.seconds:.1f} s = "
        f"{1000 * figures.seconds / figures.messages:.1f} ms/message"
    )
    if verbose and name not in HELD_OUT:
        for item in figures.misses:
            print("MISSED", *item, sep=" | ")
        for item in figures.over:
            print("REMOVED", *item, sep=" | ")
    return found == total and max(lost, changed) <= OVER_TARGET


def _leak_patterns(sentence: str, value: str) -> List[re.Pattern]:
    """How ``value`` would show if it were kept: with the word before or after it in
    ``sentence`` (either neighbour as said or as a placeholder), as a whole word, as written
    and as JSON writes it. A name that is also a word ("will") counts only beside its own
    sentence's words, never for Reflect's own "will" in a reply; "ella" never in "umbrella"."""
    found = re.search(rf"(?:(\S+)\s+)?{re.escape(value)}(?:\s+(\S+))?", sentence)
    before, after = (found.group(1), found.group(2)) if found else (None, None)
    patterns = []
    for form in {value, json.dumps(value)[1:-1]}:
        said = rf"(?<!\w){re.escape(form)}(?!\w)"
        if before:
            patterns.append(rf"(?:{re.escape(before)}|\[[A-Z_]+\])\s+{said}")
        if after:
            patterns.append(rf"{said}\s+(?:{re.escape(after)}|\[[A-Z_]+\])")
        if not (before or after):
            patterns.append(said)
    return [re.compile(pattern) for pattern in patterns]


def served_check(names: List[str], verbose: bool = False) -> bool:
    """Every sentence through a served Reflect (debug logs on); each identifier looked for in
    the tracker store, the logs, the replies, the history and the summary."""
    import tempfile
    import urllib.error
    import urllib.request
    import uuid

    from bot.channels.access import KEY_HEADER
    from bot.ops.launcher import free_port, servers
    from bot.settings import deployment

    cases = [case for name in names for case in load(name)["identifiers"]]
    listed = {  # the held-out set's identifiers are counted, never printed
        expect["value"]
        for name in names
        if name not in HELD_OUT
        for case in load(name)["identifiers"]
        for expect in case["expect"]
    }
    with tempfile.TemporaryDirectory() as scratch:
        settings = deployment(
            {
                "REFLECT_DATA_DIR": scratch,
                "PORT": str(free_port()),
                "ACTION_PORT": str(free_port()),
                "REFLECT_LOG_LEVEL": "DEBUG",
            }
        )
        base = f"http://127.0.0.1:{settings.port}"
        seen: List[str] = []

        def call(path: str, key: str | None, body: Dict[str, Any] | None = None) -> str | None:
            """``path`` with the conversation's key; the key the reply gives."""
            request = urllib.request.Request(
                base + path,
                data=json.dumps(body).encode() if body is not None else None,
                headers={"Content-Type": "application/json", **({KEY_HEADER: key} if key else {})},
            )
            for attempt in range(120):
                try:
                    with urllib.request.urlopen(request, timeout=120) as reply:
                        seen.append(reply.read().decode("utf-8"))
                        return reply.headers.get(KEY_HEADER) or key
                except urllib.error.HTTPError as problem:
                    if problem.code != 503 or attempt == 119:  # 503: still loading the model
                        raise
                    time.sleep(1)
            return key

        with servers(settings, enable_api=False, log_dir=Path(scratch) / "logs"):
            for start in range(0, len(cases), 10):  # ten sentences a conversation
                sender, key = str(uuid.uuid4()), None
                for text in [*(case["text"] for case in cases[start : start + 10]), "summarise"]:
                    key = call("/webhooks/rest/webhook", key, {"sender": sender, "message": text})
                call(f"/webhooks/reflect/history/{sender}", key)
                call(f"/webhooks/reflect/summary/{sender}.md", key)
        places = {
            "store": settings.sqlite_path.read_text(encoding="utf-8", errors="replace"),
            "logs": "".join(
                p.read_text(encoding="utf-8", errors="replace")
                for p in (Path(scratch) / "logs").glob("*.log")
            ),
            "replies and downloads": "\n".join(seen),
        }
        # JSON escapes non-ASCII and quotes in the store and the replies: look for both forms.
        leaks = Counter()
        for case in cases:
            for expect in case["expect"]:
                value = expect["value"]
                patterns = _leak_patterns(case["text"], value)
                for place, text in places.items():
                    if any(pattern.search(text) for pattern in patterns):
                        leaks[place] += 1
                        if verbose and value in listed:
                            print("LEAKED", place, expect["type"], value, sep=" | ")
    total = sum(len(case["expect"]) for case in cases)
    print(f"\nserved ({', '.join(names)}): {len(cases)} sentences, {total} identifiers")
    for place in places:
        print(f"identifiers found in {place}: {leaks[place]} (target 0)")
    return not leaks


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.redaction")
    parser.add_argument("sets", nargs="*", default=[*DEVELOPMENT, *HELD_OUT], help=", ".join(SETS))
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--served", action="store_true")
    args = parser.parse_args(argv)
    if not set(args.sets) <= set(SETS):
        parser.error(f"the sets are {', '.join(SETS)}")
    print("Redaction benchmark (all data fictional); identifiers found anywhere are misses")
    missing = [name for name in args.sets if name in HELD_OUT and not SETS[name].exists()]
    for name in missing:
        print(f"\n{name}: {_shown(SETS[name])} is not written yet: skipped")
    chosen = [name for name in args.sets if name not in missing]
    ok = all([report(name, measure(load(name)), args.verbose) for name in chosen])
    if args.served:
        ok &= served_check(chosen, args.verbose)
    print("\ntargets met" if ok else "\nTARGETS NOT MET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
