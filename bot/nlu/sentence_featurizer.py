"""Rasa NLU component: a sentence embedding (all-MiniLM-L6-v2) as a dense sentence feature.

The small spaCy pipeline has no word vectors, so without this the classifier sees only word and
character n-grams and fails on wording it has not seen ("skunk" for cannabis, "I can't switch
off from this one" for the emotional toll). The embedding carries meaning across paraphrases.
The feature puts the embedding pooled at several depths side by side (``layers`` in config.yml;
why: docs/design.md, "Themes from words").
"""

from __future__ import annotations

from typing import Any, Dict, List, Sequence

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import FEATURIZER_CLASS_ALIAS
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.core.turn_data import PREPARED_EMBEDDINGS
from bot.nlu.minilm import minilm
from bot.rasa_ext.payloads import is_payload

SENTENCE_EMBEDDING = "sentence_embedding"


def prepare_embeddings(texts: Sequence[str]) -> None:
    """Embed ``texts`` now (any thread) for the parses that follow (bot.core.turn_data)."""
    PREPARED_EMBEDDINGS.prepare([t for t in texts if _embedded(t)], minilm().encode_layers)


def _embedded(text: str | None) -> bool:
    """A button payload ("/deny") gets its intent from Rasa's RegexMessageHandler, which
    overrides any prediction: embedding it would be wasted work."""
    return bool(text) and not is_payload(text)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class SentenceEmbeddingFeaturizer(DenseFeaturizer, GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        # The published sentence embedding alone; config.yml adds earlier depths.
        return {**DenseFeaturizer.get_default_config(), "layers": [-1]}

    def __init__(self, config: Dict[str, Any], name: str) -> None:
        super().__init__(name, {**self.get_default_config(), **config})
        minilm()  # load the weights with the model, not on the first message
        self.layers = list(self._config["layers"])

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SentenceEmbeddingFeaturizer:
        return cls(config, execution_context.node_name)

    @classmethod
    def validate_config(cls, config: Dict[str, Any]) -> None:
        depths = minilm().layers + 1
        layers = config["layers"]  # __init__ has filled in the default
        if not layers or not all(isinstance(i, int) and -depths <= i < depths for i in layers):
            raise ValueError(
                f"SentenceEmbeddingFeaturizer: 'layers' in config.yml must list depths from 0 "
                f"(word pieces) to {depths - 1} (the last layer), or -1; got {layers!r}"
            )

    def process(self, messages: List[Message]) -> List[Message]:
        self._featurize([m for m in messages if _embedded(m.get(TEXT))])
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self._featurize(training_data.training_examples)
        return training_data

    def _featurize(self, messages: List[Message]) -> None:
        with_text = [m for m in messages if m.get(TEXT)]
        if not with_text:
            return
        texts = [m.get(TEXT) for m in with_text]
        embeddings = PREPARED_EMBEDDINGS.take(texts, minilm().encode_layers)
        for message, depths in zip(with_text, embeddings, strict=True):
            # The published sentence embedding, for components that compare meanings
            # (bot/nlu/theme_similarity.py); not part of the parse output.
            message.set(SENTENCE_EMBEDDING, depths[-1])
            message.add_features(
                Features(
                    depths[self.layers].reshape(1, -1),
                    FEATURE_TYPE_SENTENCE,
                    TEXT,
                    self._config[FEATURIZER_CLASS_ALIAS],
                )
            )
