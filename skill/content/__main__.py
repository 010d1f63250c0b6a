"""``python -m skill.content --compile``: validate ``content/`` in full and write its
snapshot, ``compiled.json``; ``--check`` exits 1 while the snapshot is stale."""

import json
import sys
from collections.abc import Sequence
from pathlib import Path

from skill.content.load import SNAPSHOT, SNAPSHOT_FORMAT, digest, read_files
from skill.content.model import ContentError
from skill.content.schema import validate
from skill.resources import content_dir


def render_snapshot(directory: Path | None = None) -> str:
    """The snapshot of a content folder, fully validated, as the JSON text to commit."""
    root = Path(directory) if directory is not None else content_dir()
    files = read_files(root)
    snapshot = {"format": SNAPSHOT_FORMAT, "sha256": digest(files), "content": validate(root, files)}
    return json.dumps(snapshot, indent=1, ensure_ascii=False) + "\n"


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


if __name__ == "__main__":
    raise SystemExit(main())
