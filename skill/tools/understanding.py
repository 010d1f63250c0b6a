"""How well the interaction model understands natural phrasings said mid-routine.

``python -m skill.tools.understanding`` reads ``tests/virtual_alexa/phrases.yaml`` (things people
say in the middle of a routine, each with the intent and slot values it should arrive
as) and measures the share understood two ways:

(a) the local simulator's matcher (``skill.sim.matcher``), the same one ``back-routine
    chat`` and the conversation tests use;
(b) virtual-alexa (bespoken's npm package, an independent client): it starts
    ``back-routine serve`` on a free loopback port (verification off, memory store) and
    runs ``tests/virtual_alexa/understand.js`` with node, which resolves each phrase
    against ``interaction_models/<locale>.json`` (read afresh every run; "Alexa," that starts
    a line left out, as on a device), after the setup lines, and records the request it sent.

A phrase is understood when the intent is right and every slot of that intent is right:
an expected custom slot resolved to the expected value id, an expected AMAZON.NUMBER or
AMAZON.TIME slot read as that number or HH:MM (virtual-alexa sends number words as said,
"nine", where Alexa sends "9": both count), and a slot not expected left empty. A
custom slot heard but not resolved ("the bird dog thing") counts when the skill itself
finds the expected entry from the words heard (``skill.content.find`` / ``named``), as it does when
Alexa sends such a value.

It prints both percentages and every miss (phrase, expected, got). ``--strict`` exits 1
if either is under 90%, or if (b) was wanted but could not run; ``--no-virtual-alexa``
skips (b). Without node or ``tests/virtual_alexa/node_modules`` (``npm ci --prefix
tests/virtual_alexa``), (b) is skipped and the reason printed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from skill.content import default_content, find, named
from skill.intents import ALL_INTENTS, CUSTOM_SLOTS, SLOT_TYPES, UNREAD_SLOTS, WHERE_AM_I, WHICH_EXERCISE
from skill.sim.matcher import Match, matcher_for_locale, model_path, parse_number, parse_time

REPO = Path(__file__).resolve().parents[2]
VIRTUAL_ALEXA_DIR = REPO / "tests" / "virtual_alexa"
UNDERSTAND_JS = VIRTUAL_ALEXA_DIR / "understand.js"
DEFAULT_PHRASES = VIRTUAL_ALEXA_DIR / "phrases.yaml"
# The skill id virtual-alexa is told to send (its own default is a random one per
# instance); the server started here answers only this id.
VIRTUAL_ALEXA_SKILL_ID = "amzn1.ask.skill.virtual-alexa-check"
THRESHOLD = 90.0
DEFAULT_SETUP = "default"
_ENTRY_KEYS = {"say", "intent", "slots", "setup"}


class PhraseFileError(ValueError):
    """phrases.yaml is not as documented at its top."""


@dataclass(frozen=True)
class Phrase:
    say: str
    intent: str
    slots: Mapping[str, str] = field(default_factory=dict)
    setup: tuple[str, ...] = ()


@dataclass(frozen=True)
class Heard:
    """What one client made of a phrase: the intent, and per filled slot the words
    said and the value they came to (None: said, but not resolved or not readable)."""

    intent: str | None
    slots: Mapping[str, tuple[str, str | None]] = field(default_factory=dict)
    note: str = ""

    def describe(self) -> str:
        if self.intent is None:
            return f"nothing ({self.note})" if self.note else "nothing"
        parts = [f"{name}={value}" if value is not None else f"{name}={raw!r} (unresolved)"
                 for name, (raw, value) in sorted(self.slots.items())]
        text = self.intent + (" {" + ", ".join(parts) + "}" if parts else "")
        return f"{text} [{self.note}]" if self.note else text


@dataclass
class Score:
    name: str
    total: int = 0
    misses: list[tuple[Phrase, Heard]] = field(default_factory=list)

    @property
    def hits(self) -> int:
        return self.total - len(self.misses)

    @property
    def percent(self) -> float:
        return 100.0 * self.hits / self.total if self.total else 0.0


# ---------------------------------------------------------------------------- phrases


def load_phrases(path: Path = DEFAULT_PHRASES) -> list[Phrase]:
    """The phrases of a phrases.yaml, each with its setup lines spelled out."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise PhraseFileError(f"{path}: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("phrases"), list):
        raise PhraseFileError(f"{path}: expected a mapping with a 'phrases:' list")
    setups = data.get("setups") or {}
    if not isinstance(setups, dict) or not all(_is_lines(v) for v in setups.values()):
        raise PhraseFileError(f"{path}: 'setups:' must map names to lists of lines")
    setups.setdefault(DEFAULT_SETUP, [])
    phrases = []
    for number, entry in enumerate(data["phrases"], 1):
        where = f"{path}: phrase #{number}"
        if not isinstance(entry, dict) or set(entry) - _ENTRY_KEYS:
            raise PhraseFileError(f"{where}: expected keys among {sorted(_ENTRY_KEYS)}, got {entry!r}")
        say, intent, slots = entry.get("say"), entry.get("intent"), entry.get("slots") or {}
        if not isinstance(say, str) or not say.strip() or not isinstance(intent, str):
            raise PhraseFileError(f"{where}: 'say' and 'intent' must be non-empty text")
        if not isinstance(slots, dict) or not all(isinstance(v, (str, int)) for v in slots.values()):
            raise PhraseFileError(f"{where} ({say!r}): 'slots' must map slot names to values")
        setup = entry.get("setup", DEFAULT_SETUP)
        if isinstance(setup, str):
            if setup not in setups:
                raise PhraseFileError(f"{where} ({say!r}): no setup named {setup!r} under 'setups:'")
            setup = setups[setup]
        if not _is_lines(setup):
            raise PhraseFileError(f"{where} ({say!r}): 'setup' must be a setup name or a list of lines")
        phrases.append(Phrase(say, intent, {str(k): str(v) for k, v in slots.items()}, tuple(setup)))
    return phrases


def _is_lines(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(line, str) for line in value)


def phrase_problems(phrases: Sequence[Phrase]) -> list[str]:
    """Expected intents that skill/intents.py does not know, and slots they do not have."""
    problems = []
    for phrase in phrases:
        if phrase.intent not in ALL_INTENTS:
            problems.append(f"{phrase.say!r}: unknown intent {phrase.intent}")
        for slot in phrase.slots:
            if slot not in CUSTOM_SLOTS.get(phrase.intent, {}):
                problems.append(f"{phrase.say!r}: {phrase.intent} has no slot {slot!r}")
    return problems


def describe_expected(phrase: Phrase) -> str:
    parts = [f"{name}={value}" for name, value in sorted(phrase.slots.items())]
    return phrase.intent + (" {" + ", ".join(parts) + "}" if parts else "")


# ------------------------------------------------------------------------- judging


def _builtin_value(slot_type: str | None, raw: str) -> str | None:
    if slot_type == "AMAZON.NUMBER":
        return parse_number(raw)
    if slot_type == "AMAZON.TIME":
        return raw if raw in ("MO", "AF", "EV", "NI") else parse_time(raw)
    return raw


# An intent and slot value answered as another intent without slots, either way round:
# WhichExerciseIntent {place: current} as WhereAmIIntent (skill.engine.explain.which_exercise).
SAME_ANSWER: dict[tuple[str | None, str, str | None], str] = {(WHICH_EXERCISE, "place", "current"): WHERE_AM_I}


def _answered_alike(with_slot: str | None, slots: Mapping[str, str | None], without: str | None) -> bool:
    return len(slots) == 1 and all(SAME_ANSWER.get((with_slot, k, v)) == without for k, v in slots.items())


def understood(phrase: Phrase, heard: Heard) -> bool:
    if (not phrase.slots and _answered_alike(heard.intent, {k: v[1] for k, v in heard.slots.items()}, phrase.intent)
            or not heard.slots and _answered_alike(phrase.intent, phrase.slots, heard.intent)):
        return True
    if heard.intent != phrase.intent:
        return False
    unread = UNREAD_SLOTS.get(phrase.intent, frozenset())
    for slot in set(phrase.slots) | (set(heard.slots) - unread):
        expected, got = phrase.slots.get(slot), heard.slots.get(slot)
        if expected is None:
            if got is not None:
                return False  # a slot filled that should have been left empty
        elif got is None or (got[1] or skill_finds(phrase.intent, slot, got[0])) != expected:
            return False
    return True


def skill_finds(intent: str, slot: str, heard: str) -> str | None:
    """The id the skill finds for a custom slot's words that Alexa did not resolve."""
    kind = SLOT_TYPES.get(CUSTOM_SLOTS.get(intent, {}).get(slot, ""))
    if kind is None:
        return None
    content = default_content()
    entries = getattr(content, kind)
    found = find(entries, heard) if kind == "equipment" else named(content, heard)  # as the engine reads them
    return found.id if found is not None and found.id in entries else None


def score(name: str, phrases: Sequence[Phrase], heard: Sequence[Heard]) -> Score:
    result = Score(name, total=len(phrases))
    result.misses = [(p, h) for p, h in zip(phrases, heard, strict=True) if not understood(p, h)]
    return result


def heard_from_match(match: Match) -> Heard:
    """What the local matcher made of a phrase."""
    slots: dict[str, tuple[str, str | None]] = {}
    for name, fill in match.slots.items():
        if not fill.value.strip():
            continue
        if fill.builtin:
            slots[name] = (fill.value, None if fill.value == "?" else _builtin_value(fill.type, fill.value))
        else:
            slots[name] = (fill.value, fill.resolved_id)
    return Heard(match.intent, slots, "no sample fits" if match.source == "fallback" else "")


def heard_from_virtual_alexa(result: Mapping[str, Any]) -> Heard:
    """What virtual-alexa sent for a phrase (one line of understand.js's output)."""
    if not result.get("ok"):
        return Heard(None, {}, f"error: {result.get('error')}")
    intent = result.get("intent")
    slots: dict[str, tuple[str, str | None]] = {}
    for name, slot in (result.get("slots") or {}).items():
        raw = str(slot.get("value") or "")
        if not raw.strip():
            continue
        if slot.get("status") is not None:  # a custom type: entity resolution
            slots[name] = (raw, slot.get("id") if slot["status"] == "ER_SUCCESS_MATCH" else None)
        else:
            slot_type = CUSTOM_SLOTS.get(str(intent), {}).get(name)
            slots[name] = (raw, _builtin_value(slot_type, raw))
    notes = []
    if result.get("no_match"):
        notes.append("virtual-alexa matched no sample")
    if result.get("launch_quirk"):
        notes.append("utter() would have sent a LaunchRequest")
    if result.get("request_type") not in (None, "IntentRequest"):
        notes.append(str(result["request_type"]))
    return Heard(intent, slots, "; ".join(notes))


# -------------------------------------------------------------------- measurements


def measure_matcher(phrases: Sequence[Phrase], locale: str = "en-US") -> Score:
    matcher = matcher_for_locale(locale)
    return score("local matcher", phrases, [heard_from_match(matcher.match(p.say)) for p in phrases])


def virtual_alexa_unavailable(directory: Path = VIRTUAL_ALEXA_DIR) -> str | None:
    """Why (b) cannot run here, or None when it can."""
    if shutil.which("node") is None:
        return "node is not on PATH (Node.js 18 or newer is needed)"
    if not (directory / "understand.js").is_file():
        return f"{directory / 'understand.js'} is missing"
    if not (directory / "node_modules" / "virtual-alexa").is_dir():
        return f"virtual-alexa is not installed: run npm ci --prefix {directory}"
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve(skill_id: str = VIRTUAL_ALEXA_SKILL_ID, limit_s: float = 30.0) -> Iterator[str]:
    """``back-routine serve`` on a free loopback port, verification off, memory store;
    yields its URL ("http://127.0.0.1:PORT/") once /health answers."""
    port = free_port()
    command = [sys.executable, "-m", "skill.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
               "--store", "memory:", "--skill-id", skill_id, "--insecure-skip-verification"]
    env = os.environ | {"BACK_ROUTINE_LOG_LEVEL": "WARNING", "BACK_ROUTINE_VERIFY": "0", "SKILL_ID": skill_id,
                        "BACK_ROUTINE_STORE": "memory:"}
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=REPO)
        try:
            _wait_for_health(f"http://127.0.0.1:{port}/health", process, log, limit_s)
            yield f"http://127.0.0.1:{port}/"
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_for_health(url: str, process: subprocess.Popen[Any], log: Any, limit_s: float) -> None:
    deadline = time.monotonic() + limit_s
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError as exc:
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise RuntimeError(f"back-routine serve did not start: {log.read()[-2000:]}") from exc
            time.sleep(0.1)


def virtual_alexa_job(url: str, conversations: Sequence[Mapping[str, Any]], *, locale: str = "en-US",
                      skill_id: str = VIRTUAL_ALEXA_SKILL_ID, **options: Any) -> dict[str, Any]:
    """The job understand.js reads; ``options`` adds e.g. ``responses=True``."""
    return {"model": str(model_path(locale)), "url": url, "skillId": skill_id, "locale": locale,
            "conversations": [dict(c) for c in conversations], **options}


def run_understand(job: Mapping[str, Any], timeout_s: float = 600.0) -> list[dict[str, Any]]:
    """Run understand.js on a job: one result per conversation, in order."""
    done = subprocess.run(["node", str(UNDERSTAND_JS), "-"], input=json.dumps(job), capture_output=True,
                          text=True, timeout=timeout_s, cwd=VIRTUAL_ALEXA_DIR, check=False)
    if done.returncode != 0:
        detail = (done.stderr.strip() + "\n" + done.stdout.strip()[:1000]).strip()
        raise RuntimeError(f"understand.js exited {done.returncode}: {detail[-2000:]}")
    results = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    if len(results) != len(job["conversations"]):
        raise RuntimeError(f"understand.js answered {len(results)} of {len(job['conversations'])} conversations")
    return results


def measure_virtual_alexa(phrases: Sequence[Phrase], locale: str = "en-US") -> Score:
    conversations = [{"setup": list(p.setup), "phrase": p.say} for p in phrases]
    with serve() as url:
        results = run_understand(virtual_alexa_job(url, conversations, locale=locale))
    return score("virtual-alexa", phrases, [heard_from_virtual_alexa(r) for r in results])


# ---------------------------------------------------------------------------- report


def report(scores: Sequence[Score], out: Any = sys.stdout) -> None:
    for result in scores:
        print(f"{result.name + ':':16} {result.hits:4}/{result.total} understood ({result.percent:.1f}%)", file=out)
    for result in scores:
        print(f"\nmisses, {result.name} ({len(result.misses)}):", file=out)
        for phrase, heard in result.misses:
            print(f"  {phrase.say!r}\n      expected {describe_expected(phrase)}\n      got      {heard.describe()}",
                  file=out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m skill.tools.understanding", description=__doc__.split("\n\n")[0])
    parser.add_argument("--phrases", type=Path, default=DEFAULT_PHRASES, help="phrase set [%(default)s]")
    parser.add_argument("--locale", default="en-US", help="interaction model to test [%(default)s]")
    parser.add_argument("--no-virtual-alexa", action="store_true", help="only the local matcher")
    parser.add_argument("--strict", action="store_true", help=f"exit 1 if either is under {THRESHOLD:.0f}%%")
    args = parser.parse_args(argv)
    try:
        phrases = load_phrases(args.phrases)
        model = model_path(args.locale)
        scores = [measure_matcher(phrases, args.locale)]
    except (PhraseFileError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for problem in phrase_problems(phrases):
        print(f"warning: {problem}", file=sys.stderr)
    print(f"{len(phrases)} phrases from {args.phrases}, model {model}")
    missing = None
    if args.no_virtual_alexa:
        print("virtual-alexa: skipped (--no-virtual-alexa)")
    else:
        missing = virtual_alexa_unavailable()
        if missing is None:
            try:
                scores.append(measure_virtual_alexa(phrases, args.locale))
            except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
                missing = f"failed: {exc}"
        if missing is not None:
            print(f"virtual-alexa: not measured: {missing}")
    report(scores)
    if args.strict:
        low = [s.name for s in scores if s.percent < THRESHOLD]
        if low or missing is not None:
            print(f"\nstrict: under {THRESHOLD:.0f}%: {', '.join(low) or 'none'}"
                  + ("; virtual-alexa not measured" if missing is not None else ""), file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
