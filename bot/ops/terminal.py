"""Terminal chat: talks to the Rasa server through the same REST channel as any client.

Buttons are numbered: type the number to press one. Downloads are shown as links.
"""

from __future__ import annotations

import json
import shutil
import sys
import textwrap
import time
import urllib.error
import urllib.request
import uuid
from typing import Any, Dict, List

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


def render(messages: List[Dict[str, Any]], base_url: str) -> List[Dict[str, str]]:
    """Prints the bot's messages; returns the buttons offered, in the order numbered."""
    width = min(shutil.get_terminal_size((100, 20)).columns, 100) - 2
    buttons: List[Dict[str, str]] = []
    for message in messages:
        if message.get("text"):
            for paragraph in message["text"].split("\n"):
                print(
                    textwrap.fill(paragraph, width, initial_indent="  ", subsequent_indent="  ")
                    if paragraph.strip()
                    else ""
                )
        custom = message.get("custom") or {}
        for fmt, path in (custom.get("downloads") or {}).items():
            print(f"  Download ({fmt}): {base_url}{path}")
        for button in message.get("buttons") or []:
            buttons.append(button)
            print(f"   [{len(buttons)}] {button['title']}")
        print()
    return buttons


def chat(base_url: str, sender: str | None = None) -> None:
    url = f"{base_url}/webhooks/rest/webhook"
    sender = sender or str(uuid.uuid4())
    print("Reflect (terminal). Type your message; a number presses a button; 'quit' leaves.\n")
    buttons = render(post(url, sender, "/greet"), base_url)
    while True:
        try:
            text = input("you> ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return
        if text.lower() in QUIT:
            return
        if text.isdigit() and 1 <= int(text) <= len(buttons):
            text = buttons[int(text) - 1]["payload"]
        print()
        buttons = render(post(url, sender, text), base_url)


if __name__ == "__main__":
    chat(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:5005")
