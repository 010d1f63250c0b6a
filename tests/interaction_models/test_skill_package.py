"""interaction_models/skill.json and the interaction models, validated strictly against
ask-smapi-model's model classes, and the ASK CLI skill package assembled from them."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pytest
from support import published

from skill import intents
from skill.resources import interaction_models_dir
from skill.sim.matcher import matcher_for_locale
from skill.tools.model_build import locales, model_path
from skill.tools.skill_package import (
    ENDPOINT_TOKEN,
    MANIFEST_TYPE,
    MODEL_TYPE,
    PackageError,
    assemble,
    build_package,
    check_strict,
    example_phrase_problems,
    main,
    manifest_path,
    manifest_problems,
    strict_problems,
)

ARN = "arn:aws:lambda:us-east-1:123456789012:function:my-back-routine-SkillFunction-Ab12Cd34"
SITE = "https://back-routine.physio-team.org"
SKILL = "amzn1.ask.skill.12345678-90ab-cdef-1234-567890abcdef"


# ------------------------------------------------------------------ the real files


def test_the_manifest_passes_strictly(envelope):
    assert strict_problems(envelope, MANIFEST_TYPE) == []
    obj = check_strict(envelope, MANIFEST_TYPE, "skill.json")
    manifest = obj.manifest
    assert manifest.manifest_version.value == "1.0"
    assert manifest.publishing_information.category == "HEALTH_AND_FITNESS"
    assert [p.name.value for p in manifest.permissions] == ["alexa::alerts:reminders:skill:readwrite"]
    assert type(manifest.apis.custom.interfaces[0]).__name__ == "AlexaPresentationAplInterface"
    assert manifest.apis.custom.endpoint.uri == ENDPOINT_TOKEN


@pytest.mark.parametrize("locale", locales())
def test_every_interaction_model_passes_strictly(locale, models):
    assert strict_problems(models[locale], MODEL_TYPE) == []
    obj = check_strict(models[locale], MODEL_TYPE, f"{locale}.json")
    assert obj.interaction_model.language_model.invocation_name == "my back routine"


def test_the_committed_package_is_valid(models, envelope):
    manifest, built = build_package()
    assert manifest == envelope
    assert built == models
    assert manifest_problems(envelope, models) == []
    assert main(["--check"]) == 0


def test_the_manifest_publishes_every_locale_with_the_same_text(envelope):
    by_locale = envelope["manifest"]["publishingInformation"]["locales"]
    assert list(by_locale) == locales()
    first = published(envelope)
    for locale, info in by_locale.items():
        assert info == first, f"{locale} differs from en-US"
    countries = envelope["manifest"]["publishingInformation"]["distributionCountries"]
    assert sorted(countries) == sorted(loc.split("-")[1] for loc in locales())
    assert envelope["manifest"]["publishingInformation"]["isAvailableWorldwide"] is False
    assert first["name"] == "My Back Routine"


def test_the_description_carries_the_health_disclaimer(envelope):
    description = published(envelope)["description"]
    for words in ("educational and informational purposes only", "not medical advice",
                  "healthcare provider", "not for emergencies", "emergency number"):
        assert words in description
    assert "not medical advice" in published(envelope)["summary"].lower()


def test_the_privacy_flags_say_personal_info_and_no_purchases_ads_or_children(envelope):
    flags = dict(envelope["manifest"]["privacyAndCompliance"])
    flags.pop("locales")
    assert flags == {"allowsPurchases": False, "usesPersonalInfo": True, "isChildDirected": False,
                     "isExportCompliant": True, "containsAds": False}


# ----------------------------------------------------------------- strictness


def _set(data, path, value):
    *parents, last = path
    node = data
    for key in parents:
        node = node[key]
    node[last] = value
    return data


@pytest.mark.parametrize(("path", "message"), [
    (("manifest", "bogus"), "unknown field 'bogus' for SkillManifest"),
    (("bogus",), "unknown field 'bogus' for SkillManifestEnvelope"),
    (("manifest", "publishingInformation", "locales", "en-GB", "icon"),
     "unknown field 'icon' for SkillManifestLocalizedPublishingInformation"),
    (("manifest", "apis", "custom", "endpoint", "sslCertType"), "unknown field 'sslCertType'"),
    (("manifest", "privacyAndCompliance", "usesHealthData"), "unknown field 'usesHealthData'"),
    (("manifest", "permissions", 0, "scope"), "unknown field 'scope' for PermissionItems"),
    (("manifest", "apis", "custom", "interfaces", 0, "supportedViewport"),
     "unknown field 'supportedViewport' for AlexaPresentationAplInterface"),
])
def test_an_unknown_manifest_field_fails(envelope, path, message):
    bad = _set(copy.deepcopy(envelope), path, "x")
    problems = strict_problems(bad, MANIFEST_TYPE)
    assert len(problems) == 1 and message in problems[0], problems
    with pytest.raises(PackageError, match=message):
        check_strict(bad, MANIFEST_TYPE, "skill.json")


@pytest.mark.parametrize(("path", "value", "message"), [
    (("manifest", "publishingInformation", "isAvailableWorldwide"), "no", "expected bool, got a string"),
    (("manifest", "privacyAndCompliance", "containsAds"), 0, "expected bool, got a number"),
    (("manifest", "publishingInformation", "locales", "en-US", "examplePhrases"),
     "Alexa, open my back routine", "expected a list, got a string"),
    (("manifest", "publishingInformation", "locales", "en-AU", "keywords"), ["back", 7],
     "keywords[1]: expected str, got a number"),
    (("manifest", "publishingInformation", "locales", "en-US", "name"), None, "null is not allowed"),
    (("manifest", "publishingInformation", "locales"), [], "expected an object, got a list"),
    (("manifest", "manifestVersion"), "2.0", "'2.0' is not a ManifestVersion"),
    (("manifest", "publishingInformation", "distributionCountries"), ["US", "UK"],
     "'UK' is not a DistributionCountries"),
    (("manifest", "permissions", 0, "name"), "alexa::reminders", "is not a PermissionName"),
    (("manifest", "apis", "custom", "interfaces", 0, "type"), "SCREEN", "'SCREEN' is not a known Interface"),
    (("manifest", "apis", "custom", "endpoint"), "arn:aws:lambda:...", "expected an object"),
])
def test_a_wrong_manifest_type_fails(envelope, path, value, message):
    bad = _set(copy.deepcopy(envelope), path, value)
    problems = strict_problems(bad, MANIFEST_TYPE)
    assert problems and message in problems[0], problems
    with pytest.raises(PackageError):
        check_strict(bad, MANIFEST_TYPE, "skill.json")


def test_the_sdk_deserializer_alone_would_let_these_through(envelope):
    """Why the strict walk exists: the SDK drops unknown keys and coerces types."""
    from ask_sdk_model_runtime.serializer import DefaultSerializer

    bad = copy.deepcopy(envelope)
    bad["manifest"]["bogus"] = 1
    bad["manifest"]["publishingInformation"]["isAvailableWorldwide"] = "no"
    obj = DefaultSerializer().deserialize(json.dumps(bad), MANIFEST_TYPE)
    assert obj.manifest.publishing_information.is_available_worldwide is True  # "no" became True
    assert len(strict_problems(bad, MANIFEST_TYPE)) == 2


@pytest.mark.parametrize(("path", "value", "message"), [
    (("interactionModel", "languageModel", "bogus"), 1, "unknown field 'bogus' for LanguageModel"),
    (("interactionModel", "dialogue"), {}, "unknown field 'dialogue' for InteractionModelSchema"),
    (("interactionModel", "languageModel", "intents", 0, "utterances"), [],
     "unknown field 'utterances' for Intent"),
    (("interactionModel", "languageModel", "intents", 0, "slots", 0, "kind"), "ROUTINE",
     "unknown field 'kind' for SlotDefinition"),
    (("interactionModel", "languageModel", "types", 0, "values", 0, "name", "synonym"), [],
     "unknown field 'synonym' for TypeValueObject"),
    (("interactionModel", "languageModel", "invocationName"), 5, "expected str, got a number"),
    (("interactionModel", "languageModel", "intents", 0, "samples"), "start the {routine}",
     "expected a list, got a string"),
    (("interactionModel", "languageModel", "intents"), {}, "expected a list, got an object"),
])
def test_a_bad_interaction_model_fails(models, path, value, message):
    bad = _set(copy.deepcopy(models["en-GB"]), path, value)
    problems = strict_problems(bad, MODEL_TYPE)
    assert problems and message in problems[0], problems
    with pytest.raises(PackageError, match="en-GB.json"):
        check_strict(bad, MODEL_TYPE, "en-GB.json")


# ------------------------------------------------------------- example phrases


@pytest.mark.parametrize("locale", locales())
def test_the_example_phrases_match_the_model(envelope, models, locale):
    phrases = published(envelope, locale)["examplePhrases"]
    assert len(phrases) == 3
    assert example_phrase_problems(phrases, models[locale]) == []
    matcher = matcher_for_locale(locale)
    opened = matcher.invocation(phrases[0])
    assert phrases[0] == "Alexa, open my back routine" and opened.kind == "launch"
    for phrase in phrases[1:]:
        asked = matcher.invocation(phrase)
        assert asked.kind == "one-shot", phrase
        found = matcher.match(asked.rest)
        assert found.source == "model", phrase
        assert all(f.matched for f in found.slots.values()), phrase
    start = matcher.match(matcher.invocation(phrases[1]).rest)
    assert start.intent == intents.START_ROUTINE
    assert start.slots["routine"].resolved_id == "desk_break"
    how = matcher.match(matcher.invocation(phrases[2]).rest)
    assert phrases[2] == "Alexa, ask my back routine how do I do child's pose"
    assert how.intent == intents.HOW_TO and how.slots["exercise"].resolved_id == "childs_pose"


@pytest.mark.parametrize(("phrases", "message"), [
    (["open my back routine"], "starts with the wake word"),
    (["Alexa, open back routine"], "does not name the skill"),
    (["Alexa, ask my back routine how do I do child's pose"], "the first example phrase must open"),
    (["Alexa, open my back routine", "Alexa, ask my back routine what's the weather"],
     "is not a sample utterance"),
    (["Alexa, open my back routine", "Alexa, ask my back routine please how do I do child's pose"],
     "is not a sample utterance"),  # the matcher forgives "please"; certification does not
    (["Alexa, open my back routine", "Alexa, ask my back routine how do I do the moonwalk"],
     "does not resolve"),
])
def test_example_phrases_that_do_not_match_fail(models, phrases, message):
    problems = example_phrase_problems(phrases, models["en-US"])
    assert len(problems) == 1 and message in problems[0], problems


def test_an_en_in_only_phrase_is_checked_against_en_in(models):
    phrases = ["Alexa, open my back routine", "Alexa, ask my back routine how many counts"]
    assert example_phrase_problems(phrases, models["en-IN"]) == []
    assert "is not a sample utterance" in example_phrase_problems(phrases, models["en-US"])[0]


# ------------------------------------------------------------------ manifest rules


def test_a_manifest_that_breaks_a_certification_rule_is_named(envelope, models):
    def problems(change):
        bad = copy.deepcopy(envelope)
        change(bad["manifest"])
        return manifest_problems(bad, models)

    locales_ = lambda m: m["publishingInformation"]["locales"]  # noqa: E731
    assert "the interaction models are" in problems(lambda m: locales_(m).pop("en-IN"))[0]
    assert "disclaimer must say" in problems(
        lambda m: locales_(m)["en-CA"].update(description="Back exercises."))[0]
    assert "one to 3 phrases" in problems(
        lambda m: locales_(m)["en-US"]["examplePhrases"].append("Alexa, open my back routine"))[0]
    assert "at most 160" in problems(lambda m: locales_(m)["en-GB"].update(summary="x" * 161))[0]
    assert "reminders" in problems(lambda m: m.update(permissions=[]))[0]
    assert "expected '${SkillFunctionArn}'" in problems(
        lambda m: m["apis"]["custom"]["endpoint"].update(uri=ARN))[0]


# ------------------------------------------------------------------- assembly


def test_assemble_writes_an_ask_cli_skill_package(tmp_path, models):
    package = assemble(ARN, tmp_path, skill_id=SKILL, site=SITE)
    assert package == tmp_path / "skill-package"
    manifest = json.loads((package / "skill.json").read_text())
    assert manifest["manifest"]["apis"]["custom"]["endpoint"] == {"uri": ARN}
    assert "${" not in (package / "skill.json").read_text()
    check_strict(manifest, MANIFEST_TYPE, "skill-package/skill.json")
    written = sorted(p.name for p in (package / "interactionModels" / "custom").iterdir())
    assert written == sorted(f"{loc}.json" for loc in locales())
    for locale in locales():
        text = (package / "interactionModels" / "custom" / f"{locale}.json").read_text()
        assert json.loads(text) == models[locale]
        # byte for byte the committed model: indents would take en-US past SMAPI's 1,000,000 characters
        assert text == (interaction_models_dir() / f"{locale}.json").read_text()
        assert len(text) < 980_000
    resources = json.loads((tmp_path / "ask-resources.json").read_text())
    assert resources == {"askcliResourcesVersion": "2020-03-31",
                         "profiles": {"default": {"skillMetadata": {"src": "./skill-package"}}}}
    states = json.loads((tmp_path / ".ask" / "ask-states.json").read_text())
    assert states["profiles"]["default"]["skillId"] == SKILL
    # again, over the old package: replaced, and the ASK CLI's own files kept
    (package / "stale.json").write_text("{}")
    resources_text = '{"askcliResourcesVersion": "2020-03-31", "profiles": {"dev": {}}}\n'
    (tmp_path / "ask-resources.json").write_text(resources_text)
    assert main(["--arn", ARN, "--out", str(tmp_path), "--site", SITE]) == 0
    assert not (package / "stale.json").exists()
    assert (tmp_path / "ask-resources.json").read_text() == resources_text


def test_assemble_refuses_a_bad_arn_and_writes_nothing(tmp_path, capsys):
    for arn in ("", ENDPOINT_TOKEN, "https://example.com/skill", "arn:aws:lambda:us-east-1:123:function:x"):
        with pytest.raises(PackageError, match="not a Lambda function ARN"):
            assemble(arn, tmp_path)
    assert main(["--arn", ENDPOINT_TOKEN, "--out", str(tmp_path)]) == 1
    assert "not a Lambda function ARN" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(SystemExit):
        main(["--out", str(tmp_path)])  # no --arn: the token would stay
    with pytest.raises(PackageError, match="skill-id"):
        assemble(ARN, tmp_path, skill_id="my-skill", site=SITE)
    assert list(tmp_path.iterdir()) == []


def _copy_models(tmp_path: Path) -> Path:
    source = tmp_path / "interaction_models"
    shutil.copytree(interaction_models_dir(), source)
    return source


def test_assemble_refuses_an_unreplaced_token(tmp_path):
    source = _copy_models(tmp_path)
    envelope = json.loads((source / "skill.json").read_text())
    envelope["manifest"]["publishingInformation"]["testingInstructions"] += f" Endpoint: {ENDPOINT_TOKEN}"
    (source / "skill.json").write_text(json.dumps(envelope))
    out = tmp_path / "out"
    with pytest.raises(PackageError, match="still in the manifest"):
        assemble(ARN, out, directory=source, site=SITE)
    assert not out.exists()


def test_assemble_refuses_an_invalid_manifest_or_a_stale_model(tmp_path):
    source = _copy_models(tmp_path)
    out = tmp_path / "out"
    envelope = json.loads((source / "skill.json").read_text())
    envelope["manifest"]["publishingInformation"]["locales"]["en-GB"]["smallIcon"] = "x.png"
    (source / "skill.json").write_text(json.dumps(envelope))
    with pytest.raises(PackageError, match="unknown field 'smallIcon'"):
        assemble(ARN, out, directory=source, site=SITE)
    shutil.copy(manifest_path(), source / "skill.json")
    model = json.loads((source / "en-AU.json").read_text())
    model["interactionModel"]["languageModel"]["intents"][0]["samples"].append("start the show")
    (source / "en-AU.json").write_text(json.dumps(model))
    with pytest.raises(PackageError, match="en-AU.json: out of date"):
        assemble(ARN, out, directory=source, site=SITE)
    shutil.copy(model_path("en-AU"), source / "en-AU.json")
    (source / "en-CA.json").unlink()
    with pytest.raises(PackageError, match="en-CA.json: missing"):
        assemble(ARN, out, directory=source, site=SITE)
    assert not out.exists()
    shutil.copy(model_path("en-CA"), source / "en-CA.json")
    assert assemble(ARN, out, directory=source, site=SITE).is_dir()


def test_assemble_will_not_replace_a_folder_it_did_not_write(tmp_path):
    (tmp_path / "skill-package").mkdir()
    (tmp_path / "skill-package" / "notes.txt").write_text("mine")
    with pytest.raises(PackageError, match="not a skill package"):
        assemble(ARN, tmp_path, site=SITE)
    assert (tmp_path / "skill-package" / "notes.txt").read_text() == "mine"
