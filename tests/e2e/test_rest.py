"""The REST channel end to end: the theme contract, safety first, bad input, history, downloads."""

from __future__ import annotations

import json

import pytest

from tests.e2e.conftest import API_TOKEN, ServedBot, customs, new_sender

pytestmark = pytest.mark.served


def test_a_cross_borough_strategy_meeting_returns_that_key_message(served_bot: ServedBot) -> None:
    reply = served_bot.say(
        new_sender(),
        "We had a strategy meeting about a child who lives in "
        "one borough but goes to school in another",
    )
    [key_message] = customs(reply, "key_message")
    assert key_message["theme"] == "cross_borough_working"
    assert set(key_message) >= {"kind", "theme", "title", "text", "case"}
    assert key_message["case"].startswith("col_2017_18_case_")


def test_the_first_reply_to_a_situation_gives_the_key_message_then_a_question(
    served_bot: ServedBot,
) -> None:
    reply = served_bot.say(
        new_sender(), "mum keeps promising she'll stop drinking but nothing ever changes"
    )
    kinds = [c["kind"] for c in customs(reply)]
    assert kinds[0] == "key_message" and kinds[-1] == "reflective_question"
    key_message, question = (
        customs(reply, "key_message")[0],
        customs(reply, "reflective_question")[0],
    )
    assert key_message["theme"] == question["theme"] == "professional_over_optimism"
    # Rasa sends text (with its buttons) and custom as separate items, in that order.
    assert [b["title"] for b in reply[-2]["buttons"]][:3] == ["Yes", "No", "Not sure"]


def test_a_message_touching_several_themes_offers_the_others(served_bot: ServedBot) -> None:
    reply = served_bot.say(
        new_sender(),
        "The plan has drifted for two years with no outcomes, and "
        "honestly nobody in the network will challenge CSC about it",
    )
    [suggestion] = customs(reply, "theme_suggestion")
    top = customs(reply, "key_message")[0]["theme"]
    assert suggestion["themes"][0] == top and len(suggestion["themes"]) >= 2


def test_immediate_risk_gets_the_safety_message_first(served_bot: ServedBot) -> None:
    reply = served_bot.say(
        new_sender(),
        "a girl in my class has just told me her stepdad hurts "
        "her and she is scared to go home tonight",
    )
    assert "not a referral route" in reply[0]["text"] and "999" in reply[0]["text"]
    assert customs(reply)[0]["kind"] == "safety"


def test_after_the_safety_message_the_practitioner_can_carry_on(served_bot: ServedBot) -> None:
    sender = new_sender()
    served_bot.say(sender, "a 6 year old has been left home alone all night, no adult there")
    reply = served_bot.say(
        sender, "our network never challenges each other, everyone is too friendly"
    )
    assert customs(reply, "key_message")[0]["theme"] == "challenge_escalation"


def test_an_unrelated_message_is_declined_with_no_theme(served_bot: ServedBot) -> None:
    reply = served_bot.say(new_sender(), "can you write me a limerick about my cat")
    assert customs(reply, "out_of_scope") and not customs(reply, "key_message")


@pytest.mark.parametrize(
    "body,problem",
    [
        (b"{not json", "not valid JSON"),
        (b"[1, 2]", "JSON object"),
        (json.dumps({"message": "hi"}).encode(), "conversation id"),
        (json.dumps({"sender": "default", "message": "hi"}).encode(), "UUID"),
        (json.dumps({"sender": "a" * 65, "message": "hi"}).encode(), "longer than"),
        (json.dumps({"sender": "", "message": "hi"}).encode(), "conversation id"),
        (json.dumps({"sender": new_sender(), "message": ["hi"]}).encode(), "must be a string"),
        (b"\xff\xfe\x00", "not valid JSON"),
    ],
)
def test_bad_requests_get_a_400_with_a_clear_error(
    served_bot: ServedBot, body: bytes, problem: str
) -> None:
    status, _, reply = served_bot.request("/webhooks/rest/webhook", body)
    assert status == 400 and problem in json.loads(reply)["error"]


def test_empty_and_oversized_messages_get_a_reply_and_store_nothing(served_bot: ServedBot) -> None:
    sender = new_sender()
    assert "empty" in served_bot.say(sender, "   ")[0]["text"]
    assert "longer than I can take (2000" in served_bot.say(sender, "x" * 2001)[0]["text"]
    status, _, body = served_bot.request(f"/webhooks/reflect/history/{sender}")
    assert status == 200 and json.loads(body)["messages"] == []


def test_odd_unicode_is_handled(served_bot: ServedBot) -> None:
    reply = served_bot.say(
        new_sender(),
        "🙂 Ｍｕｍ ｋｅｅｐｓ ｐｒｏｍｉｓｉｎｇ \u202e ẞ \u0000 to change, nothing changes",
    )
    assert reply and all("text" in m or "custom" in m for m in reply)


def test_history_returns_this_conversation_only_with_button_titles(served_bot: ServedBot) -> None:
    sender, other = new_sender(), new_sender()
    served_bot.say(sender, "nobody told the GP when ELFT closed the case")
    served_bot.say(sender, "/deny")
    served_bot.say(other, "tell me about case 3")
    status, _, body = served_bot.request(f"/webhooks/reflect/history/{sender}")
    messages = json.loads(body)["messages"]
    user_texts = [m["text"] for m in messages if m["from"] == "user"]
    assert user_texts == ["nobody told the GP when ELFT closed the case", "No"]
    assert any((m.get("custom") or {}).get("kind") == "key_message" for m in messages)
    assert not any("Case 3" in (m.get("text") or "") for m in messages)
    assert served_bot.request("/webhooks/reflect/history/not-a-uuid")[0] == 400


def test_the_summary_downloads_as_markdown(served_bot: ServedBot) -> None:
    sender = new_sender()
    served_bot.say(
        sender, "I saw a referral to a specialist service on the system but didn't ask about it"
    )
    served_bot.say(sender, "no, I didn't ask about it at all")
    reply = served_bot.say(sender, "summarise")
    [download] = customs(reply, "summary")
    status, headers, body = served_bot.request(download["downloads"]["md"])
    text = body.decode("utf-8")
    assert status == 200 and headers["Content-Type"].startswith("text/markdown")
    assert "attachment" in headers["Content-Disposition"]
    assert "## Your reflections" in text and "no, I didn't ask about it at all" in text
    assert "Professional Curiosity" in text
    # Issue 20: a conversation never started has no key, so its summary is refused (403), as
    # any conversation's is without its key: the answer does not tell whether it exists.
    assert served_bot.request(f"/webhooks/reflect/summary/{new_sender()}.md")[0] == 403
    assert served_bot.request(f"/webhooks/reflect/summary/{sender}.html")[0] == 404


def test_the_http_api_needs_the_token(served_bot: ServedBot) -> None:
    assert served_bot.request("/status")[0] == 401
    assert served_bot.request(f"/status?token={API_TOKEN}")[0] == 200


def test_cors_allows_configured_origins_only(served_bot: ServedBot) -> None:
    origin = f"http://localhost:{served_bot.demo_port}"
    _, allowed, _ = served_bot.request("/webhooks/rest/", headers={"Origin": origin})
    _, refused, _ = served_bot.request("/webhooks/rest/", headers={"Origin": "http://evil.example"})
    assert allowed.get("Access-Control-Allow-Origin") == origin
    assert "Access-Control-Allow-Origin" not in refused


def test_restart_starts_over_in_the_middle_of_a_question_loop(served_bot: ServedBot) -> None:
    sender = new_sender()
    first = served_bot.say(sender, "mum keeps telling us she will engage this time")
    assert customs(first, "reflective_question")
    asked = served_bot.say(sender, "let's start again from the beginning")
    assert customs(asked, "start_over_confirm")  # nothing is cleared before it is confirmed
    restarted = served_bot.say(sender, "/restart")  # its "Yes, start again" button
    assert "I'm Reflect" in restarted[0]["text"]  # greeted as a new session
    assert not customs(restarted)  # no question pending any more
    summary = served_bot.say(sender, "summarise")
    assert "Professional Over-Optimism" not in summary[0]["text"]  # the old session is gone
