"""The Assistant: the one composition point every face (Python, CLI, web, Slack) uses.

It owns the settings, keeps the index fresh (building it on first use), and runs one
question through conversation → retrieval → answerer."""
from __future__ import annotations

import hashlib
import logging
import re
import threading
import weakref
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .answering.extractive import ExtractiveAnswerer
from .answering.claims import ClaimCheck
from .answering.generative import GenerativeAnswerer, Unavailable, with_note
from .answering.question import read
from .conversation import Message, condense_question
from .errors import UserError
from .indexing import IndexReport, Progress, index_backend, refresh
from .library import SourceRefused, save, trash
from .report import ReportUnavailable, SourceReport, source_report
from .schema import NOT_FOUND, Answer, Passage
from .settings import Settings
from .formats import SkippedFile, cited_text
from .sources import display_path, inside
from .store import FileState, IndexFolder, Manifest

if TYPE_CHECKING:  # retrieval pulls in LlamaIndex and Chroma: loaded on first question only
    from .retrieval import HybridRetriever

log = logging.getLogger(__name__)

# Terminal escape sequences whole (ANSI CSI "\x1b[31m": removing only the escape would leave
# "[31m" to be read as words and a number), then control characters and unpaired surrogates
# (valid in JSON's \ud800 escapes, but not Unicode: the tokenizer refuses them).
CONTROL = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")


class QuestionError(UserError, ValueError):
    """A question the assistant cannot take; the message says why, for the user."""


class SourceNotIndexed(UserError, LookupError):
    """A path that is not a readable file of the live index; the message says so, for the user."""


@dataclass
class SourcesChange:
    """What adding or removing sources did, file by file, for the face to say: `added` and
    `removed` (paths as users see them; `trashed` where each removed file went), `same`
    (added again with the very bytes the folder held: no change), `refused` (one line each:
    why a file was not added), `skipped` (saved, but indexing could not read it, and why),
    and `index`, the refresh that followed (None when nothing changed)."""

    added: list[str] = field(default_factory=list)
    same: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    trashed: list[Path] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    index: IndexReport | None = None


class AnswerStream:
    """One answer as it is written, as llm's `Response` and LlamaIndex's streaming
    responses hold one: iterating yields the text as it arrives (str pieces; none from the
    extractive answerer, which writes all at once), and `answer` is then the checked
    Answer, whose text may differ from what streamed when a generated answer fell back to
    the extractive one. `written` is the text yielded so far.

    Made around an answerer's Iterator[str | Answer], whose last item is the Answer."""

    def __init__(self, items: Iterator[str | Answer]):
        self._items = iter(items)
        self._answer: Answer | None = None
        self.written = ""

    def __iter__(self) -> Iterator[str]:
        for item in self._items:
            if isinstance(item, Answer):
                self._answer = item
            else:
                self.written += item
                yield item

    @property
    def answer(self) -> Answer:
        """The checked Answer; reading it first runs the stream to its end (the text not
        yet read is then not shown to anyone). RuntimeError if the answerer gave none."""
        for _ in self:
            pass
        if self._answer is None:
            raise RuntimeError("the answerer ended without an Answer")
        return self._answer


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
        # One refresh at a time in this process, with the change of the sources folder that
        # asked for it: an upload waits for the refresh running, and its file is then read
        # by its own refresh (IndexFolder.lock does the same across processes). Always taken
        # before `_lock`, never inside it.
        self._refreshing = threading.RLock()
        self._retriever: HybridRetriever | None = None
        self._generation: str | None = None  # the index generation the retriever reads
        self._extractive: ExtractiveAnswerer | None = None
        self._generative: GenerativeAnswerer | None = None

    def refresh(self, progress: Progress | None = None, rebuild: bool = False) -> IndexReport:
        """Bring the index in line with the sources folder and serve from the result.
        Questions meanwhile are answered from the previous index."""
        with self._refreshing:
            report = refresh(self.settings, progress=progress, rebuild=rebuild)
            with self._lock:
                if self._retriever is None or self._live() != self._generation:
                    self._load()
        return report

    def warm(self) -> None:
        """Load now what answering loads on first use — the retriever, the corpus's words
        for spelling (symspellpy, wordfreq), spaCy's pipeline, the countries' names — by
        answering one question, so that a server's first questions do not wait seconds for
        them (and, answered at once, queue behind none)."""
        self.ask("When was the treaty signed and what does it say about Moscow?")

    def _live(self) -> str | None:
        generation = IndexFolder(self.settings.index, self.settings.chroma_url).live()
        return generation.name if generation else None

    def _load(self) -> None:
        from .retrieval import HybridRetriever

        generation = IndexFolder(self.settings.index, self.settings.chroma_url).live()
        if generation is None:
            raise RuntimeError(f"no index in {self.settings.index}")
        # Questions are embedded by the backend that embedded the index (indexing.index_backend).
        retriever = HybridRetriever(generation, index_backend(self.settings, generation.manifest()))
        # The generation's files are let go once no question holds its retriever any more.
        weakref.finalize(retriever, generation.close)
        self._extractive = self._extractive or ExtractiveAnswerer(retriever.model)
        self._generative = self._generative or GenerativeAnswerer(
            self.settings, ClaimCheck(retriever.model.get_query_embedding, self._extractive.embed))
        self._retriever, self._generation = retriever, generation.name  # a question in flight keeps its own

    def _ready(self) -> HybridRetriever:
        """The live index's retriever: built on first use, and loaded afresh when a newer
        index has been published since, by a refresh here or by another process
        (`treaty-assistant index`); a question keeps the retriever it started with."""
        if self._retriever is None:
            self.refresh()  # takes `_refreshing`, then `_lock`
        elif self._live() not in (None, self._generation):
            with self._lock:
                if self._live() not in (None, self._generation):
                    self._load()
        assert self._retriever is not None
        return self._retriever

    def indexed_sources(self) -> dict[str, Path]:
        """The files of the live index, by the path users see and cite."""
        manifest = IndexFolder(self.settings.index, self.settings.chroma_url).live_manifest()
        if manifest is None:
            return {}
        folder = Path(manifest.sources)
        return {display_path(folder / key): folder / key
                for key, state in manifest.files.items() if not state.skipped}

    def source_states(self) -> dict[str, FileState]:
        """Every file of the live index, by the path users see, with what indexing kept of it
        and left out (FileState.kept, .furniture, .duplicate, .flagged) or why it was skipped;
        empty before the first build."""
        manifest = IndexFolder(self.settings.index, self.settings.chroma_url).live_manifest()
        if manifest is None:
            return {}
        folder = Path(manifest.sources)
        return {display_path(folder / key): state for key, state in manifest.files.items()}

    def _file_of(self, source: str) -> tuple[Manifest, Path, str]:
        """The live manifest, its sources folder, and the key of the file `source` names: the
        file's path as users see it or as citations give it (an article of a news dump,
        "dump.jsonl#12", gives the whole dump), or its path inside the sources folder.
        SourceNotIndexed for a file the live index does not list."""
        manifest = IndexFolder(self.settings.index, self.settings.chroma_url).live_manifest()
        folder = Path(manifest.sources) if manifest else Path(self.settings.sources)
        name = source
        if "#" in source and manifest and source not in manifest.files:  # an article of a news dump
            name = source.rpartition("#")[0]
        keys = {display_path(folder / key): key for key in manifest.files} if manifest else {}
        key = keys.get(name) or (name if manifest and name in manifest.files else None)
        if key is None and manifest:
            try:
                key = Path(name).resolve().relative_to(folder.resolve()).as_posix()
            except ValueError:
                key = None
        if manifest is None or key not in manifest.files:
            raise SourceNotIndexed(f"not a source of this index: {source}")
        return manifest, folder, key

    def source_report(self, source: str) -> SourceReport:
        """What the index kept of a source file and what it left out, block by block, and why
        (what `treaty-assistant sources show` prints). `source` names the file as for
        `_file_of`. SourceNotIndexed for a file the live index does not list, or one that
        changed or went since it was indexed."""
        manifest, folder, key = self._file_of(source)
        try:
            return source_report(folder, key, manifest.files[key], self.settings.max_source_mb)
        except ReportUnavailable as exc:
            raise SourceNotIndexed(str(exc)) from None

    def source_text(self, source: str, page: int | None = None) -> str:
        """The text a citation's `start`/`end` index (`source` and `page` as the citation
        gives them): the file, an HTML page's main text, a PDF page, a news dump's article.
        Only files of the live index are read: any other path, however spelled, is refused."""
        files = self.indexed_sources()
        # An article of a news dump is cited as "dump.jsonl#12": the file, then the line.
        name, _, line = source.rpartition("#") if source not in files and "#" in source else (source, "", "")
        fragment = f"#{line}" if line else ""
        path = files.get(name)
        # A file swapped for a link since it was indexed is not followed out of the folder.
        if path is None or not inside(path, Path(self.settings.sources)):
            raise SourceNotIndexed(f"not a source of this index: {source}")
        try:
            return cited_text(path, fragment, page, self.settings.max_source_mb)
        except SkippedFile as exc:
            raise SourceNotIndexed(f"{source} can no longer be read: {exc}") from None

    def add_sources(self, files: Sequence[tuple[str, bytes]],
                    progress: Progress | None = None) -> SourcesChange:
        """Save each (file name, bytes) into the sources folder under its own name
        (library.save: a path, NUL, an unreadable type, an empty or oversized file, or a
        different file of the same name is refused, each in one line in `refused`, and the
        others are still added), then refresh the index (`progress` as for `refresh`).
        Questions meanwhile are answered from the previous index; a second call waits for
        the first's refresh, so two uploads at once both end up indexed."""
        change = SourcesChange()
        folder = Path(self.settings.sources)
        with self._refreshing:
            for name, data in files:
                try:
                    saved = save(folder, name, data, self.settings.max_source_mb)
                except SourceRefused as exc:
                    change.refused.append(str(exc))
                    continue
                (change.added if saved.new else change.same).append(display_path(saved.path))
            if change.added:
                change.index = self.refresh(progress)
                keys = {display_path(folder / key): key for key in change.index.files}
                change.skipped = [(path, reason) for path in change.added
                                  if (reason := change.index.files[keys[path]].skipped)]
        return change

    def remove_source(self, source: str, progress: Progress | None = None) -> SourcesChange:
        """Move a source file (named as for `source_report`; a news dump goes whole) to the
        trash folder inside the index folder (`index/trash/<UTC time>/<file>`: nothing is
        deleted), then refresh the index, so the next answer no longer cites it.
        SourceNotIndexed for a file the live index does not list."""
        with self._refreshing:
            _, folder, key = self._file_of(source)
            trashed = trash(folder, key, Path(self.settings.index))
            report = self.refresh(progress)
        return SourcesChange(removed=[display_path(folder / key)], trashed=[trashed], index=report)

    def _chosen(self, sources: Iterable[str] | None, retriever: HybridRetriever) -> set[str] | None:
        """The sources an answer may cite, as chunks name them (a news dump's file chosen
        gives each of its articles), for the files or articles `sources` names (as for
        `_file_of`); None for all. QuestionError when none is chosen, SourceNotIndexed for
        a name that is not a source of the live index."""
        if sources is None:
            return None
        names = list(sources)
        if not names:
            raise QuestionError("No source is chosen: choose at least one to answer from.")
        known = [name.source for name in retriever.lexicon.sources]
        chosen: set[str] = set()
        for name in names:
            if name in known:
                chosen.add(name)
                continue
            _, folder, key = self._file_of(name)
            path = display_path(folder / key)
            chosen.update(s for s in known if s == path or s.startswith(path + "#"))
        if not chosen:  # only files indexing skipped: they hold no passage
            raise QuestionError("None of the chosen sources has indexed text; choose another.")
        return chosen

    def retrieve(self, query: str, top_k: int | None = None,
                 sources: Iterable[str] | None = None) -> list[Passage]:
        """Passages for `query`, best first, each naming its source file; only from
        `sources` (files or articles, as for `ask`) when given."""
        retriever = self._ready()
        chosen = self._chosen(sources, retriever)
        return retriever.retrieve(query, top_k or self.settings.top_k, sources=chosen)

    def ask(self, question: str, history: list[Message] | None = None,
            sources: Iterable[str] | None = None) -> Answer:
        """The checked Answer to `question` (`history`: the conversation so far, as
        OpenAI-style messages), citing only `sources` when given: files as users see them
        or as citations give them (`seeds/004_….txt`), or paths inside the sources folder.
        Raises QuestionError for a question it cannot take or an empty `sources`, and
        SourceNotIndexed for a name that is no source of the index."""
        return AnswerStream(self._answer(question, history, sources, stream=False)).answer

    def stream(self, question: str, history: list[Message] | None = None,
               sources: Iterable[str] | None = None) -> AnswerStream:
        """The answer as it is written: iterate for the text, then read `.answer`. The
        question is read when iteration starts (QuestionError then, as for `ask`)."""
        return AnswerStream(self._answer(question, history, sources, stream=True))

    def _answer(self, question: str, history: list[Message] | None, sources: Iterable[str] | None,
                stream: bool) -> Iterator[str | Answer]:
        """conversation → retrieval → answerer. In openai mode the model condenses a
        follow-up and writes the answer; any failure ends in the extractive answer with
        a note saying why. Retrieval, and so the answer, keeps to the chosen `sources`;
        a question naming a source (an outlet) keeps to those of them it names."""
        question = clean_question(question, self.settings.max_question_chars)
        retriever = self._ready()
        chosen = self._chosen(sources, retriever)
        assert self._extractive is not None and self._generative is not None
        generative = self._generative if self.settings.use_openai_answerer else None
        usage: dict[str, int] = {}
        note = None
        reading = read(question, history, retriever.lexicon)
        restrict = list(reading.sources) or None
        if chosen is not None:
            restrict = [s for s in reading.sources if s in chosen] if reading.sources else sorted(chosen)
            if not restrict:
                yield unchosen(question, reading.sources, retriever)
                return
        query = reading.query
        if generative is not None and self.settings.openai_key is None:
            generative, note = None, Unavailable("no OPENAI_API_KEY set").note
        if generative is not None and history:
            try:
                query = condense_question(question, history, generative.chat,
                                          self.settings.history_token_budget, usage)
            except Unavailable as exc:
                generative, note = None, exc.note
        vector = retriever.embed(query)
        if len(reading.parts) > 1 and query == reading.query:
            # "When was it signed and does it include arms transfers?": each part is retrieved for
            # on its own words (after the conversation's), as it would be asked alone; the whole
            # question's words find passages on both, which may hold neither answer.
            passages = interleaved([retriever.retrieve(" ".join(filter(None, [reading.context, part.text])),
                                                       self.settings.top_k, sources=restrict)
                                    for part in reading.parts])
        else:
            passages = retriever.retrieve(query, self.settings.top_k, vector=vector, sources=restrict)

        def extractive(why: str | None = None) -> Answer:
            answer = self._extractive.answer(reading, vector, passages, retriever.embed)
            return with_note(answer, why, usage) if why else answer

        if generative is None:
            yield extractive(note)
            return
        yield from generative.answer(reading, query, vector, passages, extractive, usage, stream=stream)


def interleaved(rankings: list[list[Passage]]) -> list[Passage]:
    """The passages of several rankings taken in turn, best first, each passage once."""
    merged: dict[str, Passage] = {}
    for rank in range(max((len(r) for r in rankings), default=0)):
        for ranking in rankings:
            if rank < len(ranking):
                merged.setdefault(ranking[rank].chunk.id, ranking[rank])
    return list(merged.values())


def unchosen(question: str, named: Sequence[str], retriever: HybridRetriever) -> Answer:
    """The answer to a question that names only sources left out of the chosen ones
    ("What did Tasnim say…" with Tasnim's article not chosen): said plainly, nothing cited."""
    labels = {name.source: name.names()[0] for name in retriever.lexicon.sources}
    which = ", ".join(dict.fromkeys(labels.get(s, s) for s in named)) or "the sources it names"
    text = f"{NOT_FOUND} It asks about {which}, not among the chosen sources; choose it to answer from it."
    return Answer(question=question, text=text, citations=[], found=False, mode="extractive",
                  note="the sources the question names are not among the chosen ones")
