"""Pure helpers: due dates, the reflective loop's logic, theme ranking, input checks, settings."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from pathlib import Path

import pytest

from bot.channels.guard import InvalidConversationIdError, check_sender_id, tidy_text
from bot.core.dates import parse_due
from bot.core.reflection import question_order
from bot.core.supervision import is_decision_question
from bot.core.themes import fallback_options, rank_themes
from bot.knowledge import KnowledgeBase
from bot.ops import launcher
from bot.settings import deployment

THURSDAY = dt.date(2026, 11, 26)


@pytest.mark.parametrize(
    "phrase,expected",
    [
        ("by next Friday", dt.date(2026, 12, 4)),
        ("in two weeks", dt.date(2026, 12, 10)),
        ("end of the month", dt.date(2026, 11, 30)),
        # next week's Friday (parsedatetime's "next week" is a week from today: a Thursday
        # here, and a Monday when said on a Monday, as a supervisor trial found)
        ("by the end of next week", dt.date(2026, 12, 4)),
        ("31 January", dt.date(2027, 1, 31)),
        ("12/01/2027", dt.date(2027, 1, 12)),  # UK day-first
        ("tomorrow", dt.date(2026, 11, 27)),
    ],
)
def test_due_dates_from_natural_phrases(phrase: str, expected: dt.date) -> None:
    assert parse_due(phrase, THURSDAY) == expected


@pytest.mark.parametrize(
    "phrase,expected",
    [
        # a day named wins over a span counted (a supervisor says both)
        ("in 2 weeks, fri 11th", dt.date(2026, 12, 11)),
        ("2 weeks - 11th dec", dt.date(2026, 12, 11)),
        ("mon 4th jan, ie about 6 weeks", dt.date(2027, 1, 4)),
        # a weekday with a span: that weekday in the span's week
        ("in two weeks on the friday", dt.date(2026, 12, 11)),
        # "or so" is no second date
        ("in 3 weeks or so", dt.date(2026, 12, 17)),
        # practitioners' shorthand for spans
        ("in 6 wks", dt.date(2027, 1, 7)),
        ("6 wks, after the core group", dt.date(2027, 1, 7)),
        ("6/52", dt.date(2027, 1, 7)),
        ("in a fortnight", dt.date(2026, 12, 10)),
    ],
)
def test_a_due_date_said_two_ways(phrase: str, expected: dt.date) -> None:
    assert parse_due(phrase, THURSDAY) == expected


@pytest.mark.parametrize("phrase", ["asap", "when mum is ready", "social worker", ""])
def test_an_unreadable_due_date_is_none(phrase: str) -> None:
    assert parse_due(phrase, THURSDAY) is None


def test_question_order_puts_the_shown_message_first_and_skips_asked(kb: KnowledgeBase) -> None:
    theme = kb.theme("information_sharing")
    shown = kb.cases["col_2017_18_case_2"].key_messages[0]
    order = question_order(theme, shown, ["is_aware_school_nursing"], "seed-a")
    assert order[0].id == "is_copy_gp_on_closure"
    assert "is_aware_school_nursing" not in [q.id for q in order]
    assert len(order) == len(theme.questions) - 1
    assert question_order(theme, shown, [], "seed-a") == question_order(theme, shown, [], "seed-a")


def test_theme_ranking_uses_the_map_in_data_and_entities(kb: KnowledgeBase) -> None:
    # Weights given here, with clear margins, so the test checks the scoring, not the tuning.
    config = {
        "secondary_weight": 0.5,
        "entity_boost": 0.3,
        "clause_weight": 0.5,
        "clause_min_confidence": 0.6,
    }
    ranking = rank_themes(
        kb,
        [{"name": "describe_cross_border_strategy", "confidence": 0.8}],
        [{"entity": "theme", "value": "challenge_escalation"}],
        config=config,
    )
    # The situation's first theme gets its confidence, its second half of it; the named theme
    # gets the entity boost.
    assert ranking.scored == [
        ("cross_borough_working", pytest.approx(0.8)),
        ("information_sharing", pytest.approx(0.4)),
        ("challenge_escalation", pytest.approx(0.3)),
    ]
    assert rank_themes(kb, [{"name": "greet", "confidence": 1.0}], config=config).top is None


def test_the_fallback_always_has_three_options(kb: KnowledgeBase) -> None:
    options = fallback_options(kb, "the GP was never told the case was closed", [])
    assert len(options) == 3 and options[0] == "information_sharing"


def test_conversation_ids_must_be_random_uuids() -> None:
    good = str(uuid.uuid4())
    assert check_sender_id(good) == good
    for bad in [
        "",
        "   ",
        None,
        42,
        "default",
        "1",
        str(uuid.uuid1()),
        "a" * 500,
        "00000000-0000-0000-0000-000000000000",
    ]:
        with pytest.raises(InvalidConversationIdError):
            check_sender_id(bad)


def test_tidy_text_removes_what_should_never_be_stored() -> None:
    assert tidy_text("  e\u0301cole\u200b \u202eabc\x00 ") == "école abc"
    assert tidy_text("a\ud800b") == "ab"  # a lone surrogate from malformed JSON


def test_settings_default_to_embedded_stores(tmp_path: Path) -> None:
    settings = deployment({"REFLECT_DATA_DIR": str(tmp_path)})
    config = launcher.endpoints(settings)
    assert config["tracker_store"] == {
        "type": "bot.rasa_ext.tracker_store.IncrementalSQLTrackerStore",
        "dialect": "sqlite",
        "db": str(tmp_path / "tracker.db"),
    }
    assert "lock_store" not in config  # in-memory
    assert settings.cors_origins == ["http://localhost:8080", "http://127.0.0.1:8080"]


def test_production_settings_come_from_the_environment(tmp_path: Path) -> None:
    settings = deployment(
        {
            "REFLECT_DATA_DIR": str(tmp_path),
            "REFLECT_ENV": "production",
            "REFLECT_TRACKER_DB_URL": "postgresql://reflect:secret@db.internal:5433/reflect",
            "REFLECT_LOCK_STORE_URL": "redis://cache.internal:6380/2",
            "REFLECT_CORS_ORIGINS": "https://intranet.example.org",
            "PORT": "6000",
        }
    )
    config = launcher.endpoints(settings)
    assert config["tracker_store"]["dialect"] == "postgresql"
    assert (config["tracker_store"]["url"], config["tracker_store"]["port"]) == (
        "db.internal",
        5433,
    )
    assert config["lock_store"] == {
        "type": "bot.rasa_ext.lock_store.ReplicaSafeRedisLockStore",
        "url": "cache.internal",
        "port": 6380,
        "db": 2,
        "password": None,
    }
    assert settings.cors_origins == ["https://intranet.example.org"] and settings.port == 6000
    assert deployment({"REFLECT_ENV": "production"}).cors_origins == []  # never "*"


def test_the_api_is_never_enabled_without_a_token(tmp_path: Path) -> None:
    settings = deployment({"REFLECT_DATA_DIR": str(tmp_path)})
    with pytest.raises(SystemExit):
        launcher.rasa_command(settings, enable_api=True)
    command = launcher.rasa_command(
        deployment({"REFLECT_DATA_DIR": str(tmp_path), "REFLECT_API_TOKEN": "t0ken"}), True
    )
    assert command[command.index("--enable-api") + 1 :][:2] == ["--auth-token", "t0ken"]
    assert "--enable-api" not in launcher.rasa_command(settings, enable_api=False)


def test_the_model_is_stale_when_an_input_is_newer(tmp_path: Path) -> None:
    model = tmp_path / "model.tar.gz"
    assert launcher.model_is_stale(model)
    model.write_bytes(b"x")
    newest = max(p.stat().st_mtime for p in launcher.training_inputs())
    os.utime(model, (newest + 10, newest + 10))
    assert not launcher.model_is_stale(model)
    os.utime(model, (newest - 10, newest - 10))
    assert launcher.model_is_stale(model)


def test_clauses_are_split_only_when_there_are_several() -> None:
    from bot.core.clauses import split_clauses

    assert split_clauses(
        "mum keeps promising to change and the other borough never sends the minutes"
    ) == ["mum keeps promising to change", "the other borough never sends the minutes"]
    assert split_clauses("mum and dad keep promising to change") == []
    assert split_clauses('/choose_theme{"theme":"cse_management"}') == []


def test_clause_intents_add_their_themes(kb: KnowledgeBase) -> None:
    ranking = [{"name": "describe_promises_to_change", "confidence": 0.95}]
    clauses = [
        {"text": "a", "intent": "describe_promises_to_change", "confidence": 0.9},
        {"text": "b", "intent": "describe_missed_out_of_borough_meeting", "confidence": 0.8},
        {"text": "c", "intent": "describe_emotional_toll", "confidence": 0.3},
    ]
    ranked = rank_themes(kb, ranking, [], clauses)
    assert ranked.themes == ["professional_over_optimism", "cross_borough_working"]
    assert ranked.suggestions() == ["cross_borough_working"]


@pytest.mark.parametrize(
    "question, decision",
    [
        ("do we need to re-refer to the MASH?", True),
        ("should we do an NRM referral?", True),
        ("so is it time to step up to CP?", True),
        ("do you think we should escalate to the IRO?", True),
        ("what's PLO?", False),  # a question Reflect answers
        ("can we go back to step 2?", False),  # a control, not a decision
        ("who leads on CSE in the City?", False),
    ],
)
def test_a_decision_for_the_supervision_is_told_from_a_question_for_reflect(
    question: str, decision: bool
) -> None:
    assert is_decision_question(question) is decision
