"""Logs that identify no one: message texts, slot values and conversation ids never reach a log.

Rasa logs a practitioner's words many times a turn at DEBUG (the parse, the rule states, the
slot values, each bot reply) and, when a custom action fails, the whole tracker at ERROR (the
action server's error reply, quoted in Rasa's exception). Reflect stores only redacted text, but
even that, and the conversation id that unlocks nothing without its key, stay out of the logs.

``ScrubFilter`` rewrites a record before any handler formats it:

- every UUID (a conversation id, in any form) becomes ``[id]``;
- every quoted string (the way Rasa, structlog's JSON and Python reprs show texts, slot values
  and whole trackers) becomes ``"…"`` unless it is a name from the domain (intents, actions,
  slots, responses...) or reads like code (``rasa.core.processor``, ``utter_greet``);
- any text a channel handed to Rasa recently (``remember``) becomes ``[message]``, wherever it
  appears, quoted or not;
- the same for the formatted exception and stack, and for extra fields (Sanic's access log puts
  the request line, with its URL, in ``record.request``).

``install()`` applies it to every record when the record is made (``logging.setLogRecordFactory``)
rather than on some handlers: Rasa, coloredlogs, structlog and Sanic add and replace handlers
after start-up, and a filter on a logger only sees that logger's own records. Python warnings
are routed into logging too (Rasa warns with the text of a payload it cannot read).
"""

from __future__ import annotations

import logging
import re
import traceback
from collections import deque
from functools import lru_cache
from typing import Any, Callable, Deque, FrozenSet

import yaml

from bot.settings import PROJECT_DIR

_UUID = re.compile(r"\b[0-9a-f]{8}-?(?:[0-9a-f]{4}-?){3}[0-9a-f]{12}\b", re.IGNORECASE)
# A JSON or Python double-quoted string (escapes included), and a single-quoted one: it opens
# after a non-word character and may hold apostrophes inside words ("didn't", "mum's").
_DOUBLE = re.compile(r'"((?:[^"\\]|\\.)*)"')
_SINGLE = re.compile(r"(?<![\w\\])'((?:[^'\\]|\\.|'(?=\w))*)'(?!\w)")
_CODE = re.compile(r"[A-Za-z_][\w\-]*(?:[./:][\w\-]+)*")
_PATH = re.compile(r"(?:/[\w.\-]+){2,}")  # a file in a traceback
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e-?\d+)?")
_JSON_KEY = re.compile(r"[a-z][a-z0-9_]*")
# Words Rasa and its libraries put in quotes that are neither texts nor names from the domain.
_LOG_WORDS = {"debug", "info", "warning", "error", "critical", "user", "bot", "action", "slot"}
_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None)))
_REMEMBERED: Deque[str] = deque(maxlen=256)  # recent texts, lower-cased
_MIN_REMEMBERED = 4  # "no", "yes": not identifying, and too common to cut out of every line


def remember(text: str) -> None:
    """A text a channel hands to Rasa (already redacted): kept out of every log from now on."""
    lowered = text.strip().lower()
    if len(lowered) >= _MIN_REMEMBERED and lowered not in _REMEMBERED:
        _REMEMBERED.append(lowered)


@lru_cache(maxsize=1)
def domain_names() -> FrozenSet[str]:
    """Intents, entities, slots, actions, forms and responses: what Rasa quotes in its debug
    log that is not a practitioner's words. Situation intents all contain "_" (see ``_safe``)."""
    domain = yaml.safe_load((PROJECT_DIR / "domain.yml").read_text(encoding="utf-8"))
    names = set(_LOG_WORDS)
    for section in ("intents", "entities", "slots", "actions", "forms", "responses"):
        for item in domain.get(section) or []:
            names.add(next(iter(item)) if isinstance(item, dict) else str(item))
    return frozenset(names)


def _safe(content: str, key: bool) -> bool:
    if not content or content in domain_names() or _NUMBER.fullmatch(content):
        return True
    if key and _JSON_KEY.fullmatch(content):
        return True
    if _PATH.fullmatch(content):
        return True
    return bool(_CODE.fullmatch(content)) and any(mark in content for mark in "_./:")


def _quoted(quote: str, key_follows: Callable[[re.Match], bool]) -> Callable[[re.Match], str]:
    def replace(match: re.Match) -> str:
        return match.group(0) if _safe(match.group(1), key_follows(match)) else f"{quote}…{quote}"

    return replace


def scrub(text: str) -> str:
    """``text`` with conversation ids, quoted texts and remembered messages taken out."""
    text = _UUID.sub("[id]", text)

    def followed_by_colon(match: re.Match) -> bool:
        return match.string[match.end() : match.end() + 2].lstrip().startswith(":")

    text = _DOUBLE.sub(_quoted('"', followed_by_colon), text)
    text = _SINGLE.sub(_quoted("'", followed_by_colon), text)
    if _REMEMBERED:
        lowered = text.lower()
        for remembered in list(_REMEMBERED):
            start = lowered.find(remembered)
            while start != -1:
                end = start + len(remembered)
                text = text[:start] + "[message]" + text[end:]
                lowered = lowered[:start] + "[message]" + lowered[end:]
                start = lowered.find(remembered, start + len("[message]"))
    return text


class ScrubFilter(logging.Filter):
    """Rewrites a record in place (see the module's docstring); never drops one."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # arguments that do not fit the format
            message = f"{record.msg} {record.args}"
        record.msg, record.args = scrub(message), None
        if record.exc_info:
            record.exc_text = scrub("".join(traceback.format_exception(*record.exc_info)))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        for name, value in vars(record).items():
            if name not in _STANDARD and isinstance(value, str):
                setattr(record, name, scrub(value))
        return True


_installed: list = []


def install() -> None:
    """Scrub every log record of this process from now on, whoever logs it (once)."""
    if _installed:
        return
    make_record = logging.getLogRecordFactory()
    scrubber = ScrubFilter()

    def scrubbed_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        scrubber.filter(record)
        return record

    logging.setLogRecordFactory(scrubbed_record)
    logging.captureWarnings(True)
    _installed.append(make_record)
