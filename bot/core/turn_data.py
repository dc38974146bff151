"""What our input channel (bot/channels/guard.py) hands on with a turn, and who reads it.

Three contracts, all here so each side names the same thing:

1. ``parse_data["clauses"]``: the intents of a longer message's clauses (bot.core.clauses),
   classified by the channel with the same model. Rasa keeps unknown parse-data keys in
   ``UserUttered.parse_data``, so actions read them as ``tracker.latest_message["clauses"]``.
2. ``metadata["reflect"]``: what Reflect knows of the message (never the client's metadata,
   which could carry anything): the kinds of detail redacted and whether the risk screen
   fired. Rasa copies the first message's metadata into ``session_started_metadata``, which is
   how the session-start action knows to leave out its greeting before a safety message.
3. ``PREPARED_EMBEDDINGS``: sentence embeddings the channel computes in its screening thread,
   taken once by the featurizer (bot/nlu/sentence_featurizer.py) when the same text is parsed.
4. ``parse_data["situation"]``: for a flagged message long enough to describe a situation
   beside its risk, the parse of what it says beside it (``Situation``; bot/safety/risk.py
   ``beside_the_risk``), read by the safety action to continue to that situation.
"""

from __future__ import annotations

import threading
from typing import Any, Callable, Dict, Iterable, List, Mapping, Sequence, TypedDict

# The intent the immediate-risk screen forces (bot/nlu/risk_screen.py), handled by a rule in
# every mode; named here so that every layer reads one name.
RISK_INTENT = "report_immediate_risk"
# Rasa's FallbackClassifier's intent, when the whole message was unclear.
FALLBACK_INTENT = "nlu_fallback"
# "What's a MASE?": judged by the forms (a term named inside an answer is part of it).
TERM_INTENT = "ask_term"
SUPERVISION_INTENT = "start_supervision"
# "can we reflect on my case": the practitioner's own reflection, asked for (not a supervision)
REFLECT_ON_CASE_INTENT = "reflect_on_case"
# Going back to a supervision step, or changing a step's note ("clear step 2")
REVISIT_STEP_INTENT = "revisit_step"

CLAUSES = "clauses"
SITUATION = "situation"
# Each theme's closest sentence to the message, by meaning (bot/nlu/theme_similarity.py), in the
# parse data: [{"theme": id, "similarity": cosine}], closest first.
THEME_SIMILARITY = "theme_similarity"
# The extractor of a signpost (entity ``resource``) a question means without naming it
# (bot/nlu/signpost_meaning.py): meant, not named.
SIGNPOST_BY_MEANING = "SignpostByMeaning"
REFLECT = "reflect"


class Clause(TypedDict, total=False):
    text: str
    intent: str | None
    confidence: float
    # The clause's own THEME_SIMILARITY (bot/nlu/theme_similarity.py): a new audit's theme is
    # often plain in one clause of a longer message and diluted in the whole.
    similarity: List[Dict[str, Any]]


class Situation(TypedDict):
    """Contract 4: a flagged message's words beside its risk, parsed on their own; the risk
    intent taken out of the ranking (the rest shares what is left)."""

    text: str
    intent_ranking: List[Dict[str, Any]]
    entities: List[Dict[str, Any]]
    theme_similarity: List[Dict[str, Any]]


def situation_of(parse_data: Mapping[str, Any]) -> Situation | None:
    """Contract 4, read side."""
    found = parse_data.get(SITUATION)
    return found if isinstance(found, dict) and found.get("text") else None


class ReflectMetadata(TypedDict):
    redacted: List[str]  # placeholders used, e.g. ["[NAME]"]
    risk: bool


def clauses_of(parse_data: Mapping[str, Any]) -> List[Clause]:
    """Contract 1, read side (``tracker.latest_message`` or a parse result)."""
    return list(parse_data.get(CLAUSES) or [])


def message_metadata(redacted: Iterable[str], risk: bool) -> Dict[str, ReflectMetadata]:
    """Contract 2, write side: the only metadata stored with a message."""
    return {REFLECT: {"redacted": list(redacted), "risk": bool(risk)}}


def reflect_metadata(metadata: Mapping[str, Any] | None) -> ReflectMetadata:
    """Contract 2, read side: from a ``UserUttered`` event's or ``session_started_metadata``."""
    found = (metadata or {}).get(REFLECT) or {}
    return {"redacted": list(found.get("redacted") or []), "risk": bool(found.get("risk"))}


class PreparedEmbeddings:
    """Contract 3: text -> embedding, each taken at most once; thread-safe."""

    def __init__(self, limit: int = 256) -> None:
        self._items: Dict[str, Any] = {}
        self._lock = threading.Lock()
        self.limit = limit

    def prepare(self, texts: Sequence[str], embed: Callable[[List[str]], Sequence[Any]]) -> None:
        """Embed ``texts`` now (any thread), for the parses that follow."""
        texts = list(dict.fromkeys(texts))
        if not texts:
            return
        vectors = embed(texts)
        with self._lock:
            if len(self._items) > self.limit:  # left over by parses that never came
                self._items.clear()
            self._items.update(zip(texts, vectors, strict=True))

    def take(self, texts: Sequence[str], embed: Callable[[List[str]], Sequence[Any]]) -> List[Any]:
        """The embeddings of ``texts``: prepared ones (used up), the rest embedded now."""
        with self._lock:
            found = {t: self._items.pop(t) for t in texts if t in self._items}
        missing = [t for t in dict.fromkeys(texts) if t not in found]
        if missing:
            found.update(zip(missing, embed(missing), strict=True))
        return [found[t] for t in texts]

    def __contains__(self, text: object) -> bool:
        return text in self._items


PREPARED_EMBEDDINGS = PreparedEmbeddings()
