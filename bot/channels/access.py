"""Conversation keys: the per-conversation secret that, with the id, opens a conversation.

A conversation id travels in URLs (history, downloads) and may be seen; the key never does. The
client that starts a conversation is given its key (REST: the ``X-Reflect-Key`` header of the
reply; socket.io: ``session_confirm``), keeps it, and presents it in the same header for every
later request: REST sends into the conversation, the history, the summary and the records, and
socket.io room joins. Anyone else, even with the id, gets a 403.

A key is an HMAC of the canonical conversation id under a server secret: nothing per
conversation is stored, every replica and every restart derives the same key, and retention
has nothing extra to delete. The secret is ``REFLECT_CONVERSATION_SECRET`` when set (several
machines must share it), otherwise a random one kept in ``conversation.key`` in the data
folder (0600, made on first start). Keys are compared in constant time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from functools import lru_cache
from pathlib import Path

from bot.settings import deployment

KEY_HEADER = "X-Reflect-Key"
KEY_FILE = "conversation.key"


class ConversationKeyError(PermissionError):
    pass


def _read_or_make_secret(path: Path) -> bytes:
    """The data folder's secret, made once. O_EXCL: two replicas starting at once agree."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes().strip()
    with os.fdopen(descriptor, "wb") as file:
        file.write(secrets.token_hex(32).encode())
    return path.read_bytes().strip()


@lru_cache(maxsize=1)
def server_secret() -> bytes:
    settings = deployment()
    if settings.conversation_secret:
        return settings.conversation_secret.encode()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return _read_or_make_secret(settings.data_dir / KEY_FILE)


def key_for(conversation_id: str) -> str:
    """The key of a conversation (its id in canonical form, see guard.check_sender_id)."""
    digest = hmac.new(server_secret(), conversation_id.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def holds_key(conversation_id: str, key: object) -> bool:
    return isinstance(key, str) and hmac.compare_digest(key_for(conversation_id), key)


def check_key(conversation_id: str, key: object) -> None:
    if not holds_key(conversation_id, key):
        raise ConversationKeyError(
            f"This conversation needs its key: send the {KEY_HEADER} header you were given when "
            "the conversation started."
        )
