"""Assemble the ASK CLI skill package, and check the manifest and models strictly.

``interaction_models/skill.json`` is the skill manifest (ASK CLI v2 format). It names
the Lambda endpoint with the token ``${SkillFunctionArn}``, which this step replaces with
the ``SkillFunctionArn`` output of ``sam deploy``:

    python -m skill.skill_package --arn arn:aws:lambda:us-east-1:123456789012:function:... \\
        --out build/ask [--skill-id amzn1.ask.skill....]
    cd build/ask && ask deploy --target skill-metadata

writes ``build/ask/skill-package/skill.json`` (the ARN filled in),
``build/ask/skill-package/interactionModels/custom/<locale>.json`` for every locale, an
``ask-resources.json`` that deploys only the skill package (the Lambda function is SAM's),
and with ``--skill-id`` the ``.ask/ask-states.json`` that points ``ask deploy`` at an
existing skill. ``python -m skill.skill_package --check`` validates without writing.

Nothing is written unless everything passes:

- the manifest and every interaction model, walked strictly against ask-smapi-model's
  model classes (:func:`strict_problems`): a key the class does not declare, a value of
  the wrong type, an unknown enum value or interface type, or a null fails. The SDK's
  own deserializer ignores unknown keys and coerces types, so it cannot be trusted
  with this alone; it is used afterwards, and the result must serialize back to the
  same JSON;
- the committed models are current (equal to what ``skill.model_build`` builds);
- the manifest publishes exactly the locales that have models, its example phrases
  match each locale's model (the first one opens the skill by its invocation name),
  and the endpoint token is replaced by a Lambda ARN.
"""

from __future__ import annotations

import argparse
import enum
import importlib
import json
import re
import shutil
import sys
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from skill.resources import interaction_models_dir

if TYPE_CHECKING:
    from skill.sim.matcher import Matcher

ENDPOINT_TOKEN = "${SkillFunctionArn}"
MANIFEST_TYPE = "ask_smapi_model.v1.skill.manifest.skill_manifest_envelope.SkillManifestEnvelope"
MODEL_TYPE = (
    "ask_smapi_model.v1.skill.interaction_model.interaction_model_data.InteractionModelData"
)
LAMBDA_ARN = re.compile(
    r"^arn:aws[a-z-]*:lambda:[a-z]{2}(?:-[a-z]+)+-\d:\d{12}:function:[A-Za-z0-9_-]{1,64}"
    r"(?::[A-Za-z0-9_$-]{1,128})?$"
)
SKILL_ID = re.compile(r"^amzn1\.ask\.skill\.[0-9a-fA-F-]+$")
REMINDERS = "alexa::alerts:reminders:skill:readwrite"
# Limits the developer console enforces on publishing information.
MAX_EXAMPLE_PHRASES = 3
MAX_NAME, MAX_SUMMARY, MAX_DESCRIPTION, MAX_KEYWORDS = 50, 160, 4000, 30
# Words the description must carry: the disclaimer certification asks of health skills.
DISCLAIMER_WORDS = ("educational", "not medical advice", "healthcare provider", "emergenc")
PACKAGE = "skill-package"

_LIST = re.compile(r"^list\[(.+)\]$")
_DICT = re.compile(r"^dict\(([^,]+),\s*(.+)\)$")
_PRIMITIVES: dict[str, tuple[type, ...]] = {
    "str": (str,), "bool": (bool,), "int": (int,), "float": (int, float),
}


class PackageError(ValueError):
    """The manifest or a model is not valid; ``problems`` lists every reason."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


# ---------------------------------------------------------------------- strict walk


def _class(path: str) -> type:
    module, _, name = path.rpartition(".")
    try:
        found: type = getattr(importlib.import_module(module), name)
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("ask_smapi_model"):
            raise PackageError([
                "ask-smapi-model is needed to validate the skill package: "
                "pip install ask-smapi-model (it is in the test extra)"
            ]) from None
        raise
    return found


def _json_type(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean",
            int: "a number", float: "a number"}.get(type(value), type(value).__name__)


def strict_problems(data: Any, type_name: str, where: str = "$") -> list[str]:
    """Every way ``data`` (parsed JSON) departs from ask-smapi-model's ``type_name``: a
    field the class does not declare, a value of the wrong type, an enum value or a
    discriminated ``type`` the model does not know, or a null. Empty when it conforms."""
    if data is None:
        return [f"{where}: null is not allowed (leave the field out instead)"]
    if type_name in _PRIMITIVES:
        allowed = _PRIMITIVES[type_name]
        if isinstance(data, bool) and bool not in allowed or not isinstance(data, allowed):
            return [f"{where}: expected {type_name}, got {_json_type(data)}"]
        return []
    if type_name == "object":
        return []
    if type_name in ("datetime", "date"):
        return [] if isinstance(data, str) else [f"{where}: expected a {type_name} string"]
    found = _LIST.match(type_name)
    if found:
        if not isinstance(data, list):
            return [f"{where}: expected a list, got {_json_type(data)}"]
        return [p for i, item in enumerate(data)
                for p in strict_problems(item, found.group(1), f"{where}[{i}]")]
    found = _DICT.match(type_name)
    if found:
        if not isinstance(data, dict):
            return [f"{where}: expected an object, got {_json_type(data)}"]
        problems = []
        for key, item in data.items():
            problems += strict_problems(key, found.group(1).strip(), f"{where} key {key!r}")
            problems += strict_problems(item, found.group(2).strip(), f"{where}.{key}")
        return problems
    return _class_problems(data, _class(type_name), where)


def _class_problems(data: Any, cls: type, where: str) -> list[str]:
    if issubclass(cls, enum.Enum):
        values = [member.value for member in cls]
        if not isinstance(data, str) or data not in values:
            shown = ", ".join(map(str, values[:8])) + (" ..." if len(values) > 8 else "")
            return [f"{where}: {data!r} is not a {cls.__name__} ({shown})"]
        return []
    if not isinstance(data, dict):
        return [f"{where}: expected an object ({cls.__name__}), got {_json_type(data)}"]
    subclasses = vars(cls).get("discriminator_value_class_map")
    if subclasses:  # an abstract base: the "type" field picks the concrete class
        key = cls.json_discriminator_key  # type: ignore[attr-defined]
        kind = data.get(key)
        if kind not in subclasses:
            return [f"{where}.{key}: {kind!r} is not a known {cls.__name__} "
                    f"({', '.join(sorted(subclasses))})"]
        return _class_problems(data, _class(subclasses[kind]), where)
    types: Mapping[str, str] = cls.deserialized_types  # type: ignore[attr-defined]
    by_json = {json_key: attr for attr, json_key in cls.attribute_map.items()}  # type: ignore[attr-defined]
    problems = []
    for key, value in data.items():
        if key not in by_json:
            problems.append(f"{where}: unknown field {key!r} for {cls.__name__} "
                            f"(known: {', '.join(sorted(by_json))})")
            continue
        problems += strict_problems(value, types[by_json[key]], f"{where}.{key}")
    return problems


def check_strict(data: Any, type_name: str, what: str) -> Any:
    """Walk ``data`` strictly, then deserialize it with ask-smapi-model's serializer and
    require that it serializes back to the same JSON. Returns the model object."""
    problems = [f"{what}: {p}" for p in strict_problems(data, type_name)]
    if problems:
        raise PackageError(problems)
    from ask_sdk_model_runtime.serializer import DefaultSerializer

    serializer = DefaultSerializer()
    try:
        obj = serializer.deserialize(json.dumps(data), type_name)
    except Exception as exc:  # noqa: BLE001 - the SDK raises several kinds
        raise PackageError([f"{what}: ask-smapi-model cannot load it: {exc}"]) from None
    if serializer.serialize(obj) != data:
        raise PackageError([f"{what}: ask-smapi-model does not read it back the same"])
    return obj


# ------------------------------------------------------------------ manifest rules


def manifest_path(directory: Path | None = None) -> Path:
    return (directory if directory is not None else interaction_models_dir()) / "skill.json"


def load_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PackageError([f"{path}: missing"]) from None
    except json.JSONDecodeError as exc:
        raise PackageError([f"{path}: not valid JSON: {exc}"]) from None


def example_phrase_problems(phrases: Sequence[str], model: Mapping[str, Any]) -> list[str]:
    """Whether each example phrase is one the model really understands, as Alexa checks
    at certification: it starts with the wake word, names the skill by its invocation
    name, and what it asks for is one of the model's samples word for word, with slot
    values that resolve. The first phrase must open the skill."""
    from skill.sim.matcher import Matcher, normalize

    matcher = _matcher(json.dumps(model, sort_keys=True))
    samples = {intent["name"]: intent.get("samples", [])
               for intent in model["interactionModel"]["languageModel"]["intents"]}
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
            values = {name: fill.value for name, fill in found.slots.items()}
            exact = [s for s in samples.get(found.intent, ())
                     if normalize(_fill_in(s, values)) == normalize(invocation.rest)]
            unresolved = [s.name for s in found.slots.values() if not s.matched and not s.builtin]
            if found.source != "model" or not exact:
                problems.append(f"'{phrase}': '{invocation.rest}' is not a sample utterance "
                                "of the model")
            elif unresolved:
                problems.append(f"'{phrase}': slot {unresolved} does not resolve to a value")
    return problems


@lru_cache(maxsize=8)
def _matcher(model_json: str) -> Matcher:
    """A matcher per model (compiling one takes a while; the checks reuse it)."""
    from skill.sim.matcher import Matcher

    return Matcher(json.loads(model_json))


def _fill_in(sample: str, values: Mapping[str, str]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), sample)


def manifest_problems(envelope: Mapping[str, Any], models: Mapping[str, Mapping[str, Any]],
                      *, endpoint: str | None = None) -> list[str]:
    """The rules the models cannot check: locales, publishing limits, the disclaimer,
    the example phrases, the permission and the endpoint. ``endpoint``: the value the
    endpoint uri must have (default: the unreplaced token, as committed)."""
    manifest = envelope.get("manifest", {})
    publishing = manifest.get("publishingInformation", {})
    by_locale: Mapping[str, Any] = publishing.get("locales", {})
    problems = []
    if set(by_locale) != set(models):
        problems.append(f"publishingInformation.locales has {sorted(by_locale)}; "
                        f"the interaction models are {sorted(models)}")
    for locale, info in by_locale.items():
        where = f"publishingInformation.locales.{locale}"
        for field, limit in (("name", MAX_NAME), ("summary", MAX_SUMMARY),
                             ("description", MAX_DESCRIPTION)):
            text = info.get(field, "")
            if not text.strip():
                problems.append(f"{where}.{field}: required")
            elif len(text) > limit:
                problems.append(f"{where}.{field}: {len(text)} characters, at most {limit}")
        description = info.get("description", "").lower()
        missing = [w for w in DISCLAIMER_WORDS if w not in description]
        if missing:
            problems.append(f"{where}.description: the health disclaimer must say {missing}")
        if len(info.get("keywords", [])) > MAX_KEYWORDS:
            problems.append(f"{where}.keywords: at most {MAX_KEYWORDS}")
        phrases = info.get("examplePhrases", [])
        if not 1 <= len(phrases) <= MAX_EXAMPLE_PHRASES:
            problems.append(f"{where}.examplePhrases: one to {MAX_EXAMPLE_PHRASES} phrases")
        if locale in models:
            problems += [f"{where}.examplePhrases: {p}"
                         for p in example_phrase_problems(phrases, models[locale])]
    permissions = [p.get("name") for p in manifest.get("permissions", [])]
    if REMINDERS not in permissions:
        problems.append(f"permissions: {REMINDERS} is missing (daily reminders need it)")
    uri = manifest.get("apis", {}).get("custom", {}).get("endpoint", {}).get("uri")
    wanted = ENDPOINT_TOKEN if endpoint is None else endpoint
    if uri != wanted:
        problems.append(f"apis.custom.endpoint.uri is {uri!r}, expected {wanted!r}")
    if endpoint is not None and ENDPOINT_TOKEN in json.dumps(envelope):
        problems.append(f"{ENDPOINT_TOKEN} is still in the manifest: give --arn")
    return problems


def load_models(directory: Path | None = None) -> dict[str, dict[str, Any]]:
    """Every committed interaction model, checked strictly and against its source."""
    from skill.model_build import (
        ModelError,
        build_model,
        load_samples,
        locales,
        model_path,
        stray_models,
    )

    problems: list[str] = []
    try:
        source = load_samples()
        wanted = locales(source)
    except ModelError as exc:
        raise PackageError([str(exc)]) from None
    models = {}
    for locale in wanted:
        path = model_path(locale, directory)
        model = load_json(path)
        problems += [f"{path.name}: {p}" for p in strict_problems(model, MODEL_TYPE)]
        try:
            if model != build_model(locale, samples=source):
                problems.append(f"{path.name}: out of date: run python -m skill.model_build")
        except ModelError as exc:
            problems.append(f"{path.name}: {exc}")
        models[locale] = model
    problems += [f"{p.name}: not a locale in samples.yaml" for p in stray_models(wanted, directory)]
    if problems:
        raise PackageError(problems)
    for locale, model in models.items():
        check_strict(model, MODEL_TYPE, f"{locale}.json")
    return models


def build_package(arn: str | None = None, directory: Path | None = None
                  ) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The manifest (endpoint filled in when ``arn`` is given) and the models, validated.
    Raises :class:`PackageError` listing every problem."""
    if arn is not None and not LAMBDA_ARN.match(arn):
        raise PackageError([f"--arn {arn!r} is not a Lambda function ARN "
                            "(arn:aws:lambda:REGION:ACCOUNT:function:NAME): use the "
                            "SkillFunctionArn output of sam deploy"])
    models = load_models(directory)
    envelope = load_json(manifest_path(directory))
    check_strict(envelope, MANIFEST_TYPE, "skill.json")
    problems = manifest_problems(envelope, models)  # as committed: the token, unreplaced
    if problems:
        raise PackageError([f"skill.json: {p}" for p in problems])
    if arn is None:
        return envelope, models
    filled = json.loads(json.dumps(envelope))
    filled["manifest"]["apis"]["custom"]["endpoint"]["uri"] = arn
    check_strict(filled, MANIFEST_TYPE, "skill-package/skill.json")
    problems = manifest_problems(filled, models, endpoint=arn)
    if problems:
        raise PackageError([f"skill-package/skill.json: {p}" for p in problems])
    return filled, models


# ------------------------------------------------------------------------ writing


def _dump(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def assemble(arn: str, out: Path, *, skill_id: str | None = None,
             directory: Path | None = None) -> Path:
    """Write ``out/skill-package/`` (and ``out/ask-resources.json``) for ``ask deploy``.
    Validates first; on any problem nothing is written. Returns the package folder."""
    if skill_id is not None and not SKILL_ID.match(skill_id):
        raise PackageError([f"--skill-id {skill_id!r} does not look like amzn1.ask.skill.…"])
    manifest, models = build_package(arn, directory)
    states_path = out / ".ask" / "ask-states.json"
    states: dict[str, Any] = {"askcliStatesVersion": "2020-03-31", "profiles": {}}
    if skill_id is not None and states_path.is_file():
        states = load_json(states_path)
        if not isinstance(states, dict) or not isinstance(states.get("profiles", {}), dict):
            raise PackageError([f"{states_path}: not an ASK CLI states file"])
    package = out / PACKAGE
    if package.exists():
        if not (package / "skill.json").is_file():
            raise PackageError([f"{package} exists and is not a skill package: not replacing it"])
        shutil.rmtree(package)
    _dump(package / "skill.json", manifest)
    for locale, model in models.items():
        _dump(package / "interactionModels" / "custom" / f"{locale}.json", model)
    resources = out / "ask-resources.json"
    if not resources.exists():  # the skill package only: SAM deploys the function
        _dump(resources, {"askcliResourcesVersion": "2020-03-31",
                          "profiles": {"default": {"skillMetadata": {"src": f"./{PACKAGE}"}}}})
    if skill_id is not None:
        states.setdefault("profiles", {}).setdefault("default", {})["skillId"] = skill_id
        _dump(states_path, states)
    return package


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m skill.skill_package",
        description="Validate interaction_models/skill.json and the interaction models, and "
                    "assemble an ASK CLI skill-package/ folder for `ask deploy`.",
    )
    parser.add_argument("--arn", help="the Lambda endpoint: the SkillFunctionArn output of "
                                      "sam deploy (replaces ${SkillFunctionArn})")
    parser.add_argument("--out", type=Path, help="write OUT/skill-package/ and "
                                                 "OUT/ask-resources.json")
    parser.add_argument("--skill-id", help="an existing skill's ID: also write "
                                           "OUT/.ask/ask-states.json so ask deploy updates it")
    parser.add_argument("--check", action="store_true",
                        help="only validate the committed manifest and models")
    args = parser.parse_args(argv)
    if not args.check and (args.arn is None or args.out is None):
        parser.error("give --arn and --out (or --check to validate only)")
    try:
        if args.check:
            _, models = build_package(args.arn)
            print(f"skill.json and {len(models)} interaction models are valid "
                  f"({', '.join(models)})")
            return 0
        package = assemble(args.arn, args.out, skill_id=args.skill_id)
    except PackageError as exc:
        for problem in exc.problems:
            print(f"skill_package: {problem}", file=sys.stderr)
        return 1
    print(f"wrote {package}: cd {args.out} && ask deploy --target skill-metadata")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
