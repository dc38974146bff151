"""Measured speed-ups to Rasa 3.6, applied when our input channels load in the Rasa server.
Each keeps Rasa's behaviour and only stops it repeating work (docs/design.md, "Speed").

- Rasa checks every action server reply with ``jsonschema.validate(result, schema)``, which
  first checks the schema itself against JSON Schema's meta-schema: about 20 ms of CPU per custom
  action with jsonschema 4.17 (Rasa's own pin), and a turn runs two or three. The schema never
  changes, so it is checked once and its validator kept; replies are validated against the same
  schema, with the same error, as before.
- Rasa finds an event's class by walking every subclass of ``Event`` for each stored event it
  loads, on every turn: at turn 200 of a conversation that was over half of loading its tracker.
  The classes are looked up in a table instead, built by the same walk in the same order; a
  name not in it goes to Rasa's own lookup.
- RulePolicy turns the whole conversation into one state per action, for every prediction and
  twice after a user message, then matches its rules against the latest states only: states
  further back than its longest rule pass every check unread. States are built only for that
  window (plus one); the events are still replayed from the start, so each state is the one
  Rasa would build. At turn 200 this was over half of the growth with conversation length.
- ``DialogueStateTracker.applied_events`` (Rasa calls it many times a turn, over the whole
  session) asked ``isinstance`` of every event up to six times, each through ``ABCMeta``; each
  event class's role is now looked up once, and the events are then walked as Rasa walks them.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any, Dict, List, Type

import jsonschema
from rasa.core.actions.action import RemoteAction
from rasa.core.policies.rule_policy import RULES, RULES_FOR_LOOP_UNHAPPY_PATH, RulePolicy
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.domain import Domain, State
from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    ActiveLoop,
    Event,
    Restarted,
    SessionStarted,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.utils.common import all_subclasses

_rasa_resolve_by_type = Event.resolve_by_type
_rasa_prediction_states = RulePolicy._prediction_states
_rasa_applied_events = DialogueStateTracker.applied_events


@lru_cache(maxsize=1)
def _action_result_validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def _validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
    error = jsonschema.exceptions.best_match(_action_result_validator().iter_errors(result))
    if error is None:
        return True
    error.message += (  # Rasa's own wording (rasa/core/actions/action.py)
        ". Failed to validate Action server response from API, make sure your response from "
        f"the Action endpoint is valid. For more information about the format visit "
        f"{DOCS_BASE_URL}/custom-actions"
    )
    raise error


@lru_cache(maxsize=1)
def _event_classes() -> Dict[str, Type[Event]]:
    classes: Dict[str, Type[Event]] = {}
    for cls in all_subclasses(Event):  # first match wins, as in Rasa's own loop
        classes.setdefault(cls.type_name, cls)
    return classes


def _resolve_by_type(type_name: str, default: Type[Event] | None = None) -> Type[Event] | None:
    return _event_classes().get(type_name) or _rasa_resolve_by_type(type_name, default)


def _rule_window(policy: RulePolicy) -> int:
    """How many of the latest states any of ``policy``'s rules can look at, plus one."""
    keys = [*policy.lookup.get(RULES, {}), *policy.lookup.get(RULES_FOR_LOOP_UNHAPPY_PATH, {})]
    # Rasa caches _rule_key_to_state, so this is a few dozen lookups per prediction.
    return 1 + max((len(policy._rule_key_to_state(key)) for key in keys), default=0)


def _recent_prediction_states(
    self: RulePolicy,
    tracker: DialogueStateTracker,
    domain: Domain,
    use_text_for_last_user_input: bool = False,
    rule_only_data: Dict[str, Any] | None = None,
) -> List[State]:
    window = _rule_window(self)
    applied = tracker.applied_events()
    count = 1 + sum(_is_action(event) for event in applied)
    if count <= window:
        return _rasa_prediction_states(
            self, tracker, domain, use_text_for_last_user_input, rule_only_data
        )
    # Rasa's DialogueStateTracker.generate_all_prior_trackers and
    # Domain.states_for_tracker_history (RulePolicy keeps rule-only turns), building a state
    # only for the last ``window`` of them.
    states: List[State] = []
    prior, index = tracker.init_copy(), 0
    for event in applied:
        if _is_action(event):
            if index >= count - window:
                states.append(domain._clean_state(domain.get_active_state(prior)))
            index += 1
        prior.update(event)
    states.append(domain._clean_state(domain.get_active_state(prior)))
    states = self.featurizer.slice_state_history(states, self.featurizer.max_history)
    self.featurizer._choose_last_user_input([states], use_text_for_last_user_input)
    return states


# What DialogueStateTracker.applied_events does with an event, by class, in Rasa's order.
_RESET, _ACTION_REVERTED, _UTTERANCE_REVERTED, _ACTION, _OTHER = range(5)


@cache
def _role(event_class: Type[Event]) -> int:
    for role, classes in (
        (_RESET, (Restarted, SessionStarted)),
        (_ACTION_REVERTED, ActionReverted),
        (_UTTERANCE_REVERTED, UserUtteranceReverted),
        (_ACTION, ActionExecuted),
    ):
        if issubclass(event_class, classes):
            return role
    return _OTHER


def _is_action(event: Event) -> bool:
    return _role(type(event)) == _ACTION


@cache
def _is_active_loop(event_class: Type[Event]) -> bool:
    return issubclass(event_class, ActiveLoop)


def _applied_events(self: DialogueStateTracker) -> List[Event]:
    """Rasa's ``applied_events``, step for step, with each event's class looked up once."""
    loop_names = {e.name for e in self.events if _is_active_loop(type(e)) and e.name}
    applied: List[Event] = []
    for event in self.events:
        role = _role(type(event))
        if role == _RESET:
            applied = []
        elif role == _ACTION_REVERTED:
            self._undo_till_previous(ActionExecuted, applied)
        elif role == _UTTERANCE_REVERTED:
            self._undo_till_previous(UserUttered, applied)
            self._undo_till_previous(ActionExecuted, applied)
        elif (
            role == _ACTION
            and event.action_name in loop_names
            and not self._first_loop_execution_or_unhappy_path(event.action_name, applied)
        ):
            self._undo_till_previous_loop_execution(event.action_name, applied)
        else:
            applied.append(event)
    return applied


def apply() -> None:
    RulePolicy._prediction_states = _recent_prediction_states
    DialogueStateTracker.applied_events = _applied_events
    RemoteAction._validate_action_result = _validate_action_result
    Event.resolve_by_type = staticmethod(_resolve_by_type)
