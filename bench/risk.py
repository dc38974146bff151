"""Immediate-risk benchmark (make bench-risk): recall, false alarms, routes and what follows.

Sets (each message screened as the channel screens it: redacted, parsed whole and clause by
clause, bot/channels/guard.py):

- ``test15``: bench/data/risk/test15.yml, held out and fresh: written apart from the screen, by
  someone who never saw it, before round 15's tuning was merged; never read nor used for tuning.
  The figures to report, and the set the targets are checked on. Until it is written it is
  skipped, with a note.
- ``test14``: bench/data/risk/test14.yml, round 14's held-out set. Its figures were reported at
  the end of round 14 (run once: recall 0.915, false alarms 0.041); it has been a development
  set since (round 15 tunes on it).
- ``test13``: bench/data/risk/test13.yml, round 13's held-out set. Its figures were reported at
  the end of round 13 (run once: recall 0.942, false alarms 0.034); it has been a development
  set since (round 14 tunes on it).
- ``test12``: bench/data/risk/test12.yml, round 12's held-out set. Its figures were reported at
  the end of round 12 (run once: recall 0.914, false alarms 0.011); it has been a development
  set since (round 13 tunes on it).
- ``test11``: bench/data/risk/test11.yml, round 11's held-out set. Its figures were reported at
  the end of round 11 (run once: recall 0.836, false alarms 0.008); it has been a development
  set since (round 12 tunes on it).
- ``test10``: bench/data/risk/test10.yml, round 10's held-out set. Its figures were reported at
  the end of round 10 (run once: recall 0.816, false alarms 0.018); it has been a development
  set since (round 11 tunes on it).
- ``test9``: bench/data/risk/test9.yml, round 9's held-out set. Its figures were reported at the
  end of round 9 (run once: recall 0.880, false alarms 0.015); it has been a development set
  since (round 10 tunes on it).
- ``test8``: bench/data/risk/test8.yml, round 8's held-out set. Its figures were reported at the
  end of round 8 (run once: recall 0.887, false alarms 0.042); it has been a development set
  since (round 9 tuned on it).
- ``test7``: bench/data/risk/test7.yml, round 7's held-out set. Its figures were reported at the
  end of round 7 (run once: recall 0.851, false alarms 0.033); it has been a development set
  since (round 8 tuned on it).
- ``test6``: bench/data/risk/test6.yml, round 6's held-out set. Its figures were reported at the
  end of round 6 (run once: recall 0.912, false alarms 0.008); it has been a development set
  since (round 7 tuned on it).
- ``test5``: bench/data/risk/test5.yml, round 5's held-out set. Its figures were reported at the
  end of round 5 (run once: recall 0.888, false alarms 0.026); it has been a development set
  since (round 6 tuned on it).
- ``test4``: bench/data/risk/test4.yml, round 4's held-out set. Its figures were reported at the
  end of round 4 (run once: recall 0.880, false alarms 0.027); it has been a development set
  since (round 5 tuned on it).
- ``test3``: bench/data/risk/test3.yml, round 3's held-out set. Its figures were reported at the
  end of round 3 (run once); it has been a development set since (round 4 tuned on it).
- ``test2``: bench/data/risk/test2.yml, round 2's held-out set. Its figures were reported at the
  end of round 2; it has been a development set since (round 3 tuned on it).
- ``test1``: bench/data/risk/test.yml, round 1's held-out set (written apart from the screen by
  someone who saw only the README, the contract and the audit). A development set since round 3.
- ``dev``: bench/data/risk/dev.yml, from round 1's writer: the rules were tuned on it.
- ``dev2``: bench/data/risk/dev2.yml, a second development set, tuned on in round 2.
- ``earlier``: bench/data/risk_messages.yml, the held-out set of the first version of the
  screen (before issue 18; no categories).
- ``fixture``: tests/fixtures/risk_dev.yml, the rules' first tuning set (not held out).
- ``suite`` (benign only): every practitioner line of the conversation suite
  (tests/conversations) that is not meant to get the safety message; tuned on.
- ``nlu`` (benign only): every situation example in data/nlu. The classifier is trained on
  them, so only the rules' false alarms say anything there.

For each: recall on the risk messages and false alarms on the benign ones, overall and per
category, context (inside the questions or a supervision) and position (risk at the start, in
the middle or at the end of a long description), for the rules alone, the classifier alone and
both (what Reflect does; "classifier alone" is its layer as Reflect uses it: the classifier's
risk intent where a sentence names a concern as happening now). Routes: the share of risk
messages given every route the writer said the practitioner must be told. Continuation (test15
and the development sets, through a served bot): each flagged message that also describes a
situation, sent in its context (the questions on another theme, or a supervision), must get the
safety message first and then its situation's theme; and inside the questions or a supervision,
the pending question or step must come again.

Targets (test15): recall 100%, false alarms at most 1%, every flagged situation message
continues to its content. ``--sets test5,dev`` chooses sets (the default: every set, test15 once
it is written); ``--no-served`` skips the continuation check; ``-v`` lists each miss, false
alarm, wrong route and continuation failure of the development sets (never of the held-out
``test15``: reading it would make it a tuning set).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, List

import yaml

from bench import quiet_rasa_logs
from bot.ops.launcher import MODEL, free_port, model_is_stale, servers, train_if_stale
from bot.safety.risk import RISK_INTENT
from bot.safety.routes import routes_for

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parents[1]
# Opening the questions on a theme other than the message's own, so an offer of its situation
# can only come from the message itself.
OTHER_THEME = {"professional_over_optimism": "challenge_escalation"}
# Held out: -v never lists their messages.
TEST = "test15"
HELD_OUT = (TEST,)
TEST_PATH = DATA / "risk" / "test15.yml"
SERVED = (
    TEST,
    "test14",
    "test13",
    "test12",
    "test11",
    "test10",
    "test9",
    "test8",
    "test7",
    "test6",
    "test5",
    "test4",
    "test3",
    "test2",
    "test1",
    "dev",
    "dev2",
)
DEFAULT_OTHER = "professional_over_optimism"


@dataclass
class Item:
    text: str
    risk: bool
    category: str = "-"
    context: str = "none"
    position: str = "-"
    situation: str | None = None
    routes: List[str] = field(default_factory=list)


def _items(path: Path) -> List[Item]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if "risk" in data:  # the issue-18 format
        return [
            Item(
                r["text"],
                True,
                r["category"],
                r.get("context") or "none",
                r.get("position") or "-",
                r.get("situation"),
                list(r.get("routes") or []),
            )
            for r in data["risk"]
        ] + [
            Item(b["text"], False, b["category"], b.get("context") or "none")
            for b in data["benign"]
        ]
    return [Item(t, True) for t in data["immediate_risk"]] + [
        Item(t, False) for t in data["not_immediate"]
    ]


def _suite_lines() -> List[Item]:
    items = []
    for path in sorted((ROOT / "tests" / "conversations").glob("*.yml")):
        for conversation in yaml.safe_load(path.read_text(encoding="utf-8"))["conversations"]:
            for turn in conversation["turns"]:
                said, expect = turn.get("user"), turn.get("expect") or {}
                if not isinstance(said, str) or said.startswith("/"):
                    continue
                if expect.get("first") == "safety" or "safety" in expect.get("kinds", []):
                    continue
                items.append(Item(said, False, path.stem))
    return items


def _nlu_examples() -> List[Item]:
    from rasa.shared.nlu.training_data.loading import load_data

    items = []
    for path in sorted((ROOT / "data" / "nlu" / "situations").glob("*.yml")):
        for example in load_data(str(path)).intent_examples:
            items.append(Item(example.get("text"), False, example.get("intent")))
    return items


def load_set(name: str) -> List[Item]:
    return {
        "test15": lambda: _items(TEST_PATH),
        "test14": lambda: _items(DATA / "risk" / "test14.yml"),
        "test13": lambda: _items(DATA / "risk" / "test13.yml"),
        "test12": lambda: _items(DATA / "risk" / "test12.yml"),
        "test11": lambda: _items(DATA / "risk" / "test11.yml"),
        "test10": lambda: _items(DATA / "risk" / "test10.yml"),
        "test9": lambda: _items(DATA / "risk" / "test9.yml"),
        "test8": lambda: _items(DATA / "risk" / "test8.yml"),
        "test7": lambda: _items(DATA / "risk" / "test7.yml"),
        "test6": lambda: _items(DATA / "risk" / "test6.yml"),
        "test5": lambda: _items(DATA / "risk" / "test5.yml"),
        "test4": lambda: _items(DATA / "risk" / "test4.yml"),
        "test3": lambda: _items(DATA / "risk" / "test3.yml"),
        "test2": lambda: _items(DATA / "risk" / "test2.yml"),
        "test1": lambda: _items(DATA / "risk" / "test.yml"),
        "dev": lambda: _items(DATA / "risk" / "dev.yml"),
        "dev2": lambda: _items(DATA / "risk" / "dev2.yml"),
        "earlier": lambda: _items(DATA / "risk_messages.yml"),
        "fixture": lambda: _items(ROOT / "tests" / "fixtures" / "risk_dev.yml"),
        "suite": _suite_lines,
        "nlu": _nlu_examples,
    }[name]()


@dataclass
class Screened:
    rules: bool
    classifier: bool
    flagged: bool


def _parsed(parses: List[Dict[str, Any]]) -> Callable[[str], Awaitable[Dict[str, Any]]]:
    """The parse function bot.core.clauses wants, answering from parses already made."""
    by_text = {p["text"]: p for p in parses}

    async def parse(clause: str) -> Dict[str, Any]:
        return by_text[clause]

    return parse


async def screen_all(texts: List[str]) -> List[Screened]:
    """Each text as the channel screens it: redacted, parsed whole and clause by clause (the
    clauses flag the whole message, bot.nlu.risk_screen.flag_from_clauses)."""
    from rasa.core.agent import Agent

    from bot.core.clauses import classify_clauses, split_clauses
    from bot.core.turn_data import CLAUSES
    from bot.nlu.risk_screen import SCREEN, flag_from_clauses
    from bot.privacy.redaction import redactor

    quiet_rasa_logs()
    agent = Agent.load(str(MODEL))
    results = []
    for text in texts:
        redacted = redactor().redact(text).text
        whole = await agent.parse_message(redacted)
        parses = [whole, *[await agent.parse_message(c) for c in split_clauses(redacted)]]
        whole[CLAUSES] = await classify_clauses(split_clauses(redacted), _parsed(parses[1:]))
        flagged = flag_from_clauses(whole)
        results.append(
            Screened(
                rules=any(p[SCREEN]["rules"] for p in parses),
                classifier=any(p[SCREEN]["classifier"] for p in parses),
                flagged=flagged,
            )
        )
        assert flagged == (whole["intent"]["name"] == RISK_INTENT)
    return results


def _share(hits: int, total: int) -> str:
    return f"{hits}/{total} = {hits / total:.3f}" if total else "-"


def report(name: str, items: List[Item], screened: List[Screened], verbose: bool) -> Dict:
    """Prints the set's figures; returns recall and false-alarm rate (both layers)."""
    figures: Dict[str, Any] = {}
    for risky in (True, False):
        pairs = [(i, s) for i, s in zip(items, screened, strict=True) if i.risk == risky]
        if not pairs:
            continue
        what = "recall" if risky else "false alarms"
        print(f"  {what} ({len(pairs)} {'risk' if risky else 'benign'} messages)")
        for layer in ("rules", "classifier", "flagged"):
            hits = sum(getattr(s, layer) for _, s in pairs)
            label = {"flagged": "both (Reflect)"}.get(layer, f"{layer} alone")
            print(f"    {label:18} {_share(hits, len(pairs))}")
        figures[what] = sum(s.flagged for _, s in pairs) / len(pairs)
        groups = [("category", "category")] + (
            [("context", "context"), ("position", "position")]
            if risky
            else [("context", "context")]
        )
        for title, attribute in groups:
            by: Dict[str, List[Screened]] = defaultdict(list)
            for item, s in pairs:
                by[getattr(item, attribute)].append(s)
            if len(by) < 2:
                continue
            cells = [
                f"{key} {sum(s.flagged for s in group)}/{len(group)}"
                f" (r{sum(s.rules for s in group)} c{sum(s.classifier for s in group)})"
                for key, group in sorted(by.items())
            ]
            print(f"    by {title}: " + "; ".join(cells))
        if risky and any(i.routes for i, _ in pairs):
            given = [(i, routes_for(i.text)) for i, _ in pairs]
            full = sum(set(i.routes) <= set(r) for i, r in given)
            print(f"    routes: every route the writer named given for {_share(full, len(pairs))}")
            for route in ("emergency", "dsl", "lado", "childrens_social_care", "out_of_hours"):
                wanted = [r for i, r in given if route in i.routes]
                unwanted = [r for i, r in given if route not in i.routes]
                named = _share(sum(route in r for r in wanted), len(wanted))
                print(
                    f"      {route:22} given where named {named}; "
                    f"where not named {sum(route in r for r in unwanted)}/{len(unwanted)}"
                )
            if verbose:
                for item, picked in given:
                    if not set(item.routes) <= set(picked):
                        missing = ", ".join(r for r in item.routes if r not in picked)
                        print(f"      ROUTE MISSING ({missing}) [{item.category}] {item.text}")
        if verbose:
            for item, s in pairs:
                if s.flagged != risky:
                    tag = "MISSED" if risky else "FALSE ALARM (rules)" if s.rules else "FALSE ALARM"
                    print(
                        f"      {tag} [{item.category}/{item.context}/{item.position}] {item.text}"
                    )
    return figures


@dataclass
class Followed:
    """What came after one flagged message through a served bot."""

    continued: bool | None  # went on to its situation (None: it describes none)
    kept: bool | None  # the pending question or step came again (None: no context)
    failures: List[str]


def continuation(items: List[Item]) -> List[Followed]:
    """Through one served bot: whether each flagged message that describes a situation goes on
    to it, and whether, in the questions or a supervision, the pending question or step comes
    again."""
    from tests.e2e.conftest import ServedBot, new_sender, served_settings

    followed: List[Followed] = []
    with tempfile.TemporaryDirectory() as scratch:
        settings = served_settings(Path(scratch), free_port(), {})
        with servers(settings, enable_api=False, log_dir=Path(scratch) / "logs"):
            bot = ServedBot(settings, Path(scratch) / "logs", 0)
            for item in items:
                sender = new_sender()
                if item.context == "reflection":
                    other = OTHER_THEME.get(item.situation or "", DEFAULT_OTHER)
                    bot.say(sender, "/choose_theme" + json.dumps({"theme": other}))
                elif item.context == "supervision":
                    bot.say(sender, "/start_supervision")
                reply = bot.say(sender, item.text)
                followed.append(_followed(item, reply))
    return followed


def _followed(item: Item, reply: List[Dict[str, Any]]) -> Followed:
    payloads = [m["custom"] for m in reply if isinstance(m.get("custom"), dict)]
    kinds = [p.get("kind") for p in payloads]
    if not kinds or kinds[0] != "safety":
        failure = f"not flagged first ({kinds[:3]}): {item.text[:90]}"
        return Followed(
            False if item.situation else None,
            False if item.context != "none" else None,
            [failure],
        )
    failures: List[str] = []
    continued = kept = None
    if item.situation:
        themes = {
            t
            for p in payloads
            for t in (p.get("themes") or []) + [p.get("theme")]
            if p.get("kind") in ("theme_suggestion", "key_message")
        }
        continued = item.situation in themes
        if not continued:
            failures.append(f"no {item.situation} after: {item.text[:90]}")
    if item.context != "none":
        again = "reflective_question" if item.context == "reflection" else "supervision_step"
        kept = again in kinds and "answer" not in kinds
        if not kept:
            failures.append(f"{again} not kept: {item.text[:90]}")
    return Followed(continued, kept, failures)


def _default_sets() -> List[str]:
    """Every set; the held-out test15 only once it has been written (its existence is all that is
    looked at here)."""
    every = [
        *SERVED,  # the held-out set first
        "earlier",
        "fixture",
        "suite",
        "nlu",
    ]
    return [n for n in every if n != TEST or TEST_PATH.exists()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sets", default=",".join(_default_sets()))
    parser.add_argument("--no-served", action="store_true")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    if model_is_stale(MODEL):
        train_if_stale()
    chosen = [s.strip() for s in args.sets.split(",") if s.strip()]
    if not TEST_PATH.exists():
        chosen = [name for name in chosen if name != TEST]
        where = TEST_PATH.relative_to(ROOT)
        print(f"{TEST}: {where} is not written yet: skipped, the targets unchecked")
    sets = {name: load_set(name) for name in chosen}
    texts = [i.text for name in chosen for i in sets[name]]
    screened = iter(asyncio.run(screen_all(texts)))  # one model load for every set
    results = {name: [next(screened) for _ in sets[name]] for name in chosen}
    print("Immediate-risk benchmark (bench/risk.py says what each set is)")
    figures = {}
    for name in chosen:
        print(f"\n[{name}]")
        verbose = args.verbose and name not in HELD_OUT
        figures[name] = report(name, sets[name], results[name], verbose)
    ok = True  # the targets are checked on the held-out set only
    if TEST in figures:
        recall, alarms = figures[TEST].get("recall", 0.0), figures[TEST].get("false alarms", 1)
        ok = recall == 1.0 and alarms <= 0.01
        print(f"\n{TEST}: recall {recall:.3f} (target 1.000), false alarms {alarms:.3f} (<= 0.010)")
    served = [n for n in SERVED if n in chosen]
    if not args.no_served and served:
        wanted = {
            name: [
                i
                for i, s in zip(sets[name], results[name], strict=True)
                if i.risk and s.flagged and (i.situation or i.context != "none")
            ]
            for name in served
        }
        followed = iter(continuation([i for name in served for i in wanted[name]]))
        for name in served:
            mine = [next(followed) for _ in wanted[name]]
            went_on = [f.continued for f in mine if f.continued is not None]
            kept = [f.kept for f in mine if f.kept is not None]
            print(
                f"\n[{name}] through a served bot: flagged situation messages that continue to "
                f"their content {_share(sum(went_on), len(went_on))}; pending question or step "
                f"kept {_share(sum(kept), len(kept))}"
            )
            if args.verbose and name not in HELD_OUT:
                for failure in (f for one in mine for f in one.failures):
                    print(f"      {failure}")
            if name == TEST:
                ok = ok and all(went_on)
    if TEST not in figures:
        print(f"targets not checked: they are checked on {TEST} only")
    else:
        print("targets met" if ok else "TARGETS NOT MET")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
