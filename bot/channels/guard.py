"""What every incoming message goes through before Rasa stores or processes it.

Rasa writes a message's text into the tracker store as it arrives (rasa/core/processor.py), so
identifying details must be gone before ``on_new_message``: an NLU component would be too late.
Order: check the conversation id and the size, tidy the text, redact (a button payload's entity
values only, its structure kept), run NLU here (on the whole message and on each clause), hand
over to Rasa, then tell the practitioner once if details were removed. What travels with the
message to the rest of Reflect is written down in bot/core/turn_data.py.
"""

from __future__ import annotations

import asyncio
import logging
import re
import unicodedata
import uuid
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from typing import Any, Awaitable, Callable, Dict, List

from rasa.core.agent import Agent
from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.shared.utils.io import read_yaml_file

from bot.channels import idempotency
from bot.core.clauses import classify_clauses, split_clauses
from bot.core.turn_data import (
    CLAUSES,
    SITUATION,
    THEME_SIMILARITY,
    Situation,
    clauses_of,
    message_metadata,
    reflect_metadata,
)
from bot.nlu.risk_screen import flag_from_clauses
from bot.nlu.sentence_featurizer import prepare_embeddings
from bot.privacy import log_filter
from bot.privacy.redaction import Redaction, redactor
from bot.rasa_ext import outages
from bot.rasa_ext.payloads import Payload, parse_payload, redact_payload
from bot.safety.risk import RISK_INTENT, beside_the_risk, cleared_ranking
from bot.settings import PROJECT_DIR, tunables

logger = logging.getLogger(__name__)
OnNewMessage = Callable[[UserMessage], Awaitable[Any]]
_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)


class InvalidConversationIdError(ValueError):
    pass


def check_sender_id(sender_id: Any) -> str:
    """Conversation ids are uuid4s chosen by the client. Returns the canonical form (lower case,
    hyphenated), so every spelling of one uuid is one conversation; raises on anything else,
    including an RFC 4122 uuid4 whose random part is not random (``nil_like``)."""
    limit = tunables()["limits"]["max_sender_id_chars"]
    if not isinstance(sender_id, str) or not sender_id.strip():
        raise InvalidConversationIdError("A conversation id ('sender') is required.")
    if len(sender_id) > limit:
        raise InvalidConversationIdError(f"The conversation id is longer than {limit} characters.")
    try:
        parsed = uuid.UUID(sender_id)
    except ValueError:
        parsed = None
    if parsed is None or parsed.version != 4 or parsed.variant != uuid.RFC_4122 or nil_like(parsed):
        raise InvalidConversationIdError("The conversation id must be a random UUID (version 4).")
    return str(parsed)


def nil_like(parsed: uuid.UUID) -> bool:
    """A uuid4 has 122 random bits (30 hex digits and 2 bits); among 30 random hex digits,
    fewer than 6 different ones happens about once in 10^11 ids, but is how hand-made ids
    look (00000000-0000-4000-8000-000000000000, 11111111-1111-4111-8111-111111111111)."""
    digits = parsed.hex[:12] + parsed.hex[13:16] + parsed.hex[17:]
    return len(set(digits)) < 6


_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"')
_BRACKET = re.compile(rb"[\[\]{}]")


def json_too_deep(body: bytes, limit: int) -> bool:
    """Whether ``body`` nests arrays and objects more than ``limit`` deep (brackets inside
    strings do not count). Python's JSON parser recurses once a level, so a few thousand levels
    raise RecursionError: this is checked before parsing, and costs nothing for an ordinary body
    (fewer brackets than the limit)."""
    if body.count(b"[") + body.count(b"{") <= limit:
        return False
    depth = 0
    for bracket in _BRACKET.finditer(_JSON_STRING.sub(b'""', body)):
        depth += 1 if bracket.group() in b"[{" else -1
        if depth > limit:
            return True
    return False


def tidy_text(text: str) -> str:
    """NFC-normalised, without control characters, bidi overrides or lone surrogates."""
    text = "".join(ch for ch in text if not 0xD800 <= ord(ch) <= 0xDFFF)
    return _CONTROL.sub("", unicodedata.normalize("NFC", text)).strip()


DOMAIN_FILE = PROJECT_DIR / "domain.yml"


def response_text(agent: Agent, response: str, **values: Any) -> str:
    """Wording lives in domain.yml, also for the messages a channel sends itself."""
    return agent.domain.responses[response][0]["text"].format(**values)


def domain_text(response_name: str, **values: Any) -> str:
    """A response's wording read from domain.yml itself, for what a channel says without a model.

    Once the model is loaded, channels take wording from its domain (``guard.response_text``).
    "Starting up" is said exactly when there is no agent, so no domain: the channels read it
    here once, when they are created. ``python -m bot serve`` retrains whenever domain.yml
    changes, so the file and the model's domain agree."""
    return _domain_responses()[response_name][0]["text"].format(**values)


@lru_cache(maxsize=1)
def _domain_responses() -> Dict[str, Any]:
    return read_yaml_file(DOMAIN_FILE)["responses"]


_NUMBER = re.compile(r"^\d{1,2}$")
GREETING = "utter_intro"  # sent when a session starts (actions/session.py)


async def _button_by_number(agent: Agent, sender_id: str, text: str) -> str:
    """A number typed on its own presses that button of Reflect's last buttons ("2" after
    "[1] Information Sharing [2] ..."), as the terminal chat numbers them; else the text."""
    if not _NUMBER.match(text):
        return text
    tracker = await agent.tracker_store.retrieve(sender_id)
    if not (tracker and tracker.events):
        return text  # a first message: no buttons shown yet
    replied = False  # whether a reply was found since the practitioner's last message
    buttons: List[Dict[str, Any]] = []
    for event in reversed(tracker.events):
        if event.type_name == "user" and replied:
            break  # the last reply had no buttons
        # a message that got no reply of its own ("hi") does not hide the buttons before it
        if event.type_name == "bot":
            replied = True
            buttons = (getattr(event, "data", None) or {}).get("buttons") or []
            if buttons:
                break
    if not replied:
        # the session's greeting was its only reply: it is sent before the session's first
        # event, which is all the tracker store hands back, so its buttons are the domain's
        buttons = (agent.domain.responses.get(GREETING) or [{}])[0].get("buttons") or []
    number = int(text)
    return buttons[number - 1]["payload"] if 1 <= number <= len(buttons) else text


async def _already_told(agent: Agent, sender_id: str) -> bool:
    tracker = await agent.tracker_store.retrieve(sender_id)
    if tracker is None:
        return False
    return any(
        reflect_metadata(getattr(event, "metadata", None))["redacted"]
        for event in tracker.events
        if event.type_name == "user"
    )


_turns: asyncio.Semaphore | None = None


def _turn_slots() -> asyncio.Semaphore:
    global _turns
    if _turns is None:  # made lazily: it belongs to the server's event loop
        _turns = asyncio.Semaphore(tunables()["limits"]["concurrent_turns"])
    return _turns


async def handle(
    agent: Agent,
    on_new_message: OnNewMessage,
    text: Any,
    sender_id: str,
    output_channel: OutputChannel,
    input_channel: str,
    idempotency_key: str | None = None,
) -> None:
    """Screen one message and pass it to Rasa. Problems are answered on ``output_channel``.
    ``idempotency_key`` is stored with the message (bot/channels/idempotency.py).

    Turns are admitted in arrival order, a few at a time: the work is CPU-bound on one event
    loop, so more at once only interleaves them, and a turn that waits on the action server
    several times then queues behind everyone else several times (a long tail under load).
    """
    async with _turn_slots():
        # The length first: normalising a huge text is itself the work a limit must prevent.
        limit = tunables()["limits"]["max_message_chars"]
        if isinstance(text, str) and len(text) > limit:
            await output_channel.send_text_message(
                sender_id, response_text(agent, "utter_error_message_too_long", limit=limit)
            )
            return
        text = tidy_text(text) if isinstance(text, str) else ""
        if not text:
            await output_channel.send_text_message(
                sender_id, response_text(agent, "utter_error_empty_message")
            )
            return
        text = await _button_by_number(agent, sender_id, text)
        payload = parse_payload(text, agent.domain.intents)
        redaction = await asyncio.get_running_loop().run_in_executor(
            _screening, _screen, text, payload
        )
        log_filter.remember(redaction.text)  # Rasa logs it many times at DEBUG
        told = bool(redaction.kinds) and await _already_told(agent, sender_id)
        message = UserMessage(
            redaction.text, output_channel, sender_id, input_channel=input_channel
        )
        parse_data = await agent.processor.parse_message(message)

        async def parse(clause: str) -> Dict[str, Any]:
            return await agent.processor.parse_message(UserMessage(clause, sender_id=sender_id))

        clauses = [] if payload else split_clauses(redaction.text)
        for clause in clauses:
            log_filter.remember(clause)
        parse_data[CLAUSES] = await classify_clauses(clauses, parse)
        flag_from_clauses(parse_data)  # a risk in one clause of a long message is a risk
        risk = (parse_data.get("intent") or {}).get("name") == RISK_INTENT
        if risk and not payload:
            situation = await situation_beside_the_risk(parse_data, parse)
            if situation:
                parse_data[SITUATION] = situation
        message.parse_data = parse_data
        # Client metadata is never stored (it could carry anything); only what Reflect itself knows.
        message.metadata = message_metadata(redaction.kinds, risk)
        idempotency.tag(message.metadata, idempotency_key)
        # The notice goes beside the message it is about, before Reflect's reply, unless the
        # safety message must come first.
        notice = bool(redaction.kinds) and not told
        if notice and not risk:
            await _privacy_notice(agent, output_channel, sender_id, redaction)
        await on_new_message(message)
        if notice and risk:
            await _privacy_notice(agent, output_channel, sender_id, redaction)


async def situation_beside_the_risk(
    parse_data: Dict[str, Any], parse: Callable[[str], Awaitable[Dict[str, Any]]]
) -> Situation | None:
    """Safety first, not safety only: what a flagged message says beside its risk, parsed on its
    own (turn_data contract 4), when there is enough of it to be a situation. Parsed whole, a
    long description with an emergency in one sentence is the emergency to the classifier, and
    its situation was not found after the safety message."""
    risky = [c.get("text") or "" for c in clauses_of(parse_data) if c.get("intent") == RISK_INTENT]
    rest = beside_the_risk(parse_data.get("text") or "", risky)
    if len(rest.split()) < tunables()["safety"]["situation_min_words"]:
        return None
    log_filter.remember(rest)  # as the clauses: Rasa logs what it parses
    parsed = await parse(rest)
    return {
        "text": rest,
        "intent_ranking": cleared_ranking(parsed.get("intent_ranking") or []),
        "entities": list(parsed.get("entities") or []),
        THEME_SIMILARITY: list(parsed.get(THEME_SIMILARITY) or []),
    }


async def _privacy_notice(
    agent: Agent, output_channel: OutputChannel, sender_id: str, redaction: Redaction
) -> None:
    kinds = ", ".join(k.strip("[]").replace("_", " ").lower() for k in redaction.kinds)
    await output_channel.send_text_message(
        sender_id, response_text(agent, "utter_privacy_notice", kinds=kinds)
    )


# Redaction and sentence embeddings are most of a message's CPU and release the GIL in their
# native code: in this thread, the event loop carries on with other conversations' turns
# meanwhile (docs/design.md, "Speed").
_screening = ThreadPoolExecutor(max_workers=1, thread_name_prefix="reflect-screen")


def _screen(text: str, payload: Payload | None) -> Redaction:
    """Redact ``text`` and embed what the NLU will parse: the redacted text and its clauses.
    A button payload keeps its structure and only its values are redacted; Rasa reads its
    intent from it, so there is nothing to embed. Runs in the screening thread."""
    if payload is not None:
        kinds: List[str] = []

        def redact(value: str) -> str:
            found = redactor().redact(value)
            kinds.extend(found.kinds)
            return found.text

        return Redaction(redact_payload(payload, redact), tuple(dict.fromkeys(kinds)))
    redaction = redactor().redact(text)
    prepare_embeddings([redaction.text, *split_clauses(redaction.text)])
    return redaction


def ready_agent(agent: Agent | None) -> Agent | None:
    if agent is None or not agent.is_ready():
        return None
    outages.watch(agent)  # a tracker store error ends the turn, not the conversation
    return agent


def outage_text(agent: Agent) -> Callable[[str], str]:
    """The wording of an outage's reply (bot/rasa_ext/outages.py ``answered``): the model's
    domain, else domain.yml itself."""

    def say(response: str) -> str:
        if response in agent.domain.responses:
            return response_text(agent, response)
        return domain_text(response)

    return say
