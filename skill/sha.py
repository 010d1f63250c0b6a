"""SHA-256 from Python's own built-in module, without importing hashlib.

``hashlib`` loads OpenSSL's libcrypto before anything else, even for SHA-256, which
Python also builds in: ~2.5 ms of every cold start, for the content's hash and the
hashed user ids in the logs. The built-in gives the same digests; hashlib is the
fallback where it is missing.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any


def _builtin_sha256() -> Any:
    name = "_sha2" if sys.version_info >= (3, 12) else "_sha256"  # where CPython builds it in
    try:
        return importlib.import_module(name).sha256
    except (ImportError, AttributeError):
        import hashlib

        return hashlib.sha256


sha256 = _builtin_sha256()
