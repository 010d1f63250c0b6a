"""Phrasings that vary: every prompt with a pool of phrasings is said in the next one of
them, never the one this person heard last time, nor the same twice in one answer."""

from skill.content import Content
from skill.engine.reply import Part, Reply, Say
from skill.engine.state import Profile


def vary(content: Content, reply: Reply, profile: Profile) -> tuple[Reply, Profile]:
    """Choose a phrasing for every prompt that has a pool: never the one this person
    heard last time, and never the same twice in one answer."""
    prompts = content.prompts
    heard = dict(profile.phrases)  # prompt id -> the phrasing this person heard last
    last = dict(heard)

    def pick(parts: tuple[Part, ...]) -> tuple[Part, ...]:
        out: list[Part] = []
        for part in parts:
            if isinstance(part, Say) and len(pool := prompts.get(part.id, ())) > 1:
                variant = (last.get(part.id, -1) + 1) % len(pool)
                last[part.id] = variant
                part = Say(part.id, part.values, variant)
            out.append(part)
        return tuple(out)

    speech, reprompt_ = pick(reply.speech), pick(reply.reprompt)
    chosen, unsaved = last, None
    if reply.unsaved_speech is not None:
        last = dict(heard)  # said instead of the speech: it picks from the same start
        unsaved = pick(reply.unsaved_speech)
    screen, card = reply.screen, reply.card
    if (screen is not None or card is not None) and speech != reply.speech:
        spoken = {(p.id, p.values): p.variant for p in speech if isinstance(p, Say)}

        def as_spoken(parts: tuple[Part, ...]) -> tuple[Part, ...]:
            return tuple(Say(p.id, p.values, spoken[p.id, p.values])
                         if isinstance(p, Say) and spoken.get((p.id, p.values), p.variant) != p.variant else p
                         for p in parts)

        screen = screen._replace(parts=as_spoken(screen.parts)) if screen else None
        card = card._replace(parts=as_spoken(card.parts)) if card else None
    reply = reply._replace(speech=speech, reprompt=reprompt_, unsaved_speech=unsaved, varied=True,
                           screen=screen, card=card)
    if chosen != heard:
        profile = profile._replace(phrases=tuple(sorted(chosen.items())))
    return reply, profile
