"""bot/rasa_ext: the windowed rule policy and each speed-up give what Rasa's own code gives."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Iterator, List, Tuple

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction
from rasa.core.policies.rule_policy import RULES, RULES_FOR_LOOP_UNHAPPY_PATH, RulePolicy
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActionExecutionRejected,
    ActionReverted,
    ActiveLoop,
    Event,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.ops.launcher import MODEL, model_is_stale, train_if_stale
from bot.rasa_ext import speedups
from bot.rasa_ext.policy import WindowedRulePolicy

# A practitioner's turns, cycled: situations, answers, buttons, a case, supervision, stops.
TURNS = [
    ("hello", "greet"),
    ("mum keeps promising to change", "describe_promises_to_change"),
    ("we give her more time", None),
    ("/skip_question", "skip_question"),
    ("tell me about case 2", "ask_case"),
    ("the other borough never sends minutes", "describe_missed_out_of_borough_meeting"),
    ("/stop", "stop"),
    ("let's do supervision", "start_supervision"),
    ("a case about drift", None),
    ("/pause", "pause"),
    ("summarise", "summarise"),
    ("thanks", "thank"),
]


@pytest.fixture(scope="module")
def trained_rules() -> Iterator[Tuple[WindowedRulePolicy, Domain]]:
    """The rule policy of the trained model (config.yml names ours), loaded on its own."""
    if model_is_stale():
        train_if_stale()
    with tempfile.TemporaryDirectory() as scratch:
        storage, metadata = LocalModelStorage.from_model_archive(Path(scratch), MODEL)
        node = next(
            n for n in metadata.predict_schema.nodes.values() if n.uses is WindowedRulePolicy
        )
        context = ExecutionContext(metadata.predict_schema, metadata.model_id)
        config = {**WindowedRulePolicy.get_default_config(), **node.config}
        yield WindowedRulePolicy.load(config, storage, node.resource, context), metadata.domain


def advance(policy: RulePolicy, domain: Domain, tracker: DialogueStateTracker) -> List[str]:
    """Run the policy's predictions until it listens, recording them as actions."""
    predicted = []
    for _ in range(6):
        probabilities = policy.predict_action_probabilities(tracker, domain).probabilities
        action = domain.action_names_or_texts[probabilities.index(max(probabilities))]
        predicted.append(action)
        events: List[Event] = [ActionExecuted(action)]
        if action in domain.form_names:
            events += [ActiveLoop(action), SlotSet("requested_slot", "reflection_answer")]
        elif action in ("action_deactivate_loop", "action_reflection_complete"):
            events += [ActiveLoop(None), SlotSet("requested_slot", None)]
        elif action == "action_present_theme":
            events.append(SlotSet("current_theme", "professional_over_optimism"))
        tracker.update_with_events(events, domain)
        if action == "action_listen" or action in domain.form_names:
            break
    return predicted


def rule_found(policy: RulePolicy, domain: Domain, tracker: DialogueStateTracker) -> List:
    """The rule each way of reading the last message finds: action, rule, loop interrupted."""
    found = []
    for use_text in (True, False):
        action, source, interrupted = policy._find_action_from_rules(tracker, domain, use_text)
        found.append((action, source if action else None, interrupted))
    return found


def test_rule_policy_predicts_from_the_latest_states_as_from_all(
    trained_rules: Tuple[WindowedRulePolicy, Domain], monkeypatch: pytest.MonkeyPatch
) -> None:
    policy, domain = trained_rules
    assert 3 <= policy.rule_window() < 20
    rasas_applied_events = speedups.original(DialogueStateTracker, "applied_events")
    tracker = DialogueStateTracker.from_events("speed-up-test", [], domain.slots)
    tracker.update(ActionExecuted("action_listen"))
    windowed = 0
    for index in range(60):
        text, intent = TURNS[index % len(TURNS)]
        parse = {"intent": {"name": intent, "confidence": 1.0}} if intent else {}
        tracker.update(UserUttered(text, parse.get("intent"), parse_data=parse), domain)
        assert speedups._applied_events(tracker) == rasas_applied_events(tracker)
        mine = policy._prediction_states(tracker, domain)
        rasas = RulePolicy._prediction_states(policy, tracker, domain)
        assert mine == rasas[-len(mine) :]
        for rules in (policy.lookup[RULES], policy.lookup[RULES_FOR_LOOP_UNHAPPY_PATH]):
            assert policy._get_possible_keys(rules, mine) == policy._get_possible_keys(rules, rasas)
        windowed += len(mine) < len(rasas)
        found = rule_found(policy, domain, tracker)
        with monkeypatch.context() as rasa_only:
            rasa_only.setattr(
                WindowedRulePolicy, "_prediction_states", RulePolicy._prediction_states
            )
            assert rule_found(policy, domain, tracker) == found
            expected = advance(policy, domain, tracker.copy())
        assert advance(policy, domain, tracker) == expected
    assert windowed > 50  # nearly every turn went through the window, not Rasa's own path


def test_applied_events_are_rasas_through_reverts_restarts_and_loops(
    trained_rules: Tuple[WindowedRulePolicy, Domain],
) -> None:
    _, domain = trained_rules
    rasas_applied_events = speedups.original(DialogueStateTracker, "applied_events")
    form = "reflection_form"
    steps: List[Event] = [
        ActionExecuted("action_session_start"),
        SessionStarted(),
        ActionExecuted("action_listen"),
        UserUttered("mum keeps promising", {"name": "describe_promises_to_change"}),
        ActionExecuted(form),
        ActiveLoop(form),
        ActionExecuted("action_listen"),
        UserUttered("we give her time", {"name": "inform"}),
        ActionExecutionRejected(form),  # an unhappy path...
        ActionExecuted("action_present_theme"),
        ActionExecuted(form),  # ...and back into the loop
        ActionExecuted("action_listen"),
        UserUttered("an answer", {"name": "inform"}),
        ActionExecuted(form),  # a later execution of the loop: Rasa undoes back to the last
        ActionExecuted("action_listen"),
        UserUttered("oops", {"name": "deny"}),
        UserUtteranceReverted(),
        ActionExecuted("utter_anything"),
        ActionReverted(),
        ActiveLoop(None),
        SlotSet("current_theme", "information_sharing"),
        Restarted(),
        ActionExecuted("action_listen"),
        UserUttered("tell me about case 2", {"name": "ask_case"}),
    ]
    for end in range(len(steps) + 1):
        tracker = DialogueStateTracker.from_events("applied", steps[:end], domain.slots)
        assert speedups._applied_events(tracker) == rasas_applied_events(tracker)
    reverted = DialogueStateTracker.from_events("applied", steps[:18], domain.slots)
    assert len(speedups._applied_events(reverted)) < 18  # the reverts did take effect


def test_action_results_are_still_validated_after_the_speed_up() -> None:
    speedups.apply()
    assert speedups.applied()
    speedups.apply()  # a second call changes nothing
    assert speedups.original(RemoteAction, "_validate_action_result") is not (
        RemoteAction._validate_action_result
    )
    action = RemoteAction("action_anything", None)
    assert action._validate_action_result({"events": [], "responses": [{"text": "hi"}]})
    with pytest.raises(jsonschema.ValidationError, match="Failed to validate Action server"):
        action._validate_action_result({"events": 3})
    with pytest.raises(jsonschema.ValidationError):
        action._validate_action_result({"events": [{"event": "no_such_event"}]})


def test_speed_ups_refuse_another_rasa_or_a_missing_attribute(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(speedups.SpeedupError, match="written for Rasa 3.6.21, found 3.7.0"):
        speedups.apply("3.7.0")

    class Renamed:  # as if Rasa had renamed the method a speed-up replaces
        pass

    monkeypatch.setattr(
        speedups, "PATCHES", (speedups.Patch(Renamed, "applied_events", lambda self: []),)
    )
    with pytest.raises(speedups.SpeedupError, match="has no Renamed.applied_events"):
        speedups.apply()
