"""Which audit themes a message touches, ranked: from the intent ranking and theme entities.

The situation-intent -> theme map is data (bot/knowledge/content/situations.yml); weights and
thresholds are in reflect.yml.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Dict, Iterable, List, Mapping

import numpy as np

from bot.core.relevance import theme_index
from bot.knowledge import KnowledgeBase
from bot.knowledge.recognition import content_intent, theme_examples
from bot.settings import tunables

SIGNPOST_QUESTION = "ask_resource"
# The parse data's mark of a theme covering a topic the message names
# (bot/nlu/theme_similarity.py sets it).
NAMED_TOPIC = "named_topic"


@dataclass(frozen=True)
class ThemeRanking:
    """Themes with scores, best first. ``contested``: the intents and the meaning disagree on
    whether the message is about a theme known only from its content (a new audit's)."""

    scored: List[tuple]
    contested: bool = False
    # The nearest hand-written examples moved the top theme, or made a clear call of an unclear
    # one (``rank_themes``): they may reorder, never make Reflect surer.
    unsettled: bool = False
    # The classifier is torn between two themes that the message's clauses are each sure of:
    # two themes in one breath ("the explanation for the bruise was vague and mum promises it
    # won't happen again"), offered rather than one chosen.
    split: bool = False

    @property
    def themes(self) -> List[str]:
        return [theme for theme, _ in self.scored]

    @property
    def top(self) -> str | None:
        return self.scored[0][0] if self.scored else None

    def is_clear(self, config: Mapping[str, Any] | None = None) -> bool:
        """Whether the top theme is clearly the best: it scores at least ``present_min_score``
        and leads the next by ``present_min_lead``. When not, the closest themes are offered
        rather than one key message that may be the wrong one."""
        config = config or tunables()["themes"]
        if not self.scored or self.contested or self.unsettled or self.split:
            return False
        top = self.scored[0][1]
        second = self.scored[1][1] if len(self.scored) > 1 else 0.0
        return top >= config["present_min_score"] and top - second >= config["present_min_lead"]

    def suggestions(self, config: Mapping[str, Any] | None = None) -> List[str]:
        """The themes after the top one that are worth offering."""
        config = config or tunables()["themes"]
        return [theme for theme, score in self.scored[1:] if score >= config["suggest_min_score"]][
            : config["max_suggestions"]
        ]


def rank_themes(
    kb: KnowledgeBase,
    intent_ranking: Iterable[Mapping[str, Any]],
    entities: Iterable[Mapping[str, Any]] = (),
    clauses: Iterable[Mapping[str, Any]] = (),
    config: Mapping[str, Any] | None = None,
    similarity: Iterable[Mapping[str, Any]] = (),
) -> ThemeRanking:
    """``clauses``: the intents of the message's clauses (bot.core.clauses), weighed less.
    ``similarity``: each theme's closest sentence to the message (the parse data's
    ``theme_similarity``, bot/nlu/theme_similarity.py).

    With a new audit's themes live (known from their content alone), the message is first
    judged new audit or bundled (``new_audit_share``); the new themes then share that judgement
    by meaning and their own intents, the bundled ones the rest by today's ranking
    (``_bundled_ranking``)."""
    config = config or tunables()["themes"]
    clauses, entities, intent_ranking = list(clauses), list(entities), list(intent_ranking)
    similarity = [s for s in similarity if s.get("theme") in kb.themes]
    ranked = _ranking(kb, intent_ranking, entities, clauses, config, similarity)
    if not practice_shares(kb, similarity, config):
        return ranked
    # The nearest examples reorder the themes offered when the ranking without them is not
    # clear; they never make Reflect surer, and never overturn a clear ranking (a message
    # clearly about one theme and touching another lost its key message to them).
    plain = _ranking(
        kb, intent_ranking, entities, clauses, {**config, "practice_weight": 0.0}, similarity
    )
    if plain.is_clear(config):
        return plain
    return replace(ranked, unsettled=True)


def _ranking(
    kb: KnowledgeBase,
    intent_ranking: List[Mapping[str, Any]],
    entities: List[Mapping[str, Any]],
    clauses: List[Mapping[str, Any]],
    config: Mapping[str, Any],
    similarity: List[Mapping[str, Any]],
) -> ThemeRanking:
    """``rank_themes`` with these settings."""
    share = new_audit_share(kb, similarity, clauses, config, intent_ranking)
    if share is None:
        return _bundled_ranking(kb, intent_ranking, entities, clauses, config, similarity)
    bundled = [s for s in similarity if not _from_content_only(kb, s["theme"])]
    ranked = _bundled_ranking(kb, intent_ranking, entities, clauses, config, bundled)
    # The bundled themes' nearest examples (``practice_shares``) reorder the bundled themes,
    # not the bundled against the new: scaled back so that the best bundled score is what it
    # is without them.
    unmoved = _bundled_ranking(
        kb, intent_ranking, entities, clauses, {**config, "practice_weight": 0.0}, bundled
    )
    scale = (1.0 - share) * (unmoved.scored[0][1] / ranked.scored[0][1] if ranked.scored else 1.0)
    scores = {t: scale * v for t, v in ranked.scored if not _from_content_only(kb, t)}
    # Between the new themes, meaning is the audit's own words (``content``): an example close
    # to a message about another theme pulled it there. Examples count through the themes' own
    # intents, which learn from them.
    new = [
        {**s, "similarity": s.get("content", s["similarity"])}
        for s in similarity
        if _from_content_only(kb, s["theme"])
    ]
    meaning = similarity_shares(kb, new, {**config, "similarity_weight_new": 1.0})
    # The new themes' own intents (``about_<theme>``), as shares of what they got between them.
    own = {
        t: float(i.get("confidence", 0.0))
        for i in intent_ranking
        for t in kb.themes_for_intent(i.get("name", ""))[:1]
        if _from_content_only(kb, t) and i.get("name") == content_intent(t)
    }
    total = sum(own.values())
    weight = _own_intent_weight(kb, [s["theme"] for s in new], total, config)
    for theme, value in meaning.items():
        within = (1.0 - weight) * value + weight * own.get(theme, 0.0) / (total or 1.0)
        scores[theme] = scores.get(theme, 0.0) + share * within
    for entity in entities:  # a new theme named in the message ("the transition one")
        if entity.get("entity") == "theme" and _from_content_only(kb, entity.get("value", "")):
            scores[entity["value"]] += config["entity_boost"]
    for theme in named_topics(new):  # ...or a topic it covers ("DV", "always hungry")
        scores[theme] = scores.get(theme, 0.0) + config["covered_topic_boost"]
    low, high = config["new_audit_unsure"]
    scored = [(t, round(v, 4)) for t, v in sorted(scores.items(), key=lambda i: -i[1]) if v > 0]
    return ThemeRanking(
        scored,
        contested=low < share < high
        or _new_words_closer(kb, similarity, scored[0][0] if scored else None, config),
        split=ranked.split,
    )


def _new_words_closer(
    kb: KnowledgeBase,
    similarity: Iterable[Mapping[str, Any]],
    top: str | None,
    config: Mapping[str, Any],
) -> bool:
    """Whether a bundled theme tops the ranking while the message is clearly closer to a new
    audit's own words than to any bundled theme's (by ``new_audit_words_lead``): the classifier,
    which knows only the bundled situations well, is then often sure and wrong ("early help
    closed in march, by may it had all gone backwards" read as a closure not copied), so the
    closest themes are offered rather than its key message."""
    if top is None or _from_content_only(kb, top):
        return False
    new, bundled = [], []
    for entry in similarity:
        (new if _from_content_only(kb, entry["theme"]) else bundled).append(float(entry["content"]))
    lead = config.get("new_audit_words_lead")
    return lead is not None and max(new, default=-1.0) - max(bundled, default=-1.0) > lead


def _own_intent_weight(
    kb: KnowledgeBase, themes: Iterable[str], confidence: float, config: Mapping[str, Any]
) -> float:
    """How much the new themes' own intents weigh between them: more once a partnership gave
    ``examples:`` (the classifier then learns the practitioners' voice, not only the audit's)
    and the classifier put some ``confidence`` on them (none: there is no view of its to trust,
    and the usual weight keeps the message's share as it was)."""
    if confidence > 0 and any(theme_examples(kb.themes[t]) for t in themes if t in kb.themes):
        return config.get("new_audit_intent_weight_examples", config["new_audit_intent_weight"])
    return config["new_audit_intent_weight"]


def content_theme_intent(
    kb: KnowledgeBase,
    intent_ranking: Iterable[Mapping[str, Any]],
    similarity: Iterable[Mapping[str, Any]],
    config: Mapping[str, Any] | None = None,
) -> Dict[str, Any] | None:
    """The intent of a message that the ranking clearly puts on a theme known only from its
    content (a new audit's) while the classifier took it for some situation: ``about_<theme>``,
    with the theme's score as its confidence; else None. The classifier learns a new theme from
    its audit's few formal sentences (and a partnership's examples), so it is rarely sure of a
    practitioner's message about one, which then fell back to offering themes even when the
    ranking had the theme clearly (bot/nlu/theme_similarity.py sets it, before the fallback)."""
    config = config or tunables()["themes"]
    ranking = [i for i in intent_ranking if i.get("name") != "nlu_fallback"]
    if not ranking or ranking[0].get("name") not in kb.situations:
        return None  # a question, a greeting, out of scope...: not the ranking's to overrule
    ranked = rank_themes(kb, ranking, config=config, similarity=similarity)
    if ranked.top is None or not _from_content_only(kb, ranked.top):
        return None
    if not ranked.is_clear(config):
        return None
    return {"name": content_intent(ranked.top), "confidence": ranked.scored[0][1]}


def new_audit_share(
    kb: KnowledgeBase,
    similarity: List[Mapping[str, Any]],
    clauses: List[Mapping[str, Any]],
    config: Mapping[str, Any],
    intent_ranking: Iterable[Mapping[str, Any]] = (),
) -> float | None:
    """How likely the message is about a theme known only from its content (a new audit's),
    rather than a bundled one: a logistic judgement (``new_audit_gate`` in reflect.yml) over
    how much closer the message (or its closest clause) is to the new themes' own words than to
    the bundled themes', to the new themes' words than to the bundled situations' hand-written
    examples, to the new themes' audit text by wording, and how much of the classifier's
    confidence went to the new themes' own intents (``about_<theme>``, trained on their words
    and a partnership's ``examples:``: how examples move the judgement). None when no new theme
    is live or the model predates these measures (then ``similarity_weight_new`` weighs the
    meaning)."""
    if not similarity or "content" not in similarity[0]:
        return None
    new = [s for s in similarity if _from_content_only(kb, s["theme"])]
    old = [s for s in similarity if not _from_content_only(kb, s["theme"])]
    if not new or not old:
        return None

    def gap(entries: Iterable[Mapping[str, Any]], field: str, against: str) -> float:
        entries = [e for e in entries if e.get("theme") in kb.themes]
        ours = [float(e[field]) for e in entries if _from_content_only(kb, e["theme"])]
        theirs = [float(e[against]) for e in entries if not _from_content_only(kb, e["theme"])]
        return max(ours, default=-1.0) - max(theirs, default=-1.0)

    closest = max(
        [gap(similarity, "content", "content")]
        + [gap(c["similarity"], "content", "content") for c in clauses if c.get("similarity")]
    )
    own = {content_intent(s["theme"]) for s in new}
    own_intents = sum(float(i.get("confidence") or 0.0) for i in intent_ranking if i["name"] in own)
    weights = config["new_audit_gate"]
    logit = (
        weights["bias"]
        + weights["closest_clause"] * closest
        + weights["over_practice"] * gap(similarity, "content", "practice")
        + weights["wording"] * gap(similarity, "wording", "wording")
        + weights.get("own_intents", 0.0) * own_intents
    )
    return float(1.0 / (1.0 + np.exp(-logit)))


def _bundled_ranking(
    kb: KnowledgeBase,
    intent_ranking: Iterable[Mapping[str, Any]],
    entities: Iterable[Mapping[str, Any]],
    clauses: Iterable[Mapping[str, Any]],
    config: Mapping[str, Any],
    similarity: List[Mapping[str, Any]],
) -> ThemeRanking:
    """Intents, clauses, entities and meaning, summed (the ranking before a new audit's gate)."""
    scores: Dict[str, float] = similarity_shares(kb, similarity, config)
    for theme, value in practice_shares(kb, similarity, config).items():
        scores[theme] = scores.get(theme, 0.0) + value

    def add(themes: Iterable[str], amount: float) -> None:
        """The first theme gets ``amount``, later ones ``secondary_weight`` of it."""
        for position, theme in enumerate(themes):
            share = 1.0 if position == 0 else config["secondary_weight"]
            scores[theme] = scores.get(theme, 0.0) + amount * share

    intent_ranking = list(intent_ranking)
    for item in intent_ranking:
        add(kb.themes_for_intent(item.get("name", "")), float(item.get("confidence", 0.0)))
    # A question about a signpost is about its themes: a signpost it names outweighs the
    # meaning of its other words ("is there training on hard conversations? i freeze up").
    asks_signpost = bool(intent_ranking) and intent_ranking[0].get("name") == SIGNPOST_QUESTION
    signpost_boost = config.get("signpost_question_boost", config["entity_boost"])
    for clause in clauses:
        confidence = float(clause.get("confidence", 0.0))
        if confidence >= config["clause_min_confidence"]:
            themes = kb.themes_for_intent(clause.get("intent") or "")
            add(themes, config["clause_weight"] * confidence)
    for entity in entities:
        if entity.get("entity") == "theme" and entity.get("value") in kb.themes:
            add([entity["value"]], config["entity_boost"])
        elif entity.get("entity") == "resource" and entity.get("value") in kb.resources:
            # A signpost belongs to its themes.
            boost = signpost_boost if asks_signpost else config["entity_boost"]
            add(kb.resources[entity["value"]].themes, boost)
    for theme in named_topics(similarity):
        add([theme], config["covered_topic_boost"])
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    return ThemeRanking(
        [(theme, round(score, 4)) for theme, score in ranked if score > 0],
        contested=_contested(kb, similarity, ranked[0][0] if ranked else None),
        split=_split_between_clauses(kb, intent_ranking, clauses, config),
    )


def _split_between_clauses(
    kb: KnowledgeBase,
    intent_ranking: List[Mapping[str, Any]],
    clauses: Iterable[Mapping[str, Any]],
    config: Mapping[str, Any],
) -> bool:
    """Whether the classifier is torn between two situations of different themes (the second
    at least ``split_min_second``) that two of the message's clauses are each sure of."""
    if len(intent_ranking) < 2:
        return False
    first, second = (kb.themes_for_intent(i.get("name", ""))[:1] for i in intent_ranking[:2])
    if not first or not second or first == second:
        return False
    if float(intent_ranking[1].get("confidence", 0.0)) < config["split_min_second"]:
        return False
    sure = config["split_clause_min_confidence"]
    said = [
        kb.themes_for_intent(c.get("intent") or "")[:1]
        for c in clauses
        if float(c.get("confidence", 0.0)) >= sure
    ]
    return first in said and second in said


def named_topics(similarity: Iterable[Mapping[str, Any]]) -> List[str]:
    """The themes covering a topic the message names (``named_topic`` in the parse data's
    ``theme_similarity``: a topic uncovered.yml lists that a live audit covers after all)."""
    return [s["theme"] for s in similarity if s.get(NAMED_TOPIC)]


def _from_content_only(kb: KnowledgeBase, theme: str) -> bool:
    """A theme no hand-written situation intent names: known from its content alone."""
    return content_intent(theme) in kb.situations


def _contested(kb: KnowledgeBase, similarity: Iterable[Mapping[str, Any]], top: str | None) -> bool:
    """Whether the theme closest in meaning and the top theme are from different kinds, one
    known only from its content and one with hand-written situations: the classifier, which
    knows the bundled situations best, may be confidently wrong about a new audit's situation
    (on the dev sets this cut confidently wrong answers about new themes from 0.13 to 0.03, for
    options on 1 in 10 to 5 bundled situations while a new audit is live)."""
    known = [s for s in similarity if s["theme"] in kb.themes]
    if top is None or not known:
        return False
    closest = max(known, key=lambda s: float(s["similarity"]))["theme"]
    return _from_content_only(kb, closest) != _from_content_only(kb, top)


def similarity_shares(
    kb: KnowledgeBase, similarity: Iterable[Mapping[str, Any]], config: Mapping[str, Any]
) -> Dict[str, float]:
    """Each theme's score from meaning: a softmax over the themes' similarities (temperature
    ``similarity_temperature``), times ``similarity_weight``, or ``similarity_weight_new`` for a
    theme recognised only from its content (no hand-written situation intent: its own intent
    learns from a few sentences, so the similarity carries most of it)."""
    known = [(s["theme"], float(s["similarity"])) for s in similarity if s["theme"] in kb.themes]
    if not known:
        return {}
    values = np.array([value for _, value in known]) / config["similarity_temperature"]
    shares = np.exp(values - values.max())
    shares /= shares.sum()
    return {
        theme: float(share)
        * config["similarity_weight_new" if _from_content_only(kb, theme) else "similarity_weight"]
        for (theme, _), share in zip(known, shares, strict=True)
    }


def practice_shares(
    kb: KnowledgeBase, similarity: Iterable[Mapping[str, Any]], config: Mapping[str, Any]
) -> Dict[str, float]:
    """Each bundled theme's score from its nearest hand-written situation example (``practice``
    in the parse data): a softmax at ``practice_temperature`` times ``practice_weight``. The
    classifier draws one boundary per intent through hundreds of examples; a practitioner's
    message worded unlike most of them but close to one is still its theme's."""
    weight = float(config.get("practice_weight", 0.0))
    known = [
        (s["theme"], float(s["practice"]))
        for s in similarity
        if s.get("theme") in kb.themes and float(s.get("practice", -1.0)) > -1.0
    ]
    if not weight or not known:
        return {}
    values = np.array([value for _, value in known]) / config["practice_temperature"]
    shares = np.exp(values - values.max())
    shares /= shares.sum()
    return {theme: weight * float(share) for (theme, _), share in zip(known, shares, strict=True)}


def is_unrelated(
    kb: KnowledgeBase,
    text: str,
    intent_ranking: Iterable[Mapping[str, Any]],
    config: Mapping[str, Any] | None = None,
) -> bool:
    """An unclear message with nothing of the audit in it: decline rather than offer themes.

    True when no situation scores and the message shares (almost) no words with the audits.
    """
    config = config or tunables()["themes"]
    situational = rank_themes(kb, intent_ranking, config=config).scored
    if situational and situational[0][1] >= config["fallback_min_situation"]:
        return False
    best_wording = max((score for _, score in theme_index(kb).rank(text)), default=0.0)
    return best_wording < config["fallback_min_wording"]


def fallback_options(
    kb: KnowledgeBase,
    text: str,
    intent_ranking: Iterable[Mapping[str, Any]],
    count: int | None = None,
    similarity: Iterable[Mapping[str, Any]] = (),
) -> List[str]:
    """Themes to offer when the message was not understood: the classifier's view and the
    themes closest in meaning first, then the closest audit sections by wording, so there are
    always ``count`` options."""
    count = count or tunables()["themes"]["fallback_options"]
    options = rank_themes(kb, intent_ranking, similarity=similarity).themes
    for theme, _ in theme_index(kb).rank(text):
        if theme not in options:
            options.append(theme)
    return options[:count]


_TITLE_FILLER = {"and", "of", "the", "a", "an", "in", "on", "for", "to"}


def theme_named_last(kb: KnowledgeBase, text: str) -> str | None:
    """The theme whose title the text names last ("no not cross borough. management of CSE
    cases" -> the CSE theme): two of its title's words, or an acronym in it ("the CSE one").
    The last because a practitioner correcting a theme names the wrong one first."""
    words = [w.strip(".,;:!?'‘’\"()").lower() for w in text.split()]
    best, best_at = None, -1
    for theme in kb.themes.values():
        raw = [w.strip("'‘’\"()") for w in theme.title.replace("-", " ").split()]
        title = {w.lower() for w in raw if w.lower() not in _TITLE_FILLER}
        acronyms = {w.lower() for w in raw if len(w) > 1 and w.isupper()}
        hits = [i for i, w in enumerate(words) if w in title]
        named = len({words[i] for i in hits}) >= 2 or any(words[i] in acronyms for i in hits)
        if named and hits[-1] > best_at:
            best, best_at = theme.id, hits[-1]
    return best
