"""The content schema: every content file parsed with PyYAML and checked with pydantic.

This is the full validation behind :func:`skill.content.load_content`. It runs when the
YAML no longer matches the committed snapshot (``content/compiled.json``), for
``back-routine validate``, and when the snapshot is made; a skill whose content matches
its snapshot never imports pydantic or PyYAML. A malformed or inconsistent file raises
:class:`~skill.content.ContentError` whose message names the file, the entry and the
field. :func:`validate` returns the content as plain data (lists, dicts, strings,
numbers): what the snapshot stores and what :func:`skill.content.build` reads.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from skill.content import ContentError
from skill.text import ID_PATTERN, normalize

Id = Annotated[str, Field(pattern=ID_PATTERN)]
Sentence = Annotated[str, Field(min_length=2, max_length=400)]
Side = Literal["left", "right"]
# libyaml's parser when PyYAML was built with it (it is in the manylinux wheels): the same
# safe constructor, about ten times faster than the pure-Python parser.
_SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Range(_Model):
    low: int = Field(ge=1, le=120)
    high: int = Field(ge=1, le=120)

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if self.low > self.high:
            raise ValueError(f"low ({self.low}) is above high ({self.high})")
        return self


class Dose(_Model):
    """A beginner dose: reps, a hold in seconds, or both; maybe once per side."""

    reps: int | None = Field(default=None, ge=1, le=30)
    hold_seconds: int | None = Field(default=None, ge=1, le=60)
    per_side: bool = False
    reps_range: Range | None = None
    hold_range: Range | None = None
    alternate: bool = False  # per side, the sides taking turns rep by rep

    @model_validator(mode="after")
    def _consistent(self) -> Dose:
        if self.reps is None and self.hold_seconds is None:
            raise ValueError("a dose needs reps, hold_seconds, or both")
        if self.reps is not None and self.reps_range is not None:
            if not self.reps_range.low <= self.reps <= self.reps_range.high:
                raise ValueError(f"reps {self.reps} is outside reps_range")
        if self.hold_seconds is not None and self.hold_range is not None:
            if not self.hold_range.low <= self.hold_seconds <= self.hold_range.high:
                raise ValueError(f"hold_seconds {self.hold_seconds} is outside hold_range")
        if self.hold_range is not None and self.hold_seconds is None:
            raise ValueError("hold_range is given without hold_seconds")
        if self.reps_range is not None and self.reps is None:
            raise ValueError("reps_range is given without reps")
        if self.alternate and not (self.per_side and self.reps):
            raise ValueError("alternate needs per_side and reps")
        return self


class Step(_Model):
    """One action. ``{side}`` and ``{other_side}`` name the sides. ``seconds``: how long
    it takes, for the pause after it (a step that holds takes the dose's hold)."""

    say: Sentence
    hold: bool = False
    seconds: int | None = Field(default=None, ge=1, le=10)

    @model_validator(mode="after")
    def _timed(self) -> Step:
        if self.hold and self.seconds is not None:
            raise ValueError("a step that holds takes the dose's hold_seconds: leave out 'seconds'")
        return self

    @field_validator("say")
    @classmethod
    def _placeholders(cls, value: str) -> str:
        try:
            fields = [f for _, f, _, _ in string.Formatter().parse(value) if f is not None]
        except ValueError as exc:
            raise ValueError(f"malformed placeholder: {exc}") from None
        unknown = set(fields) - {"side", "other_side"}
        if unknown:
            raise ValueError(f"unknown placeholder(s) {sorted(unknown)}; use {{side}} or {{other_side}}")
        return value


class Sides(_Model):
    first: Side = "right"
    part: Annotated[str, Field(min_length=2, max_length=30)]  # "leg": "Now your left leg."


class Variation(_Model):
    label: Annotated[str, Field(min_length=2, max_length=60)]  # "arm only"
    say: Sentence  # how to do it, one or two short sentences


class Exercise(_Model):
    id: Id
    name: Annotated[str, Field(min_length=2, max_length=60)]  # display name
    spoken_name: Annotated[str, Field(min_length=2, max_length=60)]
    synonyms: tuple[Annotated[str, Field(min_length=2, max_length=60)], ...] = ()
    posture: Literal["seated", "standing", "floor"]
    equipment: Id | None = None  # an id in equipment.yaml
    in_bed: bool = False  # fine on a bed
    start: Sentence  # the starting position, the first time
    cue: Step  # the short start (and, for a stretch, the movement) for people who know it
    why: Sentence
    steps: tuple[Step, ...] = Field(min_length=1, max_length=8)  # one slow rep, or the stretch
    lead: tuple[Step, ...] = Field(default=(), max_length=6)  # one rep as it is led
    finish: Sentence | None = None
    safety: Sentence  # the key cue, said while the set is done
    tips: tuple[Sentence, ...] = ()
    dose: Dose
    sides: Sides | None = None
    easier: Variation
    harder: Variation

    @model_validator(mode="after")
    def _consistent(self) -> Exercise:
        uses_side = any("{" in step.say for step in (*self.steps, *self.lead, self.cue))
        if self.dose.per_side and self.sides is None:
            raise ValueError("dose.per_side is true but 'sides' is missing")
        if self.sides is not None and not self.dose.per_side:
            raise ValueError("'sides' is given but dose.per_side is false")
        if uses_side and self.sides is None:
            raise ValueError("a step names {side} but the exercise has no 'sides'")
        if any(step.hold for step in (*self.steps, *self.lead, self.cue)) and self.dose.hold_seconds is None:
            raise ValueError("a step holds but dose.hold_seconds is missing")
        if self.dose.reps is not None and not self.lead:
            raise ValueError("an exercise with reps needs 'lead': one rep, beat by beat")
        if self.dose.reps is None and self.lead:
            raise ValueError("'lead' is given but the dose has no reps")
        if self.dose.reps is None and not any(step.hold for step in self.steps):
            raise ValueError("a stretch with no reps needs a step that holds")
        for where, steps in (("steps", self.steps), ("lead", self.lead)):
            for index, step in enumerate(steps):
                if not step.hold and step.seconds is None:
                    raise ValueError(f"{where}[{index}] needs 'seconds' (how long it takes) or 'hold: true'")
        return self

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, self.spoken_name, *self.synonyms)


class Routine(_Model):
    id: Id
    name: Annotated[str, Field(min_length=2, max_length=60)]
    spoken_name: Annotated[str, Field(min_length=2, max_length=60)]
    synonyms: tuple[Annotated[str, Field(min_length=2, max_length=60)], ...] = ()
    description: Sentence
    default: bool = False
    exercises: tuple[Id, ...] = Field(min_length=1, max_length=20)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, self.spoken_name, *self.synonyms)


class Equipment(_Model):
    id: Id
    name: Annotated[str, Field(min_length=2, max_length=60)]
    spoken_name: Annotated[str, Field(min_length=2, max_length=60)]  # "a resistance band"
    synonyms: tuple[Annotated[str, Field(min_length=2, max_length=60)], ...] = ()
    substitute: Sentence  # what to use instead

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, self.spoken_name, *self.synonyms)


class Safety(_Model):
    disclaimer: tuple[Sentence, ...] = Field(min_length=1)
    red_flags: tuple[Annotated[str, Field(min_length=2, max_length=120)], ...] = Field(min_length=3)


Prompt = Annotated[str, Field(min_length=1, max_length=600)]


class Prompts(_Model):
    prompts: dict[Id, Prompt | tuple[Prompt, ...]]


# --------------------------------------------------------------------------------------
# Checking


def _parse_yaml(path: Path, data: bytes) -> Any:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    try:
        return yaml.load(text, Loader=_SAFE_LOADER)
    except yaml.YAMLError as exc:
        raise ContentError(f"{path}: not valid YAML: {exc}") from None


def _describe(loc: Iterable[int | str]) -> str:
    parts = [str(p) for p in loc]
    return ".".join(parts) if parts else "(top level)"


def _entry_name(raw: Any, index: int) -> str:
    if isinstance(raw, Mapping) and isinstance(raw.get("id"), str):
        return f"entry '{raw['id']}' (#{index + 1})"
    return f"entry #{index + 1}"


def _validate_list(path: Path, raw: Any, key: str, model: type[_Model]) -> list[Any]:
    if not isinstance(raw, Mapping) or not isinstance(raw.get(key), list):
        raise ContentError(f"{path}: expected a top-level '{key}:' list")
    items = []
    for index, entry in enumerate(raw[key]):
        try:
            items.append(model.model_validate(entry))
        except ValidationError as exc:
            first = exc.errors()[0]
            raise ContentError(
                f"{path}: {_entry_name(entry, index)}: field '{_describe(first['loc'])}': "
                f"{first['msg']}"
            ) from None
    extra = set(raw) - {key}
    if extra:
        raise ContentError(f"{path}: unknown top-level key(s) {sorted(extra)}")
    return items


def _validate_one(path: Path, raw: Any, model: type[_Model]) -> Any:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ContentError(f"{path}: field '{_describe(first['loc'])}': {first['msg']}") from None


def _unique(path: Path, items: list[Any], what: str) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for index, item in enumerate(items):
        if item.id in seen:
            raise ContentError(f"{path}: entry '{item.id}' (#{index + 1}): field 'id': duplicate {what} id")
        seen[item.id] = item
    return seen


def _check_names(path: Path, items: Iterable[Exercise | Routine | Equipment], what: str) -> None:
    owner: dict[str, str] = {}
    for item in items:
        for name in item.names:
            key = normalize(name)
            if key in owner and owner[key] != item.id:
                raise ContentError(
                    f"{path}: entry '{item.id}': field 'synonyms': '{name}' also names "
                    f"{what} '{owner[key]}'"
                )
            owner[key] = item.id


def _check_prompt(path: Path, key: str, template: str) -> None:
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(template) if f is not None]
    except ValueError as exc:
        raise ContentError(f"{path}: entry '{key}': field 'prompts.{key}': {exc}") from None
    for field in fields:
        if not re.fullmatch(r"[a-z_]+", field):
            raise ContentError(
                f"{path}: entry '{key}': field 'prompts.{key}': placeholder '{{{field}}}' "
                "must be a plain lower-case name"
            )


def validate(root: Path, files: Mapping[str, bytes]) -> dict[str, Any]:
    """Parse and cross-check the content files (``files``: name -> the bytes read from
    ``root``), or raise :class:`ContentError`. Returns the content as plain data."""
    raw = {name: _parse_yaml(root / name, data) for name, data in files.items()}

    ex_path, rt_path, eq_path = root / "exercises.yaml", root / "routines.yaml", root / "equipment.yaml"
    exercises = _unique(ex_path, _validate_list(ex_path, raw["exercises.yaml"], "exercises", Exercise), "exercise")
    routines = _unique(rt_path, _validate_list(rt_path, raw["routines.yaml"], "routines", Routine), "routine")
    equipment = _unique(eq_path, _validate_list(eq_path, raw["equipment.yaml"], "equipment", Equipment),
                        "equipment")
    _check_names(ex_path, exercises.values(), "exercise")
    _check_names(rt_path, routines.values(), "routine")
    _check_names(eq_path, equipment.values(), "equipment")
    for index, exercise in enumerate(exercises.values()):
        if exercise.equipment is not None and exercise.equipment not in equipment:
            raise ContentError(
                f"{ex_path}: entry '{exercise.id}' (#{index + 1}): field 'equipment': "
                f"no equipment has id '{exercise.equipment}' in {eq_path.name}"
            )
    for index, routine in enumerate(routines.values()):
        for ex_id in routine.exercises:
            if ex_id not in exercises:
                raise ContentError(
                    f"{rt_path}: entry '{routine.id}' (#{index + 1}): field 'exercises': "
                    f"no exercise has id '{ex_id}' in {ex_path.name}"
                )
        if len(set(routine.exercises)) != len(routine.exercises):
            raise ContentError(
                f"{rt_path}: entry '{routine.id}' (#{index + 1}): field 'exercises': "
                "an exercise is listed twice"
            )
    defaults = [r.id for r in routines.values() if r.default]
    if len(defaults) != 1:
        raise ContentError(
            f"{rt_path}: field 'default': exactly one routine must be the default, found {defaults or 'none'}"
        )

    safety = _validate_one(root / "safety.yaml", raw["safety.yaml"], Safety)
    pr_path = root / "prompts.yaml"
    prompts_model = _validate_one(pr_path, raw["prompts.yaml"], Prompts)
    prompts: dict[str, list[str]] = {}
    for key, value in prompts_model.prompts.items():
        pool = [value] if isinstance(value, str) else list(value)
        if not pool:
            raise ContentError(f"{pr_path}: entry '{key}': field 'prompts.{key}': empty pool")
        for template in pool:
            _check_prompt(pr_path, key, template)
        prompts[key] = pool

    return {
        "exercises": [e.model_dump(mode="json") for e in exercises.values()],
        "routines": [r.model_dump(mode="json") for r in routines.values()],
        "equipment": [e.model_dump(mode="json") for e in equipment.values()],
        "safety": safety.model_dump(mode="json"),
        "prompts": prompts,
    }
