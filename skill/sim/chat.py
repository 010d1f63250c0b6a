"""``back-routine chat``: talk to the skill on this machine, as Alexa would.

Each line typed (or piped in) is what the person says. It becomes the request envelope
Alexa would send, the skill answers, and what Alexa would say is printed as
``alexa> ...`` with pauses shown as ``[pause 10 s]`` (nothing really waits).

    back-routine chat                       # interactive
    back-routine chat < conversation.txt    # piped, one utterance per line
    back-routine chat --json | jq .         # one JSON object per request, with how each line
                                            # was understood ("match": intent, source, sample)

``exit`` or ``quit`` (or the end of input, or Ctrl-C) leaves; if the skill still has
the session open, it first gets the SessionEndedRequest Alexa sends when a person
walks away, so it saves the place. A closed output pipe (``| head``) does the same.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from typing import Any, TextIO

from skill.sim import Exchange, Simulator, Turn
from skill.sim.envelope import DEFAULT_USER_ID
from skill.sim.matcher import (
    Match,
    Matcher,
    available_locales,
    matcher_for_locale,
    model_path,
    normalize,
)

PROMPT = "you> "
SPEAKER = "alexa> "
QUIT_WORDS = frozenset({"exit", "quit"})


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--user", metavar="ID", default=DEFAULT_USER_ID,
                        help=f"the Alexa user id to speak as (default: {DEFAULT_USER_ID})")
    parser.add_argument("--store", metavar="PATH", default=None,
                        help="where to keep each user's progress: a SQLite file, 'memory:' or "
                             "'dynamodb:TABLE' (default: $BACK_ROUTINE_STORE, else a file in "
                             "your user data directory)")
    parser.add_argument("--locale", default="en-US",
                        help="the interaction model's locale: "
                             f"{', '.join(available_locales()) or 'en-US'} (default: en-US)")
    parser.add_argument("--ssml", action="store_true", help="print the raw SSML Alexa would speak")
    parser.add_argument("--json", action="store_true",
                        help="print one JSON object per request: the line said, the request "
                             "envelope, the response envelope and how the line was understood "
                             "(match: intent, source model/built-in/near/fallback, sample)")


def understood(match: Match) -> dict[str, Any]:
    """How a line was understood, for --json: the intent; which way it matched ("model":
    a sample fits, "built-in": a phrasing Amazon documents, "near": the nearest sample,
    with how near, "fallback": nothing); the sample; and each slot's words and value."""
    record: dict[str, Any] = {"intent": match.intent, "source": match.source, "sample": match.sample}
    if match.nearness is not None:
        record["nearness"] = match.nearness
    if match.slots:
        record["slots"] = {name: {"said": fill.value, "id": fill.resolved_id} for name, fill in match.slots.items()}
    return record


class Console:
    """Where the conversation is printed: plain text, SSML, or JSON lines."""

    def __init__(
        self, out: TextIO, err: TextIO, *, ssml: bool = False, as_json: bool = False
    ) -> None:
        self.out = out
        self.err = err
        self.ssml = ssml
        self.as_json = as_json

    def note(self, text: str) -> None:
        print(text, file=self.err if self.as_json else self.out)

    def exchange(self, said: str | None, exchange: Exchange, match: Match | None = None) -> None:
        if self.as_json:
            record: dict[str, Any] = {"said": said, "request": exchange.request, "response": exchange.response}
            if match is not None:
                record["match"] = understood(match)
            print(json.dumps(record, ensure_ascii=False), file=self.out)
            return
        if exchange.request_type == "SessionEndedRequest":
            return  # Alexa says nothing back
        text = exchange.ssml if self.ssml else exchange.speech
        print(SPEAKER + (text or "(says nothing)"), file=self.out)

    def turn(self, turn: Turn) -> None:
        if turn.note:
            self.note(turn.note)
        for index, exchange in enumerate(turn.exchanges):
            last = index == len(turn.exchanges) - 1
            self.exchange(turn.line if last and turn.line else None, exchange, turn.match if last else None)
        self.out.flush()


def _lines(stream: TextIO, interactive: bool) -> Iterator[str]:
    if interactive:
        try:
            import readline  # noqa: F401  (line editing and history at the prompt)
        except ImportError:  # pragma: no cover - not on every platform
            pass
        while True:
            try:
                yield input(PROMPT)
            except EOFError:
                print()
                return
    for line in stream:
        yield line.rstrip("\r\n")


def _silence_stdout() -> None:
    """After a closed pipe: send what is left to /dev/null, as the Python docs advise,
    so that the interpreter's final flush does not complain."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    finally:
        os.close(devnull)


def _end(simulator: Simulator, console: Console) -> None:
    """Send the SessionEndedRequest if the session is open (the skill saves on it)."""
    try:
        turn = simulator.end("EXCEEDED_MAX_REPROMPTS")
    except KeyboardInterrupt:  # a second Ctrl-C while saving: leave at once
        return
    if turn is not None:
        try:
            console.turn(turn)
        except (BrokenPipeError, OSError):
            _silence_stdout()


def _open_matcher(locale: str) -> Matcher | None:
    try:
        return matcher_for_locale(locale)
    except FileNotFoundError:
        known = available_locales()
        print(
            f"back-routine chat: no interaction model for locale {locale!r} "
            f"(expected {model_path(locale)}); available: {', '.join(known) or 'none'}",
            file=sys.stderr,
        )
        return None


def build_simulator(args: argparse.Namespace, matcher: Matcher) -> Simulator:
    from skill.factory import build_skill
    from skill.stores import check_store, open_store

    store = open_store(args.store)
    check_store(store)
    skill = build_skill(store)
    return Simulator(skill, user_id=args.user, locale=args.locale, matcher=matcher)


def run(args: argparse.Namespace) -> int:
    matcher = _open_matcher(args.locale)
    if matcher is None:
        return 2
    try:
        simulator = build_simulator(args, matcher)
    except Exception as exc:  # content that fails validation, an unusable store spec ...
        print(f"back-routine chat: cannot start the skill: {exc}", file=sys.stderr)
        return 2
    console = Console(sys.stdout, sys.stderr, ssml=args.ssml, as_json=args.json)
    return converse(simulator, console, sys.stdin, interactive=sys.stdin.isatty())


def converse(simulator: Simulator, console: Console, stream: TextIO, *, interactive: bool) -> int:
    """Read lines until the end or ``exit``; always close an open session on the way out."""
    status = 0
    try:
        for line in _lines(stream, interactive):
            if not line.strip():
                continue
            if normalize(line) in QUIT_WORDS:
                break
            try:
                turn = simulator.say(line)
            except Exception as exc:  # the skill broke: Alexa would end the session
                print(f"(the skill failed: {exc!r})", file=sys.stderr)
                _fail(simulator, str(exc))
                continue
            console.turn(turn)
    except BrokenPipeError:
        _silence_stdout()
    except KeyboardInterrupt:
        status = 130
        try:
            print(file=console.err)
        except OSError:
            pass
    _end(simulator, console)
    return status


def _fail(simulator: Simulator, message: str) -> None:
    try:
        simulator.end("ERROR", error=message)
    except Exception:  # noqa: BLE001 - the skill is already broken; the session is closed
        simulator.session = None


def _main(argv: list[str] | None = None) -> Any:  # pragma: no cover - use back-routine chat
    parser = argparse.ArgumentParser(prog="back-routine chat", description=__doc__.splitlines()[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(_main())
