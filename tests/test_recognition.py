"""Themes recognised from the content: `examples:` in the schema, the intents and training
examples the content gives (bot/knowledge/recognition.py, the importer), staleness, and when a
theme is clear enough to present."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from bot.core.themes import ThemeRanking, rank_themes, similarity_shares
from bot.knowledge import CONTENT_DIR, ContentError, knowledge, load_knowledge
from bot.knowledge.recognition import content_intent, sentences, training_examples
from bot.settings import tunables
from tests.conftest import content_with, run_async

NEXT_YEAR = Path(__file__).parent / "fixtures" / "next_year_audit" / "northbridge_2019_20.yml"
NEW_THEMES = [
    "neglect_and_home_conditions",
    "domestic_abuse_child_experience",
    "transition_to_adult_services",
]


@pytest.fixture()
def next_year(tmp_path: Path) -> Path:
    """A copy of the bundled content with next year's audit dropped into audits/."""
    return content_with(tmp_path, NEXT_YEAR)


@pytest.fixture()
def next_year_live(next_year: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """That content as the content folder (REFLECT_CONTENT_DIR) for one test."""
    monkeypatch.setenv("REFLECT_CONTENT_DIR", str(next_year))
    knowledge.cache_clear()
    yield next_year
    knowledge.cache_clear()


def test_examples_are_accepted_under_a_theme_and_a_key_message(next_year: Path) -> None:
    audit = next_year / "audits" / NEXT_YEAR.name
    text = audit.read_text(encoding="utf-8")
    marker = "        evidence: >-\n          The chronology held by the school"
    assert marker in text
    audit.write_text(
        text.replace(
            marker, '        examples: ["nobody ever adds up the little things"]\n' + marker, 1
        ),
        encoding="utf-8",
    )
    kb = load_knowledge(next_year)
    neglect = kb.theme("neglect_and_home_conditions")
    assert len(neglect.examples) == 5
    assert neglect.key_messages[0].examples == ("nobody ever adds up the little things",)


def test_a_misspelt_examples_key_is_reported(next_year: Path) -> None:
    audit = next_year / "audits" / NEXT_YEAR.name
    audit.write_text(
        audit.read_text(encoding="utf-8").replace("    examples:", "    exemples:", 1),
        encoding="utf-8",
    )
    with pytest.raises(ContentError, match="exemples: unknown field"):
        load_knowledge(next_year)


def test_each_new_theme_gets_an_intent_of_its_own_and_bundled_themes_do_not(
    next_year: Path,
) -> None:
    kb = load_knowledge(next_year)
    generated = {i: t for i, t in kb.situations.items() if i.startswith("about_")}
    assert generated == {content_intent(t): [t] for t in NEW_THEMES}
    assert not [i for i in load_knowledge(CONTENT_DIR).situations if i.startswith("about_")]


def test_a_new_theme_learns_from_its_own_words_and_examples(next_year: Path) -> None:
    kb = load_knowledge(next_year)
    examples = training_examples(kb)
    neglect = examples[content_intent("neglect_and_home_conditions")]
    assert neglect[:2] == [
        "Neglect and Home Conditions",
        kb.theme("neglect_and_home_conditions").description,
    ]
    # The key message, sentence by sentence, without the audit's formula...
    assert "The risk of cumulative harm when neglect is assessed one episode at a time." in neglect
    assert not [s for s in neglect if s.lower().startswith("this case highlighted")]
    # ...its reflective questions, and the practitioner-voice examples.
    assert any(s.startswith("When a family is re-referred") for s in neglect)
    assert kb.theme("neglect_and_home_conditions").examples[0] in neglect
    # A theme with situation intents learns nothing from the audit's wording (its hand-written
    # data does that), and the fixture gives it no examples.
    assert not [i for i in examples if i.startswith("describe_")]


def test_examples_of_a_bundled_theme_train_its_first_situation_intent(next_year: Path) -> None:
    themes = next_year / "themes.yml"
    themes.write_text(
        themes.read_text(encoding="utf-8").replace(
            "    description: sharing outcomes",
            '    examples: ["no one tells us what CSC decided"]\n    description: sharing outcomes',
            1,
        ),
        encoding="utf-8",
    )
    examples = training_examples(load_knowledge(next_year))
    assert examples["describe_outcome_not_shared"] == ["no one tells us what CSC decided"]


def test_sentences_split_and_drop_the_formula() -> None:
    assert sentences(
        "This case highlighted that plans drifted for months. Parents promised change. Ok."
    ) == ["Plans drifted for months.", "Parents promised change."]


def test_the_importer_adds_the_content_intents_examples_and_rule(next_year_live: Path) -> None:
    from bot.rasa_ext.importer import SITUATION_RULE, ContentImporter

    project = Path(__file__).resolve().parents[1]
    importer = ContentImporter(
        domain_path=str(project / "domain.yml"), training_data_paths=[str(project / "data")]
    )
    intents = set(importer.get_domain().intents)
    assert {content_intent(t) for t in NEW_THEMES} <= intents
    nlu = importer.get_nlu_data()
    by_intent = nlu.number_of_examples_per_intent
    for theme in NEW_THEMES:
        assert by_intent[content_intent(theme)] >= 15
    assert by_intent["describe_outcome_not_shared"] > 0  # the hand-written data is still there
    rules = [s for s in importer.get_stories().story_steps if s.block_name == SITUATION_RULE]
    assert any(content_intent(NEW_THEMES[0]) in rule.as_story_string() for rule in rules)


def test_the_content_folder_is_a_training_input(next_year_live: Path) -> None:
    from bot.ops import launcher

    inputs = launcher.training_inputs()
    assert next_year_live / "audits" / NEXT_YEAR.name in inputs
    assert next_year_live / "themes.yml" in inputs


@pytest.mark.parametrize(
    ("scored", "clear"),
    [
        ([("a", 0.9), ("b", 0.1)], True),
        ([("a", 0.9)], True),
        ([("a", 0.3)], False),  # too weak on its own
        ([("a", 0.6), ("b", 0.5)], False),  # too close to the next
        ([], False),
    ],
)
def test_a_theme_is_presented_only_when_clearly_best(scored, clear) -> None:
    config = {"present_min_score": 0.4, "present_min_lead": 0.2}
    assert ThemeRanking(scored).is_clear(config) is clear


def similarity(**values: float) -> list:
    return [{"theme": theme, "similarity": value} for theme, value in values.items()]


SIMILARITY_SETTINGS = {
    "similarity_temperature": 0.05,
    "similarity_weight": 0.5,
    "similarity_weight_new": 1.5,
}


def test_meaning_brings_a_new_theme_to_the_top_of_the_ranking(next_year: Path) -> None:
    """A new theme has no hand-written situation intent: the similarity of the message to its
    content carries it past a bundled situation the classifier guessed."""
    kb = load_knowledge(next_year)
    config = {**tunables()["themes"], **SIMILARITY_SETTINGS}
    guessed = [{"name": "describe_promises_to_change", "confidence": 0.6}]
    without = rank_themes(kb, guessed, config=config)
    assert without.top == "professional_over_optimism"
    close = similarity(
        neglect_and_home_conditions=0.62,
        professional_over_optimism=0.45,
        information_sharing=0.40,
    )
    ranked = rank_themes(kb, guessed, config=config, similarity=close)
    assert ranked.top == "neglect_and_home_conditions"
    scores = dict(ranked.scored)
    # The bundled theme gets a smaller share of meaning on top of its intent.
    assert scores["professional_over_optimism"] > 0.6


def test_meaning_shares_follow_the_settings(next_year: Path) -> None:
    kb = load_knowledge(next_year)
    close = similarity(neglect_and_home_conditions=0.5, information_sharing=0.5, unknown=0.9)
    shares = similarity_shares(kb, close, SIMILARITY_SETTINGS)
    # Equal similarity, equal softmax share; the new theme's weighed 1.5, the bundled one's 0.5;
    # a theme the content does not have is ignored.
    assert shares == pytest.approx(
        {"neglect_and_home_conditions": 0.75, "information_sharing": 0.25}
    )
    assert similarity_shares(kb, [], SIMILARITY_SETTINGS) == {}


def test_intents_and_meaning_disagreeing_on_the_audit_is_not_clear(next_year: Path) -> None:
    """The classifier sure of a bundled situation, the message closest in meaning to a new
    theme: offered, not presented."""
    kb = load_knowledge(next_year)
    config = {**tunables()["themes"], **SIMILARITY_SETTINGS}
    guessed = [{"name": "describe_promises_to_change", "confidence": 0.95}]
    close = similarity(neglect_and_home_conditions=0.48, professional_over_optimism=0.45)
    ranked = rank_themes(kb, guessed, config=config, similarity=close)
    assert ranked.top == "professional_over_optimism" and ranked.contested
    assert not ranked.is_clear(config)
    agreed = similarity(neglect_and_home_conditions=0.40, professional_over_optimism=0.55)
    assert rank_themes(kb, guessed, config=config, similarity=agreed).is_clear(config)
    # With the bundled content alone nothing is ever contested.
    bundled = load_knowledge(CONTENT_DIR)
    alone = rank_themes(bundled, guessed, config=config, similarity=close)
    assert not alone.contested


def measured(**values: tuple) -> list:
    """Parse data's ``theme_similarity`` with the gate's measures: theme=(content, practice,
    wording); ``similarity`` is ``content``."""
    return [
        {"theme": t, "similarity": c, "content": c, "practice": p, "wording": w}
        for t, (c, p, w) in values.items()
    ]


def test_a_message_about_a_new_theme_is_judged_so_and_presented(next_year: Path) -> None:
    """The classifier guesses a bundled situation; the message is closer to the new theme's own
    words than to anything bundled, its hand-written examples included: the new theme, clearly."""
    kb = load_knowledge(next_year)
    config = tunables()["themes"]
    guessed = [{"name": "describe_promises_to_change", "confidence": 0.9}]
    close = measured(
        neglect_and_home_conditions=(0.62, -1.0, 0.2),
        transition_to_adult_services=(0.30, -1.0, 0.0),
        professional_over_optimism=(0.40, 0.45, 0.05),
    )
    from bot.core.themes import new_audit_share

    assert new_audit_share(kb, close, [], config) > 0.9
    ranked = rank_themes(kb, guessed, config=config, similarity=close)
    assert ranked.top == "neglect_and_home_conditions" and ranked.is_clear(config)


def test_a_bundled_message_is_not_stolen_by_a_new_theme(next_year: Path) -> None:
    """Close to a bundled situation's hand-written examples and to its audit text: bundled,
    even though one new theme's words are nearer than the bundled theme's own."""
    kb = load_knowledge(next_year)
    config = tunables()["themes"]
    guessed = [{"name": "describe_promises_to_change", "confidence": 0.9}]
    close = measured(
        neglect_and_home_conditions=(0.45, -1.0, 0.0),
        professional_over_optimism=(0.42, 0.75, 0.3),
    )
    ranked = rank_themes(kb, guessed, config=config, similarity=close)
    assert ranked.top == "professional_over_optimism" and ranked.is_clear(config)
    assert dict(ranked.scored)["neglect_and_home_conditions"] < 0.1


def test_a_clause_about_a_new_theme_raises_the_judgement(next_year: Path) -> None:
    from bot.core.themes import new_audit_share

    kb = load_knowledge(next_year)
    config = tunables()["themes"]
    whole = measured(
        transition_to_adult_services=(0.40, -1.0, 0.0),
        challenge_escalation=(0.40, 0.45, 0.0),
    )
    clause = {
        "text": "he turns 18 next month and adult services have said no",
        "intent": "describe_emotional_toll",
        "confidence": 0.5,
        "similarity": measured(
            transition_to_adult_services=(0.70, -1.0, 0.0),
            challenge_escalation=(0.30, 0.35, 0.0),
        ),
    }
    alone = new_audit_share(kb, whole, [], config)
    assert new_audit_share(kb, whole, [clause], config) > alone + 0.2


def test_an_even_judgement_offers_rather_than_presents(next_year: Path) -> None:
    kb = load_knowledge(next_year)
    config = {
        **tunables()["themes"],
        "new_audit_gate": {
            "bias": 0.0,
            "closest_clause": 1.0,
            "over_practice": 1.0,
            "wording": 1.0,
        },
    }
    guessed = [{"name": "describe_promises_to_change", "confidence": 0.99}]
    even = measured(
        neglect_and_home_conditions=(0.5, -1.0, 0.1),
        professional_over_optimism=(0.5, 0.5, 0.1),
    )
    ranked = rank_themes(kb, guessed, config=config, similarity=even)
    assert ranked.contested and not ranked.is_clear(config)


def test_a_bundled_top_with_a_new_themes_words_clearly_closer_is_offered(next_year: Path) -> None:
    """The judgement says bundled (the message is near a bundled situation's hand-written
    examples and its audit text) and the classifier is sure of it, but the message is clearly
    closer to a new theme's own words than to any bundled theme's: offered, not presented. A
    small lead in meaning leaves the bundled theme clear."""
    kb = load_knowledge(next_year)
    config = {**tunables()["themes"], "new_audit_words_lead": 0.05}
    guessed = [{"name": "describe_closure_not_copied", "confidence": 0.95}]

    def ranked(new_words: float, settings: dict = config):
        close = measured(
            neglect_and_home_conditions=(new_words, -1.0, 0.0),
            information_sharing=(0.40, 0.75, 0.3),
        )
        return rank_themes(kb, guessed, config=settings, similarity=close)

    closer = ranked(0.50)
    assert closer.top == "information_sharing" and closer.contested
    assert not closer.is_clear(config)
    assert ranked(0.43).is_clear(config)
    # Without the setting, the judgement's band alone decides.
    unset = {k: v for k, v in config.items() if k != "new_audit_words_lead"}
    assert ranked(0.50, unset).is_clear(unset)


def test_without_a_new_audit_there_is_no_judgement_to_make() -> None:
    from bot.core.themes import new_audit_share

    kb = load_knowledge(CONTENT_DIR)
    close = measured(
        information_sharing=(0.6, 0.7, 0.2), professional_over_optimism=(0.3, 0.4, 0.0)
    )
    assert new_audit_share(kb, close, [], tunables()["themes"]) is None


def test_each_clause_keeps_its_own_meaning_for_the_judgement() -> None:
    from bot.core.clauses import classify_clauses

    async def parse(text: str) -> dict:
        return {
            "intent": {"name": "describe_emotional_toll", "confidence": 0.7},
            "theme_similarity": measured(challenge_escalation=(len(text) / 100, 0.2, 0.0)),
        }

    # in a thread of its own: the browser tests keep an event loop on the main thread
    clauses = run_async(classify_clauses(["one clause here", "and another one"], parse))
    assert [c["similarity"][0]["content"] for c in clauses] == [0.15, 0.15]
    assert clauses[0]["intent"] == "describe_emotional_toll"


def test_a_new_theme_clearly_recognised_gets_its_own_intent(next_year: Path) -> None:
    """The classifier, unsure, took a message about a new theme for a bundled situation (it
    would fall back and offer themes); the ranking has the new theme clearly: its own intent,
    so its key message is presented."""
    from bot.core.themes import content_theme_intent

    kb = load_knowledge(next_year)
    config = tunables()["themes"]
    unsure = [
        {"name": "describe_vague_explanation", "confidence": 0.3},
        {"name": "describe_case_drift", "confidence": 0.2},
    ]
    close = measured(
        neglect_and_home_conditions=(0.62, -1.0, 0.2),
        transition_to_adult_services=(0.30, -1.0, 0.0),
        professional_over_optimism=(0.40, 0.45, 0.05),
    )
    intent = content_theme_intent(kb, unsure, close, config)
    assert intent is not None
    assert intent["name"] == content_intent("neglect_and_home_conditions")
    assert intent["confidence"] >= config["present_min_score"]


def test_no_intent_of_its_own_when_unclear_bundled_or_not_a_situation(next_year: Path) -> None:
    from bot.core.themes import content_theme_intent

    kb = load_knowledge(next_year)
    config = tunables()["themes"]
    unsure = [{"name": "describe_vague_explanation", "confidence": 0.3}]
    # Closer to a bundled situation's hand-written examples and its audit text: bundled.
    bundled = measured(
        neglect_and_home_conditions=(0.45, -1.0, 0.0),
        professional_over_optimism=(0.42, 0.75, 0.3),
    )
    assert content_theme_intent(kb, unsure, bundled, config) is None
    # Two new themes equally close: not clear, so themes are still offered.
    split = measured(
        neglect_and_home_conditions=(0.62, -1.0, 0.2),
        domestic_abuse_child_experience=(0.62, -1.0, 0.2),
        professional_over_optimism=(0.40, 0.45, 0.05),
    )
    assert content_theme_intent(kb, unsure, split, config) is None
    # A question (not a situation) is not the ranking's to overrule.
    close = measured(
        neglect_and_home_conditions=(0.62, -1.0, 0.2),
        professional_over_optimism=(0.40, 0.45, 0.05),
    )
    asked = [{"name": "ask_resource", "confidence": 0.4}]
    assert content_theme_intent(kb, asked, close, config) is None
    # Without a new audit live there is nothing to judge.
    alone = load_knowledge(CONTENT_DIR)
    assert content_theme_intent(alone, unsure, close, config) is None


def test_the_new_themes_own_intents_raise_the_judgement(next_year: Path) -> None:
    """The classifier's confidence in a new theme's own intent (trained on its words and a
    partnership's examples) counts towards judging the message about the new audit: this is
    how examples move the judgement."""
    from bot.core.themes import new_audit_share

    kb = load_knowledge(next_year)
    config = tunables()["themes"]
    even = measured(
        neglect_and_home_conditions=(0.45, -1.0, 0.05),
        professional_over_optimism=(0.42, 0.48, 0.05),
    )
    unsure = [{"name": "describe_promises_to_change", "confidence": 0.4}]
    own = [*unsure, {"name": content_intent("neglect_and_home_conditions"), "confidence": 0.35}]
    alone = new_audit_share(kb, even, [], config, unsure)
    assert new_audit_share(kb, even, [], config, own) > alone + 0.2


def test_the_component_sets_the_new_themes_intent_and_keeps_the_ranking(next_year: Path) -> None:
    from rasa.shared.nlu.training_data.message import Message

    from bot.nlu.theme_similarity import _intent_from_content

    kb = load_knowledge(next_year)
    ranking = [
        {"name": "describe_vague_explanation", "confidence": 0.3},
        {"name": "describe_case_drift", "confidence": 0.2},
    ]
    message = Message(
        data={
            "text": "flat smells, baby in the same nappy",
            "intent": ranking[0],
            "intent_ranking": ranking,
        }
    )
    close = measured(
        neglect_and_home_conditions=(0.62, -1.0, 0.2),
        professional_over_optimism=(0.40, 0.45, 0.05),
    )
    _intent_from_content(kb, message, close)
    assert message.get("intent")["name"] == content_intent("neglect_and_home_conditions")
    # The ranking stays the classifier's own: the ranking of themes reads it.
    assert message.get("intent_ranking") == ranking


def test_a_topic_listed_as_uncovered_that_a_live_audit_covers_points_to_its_theme(
    next_year: Path,
) -> None:
    """uncovered.yml's words for neglect and domestic abuse name next year's themes on them,
    once that audit is live; with the bundled audit alone the topics stay uncovered."""
    kb = load_knowledge(next_year)
    assert {topic.id: theme for topic, theme in kb.covered} == {
        "neglect": "neglect_and_home_conditions",
        "domestic_abuse": "domestic_abuse_child_experience",
    }
    assert "domestic_abuse" not in {t.id for t in kb.uncovered}
    assert kb.themes_for_covered_topics("police went to a DV call last night, kids upstairs") == [
        "domestic_abuse_child_experience"
    ]
    # A pattern describing it counts as a name; a name of two letters only in capitals.
    assert kb.themes_for_covered_topics("dad is violent to mum") == [
        "domestic_abuse_child_experience"
    ]
    assert kb.themes_for_covered_topics("da da da, the minutes never came") == []
    bundled = load_knowledge(CONTENT_DIR)
    assert bundled.covered == [] and bundled.themes_for_covered_topics("a DV call") == []
    assert "domestic_abuse" in {t.id for t in bundled.uncovered_in("a DV call")}


def test_a_named_covered_topic_raises_its_theme(next_year: Path) -> None:
    """The judgement says bundled and the classifier leans to a bundled situation, but the
    message names a topic next year's audit covers ("DV"): its theme comes first."""
    kb = load_knowledge(next_year)
    config = {**tunables()["themes"], "covered_topic_boost": 0.5}
    guessed = [{"name": "describe_case_drift", "confidence": 0.3}]
    close = measured(
        domestic_abuse_child_experience=(0.42, -1.0, 0.0),
        professional_over_optimism=(0.40, 0.55, 0.1),
    )
    before = rank_themes(kb, guessed, config=config, similarity=close)
    assert before.top == "professional_over_optimism"
    close[0]["named_topic"] = True
    after = rank_themes(kb, guessed, config=config, similarity=close)
    assert after.top == "domestic_abuse_child_experience"
    scores, earlier = dict(after.scored), dict(before.scored)
    assert scores["domestic_abuse_child_experience"] == pytest.approx(
        earlier["domestic_abuse_child_experience"] + 0.5, abs=1e-3
    )


def test_the_component_marks_the_theme_of_a_named_covered_topic(next_year_live: Path) -> None:
    import numpy as np
    from rasa.shared.nlu.training_data.message import Message

    from bot.nlu.sentence_featurizer import SENTENCE_EMBEDDING
    from bot.nlu.theme_similarity import ThemeSimilarity

    themes = list(knowledge().themes)
    vectors = np.eye(len(themes), dtype=np.float32)
    bundled = next(i for i, t in enumerate(themes) if not t.startswith(("neglect", "domestic")))
    index = {
        "embeddings": vectors,
        "owners": np.arange(len(themes), dtype=np.int32),
        "is_example": np.zeros(len(themes), bool),
        "practice": vectors[[bundled]],
        "practice_owners": np.array([bundled], np.int32),
        "themes": np.array(themes),
    }
    component = ThemeSimilarity(None, None, index)  # type: ignore[arg-type]

    def marked(text: str) -> list:
        message = Message(data={"text": text, SENTENCE_EMBEDDING: vectors[bundled]})
        component.process([message])
        return [e["theme"] for e in message.get("theme_similarity") if e.get("named_topic")]

    assert marked("police went to a DV call last night") == ["domestic_abuse_child_experience"]
    assert marked("the minutes never went out") == []
