"""Helpers for the console's browser tests: the app served on a free loopback port in a
thread, and Debian's chromium driven by Playwright (never a browser Playwright downloads).

``python tests/console/console_browser.py docs/console.png`` takes the README's screenshot:
a couple of turns at 1280x800.
"""

from __future__ import annotations

import contextlib
import shutil
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 800}


def chromium() -> str | None:
    """Debian's chromium, or None when it is not installed."""
    return CHROMIUM if Path(CHROMIUM).is_file() else shutil.which("chromium")


@contextlib.contextmanager
def serve_console(**config: Any) -> Iterator[str]:
    """The web app with the console, on 127.0.0.1 and a free port; yields its base URL."""
    from werkzeug.serving import make_server

    from skill.web import create_app

    settings = {"STORE": "memory:", "CONSOLE": True, "VERIFY": False, "LOG_LEVEL": "WARNING"} | config
    server = make_server("127.0.0.1", 0, create_app(settings), threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="console-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@contextlib.contextmanager
def browser() -> Iterator[Any]:
    """A headless chromium (Debian's), through Playwright."""
    from playwright.sync_api import sync_playwright

    path = chromium()
    if path is None:
        raise RuntimeError(f"no chromium at {CHROMIUM}: apt-get install -y chromium")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


def say(page: Any, text: str) -> None:
    page.fill("#text", text)
    page.press("#text", "Enter")


def screenshot(path: Path) -> None:
    """The console after a couple of turns and a touch on Next, during a pause, at 1280x800."""
    with serve_console() as base, browser() as chrome:
        page = chrome.new_page(viewport=VIEWPORT)
        page.goto(f"{base}/console?text_rate=4")
        page.wait_for_selector("body[data-state=idle]")
        say(page, "start my back routine")
        page.wait_for_selector("#log li.alexa")
        say(page, "about a three")
        page.wait_for_selector("#screen.on")
        page.click("#screen .buttons button:text-is('Next')")
        page.wait_for_function("() => document.querySelector('#screen .where').textContent === 'exercise 2 of 10'")
        page.wait_for_function("""() => /\\.[3-8] s$/.test(
            document.querySelector("#log li.alexa:last-of-type .pause.now")?.textContent || "")""")
        page.screenshot(path=str(path))


if __name__ == "__main__":
    screenshot(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/console.png"))
