"""``back-routine validate``: load and check content/ and the interaction models."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from skill.content import load_content
from skill.resources import interaction_models_dir


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", metavar="DIR", type=Path, default=None,
                        help="the content folder to check (default: the packaged one, or $BACK_ROUTINE_CONTENT)")


def run(args: argparse.Namespace) -> int:
    from skill.tools.model_build import ModelError, build_model

    content = load_content(args.content, full=True)  # raises ContentError, reported by the CLI
    print(f"content: {len(content.exercises)} exercises, {len(content.routines)} routines, "
          f"{len(content.prompts)} prompts (version {content.version})")
    problems = 0
    for path in sorted(interaction_models_dir().glob("*-*.json")):
        locale = path.stem
        committed = json.loads(path.read_text(encoding="utf-8"))
        try:
            built = build_model(locale, content)
        except ModelError as exc:
            print(f"{path.parent / 'samples.yaml'}: {exc}")
            problems += 1
            continue
        if committed != built:
            print(f"{path}: differs from samples.yaml and content/; run python -m skill.tools.model_build")
            problems += 1
        else:
            print(f"{path.name}: matches samples.yaml and content/")
    return 1 if problems else 0
