"""Unlisted signpost names (bot/nlu/known_phrases.py): resolved to the signpost they stand for."""

from __future__ import annotations

from bot.nlu.known_phrases import KnownPhraseEntityExtractor

PHRASES = {
    "difficult conversations course": ["resource", "difficult_conversations_course"],
    "training on difficult conversations": ["resource", "difficult_conversations_course"],
    "substance misuse service": ["resource", "substance_misuse_service"],
    "young people's drug service": ["resource", "substance_misuse_service"],
    "school nursing service": ["resource", "school_nursing_service"],
    "cross-border working": ["theme", "cross_borough_working"],
}


def extractor() -> KnownPhraseEntityExtractor:
    return KnownPhraseEntityExtractor(None, None, PHRASES)  # type: ignore[arg-type]


def test_an_unlisted_name_takes_the_value_sharing_its_rarest_words() -> None:
    known = extractor()
    assert known._resolved("resource", "training on having awkward conversations") == (
        "difficult_conversations_course"
    )
    assert known._resolved("resource", "the Hackney drugs team") == "substance_misuse_service"


def test_a_name_shared_by_several_values_or_none_stays_unresolved() -> None:
    known = extractor()
    assert known._resolved("resource", "the service") is None
    assert known._resolved("resource", "the helpline") is None


def test_only_the_configured_entities_are_resolved() -> None:
    from rasa.shared.nlu.constants import ENTITIES, TEXT
    from rasa.shared.nlu.training_data.message import Message

    message = Message(
        {
            TEXT: "is the drugs team open and what about the border one",
            ENTITIES: [
                {"entity": "resource", "value": "drugs team", "start": 7, "end": 17},
                {"entity": "theme", "value": "border one", "start": 40, "end": 50},
            ],
        }
    )
    extractor().process([message])
    values = {e["entity"]: e["value"] for e in message.get(ENTITIES)}
    assert values == {"resource": "substance_misuse_service", "theme": "border one"}
