"""Rasa NLU component: how close a message is in meaning to each theme's own words.

A theme of a new audit has no hand-written situation intent, and the few training examples its
content gives (bot/knowledge/recognition.py) are outweighed by the bundled situations' hundreds.
This compares the message's sentence embedding (all-MiniLM-L6-v2, from the featurizer) with each
sentence of each theme's content (title, description, key messages, evidence, advice, reflective
questions, ``examples:``) and puts each theme's best cosine similarity in the parse output as
``theme_similarity``. bot/core/themes.py ``rank_themes`` turns them into theme scores beside the
intents (weights in reflect.yml). The sentences are embedded when training, from the content the
model is trained with (content is a training input: bot/ops/launcher.py).

Each theme's entry also carries what ``rank_themes`` needs to judge whether a message is about a
new audit's theme at all (the theme known from its content alone) or a bundled one: ``content``,
its closest sentence of the audit's own words (``examples:`` left out, so that a partnership's
examples do not move that judgement); ``practice``, its closest hand-written training example
(data/nlu, through its situation intents; -1 for a theme with none); and ``wording``, the TF-IDF
similarity of the message to the theme's section of the audits (bot/core/relevance.py).
``named_topic`` marks the theme that covers a topic the message names, of those uncovered.yml
lists and a live audit covers after all (``KnowledgeBase.themes_for_covered_topics``).
"""

from __future__ import annotations

from typing import Any, Dict, List

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.core.relevance import theme_index
from bot.core.themes import NAMED_TOPIC, content_theme_intent
from bot.core.turn_data import THEME_SIMILARITY
from bot.knowledge import knowledge
from bot.knowledge.recognition import (
    CONTENT_INTENT_PREFIX,
    content_intent,
    theme_examples,
    theme_sentences,
)
from bot.nlu.minilm import minilm
from bot.nlu.sentence_featurizer import SENTENCE_EMBEDDING

INDEX_FILE = "theme_sentences.npz"


def read_index(model_storage: ModelStorage, resource: Resource, name: str) -> Dict[str, np.ndarray]:
    """The arrays a component stored with its model (a sentence index and what owns each)."""
    with model_storage.read_from(resource) as directory, np.load(directory / name) as stored:
        return {key: stored[key] for key in stored.files}


def write_index(
    model_storage: ModelStorage, resource: Resource, name: str, index: Dict[str, np.ndarray]
) -> None:
    with model_storage.write_to(resource) as directory:
        np.savez(directory / name, **index)


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
        return cls(model_storage, resource, read_index(model_storage, resource, INDEX_FILE))

    def train(self, training_data: TrainingData) -> Resource:
        kb = knowledge()
        texts, owners, is_example = [], [], []
        for theme in kb.themes.values():
            words = list(dict.fromkeys(theme_sentences(theme)))
            examples = [e for e in dict.fromkeys(theme_examples(theme)) if e not in words]
            texts += words + examples
            owners += [theme.id] * (len(words) + len(examples))
            is_example += [False] * len(words) + [True] * len(examples)
        themes = list(kb.themes)
        # The hand-written situation examples (a content intent's are the content's own words).
        practice = [
            m
            for m in training_data.intent_examples
            if m.get(SENTENCE_EMBEDDING) is not None
            and m.get(INTENT) in kb.situations
            and not m.get(INTENT).startswith(CONTENT_INTENT_PREFIX)
        ]
        index = {
            "embeddings": minilm().encode(texts).astype(np.float32),
            "owners": np.array([themes.index(o) for o in owners], np.int32),
            "is_example": np.array(is_example, bool),
            "practice": np.array([m.get(SENTENCE_EMBEDDING) for m in practice], np.float32).reshape(
                -1, minilm().dimension
            ),
            "practice_owners": np.array(
                [themes.index(kb.situations[m.get(INTENT)][0]) for m in practice], np.int32
            ),
            "themes": np.array(themes),
        }
        write_index(self.model_storage, self.resource, INDEX_FILE, index)
        self.index = index
        return self.resource

    def process(self, messages: List[Message]) -> List[Message]:
        if self.index is None:
            return messages
        index = self.index
        owners, themes = index["owners"], index["themes"].tolist()
        kb = knowledge()
        # The measures for judging new audit or bundled, only when a new audit's theme is live
        # (they cost a TF-IDF ranking a parse).
        judged = any(content_intent(t) in kb.situations for t in themes if t in kb.themes)
        for message in messages:
            embedding = message.get(SENTENCE_EMBEDDING)
            if embedding is None:  # a button payload: its intent is given, nothing to compare
                continue
            similarity = index["embeddings"] @ embedding
            best = _best(similarity, owners, len(themes))
            entries: List[Dict[str, Any]] = [
                {"theme": theme, "similarity": round(float(best[i]), 4)}
                for i, theme in enumerate(themes)
            ]
            # The closest hand-written example of each bundled theme: a sign of its own in the
            # ranking (``practice_weight``), and one of the new-audit judgement's measures.
            practice = _best(index["practice"] @ embedding, index["practice_owners"], len(themes))
            for i, entry in enumerate(entries):
                entry["practice"] = round(float(practice[i]), 4)
            if judged:
                content = _best(
                    np.where(index["is_example"], -1.0, similarity), owners, len(themes)
                )
                wording = dict(theme_index(kb).rank(message.get(TEXT) or ""))
                for i, entry in enumerate(entries):
                    entry["content"] = round(float(content[i]), 4)
                    entry["wording"] = round(float(wording.get(entry["theme"], 0.0)), 4)
            # A topic uncovered.yml lists that a live audit covers, named in the message
            # ("DV", "always hungry"): its theme is named too (bot/core/themes.py).
            for theme in kb.themes_for_covered_topics(message.get(TEXT) or ""):
                if theme in themes:
                    entries[themes.index(theme)][NAMED_TOPIC] = True
            entries.sort(key=lambda entry: -entry["similarity"])
            message.set(THEME_SIMILARITY, entries, add_to_output=True)
            if judged:
                _intent_from_content(kb, message, entries)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data


def _intent_from_content(kb: Any, message: Message, similarity: List[Dict[str, Any]]) -> None:
    """A message the ranking clearly puts on a new audit's theme, which the classifier took for
    some situation (often too unsure to pass the fallback threshold), gets that theme's own
    intent (bot/core/themes.py ``content_theme_intent``): its key message is presented rather
    than themes offered. Before FallbackClassifier and the risk screen, which still overrule.
    The intent ranking stays the classifier's: the ranking of themes reads it."""
    intent = content_theme_intent(kb, message.get(INTENT_RANKING_KEY) or [], similarity)
    if intent is not None:
        message.set(INTENT, intent, add_to_output=True)


def _best(similarity: np.ndarray, owners: np.ndarray, count: int) -> np.ndarray:
    """Each theme's highest similarity (-1 for a theme with no sentence)."""
    best = np.full(count, -1.0)
    np.maximum.at(best, owners, similarity)
    return best
