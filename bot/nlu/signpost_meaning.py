"""Rasa NLU component: the signpost a question means, when it does not name one.

Practitioners ask for a signpost by what it does ("is there a day course on asking parents the
hard questions?", "who sees under 18s about drink and drugs?") more often than by its name, and
the names the training data lists (bot/nlu/known_phrases.py) then find nothing: the question got
the theme its other words suggested, or the list of every signpost. For a question about
signposts (intent ``ask_resource``) that names none, this compares the message's sentence
embedding with each signpost's own words (title, the audit's text, who it takes, and any
practitioner-voice `examples`: resources.yml, any audit's) and, when one is clearly the closest,
adds it as a ``resource`` entity with this component as its extractor. It counts for the
signpost's themes in the ranking (bot/core/themes.py); the signpost actions treat it as meant,
not named (actions/common.py ``entity_values``): a signpost just given, asked about again
("what's the number again?"), still comes first.
"""

from __future__ import annotations

from typing import Any, Dict, List

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.core.themes import SIGNPOST_QUESTION
from bot.core.turn_data import SIGNPOST_BY_MEANING
from bot.knowledge import knowledge
from bot.knowledge.recognition import sentences
from bot.knowledge.schema import Resource as Signpost
from bot.nlu.minilm import minilm
from bot.nlu.sentence_featurizer import SENTENCE_EMBEDDING
from bot.nlu.theme_similarity import read_index, write_index

INDEX_FILE = "signpost_sentences.npz"


def _words(item: Signpost) -> List[str]:
    """A signpost's own words, as compared with a question."""
    return [
        item.title,
        *sentences(item.text),
        *([item.accepts] if item.accepts else []),
        *item.examples,
    ]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=True)
class SignpostByMeaning(GraphComponent, EntityExtractorMixin):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        # The closest signpost's cosine similarity must reach ``min_similarity`` and lead the
        # next signpost's by ``min_lead`` (chosen on the development sets of bench/next_year.py:
        # lower, a question about a theme with no signpost got some other theme's).
        return {"min_similarity": 0.4, "min_lead": 0.1}

    def __init__(
        self,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        index: Dict[str, np.ndarray] | None = None,
    ) -> None:
        self.config = {**self.get_default_config(), **config}
        self.model_storage, self.resource = model_storage, resource
        self.index = index

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SignpostByMeaning:
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> SignpostByMeaning:
        return cls(config, model_storage, resource, read_index(model_storage, resource, INDEX_FILE))

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> str | None:
        # The signposts' words come from the content, not the training data: without this,
        # Rasa's cache kept an index built from signposts as they were before an edit.
        return repr([(rid, _words(item)) for rid, item in knowledge().resources.items()])

    def train(self, training_data: TrainingData) -> Resource:
        texts, owners = [], []
        ids = list(knowledge().resources)
        for number, item in enumerate(knowledge().resources.values()):
            for text in dict.fromkeys(_words(item)):
                texts.append(text)
                owners.append(number)
        index = {
            "embeddings": minilm().encode(texts).astype(np.float32).reshape(-1, minilm().dimension),
            "owners": np.array(owners, np.int32),
            "ids": np.array(ids),
        }
        write_index(self.model_storage, self.resource, INDEX_FILE, index)
        self.index = index
        return self.resource

    def process(self, messages: List[Message]) -> List[Message]:
        if self.index is None or not len(self.index["ids"]):
            return messages
        ids = self.index["ids"].tolist()
        for message in messages:
            embedding = message.get(SENTENCE_EMBEDDING)
            intent = (message.get(INTENT) or {}).get("name")
            entities = message.get(ENTITIES) or []
            if embedding is None or intent != SIGNPOST_QUESTION:
                continue
            if any(e.get("entity") == "resource" and e.get("value") in ids for e in entities):
                continue  # named: nothing to guess
            best = np.full(len(ids), -1.0)
            np.maximum.at(best, self.index["owners"], self.index["embeddings"] @ embedding)
            order = np.argsort(-best)
            top = float(best[order[0]])
            second = float(best[order[1]]) if len(ids) > 1 else -1.0
            if top < self.config["min_similarity"] or top - second < self.config["min_lead"]:
                continue
            text = message.get(TEXT) or ""
            meant = {
                "entity": "resource",
                "value": ids[order[0]],
                "start": 0,
                "end": len(text),
                "confidence_entity": round(top, 4),
                "extractor": SIGNPOST_BY_MEANING,
            }
            message.set(ENTITIES, [*entities, meant], add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
