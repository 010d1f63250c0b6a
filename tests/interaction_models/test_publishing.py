"""What certification asks of the skill package beyond the models: icons at their sizes,
privacy policy and terms URLs for every locale, usesPersonalInfo, the SKILL_DISABLED
subscription, a description that opens with the launch phrase and writes one-shots that
the model understands; the policy and terms themselves, and the web pages serving them."""

from __future__ import annotations

import copy
import json
import re
import struct
import zlib
from pathlib import Path

import pytest
from support import published

from skill import legal
from skill.resources import interaction_models_dir
from skill.tools.icons import SIZES
from skill.tools.model_build import locales
from skill.tools.package_rules import (
    ENDPOINT_TOKEN,
    PRIVACY_TOKEN,
    TERMS_TOKEN,
    description_phrases,
    description_problems,
    example_phrase_problems,
    icon_problems,
    legal_urls,
    manifest_problems,
    png_size,
    url_problems,
)
from skill.tools.skill_package import PackageError, assemble, build_package

ARN = "arn:aws:lambda:eu-west-1:123456789012:function:my-back-routine-SkillFunction-Xy98"
SITE = "https://back-routine.physio-team.org"
LAUNCH = "Alexa, open my back routine"


# ------------------------------------------------------------------------ icons


def decode_png(path: Path) -> tuple[int, int, int]:
    """(width, height, bytes per pixel) of an 8-bit, non-interlaced PNG, after checking
    every chunk's CRC and that the image data inflates to exactly the right size."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    at, chunks = 8, []
    while at < len(data):
        (length,) = struct.unpack(">I", data[at:at + 4])
        kind, body = data[at + 4:at + 8], data[at + 8:at + 8 + length]
        (crc,) = struct.unpack(">I", data[at + 8 + length:at + 12 + length])
        assert zlib.crc32(kind + body) == crc, kind
        chunks.append((kind, body))
        at += 12 + length
    assert chunks[0][0] == b"IHDR" and chunks[-1][0] == b"IEND"
    width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    assert depth == 8 and interlace == 0 and color in (2, 6)  # RGB or RGBA
    channels = 3 if color == 2 else 4
    pixels = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    assert len(pixels) == height * (1 + width * channels)
    return width, height, channels


@pytest.mark.parametrize(("field", "size"), [("smallIconUri", 108), ("largeIconUri", 512)])
def test_every_locale_names_a_committed_png_icon_at_its_size(envelope, field, size):
    uris = {published(envelope, loc)[field] for loc in locales()}
    assert len(uris) == 1
    uri = uris.pop()
    assert re.fullmatch(r"file://assets/images/[a-z-]+\.png", uri)
    path = interaction_models_dir() / uri.removeprefix("file://")
    assert png_size(path) == (size, size)
    assert decode_png(path)[:2] == (size, size)


def test_the_icons_are_drawn_by_the_script(tmp_path):
    """python -m skill.tools.icons draws what is committed (where Pillow is installed)."""
    pytest.importorskip("PIL")
    from PIL import Image, ImageChops

    from skill.tools.icons import icon_path, write_icons

    written = write_icons(tmp_path)
    for kind, size in SIZES.items():
        assert png_size(icon_path(kind, tmp_path)) == (size, size)
        with Image.open(icon_path(kind)) as committed, Image.open(icon_path(kind, tmp_path)) as drawn:
            difference = ImageChops.difference(committed.convert("RGB"), drawn.convert("RGB"))
            assert max(high for _, high in difference.getextrema()) <= 8, kind  # resampling may differ a little
    assert len(written) == 2


def test_a_wrong_size_fake_or_remote_icon_is_named(tmp_path):
    folder = tmp_path / "assets" / "images"
    folder.mkdir(parents=True)
    large = interaction_models_dir() / "assets" / "images" / "large-icon.png"
    (folder / "big.png").write_bytes(large.read_bytes())
    (folder / "fake.png").write_text("not a png")
    good = {"smallIconUri": "file://assets/images/big.png", "largeIconUri": "file://assets/images/big.png"}
    problems = icon_problems(good, "x", tmp_path)
    assert problems == ["x.smallIconUri: assets/images/big.png is 512x512; it must be 108x108"]
    assert "missing or not a PNG" in icon_problems({**good, "largeIconUri": "file://assets/images/fake.png"},
                                                   "x", tmp_path)[1]
    assert "missing or not a PNG" in icon_problems({**good, "largeIconUri": "file://assets/images/no.png"},
                                                   "x", tmp_path)[1]
    assert "is not file://assets/images/NAME.png" in icon_problems(
        {**good, "largeIconUri": "https://cdn.example.com/icon.png"}, "x", tmp_path)[1]
    assert "is not file://" in icon_problems({}, "x", tmp_path)[0]


# ---------------------------------------------------------------- privacy, events


def test_personal_info_privacy_urls_and_events_as_committed(envelope):
    manifest = envelope["manifest"]
    privacy = manifest["privacyAndCompliance"]
    assert privacy["usesPersonalInfo"] is True
    assert privacy["locales"] == {loc: {"privacyPolicyUrl": PRIVACY_TOKEN, "termsOfUseUrl": TERMS_TOKEN}
                                  for loc in locales()}
    assert manifest["events"] == {"endpoint": {"uri": ENDPOINT_TOKEN},
                                  "subscriptions": [{"eventName": "SKILL_DISABLED"}]}


def test_manifest_rules_for_privacy_and_events(envelope, models):
    def problems(change):
        bad = copy.deepcopy(envelope)
        change(bad["manifest"])
        return manifest_problems(bad, models)

    assert "usesPersonalInfo must be true" in problems(
        lambda m: m["privacyAndCompliance"].update(usesPersonalInfo=False))[0]
    assert "the published locales are" in problems(lambda m: m["privacyAndCompliance"]["locales"].pop("en-AU"))[0]
    assert "en-GB.termsOfUseUrl is None" in problems(
        lambda m: m["privacyAndCompliance"]["locales"]["en-GB"].pop("termsOfUseUrl"))[0]
    assert "SKILL_DISABLED is missing" in problems(lambda m: m["events"].update(subscriptions=[]))[0]
    assert "events.endpoint.uri is None" in problems(lambda m: m.pop("events"))[-1]
    assert "events.endpoint.uri is 'arn" in problems(lambda m: m["events"]["endpoint"].update(uri=ARN))[0]


@pytest.mark.parametrize(("url", "message"), [
    ("http://back-routine.physio-team.org/privacy", "https://"),
    ("https://localhost/privacy", "public host"),
    ("https://127.0.0.1/privacy", "public host"),
    ("https://intranet/privacy", "public host"),
    ("https://www.example.com/privacy", "public host"),
    ("https://user:pw@back-routine.physio-team.org/privacy", "public host"),
    ("https://back-routine.physio-team.org/my policy", "no spaces"),
    ("https://back-routine.physio-team.org:99999/privacy", "not a URL"),
    ("", "required"),
])
def test_a_bad_policy_url_is_refused(url, message):
    problems = url_problems(url, "--privacy-url")
    assert len(problems) == 1 and message in problems[0], problems


def test_legal_urls_come_from_the_site_or_are_given():
    assert legal_urls(SITE) == (f"{SITE}/privacy", f"{SITE}/terms")
    assert legal_urls(SITE + "/skill/") == (f"{SITE}/skill/privacy", f"{SITE}/skill/terms")
    assert legal_urls(SITE, terms_url="https://physio-team.org/terms.html") == (
        f"{SITE}/privacy", "https://physio-team.org/terms.html")
    assert legal_urls(None, "https://a.org/p", "https://a.org/t") == ("https://a.org/p", "https://a.org/t")
    with pytest.raises(ValueError, match="give --site"):
        legal_urls(None, "https://a.org/p")
    with pytest.raises(ValueError, match="--site 'http://a.org'"):
        legal_urls("http://a.org")


def test_the_filled_manifest_has_the_urls_for_every_locale_and_the_arn_for_events(tmp_path, envelope):
    package = assemble(ARN, tmp_path, privacy_url="https://physio-team.org/privacy.html", site=SITE)
    manifest = json.loads((package / "skill.json").read_text())["manifest"]
    for urls in manifest["privacyAndCompliance"]["locales"].values():
        assert urls == {"privacyPolicyUrl": "https://physio-team.org/privacy.html", "termsOfUseUrl": f"{SITE}/terms"}
    assert manifest["events"]["endpoint"] == {"uri": ARN}
    assert manifest["apis"]["custom"]["endpoint"] == {"uri": ARN}
    assert "${" not in (package / "skill.json").read_text()
    for kind in ("small", "large"):  # the icons, where the file:// URIs point
        name = f"assets/images/{kind}-icon.png"
        assert (package / name).read_bytes() == (interaction_models_dir() / name).read_bytes()
        assert published({"manifest": manifest})[f"{kind}IconUri"] == f"file://{name}"


def test_assembly_needs_the_urls_and_writes_nothing_without_them(tmp_path):
    with pytest.raises(PackageError, match="give --site"):
        assemble(ARN, tmp_path)
    with pytest.raises(PackageError, match="must start with https"):
        build_package(ARN, site="http://back-routine.physio-team.org")
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------ description


def test_every_description_opens_with_the_launch_phrase(envelope):
    for locale in locales():
        assert published(envelope, locale)["description"].startswith(f"Say '{LAUNCH}', and My Back Routine")


@pytest.mark.parametrize("locale", locales())
def test_the_descriptions_one_shots_are_real_samples(envelope, models, locale):
    description = published(envelope, locale)["description"]
    phrases = description_phrases(description)
    assert phrases[0] == LAUNCH
    one_shots = phrases[1:]
    assert "Alexa, ask my back routine to start the desk break" in one_shots
    assert "Alexa, ask my back routine to delete my data" in one_shots
    assert len(one_shots) >= 3 and all(p.startswith("Alexa, ask my back routine ") for p in one_shots)
    assert description_problems(description, models[locale]) == []
    assert example_phrase_problems([LAUNCH, *one_shots], models[locale]) == []


def test_a_description_without_the_launch_phrase_or_with_a_bad_one_shot_is_named(models):
    model = models["en-US"]
    good = f"Say '{LAUNCH}'. Or 'Alexa, ask my back routine how do I do child's pose'."
    assert description_phrases(good) == [LAUNCH, "Alexa, ask my back routine how do I do child's pose"]
    assert description_problems(good, model) == []
    assert "must open with: Say 'Alexa, open my back routine'" in description_problems("Coaches you.", model)[0]
    told = description_problems(f"Say '{LAUNCH}'. 'Alexa, tell my back routine to start the desk break'", model)
    assert "write a one-shot as 'Alexa, ask my back routine ...'" in told[0]
    wrong = description_problems(f"Say '{LAUNCH}'. 'Alexa, ask my back routine to juggle'", model)
    assert "is not a sample utterance" in wrong[0]


# -------------------------------------------------------------- policy and terms


def test_the_policy_says_what_is_kept_why_how_long_and_how_to_delete_it():
    policy = " ".join(legal.text("privacy").split())
    for heading in ("## What we keep", "## Why we keep it", "## Where it is kept, and for how long",
                    "## How to delete your data"):
        assert heading in legal.text("privacy")
    for kept in ("Your place in a routine", "The routines you finished", "Your pain ratings", "Your settings"):
        assert kept in policy
    assert "kept until you delete it" in policy
    assert "disable the skill" in policy
    assert "not directed at children" in policy


@pytest.mark.parametrize("name", ["privacy", "terms"])
def test_the_voice_command_to_delete_is_one_every_model_understands(models, name):
    said = re.findall(r'"(Alexa, [^"]+)"', legal.text(name))
    assert "Alexa, ask my back routine to delete my data" in said
    for locale, model in models.items():
        assert example_phrase_problems([LAUNCH, *said], model) == [], locale


def test_the_terms_carry_the_health_disclaimer():
    terms = " ".join(legal.text("terms").split())
    for words in ("not medical advice", "healthcare provider", "Stop any movement that hurts",
                  "not for emergencies", "emergency number"):
        assert words in terms


def test_the_legal_markdown_becomes_escaped_html():
    page = legal.to_html("# T & C\n\nOne <b>\nline.\n\n## Part\n\n- an item\n  going on\n- two\nAfter.\n")
    assert page.split("\n") == ["<h1>T &amp; C</h1>", "<p>One &lt;b&gt; line.</p>", "<h2>Part</h2>", "<ul>",
                                "<li>an item going on</li>", "<li>two</li>", "</ul>", "<p>After.</p>"]
    assert legal.title("terms") == "My Back Routine: Terms of Use"
    with pytest.raises(KeyError):
        legal.text("../skill.json")
