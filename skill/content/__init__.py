"""The skill's content: exercises, routines, equipment, safety text and prompts.

Content is data, and is always validated. The package, without a cycle:

- :mod:`~skill.content.model`: the types (each field list declared once), ``ContentError``,
  the :class:`Catalog` of each kind with its names indexed, and :func:`find` / :func:`named`;
  standard library only.
- :mod:`~skill.content.schema`: the full check, PyYAML and pydantic models derived from
  the types; a malformed or inconsistent file raises :class:`ContentError` whose message
  names the file, the entry and the field.
- :mod:`~skill.content.load`: :func:`load_content`, from the compiled snapshot
  (``content/compiled.json``) while it matches the YAML, else through the schema.
- :mod:`~skill.content.__main__`: ``python -m skill.content --compile`` writes the snapshot.

Nothing here imports ask_sdk, flask or AWS, and nothing touches the disk at import time.
"""

from skill.content.load import SNAPSHOT, default_content, load_content, snapshot_is_current
from skill.content.model import (
    Content,
    ContentError,
    Dose,
    Equipment,
    Exercise,
    Range,
    Routine,
    Safety,
    Side,
    Sides,
    Step,
    Symptoms,
    Variation,
    find,
    named,
    rewrite_set_words,
)

__all__ = [
    "SNAPSHOT", "Content", "ContentError", "Dose", "Equipment", "Exercise", "Range", "Routine", "Safety", "Side",
    "Sides", "Step", "Symptoms", "Variation", "default_content", "find", "load_content", "named",
    "rewrite_set_words", "snapshot_is_current",
]
