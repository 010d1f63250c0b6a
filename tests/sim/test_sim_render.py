from skill.sim.render import speech_ssml, speech_text, ssml_to_text


def test_tags_are_dropped_entities_read_and_spaces_collapsed():
    ssml = ("<speak>Hold   for <emphasis>20</emphasis> seconds.\n"
            "<p>Feet &amp; knees &lt;wide&gt;</p></speak>")
    assert ssml_to_text(ssml) == "Hold for 20 seconds. Feet & knees <wide>"


def test_breaks_become_pauses():
    ssml = ('<speak>Hold for 20 seconds. <break time="10s"/> Ten more. <break time="10s"/>'
            " And release.</speak>")
    assert ssml_to_text(ssml) == (
        "Hold for 20 seconds. [pause 10 s] Ten more. [pause 10 s] And release."
    )


def test_breaks_in_any_unit_or_strength_become_pauses():
    assert ssml_to_text('<speak>a<break time="500ms"/>b</speak>') == "a [pause 0.5 s] b"
    assert ssml_to_text("<speak>a<break time='1500ms' />b</speak>") == "a [pause 1.5 s] b"
    assert ssml_to_text('<speak>a <break time="2.5s"/> b</speak>') == "a [pause 2.5 s] b"
    assert ssml_to_text('<speak>a <break strength="strong"/> b</speak>') == "a [pause] b"
    assert ssml_to_text("<speak>a <break/> b</speak>") == "a [pause] b"
    assert ssml_to_text('<speak>a <break strength="none"/> b</speak>') == "a b"


def test_sub_reads_its_alias_audio_is_marked_and_amazon_tags_are_dropped():
    ssml = ('<speak><sub alias="physical therapist">PT</sub> tip. '
            '<amazon:effect name="whispered">Relax.</amazon:effect>'
            '<audio src="https://example.com/x.mp3"/></speak>')
    assert ssml_to_text(ssml) == "physical therapist tip. Relax. [audio]"


def test_output_speech_reads_as_text_whether_ssml_or_plain():
    assert speech_text({"type": "SSML", "ssml": "<speak>Hi <break time='1s'/> there</speak>"}) == (
        "Hi [pause 1 s] there"
    )
    assert speech_text({"type": "PlainText", "text": "Hi  there"}) == "Hi there"
    assert speech_text(None) == "" and ssml_to_text("") == ""
    assert speech_ssml({"type": "SSML", "ssml": "<speak>x</speak>"}) == "<speak>x</speak>"
