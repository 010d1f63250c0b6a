"""The one "sorry" reply (prompts ``error`` and ``reprompt_error``), for every door:
a turn that failed (the handlers' last resort), a request the skill could not read or
answer (skill.factory), and a skill that failed behind the web service (skill.web.app).
"""

from __future__ import annotations

from typing import Any

from skill.engine.reply import Prompts, say
from skill.speech import render


def sorry_ssml(prompts: Prompts) -> str:
    """The apology, as SSML."""
    return render((say("error"),), prompts)


def sorry_reprompt_ssml(prompts: Prompts) -> str:
    """What to say next, when the session stays open after the apology."""
    return render((say("reprompt_error"),), prompts)


def sorry_envelope(prompts: Prompts | None = None) -> dict[str, Any]:
    """A whole response envelope that apologises and ends the session (``prompts``
    default: the packaged content's)."""
    if prompts is None:
        from skill.content import default_content

        prompts = default_content().prompts
    return {
        "version": "1.0",
        "response": {"outputSpeech": {"type": "SSML", "ssml": sorry_ssml(prompts)}, "shouldEndSession": True},
    }
