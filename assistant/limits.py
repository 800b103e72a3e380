"""Rate limits shared by the faces: Slack questions per user, failed web sign-ins per address."""
from __future__ import annotations

import threading
import time
from collections import deque


class RateLimit:
    """At most `limit` events from one key (a user, an address) in any `window` seconds."""

    def __init__(self, limit: int, window: float = 60.0, keys: int = 10_000):
        self.limit, self.window, self.keys = limit, window, keys
        self._times: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        """Count an event from `key`; False (and not counted) when it is one too many."""
        with self._lock:
            if self._full(key):
                return False
            self._times[key].append(time.monotonic())
            return True

    def exceeded(self, key: str) -> bool:
        """Whether `key` has had its `limit` events in the window."""
        with self._lock:
            return self._full(key)

    def add(self, key: str) -> None:
        """Count an event from `key`, however many it has had."""
        with self._lock:
            self._full(key)
            self._times[key].append(time.monotonic())

    def _full(self, key: str) -> bool:
        now = time.monotonic()
        if len(self._times) >= self.keys:  # forget keys quiet for a window: memory stays bounded
            self._times = {k: t for k, t in self._times.items() if t and t[-1] > now - self.window}
        times = self._times.setdefault(key, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        return len(times) >= self.limit
