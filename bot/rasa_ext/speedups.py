"""Measured speed-ups to Rasa 3.6, applied explicitly when our Rasa server starts
(bot/rasa_ext/rasa_command.py), never as a side effect of an import. Each keeps Rasa's behaviour
and only stops it repeating work; each checks that it patches the Rasa it was measured on and
that the attribute it replaces exists, and fails loudly otherwise. Figures and how to
re-measure them: docs/design.md, "Speed" (``make bench-rasa-ext``).

- ``RemoteAction._validate_action_result``: Rasa checks every action server reply with
  ``jsonschema.validate(result, schema)``, which first checks the schema itself against JSON
  Schema's meta-schema, on every custom action. The schema never changes, so it is checked once
  and its validator kept; a reply that fails goes to Rasa's own method, for Rasa's own error.
- ``DialogueStateTracker.applied_events`` (called many times a turn, over the whole session)
  asks ``isinstance`` of every event up to six times, each through ``ABCMeta``; here each event
  class's role is looked up once, and the events are then walked as Rasa walks them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, Callable, Dict, List, Tuple, Type

import jsonschema
import rasa
from rasa.core.actions.action import RemoteAction
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

# The Rasa these were written against and measured on (requirements.lock pins it).
RASA_VERSION = "3.6.21"


class SpeedupError(RuntimeError):
    pass


@lru_cache(maxsize=1)
def _action_result_validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def _validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
    if _action_result_validator().is_valid(result):
        return True
    return original(RemoteAction, "_validate_action_result")(self, result)


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


def is_action(event: Event) -> bool:
    """``isinstance(event, ActionExecuted)``, looked up once per event class."""
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


@dataclass(frozen=True)
class Patch:
    owner: type
    attribute: str
    replacement: Callable[..., Any]


PATCHES: Tuple[Patch, ...] = (
    Patch(RemoteAction, "_validate_action_result", _validate_action_result),
    Patch(DialogueStateTracker, "applied_events", _applied_events),
)
_originals: Dict[Tuple[type, str], Callable[..., Any]] = {}


def original(owner: type, attribute: str) -> Callable[..., Any]:
    """Rasa's own implementation, whether or not the speed-up is applied."""
    return _originals.get((owner, attribute)) or getattr(owner, attribute)


def apply(rasa_version: str = rasa.__version__) -> None:
    """Apply every speed-up (once); raise if this is not the Rasa they were made for."""
    if rasa_version != RASA_VERSION:
        raise SpeedupError(
            f"bot/rasa_ext/speedups.py was written for Rasa {RASA_VERSION}, found "
            f"{rasa_version}: re-check each patch against Rasa's code before changing "
            f"RASA_VERSION."
        )
    for patch in PATCHES:
        key = (patch.owner, patch.attribute)
        if key in _originals:
            continue
        current = patch.owner.__dict__.get(patch.attribute)
        if not callable(current):
            raise SpeedupError(
                f"Rasa {rasa_version} has no {patch.owner.__name__}.{patch.attribute}: "
                f"the speed-up that replaces it cannot apply."
            )
        _originals[key] = current
        setattr(patch.owner, patch.attribute, patch.replacement)


def applied() -> bool:
    return all(patch.owner.__dict__.get(patch.attribute) is patch.replacement for patch in PATCHES)
