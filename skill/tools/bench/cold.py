"""Cold start: a fresh ``python`` answering one LaunchRequest, against one that only
imports ``ask_sdk_core.skill_builder``; peak RSS, and whether boto3 was loaded."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from skill.tools.bench.figures import BENCH_SKILL_ID, COLD_RATIO, ROWS, RSS_LIMIT_MB, Row, Section, ms, ratio

# --------------------------------------------------------------------------------------
# 3. Cold start


_REPORT = """
import json, sys
def _hwm_kb():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"ok": _ok, "hwm_kb": _hwm_kb(), "inside_s": _inside,
                  "boto3": "boto3" in sys.modules, "botocore": "botocore" in sys.modules,
                  "flask": "flask" in sys.modules, "modules": len(sys.modules)}))
"""

FLOOR_CHILD = """
import time
_t = time.perf_counter()
import ask_sdk_core.skill_builder
_inside = time.perf_counter() - _t
_ok = True
""" + _REPORT

OURS_CHILD = """
import time
_t = time.perf_counter()
import sys
from skill.lambda_function import handler
_answer = handler(__import__("json").loads(sys.argv[1]))
_inside = time.perf_counter() - _t
from skill.factory import error_envelope
from skill.lambda_function import get_skill
_speech = (_answer.get("response") or {}).get("outputSpeech")
_ok = bool(_speech) and _speech != error_envelope(get_skill())["response"]["outputSpeech"]
""" + _REPORT

BUILD_CHILD = """
import time
_t = time.perf_counter()
from skill.lambda_function import get_skill
get_skill()
_inside = time.perf_counter() - _t
_ok = True
""" + _REPORT


def _child_env(pycache: Path, store: str) -> dict[str, str]:
    import skill

    env = dict(os.environ)
    # As after ``pip install`` (which compiles .pyc files): use a bytecode cache, kept in
    # a temp folder so that nothing is written next to the sources.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    package_parent = str(Path(skill.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_parent, env.get("PYTHONPATH")) if p)
    env["BACK_ROUTINE_STORE"] = store
    env["BACK_ROUTINE_LOG_LEVEL"] = "INFO"  # the default
    env.pop("AWS_LAMBDA_FUNCTION_NAME", None)
    env.pop("BACK_ROUTINE_DYNAMODB_ENDPOINT", None)
    return env


def _run_child(code: str, env: dict[str, str], cwd: str, *argv: str) -> tuple[float, dict[str, Any]]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, *argv], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=120)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"the cold-start child failed:\n{done.stderr.strip()[-2000:]}")
    return wall, json.loads(done.stdout.strip().splitlines()[-1])


def bench_cold(runs: int, store: str = "sqlite") -> Section:
    from skill.sim.envelope import Session, envelope, launch_request

    def event(n: int) -> str:  # a new user every run: a first launch
        return json.dumps(envelope(launch_request("en-US"), session=Session(), skill_id=BENCH_SKILL_ID,
                                   user_id=f"amzn1.ask.account.cold-start-{n}"))

    floor_s: list[float] = []
    ours_s: list[float] = []
    floor_info: list[dict[str, Any]] = []
    ours_info: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="bench-cold-") as folder:
        root = Path(folder)
        pycache = root / "pycache"
        # One SQLite file, made by the untimed first run: a restart, not a first install.
        ours_env = _child_env(pycache, str(root / "cold.sqlite3") if store == "sqlite" else "memory:")
        floor_env = _child_env(pycache, "memory:")
        # Untimed: fill the bytecode cache (and create the SQLite file).
        _run_child(FLOOR_CHILD, floor_env, folder)
        _run_child(OURS_CHILD, ours_env, folder, event(-1))
        for n in range(runs):  # alternate, so that both see the same machine
            wall, info = _run_child(FLOOR_CHILD, floor_env, folder)
            floor_s.append(wall)
            floor_info.append(info)
            wall, info = _run_child(OURS_CHILD, ours_env, folder, event(n))
            ours_s.append(wall)
            ours_info.append(info)
        _, built = _run_child(BUILD_CHILD, _child_env(pycache, "dynamodb:bench-table"), folder)

    floor_med, ours_med = statistics.median(floor_s), statistics.median(ours_s)
    rss_mb = statistics.median(i["hwm_kb"] for i in ours_info) / 1024
    floor_rss = statistics.median(i["hwm_kb"] for i in floor_info) / 1024
    boto_sqlite = any(i["boto3"] or i["botocore"] for i in ours_info)
    boto_build = bool(built["boto3"] or built["botocore"])
    answered = all(i["ok"] for i in ours_info)
    rows = [
        Row(ROWS[13], ms(floor_med), ms(max(floor_s)), "1.00x floor",
            note=f"inside {ms(statistics.median(i['inside_s'] for i in floor_info))}; "
                 f"{floor_rss:.1f} MB"),
        Row(ROWS[14], ms(ours_med), ms(max(ours_s)), ratio(ours_med, floor_med),
            f"<= {COLD_RATIO}x floor", ours_med <= COLD_RATIO * floor_med,
            note=f"inside {ms(statistics.median(i['inside_s'] for i in ours_info))}; "
                 f"{ours_info[0]['modules']} modules vs {floor_info[0]['modules']}"
                 + ("" if answered else "; THE ANSWER WAS AN ERROR")),
        Row(ROWS[15], f"{rss_mb:.1f} MB", "", ratio(rss_mb, floor_rss), f"< {RSS_LIMIT_MB:.0f} MB",
            rss_mb < RSS_LIMIT_MB),
        Row(ROWS[16], "yes" if boto_sqlite else "no", "", "", "no", not boto_sqlite,
            note="after the answer" + ("; flask loaded" if any(i["flask"] for i in ours_info) else "")),
        Row(ROWS[17], "yes" if boto_build else "no", "", "", "no", not boto_build,
            note="import + build, store not used yet"),
    ]
    notes = [
        f"Cold start: {runs} fresh processes each ({sys.executable} -c ...), alternating; wall time from spawn "
        "to exit; 'p99' column = slowest run. 'inside' = from the first import to the answer.",
        ("Cold start: BACK_ROUTINE_STORE = one existing SQLite file in a temp dir, a new user each run. "
         if store == "sqlite" else "Cold start: BACK_ROUTINE_STORE = memory:. ")
        + "JSON logs at INFO to stderr (captured). "
        "Bytecode cached (PYTHONPYCACHEPREFIX in a temp dir, one untimed run first), as after "
        "pip install.",
    ]
    return Section("Cold start (fresh process)", rows, notes)
