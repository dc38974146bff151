"""The turn interpreter: what a turn is, when it lands where an answer is awaited.

Rules (data/rules/) already route the turns whose intent says what they are: controls (skip,
stop, pause...), side questions that are always questions (a term, the audit itself) and
immediate risk never reach the answer slot (the slots' ``not_intent`` in domain.yml).
Everything else arrives here, and is one of (a case, a signpost, legal advice or a referral
named in a statement, "no because mum didn't consent to us sharing", is part of an answer;
asked, it is a side question):

- ``answer``: recorded as the answer to the pending question or step;
- ``off_task``: unrelated to the audit and not an answer (declined kindly, not recorded);
- ``question``: anything asked rather than told (answered from the content if it can be:
  a case, a signpost, a term, a request Reflect cannot meet; otherwise said so; not recorded);
- ``new_situation``: a different situation, said to be one ("another family..."): offered as a
  switch, not recorded;
- ``fact``: a fact about the child or family in the middle of the questions ("she is 15", "dad
  is in prison"): added to the situation, not taken as the answer (only where ``facts_aside``).

Thresholds are in reflect.yml (``turns``).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any, Iterable, List, Mapping, Pattern

from bot.core.answers import (
    alternation,
    fillers_pattern,
    opener,
    sentences,
    without_fillers,
    word_lists,
)
from bot.core.turn_data import FALLBACK_INTENT, TERM_INTENT

ANSWER, OFF_TASK, QUESTION, NEW_SITUATION, FACT, HOLDING = (
    "answer",
    "off_task",
    "question",
    "new_situation",
    "fact",
    "holding",
)
# A fact is short: longer turns are answers, however they are worded...
FACT_MAX_WORDS = 14
# ...unless set aside as one from the start ("btw the baby is 7 months and ...", "fyi dad moved
# back in last month ...": a trial's 20-word ones were recorded as answers)
ASIDE_FACT_MAX_WORDS = 30


@cache
def _starts(section: str) -> Pattern[str]:
    """A text opening with one of the section's words, after fillers ("sorry, whats...")."""
    fillers = fillers_pattern()
    starts = alternation(word_lists()[section])
    return re.compile(rf"^\W*{fillers}(?:{starts})(?![\w'])", re.I)


# "what worries me most is that...", "what I did was ring...": told, though it opens with "what"
_WHAT_CLEFT = re.compile(
    r"^\W*what\s+(?:[\w']+\s+){1,6}?(?:is|was)\s+(?:that|to|because|how|when|why)\b"
    r"|^\W*what\s+(?:i|we|she|he|they|mum|dad|you)\s+[\w']+\s+(?:is|was)\b"
    # "what would help is writing down what good enough looks like"
    r"|^\W*what\s+(?:would|could|might|will|should|may)\s+(?:really\s+)?[\w']+\s+(?:is|was)\b"
    r"|^\W*what\s+(?:worries|worried|concerns|concerned|bothers|scares|strikes|struck|matters|"
    r"helps|helped|works|worked|happened|stands out|stood out)\b[^?]*\b(?:is|was|are|were)\b"
    # "what normally happens is the SW rings our DSL"
    r"|^\W*what\s+(?:usually|normally|generally|typically|actually|really|tends\s+to|tend\s+to)?"
    r"\s*(?:happens|happen|happened|goes\s+on)\s+(?:is|was|here\s+is)\b",
    re.I,
)


# "in case 2 who didnt copy the GP in": where the question is about, said before it
_ABOUT_PREFIX = re.compile(
    r"^\W*(?:in|for|about|on|with|from)\s+(?:the\s+)?(?:case\s*\d+|that\s+case|this\s+case|"
    r"that\s+one|the\s+(?:first|second|third|last)\s+(?:case|one))\s*,?\s*",
    re.I,
)


# "is contextual safeguarding actually a thing in the city yet or just hackney": a choice asked
# without its "?" (a statement seldom opens with "is" or "are")
_ASKS_EITHER = re.compile(r"^\W*(?:is|are)\s+\w[^.!]*?\bor\b", re.I)


# "the key messages of case 1, briefly", "case 2 please": asked for by naming it, no verb
_ASKED_BY_NAME = re.compile(
    r"^\W*(?:(?:and|ok|okay|so|now|just|then)\W+)*(?:the\s+)?(?:"
    r"(?:key\s+messages?|key\s+points|summary|details|strengths|findings)\s+(?:of|for|from|in)"
    r"\s+(?:the\s+)?case\s+\d{1,2}|case\s+\d{1,2}\s+(?:please|pls|again|briefly)|"
    r"(?:the\s+)?(?:number|contact details|phone number|email)\s+(?:please|pls|again))"
    r"(?:[\s,]+(?:please|pls|briefly|again|quickly))*\W*$",
    re.IGNORECASE,
)


def _asks(sentence: str) -> bool:
    stripped = _ABOUT_PREFIX.sub("", sentence.strip()) or sentence.strip()
    if stripped.endswith("?") or _ASKS_EITHER.match(without_fillers(stripped)):
        return True
    if _ASKED_BY_NAME.match(stripped):
        return True
    return bool(_starts("question_starts").match(stripped)) and not _WHAT_CLEFT.match(
        without_fillers(stripped)
    )


_HOW_TO_ANSWER = re.compile(r"\W*(?:yes or no|yes/no|y/n|y or n|true or false)\W*", re.I)


def is_question(text: str) -> bool:
    """Asked rather than told: the last sentence asks ("police, exploitation team. does the
    audit mention X"), or the first does and nothing after it opens like an answer ("can you
    refer them? its not urgent" asks; "do I record it? yes always" is the question read back,
    then answered). A sentence asks when it ends with "?" or opens like a question."""
    meant = _MEANT_INSTEAD.match(text)
    if meant and any(_asks(c) for c in re.split(r"\s*[,;]\s*|\s+-\s+", text[meant.end() :])):
        return True  # "no I meant the drugs service, whats their number": asked again
    said = [s for s in sentences(text) if not _pleasantry().fullmatch(s.strip(" !?,"))] or [text]
    # "whats the question again? oh right, we always...": the request, then the answer
    said = [s for s in said if not _starts("repeat_requests").match(s)] or said
    # "should I ring the team manager? yes or no": how to answer, not an answer
    said = [s for s in said if not _HOW_TO_ANSWER.fullmatch(s)] or said
    first_asks = _asks(said[0]) and all(opener(s)[0] is None for s in said[1:])
    if first_asks or _asks(said[-1]):
        return True
    # "before I answer - what's the number for the drugs service? the weed thing": asked after
    # a preface, or before a few words naming what it is about (a trial's was recorded)
    prefaced = len(said) >= 2 and _PREFACE.fullmatch(said[0].strip())
    tagged = len(said) >= 2 and _TAG.fullmatch(said[-1].strip()) and _asks(said[-2])
    return bool((prefaced and any(_asks(s) for s in said[1:])) or tagged) and all(
        opener(s)[0] is None for s in said
    )


# "... the weed thing", "re the 15yo": a few words naming what a question is about
_TAG = re.compile(r"\W*(?:the|re|about|i mean the|you know the)\s+(?:[\w'-]+\s*){1,3}\W*", re.I)
_PREFACE = re.compile(
    r"\W*(?:before i answer(?: that)?|before that|first|quick q(?:uestion)?|one thing|hang on|"
    r"wait|sorry)\W*",
    re.IGNORECASE,
)


def says_done(text: str) -> bool:
    """ "ok we're done thanks", "i'm done for now": a stop, said as being done."""
    return bool(_DONE_HERE.fullmatch(text))


_DONE_HERE = re.compile(
    r"\W*(?:(?:ok|okay|right|great|cool)\W+)?(?:we'?re|were|i'?m|im|that'?s me|i am|we are|all)\s+"
    r"done(?:\s+(?:here|now|for now|for today))?(?:\W+(?:thanks|thank you|ta|cheers|thx))?\W*",
    re.IGNORECASE,
)


def is_holding(text: str, acknowledgement: bool = False) -> bool:
    """Thinking aloud or checking Reflect is there ("hmm, good question, one sec"), with
    nothing told: phrases of ``holding`` and pleasantries only, at least one of them holding.
    ``acknowledgement``: a bare "ok" or "right" holds too (a supervision's open steps, where it
    answers nothing)."""
    words = text.lower().strip()
    holding = _holding().fullmatch(words)
    if holding:
        return True
    return acknowledgement and bool(_ACKNOWLEDGEMENT.fullmatch(words))


# ... and "yes" or "go on": ready, nothing told (a trial's step 1 note was "yes")
_ACKNOWLEDGEMENT = re.compile(
    r"\W*(?:ok|okay|k|right|alright|all right|sure|yep|yeah|yes|yes please|go on|go ahead|ready|"
    r"lets go|let's go|lets start|let's start|ok lets start|ok let's start)\W*",
    re.I,
)
# Neither yes nor no to a question: "ok", "right", "okay then" (a reflective question waits).
_NEITHER = re.compile(
    r"\W*(?:ok+|okay|k|kk|right|alright|all right|okay then|ok then|fine)\W*", re.I
)


@cache
def _holding() -> Pattern[str]:
    phrase = rf"(?:{alternation(word_lists()['holding'])})"
    other = rf"(?:{alternation(word_lists()['pleasantries'])}|{fillers_pattern()})"
    # any run of holding phrases, pleasantries and fillers with at least one holding phrase
    return re.compile(
        rf"\W*(?:{other}(?![\w'])\W*)*{phrase}(?![\w'])\W*(?:(?:{phrase}|{other})(?![\w'])\W*)*",
        re.I,
    )


@cache
def _pleasantry() -> Pattern[str]:
    return re.compile(alternation(word_lists()["pleasantries"]), re.I)


def answer_after_request(text: str) -> str:
    """ "sorry what was the question again. oh right - no, the plan...": what follows the
    request for the question, which answers it; "" when nothing does."""
    parts = sentences(text)
    if len(parts) < 2 or not _starts("repeat_requests").match(parts[0]):
        return ""
    rest = ". ".join(parts[1:])
    # "...? yes" answers; "...? sorry" or "...? oh" does not
    return rest if opener(rest)[0] is not None or len(rest.split()) >= 3 else ""


def correction(text: str) -> str | None:
    """ "sorry I meant we DID ring CSC", "scratch that - not yet": a correction of the last
    answer given, and what it corrects it to ("" when nothing follows the words of correction);
    None when the turn is not one."""
    match = _starts("corrections").match(text)
    meant_for_last = _phrases("meant_for_last_question").search(text)
    if match is None and meant_for_last and not _answer_marker().search(text):
        # "no wait, that was meant for the last question, I don't really take it to supervision":
        # the "no" is the answer, the "wait" is not
        before = re.sub(
            r"\b(?:wait|hang on|sorry|oops|whoops)\b", "", text[: meant_for_last.start()]
        )
        before = " ".join(before.split()).rstrip(" ,.;:!-")
        said = f"{before}, {text[meant_for_last.end() :].lstrip(' ,.;:!-')}"
        return re.sub(rf"^\W*{fillers_pattern()}", "", said).strip(" ,.;:!-")
    if match is None:
        return None
    return re.sub(r"^(?:\s*(?:to|:|,|-|–|—|\.)\s*)+", "", text[match.end() :]).strip()


# "actually sorry, that first one should have been no, i didnt ask her": an earlier answer,
# named by its place, put right (a trial's, after the last question, was not heard)
_ORDINAL_CORRECTION = re.compile(
    r"\b(?:(?:the|that|my|ur|your)\s+)?(?:answer\s+to\s+the\s+)?"
    r"(?P<which>first|second|third|fourth|last|previous|1st|2nd|3rd|4th)\s+"
    r"(?:one|question|answer|q)\s+(?:(?:answer\s+)?should\s+(?:have\s+been|be|say|read)|"
    r"was\s+(?:meant\s+to\s+be|wrong,?\s+it'?s?|actually))\s*[:,-]?\s*",
    re.IGNORECASE,
)
_ORDINALS = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3}


def ordinal_correction(text: str) -> tuple[int | None, str] | None:
    """ "that first one should have been no, i didnt ask her" -> (0, "no, i didnt ask her"): the
    place of the answer corrected among the theme's answers (None: the last one) and what it
    now says; None when the turn is no such correction or says nothing after it."""
    found = _ORDINAL_CORRECTION.search(text)
    if found is None or len(text[: found.start()].split()) > 3:
        return None
    said = text[found.end() :].strip(" ,.;:!-")
    return (_ORDINALS.get(found["which"].lower()), said) if said else None


@cache
def _answer_marker() -> Pattern[str]:
    markers = alternation(word_lists()["answer_markers"])
    return re.compile(rf"(?<![\w'])(?:{markers})\s*[,.:;!-]+\s*", re.I)


def after_answer_marker(text: str) -> str:
    """ "ok ive gone to the dsl, shes ringing csc now. back to your question, no the school
    doesnt...": what follows the last words saying an answer comes (the answer itself, at
    least two words); ``text`` unchanged when there are none."""
    found = list(_answer_marker().finditer(text))
    if not found:
        return text
    rest = text[found[-1].end() :].strip()
    return rest if len(rest.split()) >= 2 else text


def asks_to_switch(text: str) -> bool:
    """ "can we do the challenge and escalation one instead", "can we stop this now and look at
    who I should be sharing info with": asks to move to another theme (which must be named for
    the turn to be a switch)."""
    return bool(_phrases("switch_requests").search(text))


def ends_asking_to_go_on(text: str) -> bool:
    """ "ok he's safe now. can we carry on?": told something, then asked to go on with the
    questions (the last sentence, a short request, after at least one other)."""
    said = sentences(text)
    last = said[-1] if len(said) > 1 else ""
    asks = bool(_starts("resume_requests").match(last)) and len(last.split()) <= 8
    return asks and opener(text)[0] is None  # "yes we do. where were we?" answered first


@cache
def _reflect_request() -> Pattern[str]:
    asks = alternation(word_lists()["reflect_requests"])
    return re.compile(
        rf"^\W*(?:(?:ok|okay|right|so)\W+)?(?:{asks})(?:\s+on\s+(?:it|this|that))?(?:\s+now)?\W*$",
        re.I,
    )


def asks_to_reflect(text: str) -> bool:
    """ "can we reflect on it now", "ok lets do the questions": the whole message asks to go on
    with the questions."""
    return bool(_reflect_request().match(text))


_OWN_ROLE = re.compile(
    r"^\W*(?:i'?m|i\s+am|im)\s+(?:the|a|an)?\s*(?P<role>[\w'-]+(?:\s+[\w'-]+){0,2}?)\W*"
    r"(?:\b(?:lol|haha|btw|fyi|by the way|here|actually|myself)\b\W*)*$",
    re.IGNORECASE,
)


def own_role(text: str) -> str | None:
    """ "i AM the gp lol": the role the practitioner says is theirs (to be checked against the
    roles known), said alone; None otherwise."""
    said = _OWN_ROLE.match(text)
    return said.group("role") if said else None


def stop_at_end(text: str) -> tuple[str, str] | None:
    """ "not sure, we told the sw but nothing happened. can we stop, i want to talk about the DV
    itself": what was told before a request to stop the questions, and what was said after it
    ("" when nothing); None when no clause after the first asks to stop."""
    for found in _phrases("stop_requests").finditer(text):
        told = text[: found.start()].strip(" ,.;:-–")
        if found.start() and re.search(r"[,.;:!?–-]\s*$", text[: found.start()]) and told:
            return told, text[found.end() :].strip(" ,.;:-–?!")
    return None


def asks_to_skip_the_rest(text: str) -> bool:
    """ "skip the rest", "skip the others" (a ``stop_requests`` phrase, said alone): every
    question left, not the one in hand."""
    return bool(_phrases("stop_requests").search(text)) and len(text.split()) <= 8


def tells_enough(told: str) -> bool:
    """Whether what comes before a question is an answer ("we have a weekly huddle", "sort of")
    rather than who is asking ("police, exploitation team") or talk to Reflect ("sorry, you
    didn't answer")."""
    if is_chatter(told):
        return False
    return opener(told)[0] is not None or len(told.split()) >= 4


def is_chatter(text: str) -> bool:
    """Made only of ``stop`` and ``chatter`` words (bot/core/turn_words.yml): "are you still
    there?", "sorry, you didn't answer"."""
    words = word_lists()
    ignored = {*words["stop"], *words["chatter"]}
    text = _phrases("chatter_idioms").sub(" ", text.lower())
    return all(w in ignored for w in re.findall(r"[a-z]{2,}", text))


def leading_question(text: str) -> tuple[str, str]:
    """ "plan: step up to cp? tm view is not yet, stay cin but a tighter plan. SW to visit
    weekly...": what was asked first, and what was told at length after it ("" when little
    was told: "can you refer them? its not urgent" only asks)."""
    parts = sentences(text)
    asked = 0
    while asked < len(parts) and _asks(parts[asked]):
        asked += 1
    told = ". ".join(parts[asked:])
    if asked == 0 or len(told.split()) < LEADING_QUESTION_MIN_TOLD:
        return "", text
    return " ".join(parts[:asked]), told


# Words told after a question for the message to be an answer that opened with a question.
LEADING_QUESTION_MIN_TOLD = 8


def trailing_question(text: str) -> tuple[str, str]:
    """An answer that ends by asking something ("sort of, our GP is helpful. when's the next
    one"): what was told and what was asked. A question before the answer is the practitioner
    reading the question back ("do I record it? always"), part of the answer."""
    parts = sentences(text)
    told = len(parts)
    while told > 0 and _asks(parts[told - 1]):
        told -= 1
    if told == 0 and text.rstrip().endswith("?"):
        # "nobody has seen the baby alone apart from HV, whats a MASE?": asked after a comma
        for comma in reversed(list(re.finditer(r",\s*", parts[-1]))):
            before, after = parts[-1][: comma.start()], parts[-1][comma.end() :]
            # told before the comma, not asked: "what about the school nurse service, whats
            # their number?" asks twice
            asks = _starts("question_starts").match(after)
            if asks and len(before.split()) >= 4 and not _asks(before):
                return ". ".join([*parts[:-1], before]), after
    if told in (0, len(parts)):
        return text, ""
    return ". ".join(parts[:told]), " ".join(parts[told:])


_THINKING_SOUND = re.compile(r"^\W*(?:hmm+|hm+|erm+|umm+)\b", re.IGNORECASE)
# Asking for a signpost or a term again, after Reflect misread it
_REQUESTS = ("ask_resource", TERM_INTENT)
_MEANT_INSTEAD = re.compile(r"^\W*(?:no+|sorry|nah)\W+(?:no\W+)?i\s+meant?\b", re.IGNORECASE)


def interpret(
    intent: str,
    confidence: float,
    text: str,
    *,
    unrelated: bool,
    situation_themes: Iterable[str],
    current_theme: str | None,
    config: Mapping[str, Any],
    facts_aside: bool = False,
    bare_ok_holds: bool = False,
    cannot_help: Iterable[str] = (),
) -> str:
    """What a turn that reached the answer slot is.

    ``unrelated``: the message shares nothing with the audits (bot.core.themes.is_unrelated).
    ``situation_themes``: the themes of the turn's intent if it is a situation intent.
    ``bare_ok_holds``: a bare "ok" is neither an answer nor a yes (reflective questions).
    ``cannot_help``: the intents of requests Reflect cannot meet (a referral, legal advice).
    """
    if is_holding(text) or (bare_ok_holds and _NEITHER.fullmatch(text)):
        # "hmm let me think", "are you still there?"; to a reflective question a bare "ok" too
        # (it says the question was heard, not yes or no to it): the question waits
        return HOLDING
    if intent in cannot_help and confidence >= config["cannot_help_min_confidence"]:
        return QUESTION  # "can you make the referral for me? I don't have time"
    if intent in _REQUESTS and confidence >= 0.9 and _MEANT_INSTEAD.match(text):
        # "no I meant the substance misuse service, whats their number": the request put
        # right, no "no" to the question (a trial's was recorded as its answer)
        return QUESTION
    opened, rest = opener(text)
    if opened is not None and _THINKING_SOUND.match(text) and rest and is_question(rest):
        return QUESTION  # "hmm actually whats a MASE again?" (a trial's was a step's note)
    if opened is not None:
        return ANSWER  # "no, ...", "not sure - ...": an answer, whatever follows
    if len(text.split()) >= 4 and is_chatter(text) and not is_question(text):
        # "i could honestly kill for a coffee right now, its been one of those days": the day,
        # said to Reflect (a held-out one was recorded); a short "ok" may answer a step
        return HOLDING
    if intent == "out_of_scope" or (intent == FALLBACK_INTENT and unrelated):
        if facts_aside and is_fact(text):
            return FACT  # "we forgot, the baby is 7 months btw": about the family, not off-task
        # Off-task (a supervision takes these as answers where an owner or a due date is
        # asked for: "by friday" reads as nothing much to the classifier).
        return OFF_TASK
    if is_question(text):
        # Asked, not told: "what happened in case 2?", "can you give me example questions?",
        # "is there any training on this?" are side questions, never answers.
        return QUESTION
    if intent == TERM_INTENT and not _phrases("first_person").search(text):
        return QUESTION  # "MARAC??", "meaning of CIN"
    themes = list(situation_themes)
    if (
        themes
        and confidence >= config["new_situation_min_confidence"]
        and current_theme not in themes
        and _phrases("new_topic").search(text)
    ):
        return NEW_SITUATION
    if facts_aside and is_fact(text):
        return FACT
    return ANSWER


@cache
def _phrases(section: str) -> Pattern[str]:
    return re.compile(rf"(?<![\w'])(?:{alternation(word_lists()[section])})(?![\w'])", re.I)


def asks_learning(text: str) -> bool:
    """A question after what went wrong or must change ("what went wrong in case 3")."""
    return is_question(text) and bool(_phrases("case_learning").search(text))


def is_practical(text: str) -> bool:
    """A question after a signpost's practical details (a number, a date, a booking)."""
    return is_question(text) and bool(_phrases("practical").search(text))


def needs_signpost(text: str) -> bool:
    """A situation that says a signpost is needed ("didn't know where to send him")."""
    return bool(_phrases("signpost_needs").search(text))


def is_definition(text: str) -> bool:
    """A question after what something is or means."""
    return bool(_starts("definition_starts").match(text))


def roles_in(text: str) -> List[str]:
    """The roles and agencies named in ``text`` ("the GP", "school"), lower case."""
    return list(dict.fromkeys(m.group(0).lower() for m in _phrases("roles").finditer(text)))


def is_fact(text: str) -> bool:
    """A short fact about someone else (the child, the family): no first person, not asked,
    naming an age, a relative, a household or a health detail. An answer to a reflective question
    is about the practitioner's own practice ("we never agreed dates", "I haven't asked"). Words
    setting the fact aside ("we forgot, the baby is 7 months btw") are not part of it."""
    aside = without_asides(text)
    opens_aside = bool(aside) and bool(_aside().match(text.strip()))
    text = aside or text
    return (
        len(text.split()) <= (ASIDE_FACT_MAX_WORDS if opens_aside else FACT_MAX_WORDS)
        and not is_question(text)
        and not _phrases("first_person").search(text)
        # "fyi dad moved back in, so he's around more": set aside, its "so" is no analysis
        and (opens_aside or not _phrases("analysis").search(text))
        and bool(re.search("|".join(word_lists()["fact_about"]), text, re.IGNORECASE))
    )


def asks_awareness(question: str) -> bool:
    """ "Are you aware of ...?", "Did you know that ...?"."""
    return bool(
        re.match(rf"^\W*(?:{alternation(word_lists()['awareness_starts'])})\b", question, re.I)
    )


@cache
def _aside() -> Pattern[str]:
    markers = alternation(word_lists()["aside_markers"])
    return re.compile(rf"(?<![\w'])(?:{markers})(?![\w'])\s*[,.:;!-]*\s*", re.I)


def without_asides(text: str) -> str:
    """ "we forgot, the baby is 7 months btw" -> "the baby is 7 months": the text without the
    words that set it aside from the conversation ("btw", "forgot to say"); "" when it has
    none."""
    stripped = _aside().sub(" ", text)
    if stripped == text:
        return ""
    return " ".join(stripped.split()).strip(" ,.;:-")


def is_noise(text: str) -> bool:
    """Nothing that could answer: no word of two letters or more ("a", "?", "x") and no yes or
    no ("y", "n" are answers)."""
    lowered = text.strip(" .!?,").lower()
    return (
        not re.search(r"[a-z]{2}", lowered) and lowered not in ("y", "n") and not (opener(text)[0])
    )


def control_slip(text: str) -> str | None:
    """A single word that is a slip for a control word ("stpo" for stop: two letters swapped,
    one dropped or one doubled): the control's word; None otherwise (the word itself, or
    anything else)."""
    word = text.strip(" .!?,").lower()
    if not re.fullmatch(r"[a-z]{3,7}", word):
        return None
    for control in word_lists()["control_slips"]:
        if word != control and _one_slip(word, control):
            return str(control)
    return None


def _one_slip(typed: str, meant: str) -> bool:
    """Two neighbouring letters swapped, one letter left out or one added."""
    if len(typed) == len(meant):
        diff = [i for i, (a, b) in enumerate(zip(typed, meant, strict=True)) if a != b]
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and typed[diff[0]] == meant[diff[1]]
            and typed[diff[1]] == meant[diff[0]]
        )
    short, long_ = sorted((typed, meant), key=len)
    if len(long_) - len(short) != 1 or len(short) < 3:
        return False
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def is_self_doubt(text: str) -> bool:
    """ "am i overreacting?", "honestly, is it just me": the practitioner asking whether their
    worry is warranted, and nothing else (an answer before it is recorded, and the doubt then
    answered as a question asked after an answer)."""
    said = [s for s in sentences(text) if not is_chatter(s)] or [text]
    # "am i overreacting? the weight is only just under the line": the doubt, then why
    return bool(_starts("self_doubt").match(said[0]))


def withdraws_answer(text: str) -> bool:
    """ "that wasnt my answer, i was just giving context": the last answer taken back."""
    return bool(_phrases("withdrawals").search(text)) and len(text.split()) <= 16


def is_safety_update(text: str, feeling: bool = False) -> bool:
    """What has been done, or how the practitioner feels, said just after the safety message
    ("ok police are on the way. I'm just shaken"): told briefly, not asked, every sentence of it
    an update (one going on to tell a situation, "police came, they're safe now. looking back we
    kept believing dad...", is that situation). ``feeling``: and it says how they feel."""
    # "ok thanks. the dsl is here"; "... they're coming. what do I write down?" (answered apart)
    said = [s for s in sentences(text) if not (is_chatter(s) or asks_what_to_record(s))]
    text = " ".join(said)
    update = re.compile(
        f"{_phrases('safety_updates').pattern}|{_phrases('safety_feelings').pattern}", re.I
    )
    return (
        len(text.split()) <= SAFETY_UPDATE_MAX_WORDS
        and bool(said)
        and not is_question(text)
        and all(update.search(s) and not _phrases("looking_back").search(s) for s in said)
        and (not feeling or bool(_phrases("safety_feelings").search(text)))
    )


def asks_what_to_record(text: str) -> bool:
    """ "what do I write down?": how to record what has just happened."""
    return is_question(text) and bool(_phrases("recording_questions").search(text))


# Longer, and it tells a situation, not how things stand now.
SAFETY_UPDATE_MAX_WORDS = 30


def says_not_in_danger(text: str) -> bool:
    """ "why the 999 stuff?? no one is in danger, its a figure of speech": the safety message
    was not needed (said just after it)."""
    return (
        bool(_phrases("not_in_danger").search(text))
        and len(text.split()) <= SAFETY_UPDATE_MAX_WORDS
        and not _phrases("looking_back").search(text)  # "... looking back we kept believing"
    )


def steps_away(text: str) -> bool:
    """ "sorry hold on 2 mins, duty phone", "someone at my desk, back in 5": called away for a
    moment, said in a few words (a pause, not an answer)."""
    return len(text.split()) <= 10 and bool(_phrases("stepping_away").search(text))


def wants_to_reflect(text: str) -> bool:
    """ "i just want to think about the school move": asks to reflect on something."""
    return bool(_phrases("reflect_wishes").search(text))


@cache
def _understood() -> Pattern[str]:
    phrases = alternation(word_lists()["understood"])
    other = rf"(?:{alternation(word_lists()['pleasantries'])}|{fillers_pattern()})"
    return re.compile(
        rf"\W*(?:{other}(?![\w'])\W*)*(?:{phrases})(?![\w'])(?:\W*{other}(?![\w']))*\W*", re.I
    )


def after_understood(text: str) -> str:
    """ "ok i get it now. honestly no, we don't chase": the answer after a first sentence that
    only says the question was understood; ``text`` unchanged when there is none."""
    parts = sentences(text)
    if len(parts) < 2 or not _understood().fullmatch(parts[0]):
        return text
    rest = text[text.find(parts[1]) :] if parts[1] in text else ". ".join(parts[1:])
    return rest.strip()


# "school nurse, 13yo boy ...", "im a school nurse and ...": who is writing, at the start
_SPEAKER = re.compile(
    r"^\W*(?:(?:hi|hello|hiya)\W+)?(?:(?:i'?m|i am|im|as)\s+(?:a|an|the)\s+)?$", re.IGNORECASE
)


def introduces_speaker(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` names the practitioner's own role as they introduce
    themselves ("school nurse, ...", "im a school nurse and ..."): not a service asked about (a
    trial was shown the School Nursing Service it works for)."""
    return bool(_SPEAKER.match(text[:start])) and bool(
        re.match(r"\s*(?:here\b|[,.:;–-]|and\b|with\b)", text[end:], re.IGNORECASE)
    )
