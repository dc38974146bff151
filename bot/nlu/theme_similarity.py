"""Rasa NLU component: how close a message is in meaning to each theme's own words.

A theme of a new audit has no hand-written situation intent, and the few training examples its
content gives (bot/knowledge/recognition.py) are outweighed by the bundled situations' hundreds.
This compares the message's sentence embedding (all-MiniLM-L6-v2, from the featurizer) with each
sentence of each theme's content (title, description, key messages, evidence, advice, reflective
questions, ``examples:``) and puts each theme's best cosine similarity in the parse output as
``theme_similarity``. bot/core/themes.py ``rank_themes`` turns them into theme scores beside the
intents (weights in reflect.yml). The sentences are embedded when training, from the content the
model is trained with (content is a training input: bot/ops/launcher.py).
"""

from __future__ import annotations

from typing import Any, Dict, List

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.core.turn_data import THEME_SIMILARITY
from bot.knowledge import knowledge
from bot.knowledge.recognition import theme_examples, theme_sentences
from bot.nlu.minilm import minilm
from bot.nlu.sentence_featurizer import SENTENCE_EMBEDDING

INDEX_FILE = "theme_sentences.npz"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class ThemeSimilarity(GraphComponent):
    def __init__(
        self,
        model_storage: ModelStorage,
        resource: Resource,
        index: Dict[str, np.ndarray] | None = None,
    ) -> None:
        self.model_storage, self.resource = model_storage, resource
        self.index = index

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ThemeSimilarity:
        return cls(model_storage, resource)

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> ThemeSimilarity:
        with (
            model_storage.read_from(resource) as directory,
            np.load(directory / INDEX_FILE) as stored,
        ):
            index = {name: stored[name] for name in stored.files}
        return cls(model_storage, resource, index)

    def train(self, training_data: TrainingData) -> Resource:
        kb = knowledge()
        texts, owners = [], []
        for theme in kb.themes.values():
            own = list(dict.fromkeys(theme_sentences(theme) + theme_examples(theme)))
            texts += own
            owners += [theme.id] * len(own)
        themes = list(kb.themes)
        index = {
            "embeddings": minilm().encode(texts).astype(np.float32),
            "owners": np.array([themes.index(o) for o in owners], np.int32),
            "themes": np.array(themes),
        }
        with self.model_storage.write_to(self.resource) as directory:
            np.savez(directory / INDEX_FILE, **index)
        self.index = index
        return self.resource

    def process(self, messages: List[Message]) -> List[Message]:
        if self.index is None:
            return messages
        owners, themes = self.index["owners"], self.index["themes"]
        for message in messages:
            embedding = message.get(SENTENCE_EMBEDDING)
            if embedding is None:  # a button payload: its intent is given, nothing to compare
                continue
            similarity = self.index["embeddings"] @ embedding
            best = np.full(len(themes), -1.0)
            np.maximum.at(best, owners, similarity)
            ranked = sorted(
                zip(themes.tolist(), best.tolist(), strict=True), key=lambda item: -item[1]
            )
            message.set(
                THEME_SIMILARITY,
                [{"theme": theme, "similarity": round(value, 4)} for theme, value in ranked],
                add_to_output=True,
            )
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
