"""The console tests' helpers are imported as a top-level module ``console_browser``
(whatever pytest's import mode), as the web tests import ``web_support``."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
