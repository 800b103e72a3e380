"""The Assistant: the one composition point every face (Python, CLI, web, Slack) uses.

It owns the settings, keeps the index fresh (building it on first use), and runs one
question through conversation → retrieval → answerer."""
from __future__ import annotations

import hashlib
import logging
import re
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from .answering.extractive import ExtractiveAnswerer
from .conversation import Message, standalone_question
from .indexing import IndexReport, Progress, refresh
from .schema import Answer, Passage
from .settings import Settings
from .store import IndexFolder

if TYPE_CHECKING:  # retrieval pulls in LlamaIndex and Chroma: loaded on first question only
    from .retrieval import HybridRetriever

log = logging.getLogger(__name__)

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class QuestionError(ValueError):
    """A question the assistant cannot take; the message says why, for the user."""


def clean_question(question: str, limit: int) -> str:
    question = CONTROL.sub(" ", question or "").strip()
    if not question:
        raise QuestionError("Please type a question: this one is empty.")
    if len(question) > limit:
        raise QuestionError(f"Questions are limited to {limit} characters; this one has {len(question)}.")
    return question


def index_for(sources: Path, settings: Settings) -> Path:
    """Where the index of a sources folder lives when none is named: the default index
    for the default folder, a folder of its own under it for any other."""
    if sources.resolve() == Path(settings.sources).resolve():
        return Path(settings.index)
    tag = hashlib.sha1(str(sources.resolve()).encode()).hexdigest()[:10]
    return Path(settings.index) / "other" / f"{sources.resolve().name}-{tag}"


class Assistant:
    def __init__(self, sources: str | Path | None = None, index: str | Path | None = None,
                 settings: Settings | None = None):
        settings = settings or Settings()
        update: dict[str, Path] = {}
        if sources is not None:
            update["sources"] = Path(sources)
            update["index"] = Path(index) if index is not None else index_for(Path(sources), settings)
        elif index is not None:
            update["index"] = Path(index)
        self.settings = settings.model_copy(update=update)
        self._lock = threading.RLock()
        self._retriever: HybridRetriever | None = None
        self._extractive: ExtractiveAnswerer | None = None

    def refresh(self, progress: Progress | None = None, rebuild: bool = False) -> IndexReport:
        """Bring the index in line with the sources folder and serve from the result."""
        report = refresh(self.settings, progress=progress, rebuild=rebuild)
        with self._lock:
            if self._retriever is None or not report.up_to_date or rebuild:
                self._load()
        return report

    def _load(self) -> None:
        from .retrieval import HybridRetriever

        generation = IndexFolder(self.settings.index, self.settings.chroma_url).live()
        if generation is None:
            raise RuntimeError(f"no index in {self.settings.index}")
        retriever = HybridRetriever(generation, self.settings)
        self._extractive = self._extractive or ExtractiveAnswerer(retriever.model)
        self._retriever = retriever  # swapped whole: a question in flight keeps its own

    def _ready(self) -> HybridRetriever:
        if self._retriever is None:
            with self._lock:
                if self._retriever is None:
                    self.refresh()
        assert self._retriever is not None
        return self._retriever

    def retrieve(self, query: str, top_k: int | None = None) -> list[Passage]:
        """Passages for `query`, best first, each naming its source file."""
        return self._ready().retrieve(query, top_k or self.settings.top_k)

    def ask(self, question: str, history: list[Message] | None = None) -> Answer:
        question = clean_question(question, self.settings.max_question_chars)
        retriever = self._ready()
        query = standalone_question(question, history)
        vector = retriever.embed(query)
        passages = retriever.retrieve(query, self.settings.top_k, vector=vector)
        assert self._extractive is not None
        return self._extractive.answer(question, query, vector, passages)
