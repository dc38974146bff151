"""A filed supervision record offered again, with its links: asked for after filing ("download
the supervision record", "can i get that as a word doc?"), it is shown, never reopened."""

from __future__ import annotations

import re

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import kb, single_message
from bot.core import contract, supervision
from bot.web import records

# "download the record", "can i get that as a word doc or html?"
_ASKS_DOWNLOAD = re.compile(
    r"\b(?:download|word doc|docx|html|pdf|markdown|print (?:it|the record)|a copy)\b", re.I
)


def asks_download(text: str) -> bool:
    return bool(_ASKS_DOWNLOAD.search(text))


def offer_record(
    dispatcher: CollectingDispatcher, tracker: Tracker, state: supervision.State
) -> None:
    """The filed record ``state`` holds, with its download links (Markdown and HTML)."""
    dispatcher.utter_message(
        response="utter_supervision_record",
        record=single_message(records.supervision_markdown(state, kb())),
        json_message=contract.download(
            "supervision_record", tracker.sender_id, ["md", "html"], state.get("record_number")
        ),
    )


def offer_filed_record(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """The filed record again when the turn asks to download it; False otherwise."""
    state = tracker.get_slot("supervision") or {}
    text = tracker.latest_message.get("text") or ""
    if not (state.get("finished") and state.get("record_number") and asks_download(text)):
        return False
    offer_record(dispatcher, tracker, state)
    return True
