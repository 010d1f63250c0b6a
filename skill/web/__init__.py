"""The self-hosted door of the skill: a Flask app that verifies every request the way
Amazon requires of web-service skills. Serve it with ``back-routine serve`` locally, or
``gunicorn 'skill.web:create_app()'`` in production (behind HTTPS).

Importing this package touches nothing: the skill, its store and the trust store are built
inside ``create_app``.
"""

from skill.web.app import create_app

__all__ = ["create_app"]
