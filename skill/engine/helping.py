"""Help and misunderstandings: what to say now, at every moment, and answers that
escalate when the skill keeps missing what was said."""

from skill.engine import explain, safety
from skill.engine.places import aside, mid_set, reprompt
from skill.engine.reply import Part, Reply, say
from skill.engine.state import MAX_MISSES, Outcome, Question, Turn

PLAIN = ("idle", "routine", "mid_set")  # moments that are not a question


def moment(turn: Turn) -> str:
    """What this moment is, for help and for examples of what to say: the question just
    asked, or outside a routine, in it, or during a set."""
    question, position = turn.session.question, turn.session.position
    if question is not None:
        return question
    if position is None:
        return "idle"
    return "mid_set" if mid_set(turn) else "routine"


def helping(turn: Turn, now: str) -> Outcome:
    """Help, everywhere: one sentence on what the skill does, then what to say now."""
    parts = (say("help_about"), say(f"help_{now}"))
    if now in PLAIN:
        return aside(turn, parts, repeatable=False)
    question: Question = now  # type: ignore[assignment]
    session = turn.session._replace(question=question)
    return Outcome(session, turn.profile, Reply(parts, reprompt(turn, question), repeatable=False))


def fallback(turn: Turn, now: str) -> Outcome:
    """Misunderstandings vary and escalate: sorry, and the question of the moment; then
    examples of what can be said now; then the examples again with an offer of help or
    stopping."""
    misses = min(turn.session.misses + 1, MAX_MISSES)
    turn = turn.with_session(misses=misses)
    question: Question | None = None if now in PLAIN else now  # type: ignore[assignment]
    if misses == 1:
        if question is None:
            return aside(turn, (say("fallback_1"),), repeatable=False)
        parts: tuple[Part, ...] = (say("fallback_1"), *reprompt(turn, question))
    elif misses == 2:
        parts = (say("fallback_2"), say(f"examples_{now}"))
    else:
        parts = (say("fallback_3"), say(f"examples_{now}"), say("help_or_stop"))
    session = turn.session._replace(question=question)
    return Outcome(session, turn.profile, Reply(parts, reprompt(turn, question), repeatable=False))


def more(turn: Turn) -> Outcome:
    """"Tell me more": after pain, the warning signs; in a routine, how to do this one."""
    if turn.session.said in ("hurt", "warning"):
        return safety.warning_signs(turn)
    if turn.session.position is not None or turn.profile.saved is not None:
        return explain.explain(turn, "how", None, None)
    return helping(turn, "idle")
