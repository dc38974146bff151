"""The knowledge base: audit content as data, one loader and schema for everything that reads it."""

from bot.knowledge.base import (
    CONTENT_DIR,
    Case,
    KeyMessage,
    KnowledgeBase,
    Question,
    Theme,
    content_dir,
    knowledge,
    load_knowledge,
    production_refusal,
)
from bot.knowledge.loader import ContentError

__all__ = [
    "CONTENT_DIR",
    "Case",
    "ContentError",
    "KeyMessage",
    "KnowledgeBase",
    "Question",
    "Theme",
    "content_dir",
    "knowledge",
    "load_knowledge",
    "production_refusal",
]
