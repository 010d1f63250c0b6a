"""The skill's serializer: ask-sdk's, reading requests safely, and timestamps without dateutil.

**Undeclared fields.** For a field a model does not declare, ``DefaultSerializer`` calls
``setattr(model, field, value)``. A request carrying ``"__dict__": {}`` therefore wipes
the model, and one carrying ``"object_type": [1]``, ``"user_id"`` or ``"to_dict"``
replaces the model's own attribute or method. Fields that would do that (a leading
underscore, or a name the model already has on the Python side) are dropped before the
model is built; other undeclared fields are kept, as ask-sdk keeps them.

**Timestamps.** ask-sdk's DefaultSerializer parses every datetime in a request (each request's
``timestamp``) with dateutil.parser, which is slow to import and to call (see the
README's Speed section). Alexa sends ISO 8601 timestamps
("2026-11-25T05:00:00Z", maybe with fractions of a second or an offset), which
``datetime.fromisoformat`` reads exactly; anything else still goes to ask-sdk's own
parsing, so an odd value is read, or refused, as before. The one difference: a UTC
time carries ``datetime.timezone.utc`` rather than dateutil's ``tzutc()``.

**Decoded requests.** ``read_request`` reads the dict the Lambda runtime hands over as
it is, where ``deserialize`` takes JSON text (so the dict would be encoded only to be
decoded again).

The hooks are DefaultSerializer's private methods (``__deserialize``,
``__deserialize_model`` and ``__deserialize_datetime``); the tests pin what they do. ``build_skill`` gives every
skill this serializer, and ``invoke`` reads each request with the skill's serializer,
as ask-sdk's own Lambda handler does.
"""

import re
from datetime import date, datetime
from typing import Any

from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope

# [0-9], not \d: ASCII digits only (and quicker to compile).
_ISO_DATETIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:[.][0-9]{1,6})?(?:Z|[+-][0-9]{2}:[0-9]{2})?")


_DECLARED: dict[Any, frozenset[str]] = {}  # model class -> the JSON keys it declares


class RequestSerializer(DefaultSerializer):
    def read_request(self, event: Any) -> Any:
        """A request envelope, as the Lambda runtime passes it (JSON already decoded), as
        ask-sdk's model: what ``deserialize(json.dumps(event), RequestEnvelope)`` gives,
        without writing the JSON text only to read it back."""
        return self._DefaultSerializer__deserialize(event, RequestEnvelope)  # type: ignore[attr-defined]

    def _DefaultSerializer__deserialize_model(self, payload: Any, obj_type: Any) -> Any:
        if isinstance(payload, dict) and hasattr(obj_type, "deserialized_types"):
            model = obj_type
            if hasattr(model, "get_real_child_model"):
                model = self._DefaultSerializer__get_obj_by_discriminator(payload, model)  # type: ignore[attr-defined]
            declared = _DECLARED.get(model)
            if declared is None:
                declared = _DECLARED[model] = frozenset(getattr(model, "attribute_map", {}).values())
            if not payload.keys() <= declared:  # a request as Alexa sends it has no others
                payload = {
                    key: value
                    for key, value in payload.items()
                    if key in declared
                    or not (key.startswith("_") or key in model.deserialized_types or hasattr(model, key))
                }
        return super()._DefaultSerializer__deserialize_model(payload, obj_type)  # type: ignore[misc]

    def _DefaultSerializer__deserialize_datetime(self, payload: Any, obj_type: Any) -> Any:
        if isinstance(payload, str) and _ISO_DATETIME.fullmatch(payload):
            try:
                parsed = datetime.fromisoformat(payload)
            except ValueError:  # a well-shaped but impossible date: ask-sdk's answer, below
                pass
            else:
                return parsed.date() if obj_type is date else parsed
        return super()._DefaultSerializer__deserialize_datetime(payload, obj_type)  # type: ignore[misc]
