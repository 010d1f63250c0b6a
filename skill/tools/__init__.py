"""Developer tools, apart from the runtime (Lambda, the web service, the chat): the
bench, the load test, the voice checks, the interaction-model and skill-package builds,
the icons, the Lambda build and the outage drill. Nothing on a turn's path imports them,
and the Lambda artifact leaves them out."""
