"""The one source of truth for each fact: ids in content, domain and training data agree."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Dict, Set

import pytest
import yaml

from bot.knowledge import KnowledgeBase

PROJECT = Path(__file__).resolve().parent.parent


def nlu_intents() -> Set[str]:
    intents = set()
    for path in (PROJECT / "data" / "nlu").rglob("*.yml"):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            if "intent" in block:
                intents.add(block["intent"])
    return intents


def entity_values(entity: str) -> Set[str]:
    """Values an entity takes in the training data (annotations and synonym targets)."""
    values = set()
    for path in (PROJECT / "data" / "nlu").rglob("*.yml"):
        text = path.read_text(encoding="utf-8")
        values |= set(re.findall(rf'"entity": "{entity}", "value": "([^"]+)"', text))
    return values


def test_every_situation_intent_is_in_the_domain_and_trained(
    kb: KnowledgeBase, domain: Dict
) -> None:
    assert set(kb.situations) <= set(domain["intents"])
    assert set(kb.situations) <= nlu_intents()
    situations_in_domain = {i for i in domain["intents"] if i.startswith("describe_")}
    assert situations_in_domain == set(kb.situations), "a situation intent has no theme"


def test_every_domain_intent_has_training_examples(domain: Dict) -> None:
    assert set(domain["intents"]) <= nlu_intents()


def test_theme_entity_values_are_theme_ids(kb: KnowledgeBase) -> None:
    assert entity_values("theme") == set(kb.themes)


def test_resource_entity_values_are_resource_ids(kb: KnowledgeBase) -> None:
    assert entity_values("resource") == set(kb.resources)


def test_supervision_step_values_are_the_guide_steps(kb: KnowledgeBase) -> None:
    assert entity_values("supervision_step") == {s.id for s in kb.supervision.steps}


def test_every_theme_can_be_reached_from_a_situation(kb: KnowledgeBase) -> None:
    reached = {theme for themes in kb.situations.values() for theme in themes}
    assert reached == set(kb.themes)


@pytest.mark.parametrize(
    "response",
    [
        "utter_privacy_notice",
        "utter_error_empty_message",
        "utter_error_message_too_long",
        "utter_safety",
    ],
)
def test_responses_used_outside_actions_exist(domain: Dict, response: str) -> None:
    assert domain["responses"][response][0]["text"]


def test_custom_actions_in_the_domain_are_implemented(domain: Dict) -> None:
    from rasa_sdk.executor import ActionExecutor

    executor = ActionExecutor()
    executor.register_package("actions")
    implemented = set(executor.actions)
    wanted = {a for a in domain["actions"] if not a.startswith("utter_")}
    assert wanted <= implemented, wanted - implemented


def slots_named_in_actions() -> Set[str]:
    """Slot names the actions read (``get_slot``), set (``SlotSet``) or put in a ``slots`` dict."""
    names = set()
    for path in (PROJECT / "actions").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and node.args:
                callee = getattr(node.func, "attr", getattr(node.func, "id", ""))
                if callee in ("get_slot", "SlotSet") and isinstance(node.args[0], ast.Constant):
                    names.add(node.args[0].value)
            elif (
                isinstance(node, ast.Assign)
                and isinstance(node.value, ast.Dict)
                and any(getattr(t, "id", "") == "slots" for t in node.targets)
            ):
                names |= {k.value for k in node.value.keys if isinstance(k, ast.Constant)}
    return names


def test_every_slot_the_actions_use_is_in_the_domain(domain: Dict) -> None:
    # Rasa drops a SlotSet for an undeclared slot (logging an error), so the value is lost.
    names = slots_named_in_actions()
    assert {"current_theme", "themes_discussed", "supervision"} <= names  # the walk finds them
    assert names - {"session_started_metadata"} <= set(domain["slots"])
