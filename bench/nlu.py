"""NLU benchmark (make bench-nlu): how well Reflect finds the themes in practitioners' words.

1. Training time of a full, cold `rasa train` (target under 5 minutes on this 2-core machine).
2. 5-fold cross-validation on data/nlu: intent accuracy, and macro F1 over the situation
   intents (target >= 0.90).
3. The held-out set bench/data/nlu_holdout.yml (written apart from the training data, never
   trained on), ranked exactly as the bot ranks themes (whole message, its clauses, entities):
   theme top-1 (target >= 0.92) and top-3 (>= 0.98), a theme confusion table, and the same for
   a keyword baseline (TF-IDF over the audit's own text, nearest theme section): top-1 must be
   at least 1.4 times the baseline's.
4. Unrelated messages: the share that gets the out-of-scope reply and no theme (>= 0.95).

Options: --skip-cv and --skip-train-time for a quick run of 3 and 4 only.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any, Dict, List, Tuple

import yaml

from bench import quiet_rasa_logs
from bot.core.clauses import classify_clauses, split_clauses
from bot.core.relevance import theme_index
from bot.core.themes import is_unrelated, rank_themes
from bot.core.turn_data import THEME_SIMILARITY
from bot.knowledge import knowledge
from bot.ops.launcher import BIN, MODEL, child_env, model_is_stale, train_args, train_if_stale
from bot.settings import PROJECT_DIR

HOLDOUT = Path(__file__).parent / "data" / "nlu_holdout.yml"
SHORT = {
    "information_sharing": "info",
    "professional_curiosity": "curio",
    "cross_borough_working": "xboro",
    "cse_management": "cse",
    "substance_misuse_service": "subst",
    "professional_over_optimism": "optim",
    "challenge_escalation": "escal",
}


def run_rasa(args: List[str], extra_env: Dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    env = {**child_env(), **(extra_env or {})}
    subprocess.run(
        [str(BIN / "rasa"), *args],
        cwd=PROJECT_DIR,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def training_time() -> float:
    """A cold training run (empty cache), into a temporary folder."""
    with tempfile.TemporaryDirectory() as scratch:
        return run_rasa(
            [*train_args(scratch), "--force"],
            {"RASA_CACHE_DIRECTORY": str(Path(scratch) / "cache")},
        )


def cross_validation() -> Tuple[float, float, Dict[str, float]]:
    out = PROJECT_DIR / "results" / "nlu-cv"
    run_rasa(
        [
            "test",
            "nlu",
            "--nlu",
            "data/nlu",
            "--config",
            "config.yml",
            "--cross-validation",
            "--folds",
            "5",
            "--out",
            str(out),
        ]
    )
    report = json.loads((out / "intent_report.json").read_text(encoding="utf-8"))
    situations = knowledge().situations
    f1 = {intent: report[intent]["f1-score"] for intent in situations}
    return report["accuracy"], sum(f1.values()) / len(f1), f1


async def holdout() -> Dict[str, object]:
    from rasa.core.agent import Agent

    kb = knowledge()
    quiet_rasa_logs()
    agent = Agent.load(str(MODEL))
    data = yaml.safe_load(HOLDOUT.read_text(encoding="utf-8"))
    baseline = theme_index(kb)
    results = {"bot": [], "baseline": []}
    for item in data["theme_messages"]:
        text, truth = item["text"], item["theme"]
        parsed = await agent.parse_message(text)
        clauses = await classify_clauses(split_clauses(text), agent.parse_message)
        ranked = rank_themes(
            kb,
            parsed["intent_ranking"],
            parsed["entities"],
            clauses,
            similarity=parsed.get(THEME_SIMILARITY) or [],
        ).themes
        results["bot"].append((truth, ranked))
        results["baseline"].append((truth, [theme for theme, _ in baseline.rank(text)]))
    declined = await declined_count(agent, kb, data["out_of_scope_messages"])
    results["out_of_scope"] = (declined, len(data["out_of_scope_messages"]))
    return results


async def declined_count(agent: Any, kb: Any, messages: List[str]) -> int:
    """How many of ``messages`` get the out-of-scope reply and no theme."""
    declined = 0
    for text in messages:
        parsed = await agent.parse_message(text)
        intent = parsed["intent"]["name"]
        if intent == "out_of_scope" or (
            intent == "nlu_fallback" and is_unrelated(kb, text, parsed["intent_ranking"])
        ):
            declined += 1
    return declined


def top_k(pairs: List[Tuple[str, List[str]]], k: int) -> float:
    return sum(truth in ranked[:k] for truth, ranked in pairs) / len(pairs)


def confusion(pairs: List[Tuple[str, List[str]]]) -> str:
    counts = Counter((truth, ranked[0] if ranked else "-") for truth, ranked in pairs)
    themes = list(SHORT)
    lines = ["true \\ top-1 " + "".join(f"{SHORT[t]:>7}" for t in themes) + "   none"]
    for truth in themes:
        row = "".join(f"{counts[(truth, t)]:>7}" for t in themes)
        lines.append(f"{SHORT[truth]:<13}{row}{counts[(truth, '-')]:>7}")
    return "\n".join(lines)


def main(argv: List[str]) -> int:
    if model_is_stale():
        train_if_stale()
    checks = []
    print("NLU benchmark")
    if "--skip-train-time" not in argv:
        seconds = training_time()
        checks.append(seconds < 300)
        print(f"full training run (cold cache): {seconds:.0f} s (target < 300 s)")
    if "--skip-cv" not in argv:
        accuracy, macro_f1, per_intent = cross_validation()
        checks.append(macro_f1 >= 0.90)
        print(
            f"5-fold cross-validation: intent accuracy {accuracy:.3f}; macro F1 over "
            f"{len(per_intent)} situation intents {macro_f1:.3f} (target >= 0.90)"
        )
        for intent, f1 in sorted(per_intent.items(), key=lambda item: item[1]):
            print(f"  {intent:<40} F1 {f1:.3f}")
    results = asyncio.run(holdout())
    bot, base = results["bot"], results["baseline"]
    top1, top3, base1, base3 = top_k(bot, 1), top_k(bot, 3), top_k(base, 1), top_k(base, 3)
    ratio = top1 / base1 if base1 else float("inf")
    declined, unrelated = results["out_of_scope"]
    checks += [top1 >= 0.92, top3 >= 0.98, ratio >= 1.4, declined / unrelated >= 0.95]
    print(f"held-out set ({len(bot)} messages, {len(SHORT)} themes):")
    print(
        f"  Reflect:          theme top-1 {top1:.3f} (target >= 0.92), top-3 {top3:.3f} "
        f"(target >= 0.98)"
    )
    print(f"  keyword baseline: theme top-1 {base1:.3f}, top-3 {base3:.3f}")
    print(f"  top-1 ratio Reflect / baseline: {ratio:.2f} (target >= 1.4)")
    print("  confusion (Reflect):")
    print("    " + confusion(bot).replace("\n", "\n    "))
    print("  confusion (baseline):")
    print("    " + confusion(base).replace("\n", "\n    "))
    print(
        f"unrelated messages declined with no theme: {declined}/{unrelated} = "
        f"{declined / unrelated:.3f} (target >= 0.95)"
    )
    print("targets met" if all(checks) else "TARGETS NOT MET")
    return 0 if all(checks) else 1


if __name__ == "__main__":
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    sys.exit(main(sys.argv[1:]))
