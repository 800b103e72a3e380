"""Building and refreshing the index incrementally.

The manifest records each source file's size, modification time and content hash, and
the ids of its chunks. Checking an unchanged corpus compares file stats (hashes only
where a stat moved) and loads nothing else. When something changed, every file is
cleaned again (cheap, and boilerplate is learned across files) and only chunks whose text
is new are embedded: a chunk's id is a hash of its text then of its place, so unchanged
chunks are copied with their vectors from the live generation, and chunks that only
moved (an edit above them) are stored again with their old vector at their new place.
"""
from __future__ import annotations

import hashlib
import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISREG

from .chunking import chunk_source, text_key
from .errors import UserError
from .formats import readable
from .schema import Chunk, Source
from .settings import Settings
from .sources import OUTSIDE, inside, read_sources, source_files
from .store import FileState, Generation, IndexFolder, Manifest

log = logging.getLogger(__name__)

BATCH = 64  # chunks embedded and written per step; an interrupted build keeps whole steps
Progress = Callable[[int, int], None]  # (chunks embedded so far, chunks to embed)


class ModelMismatch(UserError):
    """The index was built with another embedding model than the settings name."""


class SourcesMissing(UserError):
    """The sources folder does not exist."""


@dataclass
class IndexReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    embedded: int = 0  # chunks embedded in this run
    chunks: int = 0  # chunks in the index
    # Every file's state as the index now records it (what cleaning kept and left out of
    # each: FileState.kept, .furniture, .duplicate, .flagged), by key.
    files: dict[str, FileState] = field(default_factory=dict)

    @property
    def up_to_date(self) -> bool:
        return not (self.added or self.updated or self.removed)

    def summary(self) -> str:
        counts = (f"{len(self.added)} added, {len(self.updated)} updated, {len(self.removed)} removed, "
                  f"{len(self.unchanged)} unchanged, {len(self.skipped)} skipped")
        if self.up_to_date and not self.embedded:
            return f"index up to date ({counts}; {self.chunks} chunks)"
        return f"index refreshed: {counts}; {self.embedded} of {self.chunks} chunks embedded"


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, as the manifest records it."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def scan(folder: Path, known: dict[str, FileState]) -> dict[str, FileState]:
    """The state of every file now; hashes are recomputed only where size or mtime moved."""
    if not folder.is_dir():
        raise SourcesMissing(f"sources folder not found: {folder}")
    states = {}
    for path in source_files(folder):
        key = path.relative_to(folder).as_posix()
        if not inside(path, folder):  # not even hashed: what it points to is not ours to read
            states[key] = FileState(0, 0, "", skipped=OUTSIDE)
            continue
        try:
            stat = path.stat()
        except OSError as exc:
            states[key] = FileState(0, 0, "", skipped=f"unreadable ({exc.strerror})")
            continue
        if not S_ISREG(stat.st_mode):  # a pipe or device: hashing it could block forever
            states[key] = FileState(stat.st_size, stat.st_mtime_ns, "", skipped="not a regular file")
            continue
        old = known.get(key)
        if old and (old.size, old.mtime_ns) == (stat.st_size, stat.st_mtime_ns):
            states[key] = old
            continue
        try:
            sha = file_sha256(path)
        except OSError as exc:
            states[key] = FileState(stat.st_size, stat.st_mtime_ns, "", skipped=f"unreadable ({exc.strerror})")
            continue
        states[key] = FileState(stat.st_size, stat.st_mtime_ns, sha)
    return states


def _changes(before: dict[str, FileState], now: dict[str, FileState], report: IndexReport) -> None:
    for key, state in now.items():
        old = before.get(key)
        bucket = report.added if old is None else report.unchanged if old.sha256 == state.sha256 else report.updated
        bucket.append(key)
    report.removed.extend(sorted(set(before) - set(now)))


def _newly_readable(path: Path, state: FileState) -> bool:
    return bool(state.skipped and state.skipped.startswith("unsupported file type") and readable(path))


def _unrecorded(state: FileState) -> bool:
    return not state.skipped and not state.articles


def index_backend(settings: Settings, manifest: Manifest | None) -> Settings:
    """`settings` with the embedding backend the index of `manifest` was built with, when the
    user chose none (TREATY_EMBEDDING_BACKEND unset) and the index holds the same model's
    vectors: an index built before onnx became the default is served and kept up to date by
    its own backend (torch) instead of being refused; `index --rebuild` builds it anew with the
    default. A backend the user chose must match the index's (ModelMismatch)."""
    if manifest is None or settings.embeddings != "local" or "embedding_backend" in settings.model_fields_set:
        return settings
    backend = _backend(manifest.embedding_model)
    same_model = _model(manifest.embedding_model) == _model(settings.embedding_model_id)
    if not same_model or backend == settings.embedding_backend:
        return settings
    return settings.model_copy(update={"embedding_backend": backend})


def check(settings: Settings) -> tuple[Manifest | None, dict[str, FileState], IndexReport]:
    """Compare the sources folder with the live index, without loading any model."""
    live = IndexFolder(settings.index, settings.chroma_url).live()
    manifest = live.manifest() if live else None
    settings = index_backend(settings, manifest)
    if manifest and manifest.embedding_model != settings.embedding_model_id:
        # Another backend of the same model (`model@backend`) could also be set back.
        same_model = _model(manifest.embedding_model) == _model(settings.embedding_model_id)
        recorded = _backend(manifest.embedding_model)
        other = f" (or set TREATY_EMBEDDING_BACKEND={recorded})" if same_model else ""
        raise ModelMismatch(
            f"the index in {settings.index} was built with {manifest.embedding_model}, but the "
            f"settings ask for {settings.embedding_model_id}; rebuild it with "
            f"`treaty-assistant index --rebuild --index {settings.index}`{other}")
    folder = Path(settings.sources)
    same_folder = manifest is not None and manifest.sources == str(folder.resolve())
    known = manifest.files if same_folder else {}
    now = scan(folder, known)
    report = IndexReport()
    _changes(known, now, report)
    # A file once skipped for its type that a reader now takes (PDF, HTML, news dumps came
    # later) is read now, though it has not changed; so is one indexed before the manifest
    # recorded what each file is (title, publisher, date: `_unrecorded`), its vectors copied.
    again = [k for k in report.unchanged if _newly_readable(folder / k, known[k]) or _unrecorded(known[k])]
    for key in again:
        report.unchanged.remove(key)
        report.updated.append(key)
    intact = not (live and manifest and settings.chroma_url) or live.intact(manifest)
    if live:
        live.close()
    if not intact:
        log.warning("the Chroma server at %s no longer holds this index's vectors; they are "
                    "embedded again", settings.chroma_url)
        report.updated, report.unchanged = sorted(report.updated + report.unchanged), []
    if manifest is None or not same_folder:
        report.added = sorted(now)  # a new index: everything is new
        report.unchanged = []
    report.skipped = [(key, state.skipped) for key, state in now.items() if state.skipped]
    report.chunks = len(manifest.chunk_ids) if manifest else 0
    report.files = now
    return manifest, now, report


def _backend(model_id: str) -> str:
    """The backend part of a recorded model id; torch's ids carry none (Settings.embedding_model_id)."""
    return model_id.partition("@")[2] or "torch"


def _model(model_id: str) -> str:
    """A recorded model id less its backend ("local:all-MiniLM-L6-v2")."""
    return model_id.partition("@")[0]


Plan = tuple[Settings, Manifest | None, dict[str, FileState], IndexReport]


def _plan(settings: Settings, rebuild: bool) -> Plan:
    """What a refresh has to do, and with which settings: `check`, the backend the index
    records where none was chosen (`index_backend`); or with `rebuild` everything, with the
    settings as given, whatever the index's model."""
    try:
        manifest, states, report = check(settings)
        return (settings if rebuild else index_backend(settings, manifest)), manifest, states, report
    except ModelMismatch:
        if not rebuild:
            raise
        states, report = scan(Path(settings.sources), {}), IndexReport()
        report.added, report.files = sorted(states), states
        return settings, None, states, report


def refresh(settings: Settings, progress: Progress | None = None, rebuild: bool = False) -> IndexReport:
    """Bring the index in line with the sources folder; a no-op when nothing changed. A
    build holds the index folder's lock: a build already running (in this process or
    another) finishes first, and what it did is not done again."""
    index = IndexFolder(settings.index, settings.chroma_url)
    index.sweep()
    chosen = settings
    settings, manifest, states, report = _plan(chosen, rebuild)
    if manifest is not None and report.up_to_date and not rebuild:
        return report
    with index.lock():
        if not rebuild:  # the build that held the lock meanwhile may have done this one's work
            settings, manifest, states, report = _plan(chosen, rebuild)
            if manifest is not None and report.up_to_date:
                return report
        return _build(settings, index, states, report, progress, rebuild)


def _build(settings: Settings, index: IndexFolder, states: dict[str, FileState], report: IndexReport,
           progress: Progress | None, rebuild: bool) -> IndexReport:
    folder = Path(settings.sources)
    skipped: list[tuple[str, str]] = []
    chunks: list[tuple[str, Chunk]] = []
    for state in states.values():
        state.clear()
        if state.sha256:  # read again below, which says anew whether it is skipped
            state.skipped = None
    empty: list[Source] = []  # cleaned to nothing: skipped, but what was removed is recorded
    for source in read_sources(folder, skipped, settings.max_source_mb, empty):
        source_chunks = chunk_source(source)
        states[source.file_key].chunks.extend(c.id for c in source_chunks)  # a dump has many
        states[source.file_key].record(source)
        chunks.extend((source.key, c) for c in source_chunks)
    for source in empty:
        states[source.file_key].record(source)
    for key, reason in skipped:
        if key in states:
            states[key].skipped = reason
    report.skipped = sorted((key, s.skipped) for key, s in states.items() if s.skipped)
    report.files = states

    live = None if rebuild else index.live()
    if live is not None and live.manifest() is None:  # written by an older version: reuse nothing of it
        live.close()
        live = None
    gen = index.begin()
    try:
        report.embedded = _fill(gen, live, chunks, settings, progress)
        report.chunks = len(chunks)
        _write_bm25(gen, chunks)
        index.publish(gen, Manifest(settings.embedding_model_id, str(folder.resolve()), states))
    finally:
        for generation in (gen, live):
            if generation is not None:
                generation.close()
    log.info(report.summary())
    return report


def _fill(gen: Generation, live: Generation | None, chunks: list[tuple[str, Chunk]],
          settings: Settings, progress: Progress | None) -> int:
    """Make the generation's collection hold exactly `chunks`; returns how many were embedded."""
    collection = gen.collection
    wanted = {chunk.id: (key, chunk) for key, chunk in chunks}
    present = set(collection.get(include=[])["ids"])  # vectors of an interrupted build are kept
    if stale := sorted(present - wanted.keys()):
        for i in range(0, len(stale), 5000):
            collection.delete(ids=stale[i:i + 5000])
    missing = [cid for cid in wanted if cid not in present]
    if live is not None and live.path != gen.path and missing:
        reusable = set(live.manifest().chunk_ids) if live.manifest() else set()
        copy = [cid for cid in missing if cid in reusable]
        copied: set[str] = set()
        for i in range(0, len(copy), 1000):
            got = live.collection.get(ids=copy[i:i + 1000], include=["embeddings", "documents", "metadatas"])
            if got["ids"]:
                collection.add(ids=got["ids"], embeddings=got["embeddings"], documents=got["documents"],
                               metadatas=got["metadatas"])
            copied.update(got["ids"])
        missing = [cid for cid in missing if cid not in copied]  # what the live one lacks is embedded
    if not missing:
        return 0

    from llama_index.vector_stores.chroma import ChromaVectorStore

    from .nodes import to_node

    store = ChromaVectorStore(chroma_collection=collection)
    missing = _reuse_moved(missing, wanted, [g for g in (gen, live) if g is not None], store)
    if not missing:
        return 0

    from .chunking import searched_sentences
    from .embeddings import embed_with_sentences, embedding_model

    model = embedding_model(settings)
    # Shortest first, so each batch holds texts of about one length and pads little: in
    # file order a batch pads to its longest chunk, which costs a third more model time.
    missing.sort(key=lambda cid: len(wanted[cid][1].text))
    if progress:
        progress(0, len(missing))  # starts the clock, so rate and ETA are true from the first batch
    for done in range(0, len(missing), BATCH):
        batch = [wanted[cid] for cid in missing[done:done + BATCH]]
        searched, sentences = zip(*(searched_sentences(chunk) for _, chunk in batch))
        vectors, sentence_vectors = embed_with_sentences(model, list(searched), list(sentences))
        store.add([to_node(chunk, key, vector, sentences)
                   for (key, chunk), vector, sentences in zip(batch, vectors, sentence_vectors)])
        if progress:
            progress(min(done + BATCH, len(missing)), len(missing))
    return len(missing)


def _reuse_moved(missing: list[str], wanted: dict[str, tuple[str, Chunk]], generations: list[Generation],
                 store) -> list[str]:
    """Store chunks whose text is already embedded under another place (an edit above them
    moved their offsets) with that vector and their new place; returns the rest."""
    from .nodes import read_sentence_vectors, to_node

    needed = {text_key(cid) for cid in missing}
    holders: dict[str, tuple[Generation, str]] = {}  # text key -> where its vector is
    for generation in generations:
        for cid in generation.collection.get(include=[])["ids"]:
            if text_key(cid) in needed:
                holders.setdefault(text_key(cid), (generation, cid))
    reuse = [cid for cid in missing if text_key(cid) in holders]
    stored: set[str] = set()
    for i in range(0, len(reuse), 1000):
        batch = reuse[i:i + 1000]
        vectors: dict[str, tuple[list[float], dict]] = {}  # the vector, and the metadata with sentence vectors
        for generation in generations:
            ids = [holders[text_key(cid)][1] for cid in batch if holders[text_key(cid)][0] is generation]
            if ids:
                got = generation.collection.get(ids=ids, include=["embeddings", "metadatas"])
                vectors.update(zip(got["ids"], zip(got["embeddings"], got["metadatas"])))
        found = [cid for cid in batch if holders[text_key(cid)][1] in vectors]
        if found:
            nodes = []
            for cid in found:
                vector, metadata = vectors[holders[text_key(cid)][1]]
                nodes.append(to_node(wanted[cid][1], wanted[cid][0], list(vector),
                                     read_sentence_vectors(metadata)))
            store.add(nodes)
            stored.update(found)
    return [cid for cid in missing if cid not in stored]


def _write_bm25(gen: Generation, chunks: list[tuple[str, Chunk]]) -> None:
    shutil.rmtree(gen.bm25_path, ignore_errors=True)  # what a killed build had half-written
    if not chunks:
        return
    from .lexical import TermsBM25
    from .nodes import to_node

    bm25 = TermsBM25.over([to_node(chunk, key) for key, chunk in chunks])
    bm25.persist(str(gen.bm25_path), show_progress=False)
