"""Button payloads (``/intent{"entity": "value"}``): the one place that says what a payload is.

Rasa decides it by ``INTENT_MESSAGE_PREFIX`` and unpacks it with its story reader's pattern
(rasa/nlu/classifiers/regex_message_handler.py calls ``YAMLStoryReader.unpack_regex_message``);
both are used here, so Reflect and Rasa never disagree on what is a button press.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable, Collection

from rasa.shared.constants import INTENT_MESSAGE_PREFIX
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
from rasa.shared.nlu.constants import ENTITIES, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY

_PATTERN = YAMLStoryReader._regex_message_pattern()


def is_payload(text: str | None) -> bool:
    """Rasa's own test: such a text gets its intent from the payload, not from the classifier."""
    return bool(text) and text.strip().startswith(INTENT_MESSAGE_PREFIX)


def make_payload(intent: str, **entities: Any) -> str:
    """``/intent`` or ``/intent{"entity":"value"}``, in the compact form Rasa unpacks."""
    if not entities:
        return f"{INTENT_MESSAGE_PREFIX}{intent}"
    return f"{INTENT_MESSAGE_PREFIX}{intent}{json.dumps(entities, separators=(',', ':'))}"


@dataclass(frozen=True)
class Payload:
    intent: str
    confidence: str  # "@0.9" or ""
    entities: str  # the JSON object as typed, or ""
    rest: str  # whatever follows, which Rasa ignores with a warning


def parse_payload(text: str, intents: Collection[str]) -> Payload | None:
    """The parts of a payload naming one of ``intents``; None for anything else (even text that
    starts with "/": Rasa then treats it as words, and so must the redactor)."""
    match = _PATTERN.match(text.strip())
    if match is None or match.group(INTENT_NAME_KEY).strip() not in intents:
        return None
    return Payload(
        match.group(INTENT_NAME_KEY).strip(),
        match.group(PREDICTED_CONFIDENCE_KEY) or "",
        match.group(ENTITIES) or "",
        match.group("rest") or "",
    )


def redact_payload(payload: Payload, redact: Callable[[str], str]) -> str:
    """The payload with every entity value (and anything after it) passed through ``redact``,
    its structure kept: ``{"theme":"cross_borough_working","case_number":"3"}`` stays as it is,
    ``{"theme":"Jo Bloggs"}`` becomes ``{"theme":"[NAME]"}``."""
    entities = payload.entities
    if entities:
        try:
            parsed = json.loads(entities)
        except ValueError:  # Rasa ignores entities it cannot read; their text is still stored
            entities = redact(entities)
        else:
            entities = json.dumps(_redact_values(parsed, redact), separators=(",", ":"))
            if entities == json.dumps(parsed, separators=(",", ":")):
                entities = payload.entities  # unchanged: keep it byte for byte
    rest = redact(payload.rest) if payload.rest.strip() else payload.rest
    return f"{INTENT_MESSAGE_PREFIX}{payload.intent}{payload.confidence}{entities}{rest}"


def _redact_values(value: Any, redact: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {redact(key): _redact_values(item, redact) for key, item in value.items()}
    if isinstance(value, list):
        return [_redact_values(item, redact) for item in value]
    return value
