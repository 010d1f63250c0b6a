"""``back-routine``: chat with the skill locally, serve it over HTTPS, check the content.

Each subcommand lives in its own module and is imported only when it runs, so that
``back-routine chat`` never loads Flask and ``back-routine serve`` never loads the
simulator. A module that provides a subcommand exposes ``add_arguments(parser)`` and
``run(args) -> int``.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from types import ModuleType

COMMANDS = {
    "chat": ("skill.sim.chat", "talk to the skill on this machine, as Alexa would"),
    "serve": ("skill.web.serve", "run the verified web service (Flask)"),
    "validate": ("skill.validate", "load and check content/ and the interaction models"),
    "bench": ("skill.tools.bench", "measure turn cost, request verification and cold start"),
}
# A package an extra of pyproject.toml brings, and that extra: `serve` needs `web`.
EXTRAS = {"flask": "web", "werkzeug": "web", "cryptography": "web", "certifi": "web",
          "ask_sdk_webservice_support": "web", "boto3": "aws", "botocore": "aws", "ask_sdk_dynamodb": "aws"}


def load(module_name: str) -> ModuleType:
    """A subcommand's module; one that needs an extra not installed says which."""
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        extra = EXTRAS.get((exc.name or "").split(".")[0])
        if extra is None:
            raise
        raise SystemExit(f"back-routine: this needs {exc.name}, from the '{extra}' extra: "
                         f"pip install 'my-back-routine[{extra}]' (or, in a checkout, pip install -e '.[{extra}]')"
                         ) from None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(prog="back-routine", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    wanted = argv[0] if argv and argv[0] in COMMANDS else None
    for name, (module_name, help_text) in COMMANDS.items():
        sub = commands.add_parser(name, help=help_text, description=help_text)
        if name == wanted:  # import only the module that will run
            load(module_name).add_arguments(sub)
    args = parser.parse_args(argv)
    module = load(COMMANDS[args.command][0])
    from skill.content import ContentError

    try:
        return int(module.run(args) or 0)
    except ContentError as exc:
        print(f"back-routine: the content cannot be loaded: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
