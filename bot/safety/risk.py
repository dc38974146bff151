"""The rule layer of the immediate-risk screen, and the gate on its classifier layer.

Rules live in ``bot/safety/risk_rules.yml``. The NLU intent ``report_immediate_risk`` is the
other layer; ``bot.nlu.risk_screen`` combines them inside the Rasa pipeline so that a
low-confidence classifier cannot out-vote a rule.

Rules are matched one sentence at a time: in a long case description the risk is often in one
sentence (the first, a middle one or the last), and the words around it ("last year", "the case
closed", "not urgent") describe other sentences. Matching the whole message at once let a
framing word anywhere silence a risk stated elsewhere, and let "a baby" in one sentence combine
with "alone" in another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Iterable, List, Pattern, Tuple

import yaml

from bot.core.turn_data import FALLBACK_INTENT, RISK_INTENT

RULES_PATH = Path(__file__).with_name("risk_rules.yml")
# Sentences, and the parts of a sentence a dash or a colon sets apart ("on outcomes - before
# that, the 16 yo has just texted me ..."; "TA here: a girl just showed me ...").
_SENTENCE_BOUNDARY = re.compile(r"(?<=[.!?;])\s+|\n+|\s+[-\u2013\u2014]+\s+|:\s+")
# Full sentences only: the parts a dash or colon sets apart are also screened together when the
# sentence says it is urgent, since what says now is often before the dash and what happens
# after it ("out of hours rang me just now - police found the kids alone in the flat"); not
# otherwise, which would join a role ("Police officer - ...") to what follows.
_FULL_STOP = re.compile(r"(?<=[.!?;])\s+|\n+")


@dataclass(frozen=True)
class RiskRule:
    id: str
    all: Tuple[Pattern[str], ...]
    none: Tuple[Pattern[str], ...]
    # Every pattern of ``all`` within one clause of the sentence (``_CLAUSE_BOUNDARY``): for a
    # rule whose "now" is a tense, which says now of its own clause only ("his brother's in the
    # police and got hurt": a fact beside the tense, not in it).
    clause: bool = False

    def matches(self, sentence: str, urgent: bool) -> bool:
        parts = [c for c in _CLAUSE_BOUNDARY.split(sentence) if c] if self.clause else [sentence]
        if not any(all(p.search(part) for p in self.all) for part in parts):
            return False
        return urgent or not any(p.search(sentence) for p in self.none)


@dataclass(frozen=True)
class RiskRules:
    rules: Tuple[RiskRule, ...]
    reflective: Pattern[str]
    hypothetical: Pattern[str]
    imagined: Pattern[str]
    known_case: Pattern[str]
    ongoing: Pattern[str]
    resolved: Pattern[str]
    urgent: Pattern[str]
    concern: Pattern[str]
    immediacy: Pattern[str]
    present: Pattern[str]
    past_time: Pattern[str]
    now: Pattern[str]
    told: Pattern[str]
    idiom: Pattern[str]
    denied: Pattern[str]
    staff: Pattern[str]


def _expand(pattern: str, vocabulary: Dict[str, str], depth: int = 0) -> str:
    """``{name}`` is a fragment of the vocabulary (fragments may name fragments); regex
    quantifiers such as ``{0,20}`` are left alone."""
    if depth > 5:
        raise KeyError("fragments nested too deep")
    expanded = re.sub(r"\{([a-z_]+)\}", lambda m: vocabulary[m.group(1)], pattern)
    return expanded if expanded == pattern else _expand(expanded, vocabulary, depth + 1)


def _compile(pattern: str, vocabulary: Dict[str, str], path: Path, rule_id: str) -> Pattern[str]:
    try:
        return re.compile(_expand(pattern, vocabulary), re.IGNORECASE)
    except (KeyError, re.error) as error:  # a KeyError names an unknown fragment
        raise ValueError(f"{path}: rule '{rule_id}': bad pattern {pattern!r}: {error}") from None


@lru_cache(maxsize=4)
def load_rules(path: Path = RULES_PATH) -> RiskRules:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    vocabulary = data.get("vocabulary", {})

    def fragment(name: str) -> Pattern[str]:
        return _compile(f"{{{name}}}", vocabulary, path, "vocabulary")

    return RiskRules(
        rules=tuple(
            RiskRule(
                id=rule["id"],
                all=tuple(_compile(p, vocabulary, path, rule["id"]) for p in rule["all"]),
                none=tuple(_compile(p, vocabulary, path, rule["id"]) for p in rule.get("none", [])),
                clause=bool(rule.get("clause", False)),
            )
            for rule in data["rules"]
        ),
        reflective=fragment("reflective"),
        hypothetical=fragment("hypothetical"),
        imagined=fragment("imagined"),
        known_case=fragment("known_case"),
        ongoing=fragment("ongoing"),
        resolved=fragment("resolved"),
        urgent=fragment("urgent"),
        concern=fragment("concern"),
        immediacy=fragment("immediacy"),
        present=fragment("present"),
        past_time=fragment("past_time"),
        now=fragment("now"),
        told=fragment("told"),
        idiom=fragment("idiom"),
        denied=fragment("denied"),
        staff=fragment("staff"),
    )


# Contractions typed without their apostrophe ("shes missing now", "mums gone out and the baby
# isnt breathing", "theyre making me go"), as practitioners type on a phone: each pattern the
# rules have for "she's" or "isn't" should not need its own apostrophe-less twin, so the
# apostrophe is put back before matching. Only forms that are no other word: not "its", "were",
# "ill", "well", "shed", nor "mums" / "dads" (plural as often as "mum's").
_BARE_CONTRACTION = re.compile(
    r"\b(?:(?P<nt>can|don|won|isn|aren|wasn|weren|hasn|haven|hadn|didn|doesn|couldn|wouldn"
    r"|shouldn|mustn)(?=t\b)"
    r"|(?P<s>she|he|that|there|what|who|nobody|noone|no one|someone|somebody|everyone)(?=s\b)"
    r"|(?P<m>i)(?=m\b)|(?P<ve>i|you|we|they)(?=ve\b)|(?P<re>you|they)(?=re\b)"
    r"|(?P<ll>you|they|it)(?=ll\b))",
    re.IGNORECASE,
)


def _straight(text: str) -> str:
    """``text`` as the rules are written: straight apostrophes (typographic ones are common in
    pasted text) and contractions with theirs (``_BARE_CONTRACTION``)."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return _BARE_CONTRACTION.sub(lambda m: m.group(0) + "'", text)


def sentences(text: str) -> List[str]:
    return [s for s in (p.strip() for p in _SENTENCE_BOUNDARY.split(text)) if s]


def _screened_sentences(text: str, rules: RiskRules) -> List[str]:
    """The sentences of ``text`` with everyday phrases that borrow alarming words ("drowning in
    paperwork", "my manager will kill me") taken out: no word in them is a concern, whatever
    else the sentence says (and, about a known case, what still goes on: ``_as_screened``)."""
    text = _straight(text)
    parts = sentences(text)
    whole = [
        s
        for s in (p.strip() for p in _FULL_STOP.split(text))
        if s and s not in parts and rules.urgent.search(s)
    ]
    return [_as_screened(rules.idiom.sub(" ", sentence), rules) for sentence in parts + whole]


def _as_screened(sentence: str, rules: RiskRules) -> str:
    """In a sentence about a known child-protection case, what still goes on or goes on every
    day ("on plans under neglect, mum still drinking most days") is what the plan is for, not a
    sign of now: those words are taken out; what has happened since ("today", "last night", "has
    just told me") stays."""
    if not rules.known_case.search(sentence):
        return sentence
    return rules.ongoing.sub(" ", sentence)


# "mum says she is not in danger but he is hitting her right now": the denial is not the last word
# ("i worry about the cse side but nothing's happening right now": a contrast before it is).
_CONTRAST = re.compile(r"\b(but|however|though|although|yet)\b", re.IGNORECASE)


def _denied(sentence: str, rules: RiskRules) -> bool:
    denial = rules.denied.search(sentence)
    return bool(denial) and not _CONTRAST.search(sentence, denial.end())


def _unscreened(sentence: str, rules: RiskRules) -> bool:
    """A sentence no urgency makes a risk: one saying the child is not in danger, or one that
    imagines a child ("if a yr 9 said she's going to kill herself tonight"), whose words saying
    now belong to the scene imagined."""
    return _denied(sentence, rules) or bool(rules.imagined.search(sentence))


# The clauses of one sentence: at a comma, a semicolon, or "but" / "and now" / "whereas".
_CLAUSE_BOUNDARY = re.compile(
    r",\s*|;\s*|\s+(?=\b(?:but|whereas|though|although|and now|and tonight|and today)\b)",
    re.IGNORECASE,
)


def _present_clauses(sentence: str, rules: RiskRules) -> List[str]:
    """The clauses of a sentence framed as past or closed that have no framing of their own and
    say now in their words or their tense: "she disclosed in june, but he is hitting her again
    now" is about now in its second clause, whatever its first says. A past-time word framed
    the whole sentence, and silenced a risk stated beside it (round 7). Only a past time frames a
    clause alone: a sentence also framed as closed, managed or training stays framed."""
    if rules.reflective.search(rules.past_time.sub(" ", sentence)):
        return []
    return [
        clause
        for clause in (c.strip() for c in _CLAUSE_BOUNDARY.split(sentence))
        if clause
        and clause != sentence
        and not rules.reflective.search(clause)
        # Now in its own words or tense; "told me" alone is not ("a child once told me her dad
        # would kill her, that was years ago": the time is said after, of the telling).
        and (
            _says_now(clause, rules) or any(p.search(clause) for p in (rules.urgent, rules.present))
        )
    ]


# A bare number after "at" is a clock time to ``now`` ("booked in at 4"); in a sentence framed as
# past it is an age ("abused by a babysitter at 5, he's 16 and had therapy"; "a fractured wrist
# at 2, no concerns at the time"), and says nothing of now.
_BARE_AT = re.compile(r"at \d+", re.IGNORECASE)


def _says_now(clause: str, rules: RiskRules) -> bool:
    return any(not _BARE_AT.fullmatch(m.group(0)) for m in rules.now.finditer(clause))


def _immediate(clause: str, rules: RiskRules) -> bool:
    """``immediacy`` in a clause of a sentence framed as past, a bare "at 5" not counting."""
    return _says_now(clause, rules) or bool(
        rules.told.search(clause) or rules.urgent.search(clause)
    )


def matching_rules(text: str) -> List[str]:
    """Ids of the rules that flag ``text`` as a child at immediate risk (empty if none).

    Each rule is matched within one sentence, and that sentence's own framing (past, closed,
    procedure) silences it. A message framed as a whole as training or a hypothetical ("in the
    exercise...", "what if...") silences every sentence. Words saying it is happening now
    ("right now", "has just", "tonight") override either framing in their sentence, but not a
    sentence saying the child is not in danger.
    """
    text, rules = _straight(text), load_rules()
    text = without_speaker(text, rules)
    hypothetical = bool(rules.hypothetical.search(text))
    found: List[str] = []
    for sentence in _screened_sentences(text, rules):
        urgent = bool(rules.urgent.search(sentence))
        if (hypothetical and not urgent) or _unscreened(sentence, rules):
            continue  # "she's not in danger right now": said so, whatever the urgency
        found += [r.id for r in rules.rules if r.id not in found and r.matches(sentence, urgent)]
        if not urgent and rules.reflective.search(sentence):
            for clause in _present_clauses(sentence, rules):
                found += [
                    r.id for r in rules.rules if r.id not in found and r.matches(clause, urgent)
                ]
    return found


def without_speaker(text: str, rules: RiskRules) -> str:
    """``text`` with the practitioner's own role blanked where they introduce themselves ("sure.
    im a family support worker, mum has been...", "youth worker, couple of the lads..."): who is
    speaking, never someone who works with children harming or grooming one (a trial's youth
    worker, and a held-out family support worker, got the 999 message)."""
    for found in rules.staff.finditer(text):
        if _INTRODUCING.search(text[: found.start()]) and _AFTER_ROLE.match(text[found.end() :]):
            return text[: found.start()] + " " * (found.end() - found.start()) + text[found.end() :]
    return text


# Before the role: the message's start (or a greeting's end), "I'm a", and at most two words of
# the role's own ("family", "school", "youth"); after it: the rest of the introduction
# ("a teacher at our school has been grooming...": a person spoken of, never the speaker)
_INTRODUCING = re.compile(
    r"(?:^|^\W*(?:hi|hello|hiya|sure|ok|okay|yes|yeah)\W+)\W*"
    r"(?:(?:i'?m|i am|im|as)\s+(?:a|an|the)\s+(?:[a-z-]+\s+){0,2}"
    r"|(?:(?!(?:a|an|the|our|my|their|his|her|one)\b)[a-z-]+\s+){0,2})$",
    re.IGNORECASE,
)
_AFTER_ROLE = re.compile(r"\s*(?:here\b|[,.:;–-]|and\b)", re.IGNORECASE)


def _sentence_spans(text: str) -> List[Tuple[int, int]]:
    """Where each of ``sentences(text)`` lies in ``text`` (start, end)."""
    spans, start = [], 0
    for boundary in [*_SENTENCE_BOUNDARY.finditer(text), None]:
        end = boundary.start() if boundary else len(text)
        if text[start:end].strip():
            spans.append((start, end))
        start = boundary.end() if boundary else end
    return spans


def clause_framed(text: str, clause: str) -> bool:
    """Whether what ``text`` says around ``clause`` (one of its clauses, bot/core/clauses.py)
    frames it as not happening now, when the clause says nothing of its own to the contrary.

    Clauses are split at "and" and "but" too, which cuts a clause off from its sentence's framing
    ("a knife was found in his bag in Year 9, he had a YOT order | and completed it last year")
    and from the message's ("say a toddler was found alone at home | what would the immediate
    steps be? it's for a scenario in our HV training"). Its sentence framed as past or closed
    frames the clause unless the clause itself says now, again, still or just told ("last year she
    went missing | and now she's missing again"); a message framed as training or a hypothetical
    frames it unless the clause is urgent, and so does a sentence saying the child was found or
    came home ("she went missing yesterday | but came home at 11pm"); a sentence saying the child
    is not in danger, or imagining a child, frames it whatever it says, and one about a known
    child-protection case unless something has happened since (``_as_screened``)."""
    rules = load_rules()
    text, clause = _straight(text), _straight(clause).strip()
    start = text.find(clause)
    if not clause or start < 0:
        return False
    end = start + len(clause)
    around = [text[a:b] for a, b in _sentence_spans(text) if a < end and b > start]
    if not around:
        return False
    hypothetical = bool(rules.hypothetical.search(text))

    def framed(sentence: str) -> bool:
        if _unscreened(sentence, rules):
            return True
        screened = _as_screened(sentence, rules)
        if screened != sentence and not rules.immediacy.search(screened):
            return True  # a known case, and nothing in it since (``_as_screened``)
        if rules.urgent.search(sentence):
            return False
        if hypothetical or rules.resolved.search(sentence):
            return True  # the child found or home: "yesterday" in the clause is when they went
        return bool(rules.reflective.search(sentence)) and not _immediate(clause, rules)

    return all(framed(sentence) for sentence in around)


def names_an_immediate_concern(text: str) -> bool:
    """Whether one sentence of ``text`` names something that could put a child in danger (harm,
    a weapon, going missing, being alone, self-harm, exploitation, an injury, a threat...) and
    says it is now, soon or just disclosed, without framing it as past or training.

    The classifier layer flags a message only if it does: the classifier was trained on risk
    messages full of ages, family members and schools, and alone it took "she is 15", "lives with
    mum and her two little half brothers" or "three missing episodes this term" for an
    emergency."""
    rules = load_rules()
    text = _straight(text)
    hypothetical = bool(rules.hypothetical.search(text))
    for sentence in _screened_sentences(text, rules):
        urgent = bool(rules.urgent.search(sentence))
        if hypothetical and not urgent or _unscreened(sentence, rules):
            continue
        if rules.reflective.search(sentence) and not urgent:
            # Framed as past or closed: only a clause of its own saying now can name it.
            if any(rules.concern.search(c) for c in _present_clauses(sentence, rules)):
                return True
            continue
        if rules.resolved.search(sentence) and not urgent:
            continue  # the child found or home
        if rules.concern.search(sentence) and rules.immediacy.search(sentence):
            return True
        # Said as now in its tense (risk_rules.yml ``present``), in the clause naming the concern:
        # "his brother's in the police and got hurt" is a fact beside the tense, not in it.
        if any(
            rules.concern.search(c) and rules.present.search(c)
            for c in _CLAUSE_BOUNDARY.split(sentence)
            if c
        ):
            return True
    return False


@lru_cache(maxsize=4)
def _rule_situations(path: Path = RULES_PATH) -> Dict[str, str]:
    return dict(yaml.safe_load(path.read_text(encoding="utf-8")).get("situations") or {})


def situations_of_the_risk(text: str) -> List[str]:
    """The situation intents the emergency in ``text`` is itself a sign of, by the rules that
    flag it (risk_rules.yml ``situations``)."""
    named = _rule_situations()
    return list(dict.fromkeys(named[r] for r in matching_rules(text) if r in named))


def beside_the_risk(text: str, risk_clauses: Iterable[str] = ()) -> str:
    """What ``text`` says beside its risk: its sentences (and the parts a dash or colon sets
    apart) in which no rule matches and no clause the screen flagged lies; when that leaves
    every sentence (the classifier flagged the message as a whole), those naming a concern
    happening now are left out instead. A long case description with an emergency in one
    sentence is ranked as the emergency, and the situation the practitioner came to reflect on
    was lost behind it."""
    text = _straight(text)
    flagged = [_straight(c).strip() for c in risk_clauses if c and c.strip()]
    parts = sentences(text)
    kept = [
        part
        for part in parts
        if not matching_rules(part) and not any(c in part or part in c for c in flagged)
    ]
    if len(kept) == len(parts):
        kept = [part for part in parts if not names_an_immediate_concern(part)]
    return " ".join(kept)


def flagged_ranking(ranking: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The risk intent first with full confidence, the others after it as they were."""
    others = [item for item in ranking if item.get("name") != RISK_INTENT]
    return [{"name": RISK_INTENT, "confidence": 1.0}, *others]


def cleared_ranking(ranking: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The ranking without the risk intent, each other intent's confidence given as its share of
    what they hold together: the classifier's belief once the screen has ruled risk out."""
    return ranking_without(ranking, RISK_INTENT)


def ranking_without(ranking: List[Dict[str, Any]], intent: str) -> List[Dict[str, Any]]:
    """The ranking without ``intent`` (nor the fallback), the others' confidences renormalised."""
    others = [item for item in ranking if item.get("name") not in (intent, FALLBACK_INTENT)]
    total = sum(float(item.get("confidence") or 0.0) for item in others)
    if total <= 0:
        return others
    return [{**item, "confidence": float(item.get("confidence") or 0.0) / total} for item in others]
