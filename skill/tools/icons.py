"""Draw the skill's icons: ``python -m skill.tools.icons`` (needs Pillow: ``pip install pillow``).

Alexa wants a small (108×108) and a large (512×512) PNG icon. Both show the same simple
picture, clear at either size and inside the circle the Alexa app crops icons to: a
spine of six white vertebrae, in a gentle curve, on a deep teal ground. Each is drawn
four times larger and scaled down, for smooth edges, and written to
``interaction_models/assets/images/`` (the ASK CLI's ``skill-package/assets/images/``,
where the manifest's ``file://assets/images/...`` URIs point). The PNGs are committed;
run this again only to change the design.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from skill.resources import interaction_models_dir

SIZES = {"small": 108, "large": 512}
ASSETS = Path("assets") / "images"
GROUND = (15, 110, 110)  # deep teal
BONE = (255, 255, 255)
DISC = (176, 228, 222)  # the discs between vertebrae, a pale teal
SCALE = 4
VERTEBRAE = 6


def icon_name(kind: str) -> str:
    return f"{kind}-icon.png"


def icon_path(kind: str, directory: Path | None = None) -> Path:
    """Where the committed icon of ``kind`` ("small" or "large") lives."""
    root = directory if directory is not None else interaction_models_dir()
    return root / ASSETS / icon_name(kind)


def draw(size: int) -> Any:
    """The icon at ``size`` pixels square, as a Pillow image (RGB)."""
    from PIL import Image, ImageDraw

    big = size * SCALE
    image = Image.new("RGB", (big, big), GROUND)
    pen = ImageDraw.Draw(image)
    top, bottom = 0.17 * big, 0.83 * big
    step = (bottom - top) / VERTEBRAE
    height = step * 0.68
    for index in range(VERTEBRAE):
        # A gentle S: the upper back curves one way, the low back the other.
        middle = top + step * (index + 0.5)
        sway = 0.04 * big * math.sin(2 * math.pi * (index + 0.5) / VERTEBRAE)
        width = big * (0.25 + 0.05 * index / (VERTEBRAE - 1))  # wider toward the low back
        x = big / 2 + sway
        pen.rounded_rectangle(
            (x - width / 2, middle - height / 2, x + width / 2, middle + height / 2),
            radius=height / 2, fill=BONE)
        if index:  # a disc in the gap above
            gap = middle - step / 2
            pen.ellipse((x - width * 0.3, gap - step * 0.09, x + width * 0.3, gap + step * 0.09), fill=DISC)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def write_icons(directory: Path | None = None) -> list[Path]:
    written = []
    for kind, size in SIZES.items():
        path = icon_path(kind, directory)
        path.parent.mkdir(parents=True, exist_ok=True)
        draw(size).save(path, format="PNG", optimize=True)
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m skill.tools.icons", description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, help="the folder holding assets/images/ "
                                                 "(default: interaction_models/)")
    args = parser.parse_args(argv)
    try:
        paths = write_icons(args.out)
    except ImportError:
        print("skill.tools.icons: Pillow is needed to draw the icons: pip install pillow")
        return 2
    for path in paths:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
