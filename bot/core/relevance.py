"""Lexical relevance: which key message (or theme) a practitioner's words are closest to.

TF-IDF over the audit's own text. Used to choose the most relevant key message within a theme,
to fill the fallback's theme options, and as the keyword baseline in the NLU benchmark.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Dict, List, Tuple

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import linear_kernel

from bot.knowledge import KnowledgeBase


class TextIndex:
    """Ranks named documents by TF-IDF cosine similarity to a query."""

    def __init__(self, documents: Dict[str, str]) -> None:
        self.keys = list(documents)
        self.vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True)
        self.matrix = self.vectorizer.fit_transform(documents.values())

    def rank(self, query: str) -> List[Tuple[str, float]]:
        scores = linear_kernel(self.vectorizer.transform([query]), self.matrix)[0]
        return sorted(zip(self.keys, scores.tolist(), strict=True), key=lambda item: -item[1])


def key_message_documents(kb: KnowledgeBase) -> Dict[str, str]:
    """Each key message with its case and questions: the words a practitioner might echo."""
    documents = {}
    for theme in kb.themes.values():
        for message in theme.key_messages:
            case = kb.cases[message.case_id]
            parts = [
                message.title,
                message.text,
                message.evidence or "",
                message.advice or "",
                case.summary,
                *(q.text for q in message.questions),
            ]
            documents[message.id] = " ".join(parts)
    return documents


def case_documents(kb: KnowledgeBase) -> Dict[str, str]:
    """Each case in the audit's words: summary, what went well and its key messages."""
    return {
        case.id: " ".join(
            [case.summary, *(s.text for s in case.strengths), *(m.text for m in case.key_messages)]
        )
        for case in kb.cases.values()
    }


def theme_documents(kb: KnowledgeBase) -> Dict[str, str]:
    """Each theme's whole section of the audits: title, key messages, questions, resources."""
    documents = {}
    messages = key_message_documents(kb)
    for theme in kb.themes.values():
        parts = [theme.title, *(messages[m.id] for m in theme.key_messages)]
        parts += [kb.resources[r].text for r in theme.resources]
        documents[theme.id] = " ".join(parts)
    return documents


@lru_cache(maxsize=4)
def key_message_index(kb: KnowledgeBase) -> TextIndex:
    return TextIndex(key_message_documents(kb))


@lru_cache(maxsize=4)
def theme_index(kb: KnowledgeBase) -> TextIndex:
    return TextIndex(theme_documents(kb))


@lru_cache(maxsize=4)
def case_index(kb: KnowledgeBase) -> TextIndex:
    return TextIndex(case_documents(kb))
