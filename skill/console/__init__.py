"""The voice console: talk to the skill in a browser, by voice or keyboard, hear it with
its pauses and see the Echo Show screen. ``back-routine serve --console`` serves it at
``/console``, on loopback only.

- :mod:`skill.console.routes`: the Flask blueprint, the page and its small JSON API;
- :mod:`skill.console.sessions`: one simulated Echo Show per browser tab (the same
  simulator as ``back-routine chat``), kept in memory, bounded;
- :mod:`skill.console.speech`: SSML into segments to play (words and pauses), and the
  screen (the APL datasource and the buttons of the document) out of a response;
- ``static/``: the page (plain HTML, CSS and one script; no build step, nothing from a CDN).

The dialog stays in the skill: the page plays segments and draws the datasource, and sends
what the person says or touches. Nothing here is on the Lambda path, and the Lambda
artifact leaves this package out.
"""
