"""``ContentImporter``: Rasa's file importer, plus what the content says about the dialogue.

The situation intents are listed once, in bot/knowledge/content/situations.yml (with the themes
each touches), plus an ``about_<theme>`` intent for each theme no situation names (a new audit's:
bot/knowledge/recognition.py). This importer (config.yml ``importers:``) adds them to the domain,
writes the one rule that opens the reflective questions for any of them, and adds the training
examples the content gives (a new theme's own sentences, and every ``examples:``), so domain.yml,
data/rules/ and data/nlu/ do not repeat the content, and ``rasa train``, ``rasa data validate``
and ``rasa test`` all see it.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.shared.core.domain import Domain
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
from rasa.shared.core.training_data.structures import StoryGraph
from rasa.shared.importers.rasa import RasaFileImporter
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.knowledge import knowledge
from bot.knowledge.recognition import training_examples

SITUATION_RULE = "a situation opens the reflective questions"


def situation_intents() -> List[str]:
    return list(knowledge().situations)


def situation_rule(intents: List[str]) -> Dict[str, Any]:
    """The rule for every situation intent: its key message, then the questions one at a time
    (as ``a chosen theme opens the reflective questions`` in data/rules/reflection.yml)."""
    return {
        "rule": SITUATION_RULE,
        "steps": [
            {"or": [{"intent": intent} for intent in intents]},
            {"action": "action_present_theme"},
            {"action": "reflection_form"},
            {"active_loop": "reflection_form"},
        ],
    }


def content_training_data() -> TrainingData:
    """The content's examples as NLU training examples of the intents they train."""
    return TrainingData(
        [
            Message.build(text=text, intent=intent)
            for intent, texts in training_examples(knowledge()).items()
            for text in texts
        ]
    )


class ContentImporter(RasaFileImporter):
    def get_nlu_data(self, language: str | None = "en") -> TrainingData:
        return super().get_nlu_data(language).merge(content_training_data())

    def get_domain(self) -> Domain:
        domain = super().get_domain()
        return domain.merge(Domain.from_dict({"intents": situation_intents()}))

    def get_stories(self, exclusion_percentage: int | None = None) -> StoryGraph:
        stories = super().get_stories(exclusion_percentage)
        reader = YAMLStoryReader(self.get_domain())
        rules = {"version": "3.1", "rules": [situation_rule(situation_intents())]}
        steps = reader.read_from_parsed_yaml(rules)
        return stories.merge(StoryGraph(steps))
