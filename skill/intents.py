"""Names of the intents and slots the skill understands: one list shared by the handlers,
the interaction model's tests and the local simulator."""

from __future__ import annotations

# Custom intents and their slots (slot name -> slot type).
START_ROUTINE = "StartRoutineIntent"  # "start the desk break", "switch to the floor routine"
SKIP_EXERCISE = "SkipExerciseIntent"  # "skip this one"
JUMP_TO = "JumpToIntent"  # "skip to bird dog", "jump to child's pose", "go to bird dog"
HOW_TO = "HowToIntent"  # "how do I do child's pose", "walk me through bird dog", "show me how again"
WHY = "WhyIntent"  # "why do cat cow", "what's this one for"
EQUIPMENT = "EquipmentIntent"  # "what do I need", "what do I need for band pull aparts"
NO_EQUIPMENT = "NoEquipmentIntent"  # "I don't have a band", "I don't own a chair"
HAVE_EQUIPMENT = "HaveEquipmentIntent"  # "I have a band now", "I found a towel"
IN_BED = "InBedIntent"  # "can I do this in bed", "can I do this on the couch"
HOW_MANY_REPS = "HowManyRepsIntent"  # "how many reps", "how many times do I do this"
HOW_LONG_HOLD = "HowLongHoldIntent"  # "how long do I hold it"
WHICH_SIDE = "WhichSideIntent"  # "which side am I on", "which leg is it"
WHICH_EXERCISE = "WhichExerciseIntent"  # "what's the next exercise", "what was the first one"
LIST_EXERCISES = "ListExercisesIntent"  # "what exercises are there"
LIST_ROUTINES = "ListRoutinesIntent"  # "what routines are there"
WHERE_AM_I = "WhereAmIIntent"  # "where am I"
HOW_MANY_LEFT = "HowManyLeftIntent"  # "how many are left", "how long is left", "am I done"
HURT = "HurtIntent"  # "this hurts", "is this supposed to hurt"
RED_FLAG = "RedFlagIntent"  # "I can't feel my legs", "I have chest pain", "I fell"
DIZZY = "DizzyIntent"  # "I feel dizzy", "I feel faint"
WARNING_SIGNS = "WarningSignsIntent"  # "what are the warning signs"
MORE = "MoreIntent"  # "tell me more"
DISCLAIMER = "DisclaimerIntent"  # "read the disclaimer"
PAIN_RATING = "PainRatingIntent"  # "about a four", "my pain is a nine now"
TOO_EASY = "TooEasyIntent"  # "that was too easy"
TOO_HARD = "TooHardIntent"  # "that was too hard"
SLOWER = "SlowerIntent"  # "slower", "more time", "longer holds"
FASTER = "FasterIntent"  # "faster", "shorter holds"
NORMAL_PACE = "NormalPaceIntent"  # "normal pace"
HOW_AM_I_DOING = "HowAmIDoingIntent"  # "how am I doing"
REMINDER = "ReminderIntent"  # "remind me every day at 8 am"
THANKS = "ThanksIntent"  # "thank you", "thanks Alexa"
WAIT = "WaitIntent"  # "wait", "hold on", "wait a second"
TIRED = "TiredIntent"  # "I'm tired", "I need a break"
DELETE_DATA = "DeleteDataIntent"  # "delete my data", "forget me", "erase my progress"

CUSTOM_SLOTS: dict[str, dict[str, str]] = {
    START_ROUTINE: {"routine": "ROUTINE"},
    SKIP_EXERCISE: {},
    JUMP_TO: {"exercise": "EXERCISE"},
    HOW_TO: {"exercise": "EXERCISE"},
    WHY: {"exercise": "EXERCISE"},
    EQUIPMENT: {"exercise": "EXERCISE"},
    NO_EQUIPMENT: {"equipment": "EQUIPMENT"},
    HAVE_EQUIPMENT: {"equipment": "EQUIPMENT"},
    IN_BED: {},
    HOW_MANY_REPS: {"exercise": "EXERCISE"},
    HOW_LONG_HOLD: {"exercise": "EXERCISE"},
    WHICH_SIDE: {},
    WHICH_EXERCISE: {"place": "PLACE"},
    LIST_EXERCISES: {"routine": "ROUTINE"},
    LIST_ROUTINES: {},
    WHERE_AM_I: {},
    HOW_MANY_LEFT: {},
    HURT: {"part": "BODY_PART"},
    RED_FLAG: {"part": "LOWER_BODY"},
    DIZZY: {},
    WARNING_SIGNS: {},
    MORE: {},
    DISCLAIMER: {},
    PAIN_RATING: {"rating": "AMAZON.NUMBER"},
    TOO_EASY: {},
    TOO_HARD: {},
    SLOWER: {},
    FASTER: {},
    NORMAL_PACE: {},
    HOW_AM_I_DOING: {},
    REMINDER: {"time": "AMAZON.TIME"},
    THANKS: {},
    WAIT: {},
    TIRED: {},
    DELETE_DATA: {},
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
SLOT_TYPES = {"EXERCISE": "exercises", "ROUTINE": "routines", "EQUIPMENT": "equipment"}

# Slot types whose values are fixed words, written in interaction_models/samples.yaml
# under types: (value id -> the words people say for it).
PLACE_VALUES = ("first", "previous", "current", "next", "last")
# Where numbness, tingling or weakness is felt, below the waist, in a red flag ("my
# {part} has gone numb", "I've got pins and needles in both {part}"). A slot rather than
# every place written out in every sentence: one sample covers what dozens did, and the
# model keeps to SMAPI's size. The skill never reads it: any red flag stops the routine.
LOWER_BODY_VALUES = ("legs", "feet", "groin", "buttocks", "thighs", "knees")
# Where it hurts ("my {part} is sore", "this hurts my {part}"): a slot for the same
# reason. The skill does not read it either: whatever hurts, the answer is the same.
BODY_PART_VALUES = ("back", "neck", "shoulders", "arms", "hips", "legs", "knees", "feet")

# Slots the skill never reads: filled or not, the intent means the same
# (skill/tools/understanding.py does not count a phrase missed for one of them).
UNREAD_SLOTS: dict[str, frozenset[str]] = {RED_FLAG: frozenset({"part"}), HURT: frozenset({"part"})}
