"""The content schema: every content file parsed with PyYAML and checked with pydantic.

This is the full validation behind :func:`skill.content.load_content`. It runs when the
YAML no longer matches the committed snapshot (``content/compiled.json``), for
``back-routine validate``, and when the snapshot is made; a skill whose content matches
its snapshot never imports pydantic or PyYAML. A malformed or inconsistent file raises
:class:`~skill.content.ContentError` whose message names the file, the entry and the
field. :func:`validate` returns the content as plain data (lists, dicts, strings,
numbers): what the snapshot stores and what :func:`skill.content.load.build` reads.

The pydantic models are derived from the records in :mod:`skill.content.model` (their
fields, types, limits and defaults); what no field's type can say, the rules across
fields, is written here.
"""

from __future__ import annotations

import operator
import re
import string
import types
from collections.abc import Callable, Iterable, Mapping
from functools import reduce
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model, field_validator, model_validator

from skill.content import model
from skill.content.model import ContentError, Limit
from skill.text import normalize

# libyaml's parser when PyYAML was built with it (it is in the manylinux wheels): the same
# safe constructor, about ten times faster than the pure-Python parser.
_SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# --------------------------------------------------------------------------------------
# The rules across fields (each given the validated entry; a ValueError names the problem)


def _ordered(range_: Any) -> None:
    if range_.low > range_.high:
        raise ValueError(f"low ({range_.low}) is above high ({range_.high})")


def _dose_consistent(dose: Any) -> None:
    if dose.reps is None and dose.hold_seconds is None:
        raise ValueError("a dose needs reps, hold_seconds, or both")
    if dose.reps is not None and dose.reps_range is not None:
        if not dose.reps_range.low <= dose.reps <= dose.reps_range.high:
            raise ValueError(f"reps {dose.reps} is outside reps_range")
    if dose.hold_seconds is not None and dose.hold_range is not None:
        if not dose.hold_range.low <= dose.hold_seconds <= dose.hold_range.high:
            raise ValueError(f"hold_seconds {dose.hold_seconds} is outside hold_range")
    if dose.hold_range is not None and dose.hold_seconds is None:
        raise ValueError("hold_range is given without hold_seconds")
    if dose.reps_range is not None and dose.reps is None:
        raise ValueError("reps_range is given without reps")
    if dose.alternate and not (dose.per_side and dose.reps):
        raise ValueError("alternate needs per_side and reps")


def _timed(step: Any) -> None:
    if step.hold and step.seconds:
        raise ValueError("a step that holds takes the dose's hold_seconds: leave out 'seconds'")


def _placeholders(say: str) -> None:
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(say) if f is not None]
    except ValueError as exc:
        raise ValueError(f"malformed placeholder: {exc}") from None
    unknown = set(fields) - {"side", "other_side"}
    if unknown:
        raise ValueError(f"unknown placeholder(s) {sorted(unknown)}; use {{side}} or {{other_side}}")


def _exercise_consistent(exercise: Any) -> None:
    every_step = (*exercise.steps, *exercise.lead, exercise.cue)
    uses_side = any("{" in step.say for step in every_step)
    if exercise.dose.per_side and exercise.sides is None:
        raise ValueError("dose.per_side is true but 'sides' is missing")
    if exercise.sides is not None and not exercise.dose.per_side:
        raise ValueError("'sides' is given but dose.per_side is false")
    if uses_side and exercise.sides is None:
        raise ValueError("a step names {side} but the exercise has no 'sides'")
    if any(step.hold for step in every_step) and exercise.dose.hold_seconds is None:
        raise ValueError("a step holds but dose.hold_seconds is missing")
    if exercise.dose.reps is not None and not exercise.lead:
        raise ValueError("an exercise with reps needs 'lead': one rep, beat by beat")
    if exercise.dose.reps is None and exercise.lead:
        raise ValueError("'lead' is given but the dose has no reps")
    if exercise.dose.reps is None and not any(step.hold for step in exercise.steps):
        raise ValueError("a stretch with no reps needs a step that holds")
    for where, steps in (("steps", exercise.steps), ("lead", exercise.lead)):
        for index, step in enumerate(steps):
            if not step.hold and not step.seconds:
                raise ValueError(f"{where}[{index}] needs 'seconds' (how long it takes) or 'hold: true'")


def _stand_in_paired(item: Any) -> None:
    if (item.word is None) != (item.stand_in is None):
        raise ValueError("give 'word' and 'stand_in' together, or neither")


# --------------------------------------------------------------------------------------
# The models, derived from the records

_MODELS: dict[type, type[_Model]] = {}  # record -> its model, filled below


def _pydantic(hint: Any) -> Any:
    """A record field's type as pydantic reads it: records as their models, limits as
    pydantic's constraints."""
    origin, args = get_origin(hint), get_args(hint)
    if origin is Annotated:
        inner, limits = args[0], [m for m in args[1:] if isinstance(m, Limit)]
        if inner is int:
            return Annotated[(inner, *(Field(ge=m.low, le=m.high) for m in limits))]
        return Annotated[(_pydantic(inner), *(Field(min_length=m.low, max_length=m.high, pattern=m.pattern)
                                               for m in limits))]
    if origin is tuple or origin is dict:  # tuple[X, ...], dict[K, V]
        return types.GenericAlias(origin, tuple(_pydantic(arg) for arg in args))
    if origin is Union or origin is types.UnionType:  # X | Y
        return reduce(operator.or_, map(_pydantic, args))
    return _MODELS.get(hint, hint)


def _after(rule: Callable[[Any], None]) -> Any:
    """``rule`` as a pydantic validator of the whole entry."""

    def check(entry: Any) -> Any:
        rule(entry)
        return entry

    return model_validator(mode="after")(check)


def _on_field(field: str, rule: Callable[[Any], None]) -> Any:
    """``rule`` as a pydantic validator of one field's value."""

    def check(cls: type, value: Any) -> Any:
        rule(value)
        return value

    return field_validator(field)(check)


def _derive(record: Any, *rules: Callable[[Any], None],
            **field_rules: Callable[[Any], None]) -> type[_Model]:
    """The pydantic model of a record (a named tuple): its fields, with the record's
    defaults, checked by ``rules`` (given the entry) and ``field_rules`` (given the
    field's value)."""
    defaults: Mapping[str, Any] = record._field_defaults
    fields: dict[str, Any] = {name: (_pydantic(hint), defaults.get(name, ...))
                              for name, hint in record.__annotations__.items()}
    validators = {rule.__name__: _after(rule) for rule in rules}
    validators |= {f"_{field}": _on_field(field, rule) for field, rule in field_rules.items()}
    derived: type[_Model] = create_model(record.__name__, __base__=_Model, __validators__=validators, **fields)
    _MODELS[record] = derived
    return derived


Range = _derive(model.Range, _ordered)
Dose = _derive(model.Dose, _dose_consistent)
Step = _derive(model.Step, _timed, say=_placeholders)
Sides = _derive(model.Sides)
Variation = _derive(model.Variation)
Exercise = _derive(model.Exercise, _exercise_consistent)
Routine = _derive(model.Routine)
Equipment = _derive(model.Equipment, _stand_in_paired)
Symptoms = _derive(model.Symptoms)
Safety = _derive(model.Safety)
Prompt = Annotated[str, Limit(1, 600)]
Prompts = create_model("Prompts", __base__=_Model,  # prompts.yaml: one phrasing, or a pool of them
                       prompts=(_pydantic(dict[model.Id, Prompt | tuple[Prompt, ...]]), ...))


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


def _check_names(path: Path, items: Iterable[Any], what: str) -> None:
    owner: dict[str, str] = {}
    for item in items:
        twice = [name for index, name in enumerate(item.synonyms) if name in item.synonyms[:index]]
        if twice:
            raise ContentError(f"{path}: entry '{item.id}': field 'synonyms': '{twice[0]}' is listed twice")
        for name in (item.name, item.spoken_name, *item.synonyms):
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
    for index, item in enumerate(equipment.values()):
        users = [e for e in exercises.values() if e.equipment == item.id]
        for exercise in users if item.word else ():
            if not re.search(rf"\b{item.word}\b", " ".join(model.set_words(exercise)),
                             re.IGNORECASE):
                raise ContentError(
                    f"{eq_path}: entry '{item.id}' (#{index + 1}): field 'word': "
                    f"'{item.word}' is not in what exercise '{exercise.id}' says"
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
