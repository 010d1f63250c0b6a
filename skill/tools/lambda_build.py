"""``python -m skill.tools.lambda_build ARTIFACTS_DIR``: the Lambda artifact, as ``sam build`` makes it.

The Makefile's ``build-SkillFunction`` target (what ``sam build`` runs) calls this. It

1. reads the Python version and architecture from ``template.yaml`` (``Runtime:
   python3.12``, ``Architectures: [x86_64]``); a ``--python-version`` that disagrees with
   the template is an error, so a python3.11 template never gets cp312 binaries;
2. builds the project's wheel (content and interaction models inside it) and installs
   it with ``--no-deps``, then installs the ``lambda`` extra of ``pyproject.toml`` and
   its dependencies for that Python and platform: only what the Lambda path imports, no
   Flask, cryptography, pydantic or PyYAML. boto3 and botocore (with s3transfer and
   jmespath) are left out by default because every Lambda Python runtime ships them; with
   ``--bundle-sdk`` they are installed too. The developer tools (``skill/tools``) and the
   voice console (``skill/console``) are taken out again: nothing on the Lambda path imports them;
3. compiles every module to bytecode for the runtime's Python (``/var/task`` is
   read-only, so without it every cold start compiles from source), with warnings
   silenced, as unchecked-hash ``.pyc`` files: a zip does not keep the sources' exact
   timestamps, so timestamp-checked bytecode would be thrown away. When that Python is
   not on this machine (``pythonX.Y`` on the PATH or under pyenv), the build says so and
   goes on without bytecode.

``--measure DIR`` reports an artifact's size zipped as SAM zips it, and ``--probe DIR``
answers a LaunchRequest with the artifact alone in a fresh interpreter (``-I -S``: no
site-packages; the in-memory store) and reports the time, the packages it imported and
whether each had bytecode. Only the standard library is used, so the script runs from a
bare ``python3`` in the copy of the source that ``sam build`` makes.
"""

from __future__ import annotations

import argparse
import email.parser
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

EXTRA = "lambda"
RUNTIME_SDK = ("boto3", "botocore", "s3transfer", "jmespath")  # in every Lambda Python runtime
PLATFORMS = {"x86_64": "manylinux2014_x86_64", "arm64": "manylinux2014_aarch64"}
LAUNCH_EVENT = "tests/requests/launch.json"
# In the wheel, but never on the Lambda path: the developer tools and the voice console.
DEVELOPER_ONLY = ("skill/tools", "skill/console")


class BuildError(Exception):
    """The artifact cannot be built as asked; the message says why."""


class Built(NamedTuple):
    python: str  # "3.12"
    architecture: str  # "x86_64"
    packages: list[str]  # "name==version", as installed beside the skill
    left_out: list[str]  # in the runtime already
    bytecode: str | None  # the interpreter that compiled it, or None


# --------------------------------------------------------------------------------------
# What the template asks for


def template_runtime(template: Path) -> tuple[str, str]:
    """(Python version "3.12", architecture "x86_64") from a SAM template's text."""
    text = template.read_text(encoding="utf-8")
    versions = set(re.findall(r"^\s*Runtime:\s*[\"']?python(\d+\.\d+)[\"']?\s*(?:#.*)?$", text, re.M))
    if len(versions) != 1:
        found = ", ".join(sorted(versions)) or "none"
        raise BuildError(f"{template}: expected one 'Runtime: pythonX.Y', found {found}")
    arches = set(re.findall(r"^\s*Architectures:\s*\n\s*-\s*(\w+)", text, re.M))
    if len(arches) > 1 or not arches <= set(PLATFORMS):
        raise BuildError(f"{template}: unsupported Architectures {sorted(arches)} (one of {sorted(PLATFORMS)})")
    return versions.pop(), (arches.pop() if arches else "x86_64")


def find_python(version: str) -> str | None:
    """A ``pythonX.Y`` interpreter that really runs that version, or None."""
    candidates = [shutil.which(f"python{version}")]
    pyenv_root = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv")
    candidates += [str(p) for p in sorted((pyenv_root / "versions").glob(f"{version}*/bin/python{version}"))]
    for candidate in candidates:
        if candidate is None:
            continue
        check = subprocess.run([candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                               capture_output=True, text=True)
        if check.returncode == 0 and check.stdout.strip() == version:  # a pyenv shim may exist and fail
            return candidate
    return None


# --------------------------------------------------------------------------------------
# Building


def _pip(python: str, *args: str) -> None:
    command = [python, "-m", "pip", "--disable-pip-version-check", *args]
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if result.returncode != 0:
        raise BuildError(f"pip failed ({' '.join(args[:2])}):\n{result.stdout[-4000:]}")


def extra_requirements(wheel: Path, extra: str = EXTRA) -> list[str]:
    """The requirements of one extra, as the wheel's metadata lists them."""
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = email.parser.Parser().parsestr(archive.read(name).decode("utf-8"))
    marker = re.compile(r"""^extra\s*==\s*["']""" + re.escape(extra) + r"""["']$""")
    wanted = []
    for line in metadata.get_all("Requires-Dist") or []:
        requirement, _, condition = line.partition(";")
        if marker.match(condition.strip()):
            wanted.append(requirement.strip())
    if not wanted:
        raise BuildError(f"{wheel.name} has no '{extra}' extra: add it to pyproject.toml")
    return wanted


def resolve(python: str, requirements: Sequence[str], target: list[str]) -> list[tuple[str, str]]:
    """(name, version) of everything ``requirements`` install for the target platform."""
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        _pip(python, "install", "--dry-run", "--ignore-installed", "--quiet", "--report", str(report),
             "--target", str(Path(scratch) / "t"), *target, *requirements)
        installs = json.loads(report.read_text(encoding="utf-8"))["install"]
    return [(item["metadata"]["name"], item["metadata"]["version"]) for item in installs]


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _check_snapshot(content: Path) -> None:
    """The artifact has no pydantic or PyYAML: it loads the content from its snapshot,
    which must match the YAML files it is packaged with."""
    from skill.content import ContentError, snapshot_is_current  # standard library only

    try:
        current = snapshot_is_current(content)
    except ContentError as exc:
        raise BuildError(str(exc)) from None
    if not current:
        raise BuildError(f"{content}/compiled.json was not made from the YAML beside it, and the Lambda "
                         f"artifact loads only the snapshot: run python -m skill.content --compile")


def compile_bytecode(python: str, root: Path) -> None:
    """Unchecked-hash bytecode for every module under ``root``, warnings silenced."""
    command = [python, "-W", "ignore", "-m", "compileall", "-q", "-j", "0",
               "--invalidation-mode", "unchecked-hash", str(root)]
    result = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    if result.returncode != 0:
        raise BuildError(f"compiling to bytecode failed:\n{(result.stdout + result.stderr)[-4000:]}")


def build(source: Path, artifacts: Path, *, python_version: str | None = None, bundle_sdk: bool = False,
          pip_python: str = sys.executable) -> Built:
    """Build the artifact into ``artifacts``; returns what was done, for the log."""
    version, arch = template_runtime(source / "template.yaml")
    if python_version and python_version != version:
        raise BuildError(f"template.yaml's Runtime is python{version}, but the build was asked for "
                         f"Python {python_version}: make them agree (LAMBDA_PYTHON in the Makefile)")
    target = ["--platform", PLATFORMS[arch], "--implementation", "cp", "--python-version", version,
              "--only-binary=:all:"]
    _check_snapshot(source / "content")
    artifacts.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as wheels:
        _pip(pip_python, "wheel", "--no-deps", "--quiet", "--wheel-dir", wheels, str(source))
        (wheel,) = Path(wheels).glob("*.whl")
        requirements = extra_requirements(wheel)
        resolved = resolve(pip_python, requirements, target)
        skipped = [] if bundle_sdk else [n for n, _ in resolved if _canonical(n) in RUNTIME_SDK]
        pins = [f"{n}=={v}" for n, v in resolved if n not in skipped]
        _pip(pip_python, "install", "--quiet", "--no-deps", "--no-compile", "--upgrade", "--target",
             str(artifacts), *target, *pins)
        _pip(pip_python, "install", "--quiet", "--no-deps", "--no-compile", "--upgrade", "--target",
             str(artifacts), str(wheel))
    shutil.rmtree(artifacts / "bin", ignore_errors=True)  # console scripts, for this machine's Python
    for folder in DEVELOPER_ONLY:  # the developer tools (this script among them), the console
        shutil.rmtree(artifacts / folder, ignore_errors=True)
    interpreter = find_python(version)
    if interpreter is None:
        print(f"lambda_build: no python{version} on this machine (PATH or pyenv): the artifact has no "
              f"bytecode, so each cold start on Lambda compiles it from source", file=sys.stderr)
    else:
        compile_bytecode(interpreter, artifacts)
    return Built(version, arch, sorted(pins), skipped, interpreter)


# --------------------------------------------------------------------------------------
# Looking at an artifact


def measure(artifacts: Path) -> dict[str, float | int]:
    """Files, .pyc files, MiB on disk and MiB zipped (deflate, as ``sam package`` zips)."""
    files = [p for p in sorted(artifacts.rglob("*")) if p.is_file()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            archive.write(path, path.relative_to(artifacts).as_posix())
    return {"files": len(files), "pyc": sum(p.suffix == ".pyc" for p in files),
            "mib": round(sum(p.stat().st_size for p in files) / 2**20, 2),
            "zipped_mib": round(len(buffer.getvalue()) / 2**20, 2)}


PROBE = """
import json, sys, time
from importlib.util import cache_from_source
root, event_path = sys.argv[1], sys.argv[2]
sys.path.insert(0, root)
start = time.perf_counter()
import skill.lambda_function as f
response = f.handler(json.load(open(event_path)), None)
seconds = time.perf_counter() - start
ours = {}
for name, module in list(sys.modules.items()):
    path = getattr(module, "__file__", None) or ""
    if path.startswith(root) and path.endswith(".py"):
        top = name.split(".")[0]
        try:
            cached = __import__("os").path.exists(cache_from_source(path))
        except ValueError:
            cached = False
        ours[top] = ours.get(top, True) and cached
speech = response.get("response", {}).get("outputSpeech", {}).get("ssml", "")
print(json.dumps({"seconds": seconds, "packages": ours, "spoke": bool(speech)}))
"""


def probe(artifacts: Path, python: str, event: Path, runs: int = 5) -> dict[str, object]:
    """The artifact's handler answering ``event`` in ``runs`` fresh processes: the median
    time to import and answer, the artifact's packages imported (and whether each had
    bytecode for every module), and the warnings printed."""
    env = {"PATH": os.environ.get("PATH", ""), "BACK_ROUTINE_STORE": "memory:",
           "BACK_ROUTINE_LOG_LEVEL": "WARNING", "LANG": "C.UTF-8"}
    times, last, warnings = [], {}, 0
    for _ in range(runs):
        result = subprocess.run([python, "-I", "-S", "-B", "-c", PROBE, str(artifacts.resolve()), str(event)],
                                capture_output=True, text=True, env=env, timeout=120)
        if result.returncode != 0:
            raise BuildError(f"the artifact's handler failed:\n{result.stderr[-4000:]}")
        last = json.loads(result.stdout.strip().splitlines()[-1])
        times.append(float(last["seconds"]))
        warnings = max(warnings, result.stderr.count("Warning:"))
    return {"median_s": round(statistics.median(times), 3), "runs": runs, "packages": last["packages"],
            "spoke": last["spoke"], "warnings": warnings}


# --------------------------------------------------------------------------------------
# python -m skill.tools.lambda_build


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m skill.tools.lambda_build", description=__doc__.splitlines()[0])
    parser.add_argument("artifacts", nargs="?", default=os.environ.get("ARTIFACTS_DIR", ""),
                        help="the folder to build into (default: $ARTIFACTS_DIR, which sam build sets)")
    parser.add_argument("--source", type=Path, default=Path.cwd(), help="the project (default: this folder)")
    parser.add_argument("--python-version", default=os.environ.get("LAMBDA_PYTHON") or None,
                        help="must agree with template.yaml's Runtime (default: $LAMBDA_PYTHON, else the template's)")
    parser.add_argument("--bundle-sdk", action="store_true", help="bundle boto3 and botocore too")
    look = parser.add_mutually_exclusive_group()
    look.add_argument("--measure", action="store_true", help="only report the size of an artifact already built")
    look.add_argument("--probe", action="store_true", help="only run an artifact's handler and report its imports")
    args = parser.parse_args(argv)
    if not args.artifacts:
        parser.error("give the folder to build into, or set ARTIFACTS_DIR (sam build sets it)")
    artifacts = Path(args.artifacts)
    try:
        if args.probe:
            version, _ = template_runtime(args.source / "template.yaml")
            python = find_python(version)
            if python is None:
                raise BuildError(f"no python{version} on this machine to run the artifact with")
            print(json.dumps(probe(artifacts, python, args.source / LAUNCH_EVENT), indent=1))
        elif args.measure:
            print(json.dumps(measure(artifacts), indent=1))
        else:
            done = build(args.source, artifacts, python_version=args.python_version, bundle_sdk=args.bundle_sdk)
            print(f"lambda_build: python{done.python} {done.architecture}, {len(done.packages)} packages, "
                  f"left out (in the runtime): {', '.join(done.left_out) or 'none'}, "
                  f"bytecode: {done.bytecode or 'none'}", file=sys.stderr)
    except BuildError as exc:
        print(f"lambda_build: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
