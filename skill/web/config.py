"""Settings of the web service, from a config dict (or ``serve`` options) over the environment.

Every setting has a config key, an environment variable and a ``back-routine serve`` option,
so that ``back-routine serve`` and gunicorn (``gunicorn 'skill.web:create_app()'``) are
configured the same way. A value in the config dict wins over the environment.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
TRUE = ("1", "true", "yes", "on")
FALSE = ("0", "false", "no", "off")


class ConfigError(ValueError):
    """A setting has a value the service cannot run with."""


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8080
    store: str | None = None  # None: skill.stores.open_store's default
    skill_ids: tuple[str, ...] = ()
    verify: bool = True
    max_body: int = 256 * 1024
    log_level: str = "INFO"
    console: bool = False  # the voice console at /console (back-routine serve --console): loopback only


def load_settings(
    config: Mapping[str, Any] | None = None, env: Mapping[str, str] | None = None
) -> Settings:
    env = os.environ if env is None else env
    raw: dict[str, Any] = {key: env[src[1]] for key, src in SOURCES.items() if env.get(src[1])}
    raw.update({k: v for k, v in (config or {}).items() if k in SOURCES and v is not None})
    values: dict[str, Any] = {}
    for key, value in raw.items():
        field, var, option, parse = SOURCES[key]
        try:
            values[field] = parse(value)
        except (TypeError, ValueError) as error:
            raise ConfigError(f"{key} ({var} / {option}): {error}") from None
    console = (config or {}).get("CONSOLE")
    if console is not None:  # no environment variable: only `back-routine serve --console`
        try:
            values["console"] = _verify(console)
        except ValueError as error:
            raise ConfigError(f"CONSOLE (--console): {error}") from None
    settings = Settings(**values)
    if settings.console and not is_loopback(settings.host):
        raise ConfigError(
            f"--console serves the voice console without request verification, so it listens only on "
            f"this machine: --host must be a loopback address (127.0.0.1, ::1 or localhost), not "
            f"{settings.host!r}"
        )
    if settings.verify and not settings.skill_ids and not settings.console:
        raise ConfigError(
            "no skill ID configured: with request verification on, the service answers only "
            "the skills listed in SKILL_ID (or --skill-id), e.g. "
            "SKILL_ID=amzn1.ask.skill.00000000-0000-0000-0000-000000000000 (comma-separate "
            "several). For local testing only, --insecure-skip-verification "
            "(BACK_ROUTINE_VERIFY=0) turns verification off."
        )
    return settings


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 or localhost."""
    import ipaddress

    name = host.strip().strip("[]")
    if name.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _host(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected a host name or address, got {value!r}")
    return value.strip()


def _port(value: Any) -> int:
    port = _int(value)
    if not 0 < port < 65536:
        raise ValueError(f"expected a port number 1-65535, got {value!r}")
    return port


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ValueError(f"expected a whole number, got {value!r}")
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"expected a whole number, got {value!r}") from None


def _max_body(value: Any) -> int:
    size = _int(value)
    if size < 1024:
        raise ValueError(f"expected a size in bytes of at least 1024, got {value!r}")
    return size


def _store(value: Any) -> str:
    if not isinstance(value, (str, os.PathLike)) or not os.fspath(value):
        raise ValueError(f"expected 'memory:', 'dynamodb:TABLE' or a file path, got {value!r}")
    return str(os.fspath(value))


def _skill_ids(value: Any) -> tuple[str, ...]:
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, (list, tuple)) or not all(isinstance(i, str) for i in items):
        raise ValueError(f"expected comma-separated skill IDs, got {value!r}")
    return tuple(i.strip() for part in items for i in part.split(",") if i.strip())


def _verify(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in TRUE + FALSE:
        return value.strip().lower() in TRUE
    raise ValueError(f"expected one of {', '.join(TRUE + FALSE)}, got {value!r}")


def _log_level(value: Any) -> str:
    if not isinstance(value, str) or value.strip().upper() not in LOG_LEVELS:
        raise ValueError(f"expected one of {', '.join(LOG_LEVELS)}, got {value!r}")
    return value.strip().upper()


# config key: (Settings field, environment variable, serve option, parser)
SOURCES: dict[str, tuple[str, str, str, Callable[[Any], Any]]] = {
    "HOST": ("host", "BACK_ROUTINE_HOST", "--host", _host),
    "PORT": ("port", "BACK_ROUTINE_PORT", "--port", _port),
    "STORE": ("store", "BACK_ROUTINE_STORE", "--store", _store),
    "SKILL_ID": ("skill_ids", "SKILL_ID", "--skill-id", _skill_ids),
    "VERIFY": ("verify", "BACK_ROUTINE_VERIFY", "--insecure-skip-verification", _verify),
    "MAX_BODY": ("max_body", "BACK_ROUTINE_MAX_BODY", "--max-body", _max_body),
    "LOG_LEVEL": ("log_level", "BACK_ROUTINE_LOG_LEVEL", "--log-level", _log_level),
}
