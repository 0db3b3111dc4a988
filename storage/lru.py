"""A bounded read cache: the least recently used entries go first.

The user and FSM caches used to keep one entry per user ever seen; under a national audience that
is memory without end. The database stays the truth, so an evicted entry costs one read later.
(A dozen lines of OrderedDict rather than a `cachetools` dependency for the same thing.)
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")
_MISSING = object()


class LRUCache(Generic[K, V]):
    def __init__(self, maxsize: int):
        self.maxsize = maxsize
        self._items: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K, default=None):
        value = self._items.get(key, _MISSING)
        if value is _MISSING:
            return default
        self._items.move_to_end(key)
        return value

    def __contains__(self, key: K) -> bool:
        return key in self._items

    def __getitem__(self, key: K) -> V:
        value = self._items[key]
        self._items.move_to_end(key)
        return value

    def __setitem__(self, key: K, value: V) -> None:
        self._items[key] = value
        self._items.move_to_end(key)
        if len(self._items) > self.maxsize:
            self._items.popitem(last=False)

    def pop(self, key: K, default=None):
        return self._items.pop(key, default)

    def __len__(self) -> int:
        return len(self._items)
