"""Drives a conversation file (docs/conversations.md) through a served bot, turn by turn, and
checks each reply against its expectations. Used by the conversation suite
(tests/e2e/test_conversations.py) and the conversation benchmark (bench/conversation.py)."""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List

import yaml

from tests.e2e.conftest import ServedBot, new_sender

SUITE = Path(__file__).resolve().parents[1] / "conversations"
# A session expires after the domain's session_expiration_time (60 minutes): coming back
# "later" moves the stored conversation this far into the past.
LATER_SECONDS = 2 * 60 * 60


@dataclass
class TurnResult:
    conversation: str
    number: int
    said: str
    failures: List[str] = field(default_factory=list)
    seen: str = ""

    @property
    def ok(self) -> bool:
        return not self.failures


@dataclass
class ConversationResult:
    id: str
    source: str
    turns: List[TurnResult]

    @property
    def right(self) -> int:
        return sum(t.ok for t in self.turns)

    @property
    def outcome(self) -> str:
        """success: every turn right; partial: two thirds right and no safety turn wrong."""
        if self.right == len(self.turns):
            return "success"
        safety_wrong = any(not t.ok and "safety" in " ".join(t.failures) for t in self.turns)
        if self.right * 3 >= len(self.turns) * 2 and not safety_wrong:
            return "partial"
        return "failure"


def load(paths: List[Path]) -> List[Dict[str, Any]]:
    """Every conversation in the files, each tagged with its file; ids unique per set."""
    conversations, seen = [], set()
    for path in sorted(paths):
        for conversation in yaml.safe_load(path.read_text(encoding="utf-8"))["conversations"]:
            if conversation["id"] in seen:
                raise ValueError(f"{path}: conversation id {conversation['id']!r} is used twice")
            seen.add(conversation["id"])
            conversations.append({**conversation, "source": path.name})
    return conversations


def _norm(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"')
    text = text.replace("\u201d", '"').replace("\u2013", "-").replace("\u2014", "-")
    return " ".join(text.lower().split())


def customs(messages: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    return [m["custom"] for m in messages if isinstance(m.get("custom"), dict)]


def reply_text(messages: List[Dict[str, Any]]) -> str:
    return "\n".join(m["text"] for m in messages if m.get("text"))


def buttons_of(messages: List[Dict[str, Any]]) -> List[Dict[str, str]]:
    return [b for m in messages for b in m.get("buttons") or []]


def age_conversation(bot: ServedBot, sender: str, seconds: int = LATER_SECONDS) -> None:
    """The practitioner comes back later: every stored event of the conversation moves
    ``seconds`` into the past. The rows are written afresh with ids above any the table has had,
    so the tracker store's incremental read notices the change and reads the conversation again
    (SQLite would otherwise give the new rows the ids of the deleted ones)."""
    with sqlite3.connect(bot.settings.sqlite_path) as db:
        rows = db.execute(
            "SELECT type_name, timestamp, intent_name, action_name, data FROM events "
            "WHERE sender_id = ? ORDER BY id",
            (sender,),
        ).fetchall()
        (top,) = db.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()
        db.execute("DELETE FROM events WHERE sender_id = ?", (sender,))
        for offset, (type_name, timestamp, intent, action, data) in enumerate(rows, start=1):
            event = json.loads(data)
            event["timestamp"] = event["timestamp"] - seconds
            db.execute(
                "INSERT INTO events (id, sender_id, type_name, timestamp, intent_name, "
                "action_name, data) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    top + offset,
                    sender,
                    type_name,
                    timestamp - seconds,
                    intent,
                    action,
                    json.dumps(event),
                ),
            )


def _in(phrase: Any, text: str) -> bool:
    """``phrase`` said in ``text``; one that opens with a figure not as the end of a longer
    number ("4 December 2026" is not said by "14 December 2026")."""
    said = _norm(str(phrase))
    if said[:1].isdigit():
        return re.search(rf"(?<!\d){re.escape(said)}", text) is not None
    return said in text


def _has(words: List[str], text: str) -> List[str]:
    return [w for w in words if not _in(w, text)]


def check(
    expect: Dict[str, Any], messages: List[Dict[str, Any]], download: Callable[[str], str]
) -> List[str]:
    """What does not hold of ``expect`` for this reply (empty when the turn is right)."""
    failures: List[str] = []
    payloads = customs(messages)
    kinds = [p.get("kind") for p in payloads]
    text = _norm(reply_text(messages))
    titles = [_norm(b.get("title", "")) for b in buttons_of(messages)]

    def of_kind(kind: str) -> List[Dict[str, Any]]:
        return [p for p in payloads if p.get("kind") == kind]

    presented = {p.get("theme") for p in of_kind("key_message")}
    offered = {t for p in of_kind("theme_suggestion") for t in p.get("themes") or []}
    for key, wanted in expect.items():
        if key == "kinds":
            missing = [k for k in wanted if k not in kinds]
            if missing:
                failures.append(f"kinds {missing} missing")
        elif key == "not_kinds":
            present = [k for k in wanted if k in kinds]
            if present:
                failures.append(f"kinds {present} present")
        elif key == "first":
            # The first payload of the reply; the safety message must also come before any other
            # text (its own text goes just before its payload).
            first = next(
                (i for i, m in enumerate(messages) if isinstance(m.get("custom"), dict)), None
            )
            texts_before = sum(1 for m in messages[: first or 0] if m.get("text"))
            if first is None or kinds[0] != wanted or (wanted == "safety" and texts_before > 1):
                failures.append(f"first payload is not {wanted}")
        elif key == "key_message":
            if wanted not in presented:
                failures.append(f"no key message of {wanted}")
        elif key == "key_message_any":
            if not presented & set(wanted):
                failures.append(f"no key message of any of {wanted}")
        elif key == "not_key_message":
            if presented & set(wanted):
                failures.append(f"key message of {sorted(presented & set(wanted))}")
        elif key == "offers":
            if not (presented | offered) & set(wanted):
                failures.append(f"none of {wanted} offered or presented")
        elif key == "resource":
            if wanted not in [p.get("id") for p in of_kind("resource")]:
                failures.append(f"signpost {wanted} not given")
        elif key == "case":
            numbers = [p.get("number") for p in of_kind("case") + of_kind("case_finding")]
            if int(wanted) not in numbers:
                failures.append(f"case {wanted} not shown")
        elif key == "term":
            terms = [_norm(p.get("term", "")) for p in of_kind("term")]
            if _norm(str(wanted)) not in terms:
                failures.append(f"term {wanted} not explained")
        elif key == "recorded":
            if bool(of_kind("answer")) != bool(wanted):
                failures.append("recorded as an answer" if not wanted else "not recorded")
        elif key == "answer_kind":
            if wanted not in [p.get("answer_kind") for p in of_kind("answer")]:
                failures.append(f"not recorded as {wanted}")
        elif key == "stage":
            if wanted not in [p.get("stage") for p in of_kind("supervision_step")]:
                failures.append(f"stage {wanted} not asked")
        elif key == "safety_route":
            routes = {r for p in of_kind("safety") for r in p.get("routes") or []}
            if not of_kind("safety") or set(wanted) - routes:
                failures.append(f"safety routes {sorted(set(wanted) - routes)} missing")
        elif key == "says":
            missing = _has(wanted, text)
            if missing:
                failures.append(f"does not say {missing}")
        elif key == "says_any":
            if len(_has(wanted, text)) == len(wanted):
                failures.append(f"says none of {wanted}")
        elif key == "not_says":
            present = [w for w in wanted if _in(w, text)]
            if present:
                failures.append(f"says {present}")
        elif key == "buttons":
            missing = [w for w in wanted if not any(_norm(w) in t for t in titles)]
            if missing:
                failures.append(f"buttons {missing} missing")
        elif key == "buttons_in_order":
            places = [next((i for i, t in enumerate(titles) if _norm(w) in t), -1) for w in wanted]
            if -1 in places or places != sorted(places):
                failures.append(f"buttons {wanted} not offered in this order")
        elif key == "not_buttons":
            present = [w for w in wanted if any(_norm(w) in t for t in titles)]
            if present:
                failures.append(f"buttons {present} offered")
        elif key == "max_words":
            if len(text.split()) > int(wanted):
                failures.append(f"{len(text.split())} words (at most {wanted})")
        elif key in ("summary_says", "summary_not_says", "record_says", "record_not_says"):
            document = _norm(download("summary" if key.startswith("summary") else "record"))
            if key.endswith("not_says"):
                present = [w for w in wanted if _in(w, document)]
                if present:
                    failures.append(f"{key.split('_')[0]} says {present}")
            else:
                missing = _has(wanted, document)
                if missing:
                    failures.append(f"{key.split('_')[0]} does not say {missing}")
        else:
            failures.append(f"unknown expectation {key!r}")
    return failures


def press(previous: List[Dict[str, Any]], title: str) -> str | None:
    """The payload of the button titled ``title`` (or uniquely starting so) in the last reply."""
    buttons = buttons_of(previous)
    exact = [b for b in buttons if _norm(b["title"]) == _norm(title)]
    prefixed = [b for b in buttons if _norm(b["title"]).startswith(_norm(title))]
    found = exact or (prefixed if len(prefixed) == 1 else [])
    return found[0]["payload"] if found else None


def run(bot: ServedBot, conversation: Dict[str, Any]) -> ConversationResult:
    sender = new_sender()

    def download(kind: str) -> str:
        path = "summary" if kind == "summary" else "supervision_record"
        status, _, body = bot.request(f"/webhooks/reflect/{path}/{sender}.md")
        return body.decode("utf-8", "replace") if status == 200 else ""

    results: List[TurnResult] = []
    previous: List[Dict[str, Any]] = []
    for number, turn in enumerate(conversation["turns"], start=1):
        if turn.get("wait_session_expiry"):
            age_conversation(bot, sender)
            continue
        if "press" in turn:
            said = press(previous, turn["press"])
            if said is None:
                titles = [b["title"] for b in buttons_of(previous)]
                results.append(
                    TurnResult(
                        conversation["id"],
                        number,
                        f"[press {turn['press']}]",
                        [f"no button {turn['press']!r} among {titles}"],
                    )
                )
                continue
        else:
            said = turn["user"]
        previous = bot.say(sender, said)
        failures = check(turn.get("expect") or {}, previous, download)
        results.append(
            TurnResult(conversation["id"], number, str(said), failures, reply_text(previous))
        )
    return ConversationResult(conversation["id"], conversation["source"], results)


def assert_right(bot: ServedBot, conversation: Dict[str, Any]) -> None:
    """Runs ``conversation`` and fails with every wrong turn and what the practitioner saw."""
    result = run(bot, conversation)
    wrong = [
        f"turn {t.number} ({t.said!r}): {'; '.join(t.failures)}\n    saw: {t.seen[:400]!r}"
        for t in result.turns
        if not t.ok
    ]
    assert not wrong, f"{conversation['description']}\n" + "\n".join(wrong)
