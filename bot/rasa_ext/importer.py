"""``ContentImporter``: Rasa's file importer, plus what the content says about the dialogue.

The situation intents are listed once, in bot/knowledge/content/situations.yml (with the themes
each touches). This importer (config.yml ``importers:``) adds them to the domain and writes the
one rule that opens the reflective questions for any of them, so domain.yml and data/rules/ do
not repeat the list, and ``rasa train``, ``rasa data validate`` and ``rasa test`` all see it.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.shared.core.domain import Domain
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
from rasa.shared.core.training_data.structures import StoryGraph
from rasa.shared.importers.rasa import RasaFileImporter

from bot.knowledge import knowledge

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


class ContentImporter(RasaFileImporter):
    def get_domain(self) -> Domain:
        domain = super().get_domain()
        return domain.merge(Domain.from_dict({"intents": situation_intents()}))

    def get_stories(self, exclusion_percentage: int | None = None) -> StoryGraph:
        stories = super().get_stories(exclusion_percentage)
        reader = YAMLStoryReader(self.get_domain())
        rules = {"version": "3.1", "rules": [situation_rule(situation_intents())]}
        steps = reader.read_from_parsed_yaml(rules)
        return stories.merge(StoryGraph(steps))
