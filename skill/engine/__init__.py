"""The routine engine: where a person is, and what each thing they say does to that.

Plain Python: no ask_sdk, flask or boto3. :func:`handle` takes the session, the user's
profile and an event, and returns the new session, the new profile and a
:class:`Reply` of prompt ids and pauses (never SSML). The modules, by topic:

- ``reply``: what is said (Say, Pause, Reply, Screen, Card), and how long it takes;
- ``state``: Position, Session, Profile, and one Turn's inputs;
- ``events``: what the person did;
- ``sets``: a led set, from the doses and the person's pace;
- ``places``: where the person is, and the question that ends an answer;
- ``lead``: one exercise's answer; ``navigate``: moving through a routine;
- ``explain``: answers about exercises; ``safety``: red flags, pain, dizziness;
- ``adapt``: levels, pace, equipment, progress, reminders;
- ``turn``: the dispatcher for one turn.
"""

from skill.engine.reply import Card, Part, Pause, Reply, Say, Screen, say
from skill.engine.state import Outcome, Position, Profile, Session
from skill.engine.turn import handle

__all__ = ["Card", "Outcome", "Part", "Pause", "Position", "Profile", "Reply", "Say", "Screen", "Session",
           "handle", "say"]
