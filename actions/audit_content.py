"""The audit on request: its cases, its themes and its signposts, each with next-step buttons."""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterable, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    DomainDict,
    bullet_lines,
    entity_values,
    kb,
    render,
    theme_buttons,
)
from bot.core import contract
from bot.knowledge import Case
from bot.knowledge.schema import Resource
from bot.rasa_ext.payloads import make_payload

_CASE_NUMBER = re.compile(r"\bcase\s*(?:no\.?\s*)?(\d+)\b", re.IGNORECASE)


def requested_case_number(tracker: Tracker) -> int | None:
    values = entity_values(tracker, "case_number")
    if not values:  # "case 4" is not in the training data's synonyms; read the digits
        match = _CASE_NUMBER.search(tracker.latest_message.get("text") or "")
        values = [match.group(1)] if match else []
    return int(values[0]) if values and values[0].isdigit() else None


def resource_buttons(resources: Iterable[Resource]) -> List[dict]:
    return [
        {"title": r.title, "payload": make_payload("ask_resource", resource=r.id)}
        for r in resources
    ]


def case_buttons(cases: List[Case], **extra: str) -> List[dict]:
    return [
        {"title": c.label, "payload": make_payload("ask_case", case_number=str(c.number), **extra)}
        for c in cases
    ]


class ActionShowCase(Action):
    """ "Tell me about case 2", "what went well in case 1", "which cases were audited"."""

    def name(self) -> str:
        return "action_show_case"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        all_cases = list(kb().cases.values())
        number = requested_case_number(tracker)
        if number is None:
            dispatcher.utter_message(
                response="utter_case_list",
                buttons=case_buttons(all_cases),
                json_message=contract.listing("case_list", (c.id for c in all_cases)),
                count=len(all_cases),
                case_lines=bullet_lines(f"{c.label}: {c.summary}" for c in all_cases),
            )
            return []
        matches = kb().cases_numbered(number)
        if not matches:
            dispatcher.utter_message(
                response="utter_case_not_found",
                buttons=case_buttons(all_cases),
                number=number,
                numbers=", ".join(sorted({str(c.number) for c in all_cases})),
            )
            return []
        case = matches[0]
        others = [c for c in all_cases if c.id != case.id]
        buttons = [
            *theme_buttons([m.theme for m in case.key_messages], case_number=str(case.number)),
            *case_buttons(others),
        ]
        strengths = bullet_lines(s.text for s in case.strengths)
        if "strengths" in entity_values(tracker, "case_aspect"):
            dispatcher.utter_message(
                response="utter_case_strengths",
                buttons=buttons,
                json_message=contract.case_payload(case),
                case_label=case.label,
                strengths=strengths,
            )
        else:
            dispatcher.utter_message(
                response="utter_case",
                buttons=buttons,
                json_message=contract.case_payload(case),
                case_label=case.label,
                case_summary=case.summary,
                strengths=strengths,
                themes="; ".join(m.title for m in case.key_messages),
            )
        return []


class ActionListThemes(Action):
    """ "What themes are there?": every theme, as buttons."""

    def name(self) -> str:
        return "action_list_themes"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        themes = list(kb().themes.values())
        dispatcher.utter_message(
            response="utter_theme_list",
            buttons=theme_buttons(t.id for t in themes),
            json_message=contract.theme_suggestion(t.id for t in themes),
            theme_lines="\n" + bullet_lines(f"{t.title}: {t.description}" for t in themes),
        )
        return []


# A signpost's details in the order shown, each worded by its response ``utter_resource_<field>``.
RESOURCE_DETAILS = ("accepts", "ages", "phone", "email", "hours", "reference")


def resource_details(resource_id: str, domain: DomainDict, today: dt.date) -> str:
    """A signpost's audit wording, then its details, dates and link (or why there is none)."""
    item = kb().resources[resource_id]
    lines = [item.text]
    for field in RESOURCE_DETAILS:
        value = getattr(item, field)
        if value:
            lines.append(render(domain, f"utter_resource_{field}", **{field: value}))
    if item.dates:
        dates = ", ".join(f"{d.day} {d:%B %Y}" for d in item.dates)
        past = kb().resource_is_past(item.id, today)
        lines.append(
            render(
                domain,
                "utter_course_past" if past else "utter_course_upcoming",
                dates=dates,
                provider=item.provider or "the provider",
            )
        )
    lines.append(item.link or render(domain, "utter_link_missing", reason=item.link_missing))
    return "\n".join(lines)


def signpost_contact(item: Resource, domain: DomainDict) -> str:
    """How to reach a signpost that an ``if_not`` names, from resources.yml: "<title>: call
    <phone> (<hours>) or email <email>." (the loader makes sure it has at least one way)."""
    ways = []
    if item.phone:
        phone = "utter_signpost_phone_hours" if item.hours else "utter_signpost_phone"
        ways.append(render(domain, phone, phone=item.phone, hours=item.hours))
    if item.email:
        ways.append(render(domain, "utter_signpost_email", email=item.email))
    if item.link:
        ways.append(render(domain, "utter_signpost_link", link=item.link))
    joined = ways[0]
    for way in ways[1:]:
        joined = render(domain, "utter_signpost_or", ways=joined, way=way)
    return render(domain, "utter_signpost", title=item.title, ways=joined)


class ActionShowResource(Action):
    """Signposts: the service, policy, course or procedure asked for, or the list of them."""

    def name(self) -> str:
        return "action_show_resource"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        resources = kb().resources
        wanted = [r for r in entity_values(tracker, "resource") if r in resources]
        if not wanted:
            dispatcher.utter_message(
                response="utter_resource_list",
                json_message=contract.listing("resource_list", resources),
                buttons=resource_buttons(resources.values()),
                resource_lines=bullet_lines(r.title for r in resources.values()),
            )
            return []
        today = dt.date.today()
        for resource_id in dict.fromkeys(wanted):
            item = resources[resource_id]
            dispatcher.utter_message(
                text=render(
                    domain,
                    "utter_resource",
                    title=item.title,
                    details=resource_details(resource_id, domain, today),
                ),
                json_message=contract.resource(item, kb(), today),
                buttons=theme_buttons(item.themes),
            )
        return []
