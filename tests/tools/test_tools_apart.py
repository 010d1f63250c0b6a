"""The developer tools (skill/tools) stay off the runtime path: none of the three doors
(Lambda, the web service, the chat) loads them; and no tool is over 400 lines."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

DOORS = """
import sys
import skill.lambda_function, skill.web.app, skill.sim.chat
from skill.factory import build_skill, invoke
from skill.sim.envelope import Session, envelope, launch_request
from skill.stores.memory import MemoryStore
invoke(build_skill(MemoryStore()), envelope(launch_request("en-US"), session=Session()))
print(sorted(name for name in sys.modules if name.startswith("skill.tools")))
"""


def test_no_door_loads_the_developer_tools() -> None:
    run = subprocess.run([sys.executable, "-c", DOORS], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


def test_no_developer_tool_is_over_400_lines() -> None:
    long = {str(p.relative_to(ROOT)): n for p in (ROOT / "skill" / "tools").rglob("*.py")
            if (n := len(p.read_text().splitlines())) > 400}
    assert not long
