"""Load ``content/``: exercises, routines, safety text and prompts.

Content is data, and is always validated. The YAML files are checked by
:mod:`skill.content_schema` (PyYAML and pydantic); a malformed or inconsistent file
raises :class:`ContentError` whose message names the file, the entry and the field.

That check's imports are a large share of a cold start, so its result is kept beside the
YAML as a snapshot, ``content/compiled.json``, with the sha256 of the exact YAML bytes
it came from. :func:`load_content` hashes the YAML files (cheap) and, when the hash is
the snapshot's, builds the content from the JSON without importing pydantic or PyYAML;
when it is not (someone edited the YAML, or a folder has no snapshot), it runs the full
validation. ``python -m skill.content --compile`` writes the snapshot, and a test fails
while the committed one is stale.

The types here are named tuples: read-only, compared field by field. Nothing here
imports ask_sdk, flask or AWS, and nothing touches the disk at import time: call
:func:`load_content`.
"""


import json
import sys
from collections.abc import Mapping, Sequence
from functools import lru_cache
from hashlib import sha256
from pathlib import Path
from typing import Any, Literal, NamedTuple, TypeVar

from skill.resources import content_dir
from skill.text import normalize

Side = Literal["left", "right"]
FILES = ("exercises.yaml", "routines.yaml", "equipment.yaml", "safety.yaml", "prompts.yaml")
SNAPSHOT = "compiled.json"
SNAPSHOT_FORMAT = 2


class ContentError(Exception):
    """Content failed to load; the message names the file, the entry and the field."""


class Range(NamedTuple):
    low: int
    high: int


class Dose(NamedTuple):
    """A beginner dose: reps, a hold in seconds, or both; maybe once per side."""

    reps: int | None
    hold_seconds: int | None
    per_side: bool
    reps_range: Range | None
    hold_range: Range | None
    alternate: bool = False  # per side, the sides taking turns rep by rep


class Step(NamedTuple):
    """One action. ``{side}`` and ``{other_side}`` name the sides; ``seconds`` is how long
    it takes (a step that holds takes the dose's hold instead)."""

    say: str
    hold: bool = False
    seconds: int = 0


class Sides(NamedTuple):
    first: Side
    part: str  # "leg": "Now your left leg."

    @property
    def order(self) -> tuple[Side, Side]:
        return (self.first, "left" if self.first == "right" else "right")


class Variation(NamedTuple):
    label: str  # "arm only"
    say: str  # how to do it, one or two short sentences


class Exercise(NamedTuple):
    id: str
    name: str  # display name
    spoken_name: str
    synonyms: tuple[str, ...]
    posture: Literal["seated", "standing", "floor"]
    equipment: str | None  # an id in equipment.yaml
    in_bed: bool  # fine on a bed (seated, or lying still)
    start: str  # the starting position, the first time
    cue: Step  # the short form of the start (and, for a stretch, of the movement)
    why: str
    steps: tuple[Step, ...]  # one slow demonstration rep, or the stretch itself
    lead: tuple[Step, ...]  # one rep as it is led, beat by beat (empty for a stretch)
    finish: str | None
    safety: str  # the key cue, said while the set is done
    tips: tuple[str, ...]
    dose: Dose
    sides: Sides | None
    easier: Variation
    harder: Variation

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, self.spoken_name, *self.synonyms)


class Routine(NamedTuple):
    id: str
    name: str
    spoken_name: str
    synonyms: tuple[str, ...]
    description: str
    default: bool
    exercises: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, self.spoken_name, *self.synonyms)


class Equipment(NamedTuple):
    id: str
    name: str
    spoken_name: str  # "a resistance band"
    synonyms: tuple[str, ...]
    substitute: str  # what to use instead

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, self.spoken_name, *self.synonyms)


class Safety(NamedTuple):
    disclaimer: tuple[str, ...]
    red_flags: tuple[str, ...]


class Content(NamedTuple):
    """Everything the skill says and does, validated and cross-checked."""

    exercises: Mapping[str, Exercise]  # in the seed's order
    routines: Mapping[str, Routine]  # in the file's order
    equipment: Mapping[str, Equipment]
    safety: Safety
    prompts: Mapping[str, tuple[str, ...]]  # every prompt as a pool of one or more phrasings
    version: str  # a short hash of the files: changes when any content changes

    @property
    def default_routine(self) -> Routine:
        return next(r for r in self.routines.values() if r.default)


# --------------------------------------------------------------------------------------
# Building from plain data (the snapshot, or what the schema validated)


def _range(data: Any) -> Range | None:
    return None if data is None else Range(data["low"], data["high"])


def _step(data: Any) -> Step:
    return Step(data["say"], data["hold"], data["seconds"] or 0)


def _exercise(data: Any) -> Exercise:
    dose, sides = data["dose"], data["sides"]
    return Exercise(
        id=data["id"],
        name=data["name"],
        spoken_name=data["spoken_name"],
        synonyms=tuple(data["synonyms"]),
        posture=data["posture"],
        equipment=data["equipment"],
        in_bed=data["in_bed"],
        start=data["start"],
        cue=_step(data["cue"]),
        why=data["why"],
        steps=tuple(map(_step, data["steps"])),
        lead=tuple(map(_step, data["lead"])),
        finish=data["finish"],
        safety=data["safety"],
        tips=tuple(data["tips"]),
        dose=Dose(dose["reps"], dose["hold_seconds"], dose["per_side"], _range(dose["reps_range"]),
                  _range(dose["hold_range"]), dose["alternate"]),
        sides=None if sides is None else Sides(sides["first"], sides["part"]),
        easier=Variation(data["easier"]["label"], data["easier"]["say"]),
        harder=Variation(data["harder"]["label"], data["harder"]["say"]),
    )


def _routine(data: Any) -> Routine:
    return Routine(data["id"], data["name"], data["spoken_name"], tuple(data["synonyms"]), data["description"],
                   data["default"], tuple(data["exercises"]))


def _equipment(data: Any) -> Equipment:
    return Equipment(data["id"], data["name"], data["spoken_name"], tuple(data["synonyms"]), data["substitute"])


def build(data: Mapping[str, Any], version: str) -> Content:
    """The content from validated plain data: :func:`skill.content_schema.validate`'s
    result, or the snapshot's copy of it."""
    exercises = {e.id: e for e in map(_exercise, data["exercises"])}
    routines = {r.id: r for r in map(_routine, data["routines"])}
    equipment = {e.id: e for e in map(_equipment, data["equipment"])}
    safety = Safety(tuple(data["safety"]["disclaimer"]), tuple(data["safety"]["red_flags"]))
    prompts = {key: tuple(pool) for key, pool in data["prompts"].items()}
    return Content(exercises, routines, equipment, safety, prompts, version)


# --------------------------------------------------------------------------------------
# Loading


def _read(root: Path) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for name in FILES:
        path = root / name
        try:
            files[name] = path.read_bytes()
        except FileNotFoundError:
            raise ContentError(f"{path}: file is missing") from None
        except OSError as exc:
            raise ContentError(f"{path}: cannot be read ({exc.strerror})") from None
    return files


def _digest(files: Mapping[str, bytes]) -> str:
    """The sha256 of the files' names and exact bytes."""
    digest = sha256()
    for name in FILES:
        digest.update(name.encode() + b"\0" + files[name])
    return digest.hexdigest()


def _snapshot(root: Path, digest: str) -> Any:
    """The snapshot's content if it was made from exactly these files, else None."""
    try:
        snapshot = json.loads((root / SNAPSHOT).read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(snapshot, dict) or snapshot.get("format") != SNAPSHOT_FORMAT:
        return None
    return snapshot.get("content") if snapshot.get("sha256") == digest else None


def load_content(directory: Path | None = None, *, full: bool = False) -> Content:
    """Load the content, or raise :class:`ContentError`: from its snapshot when that was
    made from these very files, else (or with ``full``) by validating every file."""
    root = Path(directory) if directory is not None else content_dir()
    files = _read(root)
    digest = _digest(files)
    data = None if full else _snapshot(root, digest)
    if data is None:
        try:
            from skill.content_schema import validate
        except ImportError as exc:  # the Lambda artifact has no pydantic or PyYAML: only the snapshot
            raise ContentError(f"{root / SNAPSHOT} was not made from these YAML files, and validating them "
                               f"needs {exc.name}: run python -m skill.content --compile") from None
        data = validate(root, files)
    return build(data, digest[:12])


def snapshot_is_current(directory: Path | None = None) -> bool:
    """Whether the folder's snapshot was made from exactly its YAML files (standard
    library only: the Lambda build checks this before packaging the content)."""
    root = Path(directory) if directory is not None else content_dir()
    return _snapshot(root, _digest(_read(root))) is not None


def render_snapshot(directory: Path | None = None) -> str:
    """The snapshot of a content folder, fully validated, as the JSON text to commit."""
    root = Path(directory) if directory is not None else content_dir()
    from skill.content_schema import validate

    files = _read(root)
    snapshot = {"format": SNAPSHOT_FORMAT, "sha256": _digest(files), "content": validate(root, files)}
    return json.dumps(snapshot, indent=1, ensure_ascii=False) + "\n"


@lru_cache(maxsize=4)
def default_content() -> Content:
    """The packaged content, loaded once per process."""
    return load_content()


# --------------------------------------------------------------------------------------
# Names


Named = TypeVar("Named", Exercise, Routine, Equipment)


def _find(entries: Mapping[str, Named], name: str | None) -> Named | None:
    """The entry with this id, name or synonym, or None."""
    if not name:
        return None
    if name in entries:
        return entries[name]
    key = normalize(name)
    return next((entry for entry in entries.values() if any(normalize(n) == key for n in entry.names)), None)


def find_exercise(content: Content, name: str | None) -> Exercise | None:
    return _find(content.exercises, name)


def find_routine(content: Content, name: str | None) -> Routine | None:
    return _find(content.routines, name)


def find_equipment(content: Content, name: str | None) -> Equipment | None:
    return _find(content.equipment, name)


# --------------------------------------------------------------------------------------
# python -m skill.content --compile


def main(argv: Sequence[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m skill.content",
                                     description="Validate content/ and write its snapshot, compiled.json.")
    parser.add_argument("--content", metavar="DIR", type=Path, default=None,
                        help="the content folder (default: the packaged one, or $BACK_ROUTINE_CONTENT)")
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--compile", action="store_true", help="validate and write DIR/compiled.json")
    action.add_argument("--check", action="store_true", help="exit 1 if DIR/compiled.json is stale")
    args = parser.parse_args(argv)
    root = args.content if args.content is not None else content_dir()
    try:
        text = render_snapshot(root)
    except ContentError as exc:
        print(f"python -m skill.content: {exc}", file=sys.stderr)
        return 2
    path = root / SNAPSHOT
    current = path.read_text(encoding="utf-8") if path.is_file() else None
    if args.check:
        if current != text:
            print(f"{path} is stale: run python -m skill.content --compile", file=sys.stderr)
            return 1
        print(f"{path} is up to date")
        return 0
    if current != text:
        path.write_text(text, encoding="utf-8")
    print(f"{path}: {'written' if current != text else 'already up to date'}")
    return 0


if __name__ == "__main__":  # the schema raises skill.content's ContentError, not __main__'s
    from skill.content import main as _main

    raise SystemExit(_main())
