"""``python -m bot export summary|supervision_record ID``: the same documents the download
endpoints serve, read straight from the tracker store (for chores and for supervisors offline)."""

from __future__ import annotations

import asyncio
import sys

from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import EventVerbosity
from rasa.utils.endpoints import EndpointConfig

from bot.core import summary, supervision
from bot.knowledge import knowledge
from bot.rasa_ext.endpoints import endpoints
from bot.settings import PROJECT_DIR, deployment
from bot.web import records


def tracker_store() -> TrackerStore:
    config = EndpointConfig.from_dict(endpoints(deployment())["tracker_store"])
    return TrackerStore.create(config, Domain.load(str(PROJECT_DIR / "domain.yml")))


def export(kind: str, sender_id: str, fmt: str) -> int:
    tracker = asyncio.run(tracker_store().retrieve(sender_id))
    if tracker is None:
        print(f"error: no conversation {sender_id}", file=sys.stderr)
        return 1
    events = tracker.current_state(EventVerbosity.AFTER_RESTART)["events"]
    if kind == "summary":
        print(records.summary_markdown(summary.summarise(events, knowledge()), knowledge()))
        return 0
    state = supervision.latest_state(events)
    if state is None:
        print("error: this conversation has no supervision record", file=sys.stderr)
        return 1
    render = records.supervision_html if fmt == "html" else records.supervision_markdown
    print(render(state, knowledge()))
    return 0
