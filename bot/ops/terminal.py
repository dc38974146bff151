"""Terminal chat: talks to the Rasa server through the same REST channel as any client.

Replies are Markdown, rendered for the terminal by rich. In each reply the last set of buttons
is numbered from 1 and any earlier set lettered from a: type the number or letter to press one.
Downloads are shown as links. "quit" says goodbye with the summary's link.
"""

from __future__ import annotations

import json
import string
import sys
import time
import urllib.error
import urllib.request
import uuid
from typing import Any, Dict, List

from rich.console import Console
from rich.markdown import Markdown

QUIT = {"quit", "exit", ":q"}


def post(url: str, sender: str, message: str, retries: int = 30) -> List[Dict[str, Any]]:
    body = json.dumps({"sender": sender, "message": message}).encode("utf-8")
    for attempt in range(retries):
        request = urllib.request.Request(
            url, data=body, headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as reply:
                return json.loads(reply.read().decode("utf-8"))
        except urllib.error.HTTPError as problem:
            if problem.code != 503 or attempt == retries - 1:  # 503: still loading the model
                detail = json.loads(problem.read().decode("utf-8") or "{}").get("error", "")
                return [{"text": f"(error {problem.code}: {detail})"}]
        except urllib.error.URLError as problem:
            return [{"text": f"(cannot reach Reflect at {url}: {problem.reason})"}]
        time.sleep(1)
    return []


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


def render(console: Console, messages: List[Dict[str, Any]], base_url: str) -> Dict[str, str]:
    """Prints the bot's messages; returns each button's key and payload."""
    pressable: Dict[str, str] = {}
    for message, keys in zip(messages, button_keys(messages), strict=True):
        if message.get("text"):
            console.print(Markdown(message["text"]))
        custom = message.get("custom") or {}
        for fmt, path in (custom.get("downloads") or {}).items():
            console.print(f"  Download ({fmt}): {base_url}{path}", highlight=False)
        for key, button in zip(keys, message.get("buttons") or [], strict=True):
            pressable[key] = button["payload"]
            console.print(f"   [{key}] {button['title']}", highlight=False, markup=False)
        console.print()
    return pressable


def chat(base_url: str, sender: str | None = None, console: Console | None = None) -> None:
    console = console or Console(width=min(Console().width, 100), highlight=False)
    url = f"{base_url}/webhooks/rest/webhook"
    sender = sender or str(uuid.uuid4())
    console.print(
        "Reflect (terminal). Type your message; a number or letter presses a button; "
        "'quit' leaves.\n",
        markup=False,
    )
    buttons = render(console, post(url, sender, "/greet"), base_url)
    while True:
        try:
            text = input("you> ").strip()
        except (EOFError, KeyboardInterrupt):
            text = "quit"
            console.print()
        if text.lower() in QUIT:
            render(console, post(url, sender, "/goodbye"), base_url)
            return
        text = buttons.get(text.lower(), text)
        console.print()
        buttons = render(console, post(url, sender, text), base_url)


if __name__ == "__main__":
    chat(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:5005")
