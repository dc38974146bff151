"""The content loader: valid content, schema errors reported with file and line, merging audits."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from actions.reflection import next_step
from bot.knowledge import CONTENT_DIR, ContentError, load_knowledge

FIXTURES = Path(__file__).parent / "fixtures"
AUDIT = "audits/city_of_london_2017_18.yml"


@pytest.fixture()
def content(tmp_path: Path) -> Path:
    """A writable copy of the real content."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target)
    return target


def edit(path: Path, old: str, new: str) -> int:
    """Replace the first ``old`` in ``path``; return the 1-based line it was on."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


def test_the_bundled_content_loads_with_all_seven_themes(content: Path) -> None:
    kb = load_knowledge(content)
    assert list(kb.themes) == [
        "information_sharing",
        "professional_curiosity",
        "cross_borough_working",
        "cse_management",
        "substance_misuse_service",
        "professional_over_optimism",
        "challenge_escalation",
    ]
    assert [c.number for c in kb.cases.values()] == [1, 2, 3]
    assert all(theme.key_messages and theme.questions for theme in kb.themes.values())
    assert kb.audits[0].area == "City of London" and kb.audits[0].year == "2017/18"


def test_every_key_message_is_tied_to_its_case(content: Path) -> None:
    kb = load_knowledge(content)
    for theme in kb.themes.values():
        for message in theme.key_messages:
            assert message in kb.cases[message.case_id].key_messages


def test_a_missing_field_names_the_file_and_line(content: Path) -> None:
    path = content / AUDIT
    line = edit(
        path,
        "    summary: >-\n      A school aged young person",
        "    sumary: >-\n      A school aged young person",
    )
    with pytest.raises(ContentError) as caught:
        load_knowledge(content)
    assert caught.value.path == path
    assert "summary" in caught.value.problem or "sumary" in caught.value.problem
    # The report points into the case that lost its summary (its misspelt key or the case).
    assert abs(caught.value.line - line) <= 2, (caught.value.line, line)
    assert str(path) in str(caught.value)


def test_broken_yaml_is_reported_with_its_line(content: Path) -> None:
    path = content / "resources.yml"
    line = edit(path, "    kind: policy\n", "    kind: [policy\n")
    with pytest.raises(ContentError) as caught:
        load_knowledge(content)
    assert caught.value.path == path
    assert "invalid YAML" in caught.value.problem
    assert line <= caught.value.line <= line + 2


def test_an_unknown_theme_id_is_rejected_at_its_line(content: Path) -> None:
    path = content / AUDIT
    line = edit(path, "      - theme: cse_management", "      - theme: cse_managment")
    with pytest.raises(ContentError) as caught:
        load_knowledge(content)
    assert caught.value.path == path and caught.value.line == line
    assert "unknown theme id 'cse_managment'" in caught.value.problem


def test_an_unknown_theme_in_the_situation_map_is_rejected(content: Path) -> None:
    path = content / "situations.yml"
    line = edit(
        path,
        "describe_victim_moved_school: [cse_management]",
        "describe_victim_moved_school: [cse]",
    )
    with pytest.raises(ContentError) as caught:
        load_knowledge(content)
    assert (caught.value.path, caught.value.line) == (path, line)


def test_a_resource_must_give_a_link_or_say_why_not(content: Path) -> None:
    path = content / "resources.yml"
    edit(path, "    link_missing: The audit cites the procedures without a link.\n", "")
    with pytest.raises(ContentError) as caught:
        load_knowledge(content)
    assert "never invent a link" in caught.value.problem


def test_a_misspelt_field_is_not_silently_ignored(content: Path) -> None:
    path = content / "themes.yml"
    line = edit(path, "    description: sharing outcomes", "    descripton: sharing outcomes")
    with pytest.raises(ContentError) as caught:
        load_knowledge(content)
    assert caught.value.line == line and "unknown field" in caught.value.problem


def test_a_second_audit_loads_beside_the_first_without_code_changes(content: Path) -> None:
    shutil.copy(FIXTURES / "second_audit" / "fictional_2019_20.yml", content / "audits")
    kb = load_knowledge(content)
    assert [a.id for a in kb.audits] == ["col_2017_18", "fictional_2019_20"]
    # Themes merge by id: the shared theme accumulates key messages and questions...
    sharing = kb.theme("information_sharing")
    assert [m.audit_id for m in sharing.key_messages][-1] == "fictional_2019_20"
    assert "fx_tell_health_visitor" in [q.id for q in sharing.questions]
    assert len(sharing.key_messages) == 4
    # ...a new theme is added, and both audits' case 1 are kept, newest first when asked for.
    assert kb.theme("neglect").questions[0].id == "fx_neglect_tool"
    assert [c.audit.id for c in kb.cases_numbered(1)] == ["fictional_2019_20", "col_2017_18"]


def test_a_second_audit_may_not_redefine_a_theme(content: Path) -> None:
    fixture = (FIXTURES / "second_audit" / "fictional_2019_20.yml").read_text(encoding="utf-8")
    (content / "audits" / "x.yml").write_text(
        fixture.replace("id: neglect", "id: information_sharing"), encoding="utf-8"
    )
    with pytest.raises(ContentError) as caught:
        load_knowledge(content)
    assert "already defined" in caught.value.problem


def test_a_question_id_is_unique_across_audits(content: Path) -> None:
    fixture = (FIXTURES / "second_audit" / "fictional_2019_20.yml").read_text(encoding="utf-8")
    (content / "audits" / "x.yml").write_text(
        fixture.replace("fx_neglect_tool", "is_contact_csc_when_unclear"), encoding="utf-8"
    )
    with pytest.raises(ContentError) as caught:
        load_knowledge(content)
    assert "is_contact_csc_when_unclear" in caught.value.problem


# An `if_not` naming a signpost by id, in the bundled audit (the 14-space indent is the if_not's).
NAMED = "              resources: [substance_misuse_service]"


def test_an_if_not_naming_an_unknown_resource_is_rejected_at_its_line(content: Path) -> None:
    path = content / AUDIT
    line = edit(path, NAMED, NAMED.replace("substance_misuse_service", "substance_misuse"))
    with pytest.raises(ContentError) as caught:
        load_knowledge(content)
    assert (caught.value.path, caught.value.line) == (path, line)
    assert "unknown resource id 'substance_misuse'" in caught.value.problem


def test_an_if_not_shows_the_resource_phone_from_resources_yml(content: Path, domain) -> None:
    edit(content / "resources.yml", "    phone: 020 8356 7377", "    phone: 020 7946 0000")
    kb = load_knowledge(content)
    question = kb.question("sms_aware_of_remit")
    assert question.if_not_resources == ("substance_misuse_service",)
    shown = next_step(question, domain, kb)
    assert shown.startswith(question.if_not + " Substance Misuse Service (Hackney): ")
    assert "call 020 7946 0000 (Monday – Friday 9.00am – 9.00pm)" in shown
    assert "email yhsms@hackney.gov.uk" in shown and "8356" not in shown


def test_a_plain_text_if_not_is_shown_as_written(kb, domain) -> None:
    question = kb.question("is_contact_csc_when_unclear")
    assert question.if_not_resources == ()
    assert next_step(question, domain, kb) == question.if_not


def test_an_if_not_may_name_a_signpost_without_a_way_to_reach_it(content: Path) -> None:
    """A policy the audit links to without an address can still be named by a next step: the
    next step's words name it, and Reflect sends it as a card (actions/reflection.py)."""
    edit(content / AUDIT, NAMED, NAMED.replace("substance_misuse_service", "escalation_policy"))
    named = [q for t in load_knowledge(content).themes.values() for q in t.questions]
    assert ("escalation_policy",) in [q.if_not_resources for q in named]


def test_an_if_not_may_only_name_a_signpost_that_exists(content: Path) -> None:
    path = content / AUDIT
    line = edit(path, NAMED, NAMED.replace("substance_misuse_service", "no_such_signpost"))
    with pytest.raises(ContentError) as caught:
        load_knowledge(content)
    assert (caught.value.path, caught.value.line) == (path, line)
    assert "unknown resource id 'no_such_signpost'" in caught.value.problem


def test_a_misspelt_key_in_an_if_not_mapping_is_reported_at_its_line(content: Path) -> None:
    path = content / AUDIT
    line = edit(path, NAMED, NAMED.replace("resources:", "resource:"))
    with pytest.raises(ContentError) as caught:
        load_knowledge(content)
    assert caught.value.line == line and "if_not.resource: unknown field" in caught.value.problem


def test_an_if_not_mapping_without_text_names_the_missing_field(content: Path) -> None:
    path = content / AUDIT
    line = edit(
        path,
        "              text: It does, and you can refer to it directly.\n",
        "",
    )
    with pytest.raises(ContentError) as caught:
        load_knowledge(content)
    assert caught.value.path == path and abs(caught.value.line - line) <= 1
    assert "if_not.text: missing field" in caught.value.problem


def test_the_widget_notice_contact_must_be_a_contact_with_a_phone(content: Path) -> None:
    path = content / "safety.yml"
    line = edit(path, "  notice_contact: emergency", "  notice_contact: out_of_hours")
    with pytest.raises(ContentError) as caught:
        load_knowledge(content)
    assert (caught.value.path, caught.value.line) == (path, line)
    assert "no phone" in caught.value.problem
    edit(path, "  notice_contact: out_of_hours", "  notice_contact: police")
    with pytest.raises(ContentError) as caught:
        load_knowledge(content)
    assert "unknown contact id 'police'" in caught.value.problem


def test_each_safety_contact_without_its_number_is_a_gap_named_by_file_and_line(
    content: Path,
) -> None:
    kb = load_knowledge(content)
    path = content / "safety.yml"
    text = path.read_text(encoding="utf-8")
    gaps = {
        c.id: f"{path}:{text[: text.index(f'- id: {c.id}')].count(chr(10)) + 1}"
        for c in kb.safety.contacts
        if c.to_fill
    }
    assert sorted(gaps) == ["childrens_social_care", "lado", "out_of_hours"]
    assert [g.split(": the safety contact")[0] for g in kb.safety_gaps] == list(gaps.values())
    # The designated safeguarding lead is in the practitioner's own agency: no number to miss.
    assert kb.safety.contact("dsl").own_agency and "dsl" not in gaps


def test_every_safety_route_needs_its_contact(content: Path) -> None:
    path = content / "safety.yml"
    edit(path, "    - id: lado\n", "    - id: police\n")
    with pytest.raises(ContentError) as caught:
        load_knowledge(content)
    assert "give one contact for each route" in caught.value.problem


def test_a_partnership_that_fills_in_every_number_has_no_gaps(content: Path) -> None:
    path = content / "safety.yml"
    for route, number in (
        ("LADO's line", "020 7946 0101"),
        ("referral line", "020 7946 0102"),
        ("out-of-hours line", "020 7946 0103"),
    ):
        text = path.read_text(encoding="utf-8")
        line = next(x for x in text.splitlines() if "to_fill:" in x and route in x)
        edit(path, line, f'      phone: "{number}"')
    assert load_knowledge(content).safety_gaps == []


def test_topics_the_audits_do_not_cover_are_found_by_their_names(content: Path) -> None:
    kb = load_knowledge(content)
    assert [t.id for t in kb.uncovered_in("worried about FGM, a trip abroad is planned")] == ["fgm"]
    assert [t.id for t in kb.uncovered_in("dad has a DV history")] == ["domestic_abuse"]
    # a name of two letters counts only in capitals: "da" is not domestic abuse
    assert kb.uncovered_in("mum is da best, the dv was years ago") == []


def test_a_topic_an_audit_names_is_covered_and_left_out(content: Path) -> None:
    edit(
        content / "audits" / "city_of_london_2017_18.yml",
        "No immediate safeguarding concerns were noted",
        "Neglect was the main concern; no immediate safeguarding concerns were noted",
    )
    kb = load_knowledge(content)
    assert "neglect" not in [t.id for t in kb.uncovered]
    assert kb.uncovered_in("neglect case") == []


def test_a_topic_with_an_unknown_signpost_is_rejected_at_its_line(content: Path) -> None:
    line = edit(content / "uncovered.yml", "[escalation_policy]", "[escalation_polcy]")
    with pytest.raises(ContentError) as error:
        load_knowledge(content)
    assert f"uncovered.yml:{line}" in str(error.value) and "escalation_polcy" in str(error.value)


def test_a_term_is_found_in_its_possessive(kb) -> None:
    # a practitioner trial: "what's the LADO's number" got the audit's use of "number"
    assert [e.term for e in kb.terms_in("what's the LADO's number")] == ["LADO"]
