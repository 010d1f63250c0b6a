"""The person's own data: deleting it on request ("delete my data", "forget me"), after a
yes to one question, and when they disable the skill for good.

The engine only decides; a reply with ``erase`` set asks the handler to delete the
stored record through the store. Afterwards the person is new: the disclaimer is read
again the next time.
"""

from skill.engine import events as ev
from skill.engine.events import Act
from skill.engine.places import aside, reprompt
from skill.engine.reply import Reply, say
from skill.engine.state import Outcome, Profile, Session, Turn


def ask(turn: Turn) -> Outcome:
    """What is kept, that deleting it is final, and one yes-or-no question."""
    session = turn.session._replace(question="delete")
    reply = Reply((say("delete_what"), say("delete_ask")), reprompt(turn, "delete"))
    return Outcome(session, turn.profile, reply)


def answer(turn: Turn, event: ev.Event) -> Outcome | None:
    """The answer to "Should I delete it all?": yes deletes, no keeps everything and
    carries on; anything else is handled as usual (None)."""
    if event is Act.YES:
        return deleted()
    if event is Act.NO:
        return aside(turn, (say("delete_kept"),))
    return None


def deleted() -> Outcome:
    """Everything goes: the stored record, the session, and the session ends."""
    reply = Reply((say("data_deleted"),), end_session=True, unsaved_speech=(say("data_not_deleted"),),
                  repeatable=False, erase=True)
    return Outcome(Session(), Profile(), reply)


def disabled(session: Session, profile: Profile, event: ev.SkillDisabled) -> Outcome:
    """The skill was disabled. NOT_PERSISTED: that user id never comes back, so its record
    is deleted. PERSISTED (or no status): the same id returns if the skill is enabled
    again, so the record is kept. Nothing is said either way."""
    if event.status == "NOT_PERSISTED":
        return Outcome(Session(), Profile(), Reply((), end_session=True, repeatable=False, erase=True))
    return Outcome(session, profile, Reply((), end_session=True, repeatable=False))


__all__ = ["answer", "ask", "deleted", "disabled"]
