"""A question about signposts that names none gets the one it means (bot/nlu/signpost_meaning.py),
which the ranking counts for its themes and the actions take as meant, not named."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.core.themes import rank_themes
from bot.core.turn_data import SIGNPOST_BY_MEANING
from bot.knowledge import knowledge
from bot.nlu.minilm import minilm
from bot.nlu.sentence_featurizer import SENTENCE_EMBEDDING
from bot.nlu.signpost_meaning import SignpostByMeaning


class _Storage:
    """Just enough of Rasa's ModelStorage for ``train``: a folder to write to."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def write_to(self, resource: Any) -> Any:
        import contextlib

        @contextlib.contextmanager
        def folder() -> Iterator[Path]:
            yield self.folder

        return folder()


@pytest.fixture(scope="module")
def component(tmp_path_factory: pytest.TempPathFactory) -> SignpostByMeaning:
    signposts = SignpostByMeaning({}, _Storage(tmp_path_factory.mktemp("index")), None)  # type: ignore[arg-type]
    signposts.train(TrainingData())
    return signposts


def parsed(text: str, intent: str, entities: List[Dict[str, Any]] | None = None) -> Message:
    return Message(
        data={
            "text": text,
            "intent": {"name": intent, "confidence": 0.9},
            "entities": entities or [],
            SENTENCE_EMBEDDING: minilm().encode([text])[0],
        }
    )


def meant(message: Message) -> List[str]:
    return [
        e["value"]
        for e in message.get("entities") or []
        if e.get("extractor") == SIGNPOST_BY_MEANING
    ]


def test_a_question_worded_by_what_the_signpost_does_gets_it(component: SignpostByMeaning) -> None:
    message = parsed(
        "who sees teenagers about drink and drugs, and can i email them?", "ask_resource"
    )
    component.process([message])
    assert meant(message) == ["substance_misuse_service"]


def test_nothing_is_guessed_for_a_named_signpost_or_another_intent(
    component: SignpostByMeaning,
) -> None:
    named = parsed(
        "is the substance misuse service open late?",
        "ask_resource",
        [{"entity": "resource", "value": "substance_misuse_service", "start": 7, "end": 32}],
    )
    situation = parsed(
        "he's 14 and smoking cannabis every day", "describe_young_person_substance_use"
    )
    component.process([named, situation])
    assert meant(named) == [] and meant(situation) == []


def test_an_unclear_question_gets_no_signpost(component: SignpostByMeaning) -> None:
    message = parsed("what else is there?", "ask_resource")
    component.process([message])
    assert meant(message) == []


def test_a_signpost_in_a_question_about_signposts_outweighs_the_other_words() -> None:
    kb = knowledge()
    config = {
        "secondary_weight": 0.5,
        "entity_boost": 0.3,
        "signpost_question_boost": 1.0,
        "clause_weight": 0.5,
        "clause_min_confidence": 0.6,
    }
    entities = [{"entity": "resource", "value": "difficult_conversations_course"}]
    ranking = [
        {"name": "ask_resource", "confidence": 0.6},
        {"name": "describe_emotional_toll", "confidence": 0.4},
    ]
    asked = rank_themes(kb, ranking, entities, config=config)
    assert asked.top == "professional_curiosity"
    # Named beside a situation, the signpost weighs as any named entity.
    described = rank_themes(kb, list(reversed(ranking)), entities, config=config)
    assert described.top == "challenge_escalation"
