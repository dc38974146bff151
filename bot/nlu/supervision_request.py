"""Rasa NLU component: whether a message asks for a guided supervision, after the intent
classifier and before the immediate-risk screen (which still overrides it).

The classifier weighs the whole message, so a case told at length after the request
("supervision with my dsl, yr 8 boy, lots of agencies and nobody sure who's lead") outweighs
the words that say what is wanted, and the word "supervision" in a situation ("i do get
supervision from the head but its mostly numbers") pulls towards starting one. Here:

- a message that opens by asking for a supervision, which the classifier also ranks as
  ``start_supervision`` at ``min_confidence`` or more, is ``start_supervision``;
- a message the classifier takes as ``start_supervision`` that names supervision only as
  something had or got, and asks for nothing, loses that intent (the others keep their shares);
- a short request to reflect on a case ("ok can we reflect on my case then") that names no
  supervision and nobody to supervise with is ``reflect_on_case``: the practitioner's own
  reflection, which starts from the case told in their words, not a guided supervision;
- "clear step 2", "replace step 1 with: ..." is ``revisit_step``: a supervision's note changed;
- a short message saying the practitioner is called away for a few minutes ("sorry hold on 2
  mins, duty phone": a terminal trial's became a step's note) is ``pause``;
- "what do you mean ..." is ``ask_clarify`` and a short "whats a ..." ``ask_term``, when the
  classifier took it for a situation or for legal advice and ranks them at 0.2 or more ("hang
  on whats a CIN plan vs CP plan again" was read as a drifting case, "what do you mean legal
  status" as asking for legal advice); "go back to step 1 - ..." is ``revisit_step``;
- thinking aloud ("hmm let me think about that one", bot/core/turns.py ``is_holding``) asks for
  nothing: it loses every request intent (a trial's "that one" read as choosing a theme ended
  the questions), and what is left is too unsure for anything but the fallback, or the
  question in hand.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.core.supervision import asks_note_change
from bot.core.turn_data import REFLECT_ON_CASE_INTENT, REVISIT_STEP_INTENT, SUPERVISION_INTENT
from bot.core.turns import is_definition, is_holding, says_done, steps_away
from bot.rasa_ext.payloads import is_payload
from bot.safety.risk import ranking_without

_SUPERVISION = r"supervi?sion"
# "can we do a supervision...", "start a supervision -", "supervision with my dsl, ...",
# "lets do guided supervision": the request first, whatever follows it
_OPENS_ASKING = re.compile(
    r"^\W*(?:(?:hi|hello|hiya|ok|okay|right|so)\W+)*"
    r"(?:(?:can|could|shall) (?:we|i|you) (?:please )?(?:do|start|have|begin|run|use)\s+|"
    r"let'?s (?:do|start|have|begin)\s+|lets (?:do|start|have|begin)\s+|"
    r"(?:i|we)'?d like\s+|(?:i|we) (?:want|need) (?:to (?:do|start|have)\s+)?|"
    r"start\s+|begin\s+|quick\s+|"
    # "im the dsl, doing supervision with my deputy about ..." (a held-out one was a situation)
    r"(?:(?:i'?m|im|i am)\s+(?:the\s+|a\s+)?[\w-]+(?:\s+[\w-]+)?[\s,.-]+)?"
    r"(?:(?:we'?re|we are)\s+)?(?:doing|having)\s+(?:our\s+)?)?"
    r"(?:a\s+|some\s+)?(?:guided\s+|quick\s+|reflective\s+|case\s+|group\s+|peer\s+)?"
    rf"{_SUPERVISION}\b"
    # "supervision was good", "supervision has been...": told about, not asked for
    r"(?!\s+(?:is|was|were|are|has|had|have|does|did|went|isn'?t|wasn'?t|doesn'?t|didn'?t|"
    r"never|always|usually|helps|helped)\b)",
    re.IGNORECASE,
)
# "i do get supervision from the head", "the word drift in supervision": had, not asked for;
# "theres no supervision budget": not had, nor asked for (a practitioner trial's started one)
_HAD = re.compile(
    rf"\b(?:in|from|at|during|after|get|gets|got|getting|had|have|has|no)\s+(?:\w+\s+)?"
    rf"{_SUPERVISION}\b",
    re.IGNORECASE,
)
_ASKS = re.compile(
    r"\b(?:can|could|shall|let'?s|lets|start|begin|want to|like to|guide|structure|walk|run|"
    r"use|bring|please|pls)\b|\?",
    re.IGNORECASE,
)


# "can we reflect on my case", "i'd like to reflect on a situation": asked, with little told
_REFLECT_ON_CASE = re.compile(
    r"\breflect(?:ing)?\s+(?:on|about)\s+(?:my|a|the|this|that|our|one of my|one of our)\s+"
    r"(?:own\s+|current\s+|new\s+)?(?:case|situation|family|child|kid|young person|concern)s?\b",
    re.IGNORECASE,
)
# Who or what makes it a supervision: named, the request stays the classifier's.
_SUPERVISION_PARTY = re.compile(
    rf"{_SUPERVISION}|supervis(?:or|ee)|manager|\btm\b|practice lead|senior|deputy|"
    r"step by step|walk ?through|structured|framework|record|case discussion|huddle|together|"
    r"with my|with our|with the",
    re.IGNORECASE,
)
# Longer, and the message tells the case: a situation, for the classifier to place.
REFLECT_REQUEST_MAX_WORDS = 14


def asks_to_reflect_on_case(text: str) -> bool:
    return (
        bool(_REFLECT_ON_CASE.search(text))
        and not _SUPERVISION_PARTY.search(text)
        and len(text.split()) <= REFLECT_REQUEST_MAX_WORDS
    )


PAUSE_INTENT = "pause"
STOP_INTENT = "stop"
# What a message asks Reflect to do; thinking aloud does none of it.
_REQUESTS = frozenset(
    {
        "choose_theme",
        "skip_question",
        "ask_case",
        "list_themes",
        "show_key_message",
        "stop",
        "pause",
        "start_over",
        "summarise",
        REVISIT_STEP_INTENT,
        REFLECT_ON_CASE_INTENT,
        SUPERVISION_INTENT,
    }
)


# A question's shape decides between what the classifier also ranks at this share or more.
_SHAPE_MIN = 0.2
_CLARIFY = re.compile(r"^\W*(?:sorry\W+)?what\s+do\s+you\s+mean\b", re.IGNORECASE)
# "go back to step 1 - tm supervising sw": back to a step, whatever the note after it says (a
# terminal trial's was read as a new supervision)
_GO_BACK = re.compile(
    r"^\W*(?:(?:ok|okay|sorry|wait|actually|no|and|oh)\W+)*(?:(?:can|could)\s+we\s+|lets\s+|"
    r"let's\s+)?go\s+back\s+to\s+step\s*\d\b",
    re.IGNORECASE,
)


def _asked_shape(text: str) -> str | None:
    """ "go back to step 1 - ..." goes back to a step; "what do you mean ..." asks what Reflect
    meant; a short "whats a ..." what a term is."""
    if _GO_BACK.match(text):
        return REVISIT_STEP_INTENT
    if _CLARIFY.match(text):
        return "ask_clarify"
    if is_definition(text) and len(text.split()) <= 12:
        return "ask_term"
    return None


def _misread(message: Message) -> bool:
    """Whether the classifier took the question for a situation or for what Reflect cannot do
    (a question about a signpost, "what's contextual safeguarding", keeps its intent)."""
    top = (message.get(INTENT) or {}).get("name") or ""
    return top.startswith("describe_") or top in ("ask_legal_advice", "ask_to_refer")


def _share(ranking: List[Dict[str, Any]], intent: str) -> float:
    return next(
        (float(i.get("confidence") or 0.0) for i in ranking if i.get("name") == intent), 0.0
    )


def asks_for_supervision(text: str) -> bool:
    return bool(_OPENS_ASKING.match(text))


# "i want to reflect on neglect, the house is ...": the practitioner's own reflection, with no
# supervision named (a held-out one started a supervision)
_OWN_REFLECTION = re.compile(r"\b(?:want|like|need)\s+to\s+reflect\s+on\b", re.IGNORECASE)


def only_mentions_supervision(text: str) -> bool:
    if _OWN_REFLECTION.search(text) and not re.search(_SUPERVISION, text, re.IGNORECASE):
        return True
    return bool(_HAD.search(text)) and not _ASKS.search(text)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class SupervisionRequest(GraphComponent, IntentClassifier):
    """Forces ``start_supervision`` for a message that opens asking for one, and takes it away
    from one that only mentions supervision as had."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {"min_confidence": 0.1}

    def __init__(self, config: Dict[str, Any]) -> None:
        self.min_confidence = float(config["min_confidence"])

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SupervisionRequest:
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            ranking = message.get(INTENT_RANKING_KEY) or []
            if not text or is_payload(text):
                continue
            share = _share(ranking, SUPERVISION_INTENT)
            if steps_away(text):
                # "sorry hold on 2 mins, duty phone": a pause, whatever the classifier weighed
                _force(message, ranking, PAUSE_INTENT)
            elif says_done(text):
                # "ok we're done thanks": a stop, not thanks (a trial's questions went on)
                _force(message, ranking, STOP_INTENT)
            elif (asked := _asked_shape(text)) and (
                asked == REVISIT_STEP_INTENT
                or (_share(ranking, asked) >= _SHAPE_MIN and _misread(message))
            ):
                # "hang on whats a CIN plan vs CP plan again" (read as a drifting case), "what
                # do you mean legal status" (read as asking for legal advice): by its shape
                _force(message, ranking, asked)
            elif is_holding(text):
                kept = [i for i in ranking if i.get("name") not in _REQUESTS]
                _set(message, kept[0] if kept else None, kept)
            elif asks_note_change(text):
                # "clear step 2", "replace step 1 with: ...": about the supervision's notes,
                # whatever else the words suggest ("clear" read as starting again in a trial)
                _force(message, ranking, REVISIT_STEP_INTENT)
            elif asks_to_reflect_on_case(text):
                _force(message, ranking, REFLECT_ON_CASE_INTENT)
            elif share >= self.min_confidence and asks_for_supervision(text):
                _force(message, ranking, SUPERVISION_INTENT)
            elif (message.get(INTENT) or {}).get(
                "name"
            ) == SUPERVISION_INTENT and only_mentions_supervision(text):
                cleared = ranking_without(ranking, SUPERVISION_INTENT)
                _set(message, cleared[0] if cleared else None, cleared)
        return messages


def _force(message: Message, ranking: List[Dict[str, Any]], intent: str) -> None:
    """``intent`` first, sure; the others keep their shares."""
    top = {"name": intent, "confidence": 1.0}
    _set(message, top, [top, *(i for i in ranking if i.get("name") != intent)])


def _set(message: Message, top: Dict[str, Any] | None, ranking: List[Dict[str, Any]]) -> None:
    message.set(INTENT, dict(top or {"name": None, "confidence": 0.0}), add_to_output=True)
    message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
