"""Topics the audits do not cover ("FGM", "neglect": bot/knowledge/content/uncovered.yml): named
as not covered, with the nearest themes and signposts, rather than fitted to a wrong theme."""

from __future__ import annotations

from typing import List

from rasa_sdk.executor import CollectingDispatcher

from actions.common import DomainDict, kb, render, theme_buttons
from bot.core import contract
from bot.rasa_ext.payloads import make_payload
from bot.settings import tunables


def name_uncovered(
    dispatcher: CollectingDispatcher,
    text: str,
    domain: DomainDict,
    themes_in_hand: List[str],
    confidence: float | None = None,
) -> bool:
    """A topic the audits do not cover ("worried about FGM..."): said so, with the nearest
    themes and signposts as buttons; False when the message names none, or clearly touches a
    theme (``themes_in_hand``: the theme clearly recognised, if any; ``confidence``: the
    classifier's confidence in the message's intent, when the theme was recognised rather than
    chosen), which then speaks to it as usual ("neglect in the background, but the school never
    hears the outcome"): one of the topic's nearest themes recognised with some confidence, or
    another with more (reflect.yml ``themes.uncovered_nearest_min_confidence``,
    ``uncovered_keep_min_confidence``)."""
    topics = kb().uncovered_in(text)
    if not topics:
        return False
    topic = topics[0]
    limits = tunables()["themes"]
    if themes_in_hand and (
        confidence is None
        or (
            themes_in_hand[0] in topic.nearest_themes
            and confidence >= limits["uncovered_nearest_min_confidence"]
        )
        or confidence >= limits["uncovered_keep_min_confidence"]
    ):
        return False
    audits = [
        render(domain, "utter_topic_audit" if a.focus else "utter_topic_audit_no_focus", **a.dict())
        for a in kb().audits
    ]
    titles = "; ".join(kb().theme(t).title for t in topic.nearest_themes)
    dispatcher.utter_message(
        response="utter_topic_not_covered" if len(audits) == 1 else "utter_topic_not_covered_many",
        json_message=contract.not_covered(topic.id, topic.nearest_themes, topic.resources),
        buttons=[
            *theme_buttons(topic.nearest_themes),
            *(
                {
                    "title": kb().resources[r].title,
                    "payload": make_payload("ask_resource", resource=r),
                }
                for r in topic.resources
            ),
        ],
        topic=topic.title,
        audits="; ".join(audits),
        nearest=render(domain, "utter_topic_nearest", themes=titles) if titles else "",
    )
    return True


def note_uncovered(dispatcher: CollectingDispatcher, text: str, theme_title: str) -> None:
    """A message that clearly touches a theme and also names a topic the audits do not cover
    ("DV at home, and the school never heard the outcome"): the topic is named as not covered
    in one line, then the theme follows as usual. Text only: the message was not declined
    (no ``not_covered`` payload), it was fitted to the theme it clearly touches."""
    topics = kb().uncovered_in(text)
    if topics:
        dispatcher.utter_message(
            response="utter_topic_not_covered_aside",
            topic=topics[0].title,
            theme_title=theme_title,
        )


def note_uncovered_briefly(dispatcher: CollectingDispatcher, text: str) -> bool:
    """In the middle of the questions, a message naming a topic the audits do not cover (after
    the safety message): that topic named as not covered, in one line."""
    topics = kb().uncovered_in(text)
    if topics:
        dispatcher.utter_message(response="utter_topic_not_covered_short", topic=topics[0].title)
    return bool(topics)
