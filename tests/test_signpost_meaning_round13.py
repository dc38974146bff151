"""Signposts found by meaning (bot/nlu/signpost_meaning.py), round 13: a signpost's
practitioner-voice examples count, and an edit to them retrains the index."""

from __future__ import annotations

from bot.knowledge import knowledge
from bot.nlu.signpost_meaning import SignpostByMeaning, _words
from bot.ops.launcher import training_inputs


def test_a_signposts_examples_are_among_its_words() -> None:
    procedures = knowledge().resources["london_cp_procedures"]
    assert procedures.examples
    assert set(procedures.examples) <= set(_words(procedures))


def test_the_signposts_words_are_in_the_components_fingerprint() -> None:
    # Rasa's cache reuses a component whose fingerprint is unchanged: the content must be in it
    addon = SignpostByMeaning.fingerprint_addon({}) or ""
    for item in knowledge().resources.values():
        assert item.title in addon and all(e in addon for e in item.examples)


def test_an_edit_to_the_signposts_makes_the_model_stale() -> None:
    assert any(p.name == "resources.yml" for p in training_inputs())
