"""limits.RateLimit on a clock the test moves: at most `limit` events a key in any window."""
from __future__ import annotations

import pytest

from assistant import limits
from assistant.limits import RateLimit


@pytest.fixture()
def clock(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(limits.time, "monotonic", lambda: now[0])
    return now


def test_allows_limit_events_a_window_per_key(clock):
    limit = RateLimit(3, window=60)
    assert [limit.allow("ann") for _ in range(4)] == [True, True, True, False]
    assert limit.allow("bob")  # another key has its own count
    clock[0] += 59.9
    assert not limit.allow("ann")  # the refused event was not counted, but the window is not over
    clock[0] += 0.1
    assert limit.allow("ann")  # the first three are a window old
    assert [limit.allow("ann") for _ in range(3)] == [True, True, False]


def test_the_window_slides(clock):
    limit = RateLimit(2, window=10)
    assert limit.allow("k")
    clock[0] += 6
    assert limit.allow("k") and not limit.allow("k")
    clock[0] += 4  # the first event leaves the window; the second is 4 s old
    assert limit.allow("k") and not limit.allow("k")


def test_exceeded_and_add_count_failures_without_refusing_them(clock):
    limit = RateLimit(2, window=60)
    assert not limit.exceeded("10.0.0.1")
    for _ in range(3):
        limit.add("10.0.0.1")  # counted however many
    assert limit.exceeded("10.0.0.1") and not limit.exceeded("10.0.0.2")
    clock[0] += 60
    assert not limit.exceeded("10.0.0.1")


def test_keys_quiet_for_a_window_are_forgotten_when_the_table_is_full(clock):
    limit = RateLimit(1, window=60, keys=3)
    for key in "abc":
        limit.allow(key)
    clock[0] += 61
    assert limit.allow("d")  # the table was full: a, b and c, quiet for a window, go
    assert set(limit._times) == {"d"}
    for key in "ef":
        limit.allow(key)
    assert not limit.allow("d") and set(limit._times) == {"d", "e", "f"}  # none quiet: all kept
