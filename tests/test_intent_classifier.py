"""bot/nlu/intent_classifier.py: intent confidences are scikit-learn's own probabilities."""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import List

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.intent_classifier import SentenceIntentClassifier

TEXTS = {
    "greet": ["hello there", "hi there", "hello again", "hi again", "hello all", "hi all"],
    "thank": ["thanks a lot", "thank you", "thanks again", "thank you again", "many thanks"],
    "stop": ["stop now", "stop please", "please stop", "stop it", "that will do, stop"],
}


def message(text: str, intent: str | None = None) -> Message:
    found = Message(data={TEXT: text, **({INTENT: intent} if intent else {})})
    rng = np.random.default_rng(zlib.crc32(text.encode()))  # a stand-in sentence embedding
    found.add_features(Features(rng.normal(size=(1, 8)), FEATURE_TYPE_SENTENCE, TEXT, "stand_in"))
    return found


@pytest.mark.parametrize("intents", [["greet", "thank"], ["greet", "thank", "stop"]])
def test_confidences_are_the_models_probabilities(tmp_path: Path, intents: List[str]) -> None:
    examples = [message(t, i) for i in intents for t in TEXTS[i]]
    classifier = SentenceIntentClassifier.create(
        SentenceIntentClassifier.get_default_config(),
        LocalModelStorage(tmp_path),
        Resource("intent_classifier"),
        ExecutionContext(GraphSchema({}), "test"),
    )
    classifier.train(TrainingData(examples))
    new = [message("hello friends"), message("thanks so much")]
    classifier.process(new)
    model = classifier.fitted["model"]
    expected = model.predict_proba(classifier._features(new, classifier.fitted))
    for parsed, row in zip(new, expected, strict=True):
        ranking = parsed.get(INTENT_RANKING_KEY)
        assert len(ranking) == len(intents)
        assert sum(r["confidence"] for r in ranking) == pytest.approx(1.0)
        by_name = {r["name"]: r["confidence"] for r in ranking}
        assert [by_name[c] for c in model.classes_] == pytest.approx(list(row))
        assert parsed.get(INTENT) == ranking[0]
    # Two intents: a softmax of one column would have said 1.0 for everything.
    assert all(0 < r["confidence"] < 1 for m in new for r in m.get(INTENT_RANKING_KEY))
