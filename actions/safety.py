"""Immediate risk: the safety message, always the first reply to a flagged message, with the
routes for what the message says; then the situation it also describes is offered, for when the
child is safe (safety first, not safety only). In the questions or a supervision, the rules
(data/rules/safety.yml) then ask the pending question or step again."""

from __future__ import annotations

from typing import List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    DomainDict,
    active_loop,
    contact_lines,
    is_lead,
    kb,
    render,
    slot_events,
    theme_buttons,
)
from actions.offers import acknowledge_safety_update, after_safety, recording_answered
from actions.supervision import (
    goes_back,
    labelled_later,
    note_actions,
    revisit,
    said_actions,
    weave_theme,
)
from actions.uncovered import name_uncovered, note_uncovered_briefly
from bot.core import contract, supervision, turns
from bot.core.agreed_actions import names_a_role
from bot.safety.routes import routes_for
from bot.safety.situation import also_asks_for_supervision, situation_themes, situation_view


def updated_after_safety(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """What was done, or how the practitioner feels, told just after the safety message and
    flagged again for its own words ("called 999, police are coming"): acknowledged, never the
    safety message again (a trial's shaken practitioner got it twice). The questions or the
    supervision then go on."""
    text = tracker.latest_message.get("text") or ""
    if not (after_safety(tracker) and turns.is_safety_update(text)):
        return False
    loop = active_loop(tracker)
    if loop == "reflection_form":
        dispatcher.utter_message(response="utter_safety_update_ack_questions")
    elif loop == "supervision_form":
        dispatcher.utter_message(response="utter_safety_update_ack_supervision")
    else:
        return acknowledge_safety_update(dispatcher, tracker)
    recording_answered(dispatcher, tracker)
    return True


class ActionSafetySignpost(Action):
    def name(self) -> str:
        return "action_safety_signpost"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        latest = tracker.latest_message
        if updated_after_safety(dispatcher, tracker):
            return []  # "ok called 999, police are coming... my hands are shaking"
        lead = is_lead(tracker)  # "I'm the DSL", now or earlier
        routes = [r for r in routes_for(latest.get("text") or "") if not (lead and r == "dsl")]
        procedures = kb().resources[kb().safety.procedures]
        dispatcher.utter_message(
            text=render(
                domain,
                "utter_safety",
                contacts=contact_lines(domain, routes, lead),
                procedures=procedures.title,
            ),
            json_message=contract.safety(kb(), routes),
        )
        events = kept_as_step_answer(dispatcher, tracker, domain)
        if events:
            return events
        if not active_loop(tracker) and also_asks_for_supervision(latest):
            # "can we do a supervision, ... going missing": the supervision, when safe
            dispatcher.utter_message(response="utter_safety_then_supervision")
            return []
        # The questions already being asked carry on: their theme needs no offer.
        in_questions = active_loop(tracker) == "reflection_form"
        asked = [tracker.get_slot("current_theme")] if in_questions else []
        themes = situation_themes(kb(), latest, exclude=asked)
        text = latest.get("text") or ""
        if not in_questions and name_uncovered(dispatcher, text, domain, []):
            # "...FGM...", "...will be cut over the summer": named as not covered, its nearest
            # themes offered, rather than a theme only loosely recognised around it
            return []
        if in_questions:
            note_uncovered_briefly(dispatcher, text)  # one line; the question comes again
        if not themes:
            dispatcher.utter_message(response="utter_safety_carry_on")
            return []
        return offer_situation(dispatcher, tracker, themes)


def offer_situation(
    dispatcher: CollectingDispatcher, tracker: Tracker, themes: List[str]
) -> List[EventType]:
    """ "When the child is safe, do you want to reflect on ...?", with a button for each theme."""
    dispatcher.utter_message(
        response="utter_safety_then_reflect",
        buttons=theme_buttons(themes),
        json_message=contract.theme_suggestion(themes, "after_safety"),
        theme_titles=" or ".join(kb().theme(t).title for t in themes),
    )
    offered = tracker.get_slot("suggested_themes") or []
    return [SlotSet("suggested_themes", [*offered, *(t for t in themes if t not in offered)])]


# A supervision step's answer is told at length; a shorter flagged message is the emergency only,
# unless it says who is taking part ("DSL and pastoral lead. 14yo girl missing from home twice
# this month": a trial's step 1, lost).
STEP_ANSWER_MIN_WORDS = 15
STEP_ANSWER_WITH_ROLES_MIN_WORDS = 8


def _professionals() -> dict:
    """The owner roles that are professionals: not the family ("dad") nor "me"."""
    family_or_self = ("parent", "practitioner")
    roles = kb().supervision.actions.roles
    return {name: said for name, said in roles.items() if name not in family_or_self}


def kept_as_step_answer(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
) -> List[EventType]:
    """In a supervision, a flagged message long enough to be the step's answer is kept in that
    step (after the safety message), and the step is asked again, so whatever is said next is
    added to it; where actions are asked for, the actions it names (each with its owner) are
    kept: nothing the practitioner wrote is lost, whether the flag was right or not."""
    text = (tracker.latest_message.get("text") or "").strip()
    state = tracker.get_slot("supervision")
    if active_loop(tracker) != "supervision_form" or not state:
        return []
    step = goes_back(tracker)
    if step:
        # "go back to step 1 - ... seen getting into an older male's car": added to step 1
        return slot_events(revisit(dispatcher, tracker, state, step, text))
    stage = supervision.next_stage(state, kb())
    if stage == supervision.ACTION:
        named = [a for a in said_actions(text) if a.get("owner")]
        if not named:
            return []
        dispatcher.utter_message(response="utter_safety_actions_kept")
        note_actions(dispatcher, named)
        state = supervision.add_actions(state, named)
        return [SlotSet("supervision", state), SlotSet("supervision_answer", None)]
    # told at length, or added to the notes just kept after a safety message ("anything you
    # add now goes with it": "police are aware, she's been reported missing each time")
    adding = state.get("revisit") == stage and bool(state["steps"].get(stage))
    words = len(text.split())
    told = words >= STEP_ANSWER_MIN_WORDS or (
        words >= STEP_ANSWER_WITH_ROLES_MIN_WORDS and names_a_role(text, _professionals())
    )
    if stage in supervision.ACTION_STAGES or not (told or adding):
        return []
    # "... step 6 - dad is hard to reach": that part filed at step 6 (a trial's stayed here)
    state, text = labelled_later(dispatcher, state, stage, text)
    dispatcher.utter_message(response="utter_safety_answer_kept")
    kept = {**supervision.record_answer(state, stage, text), "revisit": stage}
    # safety first, not safety only: the situation it describes is woven in, as any answer's,
    # from what it says beside the risk (its whole parse is the risk's)
    woven = weave_theme(dispatcher, tracker, domain, kept, situation_view(tracker.latest_message))
    events: List[EventType] = [SlotSet("supervision", woven), SlotSet("supervision_answer", None)]
    if len(woven["themes"]) > len(kept["themes"]):
        return events
    # Not clear enough to weave into the record: offered, as outside a supervision (a theme
    # chosen in a supervision gets its key message, and the step comes again).
    raised = [t["theme"] for t in kept["themes"]]
    themes = situation_themes(kb(), tracker.latest_message, exclude=raised)
    return events + (offer_situation(dispatcher, tracker, themes) if themes else [])
