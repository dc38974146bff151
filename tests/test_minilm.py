"""Our all-MiniLM-L6-v2 forward pass reproduces the model's published behaviour."""

from __future__ import annotations

import numpy as np

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
    from bot.nlu import sentence_featurizer

    text = "the plan keeps drifting and nobody asks why"
    sentence_featurizer.prepare_embeddings([text, "/deny"])  # payloads are never embedded
    assert "/deny" not in sentence_featurizer._prepared
    computed, encode = [], minilm().encode
    monkeypatch.setattr(minilm(), "encode", lambda texts: computed.append(texts) or encode(texts))
    prepared, fresh = (sentence_featurizer._embeddings([text])[0] for _ in range(2))
    assert computed == [[text]]  # the first was prepared; the second had to be computed
    assert np.allclose(prepared, fresh, atol=1e-6)
