"""A small base for the value objects on the manifest path.

``dataclasses`` costs ~4 ms to import (it pulls in ``inspect``, ``ast`` and
``dis``) and each decorated class ~0.4 ms of code generation: a quarter of
eks-lint's own start-up for a one-file pre-commit run. These classes write
their ``__init__`` by hand; ``Record`` supplies equality, ``repr`` and
``replace`` from the field names they declare.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class Record:
    """Equality and repr over ``_fields``; ``replace()`` copies with changes."""

    __slots__ = ()
    _fields: tuple[str, ...] = ()

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._fields)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined]

    __hash__ = None  # type: ignore[assignment]  # mutable records are not hashable

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{self.__class__.__name__}({inner})"

    def replace(self, **changes: Any) -> Any:
        values = {name: getattr(self, name) for name in self._fields}
        values.update(changes)
        return self.__class__(**values)


class FrozenRecord(Record):
    """A record used as a value (dictionary keys, sets): hashable by its fields."""

    __slots__ = ()

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(self._values())
