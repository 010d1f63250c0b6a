"""Load ``content/``: from its compiled snapshot when that is current, else validated in full.

The full check (:mod:`skill.content.schema`: PyYAML and pydantic) is a large share of a
cold start, so its result is kept beside the YAML as a snapshot, ``content/compiled.json``,
with the sha256 of the exact YAML bytes it came from. :func:`load_content` hashes the YAML
files (cheap) and, when the hash is the snapshot's, builds the content from the JSON
without importing pydantic or PyYAML; when it is not (someone edited the YAML, or a folder
has no snapshot), it runs the full validation. ``python -m skill.content --compile``
writes the snapshot, and a test fails while the committed one is stale.

Nothing here touches the disk at import time: call :func:`load_content`.
"""

import json
import types
from collections.abc import Callable, Mapping
from functools import cache, lru_cache
from hashlib import sha256
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

from skill.content.model import Catalog, Content, ContentError, Equipment, Exercise, Routine, Safety
from skill.resources import content_dir

FILES = ("exercises.yaml", "routines.yaml", "equipment.yaml", "safety.yaml", "prompts.yaml")
SNAPSHOT = "compiled.json"
SNAPSHOT_FORMAT = 3


# --------------------------------------------------------------------------------------
# Building from plain data (the snapshot, or what the schema validated)


@cache
def _reader(hint: Any) -> Callable[[Any], Any]:
    """How to read a field of type ``hint`` from its plain data: records from their
    field dicts, tuples from lists, everything else as it is (worked out once per type)."""
    origin = get_origin(hint)
    if origin is Annotated:
        return _reader(get_args(hint)[0])
    if origin is Union or origin is types.UnionType:  # X | None
        inner = _reader(next(arg for arg in get_args(hint) if arg is not type(None)))
        return lambda data: None if data is None else inner(data)
    if origin is tuple:
        item = _reader(get_args(hint)[0])
        return lambda data: tuple(map(item, data))
    if isinstance(hint, type) and issubclass(hint, tuple):  # a record (a named tuple)
        fields = [(name, _reader(field)) for name, field in hint.__annotations__.items()]
        return lambda data: hint(**{name: read(data[name]) for name, read in fields})
    return lambda data: data


def build(data: Mapping[str, Any], version: str) -> Content:
    """The content from validated plain data: :func:`skill.content.schema.validate`'s
    result, or the snapshot's copy of it."""

    def entries(key: str, record: Any) -> Catalog[Any]:
        return Catalog(map(_reader(record), data[key]))

    return Content(
        exercises=entries("exercises", Exercise),
        routines=entries("routines", Routine),
        equipment=entries("equipment", Equipment),
        safety=_reader(Safety)(data["safety"]),
        prompts={key: tuple(pool) for key, pool in data["prompts"].items()},
        version=version,
    )


# --------------------------------------------------------------------------------------
# Loading


def read_files(root: Path) -> dict[str, bytes]:
    """The content files' exact bytes, by name, or :class:`ContentError`."""
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


def digest(files: Mapping[str, bytes]) -> str:
    """The sha256 of the files' names and exact bytes."""
    hasher = sha256()
    for name in FILES:
        hasher.update(name.encode() + b"\0" + files[name])
    return hasher.hexdigest()


def _snapshot(root: Path, sha: str) -> Any:
    """The snapshot's content if it was made from exactly these files, else None."""
    try:
        snapshot = json.loads((root / SNAPSHOT).read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(snapshot, dict) or snapshot.get("format") != SNAPSHOT_FORMAT:
        return None
    return snapshot.get("content") if snapshot.get("sha256") == sha else None


def load_content(directory: Path | None = None, *, full: bool = False) -> Content:
    """Load the content, or raise :class:`ContentError`: from its snapshot when that was
    made from these very files, else (or with ``full``) by validating every file."""
    root = Path(directory) if directory is not None else content_dir()
    files = read_files(root)
    sha = digest(files)
    data = None if full else _snapshot(root, sha)
    if data is None:
        try:
            from skill.content.schema import validate
        except ImportError as exc:  # the Lambda artifact has no pydantic or PyYAML: only the snapshot
            raise ContentError(f"{root / SNAPSHOT} was not made from these YAML files, and validating them "
                               f"needs {exc.name}: run python -m skill.content --compile") from None
        data = validate(root, files)
    return build(data, sha[:12])


def snapshot_is_current(directory: Path | None = None) -> bool:
    """Whether the folder's snapshot was made from exactly its YAML files (standard
    library only: the Lambda build checks this before packaging the content)."""
    root = Path(directory) if directory is not None else content_dir()
    return _snapshot(root, digest(read_files(root))) is not None


@lru_cache(maxsize=4)
def default_content() -> Content:
    """The packaged content, loaded once per process."""
    return load_content()
