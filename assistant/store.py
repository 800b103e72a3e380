"""The index folder: generations, the manifest, and the Chroma collection of each.

    index/CURRENT            name of the live generation (replaced atomically)
    index/g-<id>/manifest.json
    index/g-<id>/chroma/     embedded Chroma store (absent in Chroma server mode)
    index/g-<id>/bm25/       BM25 index

A build writes a new generation and points CURRENT at it only when it is complete, so
readers never see a half-written index. A generation without a manifest, or with one
newer than the live generation's (killed before CURRENT was switched), is an interrupted
build: the next build picks it up and keeps the vectors already written. Builds hold
index/.lock, so there is one at a time per folder, across processes. A generation is
removed by renaming it `deleting-g-<id>` first, so one half-deleted by a crash is never
taken for an interrupted build; leftovers are swept by the next refresh.

With a Chroma server (settings.chroma_url, `TREATY_CHROMA_URL=http://host:port`) the
vectors of generation g-<id> live on the server in the collection `treaty-g-<id>`; the
index folder keeps the rest (CURRENT, manifests, BM25), and everything else is the same.
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import urlparse

from .errors import UserError
from .schema import Source

log = logging.getLogger(__name__)

CURRENT = "CURRENT"
LOCK = ".lock"
DELETING = "deleting-"
# 2: chunks are embedded and searched under their source's headline, and chunk ids hash
# that (chunking.searched_text); each chunk carries its quotable sentences' vectors.
# 3: table rows are blocks of their own with their header rows; run-on sentences are quoted
# by clauses; furniture, repeats and text addressed to an AI are recorded per file.
# 4: what is read and kept changed in ways an unchanged file's stats would not show: a
# fragment is quoted with the sentence after it ("Eleven. When the first phase…"), an
# answer with the question before it; questions and "Label: figure" lines are kept; a
# chunk repeats the paragraph its first one leans on; a list item is a line of its own,
# never a table row, and "-16%" keeps its minus; rows under a two-line header carry its
# names merged; a dump's text, title, date and outlet are read under news APIs' names; an
# HTML page's captions, fact boxes, pull quotes' speakers and time stamps are kept; a Word
# document is dated by its dateline before its properties. 5: a PDF's blocks break where
# its font size changes and at each footnote, its running headers and footers are removed,
# its title read from its layout; a memo's header dates and titles it; an HTML page's site
# name is the one its title spells. 6: a PDF is dated by its text's dateline before its
# creation date, a dateline among a header line's fields is read, a month without a day
# dates to the month. 7: furniture keeps a tally's leader rows ("Voted ..... 163"), a key-value
# row among figures and a list of people with their roles; removes a channel's calls to action,
# an export's note and what follows a text's end mark. 8: a key-value label between the
# article's text is kept (and not taken for a repeat); Markdown's relative links count as
# links; a page's contacts, a newsletter's sign-off and a masthead's credit are furniture. 9:
# a run of "Label: value" fields, a footnote the text calls, a subhead over a paragraph, people
# named with their group and a bracketed date are kept, and a paper's marked authors (HTML);
# legal notices, an e-mail's signature and client sign-off, a DOI line and a first page's
# footer opening with an address are furniture. 10: a table row is quoted whole ("Art. 26 |
# Tourism | …" was cut after "Art."), so its stored sentence vectors change. 11: a review's
# fixes: a legal notice's words inside the article, "(c)" opening a lettered clause, a credit
# with a clause after it and "(END OF STATEMENT)" no longer remove text; a "--" line is a
# signature only in an e-mail; spaces are no leader; a first page's footer must repeat.
# 12–14: nested JSON exports, PDF line-end hyphens, Word headings and contents, part headings,
# adverts and sponsor reads (README, "Read from the file's structure"). 15: Word footnotes and
# endnotes kept, a highlighted reviewer's note removed, a reference list removed, a CSV's
# preamble read above its header, Markdown emphasis and footnote marks, an interviewer's
# labelled question no quotable sentence (the stored sentence vectors change). An index of an
# older version is not read: the next refresh builds it afresh.
MANIFEST_VERSION = 15


class StoreUnavailable(UserError):
    """The Chroma server named by the settings cannot be reached; the message says where."""


@dataclass
class FileState:
    size: int
    mtime_ns: int
    sha256: str
    chunks: list[str] = field(default_factory=list)
    skipped: str | None = None  # why the file is not indexed
    # What cleaning did to the file (all its articles, for a news dump): blocks (paragraphs,
    # lines, table rows) kept, and left out as furniture, as repeats, or flagged as text
    # addressed to an AI; `removed` says where each left-out stretch is and why, as
    # {"source": key, "page", "start", "end", "kind", "reason"} (see schema.Removed).
    kept: int = 0
    furniture: int = 0
    duplicate: int = 0
    flagged: int = 0
    removed: list[dict] = field(default_factory=list)
    # What the file is, for a face that lists sources: its (first) article's title,
    # publisher and date where the text gives them, and how many articles it holds (one,
    # but for a news dump). 0 articles in a file indexed before these were recorded.
    title: str | None = None
    publisher: str | None = None
    date: str | None = None
    articles: int = 0

    def record(self, source: Source) -> None:
        """Add what cleaning kept of `source`, and left out, to the file's counts."""
        if not self.articles:
            self.title, self.publisher, self.date = source.title, source.publisher, source.date
        self.articles += 1
        self.kept += len(source.blocks)
        for r in source.removed:
            setattr(self, r.kind, getattr(self, r.kind) + 1)
            self.removed.append({"source": source.key, **asdict(r)})

    def clear(self) -> None:
        self.chunks, self.removed = [], []
        self.kept = self.furniture = self.duplicate = self.flagged = self.articles = 0
        self.title = self.publisher = self.date = None


@dataclass
class Manifest:
    embedding_model: str
    sources: str
    files: dict[str, FileState] = field(default_factory=dict)
    version: int = MANIFEST_VERSION

    def save(self, path: Path) -> None:
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self), indent=1))
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> Manifest | None:
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError):
            return None
        if data.get("version") != MANIFEST_VERSION:
            return None
        files = {key: FileState(**state) for key, state in data.pop("files").items()}
        return cls(files=files, **data)

    @property
    def chunk_ids(self) -> list[str]:
        return [cid for state in self.files.values() for cid in state.chunks]


class Generation:
    def __init__(self, folder: Path, chroma_url: str = ""):
        self.path = folder
        self.chroma_url = chroma_url

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def manifest_path(self) -> Path:
        return self.path / "manifest.json"

    @property
    def bm25_path(self) -> Path:
        return self.path / "bm25"

    def manifest(self) -> Manifest | None:
        return Manifest.load(self.manifest_path)

    @property
    def collection_name(self) -> str:
        # Server collections are shared by every index folder that talks to the server,
        # so the name carries the generation's unique id.
        return "treaty-" + self.name

    @cached_property
    def client(self):
        import chromadb

        settings = chromadb.Settings(anonymized_telemetry=False)
        if self.chroma_url:
            url = urlparse(self.chroma_url if "://" in self.chroma_url else "http://" + self.chroma_url)
            https = url.scheme == "https"
            try:
                return chromadb.HttpClient(host=url.hostname or "127.0.0.1", port=url.port or (443 if https else 8000),
                                           ssl=https, settings=settings)
            except ValueError as exc:  # how chromadb says it found no server there
                raise StoreUnavailable(f"cannot reach the Chroma server at {self.chroma_url} "
                                       f"(is `chroma run` serving there?): {exc}") from None
        return chromadb.PersistentClient(path=str(self.path / "chroma"), settings=settings)

    @cached_property
    def collection(self):
        # Cosine distance on normalised vectors; embeddings are always given by us, so the
        # collection needs no embedding function of its own (Chroma's would download one).
        return self.client.get_or_create_collection(
            self.collection_name, embedding_function=None, metadata={"hnsw:space": "cosine"})

    def intact(self, manifest: Manifest) -> bool:
        """Whether the collection still holds the manifest's vectors: a Chroma server's
        data can be wiped, or the server started on another data path."""
        return self.collection.count() >= len(manifest.chunk_ids)

    def close(self) -> None:
        """Let go of the Chroma client, if one was opened: its connections and open files
        (which would keep a removed generation's disk space, and a file descriptor each)."""
        client = self.__dict__.pop("client", None)
        self.__dict__.pop("collection", None)
        if client is not None:
            client.close()

    def drop(self) -> None:
        if self.chroma_url:
            try:
                self.client.delete_collection(self.collection_name)
            except Exception as exc:  # already gone, or the server is away: the folder goes anyway
                log.debug("could not delete collection %s: %s", self.collection_name, exc)
        doomed = self.path.with_name(DELETING + self.name)
        try:  # atomically out of the way first: half-deleted, it must not pass for a generation
            os.replace(self.path, doomed)
        except OSError:
            doomed = self.path
        shutil.rmtree(doomed, ignore_errors=True)


class IndexFolder:
    def __init__(self, root: Path, chroma_url: str | None = None):
        """`chroma_url`: a Chroma server's URL, "" for the embedded store, or None for what
        the settings say (TREATY_CHROMA_URL), so a caller that names only the folder follows
        the environment like the rest of the assistant."""
        if chroma_url is None:
            from .settings import Settings

            chroma_url = Settings().chroma_url
        self.root = root
        self.chroma_url = chroma_url

    def _current_name(self) -> str | None:
        try:
            return (self.root / CURRENT).read_text().strip() or None
        except OSError:
            return None

    def live(self) -> Generation | None:
        name = self._current_name()
        gen = Generation(self.root / name, self.chroma_url) if name else None
        return gen if gen and gen.manifest_path.exists() else None

    def live_manifest(self) -> Manifest | None:
        gen = self.live()
        return gen.manifest() if gen else None

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Held while a build writes: one build at a time per index folder, in this process
        and across processes. The kernel releases it when its holder dies, even by SIGKILL."""
        import fcntl

        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / LOCK, "a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                log.info("waiting for another build of %s to finish", self.root)
                fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def sweep(self) -> None:
        """Remove what a crash left half-deleted."""
        for doomed in self.root.glob(DELETING + "*"):
            shutil.rmtree(doomed, ignore_errors=True)

    def begin(self) -> Generation:
        """The generation to build into: an interrupted build's, to resume it, or a new one.
        A build killed between writing its manifest and switching CURRENT is resumed too
        (its manifest is newer than the live one's); the one CURRENT replaced, kept for
        readers still on it, is older."""
        self.root.mkdir(parents=True, exist_ok=True)
        current = self._current_name()
        live = self.root / current / "manifest.json" if current else None
        since = live.stat().st_mtime_ns if live and live.exists() else -1

        def interrupted(folder: Path) -> bool:
            manifest = folder / "manifest.json"
            return not manifest.exists() or manifest.stat().st_mtime_ns > since

        unfinished = sorted((p for p in self.root.glob("g-*") if p.name != current and interrupted(p)),
                            key=lambda p: p.stat().st_mtime)
        for stale in unfinished[:-1]:
            Generation(stale, self.chroma_url).drop()
        if unfinished:
            log.info("resuming the interrupted build in %s", unfinished[-1])
            (unfinished[-1] / "manifest.json").unlink(missing_ok=True)  # unfinished until published
            return Generation(unfinished[-1], self.chroma_url)
        folder = self.root / f"g-{uuid.uuid4().hex[:12]}"
        folder.mkdir()
        return Generation(folder, self.chroma_url)

    def publish(self, gen: Generation, manifest: Manifest) -> None:
        """Put a complete generation into service: the manifest, then the CURRENT pointer,
        each replaced atomically. The generation it replaces stays for readers still on
        it; older ones are removed."""
        previous = self._current_name()
        manifest.save(gen.manifest_path)
        pointer = self.root / f"{CURRENT}.tmp"
        pointer.write_text(gen.name)
        os.replace(pointer, self.root / CURRENT)
        for old in self.root.glob("g-*"):
            if old.name not in (gen.name, previous) and (old / "manifest.json").exists():
                Generation(old, self.chroma_url).drop()
