"""Our all-MiniLM-L6-v2 forward pass reproduces the model's published behaviour."""

from __future__ import annotations

import numpy as np
import pytest

from bot.nlu.minilm import minilm


def test_it_reproduces_the_published_similarity() -> None:
    # sentence-transformers' own example for all-MiniLM-L6-v2 gives 0.7553 for this pair.
    a, b, c = minilm().encode(
        [
            "A man is eating food.",
            "A man is eating a piece of bread.",
            "The girl is carrying a baby.",
        ]
    )
    assert round(float(a @ b), 3) == 0.755
    assert float(a @ c) < 0.1


def test_embeddings_are_normalised_and_batch_independent() -> None:
    texts = [
        "mum keeps promising to change",
        "nobody told the GP the case closed",
        "a much longer message about a strategy meeting across two boroughs",
    ]
    together = minilm().encode(texts)
    alone = np.vstack([minilm().encode([t]) for t in texts])
    assert together.shape == (3, 384)
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    assert np.allclose(together, alone, atol=1e-5)  # padding in a batch changes nothing


def test_paraphrases_of_a_situation_are_closer_than_other_situations() -> None:
    skunk, cannabis, minutes = minilm().encode(
        [
            "a 15 year old has started smoking skunk every day",
            "the teenager is using cannabis daily",
            "I never got the minutes from the strategy meeting",
        ]
    )
    assert float(skunk @ cannabis) > float(skunk @ minutes) + 0.2


def test_embeddings_prepared_off_the_event_loop_are_used_once(monkeypatch) -> None:
    from bot.core.turn_data import PREPARED_EMBEDDINGS
    from bot.nlu import sentence_featurizer

    text = "the plan keeps drifting and nobody asks why"
    sentence_featurizer.prepare_embeddings([text, "/deny"])  # payloads are never embedded
    assert "/deny" not in PREPARED_EMBEDDINGS
    computed, encode = [], minilm().encode_layers
    monkeypatch.setattr(
        minilm(), "encode_layers", lambda texts: computed.append(texts) or encode(texts)
    )
    prepared, fresh = (
        PREPARED_EMBEDDINGS.take([text], minilm().encode_layers)[0] for _ in range(2)
    )
    assert computed == [[text]]  # the first was prepared; the second had to be computed
    assert np.allclose(prepared, fresh, atol=1e-6)


def test_every_depth_is_pooled_and_the_last_is_the_sentence_embedding() -> None:
    texts = ["mum keeps promising to change", "nobody told the GP the case closed"]
    depths = minilm().encode_layers(texts)
    assert depths.shape == (2, 7, 384)
    assert np.allclose(np.linalg.norm(depths, axis=2), 1.0, atol=1e-5)
    assert np.allclose(depths[:, -1], minilm().encode(texts), atol=1e-6)
    assert not np.allclose(depths[:, 0], depths[:, -1], atol=0.1)


def test_the_featurizer_puts_the_configured_depths_side_by_side() -> None:
    from rasa.shared.nlu.training_data.message import Message

    from bot.nlu.sentence_featurizer import SentenceEmbeddingFeaturizer

    text = "the plan keeps drifting and nobody asks why"
    message = Message(data={"text": text})
    SentenceEmbeddingFeaturizer({"layers": [0, -1]}, "featurizer").process([message])
    depths = minilm().encode_layers([text])[0]
    features = message.get_dense_features("text")[1].features[0]
    assert np.allclose(features, np.concatenate([depths[0], depths[-1]]), atol=1e-6)


@pytest.mark.parametrize("layers", [[], [7], ["last"]])
def test_a_depth_the_model_does_not_have_is_a_clear_error(layers) -> None:
    from bot.nlu.sentence_featurizer import SentenceEmbeddingFeaturizer

    with pytest.raises(ValueError, match="'layers' in config.yml"):
        SentenceEmbeddingFeaturizer({"layers": layers}, "featurizer")
