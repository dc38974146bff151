"""Reflect's command line: ``python -m bot <command>`` (see ``--help``)."""

from __future__ import annotations

import _thread
import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import List


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="train if stale, start the servers and a terminal chat")
    serve = commands.add_parser(
        "serve", help="train if stale and serve REST, socket.io and the demo page"
    )
    serve.add_argument("--no-demo", action="store_true", help="do not serve the demo page")
    train = commands.add_parser("train", help="train the model if its inputs changed")
    train.add_argument("--force", action="store_true")
    chat = commands.add_parser("chat", help="terminal chat with a running server")
    chat.add_argument("--url", default="http://127.0.0.1:5005")
    commands.add_parser("check-content", help="load and check every content file")
    importing = commands.add_parser(
        "import-audit",
        help="draft an audit file from a briefing (text, Markdown or PDF) for review",
    )
    importing.add_argument("file", type=Path, help="the briefing: .txt, .md or .pdf")
    importing.add_argument(
        "-o", "--out", type=Path, default=None, help="write the draft here (default: print it)"
    )
    retention = commands.add_parser("retention", help="delete conversations older than N days")
    retention.add_argument(
        "--days", type=int, default=None, help="default: reflect.yml privacy.retention_days"
    )
    retention.add_argument("--dry-run", action="store_true", help="count, delete nothing")
    export = commands.add_parser(
        "export", help="print a conversation's summary or supervision record"
    )
    export.add_argument("kind", choices=["summary", "supervision_record"])
    export.add_argument("sender_id")
    export.add_argument("--format", choices=["md", "html"], default="md")
    insights = commands.add_parser(
        "insights", help="the partnership's insights: counts, small ones withheld"
    )
    insights.add_argument("--since", type=dt.date.fromisoformat, default=None, metavar="DATE")
    insights.add_argument(
        "--until",
        type=dt.date.fromisoformat,
        default=None,
        metavar="DATE",
        help="the day after the last day counted (default: today, so whole days only)",
    )
    insights.add_argument("--format", choices=["md", "csv"], default="md")
    args = parser.parse_args(argv)

    if args.command == "check-content":
        # Every audit file together first (one that is not live must still be right), then the
        # live ones, as Reflect will load them.
        every = checked_content(every_audit=True)
        kb = checked_content() if every is not None else None
        if kb is None:
            return 1
        for gap in kb.safety_gaps:
            print(f"warning: {gap}", file=sys.stderr)
        print(
            f"content ok: {len(every.audits)} audit file(s) checked; live: {len(kb.audits)} "
            f"audit(s), {len(kb.cases)} cases, {len(kb.themes)} themes, "
            f"{sum(len(t.questions) for t in kb.themes.values())} questions, "
            f"{len(kb.resources)} signposts"
        )
        live = [a.id for a in kb.audits]
        for audit in every.audits:
            state = "live" if audit.id in live else "not live"
            print(f"  {state}: {audit.id} ({audit.partnership_short}, {audit.area} {audit.year})")
        return 0
    if args.command == "import-audit":
        return import_audit(args.file, args.out)
    if args.command == "train":
        from bot.ops.launcher import train_if_stale

        train_if_stale(force=args.force)
        return 0
    if args.command in ("run", "serve"):
        from bot.ops.launcher import say, servers, train_if_stale, until_stopped
        from bot.settings import deployment

        settings = deployment()
        # A broken content file stops here, with its file and line; so does a safety contact
        # without its number, in production.
        if checked_content(production=settings.production) is None:
            return 1
        train_if_stale()
        if args.command == "run":
            from bot.ops.terminal import chat

            print("starting Reflect (loading the model takes about 30 s) ...")
            with servers(
                settings,
                enable_api=False,
                log_dir=settings.data_dir / "logs",
                on_failure=_thread.interrupt_main,  # the chat waits for input: end it
            ) as processes:
                url = f"http://{settings.local_host}:{settings.port}"
                chat(url, downloads=settings.data_dir / "downloads")
            return 1 if processes.supervisor and processes.supervisor.failure else 0
        from bot.web.demo_site import demo_site

        try:
            with servers(settings, enable_api=bool(settings.api_token)) as processes:
                print(
                    f"Reflect is up: REST http://127.0.0.1:{settings.port}/webhooks/rest/webhook"
                    f" and socket.io on port {settings.port}. Ctrl-C stops it."
                )
                with demo_site(settings, enabled=not args.no_demo, say=say):
                    return until_stopped(processes)
        except KeyboardInterrupt:
            print("stopped")
        return 0
    if args.command == "chat":
        from bot.ops.terminal import chat as run_chat

        run_chat(args.url.rstrip("/"))
        return 0
    if args.command == "retention":
        from bot.privacy.retention import run_retention

        return run_retention(args.days, args.dry_run)
    if args.command == "insights":
        from bot.ops.insights import print_insights

        return print_insights(args.since, args.until, args.format)
    if args.command == "export":
        from bot.ops.export import export

        return export(args.kind, args.sender_id, args.format)
    return 2


def import_audit(source: Path, out: Path | None) -> int:
    """Draft an audit file from a briefing: 2 for a file that cannot be read as one (or an
    existing ``out``, never overwritten), 1 for broken content."""
    from bot.knowledge.briefing import BriefingError, parse, read_text
    from bot.knowledge.draft import draft_audit

    if out is not None and out.exists():
        print(f"error: {out} already exists; give another name or remove it", file=sys.stderr)
        return 2
    try:
        text, from_pdf = read_text(source)
        briefing = parse(text)
    except BriefingError as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    kb = checked_content(every_audit=True)
    if kb is None:
        return 1
    themes = {t.id: t.title for t in kb.themes.values()}
    draft, checks = draft_audit(briefing, themes, source.name)
    if from_pdf:
        draft = "# check: read from a PDF: its paragraphs were rebuilt from its lines.\n" + draft
        checks += 1
    if out is None:
        sys.stdout.write(draft)
    else:
        out.write_text(draft, encoding="utf-8")
    cases = briefing.cases
    print(
        f"drafted {len(cases)} case(s), {sum(len(c.messages) for c in cases)} key messages, "
        f"{sum(len(m.questions) for c in cases for m in c.messages)} questions"
        f"{f' into {out}' if out else ''}; {checks} field(s) marked '# check:' to review, then "
        "`make check-content` (docs/content.md)",
        file=sys.stderr,
    )
    return 0


def checked_content(  # noqa: ANN201 (KnowledgeBase, imported lazily)
    production: bool = False, every_audit: bool = False
):
    """The knowledge base (REFLECT_CONTENT_DIR's, else the bundled one) with the live audits
    (``every_audit``: all of them), or None after printing the first problem as file:line. In
    production, a safety contact without its number is a problem too (each is named)."""
    from bot.knowledge import ContentError, content_dir, load_knowledge, production_refusal
    from bot.settings import live_audits

    try:
        kb = load_knowledge(content_dir(), None if every_audit else live_audits())
    except ContentError as problem:
        print(f"error in content: {problem}", file=sys.stderr)
        return None
    refusal = production_refusal(kb) if production else None
    if refusal:
        print(refusal, file=sys.stderr)
        return None
    return kb
