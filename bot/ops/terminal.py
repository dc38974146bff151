"""Terminal chat: talks to the Rasa server through the same REST channel as any client.

Replies are Markdown, rendered for the terminal by rich. In each reply the last set of buttons
is numbered from 1 and any earlier set lettered from a: type the number or letter to press one.
Downloads are saved as files (they need the conversation's key, which this chat keeps, like any
client: bot/channels/access.py). "quit" says goodbye with the summary.
"""

from __future__ import annotations

import json
import os
import re
import string
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any, Callable, Dict, List

from rich.console import Console
from rich.markdown import Markdown
from rich.text import Text

from bot.channels.access import KEY_HEADER

# "bye" is no command: in a supervision it asks before discarding, and leaving the terminal then
# would leave the question unanswered (a trial's supervision was lost so)
QUIT = {"quit", "exit", ":q"}


class Conversation:
    """One conversation with a Reflect server: its id and, once the server gives it, its key."""

    def __init__(self, base_url: str, sender: str | None = None) -> None:
        self.base_url = base_url
        self.sender = sender or str(uuid.uuid4())
        self.key: str | None = None

    def _open(self, path: str, body: bytes | None = None) -> bytes:
        headers = {"Content-Type": "application/json"}
        if self.key:
            headers[KEY_HEADER] = self.key
        request = urllib.request.Request(self.base_url + path, data=body, headers=headers)
        with urllib.request.urlopen(request, timeout=60) as reply:
            self.key = reply.headers.get(KEY_HEADER) or self.key
            return reply.read()

    def post(self, message: str, retries: int = 30) -> List[Dict[str, Any]]:
        body = json.dumps({"sender": self.sender, "message": message}).encode("utf-8")
        url = f"{self.base_url}/webhooks/rest/webhook"
        for attempt in range(retries):
            try:
                return json.loads(self._open("/webhooks/rest/webhook", body).decode("utf-8"))
            except urllib.error.HTTPError as problem:
                if problem.code != 503 or attempt == retries - 1:  # 503: still loading the model
                    detail = json.loads(problem.read().decode("utf-8") or "{}").get("error", "")
                    return [{"text": f"(error {problem.code}: {detail})"}]
            except urllib.error.URLError as problem:
                return [{"text": f"(cannot reach Reflect at {url}: {problem.reason})"}]
            time.sleep(1)
        return []

    def save(self, path: str, folder: Path) -> str:
        """Fetch a download with the key into ``folder`` (this user's only); its file name."""
        try:
            content = self._open(path)
        except urllib.error.URLError as problem:
            return f"(could not download {path}: {problem})"
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        kind = path.strip("/").split("/")[-2]
        # "<id>.v2.md": each record its own file, named by its number in the conversation as the
        # record says it ("-2.md": a trial read ".v3" as a third version of the first case)
        suffixes = "".join(Path(path).suffixes)
        number = re.match(r"\.v(\d+)", suffixes)
        if number:
            suffixes = f"-{number[1]}{suffixes[number.end() :]}"
        target = folder / f"reflect-{kind}-{self.sender[:8]}{suffixes}"
        if number:  # a filed record is never written over, even by mistake
            target = _unused(target)
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(content)
        return str(target)


def _unused(target: Path) -> Path:
    """``target``, or the first free "<name>-2<suffixes>", "-3" ... beside it."""
    stem, suffixes = target.name.split(".", 1)
    count = 1
    while target.exists():
        count += 1
        target = target.with_name(f"{stem}-{count}.{suffixes}")
    return target


def button_keys(messages: List[Dict[str, Any]]) -> List[List[str]]:
    """The key of each button, message by message: the last set of buttons 1, 2, 3..., any
    earlier set in the same reply a, b, c..."""
    with_buttons = [i for i, m in enumerate(messages) if m.get("buttons")]
    last = with_buttons[-1] if with_buttons else None
    letters = iter(string.ascii_lowercase)
    keys = []
    for index, message in enumerate(messages):
        count = len(message.get("buttons") or [])
        if index == last:
            keys.append([str(n) for n in range(1, count + 1)])
        else:
            keys.append([next(letters, "?") for _ in range(count)])
    return keys


_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s")


def for_terminal(text: str) -> str:
    """Reflect's Markdown as meant: each line break kept (Markdown would run single lines
    together), and a list ended before a line that is not part of it ("**Next steps:**" after
    the last answer), which Markdown would otherwise take into the last bullet."""
    lines = text.split("\n")
    out: List[str] = []
    for before, line in zip(["", *lines], lines, strict=False):
        if (
            _BULLET.match(before)
            and line.strip()
            and not (_BULLET.match(line) or line[:1].isspace())
        ):
            out.append("")
        out.append(line)
    return "  \n".join(out)


def render(
    console: Console,
    messages: List[Dict[str, Any]],
    base_url: str,
    save: Callable[[str], str] | None = None,
) -> Dict[str, str]:
    """Prints the bot's messages; returns each button's key and payload. ``save`` turns a
    download's path into what to show (the file it was saved as)."""
    save = save or (lambda path: base_url + path)
    pressable: Dict[str, str] = {}
    for message, keys in zip(messages, button_keys(messages), strict=True):
        if message.get("text"):
            console.print(Markdown(for_terminal(message["text"])))
        custom = message.get("custom") or {}
        # a record's own version, whose link keeps serving it once a later one is filed
        for fmt, path in (custom.get("version_downloads") or custom.get("downloads") or {}).items():
            shown = save(path)
            # a saved file as a link the terminal can open (a trial read a bare path as broken)
            where = (
                Path(shown).as_uri()
                if Path(shown).is_absolute() and Path(shown).exists()
                else shown
            )
            console.print(
                Text.assemble(f"  Download ({fmt}): ", (where, f"link {where}")), highlight=False
            )
        for key, button in zip(keys, message.get("buttons") or [], strict=True):
            pressable[key] = button["payload"]
            console.print(f"   [{key}] {button['title']}", highlight=False, markup=False)
        console.print()
    return pressable


def chat(
    base_url: str,
    sender: str | None = None,
    downloads: Path | None = None,
    console: Console | None = None,
) -> None:
    console = console or Console(width=min(Console().width, 100), highlight=False)
    conversation = Conversation(base_url, sender)
    folder = downloads or Path.cwd() / "reflect-downloads"

    def show(messages: List[Dict[str, Any]]) -> Dict[str, str]:
        return render(console, messages, base_url, lambda path: conversation.save(path, folder))

    console.print(
        "Reflect (terminal). Type your message; a number or letter presses a button; "
        "'quit' leaves.\n",
        markup=False,
    )
    buttons = show(conversation.post("/greet"))
    while True:
        try:
            text = input("you> ").strip()
        except (EOFError, KeyboardInterrupt):
            text = "quit"
            console.print()
        if text.lower().strip(" !.") in QUIT:
            show(conversation.post("/goodbye"))  # goodbye, with the summary saved
            return
        text = buttons.get(text.lower(), text)
        console.print()
        buttons = show(conversation.post(text))


if __name__ == "__main__":
    chat(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:5005")
