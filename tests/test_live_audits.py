"""Several audits live at once: which are live (reflect.yml or REFLECT_LIVE_AUDITS), "case 1"
asked when two live audits have one, and whose case each key message comes from.

On a copy of the bundled content with the fictional second audit of tests/fixtures/second_audit/
(Fictional Safeguarding Partnership, Testshire 2019/20: a case 1, key messages on the bundled
theme information_sharing and on its own theme neglect)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from actions.audit_content import ActionShowCase
from actions.reflection import most_relevant_message
from bot.knowledge import ContentError, KnowledgeBase, knowledge, load_knowledge
from bot.ops.cli import main
from bot.settings import LiveAudits, live_audits
from tests.conftest import content_with, make_tracker, run_action, sent, user_event

SECOND = Path(__file__).parent / "fixtures" / "second_audit" / "fictional_2019_20.yml"
BUNDLED, FICTIONAL = "col_2017_18", "fictional_2019_20"
CASE_1_FICTIONAL = "Case 1 (FSP, Testshire 2019/20)"
CASE_1_BUNDLED = "Case 1 (CHSCB, City of London 2017/18)"


@pytest.fixture()
def two_audits(tmp_path: Path) -> Path:
    return content_with(tmp_path, SECOND)


@pytest.fixture()
def served_content(two_audits: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[KnowledgeBase]:
    """The two audits as the actions see them (every ``kb()``), all live."""
    monkeypatch.setenv("REFLECT_CONTENT_DIR", str(two_audits))
    monkeypatch.setenv("REFLECT_LIVE_AUDITS", "all")
    knowledge.cache_clear()
    yield knowledge()
    knowledge.cache_clear()


def ask_case(text: str, **entities: str):
    return user_event(
        text, "ask_case", 0.99, [{"entity": k, "value": v} for k, v in entities.items()]
    )


# --- which audits are live -------------------------------------------------------------------


def test_every_audit_is_live_unless_configured_otherwise() -> None:
    assert live_audits({}).ids is None  # reflect.yml: live_audits: all
    assert live_audits({"REFLECT_LIVE_AUDITS": "all"}).ids is None


def test_the_environment_variable_names_the_live_audits() -> None:
    chosen = live_audits({"REFLECT_LIVE_AUDITS": " col_2017_18, fictional_2019_20 "})
    assert chosen.ids == (BUNDLED, FICTIONAL)
    assert "REFLECT_LIVE_AUDITS" in chosen.source


def test_an_audit_that_is_not_live_is_not_loaded(two_audits: Path) -> None:
    kb = load_knowledge(two_audits, LiveAudits((BUNDLED,), "test"))
    assert [a.id for a in kb.audits] == [BUNDLED]
    assert "neglect" not in kb.themes  # the second audit's own theme
    assert all(m.audit_id == BUNDLED for t in kb.themes.values() for m in t.key_messages)


def test_with_only_the_new_audit_live_the_old_themes_are_left_out(two_audits: Path) -> None:
    kb = load_knowledge(two_audits, LiveAudits((FICTIONAL,), "test"))
    assert sorted(kb.themes) == ["information_sharing", "neglect"]
    assert [c.id for c in kb.cases.values()] == ["fictional_2019_20_case_1"]
    # the trained situations and the signposts name only themes there is something to say about
    assert all(set(t) <= set(kb.themes) for t in kb.situations.values())
    assert all(set(r.themes) <= set(kb.themes) for r in kb.resources.values())


def test_two_live_audits_merge_by_theme_id(two_audits: Path) -> None:
    kb = load_knowledge(two_audits)
    assert [a.id for a in kb.audits] == [BUNDLED, FICTIONAL]  # newest last
    audits = {m.audit_id for m in kb.theme("information_sharing").key_messages}
    assert audits == {BUNDLED, FICTIONAL}
    assert [c.audit.id for c in kb.cases_numbered(1)] == [FICTIONAL, BUNDLED]  # newest first


def test_an_unknown_live_audit_is_an_error_naming_it(two_audits: Path) -> None:
    with pytest.raises(ContentError) as error:
        load_knowledge(two_audits, LiveAudits(("northbridge_2091",), "reflect.yml (test)"))
    message = str(error.value)
    assert "'northbridge_2091'" in message and "reflect.yml (test)" in message
    assert "col_2017_18, fictional_2019_20" in message  # what there is to choose from


def test_check_content_checks_every_file_and_says_which_are_live(
    two_audits: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("REFLECT_CONTENT_DIR", str(two_audits))
    monkeypatch.setenv("REFLECT_LIVE_AUDITS", BUNDLED)
    assert main(["check-content"]) == 0
    out = capsys.readouterr().out
    assert "2 audit file(s) checked; live: 1 audit(s)" in out
    assert "  live: col_2017_18 (CHSCB, City of London 2017/18)" in out
    assert "  not live: fictional_2019_20 (FSP, Testshire 2019/20)" in out


def test_check_content_rejects_a_broken_audit_that_is_not_live(
    two_audits: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    path = two_audits / "audits" / SECOND.name
    path.write_text(
        path.read_text(encoding="utf-8").replace("theme: neglect", "theme: negelct"), "utf-8"
    )
    monkeypatch.setenv("REFLECT_CONTENT_DIR", str(two_audits))
    monkeypatch.setenv("REFLECT_LIVE_AUDITS", BUNDLED)
    assert main(["check-content"]) == 1
    assert f"{SECOND.name}:" in capsys.readouterr().err


def test_check_content_names_an_unknown_live_audit(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("REFLECT_LIVE_AUDITS", "col_2017_18,northbridge_2019_20")
    assert main(["check-content"]) == 1
    err = capsys.readouterr().err
    assert "REFLECT_LIVE_AUDITS names the audit 'northbridge_2019_20'" in err


# --- "case 1" when two live audits have one -------------------------------------------------


def test_a_case_number_two_audits_have_asks_which_newest_first(served_content, domain) -> None:
    messages, _ = run_action(
        ActionShowCase(), make_tracker(ask_case("tell me about case 1", case_number="1")), domain
    )
    assert messages == [
        sent(
            response="utter_case_which_audit",
            buttons=[
                {
                    "title": CASE_1_FICTIONAL,
                    "payload": '/ask_case{"case_number":"1","audit":"fictional_2019_20"}',
                },
                {
                    "title": CASE_1_BUNDLED,
                    "payload": '/ask_case{"case_number":"1","audit":"col_2017_18"}',
                },
            ],
            json_message={
                "kind": "case_choice",
                "items": ["fictional_2019_20_case_1", "col_2017_18_case_1"],
            },
            number=1,
        )
    ]


def test_the_audit_chosen_by_button_gives_its_case(served_content, domain) -> None:
    event = ask_case('/ask_case{"case_number":"1","audit":"col_2017_18"}', case_number="1")
    event["parse_data"]["entities"].append({"entity": "audit", "value": BUNDLED})
    messages, _ = run_action(ActionShowCase(), make_tracker(event), domain)
    assert [m["custom"]["case"] for m in messages] == ["col_2017_18_case_1"]
    assert messages[0]["custom"]["kind"] == "case"
    # its theme buttons name the audit too, so the key message comes from this case
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert '/choose_theme{"theme":"information_sharing","case_number":"1",' in payloads[0]
    assert payloads[0].endswith('"audit":"col_2017_18"}')


def test_a_case_asked_with_its_area_or_year_needs_no_question(served_content, domain) -> None:
    for text in ("tell me about case 1 in Testshire", "case 1 of the 2019-20 audit"):
        messages, _ = run_action(
            ActionShowCase(), make_tracker(ask_case(text, case_number="1")), domain
        )
        assert [m["custom"]["case"] for m in messages] == ["fictional_2019_20_case_1"], text


def test_a_case_number_only_one_audit_has_is_shown_at_once(served_content, domain) -> None:
    messages, _ = run_action(
        ActionShowCase(), make_tracker(ask_case("tell me about case 2", case_number="2")), domain
    )
    assert [m["custom"]["case"] for m in messages] == ["col_2017_18_case_2"]


def test_a_key_message_says_whose_case_it_is(served_content) -> None:
    theme = served_content.theme("information_sharing")
    message = most_relevant_message(theme, "", "1", audit=FICTIONAL)
    assert message.case_id == "fictional_2019_20_case_1"
    assert served_content.cases[message.case_id].label == CASE_1_FICTIONAL
    assert most_relevant_message(theme, "", "1", audit=BUNDLED).case_id == "col_2017_18_case_1"
