"""The matcher against the committed en-US model: what people say, not only samples."""

from __future__ import annotations

import pytest

from skill import content, intents
from skill.sim import matcher as matcher_module
from skill.sim.matcher import BUILT_IN_PHRASES, FALLBACK, Matcher, matcher_for_locale
from skill.sim.slots import parse_time


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return matcher_for_locale("en-US")


@pytest.mark.parametrize(
    ("line", "intent"),
    [
        ("next", "AMAZON.NextIntent"),
        ("Next.", "AMAZON.NextIntent"),
        ("Alexa, next", "AMAZON.NextIntent"),
        ("alexa next please", "AMAZON.NextIntent"),
        ("okay, next", "AMAZON.NextIntent"),
        ("um next step", "AMAZON.NextIntent"),
        ("I'm ready", "AMAZON.NextIntent"),
        ("Im ready!", "AMAZON.NextIntent"),
        ("done", "AMAZON.NextIntent"),
        ("keep going", "AMAZON.NextIntent"),  # the model's own sample beats Amazon's list
        ("skip", "SkipExerciseIntent"),  # the model's own sample beats Amazon's list
        ("skip forward", "AMAZON.NextIntent"),
        ("skip this one", "SkipExerciseIntent"),
        ("Skip this one, please.", "SkipExerciseIntent"),
        ("I want to skip this", "SkipExerciseIntent"),
        ("can you just skip this exercise", "SkipExerciseIntent"),
        ("I can't do this one", "TooHardIntent"),  # an easier form first, not a skip
        ("I don't want to do this one", "SkipExerciseIntent"),
        ("found it", "HaveEquipmentIntent"),  # the one piece set aside
        ("go back", "AMAZON.PreviousIntent"),
        ("last step", "AMAZON.PreviousIntent"),
        ("repeat that", "AMAZON.RepeatIntent"),
        ("Can you repeat that please?", "AMAZON.RepeatIntent"),
        ("say that again", "AMAZON.RepeatIntent"),
        ("what was that", "AMAZON.RepeatIntent"),
        ("start over", "AMAZON.StartOverIntent"),
        ("start again", "AMAZON.StartOverIntent"),
        ("pause", "AMAZON.PauseIntent"),
        ("hold on", "WaitIntent"),
        ("pause the workout", "AMAZON.PauseIntent"),
        ("resume", "AMAZON.ResumeIntent"),
        ("continue", "AMAZON.ResumeIntent"),
        ("yes", "AMAZON.YesIntent"),
        ("Yeah.", "AMAZON.YesIntent"),
        ("okay", "AMAZON.YesIntent"),
        ("ok", "AMAZON.YesIntent"),
        ("yes please", "AMAZON.YesIntent"),
        ("no", "AMAZON.NoIntent"),
        ("nope", "AMAZON.NoIntent"),
        ("no thanks", "AMAZON.NoIntent"),
        ("help", "AMAZON.HelpIntent"),
        ("what can I say", "AMAZON.HelpIntent"),
        ("stop", "AMAZON.StopIntent"),
        ("shut up", "AMAZON.StopIntent"),
        ("cancel", "AMAZON.CancelIntent"),
        ("never mind", "AMAZON.CancelIntent"),
        ("go home", "AMAZON.NavigateHomeIntent"),
        ("how do I do this", "HowToIntent"),
        ("how do I do this one", "HowToIntent"),
        ("what's that good for", "WhyIntent"),
        ("what is that good for", "WhyIntent"),
        ("why am I doing this", "WhyIntent"),
        ("what do I need", "EquipmentIntent"),
        ("where am I", "WhereAmIIntent"),
        ("which exercise is this", "WhichExerciseIntent"),
        ("what step am I on", "WhereAmIIntent"),
        ("how many are left", "HowManyLeftIntent"),
        ("how much longer", "HowManyLeftIntent"),
        ("this hurts", "HurtIntent"),
        ("My back hurts!", "HurtIntent"),
        ("ouch", "HurtIntent"),
        ("I feel pain", "HurtIntent"),
        ("read the disclaimer", "DisclaimerIntent"),
        ("medical disclaimer", "DisclaimerIntent"),
        ("what exercises are there", "ListExercisesIntent"),
        ("what routines are there", "ListRoutinesIntent"),
        ("that was too easy", "TooEasyIntent"),
        ("make it easier", "TooHardIntent"),
        ("slow down", "SlowerIntent"),
        ("longer holds please", "SlowerIntent"),
        ("speed up", "FasterIntent"),
        ("normal pace", "NormalPaceIntent"),
        ("how am I doing", "HowAmIDoingIntent"),
        ("how much longer", "HowManyLeftIntent"),
    ],
)
def test_lines_match_their_intents(matcher, line, intent):
    assert matcher.match(line).intent == intent


@pytest.mark.parametrize(
    ("line", "intent", "value", "resolved"),
    [
        ("how do I do child's pose", "HowToIntent", "child's pose", "childs_pose"),
        ("how do I do kid's pose", "HowToIntent", "kid's pose", "childs_pose"),
        ("How do I do Kids Pose?", "HowToIntent", "kids pose", "childs_pose"),
        ("how do i do kid\u2019s pose", "HowToIntent", "kid's pose", "childs_pose"),
        ("Alexa, walk me through child's pose", "HowToIntent", "child's pose", "childs_pose"),
        ("um, how do you do the bird dog", "HowToIntent", "bird dog", "bird_dog"),
        ("explain the frisbee", "HowToIntent", "frisbee", "frisbee_reach"),
        ("show me how to do sword draw", "HowToIntent", "sword draw", "frisbee_reach"),
        ("why do cat-cow", "WhyIntent", "cat cow", "cat_cow"),
        ("what is cat cow good for", "WhyIntent", "cat cow", "cat_cow"),
        ("what does bird dog help with", "WhyIntent", "bird dog", "bird_dog"),
        ("what equipment do I need for band pull aparts", "EquipmentIntent",
         "band pull aparts", "band_pull_apart"),
        ("what do I need for the hip hinge", "EquipmentIntent",
         "hip hinge", "hip_hinge_towel_pull"),
        ("start the desk break", "StartRoutineIntent", "desk break", "desk_break"),
        ("switch to the floor routine", "StartRoutineIntent", "floor routine", "floor_routine"),
        ("do the floor routine please", "StartRoutineIntent", "floor routine", "floor_routine"),
        ("start my back routine", "StartRoutineIntent", "my back routine", "back_routine"),
    ],
)
def test_slots_resolve(matcher, line, intent, value, resolved):
    match = matcher.match(line)
    assert match.intent == intent
    slot = next(iter(match.slots.values()))
    assert slot.value == value
    assert slot.resolved_id == resolved
    assert slot.resolved_name


def test_slot_without_a_match_keeps_what_was_said(matcher):
    match = matcher.match("how do I do jumping jacks")
    assert match.intent == "HowToIntent"
    slot = match.slots["exercise"]
    assert (slot.value, slot.resolved_id, slot.type) == ("jumping jacks", None, "EXERCISE")
    assert not slot.matched


def test_resolution_is_exact_but_for_carrier_words(matcher):
    """As Alexa's entity resolution: a value's name or synonym, any case, apostrophes or
    not; an article before it or "exercise" after it are carrier words. Nothing near."""
    values = matcher.slot_types["EXERCISE"]
    assert values.resolve("the bird dog") == ("bird_dog", "bird dog")
    assert values.resolve("a bird dog exercise") == ("bird_dog", "bird dog")
    assert values.resolve("Child's Pose") == ("childs_pose", "child's pose")
    assert values.resolve("childs pose") == ("childs_pose", "child's pose")
    assert values.resolve("hamstring stretches")[0] == "hamstring_stretch"  # a synonym
    assert values.resolve("hip hinge with towel")[0] == "hip_hinge_towel_pull"  # "with a towel"
    assert values.resolve("cat cows")[0] == "cat_cow"  # a plural is a synonym too
    for near_miss in ("jumping jacks", "bird dogg", "bird hog", "child pos", "cat calves", "this bird dog"):
        assert values.resolve(near_miss) is None, near_miss
    assert values.nearness("bird hog") > values.nearness("jumping jacks")
    assert matcher.slot_types["ROUTINE"].resolve("the desk break") == ("desk_break", "desk break")
    assert matcher.slot_types["ROUTINE"].resolve("this on the floor") is None
    assert matcher.slot_types["PLACE"].resolve("one before this") == ("previous", "previous")


def test_nothing_matching_is_fallback(matcher):
    for line in ("blah blah", "what's the weather", "please", "um", "!!!"):
        match = matcher.match(line)
        assert match.intent == FALLBACK and not match.slots, line


@pytest.mark.parametrize(
    ("line", "value"),
    [("four", "4"), ("about a four", "4"), ("It's a 6 today.", "6"), ("10", "10"),
     ("zero", "0"), ("I'd say seven out of ten", "7"), ("my pain is fish", "?")],
)
def test_numbers_are_sent_as_alexa_reads_them(matcher, line, value):
    match = matcher.match(line)
    assert match.intent == "PainRatingIntent"
    rating = match.slots["rating"]
    assert (rating.value, rating.type, rating.builtin) == (value, "AMAZON.NUMBER", True)


def test_a_number_carrier_needs_a_number(matcher):
    assert matcher.match("it's a fish").intent == FALLBACK
    assert matcher.match("one more time").intent == "AMAZON.RepeatIntent"


def test_short_carriers_need_a_known_value(matcher):
    assert matcher.match("why bird dog").slots["exercise"].resolved_id == "bird_dog"
    assert matcher.match("why jumping jacks").intent == FALLBACK
    longer = matcher.match("why do jumping jacks")
    assert longer.intent == "WhyIntent" and not longer.slots["exercise"].matched


def test_most_specific_wins(matcher):
    assert matcher.match("skip").intent == "SkipExerciseIntent"  # the model's sample beats Amazon's list
    assert matcher.match("skip this one").intent == "SkipExerciseIntent"
    # a literal sample beats a slot that would swallow the same words
    assert matcher.match("how do I do this").slots == {}
    assert matcher.match("start again").intent == "AMAZON.StartOverIntent"
    assert matcher.match("what's left").intent == "HowManyLeftIntent"
    assert matcher.match("what's next").intent == "WhichExerciseIntent"
    assert matcher.match("repeat the disclaimer").intent == "DisclaimerIntent"


def test_every_sample_matches_its_own_intent(matcher):
    overrides = _overrides(matcher)
    for intent, sample in matcher.samples():
        if "{" in sample:
            continue
        assert matcher.match(sample).intent in (intent, *overrides[sample]), sample


def _overrides(matcher):
    """Every intent each sample is written in: Amazon's phrasing that the model deliberately
    gives to another intent is allowed to match there."""
    intents_of: dict[str, list[str]] = {}
    for intent, sample in matcher.samples():
        intents_of.setdefault(sample, []).append(intent)
    return intents_of


def test_documented_phrasings_only_lose_to_the_model_on_purpose(matcher):
    model_samples = {}
    for intent, sample in matcher.samples():
        model_samples.setdefault(sample, intent)
    overridden = {
        phrase: model_samples[phrase]
        for intent, phrases in BUILT_IN_PHRASES.items()
        for phrase in phrases
        if matcher.match(phrase).intent != intent
    }
    # "keep going" and "carry on" go on (people say them for next; "carry on from where we
    # stopped" is still resume); a bare "skip" leaves out the exercise in hand (said at
    # "Ready for band pull aparts?", Amazon's NextIntent would lead it)
    assert overridden == {"keep going": "AMAZON.NextIntent", "carry on": "AMAZON.NextIntent",
                          "skip": "SkipExerciseIntent"}


def test_launch_one_shot_and_resume_invocations_are_recognised(matcher):
    launch = ("Alexa, start my back routine", "alexa open my back routine",
              "Start my back routine", "Alexa, launch my back routine.",
              "alexa begin my back routine", "Alexa, ask my back routine")
    for line in launch:
        assert matcher.invocation(line).kind == "launch", line
    one_shot = matcher.invocation("Alexa, ask my back routine how do I do child's pose")
    assert (one_shot.kind, one_shot.rest) == ("one-shot", "how do i do child's pose")
    told = matcher.invocation("Alexa, tell my back routine to skip this one")
    assert (told.kind, told.rest) == ("one-shot", "skip this one")
    assert matcher.invocation("Alexa, resume my back routine").kind == "resume"
    assert matcher.invocation("next") is None
    assert matcher.invocation("alexa, what time is it") is None
    assert matcher.addressed("Alexa, next") and not matcher.addressed("next alexa")


def test_a_small_model_with_its_own_rules():
    model = {"interactionModel": {"languageModel": {
        "invocationName": "tea time",
        "intents": [
            {"name": "BrewIntent", "slots": [{"name": "tea", "type": "TEA"}],
             "samples": ["brew {tea}", "brew me a cup of {tea}"]},
            {"name": "AMAZON.StopIntent", "samples": []},
        ],
        "types": [{"name": "TEA", "values": [
            {"id": "earl_grey", "name": {"value": "earl grey", "synonyms": ["bergamot tea"]}}]}],
    }}}
    matcher = Matcher(model)
    match = matcher.match("Alexa, please brew me a cup of the bergamot tea")
    assert match.intent == "BrewIntent"
    assert match.slots["tea"].resolved_id == "earl_grey"
    assert matcher.match("shut up").intent == "AMAZON.StopIntent"
    assert matcher.match("next").intent == FALLBACK  # not in this model: Alexa would not send it
    assert matcher.invocation("open tea time").kind == "launch"


def test_one_normalize_for_content_and_matching():
    assert matcher_module.normalize is content.model.normalize
    assert not hasattr(matcher_module, "_singular")


@pytest.mark.parametrize(
    ("line", "intent"),
    [
        ("what's next", intents.WHICH_EXERCISE),
        ("wait", intents.WAIT), ("hold on", intents.WAIT), ("wait a second", intents.WAIT),
        ("hang on", intents.WAIT), ("give me a minute", intents.WAIT), ("give me a second", intents.WAIT),
        ("pause", intents.PAUSE), ("pause the routine", intents.PAUSE), ("pause the workout", intents.PAUSE),
        ("take a break", intents.TIRED), ("I need a break", intents.TIRED), ("I'm tired", intents.TIRED),
        ("I feel dizzy", intents.DIZZY), ("I'm woozy", intents.DIZZY), ("the room is spinning", intents.DIZZY),
        ("I might pass out", intents.DIZZY), ("I feel light-headed", intents.DIZZY),
        ("how long is left", intents.HOW_MANY_LEFT), ("how much longer", intents.HOW_MANY_LEFT),
        ("am I done", intents.HOW_MANY_LEFT),
        ("let's keep going", intents.NEXT), ("okay done", intents.NEXT), ("finished", intents.NEXT),
        ("ready", intents.NEXT), ("go ahead", intents.NEXT),
        ("go back one", intents.PREVIOUS), ("back to the previous exercise", intents.PREVIOUS),
        ("back to the previous step", intents.PREVIOUS),
        ("show me how again", intents.HOW_TO), ("am I doing it right", intents.HOW_TO),
        ("am I doing this right", intents.HOW_TO), ("what's this one for", intents.WHY),
        ("how many reps", intents.HOW_MANY_REPS), ("how many times do I do this", intents.HOW_MANY_REPS),
        ("how many of these", intents.HOW_MANY_REPS), ("how long do I hold it", intents.HOW_LONG_HOLD),
        ("which side am I on", intents.WHICH_SIDE), ("is this supposed to hurt", intents.HURT),
        ("thank you", intents.THANKS), ("thanks Alexa", intents.THANKS),
        ("read me the disclaimer again", intents.DISCLAIMER), ("what are the warning signs", intents.WARNING_SIGNS),
        ("tell me more", intents.MORE),
        ("can I do this in bed", intents.IN_BED), ("can I do this on the couch", intents.IN_BED),
        ("can I do this on the sofa", intents.IN_BED), ("can I do this on the bed", intents.IN_BED),
    ],
)
def test_what_people_say_goes_where_it_belongs(matcher, line, intent):
    match = matcher.match(line)
    assert match.intent == intent
    assert all(fill.matched or fill.builtin for fill in match.slots.values()), match.slots


@pytest.mark.parametrize(
    ("line", "intent", "slot", "resolved"),
    [
        ("skip to bird dog", intents.JUMP_TO, "exercise", "bird_dog"),
        ("jump to child's pose", intents.JUMP_TO, "exercise", "childs_pose"),
        ("go to the bird dog", intents.JUMP_TO, "exercise", "bird_dog"),
        ("let's do cat cow", intents.JUMP_TO, "exercise", "cat_cow"),
        ("let's do the desk break instead", intents.START_ROUTINE, "routine", "desk_break"),
        ("go to the floor routine", intents.START_ROUTINE, "routine", "floor_routine"),
        ("I don't have a band", intents.NO_EQUIPMENT, "equipment", "band"),
        ("I don't own a chair", intents.NO_EQUIPMENT, "equipment", "chair"),
        ("I haven't got a yoga mat", intents.NO_EQUIPMENT, "equipment", "mat"),
        ("no towel", intents.NO_EQUIPMENT, "equipment", "towel"),
        ("what was the first exercise", intents.WHICH_EXERCISE, "place", "first"),
        ("what was the previous one", intents.WHICH_EXERCISE, "place", "previous"),
        ("what's the next exercise", intents.WHICH_EXERCISE, "place", "next"),
        ("what is this exercise good for", intents.WHY, None, None),
        ("what is bird dog good for", intents.WHY, "exercise", "bird_dog"),
        # a name people reach for (a content synonym), and "the end" as the last place
        ("how do you do the chair version of cat cow", intents.HOW_TO, "exercise", "seated_cat_cow"),
        ("which one comes at the end", intents.WHICH_EXERCISE, "place", "last"),
    ],
)
def test_the_newer_intents_resolve_their_slots(matcher, line, intent, slot, resolved):
    match = matcher.match(line)
    assert match.intent == intent
    if slot is None:
        assert match.slots == {}
    else:
        assert match.slots[slot].resolved_id == resolved


@pytest.mark.parametrize(
    ("line", "value"),
    [("my pain is a nine now", "9"), ("it's like a six", "6"), ("seven now", "7"),
     ("it's gone up to a five", "5"), ("it went down to a two", "2")],
)
def test_a_rating_said_any_time(matcher, line, value):
    match = matcher.match(line)
    assert (match.intent, match.slots["rating"].value) == (intents.PAIN_RATING, value)


def test_carrier_words_never_become_a_name(matcher):
    # "this in bed", "this exercise", "this on the floor" are carrier words, not names
    for line in ("can I do this in bed", "what is this exercise good for", "can I do this on the floor",
                 "how do I do this stretch", "what's that one for", "skip to the next one",
                 "let's do this", "go to the last exercise"):
        match = matcher.match(line)
        for fill in match.slots.values():
            assert fill.matched or fill.builtin, (line, match)
    assert matcher.match("let's do this").intent != intents.START_ROUTINE
    assert matcher.match("let's do it").intent == intents.YES


def test_words_longer_than_any_name_and_naming_none_are_no_name(matcher):
    """"I got {equipment}" took "up too fast and I feel light headed" as a piece of
    equipment no one knows (and the skill asked "did you mean ..." of someone dizzy);
    "I got through it, on to the next" was equipment too. A capture longer than every
    name of its slot type is a name only if some name is in it."""
    assert matcher.match("i got up too fast and i feel light headed").intent == intents.DIZZY
    assert matcher.match("i got through it, on to the next").intent == intents.NEXT
    # Still a name when one is in it: the skill finds "chair" in what was said.
    kept = matcher.match("i don't have a chair, i've got a standing desk")
    assert kept.intent == intents.NO_EQUIPMENT and "chair" in kept.slots["equipment"].value
    # And a short capture that names nothing is still an unknown name in a clear carrier.
    assert matcher.match("I don't have a yoga wheel").intent == intents.NO_EQUIPMENT


def test_a_resolved_slot_beats_an_unresolved_capture_of_the_same_carrier(matcher):
    # "let's do {routine}" and "let's do {exercise}" both fit; the name decides
    assert matcher.match("let's do the floor routine").intent == intents.START_ROUTINE
    assert matcher.match("let's do the bird dog").intent == intents.JUMP_TO
    # "what is {exercise}" would take "bird dog good for"; "what is {exercise} good for" resolves
    why = matcher.match("what's bird dog good for")
    assert (why.intent, why.slots["exercise"].resolved_id) == (intents.WHY, "bird_dog")


def test_an_unknown_name_in_a_clear_carrier_is_still_that_intent(matcher):
    for line, intent, slot in [("how do I do the bird hog", intents.HOW_TO, "exercise"),
                               ("walk me through the cat crow", intents.HOW_TO, "exercise"),
                               ("why should I do the bird hog", intents.WHY, "exercise"),
                               ("skip to the cat crow", intents.JUMP_TO, "exercise"),
                               ("I don't have a foam roller", intents.NO_EQUIPMENT, "equipment")]:
        match = matcher.match(line)
        assert match.intent == intent, line
        assert not match.slots[slot].matched and match.slots[slot].value, line


def test_a_near_miss_picks_the_slot_type_it_is_near(matcher):
    """Both "let's do {exercise}" and "let's do {routine}" fit, neither resolves: the
    name nearer what was said picks the intent (rapidfuzz), and still does not resolve."""
    hog = matcher.match("let's do the bird hog")
    assert hog.intent == intents.JUMP_TO and not hog.slots["exercise"].matched
    brake = matcher.match("let's do the desk brake")
    assert brake.intent == intents.START_ROUTINE and not brake.slots["routine"].matched


@pytest.mark.parametrize(
    ("line", "intent"),
    [
        ("okay, next", intents.NEXT), ("sorry, what did you say", intents.REPEAT),
        ("ow, this hurts", intents.HURT), ("actually, let's stop", intents.STOP),
        ("skip it now", intents.SKIP_EXERCISE), ("which side is it now", intents.WHICH_SIDE),
        ("explain it again", intents.HOW_TO), ("are we nearly done yet", intents.HOW_MANY_LEFT),
        ("slow down a bit", intents.SLOWER), ("what am I on right now", intents.WHERE_AM_I),
        ("yes thanks", intents.YES), ("no thanks", intents.NO), ("thanks", intents.THANKS),
        ("sorry", intents.REPEAT), ("okay", intents.YES), ("now", FALLBACK),
    ],
)
def test_interjections_before_and_words_after_keep_what_a_line_means(matcher, line, intent):
    """Interjections before ("okay,", "sorry,") and words after ("now", "again", "yet")
    do not change what a line means; alone they are what they are."""
    assert matcher.match(line).intent == intent


def test_framed_samples_never_outrank_what_a_line_means(matcher):
    """The model writes out "okay what's {place}" or "let's try {routine} now" for clients
    that match a sample word for word (samples.yaml's frames:). The matcher reads every
    line past such an interjection or trailer itself, so to it those samples are the ones
    they frame: "okay" never counts as a carrier word that outranks a closer sample."""
    how = matcher.match("okay, what's a bird dog")
    assert (how.intent, how.slots["exercise"].resolved_id) == (intents.HOW_TO, "bird_dog")
    start = matcher.match("um, let's try the desk break now")
    assert (start.intent, start.slots["routine"].resolved_id) == (intents.START_ROUTINE, "desk_break")
    start = matcher.match("do the desk break now")
    assert (start.intent, start.slots["routine"].resolved_id) == (intents.START_ROUTINE, "desk_break")
    start = matcher.match("let's do the floor routine")  # "let's" is a carrier here, not an interjection
    assert (start.intent, start.slots["routine"].resolved_id) == (intents.START_ROUTINE, "floor_routine")
    assert matcher.match("okay stop").sample == "stop"
    assert matcher.match("which leg is it now").sample == "which leg is it"
    # what frames add that the matcher could not read past is new to it, and understood
    for line, intent in [("oh no, I fell", intents.RED_FLAG), ("can we pause", intents.PAUSE),
                         ("could I stop", intents.STOP), ("go faster a little", intents.FASTER)]:
        assert matcher.match(line).intent == intent, line


def test_trailing_carrier_words_are_not_part_of_a_name(matcher):
    jump = matcher.match("I want to do the breathing one next")
    assert (jump.intent, jump.slots["exercise"].resolved_id) == (intents.JUMP_TO, "diaphragmatic_breathing")
    start = matcher.match("can we do the floor routine today instead")
    assert (start.intent, start.slots["routine"].resolved_id) == (intents.START_ROUTINE, "floor_routine")


def test_a_number_that_is_no_number_needs_a_long_carrier(matcher):
    assert matcher.match("I'm ready now").intent == intents.NEXT  # not "I'm {rating} now"
    assert matcher.match("my pain is fish").slots["rating"].value == "?"


# ------------------------------------------------------------------ the near step

# Things said to an Echo that are no part of this skill, and gibberish: no sample is near
# enough to any of them, so each stays AMAZON.FallbackIntent.
OUT_OF_DOMAIN = [
    "what's the weather", "what's the weather like today", "play some music", "tell me a joke",
    "set a timer for five minutes", "who won the game", "flibbertigibbet wobble", "order pizza", "call mom",
    "turn on the lights", "what time is it", "how old are you", "what's your name", "I love you",
    "good morning", "open the pod bay doors", "add milk to my shopping list", "what's on my calendar",
    "play the news", "how tall is mount everest", "what's two plus two", "book a table for two",
    "send a text to john", "is it going to rain tomorrow", "turn the volume up", "what's the capital of france",
    "order an uber", "tell me a story", "sing me a song", "what's the score", "buy some batteries",
    "set an alarm for seven am", "who is the president", "blah blah blah", "banana phone",
    "purple monkey dishwasher", "the quick brown fox jumps over the lazy dog", "how far is the moon",
    "what's the meaning of life", "find me a recipe for chicken", "where is my phone", "spell necessary",
    "translate hello into spanish", "what movies are playing", "I'm hungry", "the dog needs a walk",
    "can you recommend a book", "what's the stock market doing", "remind me to buy milk",
    "how many calories in an apple", "is the shop open", "my cat is sick", "what's next on my calendar",
    "play the next song", "skip this song", "stop the music", "what's the temperature outside",
    "my phone is dead", "where's the nearest pharmacy", "I'm watching tv", "what day is it today",
]


@pytest.mark.parametrize("line", OUT_OF_DOMAIN)
def test_out_of_domain_lines_stay_fallback(matcher, line):
    match = matcher.match(line)
    assert (match.intent, match.source) == (FALLBACK, "fallback"), match
    assert not match.slots


@pytest.mark.parametrize(
    ("line", "intent"),
    [
        ("can you show me what to do for this exercise", intents.HOW_TO),
        ("what good does this do", intents.WHY),
        ("how many times am I meant to do it", intents.HOW_MANY_REPS),
        ("for how long should I keep holding it", intents.HOW_LONG_HOLD),
        ("which side should I be doing now", intents.WHICH_SIDE),
        ("is there anything I need for this one", intents.EQUIPMENT),
        ("I'm feeling really very tired now", intents.TIRED),
        ("my lower back is really sore from that", intents.HURT),
        ("this is far too easy for me honestly", intents.TOO_EASY),
        ("this one is really too hard for me", intents.TOO_HARD),
        ("have I been doing well this week", intents.HOW_AM_I_DOING),
        ("thanks so much for your help alexa", intents.THANKS),
        ("how many exercises are left to do", intents.HOW_MANY_LEFT),
        ("take me back to the exercise before this one", intents.PREVIOUS),
        ("would it be fine to do these in my bed", intents.IN_BED),
        ("no I don't want to", intents.NO),
    ],
)
def test_a_phrasing_near_a_sample_is_understood(matcher, line, intent):
    """No sample fits these word for word; Alexa would still hear them, and so does the
    near step, which says so."""
    match = matcher.match(line)
    assert (match.intent, match.source) == (intent, "near"), match
    assert match.sample and 0 < match.nearness <= 1


def test_the_near_step_resolves_slots_exactly_and_invents_none(matcher):
    towel = matcher.match("I don't think I have a towel")
    assert (towel.intent, towel.source) == (intents.NO_EQUIPMENT, "near")
    assert towel.slots["equipment"].resolved_id == "towel"
    rating = matcher.match("I would say my pain is about a five")
    assert (rating.intent, rating.source, rating.slots["rating"].value) == (intents.PAIN_RATING, "near", "5")
    # nothing near-miss resolves, and no slot is filled from nothing: a misheard name is
    # no value, and a sample's slot the line does not fill stays empty
    hog = matcher.match("I would really like to try the bird hog now please")
    assert (hog.intent, hog.slots) == (FALLBACK, {})
    for line, value in [("I'd quite like to have a go at bird dog now please", "bird dog"),
                        ("can I skip over to the desk break now", "desk break"),
                        ("I would say it's around a seven", "7")]:
        match = matcher.match(line)
        assert match.source == "near", line
        (fill,) = match.slots.values()
        assert fill.value == value and (fill.matched or fill.builtin), match  # the value's words only


def test_the_near_step_is_only_a_last_resort(matcher):
    """A line a sample fits is matched by it, never by nearness."""
    for line in ("how do I do this", "skip this one", "my pain is a nine now", "I can't feel my legs",
                 "I'm knackered", "cheers"):
        assert matcher.match(line).source == "model", line


def test_the_near_step_drops_a_leading_interjection_only_when_nothing_is_near_the_whole_line(matcher):
    """"yeah" is part of what "yeah, let's pick up there" means (a yes, not a resume); the
    "ouch" of "ouch, I think I fell awkwardly" only keeps the red flag from being near."""
    kept = matcher.match("yeah let's pick up there")
    assert (kept.intent, kept.sample, kept.source) == (intents.YES, "yeah pick up there", "near")
    dropped = matcher.match("ouch I think I fell awkwardly")
    assert (dropped.intent, dropped.source) == (intents.RED_FLAG, "near")
    assert dropped.sample in ("i think i fell", "i think i just fell")


# Red flags said in ways no sample has, next to milder words ("it hurts", "dizzy",
# "tired"): the near step gives them to RedFlagIntent, never to a milder intent.
RED_FLAGS_WITH_MILD_WORDS = [
    "my knee hurts and it's gone numb", "my back hurts and my legs are tingling", "I'm dizzy and my chest hurts",
    "it hurts and I can't feel my feet", "my leg hurts and feels weak", "ouch I think I fell awkwardly",
    "I'm tired and I've got a fever", "my hip is sore and there's a shooting pain down my leg",
    "I'm a bit sore and I can't hold my bladder", "oh no my legs just buckled",
]
# Mild things, some near a red-flag sample in their words ("my hamstring feels tight" is
# a word from "my chest feels tight"): without a sign of a red flag, never RedFlagIntent.
MILD = [
    "my hamstring feels tight", "I feel a stretch down the back of my leg", "I can feel it in the back of my leg",
    "my legs are tired", "I'm a bit sore", "my back is a bit stiff", "my legs feel heavy", "my shoulder is tight",
    "my feet are cold", "my toes are cold", "I need the toilet", "I need to go to the bathroom", "I fell asleep",
    "my back hurts", "my knee hurts on the floor", "I'm a bit out of breath", "my muscles are burning",
    "my legs are shaking", "I feel stiff", "my hip is clicking",
]


@pytest.mark.parametrize("line", RED_FLAGS_WITH_MILD_WORDS)
def test_a_red_flag_is_never_pulled_into_a_milder_intent(matcher, line):
    assert matcher.match(line).intent == intents.RED_FLAG


@pytest.mark.parametrize("line", MILD)
def test_a_mild_line_is_never_pulled_into_a_red_flag(matcher, line):
    assert matcher.match(line).intent != intents.RED_FLAG


def test_red_flag_signs_keep_a_line_from_milder_intents():
    from skill.sim.near import RED_FLAG, NearSample, NearSamples

    samples = NearSamples([
        NearSample("HurtIntent", "my knee hurts", ("my", "knee", "hurts"), {}, True, 0),
        NearSample(RED_FLAG, "my legs are numb", ("my", "legs", "are", "numb"), {}, True, 1),
        NearSample("TiredIntent", "my legs are tired", ("my", "legs", "are", "tired"), {}, True, 2),
    ])
    never = lambda _type, _words: False  # noqa: E731
    words = "my knee hurts and is numb".split()
    near = samples.nearest(words, lambda a, b: " ".join(words[a:b]), never)
    assert near is None or near.intent == RED_FLAG  # "numb": never the milder "my knee hurts"
    assert samples.alarmed(["numb"]) and samples.alarmed("i cant feel my legs".split())
    assert not samples.alarmed("my legs are tired".split())
    tired = "my legs are so tired".split()
    found = samples.nearest(tired, lambda a, b: " ".join(tired[a:b]), never)
    assert found is not None and found.intent == "TiredIntent"


def test_chat_json_says_how_a_line_was_understood(matcher):
    from skill.sim.chat import understood

    near = understood(matcher.match("I'm feeling really very tired now"))
    assert (near["intent"], near["source"]) == (intents.TIRED, "near") and 0 < near["nearness"] <= 1
    exact = understood(matcher.match("how do I do bird dog"))
    assert exact["source"] == "model" and exact["slots"]["exercise"]["id"] == "bird_dog"
    assert understood(matcher.match("order pizza"))["source"] == "fallback"


@pytest.mark.parametrize(("said", "sent"), [
    ("8 am", "08:00"), ("6 30 pm", "18:30"), ("6pm", "18:00"), ("7am", "07:00"),
    ("eight in the morning", "08:00"), ("half past seven in the morning", "07:30"),
    ("half nine at night", "21:30"), ("half five", "05:30"), ("quarter to nine pm", "20:45"),
    ("noon", "12:00"), ("banana", None), ("half", None),
    ("evening at six thirty", "18:30"), ("six thirty every evening", "18:30"), ("seven tonight", "19:00"),
    ("each morning at seven", "07:00"), ("every evening", "EV"),
])
def test_a_time_is_read_as_alexa_sends_it(said, sent):
    """AMAZON.TIME as the simulator fills it: glued "6pm", and British "half nine" (half past)."""
    assert parse_time(said) == sent
