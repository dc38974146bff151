"""``WindowedRulePolicy``: Rasa's RulePolicy, building only the states its rules can read.

RulePolicy turns the whole conversation into one state per action, for every prediction and
twice after a user message, then matches its rules against the latest states only: states
further back than its longest rule pass every check unread. This subclass builds states only for
that window (plus one); the events are still replayed from the start, so each state is the one
Rasa would build (tests/test_rasa_ext.py compares them turn by turn). Named in config.yml, so
training and serving run the same code. Figures: docs/design.md, "Speed".
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.core.policies.rule_policy import RULES, RULES_FOR_LOOP_UNHAPPY_PATH, RulePolicy
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.core.domain import Domain, State
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa_ext.speedups import is_action


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True
)
class WindowedRulePolicy(RulePolicy):
    def train(
        self, training_trackers: List[TrackerWithCachedStates], domain: Domain, **kwargs: Any
    ) -> Resource:
        # Rasa's recipe validator runs this check only for RulePolicy itself (``uses ==``).
        self.raise_if_incompatible_with_domain(self.config, domain)
        return super().train(training_trackers, domain, **kwargs)

    def rule_window(self) -> int:
        """How many of the latest states any rule can look at, plus one."""
        keys = [*self.lookup.get(RULES, {}), *self.lookup.get(RULES_FOR_LOOP_UNHAPPY_PATH, {})]
        # Rasa caches _rule_key_to_state, so this is a few dozen lookups per prediction.
        return 1 + max((len(self._rule_key_to_state(key)) for key in keys), default=0)

    def _prediction_states(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        use_text_for_last_user_input: bool = False,
        rule_only_data: Dict[str, Any] | None = None,
    ) -> List[State]:
        window = self.rule_window()
        applied = tracker.applied_events()
        count = 1 + sum(is_action(event) for event in applied)
        if count <= window:
            return super()._prediction_states(
                tracker, domain, use_text_for_last_user_input, rule_only_data
            )
        # Rasa's DialogueStateTracker.generate_all_prior_trackers and
        # Domain.states_for_tracker_history (RulePolicy keeps rule-only turns), building a state
        # only for the last ``window`` of them.
        states: List[State] = []
        prior, index = tracker.init_copy(), 0
        for event in applied:
            if is_action(event):
                if index >= count - window:
                    states.append(domain._clean_state(domain.get_active_state(prior)))
                index += 1
            prior.update(event)
        states.append(domain._clean_state(domain.get_active_state(prior)))
        states = self.featurizer.slice_state_history(states, self.featurizer.max_history)
        self.featurizer._choose_last_user_input([states], use_text_for_last_user_input)
        return states
