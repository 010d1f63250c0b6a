"""Every phrase the README and the skill itself tell people to say is understood.

The phrases are read at test time, not copied here: from README.md the italic phrases
(the "Things you can say" paragraph and the ones after it), the quoted examples after
"say", and the lines of the sample session (``you> ...``); from content/prompts.yaml
every "say X" or "say X, Y, or Z" instruction in any prompt text, however that file is
laid out. Each must be understood by the en-US matcher as some intent other than
AMAZON.FallbackIntent (a line that names the skill must open it); where the README
makes the intent obvious, it must be that intent.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from skill import intents
from skill.sim.matcher import FALLBACK, Matcher, matcher_for_locale
from skill.text import normalize

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
PROMPTS = ROOT / "content" / "prompts.yaml"

# What the README's phrases obviously mean. Only phrases the README says are checked;
# a phrase not here need only be understood as something.
OBVIOUS = {
    "next": intents.NEXT, "go back": intents.PREVIOUS, "repeat that": intents.REPEAT,
    "skip this one": intents.SKIP_EXERCISE, "start over": intents.START_OVER,
    "pause": intents.PAUSE, "where am i": intents.WHERE_AM_I,
    "how many are left": intents.HOW_MANY_LEFT, "how do i do bird dog": intents.HOW_TO,
    "walk me through childs pose": intents.HOW_TO, "whats that good for": intents.WHY,
    "what do i need": intents.EQUIPMENT, "what exercises are there": intents.LIST_EXERCISES,
    "what routines are there": intents.LIST_ROUTINES, "start the desk break": intents.START_ROUTINE,
    "this hurts": intents.HURT, "read the disclaimer": intents.DISCLAIMER,
    "slower": intents.SLOWER, "faster": intents.FASTER, "normal pace": intents.NORMAL_PACE,
    "that was too easy": intents.TOO_EASY, "that was too hard": intents.TOO_HARD,
    "how am i doing": intents.HOW_AM_I_DOING, "help": intents.HELP, "stop": intents.STOP,
    "remind me every day at 8 am": intents.REMINDER, "about a three": intents.PAIN_RATING,
    "how do i do kids pose": intents.HOW_TO, "skip to bird dog": intents.JUMP_TO, "wait": intents.WAIT,
    "how many reps": intents.HOW_MANY_REPS, "how long do i hold it": intents.HOW_LONG_HOLD,
    "which side": intents.WHICH_SIDE, "whats next": intents.WHICH_EXERCISE, "whats this one for": intents.WHY,
    "i dont have a band": intents.NO_EQUIPMENT, "can i do this in bed": intents.IN_BED, "it hurts": intents.HURT,
    "i feel dizzy": intents.DIZZY, "what are the warning signs": intents.WARNING_SIGNS,
    "im tired": intents.TIRED, "yes": intents.YES, "alexa how do i do this": intents.HOW_TO,
    "alexa stop": intents.STOP,
}

# ---------------------------------------------------------------------------- README


def _prose(markdown: str) -> str:
    """The README without its code (fenced blocks and `inline`), on one line."""
    text = re.sub(r"```.*?```", " ", markdown, flags=re.S)
    return " ".join(re.sub(r"`[^`]*`", " ", text).split())


def readme_phrases(markdown: str) -> list[str]:
    prose = _prose(markdown)
    italic = re.findall(r"(?<![*\w])\*(?!\*)([^*]+?)\*(?![*\w])", prose)
    quoted = re.findall(r"\bsay,? \"([^\"]+)\"", prose, flags=re.I)
    session = re.findall(r"^you> (.+)$", markdown, flags=re.M)
    return _unique([*italic, *quoted, *session])


# --------------------------------------------------------------------------- prompts

# Where an instruction stops being the phrase: "say next when you're ready", "say yes
# to start", "say how do I do this for the full steps", "say yes if it has passed".
_PURPOSE = re.compile(
    r"\s+(?:when|once|if|while|because|so that|for (?:the full|a full|more|all|\{)|"
    r"to (?:go|do|carry|hear|skip|start|pick|finish|stop|continue|get|keep|move|repeat|leave|"
    r"end|begin|try|set|change|switch|stay|rest|come|return|learn|find|see|know|choose|rate|delete)\b)"
    r".*$",
    flags=re.I,
)
# Parts of a list that describe what to say rather than say it, or say something else.
_NOT_A_PHRASE = re.compile(
    r"^(?:a|an|any|one of|the name|the number|your|where|which|who|like|ask|for example|e\.g\.?)\b",
    flags=re.I,
)
_EXAMPLES = {"name": "bird dog", "exercise": "bird dog", "routine": "desk break"}


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def say_instructions(text: str) -> list[str]:
    """The phrases a prompt tells people to say: "Say next when you're ready, or stop to
    finish." -> ["next", "stop"]."""
    phrases = []
    for found in re.finditer(r"(?<!\bto )(?<!\bI )(?<!\bwould )\bsay\b,?\s+(.+?)(?:[.?!](?:\s|$)|$)", text, flags=re.I):
        clause = found.group(1).strip().strip("\"'")
        if re.match(r"alexa\b", clause, flags=re.I):  # "say, Alexa, resume my back routine"
            phrases.append(clause)
            continue
        for part in re.split(r",\s*(?:or\s+)?|\s+or\s+", clause):
            part = re.sub(r"^(?:say|or)\s+", "", part.strip(), flags=re.I)
            part = _PURPOSE.sub("", part).strip().strip("\"'")
            if not part or _NOT_A_PHRASE.match(part):
                continue
            holes = re.findall(r"\{(\w+)\}", part)
            if any(hole not in _EXAMPLES for hole in holes):
                continue
            phrases.append(re.sub(r"\{(\w+)\}", lambda m: _EXAMPLES[m.group(1)], part))
    return phrases


def prompt_phrases(data: Any) -> list[str]:
    return _unique(p for text in _strings(data) for p in say_instructions(text))


def _unique(phrases: Any) -> list[str]:
    seen: dict[str, str] = {}
    for phrase in phrases:
        seen.setdefault(normalize(phrase), phrase.strip())
    return [p for key, p in seen.items() if key]


# ----------------------------------------------------------------------------- tests

READ_ME = readme_phrases(README.read_text(encoding="utf-8"))
PROMPTED = prompt_phrases(yaml.safe_load(PROMPTS.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return matcher_for_locale("en-US")


def _understood(matcher: Matcher, phrase: str) -> str:
    """The intent a phrase means, or "launch"/"resume" for one that opens the skill."""
    invocation = matcher.invocation(phrase)
    if invocation is not None:
        if invocation.kind != "one-shot":
            return invocation.kind
        phrase = invocation.rest
    return matcher.match(phrase).intent


@pytest.mark.parametrize("phrase", READ_ME)
def test_readme_phrases_are_understood(matcher, phrase):
    got = _understood(matcher, phrase)
    assert got != FALLBACK, f"README says '{phrase}', and the skill would not understand it"
    wanted = OBVIOUS.get(normalize(phrase))
    if wanted is not None:
        assert got == wanted, f"README's '{phrase}' is {got}, not {wanted}"
    for slot in matcher.match(phrase).slots.values():
        assert slot.matched or slot.builtin and slot.value != "?", (phrase, slot)


@pytest.mark.parametrize("phrase", PROMPTED)
def test_what_the_skill_tells_people_to_say_is_understood(matcher, phrase):
    got = _understood(matcher, phrase)
    assert got != FALLBACK, f"a prompt says 'say {phrase}', and the skill would not understand it"


def test_the_phrases_are_found():
    """The extractors still find what they are for (a README or prompts rewrite that
    they no longer read would otherwise pass silently)."""
    assert len(READ_ME) >= 20, READ_ME
    assert {"next", "go back", "how do i do bird dog"} <= {normalize(p) for p in READ_ME}
    assert len(PROMPTED) >= 5, PROMPTED


@pytest.mark.parametrize(
    ("text", "phrases"),
    [
        ("Say next when you're ready, or stop to finish.", ["next", "stop"]),
        ("You can say next, repeat, go back, or skip this one.", ["next", "repeat", "go back", "skip this one"]),
        ("Which exercise? For example, say how do I do child's pose.", ["how do I do child's pose"]),
        ("You know this one: say how do I do this for the full steps.", ["how do I do this"]),
        ("Say yes to pick up at {name}, or no to start from the top.", ["yes", "no"]),
        ("Say the name of the exercise you meant, or say what exercises are there to hear them all.",
         ["what exercises are there"]),
        ("Say a number from zero to ten, where zero is no pain. Or say skip.", ["skip"]),
        ("Say start my back routine, start the desk break, or ask how to do an exercise, like child's pose.",
         ["start my back routine", "start the desk break"]),
        ("When you're ready, say, Alexa, resume my back routine.", ["Alexa, resume my back routine"]),
        ("When you're done, say next for {name}.", ["next"]),
        ("Say how do I do {name}.", ["how do I do bird dog"]),
        ("Nothing to say here", []),
    ],
)
def test_say_instructions_are_read_as_people_would_read_them(text, phrases):
    assert say_instructions(text) == phrases


def test_readme_phrases_are_read_from_italics_quotes_and_chat_blocks():
    text = ("Intro. Things you can say: *next*, *go\nback*, and **bold** is not italic.\n\n"
            "Then say \"Alexa, open my back routine\".\n```\nyou> how am I doing\n*a*\n```\n")
    assert readme_phrases(text) == ["next", "go back", "Alexa, open my back routine", "how am I doing"]
