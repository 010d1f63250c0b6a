"""Record: a read-only class of named fields, compared, hashed and shown field by field.

The engine's events and the content's types are some forty small classes, defined on
every cold start. A frozen dataclass costs ~0.4 ms to define (its methods are generated
and compiled) and a named tuple ~0.1 ms; a Record subclass is a class with
``__slots__`` and nothing generated. Every field is required (a subclass with defaults
writes its own ``__init__``), and pattern matching works as for any class:
``case Start(routine=name):``.
"""

from typing import Any


class Record:
    __slots__: tuple[str, ...] = ()

    def __init__(self, *values: Any, **named: Any) -> None:
        names = self.__slots__
        if len(values) > len(names):
            raise TypeError(f"{type(self).__name__} takes {len(names)} fields, not {len(values)}")
        for name, value in zip(names, values, strict=False):  # the rest may come by name
            object.__setattr__(self, name, value)
        for name in names[len(values):]:
            if name not in named:
                raise TypeError(f"{type(self).__name__} is missing the field {name!r}")
            object.__setattr__(self, name, named.pop(name))
        if named:
            raise TypeError(f"{type(self).__name__} has no field(s) {sorted(named)}")

    def _fields(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash((type(self), self._fields()))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({shown})"
