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
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, Type

import jsonschema
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses

_rasa_resolve_by_type = Event.resolve_by_type


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


def apply() -> None:
    RemoteAction._validate_action_result = _validate_action_result
    Event.resolve_by_type = staticmethod(_resolve_by_type)
