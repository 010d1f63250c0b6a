"""Where the packaged data lives: in an installed wheel, or at the top of a checkout."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    bundled = _PACKAGE / "_data" / name  # inside an installed wheel
    if bundled.is_dir():
        return bundled
    return _PACKAGE.parent / name  # a source checkout or an editable install


def content_dir() -> Path:
    """``$BACK_ROUTINE_CONTENT`` if set, else the packaged content."""
    override = os.environ.get("BACK_ROUTINE_CONTENT")
    return Path(override) if override else _find("content")


def interaction_models_dir() -> Path:
    return _find("interaction_models")
