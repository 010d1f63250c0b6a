"""The privacy policy and the terms of use: ``privacy.md`` and ``terms.md`` beside this
file, read as text, or as a plain HTML page (what the web service serves at ``/privacy``
and ``/terms``, and a deployer can publish anywhere for the skill's manifest).

The texts use a small part of Markdown, and only that part is rendered: ``# title``,
``## heading``, paragraphs, and ``- item`` lists (an item goes on over indented lines).
"""

from __future__ import annotations

import html
from functools import lru_cache
from pathlib import Path

DOCUMENTS = {"privacy": "privacy.md", "terms": "terms.md"}
HERE = Path(__file__).resolve().parent

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font: 1.05rem/1.6 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1b1b1b;
       max-width: 42rem; margin: 2rem auto; padding: 0 1.2rem; }}
h1 {{ font-size: 1.6rem; line-height: 1.3; }}
h2 {{ font-size: 1.2rem; margin-top: 2rem; }}
li {{ margin: 0.4rem 0; }}
</style>
</head>
<body>
{body}
</body>
</html>
"""


@lru_cache(maxsize=4)
def text(name: str) -> str:
    """The document ``name`` ("privacy" or "terms") as written."""
    if name not in DOCUMENTS:
        raise KeyError(name)
    return (HERE / DOCUMENTS[name]).read_text(encoding="utf-8")


def title(name: str) -> str:
    first = text(name).lstrip().splitlines()[0]
    return first.removeprefix("# ").strip()


@lru_cache(maxsize=4)
def page(name: str) -> str:
    """The document as a whole HTML page."""
    return PAGE.format(title=html.escape(title(name)), body=to_html(text(name)))


def to_html(markdown: str) -> str:
    """Headings, paragraphs and lists as HTML; every word escaped."""
    out: list[str] = []
    block: list[str] = []  # the lines of the paragraph or list item being read
    in_list = False

    def flush() -> None:
        if block:
            words = html.escape(" ".join(block), quote=False)
            out.append(f"<li>{words}</li>" if in_list else f"<p>{words}</p>")
            block.clear()

    def end_list() -> None:
        nonlocal in_list
        flush()
        if in_list:
            out.append("</ul>")
            in_list = False

    for line in markdown.splitlines():
        stripped = line.strip()
        if not stripped:
            end_list()
        elif stripped.startswith("#"):
            end_list()
            level = min(len(stripped) - len(stripped.lstrip("#")), 3)
            out.append(f"<h{level}>{html.escape(stripped.lstrip('#').strip(), quote=False)}</h{level}>")
        elif stripped.startswith("- "):
            flush()
            if not in_list:
                out.append("<ul>")
                in_list = True
            block.append(stripped[2:])
        elif in_list and line.startswith(" ") and block:
            block.append(stripped)  # the list item goes on
        else:
            if in_list:
                end_list()
            block.append(stripped)
    end_list()
    return "\n".join(out)


__all__ = ["DOCUMENTS", "page", "text", "title", "to_html"]
