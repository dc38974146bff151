"""The rule layer of the immediate-risk screen.

Rules live in ``bot/safety/risk_rules.yml``. The NLU intent ``report_immediate_risk`` is the
other layer; ``bot.nlu.risk_screen`` combines them inside the Rasa pipeline so that a
low-confidence classifier cannot out-vote a rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import List, Pattern, Tuple

import yaml

# The intent the screen forces, handled by a rule (data/rules/safety.yml) in every mode.
RISK_INTENT = "report_immediate_risk"
RULES_PATH = Path(__file__).with_name("risk_rules.yml")


@dataclass(frozen=True)
class RiskRule:
    id: str
    all: Tuple[Pattern[str], ...]
    none: Tuple[Pattern[str], ...]

    def matches(self, text: str, urgent: bool) -> bool:
        if not all(p.search(text) for p in self.all):
            return False
        return urgent or not any(p.search(text) for p in self.none)


@dataclass(frozen=True)
class RiskRules:
    rules: Tuple[RiskRule, ...]
    reflective: Pattern[str]
    urgent: Pattern[str]


def _compile(pattern: str, vocabulary: dict, path: Path, rule_id: str) -> Pattern[str]:
    def fragment(match: re.Match[str]) -> str:
        return vocabulary[match.group(1)]  # a KeyError names an unknown fragment

    try:
        # {name} is a fragment; regex quantifiers such as {0,20} are left alone.
        expanded = re.sub(r"\{([a-z_]+)\}", fragment, pattern)
        return re.compile(expanded, re.IGNORECASE)
    except (KeyError, re.error) as error:
        raise ValueError(f"{path}: rule '{rule_id}': bad pattern {pattern!r}: {error}") from None


@lru_cache(maxsize=4)
def load_rules(path: Path = RULES_PATH) -> RiskRules:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    vocabulary = data.get("vocabulary", {})
    return RiskRules(
        rules=tuple(
            RiskRule(
                id=rule["id"],
                all=tuple(_compile(p, vocabulary, path, rule["id"]) for p in rule["all"]),
                none=tuple(_compile(p, vocabulary, path, rule["id"]) for p in rule.get("none", [])),
            )
            for rule in data["rules"]
        ),
        reflective=_compile("{reflective}", vocabulary, path, "vocabulary"),
        urgent=_compile("{urgent}", vocabulary, path, "vocabulary"),
    )


def _straight(text: str) -> str:
    # Typographic apostrophes are common in pasted text; the rules are written with straight ones.
    return text.replace("\u2019", "'").replace("\u2018", "'")


def matching_rules(text: str) -> List[str]:
    """Ids of the rules that flag ``text`` as a child at immediate risk (empty if none)."""
    text, rules = _straight(text), load_rules()
    urgent = bool(rules.urgent.search(text))
    return [rule.id for rule in rules.rules if rule.matches(text, urgent)]


def framed_as_reflection(text: str) -> bool:
    """Talk of the past, training, procedure or a hypothetical, with nothing happening now."""
    text, rules = _straight(text), load_rules()
    return bool(rules.reflective.search(text)) and not rules.urgent.search(text)
