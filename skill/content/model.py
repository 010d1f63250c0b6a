"""The content's types: each record's fields, declared once.

The records are named tuples: read-only, compared field by field. A field's type says
what the skill reads; its :class:`Limit` (in ``Annotated``) and its default say what a
content file may hold: :mod:`skill.content.schema` derives its pydantic models from these
records, and :mod:`skill.content.load` builds them from the validated data. A field with a
default may be left out of the YAML. Standard library only: the skill imports this on
every cold start.
"""

from collections.abc import Callable, Iterable, Mapping
from typing import Annotated, Any, Generic, Literal, NamedTuple, TypeVar

from skill.text import ID_PATTERN, normalize

Side = Literal["left", "right"]


class ContentError(Exception):
    """Content failed to load; the message names the file, the entry and the field."""


class Limit(NamedTuple):
    """What a content file may hold in a field: for a number its lowest and highest value,
    for text or a list its fewest and most characters or items; for text, a pattern."""

    low: int | None = None
    high: int | None = None
    pattern: str | None = None


Id = Annotated[str, Limit(pattern=ID_PATTERN)]
Name = Annotated[str, Limit(2, 60)]
Sentence = Annotated[str, Limit(2, 400)]


class Range(NamedTuple):
    low: Annotated[int, Limit(1, 120)]
    high: Annotated[int, Limit(1, 120)]


class Dose(NamedTuple):
    """A beginner dose: reps, a hold in seconds, or both; maybe once per side."""

    reps: Annotated[int, Limit(1, 30)] | None = None
    hold_seconds: Annotated[int, Limit(1, 60)] | None = None
    per_side: bool = False
    reps_range: Range | None = None
    hold_range: Range | None = None
    alternate: bool = False  # per side, the sides taking turns rep by rep


class Step(NamedTuple):
    """One action. ``{side}`` and ``{other_side}`` name the sides; ``seconds`` is how long
    it takes, for the pause after it (0: not given; a step that holds takes the dose's hold)."""

    say: Sentence
    hold: bool = False
    seconds: Annotated[int, Limit(1, 10)] = 0


class Sides(NamedTuple):
    part: Annotated[str, Limit(2, 30)]  # "leg": "Now your left leg."
    first: Side = "right"

    @property
    def order(self) -> tuple[Side, Side]:
        return (self.first, "left" if self.first == "right" else "right")


class Variation(NamedTuple):
    label: Name  # "arm only"
    say: Sentence  # how to do it, one or two short sentences


class Exercise(NamedTuple):
    id: Id
    name: Name  # display name
    spoken_name: Name
    posture: Literal["seated", "standing", "floor"]
    start: Sentence  # the starting position, the first time
    cue: Step  # the short form of the start (and, for a stretch, of the movement)
    why: Sentence
    steps: Annotated[tuple[Step, ...], Limit(1, 8)]  # one slow demonstration rep, or the stretch itself
    safety: Sentence  # the key cue, said while the set is done
    dose: Dose
    easier: Variation
    harder: Variation
    synonyms: tuple[Name, ...] = ()
    equipment: Id | None = None  # an id in equipment.yaml
    in_bed: bool = False  # fine on a bed (seated, or lying still)
    lead: Annotated[tuple[Step, ...], Limit(high=6)] = ()  # one rep as it is led, beat by beat (none for a stretch)
    finish: Sentence | None = None
    tips: tuple[Sentence, ...] = ()
    sides: Sides | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, self.spoken_name, *self.synonyms)


# What leading a set of an exercise says, from the start to the finish: sentences, steps
# (their ``say``) and tuples of steps. The one list of those fields.
SET_FIELDS = ("start", "cue", "steps", "lead", "safety", "finish")


def _sentences(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if hasattr(value, "say"):  # a Step, or its pydantic model
        return (value.say,)
    return tuple(text for item in value for text in _sentences(item))  # type: ignore[attr-defined]


def set_words(exercise: object) -> tuple[str, ...]:
    """What leading a set of ``exercise`` says (:data:`SET_FIELDS`; an :class:`Exercise`,
    or its pydantic model while the content is validated)."""
    return tuple(text for name in SET_FIELDS for text in _sentences(getattr(exercise, name)))


def rewrite_set_words(exercise: Exercise, change: Callable[[str], str]) -> Exercise:
    """``exercise`` with ``change`` applied to every sentence of :func:`set_words`."""
    def rewrite(value: Any) -> Any:
        if value is None or isinstance(value, str):
            return value and change(value)
        if isinstance(value, Step):
            return value._replace(say=change(value.say))
        return tuple(map(rewrite, value))

    return exercise._replace(**{name: rewrite(getattr(exercise, name)) for name in SET_FIELDS})


class Routine(NamedTuple):
    id: Id
    name: Name
    spoken_name: Name
    description: Sentence
    exercises: Annotated[tuple[Id, ...], Limit(1, 20)]
    synonyms: tuple[Name, ...] = ()
    default: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, self.spoken_name, *self.synonyms)


class Equipment(NamedTuple):
    id: Id
    name: Name
    spoken_name: Name  # "a resistance band"
    substitute: Sentence  # what to use instead
    synonyms: tuple[Name, ...] = ()
    # How the exercises' steps name it ("band"), and the word said there instead while the
    # person has none ("towel"): "Stand tall holding the towel in both hands".
    word: Annotated[str, Limit(2, 30, r"[a-z]+")] | None = None
    stand_in: Annotated[str, Limit(2, 30, r"[a-z]+")] | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, self.spoken_name, *self.synonyms)


Words = Annotated[tuple[Annotated[str, Limit(2, 40)], ...], Limit(1)]


class Symptoms(NamedTuple):
    """Words that describe a symptom, by what the skill does about it. Words heard where a
    name belongs that name nothing ("I've got a sharp pain", taken for a piece of
    equipment) are taken for the symptom they hold, red flags first."""

    red_flag: Words
    dizzy: Words
    hurt: Words


class Safety(NamedTuple):
    disclaimer: Annotated[tuple[Sentence, ...], Limit(1)]
    red_flags: Annotated[tuple[Annotated[str, Limit(2, 120)], ...], Limit(3)]
    symptoms: Symptoms


Named = TypeVar("Named", Exercise, Routine, Equipment)


# Words said around a name that are not part of it: "the bird dog thing", "that towel one",
# "the floor one". Names are compared without them on both sides ("floor routine" is "floor").
_BEFORE_NAME = frozenset(("the", "a", "an", "that", "this", "my"))
_AFTER_NAME = frozenset(("thing", "things", "one", "ones", "exercise", "move"))
# Words that take back what was said before them: "the floor one, no wait, the desk break".
_TAKEN_BACK = (" no wait ", " wait no ", " i mean ", " or rather ", " sorry ")


def name_core(name: str) -> str:
    """A name without the words said around it: "the bird dog thing" -> "bird dog"."""
    words = normalize(name).split()
    while words and words[0] in _BEFORE_NAME:
        words.pop(0)
    while len(words) > 1 and words[-1] in _AFTER_NAME:
        words.pop()
    return " ".join(words)


Entry = TypeVar("Entry", bound=Exercise | Routine | Equipment)


class Catalog(dict[str, Entry], Generic[Entry]):
    """The exercises, the routines or the equipment, by id in the content's order, with
    their names indexed as people say them (see :func:`find`): built once, with the
    content, so a turn that names something looks it up rather than reading every name
    again. Built whole and never changed after."""

    def __init__(self, entries: Iterable[Entry] = ()) -> None:
        super().__init__((entry.id, entry) for entry in entries)
        self.said: dict[str, Entry] = {}  # a name, normalized -> the first entry with it
        self.cores: dict[str, Entry] = {}  # a name without the words around it -> the first entry
        self.starts: dict[str, set[str]] = {}  # a core's first words -> the ids of every entry it starts
        for entry in self.values():
            for name in entry.names:
                self.said.setdefault(normalize(name), entry)
                core = name_core(name)
                self.cores.setdefault(core, entry)
                words = core.split()
                for end in range(1, len(words)):
                    self.starts.setdefault(" ".join(words[:end]), set()).add(entry.id)


class Content(NamedTuple):
    """Everything the skill says and does, validated and cross-checked."""

    exercises: Catalog[Exercise]  # in the seed's order
    routines: Catalog[Routine]  # in the file's order
    equipment: Catalog[Equipment]
    safety: Safety
    prompts: Mapping[str, tuple[str, ...]]  # every prompt as a pool of one or more phrasings
    version: str  # a short hash of the files: changes when any content changes

    @property
    def default_routine(self) -> Routine:
        return next(r for r in self.routines.values() if r.default)


def find(entries: Catalog[Named], name: str | None, loose: bool = True) -> Named | None:
    """The exercise, routine or piece of equipment with this id, name or synonym, or None:
    ``find(content.exercises, "cat cow")``; also with words said around the name ("the bird
    dog thing"). With ``loose``, a name's first words alone find it too when only one
    entry fits ("the towel one" is "towel hip hinge", "the floor one" is "floor routine"), and
    a name followed by other words is that name ("a resistance band, what do I do", "the
    seated cat cow in my chair"): the longest whole name the words start with; and a name taken
    back is not meant ("the floor one, no wait, the desk break" is the desk break)."""
    if not name:
        return None
    if name in entries:
        return entries[name]
    exact = entries.said.get(normalize(name))
    core = name_core(name)
    if exact is not None or not core:
        return exact
    said = entries.cores.get(core)
    if said is not None or not loose:
        return said
    fits = entries.starts.get(core, set())
    if fits:
        return entries[next(iter(fits))] if len(fits) == 1 else None
    for words_back in _TAKEN_BACK:  # a name taken back: what was said last is meant
        before, _, after = f" {core} ".rpartition(words_back)
        if before and after.strip():
            return find(entries, after, loose)
    words = core.split()
    for end in range(len(words) - 1, 0, -1):  # a name, then words after it: "the towel handy"
        said = entries.cores.get(name_core(" ".join(words[:end])))
        if said is not None:
            return said
    return None


def named(content: Content, name: str | None) -> Exercise | Routine | None:
    """The exercise or routine a name means ("skip to the floor one" means a routine): a name
    said in full first, then one said loosely; None when it fits neither, or both kinds."""
    for loose in (False, True):
        fits = [x for x in (find(content.exercises, name, loose), find(content.routines, name, loose)) if x is not None]
        if fits:
            return fits[0] if len(fits) == 1 else None
    return None
