"""Assemble the ASK CLI skill package, and check the manifest and models strictly.

``interaction_models/skill.json`` is the skill manifest (ASK CLI v2 format). It names
the Lambda endpoint (for requests and for skill events) with the token
``${SkillFunctionArn}``, and the privacy policy and terms of use with
``${PrivacyPolicyUrl}`` and ``${TermsOfUseUrl}``; this step replaces them:

    python -m skill.tools.skill_package --arn arn:aws:lambda:us-east-1:123456789012:function:... \\
        --site https://your-domain/back-routine --out build/ask [--skill-id amzn1.ask.skill....]
    cd build/ask && ask deploy --target skill-metadata

``--site`` is where the policy and terms are served as ``/privacy`` and ``/terms`` (the
web service serves them, from ``skill/legal/``); ``--privacy-url`` and ``--terms-url``
name them one by one instead. This writes ``build/ask/skill-package/skill.json`` (filled
in), ``skill-package/assets/images/`` (the icons), ``skill-package/interactionModels/
custom/<locale>.json`` for every locale, an ``ask-resources.json`` that deploys only the
skill package (the Lambda function is SAM's), and with ``--skill-id`` the
``.ask/ask-states.json`` that points ``ask deploy`` at an existing skill.
``python -m skill.tools.skill_package --check`` validates without writing.

Nothing is written unless everything passes:

- the manifest and every interaction model, walked strictly against ask-smapi-model's
  model classes (:func:`strict_problems`): a key the class does not declare, a value of
  the wrong type, an unknown enum value or interface type, or a null fails. The SDK's
  own deserializer ignores unknown keys and coerces types, so it cannot be trusted
  with this alone; it is used afterwards, and the result must serialize back to the
  same JSON;
- the committed models are current (equal to what ``skill.tools.model_build`` builds);
- the rules of :mod:`skill.tools.package_rules`: the published locales, the description and
  example phrases against each locale's model, the icons, privacy, the reminders
  permission and the SKILL_DISABLED subscription; filled in, a Lambda ARN and https URLs.
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
from pathlib import Path
from typing import Any

from skill.resources import interaction_models_dir
from skill.tools.model_build import render
from skill.tools.package_rules import (
    ENDPOINT_TOKEN,
    PRIVACY_TOKEN,
    TERMS_TOKEN,
    Filled,
    example_phrase_problems,
    icon_files,
    legal_urls,
    manifest_problems,
)

MANIFEST_TYPE = "ask_smapi_model.v1.skill.manifest.skill_manifest_envelope.SkillManifestEnvelope"
MODEL_TYPE = (
    "ask_smapi_model.v1.skill.interaction_model.interaction_model_data.InteractionModelData"
)
LAMBDA_ARN = re.compile(
    r"^arn:aws[a-z-]*:lambda:[a-z]{2}(?:-[a-z]+)+-\d:\d{12}:function:[A-Za-z0-9_-]{1,64}"
    r"(?::[A-Za-z0-9_$-]{1,128})?$"
)
SKILL_ID = re.compile(r"^amzn1\.ask\.skill\.[0-9a-fA-F-]+$")
PACKAGE = "skill-package"

__all__ = [  # the rules live in skill.tools.package_rules; the names are here too, for callers
    "ENDPOINT_TOKEN", "MANIFEST_TYPE", "MODEL_TYPE", "PRIVACY_TOKEN", "TERMS_TOKEN", "Filled", "PackageError",
    "assemble", "build_package", "check_strict", "example_phrase_problems", "fill_in", "load_models", "main",
    "manifest_path", "manifest_problems", "strict_problems",
]

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


def load_models(directory: Path | None = None) -> dict[str, dict[str, Any]]:
    """Every committed interaction model, checked strictly and against its source."""
    from skill.tools.model_build import (
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
                problems.append(f"{path.name}: out of date: run python -m skill.tools.model_build")
        except ModelError as exc:
            problems.append(f"{path.name}: {exc}")
        models[locale] = model
    problems += [f"{p.name}: not a locale in samples.yaml" for p in stray_models(wanted, directory)]
    if problems:
        raise PackageError(problems)
    for locale, model in models.items():
        check_strict(model, MODEL_TYPE, f"{locale}.json")
    return models


def build_package(arn: str | None = None, directory: Path | None = None, *,
                  privacy_url: str | None = None, terms_url: str | None = None, site: str | None = None,
                  ) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The manifest and the models, validated. With ``arn`` the tokens are filled in: the
    ARN, and the privacy and terms URLs (given, or ``site`` + /privacy and /terms).
    Raises :class:`PackageError` listing every problem."""
    filled = None
    if arn is not None:
        problems = []
        if not LAMBDA_ARN.match(arn):
            problems.append(f"--arn {arn!r} is not a Lambda function ARN "
                            "(arn:aws:lambda:REGION:ACCOUNT:function:NAME): use the "
                            "SkillFunctionArn output of sam deploy")
        try:
            filled = Filled(arn, *legal_urls(site, privacy_url, terms_url))
        except ValueError as exc:
            problems += str(exc).splitlines()
        if problems:
            raise PackageError(problems)
    models = load_models(directory)
    envelope = load_json(manifest_path(directory))
    check_strict(envelope, MANIFEST_TYPE, "skill.json")
    problems = manifest_problems(envelope, models, directory=directory)  # as committed: the tokens
    if problems:
        raise PackageError([f"skill.json: {p}" for p in problems])
    if filled is None:
        return envelope, models
    out = fill_in(envelope, filled)
    check_strict(out, MANIFEST_TYPE, "skill-package/skill.json")
    problems = manifest_problems(out, models, filled=filled, directory=directory)
    if problems:
        raise PackageError([f"skill-package/skill.json: {p}" for p in problems])
    return out, models


def fill_in(envelope: Mapping[str, Any], filled: Filled) -> dict[str, Any]:
    """A copy of the manifest with the endpoints and the privacy URLs filled in."""
    out: dict[str, Any] = json.loads(json.dumps(envelope))
    manifest = out["manifest"]
    manifest["apis"]["custom"]["endpoint"]["uri"] = filled.arn
    manifest.get("events", {}).get("endpoint", {})["uri"] = filled.arn
    for urls in manifest.get("privacyAndCompliance", {}).get("locales", {}).values():
        urls["privacyPolicyUrl"], urls["termsOfUseUrl"] = filled.privacy_url, filled.terms_url
    return out


# ------------------------------------------------------------------------ writing


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _dump(path: Path, data: Any) -> None:
    _write(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def assemble(arn: str, out: Path, *, skill_id: str | None = None, directory: Path | None = None,
             privacy_url: str | None = None, terms_url: str | None = None, site: str | None = None) -> Path:
    """Write ``out/skill-package/`` (and ``out/ask-resources.json``) for ``ask deploy``.
    Validates first; on any problem nothing is written. Returns the package folder."""
    if skill_id is not None and not SKILL_ID.match(skill_id):
        raise PackageError([f"--skill-id {skill_id!r} does not look like amzn1.ask.skill.…"])
    manifest, models = build_package(arn, directory, privacy_url=privacy_url, terms_url=terms_url, site=site)
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
    source = directory if directory is not None else interaction_models_dir()
    for name in icon_files(manifest):
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / name, package / name)
    for locale, model in models.items():  # as committed: no indents, well under SMAPI's 1,000,000 characters
        _write(package / "interactionModels" / "custom" / f"{locale}.json", render(model))
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
        prog="python -m skill.tools.skill_package",
        description="Validate interaction_models/skill.json and the interaction models, and "
                    "assemble an ASK CLI skill-package/ folder for `ask deploy`.",
    )
    parser.add_argument("--arn", help="the Lambda endpoint: the SkillFunctionArn output of "
                                      "sam deploy (replaces ${SkillFunctionArn})")
    parser.add_argument("--site", help="https URL where /privacy and /terms are served (the web "
                                       "service serves both); gives the two URLs below")
    parser.add_argument("--privacy-url", help="the privacy policy's https URL [SITE/privacy]")
    parser.add_argument("--terms-url", help="the terms of use's https URL [SITE/terms]")
    parser.add_argument("--out", type=Path, help="write OUT/skill-package/ and "
                                                 "OUT/ask-resources.json")
    parser.add_argument("--skill-id", help="an existing skill's ID: also write "
                                           "OUT/.ask/ask-states.json so ask deploy updates it")
    parser.add_argument("--check", action="store_true",
                        help="only validate the committed manifest and models")
    args = parser.parse_args(argv)
    if not args.check and (args.arn is None or args.out is None):
        parser.error("give --arn and --out (or --check to validate only)")
    urls = {"privacy_url": args.privacy_url, "terms_url": args.terms_url, "site": args.site}
    try:
        if args.check:
            _, models = build_package(args.arn, **urls)
            print(f"skill.json and {len(models)} interaction models are valid "
                  f"({', '.join(models)})")
            return 0
        package = assemble(args.arn, args.out, skill_id=args.skill_id, **urls)
    except PackageError as exc:
        for problem in exc.problems:
            print(f"skill_package: {problem}", file=sys.stderr)
        return 1
    print(f"wrote {package}: cd {args.out} && ask deploy --target skill-metadata")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
