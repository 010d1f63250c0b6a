"""The local simulator: talk to the skill on this machine, as Alexa would.

:class:`Simulator` holds what Alexa holds between turns: whether a session is open, its
id, and the session attributes the skill returned last. :meth:`Simulator.say` turns
one line of what a person says into the request envelope Alexa would send, calls the
skill, and carries the session on. ``back-routine chat`` and the conversation tests
both use it.

The rules, as on an Echo with no screen:

- A line that names the skill ("Alexa, open my back routine", "start my back routine",
  "Alexa, ask my back routine how do I do child's pose", "Alexa, resume my back
  routine") opens a new session: a LaunchRequest, a one-shot IntentRequest, or
  AMAZON.ResumeIntent. Said with "Alexa" while a session is open, it first closes that
  session (SessionEndedRequest, USER_INITIATED).
- Inside a session any other line becomes an IntentRequest (AMAZON.FallbackIntent when
  nothing fits). ``session.new`` is true only on the first request; the response's
  ``sessionAttributes`` are the next request's ``session.attributes``.
- The session stays open only while the skill answers ``shouldEndSession: false``
  (absent counts as closed, as on a device without a screen). Once it is closed, a
  line that does not name the skill is not sent: the turn carries a console note.
- :meth:`Simulator.end` sends the SessionEndedRequest Alexa sends when the person walks
  away (EXCEEDED_MAX_REPROMPTS), if a session is open.
- Time follows the conversation, as on a device: a line is said once the answer before
  it has been heard in full (its words at 150 a minute, and its pauses), so its request
  is stamped after that; a line said with the wake word while a session is open
  ("Alexa, next") is a barge-in, stamped a moment into the answer it interrupts. A walk
  away is stamped when the microphone would close, 16 s after the answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from skill.sim.envelope import (
    DEFAULT_USER_ID,
    DEVICE_ID,
    SKILL_ID,
    Clock,
    EndReason,
    Session,
    envelope,
    intent_request,
    launch_request,
    session_ended_request,
    user_event_request,
    utc_now,
)
from skill.sim.matcher import RESUME, Match, Matcher, matcher_for_locale
from skill.sim.render import heard_seconds, speech_ssml, speech_text

__all__ = [
    "DEFAULT_USER_ID",
    "SKILL_ID",
    "Exchange",
    "Invoke",
    "Simulator",
    "Turn",
]

Invoke = Callable[[dict[str, Any]], dict[str, Any]]
BARGE_IN_S = 2.0  # how far into an answer a barge-in ("Alexa, next") comes
MICROPHONE_S = 16.0  # after an answer: about 8 s listening, the reprompt, 8 s more


@dataclass(frozen=True)
class Exchange:
    """One request envelope sent to the skill and the response envelope it returned."""

    request: dict[str, Any]
    response: dict[str, Any]

    @property
    def request_type(self) -> str:
        return str(self.request["request"]["type"])

    @property
    def intent(self) -> str | None:
        intent = self.request["request"].get("intent")
        return None if intent is None else str(intent["name"])

    @property
    def output(self) -> dict[str, Any]:
        body = self.response.get("response") if isinstance(self.response, dict) else None
        return body if isinstance(body, dict) else {}

    @property
    def speech(self) -> str:
        """What Alexa says, as plain text with pauses shown as ``[pause 10 s]``."""
        return speech_text(self.output.get("outputSpeech"))

    @property
    def ssml(self) -> str:
        return speech_ssml(self.output.get("outputSpeech"))

    @property
    def reprompt(self) -> str:
        reprompt = self.output.get("reprompt") or {}
        return speech_text(reprompt.get("outputSpeech"))

    @property
    def ends_session(self) -> bool:
        return self.output.get("shouldEndSession") is not False


@dataclass
class Turn:
    """What one line led to: usually one exchange, none for a line that was not sent
    (then ``note`` says why), two when an open session was closed first."""

    line: str
    exchanges: list[Exchange] = field(default_factory=list)
    note: str | None = None
    match: Match | None = None  # how the line was understood, when it was matched

    @property
    def sent(self) -> bool:
        return bool(self.exchanges)

    @property
    def request(self) -> dict[str, Any] | None:
        return self.exchanges[-1].request if self.exchanges else None

    @property
    def response(self) -> dict[str, Any] | None:
        return self.exchanges[-1].response if self.exchanges else None

    @property
    def speech(self) -> str:
        return self.exchanges[-1].speech if self.exchanges else ""

    @property
    def ssml(self) -> str:
        return self.exchanges[-1].ssml if self.exchanges else ""

    @property
    def intent(self) -> str | None:
        return self.exchanges[-1].intent if self.exchanges else None


class Simulator:
    """One person talking to the skill through one Echo.

    Give either ``skill`` (a built skill, called through ``skill.factory.invoke``) or
    ``invoke`` (any function from a request envelope dict to a response envelope dict).
    """

    def __init__(
        self,
        skill: Any = None,
        *,
        invoke: Invoke | None = None,
        user_id: str = DEFAULT_USER_ID,
        locale: str = "en-US",
        matcher: Matcher | None = None,
        skill_id: str = SKILL_ID,
        device_id: str = DEVICE_ID,
        clock: Clock | None = None,
        api_endpoint: str | None = None,
        screen: bool = False,
        consent_token: str | None = None,
    ) -> None:
        if invoke is None:
            if skill is None:
                raise TypeError("Simulator needs a skill or an invoke function")
            invoke = _skill_invoke(skill)
        self._invoke = invoke
        self.user_id = user_id
        self.locale = locale
        self.matcher = matcher if matcher is not None else matcher_for_locale(locale)
        self.skill_id = skill_id
        self.device_id = device_id
        self._clock = clock
        self.api_endpoint = api_endpoint  # None: Alexa's own
        self.screen = screen  # an Echo Show: the request says it supports APL
        self.consent_token = consent_token  # the user granted the skill's permissions
        self.session: Session | None = None
        self._moment: datetime | None = None  # when the request being sent is said
        self._last_sent: datetime | None = None
        self._heard_until: datetime | None = None  # when the last answer has been heard
        self.closed_note = (
            f"(the session is closed: say 'Alexa, open {self.matcher.invocation_name}')"
        )

    @classmethod
    def with_store(cls, store: str | None = None, **kwargs: Any) -> Simulator:
        """A simulator over the real skill, persisting to ``store`` (see ``open_store``).
        There is no Alexa API here: "today" is this machine's local date."""
        from datetime import date

        from skill.factory import build_skill
        from skill.stores import open_store

        return cls(build_skill(open_store(store), today=date.today), **kwargs)

    # ----------------------------------------------------------------------- state

    @property
    def session_open(self) -> bool:
        return self.session is not None

    @property
    def attributes(self) -> dict[str, Any]:
        """The session attributes Alexa would send next ({} when no session is open)."""
        return dict(self.session.attributes) if self.session is not None else {}

    # ------------------------------------------------------------------------ talk

    def say(self, line: str) -> Turn:
        """Send what a person says (one line) and carry the session on."""
        turn = Turn(line)
        if not line.strip():
            return turn
        addressed = self.matcher.addressed(line)
        self._moment = self._said_at(barge_in=addressed and self.session is not None)
        invocation = None
        if self.session is None or addressed:
            invocation = self.matcher.invocation(line)
        if invocation is None:
            if self.session is None:
                turn.note = self.closed_note
                return turn
            turn.match = self.matcher.match(line)
            turn.exchanges.append(self._send(self._intent(turn.match)))
            return turn
        if self.session is not None:  # "Alexa, open ..." in a session: that one ends first
            ended = self.end("USER_INITIATED")
            if ended is not None:
                turn.exchanges.extend(ended.exchanges)
        self.session = Session()
        if invocation.kind == "launch":
            request = launch_request(self.locale, self._now())
        elif invocation.kind == "resume" and RESUME in self.matcher.intent_slots:
            request = self._intent(Match(RESUME, {}, None, "built-in"))
        elif invocation.kind == "resume":
            request = launch_request(self.locale, self._now())
        else:
            turn.match = self.matcher.match(invocation.rest)
            request = self._intent(turn.match)
        turn.exchanges.append(self._send(request))
        return turn

    def end(
        self, reason: EndReason = "EXCEEDED_MAX_REPROMPTS", error: str | None = None
    ) -> Turn | None:
        """Close the open session as Alexa does, with a SessionEndedRequest; None if
        no session is open."""
        if self.session is None:
            return None
        if reason == "EXCEEDED_MAX_REPROMPTS" and self._heard_until is not None:
            self._moment = self._heard_until + timedelta(seconds=MICROPHONE_S)
        request = session_ended_request(reason, self.locale, error_message=error, now=self._now())
        turn = Turn("")
        try:
            turn.exchanges.append(self._send(request))
        finally:
            self.session = None
        return turn

    def press(self, arguments: list[Any], *, token: str | None = None, source_id: str | None = None) -> Turn:
        """A touch on the screen: the APL UserEvent its button sends, in the open session
        (a touch is not a line, so ``turn.line`` is empty)."""
        request = user_event_request(arguments, self.locale, token=token, source_id=source_id, now=self._now())
        return Turn("", [self._send(request)])

    def send_request(self, request: dict[str, Any]) -> Exchange:
        """Send any ``request`` object (e.g. an unusual request type) in the current
        session, or outside any session when none is open."""
        return self._send(request)

    # --------------------------------------------------------------------- helpers

    def _wall(self) -> datetime:
        return self._clock() if self._clock is not None else utc_now()

    def _said_at(self, *, barge_in: bool) -> datetime:
        """When a line is said: after the last answer has been heard, or, for a barge-in,
        a moment into it; never before the last request."""
        now = max(self._wall(), self._last_sent or self._wall())
        if self._heard_until is None or self._last_sent is None:
            return now
        if barge_in:
            return min(self._last_sent + timedelta(seconds=BARGE_IN_S), self._heard_until)
        return max(now, self._heard_until + timedelta(seconds=1))

    def _now(self) -> datetime:
        if self._moment is not None:
            return self._moment
        return max(self._wall(), self._last_sent) if self._last_sent is not None else self._wall()

    def _intent(self, match: Match) -> dict[str, Any]:
        return intent_request(
            match.intent,
            self.locale,
            slot_names=self.matcher.intent_slots.get(match.intent, {}),
            fills=match.slots,
            skill_id=self.skill_id,
            now=self._now(),
        )

    def _send(self, request: dict[str, Any]) -> Exchange:
        session = self.session
        event = envelope(
            request, user_id=self.user_id, session=session,
            skill_id=self.skill_id, device_id=self.device_id,
            api_endpoint=self.api_endpoint, screen=self.screen, consent_token=self.consent_token,
        )
        response = self._invoke(event)
        exchange = Exchange(event, response)
        sent = self._now()
        self._last_sent = sent
        self._heard_until = sent + timedelta(seconds=heard_seconds(exchange.output.get("outputSpeech")))
        self._moment = None
        if session is None or request.get("type") == "SessionEndedRequest":
            return exchange
        if exchange.ends_session:
            self.session = None
        else:
            attributes = response.get("sessionAttributes") if isinstance(response, dict) else None
            session.attributes = dict(attributes) if isinstance(attributes, dict) else {}
            session.new = False
        return exchange


def _skill_invoke(skill: Any) -> Invoke:
    from skill.factory import invoke

    def call(event: dict[str, Any]) -> dict[str, Any]:
        result: dict[str, Any] = invoke(skill, event)
        return result

    return call
