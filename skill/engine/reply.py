"""What the engine says: prompt ids and their values, and timed pauses; never SSML.

A :class:`Reply` is what one turn answers. :func:`text` fills one prompt from
``content/prompts.yaml`` as plain words; :mod:`skill.speech` turns a reply into SSML.
"""

from collections.abc import Iterable, Mapping, Sequence
from typing import Literal, NamedTuple

Value = str | int
Prompts = Mapping[str, tuple[str, ...]]

WORDS_PER_MINUTE = 150  # how fast Alexa talks, for timing answers (espeak-ng at its default)


class Say(NamedTuple):
    """A prompt id and the values that fill its placeholders."""

    id: str
    values: tuple[tuple[str, Value], ...] = ()
    variant: int = 0  # which phrasing of the prompt's pool

    def value(self, key: str) -> Value | None:
        return dict(self.values).get(key)


class Pause(NamedTuple):
    """Silence while the person moves or holds, in whole seconds (any length: speech
    splits it into Alexa's 10 s breaks)."""

    seconds: int


Part = Say | Pause


def say(prompt_id: str, **values: Value) -> Say:
    return Say(prompt_id, tuple(sorted(values.items())))


class Screen(NamedTuple):
    """What a device with a screen shows with a reply: plain data, drawn by skill.display."""

    kind: Literal["step", "explain"]
    routine: str  # display names
    exercise: str
    number: int  # exercise number in the routine (0 for an explanation outside one)
    total: int
    step: int  # the part of the exercise's set, from 1
    steps: int
    parts: tuple[Part, ...]  # the words on the screen: the steps of the exercise
    equipment: str | None = None  # spoken name, "a chair"


class Card(NamedTuple):
    """A card for the Alexa app: a title and plain words."""

    title: str
    parts: tuple[Part, ...]


REMINDERS_PERMISSION = "alexa::alerts:reminders:skill:readwrite"


class Reply(NamedTuple):
    speech: tuple[Part, ...]
    reprompt: tuple[Part, ...] = ()
    end_session: bool = False
    # Spoken instead of ``speech`` when the user's profile could not be saved, so the
    # skill never claims to have saved a place it did not save.
    unsaved_speech: tuple[Part, ...] | None = None
    repeatable: bool = True  # False for replies that "repeat" must not replace
    varied: bool = False  # True once phrasings are chosen (a repeat keeps them)
    screen: Screen | None = None
    card: Card | None = None
    consent: tuple[str, ...] = ()  # permissions to ask for with a consent card
    # Delete the person's stored record (then ``unsaved_speech`` is said if that fails).
    erase: bool = False


# Prompts that say something was kept for next time. A reply that says one is never
# spoken as it is when the profile was not saved (the store could not be read or written):
# its ``unsaved_speech`` is said instead (see :func:`unclaimed`).
SAVE_CLAIMS = frozenset({"goodbye_saved", "paused", "place_saved", "remembered"})


def _claims(part: Part) -> bool:
    return isinstance(part, Say) and part.id in SAVE_CLAIMS


def unclaimed(reply: Reply) -> Reply:
    """``reply``, with an ``unsaved_speech`` when its speech claims a save and it has none
    of its own: the same speech without the claim ("I've saved your place" and "I'll
    remember that for next time" are left out)."""
    if reply.unsaved_speech is not None or not any(map(_claims, reply.speech)):
        return reply
    return reply._replace(unsaved_speech=tuple(p for p in reply.speech if not _claims(p)))


class _Values(dict[str, object]):
    def __missing__(self, key: str) -> str:  # a missing value is silence, never a crash
        return ""


def text(prompts: Prompts, part: Say) -> str:
    """The plain words of one prompt, its placeholders filled."""
    pool = prompts.get(part.id)
    if not pool:
        return ""
    template = pool[part.variant % len(pool)]
    words = template.format_map(_Values(part.values))  # the content allows only {plain_names}
    return words[:1].upper() + words[1:]  # "{name} is ..." starts a sentence


def plain_text(parts: Iterable[Part], prompts: Prompts) -> str:
    """The words alone, for cards, screens and logs: no SSML, no pauses."""
    words = (text(prompts, p) for p in parts if isinstance(p, Say))
    return " ".join(" ".join(w.split()) for w in words if w.strip())


def talk_seconds(words: str) -> float:
    """How long some words take to say, roughly."""
    return len(words.split()) * 60 / WORDS_PER_MINUTE


def seconds(parts: Iterable[Part], prompts: Prompts) -> float:
    """How long parts take to hear: the talk, roughly, and every pause."""
    total = 0.0
    for part in parts:
        total += part.seconds if isinstance(part, Pause) else talk_seconds(text(prompts, part))
    return total


def spoken_list(items: Sequence[str], conjunction: str = "and") -> str:
    """"a", "a and b", "a, b, and c"."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return f"{items[0]} {conjunction} {items[1]}"
    return ", ".join(items[:-1]) + f", {conjunction} {items[-1]}"


def clock_words(hour: int, minute: int) -> str:
    """8, 0 -> "8 am"; 18, 30 -> "6:30 pm"; 0, 0 -> "midnight"; 12, 0 -> "noon"."""
    if (hour, minute) == (0, 0):
        return "midnight"
    if (hour, minute) == (12, 0):
        return "noon"
    suffix = "am" if hour < 12 else "pm"
    shown = hour % 12 or 12
    return f"{shown} {suffix}" if minute == 0 else f"{shown}:{minute:02d} {suffix}"


def minutes_words(total_seconds: float) -> str:
    """A duration as a person says it: "about a minute", "about 6 minutes"."""
    minutes = round(total_seconds / 60)
    if minutes <= 1:
        return "about a minute" if total_seconds >= 40 else "less than a minute"
    return f"about {minutes} minutes"


def stretches(parts: Iterable[Part], prompts: Prompts, min_pause: int = 1) -> list[str]:
    """The stretches of talk between pauses of ``min_pause`` seconds or more: what a
    listener hears in one breath."""
    out: list[list[str]] = [[]]
    for part in parts:
        if isinstance(part, Pause):
            if part.seconds >= min_pause and out[-1]:
                out.append([])
            continue
        words = text(prompts, part).strip()
        if words:
            out[-1].append(words)
    return [" ".join(words) for words in out if words]
