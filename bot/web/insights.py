"""The partnership's insights as a page (HTML with inline SVG charts, drawn here, no script and
nothing fetched), Markdown and CSV. bot/core/insights.py decides the figures; this names them
from the content (theme, question, signpost and step titles) and lays them out."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any, Dict, List, Tuple

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from bot.core import insights, supervision
from bot.knowledge import KnowledgeBase

_ENV = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html.j2"]),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
    trim_blocks=True,
    lstrip_blocks=True,
)
# What each measure is called on the page, in Markdown and in the CSV's `label` column.
MEASURE_LABELS = {
    "recognised": "recognised from what was said",
    "chosen": "chosen from a list",
    "asked": "asked",
    "yes": "yes",
    "no": "no",
    "unsure": "not sure",
    "reflection": "own words",
    "skipped": "skipped",
    "stopped": "questions stopped here",
    "asked_for": "asked for",
    "offered": "offered after a no or not sure",
    "answered": "answered",
    "started": "started",
    "completed": "completed",
    "ended_early": "ended early",
    "actions_agreed": "actions agreed",
}
SECTIONS: Tuple[Tuple[str, str, Tuple[str, ...]], ...] = (  # report key, subject key, measures
    ("themes", "theme", insights.THEME_MEASURES),
    ("questions", "question", insights.QUESTION_MEASURES),
    ("signposts", "signpost", insights.SIGNPOST_MEASURES),
)


def _titles(kb: KnowledgeBase) -> Dict[str, Dict[str, str]]:
    """Titles by section and id, from the content; an id the content no longer has shows
    as itself."""
    questions = {q.id: q.text for t in kb.themes.values() for q in t.questions}
    return {
        "theme": {t.id: t.title for t in kb.themes.values()},
        "question": questions,
        "signpost": {r.id: r.title for r in kb.resources.values()},
        "step": {
            **{s.id: s.title for s in kb.supervision.steps},
            supervision.ESCALATION: kb.supervision.escalation_route.title,
        },
    }


PROTECTING = "*"  # a count withheld so that a smaller one cannot be worked out from the total


def shown(value: int | None, min_count: int, why: str | None = None) -> str:
    if why == "protects_another":
        return PROTECTING
    return f"<{min_count}" if value is None else str(value)


def _bars(items: List[Tuple[str, int | None, str | None]], min_count: int) -> Dict[str, Any]:
    """A horizontal bar chart's geometry: a withheld count is drawn as a pale stub."""
    top = max([v for _, v, _ in items if v] + [min_count])
    width, row = 360, 26
    bars = []
    for index, (label, value, why) in enumerate(items):
        length = (value or 0) / top * width if value is not None else min_count / top * width / 2
        bars.append(
            {
                "label": label,
                "value": shown(value, min_count, why),
                "withheld": value is None,
                "y": index * row,
                "width": round(max(length, 1), 1),
            }
        )
    return {"bars": bars, "width": width, "height": len(items) * row, "row": row}


def page_fields(report: Dict[str, Any], kb: KnowledgeBase) -> Dict[str, Any]:
    titles = _titles(kb)
    min_count = report["min_count"]
    weeks = [(w["week"], w["count"], w["withheld"]) for w in report["conversations"]["by_week"]]
    themes = [
        (titles["theme"].get(t["theme"], t["theme"]), _sum(t, insights.THEME_MEASURES), None)
        for t in report["themes"]
    ]
    sections = {
        key: [
            {
                "title": titles[subject].get(row[subject], row[subject]),
                "id": row[subject],
                "values": [shown(row[m], min_count) for m in measures],
            }
            for row in report[key]
        ]
        for key, subject, measures in SECTIONS
    }
    steps = [
        {
            "title": titles["step"].get(s["step"], s["step"]),
            "id": s["step"],
            "answered": shown(s["answered"], min_count),
            "skipped": shown(s["skipped"], min_count),
            "finding": s["finding_when_skipped"] and s["skipped"] != 0,
        }
        for s in report["supervision"]["steps"]
    ]
    labels = {key: [MEASURE_LABELS[m] for m in measures] for key, _, measures in SECTIONS}
    return {
        "report": report,
        "min_count": min_count,
        "total": shown(report["conversations"]["total"], min_count),
        "weeks_chart": _bars(weeks, min_count),
        "themes_chart": _bars(themes, min_count),
        "sections": sections,
        "labels": labels,
        "supervision": {
            m: shown(report["supervision"][m], min_count) for m in insights.SUPERVISION_MEASURES
        },
        "measure_labels": MEASURE_LABELS,
        "protecting": PROTECTING,
        "any_protecting": any(
            w["withheld"] == "protects_another" for w in report["conversations"]["by_week"]
        ),
        "steps": steps,
        "safety": shown(report["safety_replies"], min_count),
    }


def _sum(row: Dict[str, Any], measures: Tuple[str, ...]) -> int | None:
    """A row's total, withheld when any of its parts is (else the part could be worked out)."""
    values = [row[m] for m in measures]
    return None if any(v is None for v in values) else sum(values)


def insights_html(report: Dict[str, Any], kb: KnowledgeBase) -> str:
    return _ENV.get_template("insights.html.j2").render(page_fields(report, kb))


def insights_markdown(report: Dict[str, Any], kb: KnowledgeBase) -> str:
    return _ENV.get_template("insights.md.j2").render(page_fields(report, kb))


def insights_csv(report: Dict[str, Any], kb: KnowledgeBase) -> str:
    """One row per figure: section, id, title, measure, label, value (``<5`` when withheld)."""
    titles = _titles(kb)
    min_count = report["min_count"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["section", "id", "title", "measure", "label", "value"])
    writer.writerow(
        ["period", "", "", "since", "", report["since"]],
    )
    writer.writerow(["period", "", "", "until", "before", report["until"]])
    total = report["conversations"]["total"]
    writer.writerow(["conversations", "", "", "started", "total", shown(total, min_count)])
    for week in report["conversations"]["by_week"]:
        writer.writerow(
            [
                "conversations",
                week["week"],
                "",
                "started",
                "week of",
                shown(week["count"], min_count),
            ]
        )
    for key, subject, measures in SECTIONS:
        for row in report[key]:
            title = titles[subject].get(row[subject], row[subject])
            for m in measures:
                value = shown(row[m], min_count)
                writer.writerow([key, row[subject], title, m, MEASURE_LABELS[m], value])
    for m in insights.SUPERVISION_MEASURES:
        value = shown(report["supervision"][m], min_count)
        writer.writerow(["supervision", "", "", m, MEASURE_LABELS[m], value])
    for step in report["supervision"]["steps"]:
        title = titles["step"].get(step["step"], step["step"])
        for m in insights.STEP_MEASURES:
            value = shown(step[m], min_count)
            writer.writerow(["supervision_steps", step["step"], title, m, MEASURE_LABELS[m], value])
    writer.writerow(
        ["safety", "", "", "shown", "safety replies", shown(report["safety_replies"], min_count)]
    )
    return out.getvalue()
