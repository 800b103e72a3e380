"""The index, built in the background: the page comes up at once and shows progress
instead of a blank screen; questions are taken once the index is ready."""
from __future__ import annotations

import logging
import threading

from ..core import Assistant
from ..indexing import Progress

log = logging.getLogger(__name__)


class Warmup:
    """Brings the index up to date in a background thread. `state` goes checking →
    embedding (`done` of `total` passages) → loading → ready, or failed (`error` says why)."""

    def __init__(self, assistant: Assistant, progress: Progress | None = None):
        self.assistant = assistant
        self.state = "checking"  # embedding → loading → ready, or failed
        self.done = self.total = 0
        self.sources = 0
        self.error: str | None = None
        self._also = progress
        self._settled = threading.Event()  # ready or failed
        self._thread = threading.Thread(target=self._run, name="index-warmup", daemon=True)

    def start(self) -> Warmup:
        self._thread.start()
        return self

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until the index is ready or has failed, at most `timeout` seconds; whether
        it is ready."""
        self._settled.wait(timeout)
        return self.ready

    @property
    def ready(self) -> bool:
        return self.state == "ready"

    @property
    def not_ready(self) -> str:
        """Why questions cannot be taken yet, for the user."""
        if self.state == "failed":
            return f"The index could not be built: {self.error}. See the server log."
        return f"The search index is still being prepared ({self.step}); please ask again in a moment."

    @property
    def step(self) -> str:
        """How far the build is, in a few words ("12 of 32 passages embedded")."""
        if self.state == "embedding" and self.total:
            return f"{self.done} of {self.total} passages embedded"
        steps = {"checking": "checking the sources", "loading": "loading the index"}
        return steps.get(self.state, self.state)

    def _progress(self, done: int, total: int) -> None:
        self.done, self.total = done, total
        self.state = "loading" if done >= total else "embedding"
        if self._also:
            self._also(done, total)

    def _run(self) -> None:
        try:
            self.assistant.refresh(progress=self._progress)
            self.sources = len(self.assistant.indexed_sources())
            self.assistant.warm()
            self.state = "ready"
        except Exception as exc:  # shown on the page in one line; the traceback goes to the log
            log.exception("the index could not be built")
            self.error, self.state = str(exc) or type(exc).__name__, "failed"
        finally:
            self._settled.set()
