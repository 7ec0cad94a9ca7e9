"""This process's copies of values kept in the shared cache: built once, unpickled once.

Framework indexes and structures are keyed by a version (an edition's content version, the
practices library's version ...), so an entry never goes stale: a change gives a new key. The
shared cache (Redis in production) lets every worker use what one built; loading a large
value back from it costs milliseconds a request, so each process also keeps the newest few it
used. `Memo.through_cache` is that lookup for every such value.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from django.core.cache import cache

T = TypeVar("T")
DAY = 24 * 60 * 60


class Memo(Generic[T]):
    """The newest `size` values this process used, by cache key (the oldest goes first)."""

    _all: list[Memo] = []

    def __init__(self, size: int) -> None:
        self.size = size
        self._values: dict[str, T] = {}
        Memo._all.append(self)

    def get(self, key: str) -> T | None:
        return self._values.get(key)

    def remember(self, key: str, value: T) -> T:
        if key not in self._values and len(self._values) >= self.size:
            self._values.pop(next(iter(self._values)))
        self._values[key] = value
        return value

    def forget(self, key: str) -> None:
        self._values.pop(key, None)

    def clear(self) -> None:
        self._values.clear()

    def through_cache(self, key: str, build: Callable[[], T], timeout: int = DAY) -> T:
        """The value: from this memo, else the shared cache, else built and stored in both."""
        value = self.get(key)
        if value is None:
            value = cache.get(key)
            if value is None:
                value = build()
                cache.set(key, value, timeout)
            self.remember(key, value)
        return value

    @classmethod
    def clear_all(cls) -> None:
        """Empty every memo of this process (tests: each starts from an empty cache)."""
        for memo in cls._all:
            memo.clear()
