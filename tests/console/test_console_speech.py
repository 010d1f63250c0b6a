"""SSML into what the console's page plays, and the screen out of a response."""

from __future__ import annotations

import pytest

from skill.console.speech import buttons, screen, segments, speaking_ms, ssml_segments
from skill.display import document


def test_breaks_become_pauses_between_words() -> None:
    ssml = '<speak>Hold it. <break time="5s"/> And 2, lift. <break time="1500ms"/> Done.</speak>'
    assert ssml_segments(ssml) == [
        {"text": "Hold it.", "ms": speaking_ms("Hold it.")},
        {"pause_ms": 5000},
        {"text": "And 2, lift.", "ms": speaking_ms("And 2, lift.")},
        {"pause_ms": 1500},
        {"text": "Done.", "ms": speaking_ms("Done.")},
    ]


def test_breaks_side_by_side_add_up_and_are_kept_at_the_edges() -> None:
    ssml = '<speak><break time="1s"/>Go. <break time="1s"/><break time="2s"/> On. <break time="3s"/></speak>'
    assert [s.get("pause_ms") for s in ssml_segments(ssml)] == [1000, None, 3000, None, 3000]


@pytest.mark.parametrize(("attrs", "ms"), [
    ('strength="none"', 0), ('strength="x-weak"', 0), ('strength="medium"', 350),
    ('strength="strong"', 700), ('strength="x-strong"', 1000), ("", 350), ('time="0.5s"', 500),
    ('time="250ms"', 250), ('time="bogus"', 350),
])
def test_break_lengths(attrs: str, ms: int) -> None:
    found = ssml_segments(f"<speak>a <break {attrs}/> b</speak>")
    assert [s.get("pause_ms", 0) for s in found if "pause_ms" in s] == ([ms] if ms else [])


def test_other_tags_are_read_as_spoken() -> None:
    ssml = ('<speak><p>One.</p><s>Two</s><sub alias="physical therapist">PT</sub> says '
            '<amazon:effect name="whispered">quietly</amazon:effect> <say-as interpret-as="digits">12</say-as>'
            '&amp; more<audio src="https://x/y.mp3"/></speak>')
    found = ssml_segments(ssml)
    words = " ".join(s["text"] for s in found if "text" in s)
    assert words == "One. Two physical therapist says quietly 12 & more [audio]"
    assert [s.get("pause_ms") for s in found] == [None, 1000, None, 700, None]  # boundaries do not add up


def test_plain_text_and_broken_ssml_still_speak() -> None:
    assert segments({"type": "PlainText", "text": "  Hi   there. "}) == [{"text": "Hi there.", "ms": 800}]
    assert segments({"type": "SSML", "ssml": "<speak>Oops <break time='1s'> no end"}) == [
        {"text": "Oops [pause 1 s] no end", "ms": speaking_ms("Oops [pause 1 s] no end")}]
    assert segments(None) == [] and segments({"type": "SSML"}) == []


def test_words_take_their_time_at_150_a_minute() -> None:
    assert speaking_ms("one two three four five") == 2000


def test_the_buttons_come_from_the_document() -> None:
    assert buttons(document()) == [
        {"id": "back", "label": "Back", "arguments": ["back"]},
        {"id": "repeat", "label": "Repeat", "arguments": ["repeat"]},
        {"id": "next", "label": "Next", "arguments": ["next"]},
    ]


def test_a_plain_touch_wrapper_and_a_layout_that_uses_itself() -> None:
    doc = {
        "layouts": {"Loop": {"parameters": ["x"], "item": {"type": "Loop", "x": "${x}"}}},
        "mainTemplate": {"items": [
            {"type": "TouchWrapper", "id": "go", "onPress": {"type": "SendEvent", "arguments": ["go", 2]},
             "item": {"type": "Text", "text": "Go"}},
            {"type": "Loop", "x": 1},
        ]},
    }
    assert buttons(doc) == [{"id": "go", "label": "Go", "arguments": ["go", 2]}]


def test_the_screen_is_the_last_render_document() -> None:
    directive = {"type": "Alexa.Presentation.APL.RenderDocument", "token": "t", "document": document(),
                 "datasources": {"payload": {"screen": {"exercise": "Bird Dog"}}}}
    response = {"response": {"directives": [{"type": "Other"}, directive]}}
    shown = screen(response)
    assert shown is not None
    assert shown["token"] == "t" and shown["datasource"] == {"screen": {"exercise": "Bird Dog"}}
    assert len(shown["buttons"]) == 3
    assert screen({"response": {}}) is None and screen(None) is None
