"""An in-memory persistence adapter, for tests and throwaway sessions."""

from __future__ import annotations

import copy
import threading
from typing import Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter

from skill.stores.keys import user_key


class MemoryStore(AbstractPersistenceAdapter):
    def __init__(self) -> None:
        self._data: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()

    def get_attributes(self, request_envelope: Any) -> dict[str, Any]:
        with self._lock:
            return copy.deepcopy(self._data.get(user_key(request_envelope), {}))

    def save_attributes(self, request_envelope: Any, attributes: dict[str, Any]) -> None:
        with self._lock:
            self._data[user_key(request_envelope)] = copy.deepcopy(attributes)

    def delete_attributes(self, request_envelope: Any) -> None:
        with self._lock:
            self._data.pop(user_key(request_envelope), None)

    def peek(self, user_id: str) -> dict[str, Any]:
        """What is stored for one user (for tests and tools)."""
        with self._lock:
            return copy.deepcopy(self._data.get(user_id, {}))
