"""Names of the intents and slots the skill understands: one list shared by the handlers,
the interaction model's tests and the local simulator."""

from __future__ import annotations

# Custom intents and their slots (slot name -> slot type).
START_ROUTINE = "StartRoutineIntent"  # "start the desk break", "switch to the floor routine"
SKIP_EXERCISE = "SkipExerciseIntent"  # "skip this one"
HOW_TO = "HowToIntent"  # "how do I do child's pose", "walk me through bird dog", "how do I do this"
WHY = "WhyIntent"  # "why do cat cow", "what's that good for"
EQUIPMENT = "EquipmentIntent"  # "what do I need", "what do I need for band pull aparts"
LIST_EXERCISES = "ListExercisesIntent"  # "what exercises are there"
LIST_ROUTINES = "ListRoutinesIntent"  # "what routines are there"
WHERE_AM_I = "WhereAmIIntent"  # "where am I"
HOW_MANY_LEFT = "HowManyLeftIntent"  # "how many are left"
HURT = "HurtIntent"  # "this hurts", "my back hurts"
DISCLAIMER = "DisclaimerIntent"  # "read the disclaimer"
PAIN_RATING = "PainRatingIntent"  # "about a four", "it's a 6 today"
TOO_EASY = "TooEasyIntent"  # "that was too easy"
TOO_HARD = "TooHardIntent"  # "that was too hard"
SLOWER = "SlowerIntent"  # "slower", "more time", "longer holds"
FASTER = "FasterIntent"  # "faster", "shorter holds"
NORMAL_PACE = "NormalPaceIntent"  # "normal pace"
HOW_AM_I_DOING = "HowAmIDoingIntent"  # "how am I doing"
REMINDER = "ReminderIntent"  # "remind me every day at 8 am"

CUSTOM_SLOTS: dict[str, dict[str, str]] = {
    START_ROUTINE: {"routine": "ROUTINE"},
    SKIP_EXERCISE: {},
    HOW_TO: {"exercise": "EXERCISE"},
    WHY: {"exercise": "EXERCISE"},
    EQUIPMENT: {"exercise": "EXERCISE"},
    LIST_EXERCISES: {},
    LIST_ROUTINES: {},
    WHERE_AM_I: {},
    HOW_MANY_LEFT: {},
    HURT: {},
    DISCLAIMER: {},
    PAIN_RATING: {"rating": "AMAZON.NUMBER"},
    TOO_EASY: {},
    TOO_HARD: {},
    SLOWER: {},
    FASTER: {},
    NORMAL_PACE: {},
    HOW_AM_I_DOING: {},
    REMINDER: {"time": "AMAZON.TIME"},
}

# Built-in intents the skill handles.
NEXT = "AMAZON.NextIntent"
PREVIOUS = "AMAZON.PreviousIntent"
START_OVER = "AMAZON.StartOverIntent"
REPEAT = "AMAZON.RepeatIntent"
PAUSE = "AMAZON.PauseIntent"
RESUME = "AMAZON.ResumeIntent"
YES = "AMAZON.YesIntent"
NO = "AMAZON.NoIntent"
HELP = "AMAZON.HelpIntent"
STOP = "AMAZON.StopIntent"
CANCEL = "AMAZON.CancelIntent"
NAVIGATE_HOME = "AMAZON.NavigateHomeIntent"
FALLBACK = "AMAZON.FallbackIntent"

BUILT_IN = (
    NEXT, PREVIOUS, START_OVER, REPEAT, PAUSE, RESUME, YES, NO,
    HELP, STOP, CANCEL, NAVIGATE_HOME, FALLBACK,
)

ALL_INTENTS = (*CUSTOM_SLOTS, *BUILT_IN)

# Slot types whose values come from content/: type -> the content collection.
SLOT_TYPES = {"EXERCISE": "exercises", "ROUTINE": "routines"}
