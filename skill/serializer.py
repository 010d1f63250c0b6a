"""ask-sdk's serializer, reading a request's timestamp without dateutil.

ask-sdk's DefaultSerializer parses every datetime in a request (each request's
``timestamp``) with dateutil.parser, which is slow to import (~3 ms of a cold start)
and to call (tens of microseconds a request). Alexa sends ISO 8601 timestamps
("2026-11-25T05:00:00Z", maybe with fractions of a second or an offset), which
``datetime.fromisoformat`` reads exactly; anything else still goes to ask-sdk's own
parsing, so an odd value is read, or refused, as before. The one difference: a UTC
time carries ``datetime.timezone.utc`` rather than dateutil's ``tzutc()``.

The hook is DefaultSerializer's private ``__deserialize_datetime``; if a later ask-sdk
renames it, this simply stops applying and dateutil is used again.
"""

import re
from datetime import date, datetime
from typing import Any

from ask_sdk_core.serialize import DefaultSerializer

_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}:\d{2})?")


class RequestSerializer(DefaultSerializer):
    def _DefaultSerializer__deserialize_datetime(self, payload: Any, obj_type: Any) -> Any:
        if isinstance(payload, str) and _ISO_DATETIME.fullmatch(payload):
            try:
                parsed = datetime.fromisoformat(payload)
            except ValueError:  # a well-shaped but impossible date: ask-sdk's answer, below
                pass
            else:
                return parsed.date() if obj_type is date else parsed
        return super()._DefaultSerializer__deserialize_datetime(payload, obj_type)  # type: ignore[misc]
