"""The rules of ``interaction_models/skill.json`` that ask-smapi-model's classes cannot
check: what certification asks of the publishing information, privacy and events.

- every locale of the models is published, within the console's limits, with the health
  disclaimer in the description;
- the description opens with "Say 'Alexa, open my back routine'", and every phrase in it
  that starts "Alexa, " opens the skill or is a one-shot ("Alexa, ask my back routine
  ...") the model really understands; so are the example phrases;
- both icons are ``file://assets/images/...`` PNGs at their sizes (108 and 512 pixels
  square), present beside the manifest (the ASK CLI's ``skill-package/`` layout);
- ``usesPersonalInfo`` is true (progress and pain ratings are kept per person), and every
  locale has a privacy policy and terms of use URL;
- the reminders permission is asked for, and ``SKILL_DISABLED`` is subscribed to at the
  skill's own endpoint (a person's data is deleted when the skill is disabled for good).

As committed, the endpoint and the two URLs are tokens that ``skill.tools.skill_package``
replaces (:class:`Filled`); once replaced, they must be a Lambda ARN and https URLs.
"""

from __future__ import annotations

import ipaddress
import json
import re
import struct
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import urlsplit

from skill.text import normalize

if TYPE_CHECKING:
    from skill.sim.matcher import Matcher

ENDPOINT_TOKEN = "${SkillFunctionArn}"
PRIVACY_TOKEN = "${PrivacyPolicyUrl}"
TERMS_TOKEN = "${TermsOfUseUrl}"
TOKENS = (ENDPOINT_TOKEN, PRIVACY_TOKEN, TERMS_TOKEN)
REMINDERS = "alexa::alerts:reminders:skill:readwrite"
SKILL_DISABLED = "SKILL_DISABLED"
# Limits the developer console enforces on publishing information.
MAX_EXAMPLE_PHRASES = 3
MAX_NAME, MAX_SUMMARY, MAX_DESCRIPTION, MAX_KEYWORDS = 50, 160, 4000, 30
MAX_URL = 1024
# Words the description must carry: the disclaimer certification asks of health skills.
DISCLAIMER_WORDS = ("educational", "not medical advice", "healthcare provider", "emergenc")
ICONS = {"smallIconUri": 108, "largeIconUri": 512}  # field -> width and height in pixels
ICON_URI = re.compile(r"^file://(assets/images/[A-Za-z0-9_.-]+\.png)$")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# A phrase quoted in the description: 'Alexa, ...' up to a quote that ends a word
# (the apostrophe of "child's" does not end it).
QUOTED = re.compile(r"'(Alexa, .+?)'(?![A-Za-z])")
NOT_REACHABLE = re.compile(r"(^|\.)(localhost|example|invalid|test)$|(^|\.)example\.(com|net|org)$")


class Filled(NamedTuple):
    """What replaces the manifest's tokens for ``ask deploy``."""

    arn: str  # the Lambda function: the SkillFunctionArn output of sam deploy
    privacy_url: str
    terms_url: str


# -------------------------------------------------------------------------- URLs


def url_problems(url: str, what: str) -> list[str]:
    """Why ``url`` cannot be a privacy policy or terms URL that certification (and a
    person) can open: https, a public host name, no spaces."""
    if not isinstance(url, str) or not url.strip():
        return [f"{what}: required"]
    if len(url) > MAX_URL or any(c.isspace() for c in url):
        return [f"{what} {url!r}: at most {MAX_URL} characters, no spaces"]
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError:
        return [f"{what} {url!r}: not a URL"]
    if parts.scheme != "https":
        return [f"{what} {url!r}: must start with https://"]
    if "." not in host or NOT_REACHABLE.search(host) or _is_ip(host) or parts.username or parts.password:
        return [f"{what} {url!r}: must name a public host that reviewers and users can reach"]
    return []


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def legal_urls(site: str | None = None, privacy_url: str | None = None,
               terms_url: str | None = None) -> tuple[str, str]:
    """The privacy policy and terms URLs: each given one, else ``site`` + ``/privacy``
    and ``/terms`` (where ``back-routine serve`` and the web service serve them).
    Raises ValueError naming what is missing or wrong."""
    problems = url_problems(site, "--site") if site is not None else []
    base = (site or "").rstrip("/")
    privacy = privacy_url or (f"{base}/privacy" if site else None)
    terms = terms_url or (f"{base}/terms" if site else None)
    if privacy is None or terms is None:
        problems.append("give --site (where /privacy and /terms are served), or --privacy-url "
                        "and --terms-url: certification needs both for every locale")
    else:
        problems += url_problems(privacy, "--privacy-url") + url_problems(terms, "--terms-url")
    if problems:
        raise ValueError("\n".join(problems))
    assert privacy is not None and terms is not None
    return privacy, terms


# ------------------------------------------------------------------------ phrases


def example_phrase_problems(phrases: Sequence[str], model: Mapping[str, Any]) -> list[str]:
    """Whether each example phrase is one the model really understands, as Alexa checks
    at certification: it starts with the wake word, names the skill by its invocation
    name, and what it asks for is one of the model's samples word for word, with slot
    values that resolve. The first phrase must open the skill."""
    from skill.sim.matcher import Matcher

    matcher = _matcher(json.dumps(model, sort_keys=True))
    language = model["interactionModel"]["languageModel"]
    intents = {intent["name"]: intent for intent in language["intents"]}
    names = {kind["name"]: {normalize(said) for value in kind["values"]
                            for said in (value["name"]["value"], *value["name"].get("synonyms", []))}
             for kind in language.get("types", [])}
    problems = []
    for index, phrase in enumerate(phrases):
        invocation = matcher.invocation(phrase)
        if not Matcher.addressed(phrase):
            problems.append(f"'{phrase}': an example phrase starts with the wake word 'Alexa, '")
        elif invocation is None:
            problems.append(f"'{phrase}': does not name the skill as "
                            f"'{matcher.invocation_name}' with a launch or ask phrase")
        elif index == 0 and invocation.kind != "launch":
            problems.append(f"'{phrase}': the first example phrase must open the skill "
                            f"('Alexa, open {matcher.invocation_name}')")
        elif invocation.kind == "one-shot":
            found = matcher.match(invocation.rest)
            intent = intents.get(found.intent or "", {})
            kinds = {slot["name"]: slot["type"] for slot in intent.get("slots", [])}
            fits = (_fit(sample, invocation.rest) for sample in intent.get("samples", ()))
            exact = any(fit is not None and _resolves(fit, kinds, names) for fit in fits)
            unresolved = [s.name for s in found.slots.values() if not s.matched and not s.builtin]
            if found.source == "model" and unresolved:
                problems.append(f"'{phrase}': slot {unresolved} does not resolve to a value")
            elif found.source != "model" or not exact:
                problems.append(f"'{phrase}': '{invocation.rest}' is not a sample utterance "
                                "of the model")
    return problems


@lru_cache(maxsize=8)
def _matcher(model_json: str) -> Matcher:
    """A matcher per model (compiling one takes a while; the checks reuse it)."""
    from skill.sim.matcher import Matcher

    return Matcher(json.loads(model_json))


def _fit(sample: str, said: str) -> dict[str, str] | None:
    """The words ``said`` puts in each slot of ``sample`` when it is that sample word for
    word ("start the desk break" fits "start {routine}" with "the desk break"), else None."""
    pattern = r"\s".join(f"(?P<{word[1:-1]}>.+)" if word.startswith("{") else re.escape(normalize(word))
                         for word in sample.split())
    fit = re.fullmatch(pattern, normalize(said))
    return None if fit is None else fit.groupdict()


def _resolves(fit: Mapping[str, str], kinds: Mapping[str, str], names: Mapping[str, set[str]]) -> bool:
    """Whether each slot's words resolve as Alexa resolves them: a built-in slot takes any
    words; a custom slot's words must be one of its type's values or synonyms."""
    return all(kinds.get(slot, "").startswith("AMAZON.") or words in names.get(kinds.get(slot, ""), ())
               for slot, words in fit.items())


def description_phrases(description: str) -> list[str]:
    """The phrases quoted in a description that start with the wake word."""
    return QUOTED.findall(description)


def description_problems(description: str, model: Mapping[str, Any]) -> list[str]:
    """The description opens with the launch phrase, and writes every other phrase to
    Alexa as a one-shot the model understands ("Alexa, ask my back routine ...")."""
    invocation = model["interactionModel"]["languageModel"]["invocationName"]
    launch, ask = f"Alexa, open {invocation}", f"Alexa, ask {invocation} "
    problems = []
    if not description.startswith(f"Say '{launch}'"):
        problems.append(f"must open with: Say '{launch}'")
    one_shots = [p for p in description_phrases(description) if p != launch]
    for phrase in one_shots:
        if not phrase.startswith(ask):
            problems.append(f"'{phrase}': write a one-shot as '{ask}...'")
    problems += example_phrase_problems([launch, *(p for p in one_shots if p.startswith(ask))], model)
    return problems


# -------------------------------------------------------------------------- icons


def png_size(path: Path) -> tuple[int, int] | None:
    """(width, height) of a PNG file, from its header; None if it is not a PNG."""
    try:
        with path.open("rb") as file:
            head = file.read(24)
    except OSError:
        return None
    if len(head) < 24 or head[:8] != PNG_SIGNATURE or head[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def icon_files(envelope: Mapping[str, Any]) -> list[str]:
    """The icon files the manifest names, relative to the skill package, each once."""
    by_locale = envelope.get("manifest", {}).get("publishingInformation", {}).get("locales", {})
    found = []
    for info in by_locale.values():
        for field in ICONS:
            match = ICON_URI.match(str(info.get(field, "")))
            if match and match.group(1) not in found:
                found.append(match.group(1))
    return found


def icon_problems(info: Mapping[str, Any], where: str, directory: Path) -> list[str]:
    problems = []
    for field, size in ICONS.items():
        uri = info.get(field)
        match = ICON_URI.match(str(uri or ""))
        if match is None:
            problems.append(f"{where}.{field}: {uri!r} is not file://assets/images/NAME.png")
            continue
        found = png_size(directory / match.group(1))
        if found is None:
            problems.append(f"{where}.{field}: {match.group(1)} is missing or not a PNG "
                            "(python -m skill.tools.icons draws it)")
        elif found != (size, size):
            problems.append(f"{where}.{field}: {match.group(1)} is {found[0]}x{found[1]}; "
                            f"it must be {size}x{size}")
    return problems


# ----------------------------------------------------------------------- manifest


def manifest_problems(envelope: Mapping[str, Any], models: Mapping[str, Mapping[str, Any]],
                      *, filled: Filled | None = None, directory: Path | None = None) -> list[str]:
    """Every rule above. ``filled``: the values the tokens were replaced with (default:
    the tokens themselves, as committed); ``directory``: where the icons are (default:
    beside the committed manifest)."""
    from skill.resources import interaction_models_dir

    directory = directory if directory is not None else interaction_models_dir()
    wanted = filled or Filled(ENDPOINT_TOKEN, PRIVACY_TOKEN, TERMS_TOKEN)
    manifest = envelope.get("manifest", {})
    by_locale: Mapping[str, Any] = manifest.get("publishingInformation", {}).get("locales", {})
    problems = []
    if set(by_locale) != set(models):
        problems.append(f"publishingInformation.locales has {sorted(by_locale)}; "
                        f"the interaction models are {sorted(models)}")
    for locale, info in by_locale.items():
        problems += _publishing_problems(locale, info, models.get(locale), directory)
    problems += _privacy_problems(manifest.get("privacyAndCompliance", {}), set(by_locale), wanted)
    permissions = [p.get("name") for p in manifest.get("permissions", [])]
    if REMINDERS not in permissions:
        problems.append(f"permissions: {REMINDERS} is missing (daily reminders need it)")
    uri = manifest.get("apis", {}).get("custom", {}).get("endpoint", {}).get("uri")
    if uri != wanted.arn:
        problems.append(f"apis.custom.endpoint.uri is {uri!r}, expected {wanted.arn!r}")
    events = manifest.get("events", {})
    if {"eventName": SKILL_DISABLED} not in events.get("subscriptions", []):
        problems.append(f"events.subscriptions: {SKILL_DISABLED} is missing (disabling the "
                        "skill for good deletes the person's data)")
    if events.get("endpoint", {}).get("uri") != wanted.arn:
        problems.append(f"events.endpoint.uri is {events.get('endpoint', {}).get('uri')!r}, "
                        f"expected {wanted.arn!r}")
    if filled is not None:
        left = [t for t in TOKENS if t in json.dumps(envelope)]
        if left:
            problems.append(f"{', '.join(left)} still in the manifest: give --arn and the URLs")
    return problems


def _publishing_problems(locale: str, info: Mapping[str, Any], model: Mapping[str, Any] | None,
                         directory: Path) -> list[str]:
    where = f"publishingInformation.locales.{locale}"
    problems = []
    for field, limit in (("name", MAX_NAME), ("summary", MAX_SUMMARY), ("description", MAX_DESCRIPTION)):
        text = info.get(field, "")
        if not text.strip():
            problems.append(f"{where}.{field}: required")
        elif len(text) > limit:
            problems.append(f"{where}.{field}: {len(text)} characters, at most {limit}")
    description = info.get("description", "")
    missing = [w for w in DISCLAIMER_WORDS if w not in description.lower()]
    if missing:
        problems.append(f"{where}.description: the health disclaimer must say {missing}")
    if len(info.get("keywords", [])) > MAX_KEYWORDS:
        problems.append(f"{where}.keywords: at most {MAX_KEYWORDS}")
    phrases = info.get("examplePhrases", [])
    if not 1 <= len(phrases) <= MAX_EXAMPLE_PHRASES:
        problems.append(f"{where}.examplePhrases: one to {MAX_EXAMPLE_PHRASES} phrases")
    if model is not None:
        problems += [f"{where}.examplePhrases: {p}" for p in example_phrase_problems(phrases, model)]
        problems += [f"{where}.description: {p}" for p in description_problems(description, model)]
    return problems + icon_problems(info, where, directory)


def _privacy_problems(privacy: Mapping[str, Any], locales: set[str], wanted: Filled) -> list[str]:
    problems = []
    if privacy.get("usesPersonalInfo") is not True:
        problems.append("privacyAndCompliance.usesPersonalInfo must be true: the skill keeps "
                        "each person's progress and pain ratings")
    by_locale: Mapping[str, Any] = privacy.get("locales", {})
    if set(by_locale) != locales:
        problems.append(f"privacyAndCompliance.locales has {sorted(by_locale)}; "
                        f"the published locales are {sorted(locales)}")
    for locale, urls in by_locale.items():
        for field, value in (("privacyPolicyUrl", wanted.privacy_url), ("termsOfUseUrl", wanted.terms_url)):
            if urls.get(field) != value:
                problems.append(f"privacyAndCompliance.locales.{locale}.{field} is "
                                f"{urls.get(field)!r}, expected {value!r}")
    return problems


__all__ = [
    "DISCLAIMER_WORDS", "ENDPOINT_TOKEN", "ICONS", "PRIVACY_TOKEN", "REMINDERS", "SKILL_DISABLED", "TERMS_TOKEN",
    "TOKENS", "Filled", "description_phrases", "description_problems", "example_phrase_problems", "icon_files",
    "icon_problems", "legal_urls", "manifest_problems", "png_size", "url_problems",
]
