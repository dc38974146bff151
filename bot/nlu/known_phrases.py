"""Rasa NLU component: entities for the phrases the training data names exactly.

Themes, signposts and supervision steps are named with a short list of phrases ("escalation
policy", "cross-border working", "the child's voice"), each already annotated in data/nlu or
listed as a synonym. The CRF generalises beyond them but can miss a listed phrase in a new
sentence ("where is the escalation policy?"); this finds every listed phrase, so a named signpost
is never missed. Learnt from the training data: nothing to keep in step by hand. Which entities
it covers is set in config.yml.

The CRF also finds names the data never lists ("training on having awkward conversations", "the
Hackney drugs team"), which it can only give their own words as value: no signpost or theme has
that id, so they were dropped. Such a name takes the value whose listed phrases share its
rarest words, when one value clearly does (``_resolved``).
"""

from __future__ import annotations

import json
import re
from typing import Any, Dict, List, Tuple

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.core.turns import introduces_speaker

PHRASES_FILE = "known_phrases.json"
MIN_LENGTH = 4  # "2", "one", "plan" alone are too common to be taken as names
_WORD = re.compile(r"[a-z]{4,}")  # words that can carry a name ("drugs", "conversations")


def _bare(phrase: str) -> str:
    """Lower case, without a leading article: "the Escalation Policy" -> "escalation policy"."""
    return re.sub(r"^(the|a|an)\s+", "", phrase.strip().lower())


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=True)
class KnownPhraseEntityExtractor(GraphComponent, EntityExtractorMixin):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        # Entities whose listed phrases are names, not everyday words ("the plan" is a
        # supervision step only when revisiting one; the CRF handles that in context).
        # ``resolve``: the entities whose unlisted names are resolved (a signpost's name varies
        # more than a theme's, and an unlisted theme name is as often a topic as a theme).
        return {"entities": ["theme", "resource"], "resolve": ["resource"]}

    def __init__(
        self,
        model_storage: ModelStorage,
        resource: Resource,
        phrases: Dict[str, List[str]] | None = None,
        entities: List[str] | None = None,
        resolve: List[str] | None = None,
    ) -> None:
        self.model_storage, self.resource = model_storage, resource
        self.entities = entities or self.get_default_config()["entities"]
        self.resolve = self.get_default_config()["resolve"] if resolve is None else resolve
        self.phrases = phrases or {}
        self.pattern = self._compile(self.phrases)
        self.words = self._words(self.phrases)

    @staticmethod
    def _words(phrases: Dict[str, List[str]]) -> Dict[str, Dict[str, set]]:
        """entity -> value -> the words of its listed phrases."""
        words: Dict[str, Dict[str, set]] = {}
        for surface, (entity, value) in phrases.items():
            words.setdefault(entity, {}).setdefault(value, set()).update(_WORD.findall(surface))
        return words

    def _resolved(self, entity: str, name: str) -> str | None:
        """The value an unlisted name stands for: the one whose phrases share the most of its
        words, each weighed by how few values use it ("conversations" names one signpost,
        "service" several); None when no value, or more than one, is best."""
        values = self.words.get(entity, {})
        said = {w.rstrip("s") for w in _WORD.findall(name.lower())}
        scores: Dict[str, float] = {}
        for word in said:
            owners = [v for v, ws in values.items() if word in {w.rstrip("s") for w in ws}]
            for value in owners:
                scores[value] = scores.get(value, 0.0) + 1.0 / len(owners)
        best = sorted(scores.items(), key=lambda item: -item[1])
        if not best or (len(best) > 1 and best[1][1] >= best[0][1]):
            return None
        return best[0][0]

    @staticmethod
    def _compile(phrases: Dict[str, List[str]]) -> re.Pattern | None:
        if not phrases:
            return None
        alternatives = sorted(phrases, key=len, reverse=True)  # longest phrase wins
        return re.compile(
            r"(?<!\w)(" + "|".join(map(re.escape, alternatives)) + r")(?!\w)", re.IGNORECASE
        )

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> KnownPhraseEntityExtractor:
        return cls(
            model_storage, resource, entities=config.get("entities"), resolve=config.get("resolve")
        )

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> KnownPhraseEntityExtractor:
        with model_storage.read_from(resource) as directory:
            phrases = json.loads((directory / PHRASES_FILE).read_text(encoding="utf-8"))
        return cls(model_storage, resource, phrases, config.get("entities"), config.get("resolve"))

    def train(self, training_data: TrainingData) -> Resource:
        phrases: Dict[str, List[str]] = {}
        entity_of_value: Dict[str, str] = {}
        for example in training_data.entity_examples:
            for entity in example.get(ENTITIES) or []:
                surface = _bare(example.get(TEXT)[entity["start"] : entity["end"]])
                value = str(entity.get("value", surface))
                entity_of_value[value] = entity["entity"]
                phrases[surface] = [entity["entity"], value]
        for surface, value in training_data.entity_synonyms.items():
            if value in entity_of_value:
                phrases[_bare(surface)] = [entity_of_value[value], value]
        phrases = {
            s: ev
            for s, ev in phrases.items()
            if ev[0] in self.entities and len(s) >= MIN_LENGTH and not s.isdigit()
        }
        with self.model_storage.write_to(self.resource) as directory:
            (directory / PHRASES_FILE).write_text(json.dumps(phrases), encoding="utf-8")
        self.phrases, self.pattern = phrases, self._compile(phrases)
        self.words = self._words(phrases)
        return self.resource

    def _found(self, text: str) -> List[Tuple[int, int, str, str]]:
        if self.pattern is None:
            return []
        return [
            (m.start(), m.end(), *self.phrases[m.group(0).lower()])
            for m in self.pattern.finditer(text)
        ]

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._resolve_unlisted(message)
            found = [
                {
                    "entity": entity,
                    "value": value,
                    "start": start,
                    "end": end,
                    "confidence_entity": 1.0,
                    "extractor": self.__class__.__name__,
                }
                for start, end, entity, value in self._found(message.get(TEXT) or "")
            ]
            if not found:
                continue
            # "school nurse, 13yo boy ...": the writer's own role, no signpost asked about
            text = message.get(TEXT) or ""
            speaker = [
                f
                for f in found
                if f["entity"] == "resource" and introduces_speaker(text, f["start"], f["end"])
            ]
            found = [f for f in found if f not in speaker]
            # A listed phrase is certain: it replaces what the CRF made of the same words.
            kept = [
                e
                for e in message.get(ENTITIES) or []
                if all(e["end"] <= f["start"] or e["start"] >= f["end"] for f in found + speaker)
            ]
            message.set(ENTITIES, kept + found, add_to_output=True)
        return messages

    def _resolve_unlisted(self, message: Message) -> None:
        """The CRF's names that no listed value has, given the value they stand for."""
        known = {value for _, value in self.phrases.values()}
        entities = message.get(ENTITIES) or []
        changed = False
        for entity in entities:
            if entity["entity"] not in self.resolve or entity.get("value") in known:
                continue
            value = self._resolved(entity["entity"], str(entity.get("value", "")))
            if value is not None:
                entity["value"], changed = value, True
        if changed:
            message.set(ENTITIES, entities, add_to_output=True)
