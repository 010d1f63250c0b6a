"""The voice console's page in a real headless browser: Debian's chromium, driven by
Playwright for Python. The page is served by the real app (in-memory store) on a free
loopback port. Nothing here needs audio: headless chromium has no voices, so the page
shows the answers and times the words at Alexa's pace (``text_rate`` makes that faster;
pauses are waited out for real, with their countdown)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from console_browser import browser, chromium, say, serve_console

if chromium() is None:
    pytest.skip("no chromium at /usr/bin/chromium (apt-get install -y chromium; .ci/run does): "
                "the console's browser tests cannot run", allow_module_level=True)
pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed (the test extra)")

pytestmark = pytest.mark.integration  # a browser and a server on loopback

WAIT = 30_000  # ms: generous, for a busy machine; nothing asserts how long anything took


@pytest.fixture
def base() -> Iterator[str]:
    """A fresh app (and in-memory store) for each test: each one is a first session."""
    with serve_console() as url:
        yield url


@pytest.fixture(scope="module")
def chrome() -> Iterator[Any]:
    with browser() as launched:
        yield launched


@pytest.fixture
def page(chrome: Any) -> Iterator[Any]:
    context = chrome.new_context(viewport={"width": 1280, "height": 800})
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.set_default_timeout(WAIT)
    yield opened
    context.close()
    assert not errors, errors


def last_json(page: Any, part: str) -> dict[str, Any]:
    """Open the last answer's raw JSON (one click) and read the ``part`` shown there."""
    answer = page.locator("#log li.alexa").last
    if answer.locator("details.json[open]").count() == 0:
        answer.locator("details.json summary").click()
    shown = answer.locator(f"details.json pre.{part}").last
    assert shown.is_visible()
    return dict(json.loads(shown.inner_text()))


def test_start_see_the_disclaimer_and_the_screen_press_next(page: Any, base: str) -> None:
    page.goto(f"{base}/console?voice=off&listen_ms=60000&text_rate=20")
    page.wait_for_selector("body[data-state=idle]")
    assert page.locator("#screen").is_visible()  # the Echo Show panel, idle until a screen comes

    say(page, "start my back routine")
    first = page.locator("#log li.alexa").first
    first.wait_for()
    assert "not medical advice" in first.inner_text()
    assert page.locator("#log li.you").first.inner_text().endswith("start my back routine")
    launch = last_json(page, "request")
    assert launch["version"] == "1.0" and launch["request"]["type"] == "LaunchRequest"

    # A pause is waited out in real time, with its countdown.
    page.wait_for_function("""() => document.body.dataset.state === "pause"
        && document.querySelector("#log li.alexa .pause.now") !== null
        && /^Pause: \\d+(\\.\\d)? s$/.test(document.querySelector("#status").textContent)""")

    say(page, "about a three")
    page.wait_for_selector("#screen.on")
    assert page.inner_text("#screen .exercise") == "Seated Cat Cow"
    assert page.inner_text("#screen .where") == "exercise 1 of 10"
    assert page.inner_text("#screen .routine") == "Back Routine"
    labels = page.locator("#screen .buttons button").all_inner_texts()
    assert labels == ["Back", "Repeat", "Next"]
    before = page.eval_on_selector("#screen .bar", "bar => bar.style.width")

    page.click("#screen .buttons button:text-is('Next')")
    page.wait_for_function("() => document.querySelector('#screen .where').textContent === 'exercise 2 of 10'")
    assert page.inner_text("#screen .exercise") == "Cat Cow"
    assert page.eval_on_selector("#screen .bar", "bar => bar.style.width") != before
    assert page.locator("#log li.you").last.inner_text().endswith("touches Next")

    touch = last_json(page, "request")  # an Alexa envelope, as the Echo Show would send it
    assert touch["version"] == "1.0"
    assert touch["session"]["new"] is False and touch["session"]["sessionId"].startswith("amzn1.echo-api.session.")
    assert touch["context"]["System"]["device"]["supportedInterfaces"]["Alexa.Presentation.APL"]
    assert touch["request"]["type"] == "Alexa.Presentation.APL.UserEvent"
    assert touch["request"]["arguments"] == ["next"]
    assert touch["request"]["token"] == "back-routine"
    answer = last_json(page, "response")
    directives = answer["response"]["directives"]
    assert directives[0]["type"] == "Alexa.Presentation.APL.RenderDocument"
    assert directives[0]["datasources"]["payload"]["screen"]["exercise"] == "Cat Cow"


def test_silence_brings_the_reprompt_then_closes_the_session(page: Any, base: str) -> None:
    page.goto(f"{base}/console?voice=off&listen_ms=300&text_rate=50")
    page.wait_for_selector("body[data-state=idle]")
    say(page, "start my back routine")
    reprompt = page.locator("#log li.alexa.reprompt")
    reprompt.wait_for()
    assert "zero to ten" in reprompt.inner_text() or "number" in reprompt.inner_text()
    page.wait_for_selector("body[data-state=closed]")
    closing = page.locator("#log li.note").last
    assert "closed the session" in closing.inner_text()
    closing.locator("details.json summary").click()
    ended = json.loads(closing.locator("pre.request").inner_text())
    assert ended["request"]["type"] == "SessionEndedRequest"
    assert ended["request"]["reason"] == "EXCEEDED_MAX_REPROMPTS"
    assert page.get_attribute("#screen", "class") == "off"  # the screen goes back to idle

    say(page, "next")  # the session is closed: the line is not sent, as in `back-routine chat`
    page.wait_for_selector("#log li.note:has-text('the session is closed')")


def test_bad_input_shows_the_servers_reason(page: Any, base: str) -> None:
    page.goto(f"{base}/console?voice=off&listen_ms=5")  # under the API's 100 ms floor
    page.wait_for_selector("body[data-state=error]")
    assert "listen_ms must be a whole number" in page.inner_text("#status")
