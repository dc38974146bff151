"""What each extension of Rasa saves (make bench-rasa-ext), measured on real turns.

One in-process Rasa agent (the trained model, our SQLite tracker store) talks to a real action
server. The same long conversation (--turns, default 200) runs twice: once with Rasa's own code
(RulePolicy's states, applied_events, action-result validation), once with ours. cProfile gives
each replaced function's time per turn in both runs, and Rasa's ``Event.resolve_by_type`` (no
longer replaced) its time per turn; the runs' turn latency is timed without the profiler.
The intent classifier's weight layout is timed over the same messages' parses.
Figures go to docs/design.md, "Speed".
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import statistics
import tempfile
import time
import uuid
from pathlib import Path
from typing import Callable, Dict, List, Tuple

import numpy as np

from bench import quiet_rasa_logs
from bench.load import REFLECT_LOOP
from bot.ops.launcher import (
    MODEL,
    action_service,
    child_env,
    free_port,
    launch_env,
    model_is_stale,
    running,
    train_if_stale,
)
from bot.settings import ACTION_KEY_HEADER, ACTION_SECRET_ENV, deployment

# (label, module path fragment, function name) as cProfile names them.
FUNCTIONS = [
    ("rule policy states", "policies/policy.py", "_prediction_states"),
    ("rule policy states", "rasa_ext/policy.py", "_prediction_states"),
    ("applied_events", "core/trackers.py", "applied_events"),
    ("applied_events", "rasa_ext/speedups.py", "_applied_events"),
    ("action result validation", "actions/action.py", "_validate_action_result"),
    ("action result validation", "rasa_ext/speedups.py", "_validate_action_result"),
    ("Event.resolve_by_type", "shared/core/events.py", "resolve_by_type"),
]


def per_turn(stats: pstats.Stats, turns: int) -> Dict[str, Tuple[float, float]]:
    """label -> (calls per turn, ms per turn), cumulative time."""
    found: Dict[str, Tuple[float, float]] = {}
    for (path, _, name), (_, calls, _, cumulative, _) in stats.stats.items():  # type: ignore
        for label, fragment, function in FUNCTIONS:
            if name == function and fragment in path:
                before = found.get(label, (0.0, 0.0))
                found[label] = (before[0] + calls / turns, before[1] + 1000 * cumulative / turns)
    return found


async def conversation(agent, turns: int) -> List[float]:  # noqa: ANN001 (a Rasa Agent)
    sender, latencies = str(uuid.uuid4()), []
    for index in range(turns):
        started = time.perf_counter()
        await agent.handle_text(REFLECT_LOOP[index % len(REFLECT_LOOP)], sender_id=sender)
        latencies.append(1000 * (time.perf_counter() - started))
    return latencies


def profiled(run: Callable[[], List[float]], turns: int) -> Dict[str, Tuple[float, float]]:
    profile = cProfile.Profile()
    profile.enable()
    run()
    profile.disable()
    return per_turn(pstats.Stats(profile), turns)


def classifier_layouts(agent, texts: List[str], rounds: int = 20) -> Dict[str, float]:  # noqa: ANN001
    """ms per parse of ``texts`` with the weights row-major (scikit-learn's) and column-major."""
    from bot.nlu.intent_classifier import SentenceIntentClassifier

    loop = asyncio.get_event_loop()  # the one main() made
    node = next(
        n
        for n in agent.processor.graph_runner._instantiated_nodes.values()  # type: ignore
        if isinstance(n._component, SentenceIntentClassifier)
    )
    model = node._component.fitted["model"]
    timings = {}
    for layout, order in (("row-major (scikit-learn's)", "C"), ("column-major (ours)", "F")):
        model.coef_ = np.asarray(model.coef_, order=order)
        started = time.perf_counter()
        for _ in range(rounds):
            for text in texts:
                loop.run_until_complete(agent.parse_message(text))
        timings[layout] = 1000 * (time.perf_counter() - started) / (rounds * len(texts))
    model.coef_ = np.asfortranarray(model.coef_)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--turns", type=int, default=200)
    args = parser.parse_args()
    if model_is_stale():
        train_if_stale()
    quiet_rasa_logs()
    from rasa.core.agent import Agent
    from rasa.core.policies.rule_policy import RulePolicy
    from rasa.utils.endpoints import EndpointConfig

    from bot.rasa_ext import speedups
    from bot.rasa_ext.policy import WindowedRulePolicy
    from bot.rasa_ext.tracker_store import IncrementalSQLTrackerStore

    with tempfile.TemporaryDirectory() as scratch:
        settings = deployment({"REFLECT_DATA_DIR": scratch, "ACTION_PORT": str(free_port())})
        launch = launch_env()  # this agent calls the action server as Rasa's server would
        with running([action_service(settings)], {**child_env(settings), **launch}, Path(scratch)):
            store = IncrementalSQLTrackerStore(None, dialect="sqlite", db=f"{scratch}/t.db")
            agent = Agent.load(
                str(MODEL),
                tracker_store=store,
                action_endpoint=EndpointConfig(
                    settings.action_server_url,
                    headers={ACTION_KEY_HEADER: launch[ACTION_SECRET_ENV]},
                ),
            )
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)

            def run() -> List[float]:
                return loop.run_until_complete(conversation(agent, args.turns))

            loop.run_until_complete(conversation(agent, 20))  # warm: caches, first-call costs
            ours_states = WindowedRulePolicy._prediction_states
            WindowedRulePolicy._prediction_states = RulePolicy._prediction_states  # Rasa's own
            rasa_latency, rasa_profile = run(), profiled(run, args.turns)
            WindowedRulePolicy._prediction_states = ours_states
            speedups.apply()
            ours_latency, ours_profile = run(), profiled(run, args.turns)
            layouts = classifier_layouts(agent, REFLECT_LOOP)

    def at(latency: List[float], turn: int) -> float:
        return statistics.median(latency[turn - 5 : turn + 5])

    print(f"\n{args.turns}-turn conversation, in-process agent + action server (ms)")
    print(f"{'':28}{'Rasa':>10}{'ours':>10}")
    for turn in (10, args.turns - 5):
        print(
            f"{'turn ' + str(turn) + ' (median of 10)':28}{at(rasa_latency, turn):>10.1f}"
            f"{at(ours_latency, turn):>10.1f}"
        )
    print(
        f"{'mean turn':28}{statistics.mean(rasa_latency):>10.1f}"
        f"{statistics.mean(ours_latency):>10.1f}"
    )
    print("\nper turn under cProfile: calls, ms (cumulative)")
    for label in dict.fromkeys(label for label, _, _ in FUNCTIONS):
        rasa_calls, rasa_ms = rasa_profile.get(label, (0.0, 0.0))
        ours_calls, ours_ms = ours_profile.get(label, (0.0, 0.0))
        print(
            f"  {label:26} Rasa {rasa_calls:6.1f} calls {rasa_ms:7.2f} ms   "
            f"ours {ours_calls:6.1f} calls {ours_ms:7.2f} ms"
        )
    print("\nintent classifier, ms per parse (whole NLU pipeline)")
    for layout, ms in layouts.items():
        print(f"  {layout:28}{ms:8.2f}")


if __name__ == "__main__":
    main()
