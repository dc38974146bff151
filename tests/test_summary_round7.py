"""Issue 17, a practitioner trial's summary findings: the situation told with a question, a remark
pointing back kept out, next steps that are steps, whole sentences, abbreviations, guessed themes
and the terminal's lists."""

from __future__ import annotations

from rich.console import Console

from bot.core.answers import sentences
from bot.core.summary import summarise, summary_fields
from bot.knowledge import KnowledgeBase
from bot.ops.terminal import render
from bot.web.records import first_sentence, whole_sentences


def said(text: str, intent: str) -> dict:
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}}


def offered(themes: list, reason: str) -> dict:
    custom = {"kind": "theme_suggestion", "themes": themes, "reason": reason}
    return {"event": "bot", "data": {"custom": custom}}


def test_a_situation_told_at_length_then_asked_is_kept_whatever_the_intent(
    kb: KnowledgeBase,
) -> None:
    told = (
        "year 4 girl, always tired, mum works nights and older brother does the school run, "
        "nobody has brought in the school nurse"
    )
    events = [said(f"{told}. is that even a thing at primary?", "ask_signpost")]
    assert summarise(events, kb).situations == [told]


def test_a_remark_pointing_back_at_a_situation_is_no_situation(kb: KnowledgeBase) -> None:
    intent = next(iter(kb.situations))
    first = "girl of 14 sharing images, older lads hanging round the school gates"
    events = [
        said(first, intent),
        said("i meant the cse thing i described, not a supervision", intent),
        said("like i said, the school want to move her", intent),
    ]
    assert summarise(events, kb).situations == [first]


def test_a_next_step_is_its_step_not_the_finding_it_opens_with() -> None:
    step = (
        "The audit found it is often the victim who is made to move schools. Ask the school "
        "what work is planned with the wider cohort."
    )
    assert first_sentence(step) == "Ask the school what work is planned with the wider cohort."
    assert first_sentence("Agree who leads. Then write it down.") == "Agree who leads."
    assert first_sentence("It provides care for children.") == "It provides care for children."


def test_an_answer_is_cut_at_whole_sentences_never_mid_thought() -> None:
    answer = "yes we did agree it at the cp conf i think. btw forgot to say theres an older sibling"
    assert whole_sentences(answer, 160) == answer
    assert whole_sentences(answer, 60) == "yes we did agree it at the cp conf i think…"
    assert whole_sentences("one two three four five", 12) == "one two…"


def test_a_sentence_does_not_end_at_an_abbreviation() -> None:
    text = "work to educate the wider cohort (e.g. the impact of sharing images). Then more. no. ok"
    assert sentences(text) == [
        "work to educate the wider cohort (e.g. the impact of sharing images)",
        "Then more",
        "no",
        "ok",
    ]


def test_a_guessed_theme_left_unpicked_is_no_next_step(kb: KnowledgeBase) -> None:
    guessed, also = list(kb.themes)[:2]
    events = [
        offered([guessed], "after_safety"),
        {"event": "slot", "name": "suggested_themes", "value": [guessed]},
        offered(["discussed", also], "also"),
        {"event": "slot", "name": "suggested_themes", "value": [guessed, also]},
    ]
    fields = summary_fields(summarise(events, kb), kb)
    assert fields["themes_to_look_at"] == [kb.themes[also].title]


def test_the_terminal_ends_a_list_before_the_next_heading() -> None:
    console = Console(width=60, record=True)
    text = "**Your reflections:** 1 answered.\n- Is there a plan? yes\n**Next steps:**\n- Ask."
    render(console, [{"text": text}], "http://127.0.0.1:1")
    lines = [line.rstrip() for line in console.export_text().splitlines() if line.strip()]
    assert lines[2] == "Next steps:"  # not indented under the bullet before it
