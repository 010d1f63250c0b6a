"""The Lambda artifact that `sam build` makes (the Makefile's build-SkillFunction):
only what the Lambda path imports, bytecode for the template's Python, and a build that
refuses a Python the template does not name."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from skill.tools import lambda_build
from skill.tools.lambda_build import BuildError, build, extra_requirements, find_python, template_runtime

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
# Installed by the web extra, by content validation or by tests: never in the artifact.
NOT_IN_THE_ARTIFACT = ("flask", "werkzeug", "jinja2", "itsdangerous", "click", "blinker", "cryptography", "cffi",
                       "pydantic", "pydantic_core", "yaml", "_yaml", "freezegun", "oscrypto", "certvalidator",
                       "asn1crypto", "ask_sdk_webservice_support", "platformdirs", "boto3", "botocore",
                       "s3transfer", "jmespath")
LAMBDA_PATH = {"skill", "ask_sdk_core", "ask_sdk_runtime", "ask_sdk_model", "six", "dateutil"}
RUNTIME = template_runtime(ROOT / "template.yaml")[0]
PYTHON = find_python(RUNTIME)


@pytest.fixture(scope="module")
def artifact(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The artifact, built by the Makefile target as `sam build --build-in-source` runs it."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    target = tmp_path_factory.mktemp("lambda") / "SkillFunction"
    run = subprocess.run(["make", "--no-print-directory", "build-SkillFunction", f"ARTIFACTS_DIR={target}",
                          f"PYTHON={sys.executable}"], cwd=ROOT, capture_output=True, text=True, timeout=600,
                         env={k: v for k, v in os.environ.items() if k != "LAMBDA_PYTHON"})
    assert run.returncode == 0, run.stdout + run.stderr
    return target


def test_the_artifact_holds_the_skill_and_none_of_the_web_or_validation_packages(artifact: Path) -> None:
    top = {p.name for p in artifact.iterdir()}
    assert {"skill", "ask_sdk_core", "ask_sdk_model", "ask_sdk_dynamodb", "rapidfuzz"} <= top
    assert not [name for name in NOT_IN_THE_ARTIFACT if name in top]
    assert (artifact / "skill" / "_data" / "content" / "compiled.json").is_file()
    assert (artifact / "skill" / "handlers.py").is_file() and not (artifact / "skill" / "tools").exists()
    assert not (artifact / "skill" / "console").exists()
    assert not (artifact / "bin").exists() and not (artifact / ".venv").exists() and not (artifact / "tests").exists()
    assert lambda_build.measure(artifact)["zipped_mib"] <= 15


def test_the_artifact_has_bytecode_for_the_templates_python(artifact: Path) -> None:
    if PYTHON is None:
        pytest.skip(f"no python{RUNTIME} here: the build makes no bytecode (and says so)")
    tag = f"cpython-{RUNTIME.replace('.', '')}"
    for package in ("skill", "skill/engine", "ask_sdk_core", "ask_sdk_model", "dateutil"):
        sources = {p.stem for p in (artifact / package).glob("*.py")}
        compiled = {p.name.split(".")[0] for p in (artifact / package / "__pycache__").glob(f"*.{tag}.pyc")}
        assert sources and sources <= compiled, (package, sorted(sources - compiled))


def test_the_artifacts_handler_answers_alone_with_bytecode_and_no_warnings(artifact: Path) -> None:
    if PYTHON is None:
        pytest.skip(f"no python{RUNTIME} here to run the artifact with")
    seen = lambda_build.probe(artifact, PYTHON, ROOT / "tests" / "requests" / "launch.json", runs=1)
    assert seen["spoke"] and seen["warnings"] == 0
    packages = seen["packages"]
    assert isinstance(packages, dict)
    assert set(packages) <= LAMBDA_PATH, sorted(set(packages) - LAMBDA_PATH)
    assert all(packages.values()), packages  # every module imported had its .pyc


def test_the_artifact_uses_the_runtimes_boto3(artifact: Path, tmp_path: Path) -> None:
    """boto3 and botocore are left out: with the runtime's (here: this environment's,
    pure Python) beside the artifact, the DynamoDB store builds its adapter."""
    if PYTHON is None:
        pytest.skip(f"no python{RUNTIME} here to run the artifact with")
    pytest.importorskip("boto3")
    runtime = tmp_path / "runtime"
    runtime.mkdir()
    for name in ("boto3", "botocore", "s3transfer", "jmespath"):
        module = __import__(name)
        (runtime / name).symlink_to(Path(module.__file__).parent)
    code = ("import sys; sys.path[:0] = sys.argv[1:3]\n"
            "from skill.stores import open_store\n"
            "store = open_store('dynamodb:progress'); store.adapter()\n"
            "import boto3; assert boto3.__file__.startswith(sys.argv[2]), boto3.__file__\n")
    run = subprocess.run([PYTHON, "-I", "-S", "-B", "-c", code, str(artifact), str(runtime)], capture_output=True,
                         text=True, timeout=120, env={"AWS_REGION": "us-east-1", "PATH": os.environ["PATH"]})
    assert run.returncode == 0, run.stderr


def test_the_lambda_extra_lists_what_the_lambda_path_needs(artifact: Path) -> None:
    tomllib = pytest.importorskip("tomllib")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert names(project["optional-dependencies"]["lambda"]) == {
        "ask-sdk-core", "ask-sdk-model", "rapidfuzz", "ask-sdk-dynamodb-persistence-adapter"}
    (dist_info,) = artifact.glob("my_back_routine-*.dist-info")
    assert names(extra_requirements_of(dist_info)) == names(project["optional-dependencies"]["lambda"])


def names(requirements: list[str]) -> set[str]:
    return {re.split(r"[<>=!~ ;\\[]", r)[0].lower() for r in requirements}


def extra_requirements_of(dist_info: Path) -> list[str]:
    """The lambda extra as the installed wheel's metadata lists it."""
    wheel = dist_info.parent / "check.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.write(dist_info / "METADATA", f"{dist_info.name}/METADATA")
    try:
        return sorted(extra_requirements(wheel))
    finally:
        wheel.unlink()


def test_the_python_version_comes_from_the_template(tmp_path: Path) -> None:
    assert template_runtime(ROOT / "template.yaml") == ("3.12", "x86_64")
    (tmp_path / "template.yaml").write_text(
        (ROOT / "template.yaml").read_text().replace("python3.12", "python3.11").replace("x86_64", "arm64"))
    assert template_runtime(tmp_path / "template.yaml") == ("3.11", "arm64")
    with pytest.raises(BuildError, match="python3.11.*3.12"):
        build(tmp_path, tmp_path / "out", python_version="3.12")
    assert not (tmp_path / "out").exists()  # refused before anything was built
    (tmp_path / "template.yaml").write_text("Resources: {}\n")
    with pytest.raises(BuildError, match="Runtime"):
        template_runtime(tmp_path / "template.yaml")


def test_make_refuses_a_python_the_template_does_not_name(tmp_path: Path) -> None:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    run = subprocess.run(["make", "--no-print-directory", "build-SkillFunction", f"ARTIFACTS_DIR={tmp_path / 'a'}",
                          "LAMBDA_PYTHON=3.11", f"PYTHON={sys.executable}"],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.returncode != 0
    assert "Runtime is python3.12" in run.stderr and "3.11" in run.stderr


def test_sam_builds_in_source_and_ignores_its_output() -> None:
    assert "build_in_source = true" in (ROOT / "samconfig.toml").read_text()
    assert ".aws-sam/" in (ROOT / ".gitignore").read_text().splitlines()


@pytest.fixture
def stale_source(tmp_path: Path) -> Path:
    """A project whose content/compiled.json no longer matches its YAML."""
    shutil.copy(ROOT / "template.yaml", tmp_path / "template.yaml")
    shutil.copytree(ROOT / "content", tmp_path / "content")
    routines = tmp_path / "content" / "routines.yaml"
    routines.write_text(routines.read_text() + "\n# edited after the snapshot was made\n")
    return tmp_path


def test_the_build_refuses_content_whose_snapshot_is_stale(stale_source: Path) -> None:
    with pytest.raises(BuildError, match=r"compiled\.json .*python -m skill\.content --compile"):
        build(stale_source, stale_source / "out")
    assert not (stale_source / "out").exists()


def test_without_pydantic_a_stale_snapshot_is_a_clear_content_error(stale_source: Path) -> None:
    code = ("import sys; sys.modules['pydantic'] = None; sys.modules['yaml'] = None\n"
            "from skill.content import ContentError, load_content\n"
            "try:\n    load_content(sys.argv[1])\nexcept ContentError as exc:\n    print(exc)\n")
    run = subprocess.run([sys.executable, "-c", code, str(stale_source / "content")], capture_output=True,
                         text=True, cwd=ROOT, timeout=60)
    assert run.returncode == 0, run.stderr
    assert "compiled.json" in run.stdout and "python -m skill.content --compile" in run.stdout
