"""The index: chunk offsets into the original files, the manifest and its embedding model,
incremental refresh (add, change, remove, unchanged without loading a model), atomic
builds that resume, and bad files in the sources folder."""
from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant import Assistant
from assistant.chunking import MAX_CHARS, chunk_source, quotable_sentences
from assistant.indexing import ModelMismatch, SourcesMissing, refresh
from assistant.schema import Chunk
from assistant.sources import read_sources
from assistant.store import IndexFolder

ROOT = Path(__file__).resolve().parent.parent
SEED_NAMES = sorted(p.name for p in (ROOT / "seeds").glob("*.txt"))
ARMS = "Does the pact include arms transfers?"


# --- helpers -----------------------------------------------------------------------------

def original_text(path: str | Path, encoding: str = "utf-8-sig") -> str:
    return Path(path).read_bytes().decode(encoding)


def index_chunks(settings) -> list[Chunk]:
    generation = IndexFolder(settings.index, settings.chroma_url).live()
    got = generation.collection.get(include=["documents", "metadatas"])
    return [Chunk(id=cid, source=meta["source"], title=meta.get("title") or None,
                  publisher=meta.get("publisher") or None, date=meta.get("date") or None,
                  text=text, spans=tuple(tuple(s) for s in json.loads(meta["spans"])))
            for cid, text, meta in zip(got["ids"], got["documents"], got["metadatas"])]


def stored_sentence_vectors(settings) -> dict[str, object]:
    """Each chunk's sentence vectors as the index stores them (None where it has none)."""
    from assistant.nodes import read_sentence_vectors

    got = IndexFolder(settings.index, settings.chroma_url).live().collection.get(include=["metadatas"])
    return {cid: read_sentence_vectors(meta) for cid, meta in zip(got["ids"], got["metadatas"])}


def chunk_blocks(chunk: Chunk) -> list[tuple[int, int, str]]:
    """(start, end, text) of each block of the chunk, cut from chunk.text by its spans."""
    out, cursor = [], 0
    for start, end in chunk.spans:
        out.append((start, end, chunk.text[cursor:cursor + end - start]))
        cursor += end - start + 1
    return out


def assert_offsets(chunk: Chunk, text: str) -> None:
    assert chunk.text == "\n".join(text[s:e] for s, e in chunk.spans), chunk.source
    cursor = 0
    for start, end, block in chunk_blocks(chunk):
        assert text[start:end] == block, (chunk.source, start, end)
        for j in (0, len(block) // 2, len(block) - 1):
            assert chunk.original_offset(cursor + j) == start + j
        cursor += end - start + 1
    assert (chunk.start, chunk.end) == (chunk.spans[0][0], chunk.spans[-1][1])


def cited_sources(answer) -> set[str]:
    return {Path(c.source).name for c in answer.citations}


def assert_quotes_verbatim(answer, encoding: str = "utf-8-sig") -> None:
    for c in answer.citations:
        assert original_text(c.source, encoding)[c.start:c.end] == c.quote


def live_name(index: Path) -> str:
    return (index / "CURRENT").read_text().strip()


NEW_NAME = "005_caspian_hatchery.txt"
NEW_ARTICLE = """Russia and Iran Agree on Joint Sturgeon Hatchery on the Caspian

Russia and Iran will build a joint sturgeon hatchery in the Iranian port city of Rasht, fisheries officials from both countries announced on Monday after two days of talks.

The hatchery is meant to release four million young sturgeon into the Caspian Sea every year, to rebuild stocks that have collapsed because of poaching and pollution since the 1990s.

Officials said construction would begin in the autumn and that scientists from Astrakhan would train Iranian staff in breeding techniques developed on the Volga delta over several decades.

The project will be paid for by both governments in equal shares, and a joint board will publish the number of fish released and their survival rates each spring.
"""
NEW_QUESTION = "Where will Russia and Iran build the joint sturgeon hatchery?"


@pytest.fixture()
def fresh(sources_dir, tmp_path) -> Assistant:
    """An Assistant over a private copy of the seeds with its own index, built."""
    bot = Assistant(sources=sources_dir, index=tmp_path / "index")
    report = bot.refresh()
    assert sorted(report.added) == SEED_NAMES and report.embedded == report.chunks > 0
    return bot


# --- chunks and offsets ------------------------------------------------------------------

def test_every_chunk_offset_points_into_the_original_file(seed_assistant):
    chunks = index_chunks(seed_assistant.settings)
    assert {Path(c.source).name for c in chunks} == set(SEED_NAMES)
    for chunk in chunks:
        assert_offsets(chunk, original_text(chunk.source))


def test_chunks_are_paragraph_sized(seed_assistant):
    for chunk in index_chunks(seed_assistant.settings):
        assert 0 < len(chunk.text) <= MAX_CHARS, (chunk.source, len(chunk.text))


def test_offsets_survive_crlf_bom_and_long_paragraphs(tmp_path):
    """A CRLF file with a BOM, non-ASCII text and a paragraph longer than a chunk, which
    is split at sentence boundaries."""
    long_paragraph = " ".join(
        f"Sentence number {i} of the long paragraph says that the “café” talks in Tehran went on "
        f"for hours — and that nobody agreed on anything at all." for i in range(12))
    text = "\r\n".join(["Caspian Talks Run Long Into the Night", "",
                        "Delegations from both countries met in Tehran on Tuesday for talks that officials said "
                        "would shape trade across the Caspian for years.", "", long_paragraph, "",
                        "Both sides said they would meet again in Moscow before the end of the year to sign "
                        "the documents prepared by their experts.", ""])
    (tmp_path / "crlf.txt").write_bytes(b"\xef\xbb\xbf" + text.encode())
    [source] = read_sources(tmp_path)
    chunks = chunk_source(source)
    assert len(chunks) >= 3
    original = original_text(tmp_path / "crlf.txt")
    assert original == text
    for chunk in chunks:
        assert_offsets(chunk, original)
        assert len(chunk.text) <= MAX_CHARS
    covered = "".join(b for c in chunks for _, _, b in chunk_blocks(c))
    assert "Sentence number 11" in covered and "Sentence number 0 " in covered


def test_chunk_ids_are_stable_and_unique(seeds_copy):
    first = [c.id for s in read_sources(seeds_copy) for c in chunk_source(s)]
    second = [c.id for s in read_sources(seeds_copy) for c in chunk_source(s)]
    assert first == second
    assert len(set(first)) == len(first)


def test_chunks_are_searched_under_their_headline(seeds_copy):
    """BM25 and the vectors see a chunk under its source's headline (a contextual chunk
    header), unless it holds the headline already; what is stored and cited is its own text."""
    from llama_index.core.schema import MetadataMode

    from assistant.chunking import chunk_id, headline, searched_text
    from assistant.nodes import to_chunk, to_node
    from assistant.schema import Block, Source

    sources = {Path(s.path).name: s for s in read_sources(seeds_copy)}
    chunks = [c for s in sources.values() for c in chunk_source(s)]
    headed = [c for c in chunks if c.header]
    assert 0 < len(headed) < len(chunks)  # the headlines' own chunks are not headed again
    for chunk in chunks:
        assert chunk.header in ("", chunk.title)
        node = to_node(chunk, chunk.source)
        # What BM25 indexes and what is embedded; the chunk itself is unchanged.
        assert node.get_content(MetadataMode.EMBED) == searched_text(chunk.header, chunk.text)
        assert to_chunk(node) == chunk
    # A headline heads the article's chunks; a title cut from its opening sentence (no line
    # looked like a headline) is body text, and heads nothing.
    assert headline(sources["004_00528b96f0de169d.txt"]) == sources["004_00528b96f0de169d.txt"].title
    lead = sources["003_b5b9460b2eca335a.txt"]
    assert lead.title.endswith("…") and headline(lead) == ""
    assert not any(c.header for c in chunk_source(lead))
    text = "Russia and Iran signed a twenty-year treaty in Moscow. Officials said it covers trade."
    block = Block(0, len(text), text)
    for title, heads in (("Russia and Iran signed a twenty-year…", ""), ("Pact signed", "Pact signed")):
        assert headline(Source("a.txt", "a.txt", title, None, None, (block,))) == heads
    # A new headline is a new searched text: the chunk is embedded again, not given its old vector.
    ids = {chunk_id(searched_text(title, text), "same place") for title in ("Pact signed", "Pact ratified")}
    assert len(ids) == 2


def test_the_index_searches_chunks_under_their_headline(seed_assistant):
    """The stored vector is that of the headed text, and BM25 finds every chunk of an
    article by words of its headline alone."""
    from assistant.chunking import searched_text
    from assistant.retrieval import HybridRetriever

    settings = seed_assistant.settings
    retriever = HybridRetriever(IndexFolder(settings.index).live(), settings)
    chunks = [c for s in read_sources(settings.sources) for c in chunk_source(s)]
    chunk = next(c for c in chunks if c.header)
    vector = retriever.model.get_text_embedding(searched_text(chunk.header, chunk.text))
    [best] = retriever.dense(vector, 1)
    assert best.chunk.id == chunk.id and best.score > 0.99 and best.text == chunk.text

    name = "001_ef0c1281b5ae524e.txt"
    article = [c for c in chunks if Path(c.source).name == name]
    hits = retriever.lexical("Strengthening Alliances", len(chunks))
    found = {p.chunk.id for p in hits if Path(p.source).name == name}
    assert found == {c.id for c in article}


# --- the manifest and the embedding model ------------------------------------------------

def test_manifest_records_the_embedding_model_and_every_chunk(seed_assistant):
    settings = seed_assistant.settings
    generation = IndexFolder(settings.index).live()
    manifest = generation.manifest()
    assert manifest.embedding_model == settings.embedding_model_id
    assert settings.embedding_model_id.startswith("local:all-MiniLM-L6-v2")  # and the backend, if not torch
    assert sorted(manifest.files) == SEED_NAMES
    assert all(state.sha256 and state.chunks and not state.skipped for state in manifest.files.values())
    assert set(manifest.chunk_ids) == set(generation.collection.get(include=[])["ids"])


def test_another_embedding_model_is_refused_with_a_clear_message(seed_assistant):
    """Settings naming OpenAI embeddings meet an index of local vectors: refused before any
    model is asked for anything, and the message says how to rebuild."""
    settings = seed_assistant.settings.model_copy(update={"embeddings": "openai"})
    before = live_name(settings.index)
    with pytest.raises(ModelMismatch) as info:
        refresh(settings)
    message = str(info.value)
    assert "--rebuild" in message
    assert "local:all-MiniLM-L6-v2" in message and "openai:" in message
    assert live_name(settings.index) == before


def test_a_manifest_of_another_model_is_refused_then_rebuilt(fresh):
    settings = fresh.settings
    generation = IndexFolder(settings.index).live()
    data = json.loads(generation.manifest_path.read_text())
    data["embedding_model"] = "local:some-other-model"
    generation.manifest_path.write_text(json.dumps(data))

    with pytest.raises(ModelMismatch, match="--rebuild"):
        refresh(settings)
    with pytest.raises(ModelMismatch, match="some-other-model"):
        Assistant(settings=settings).ask(ARMS)  # a new reader refuses too: never mixes vectors

    report = refresh(settings, rebuild=True)
    assert report.embedded == report.chunks > 0
    assert IndexFolder(settings.index).live_manifest().embedding_model == settings.embedding_model_id
    assert refresh(settings).up_to_date
    answer = Assistant(settings=settings).ask(ARMS)
    assert answer.found and "004_00528b96f0de169d.txt" in cited_sources(answer)


def test_every_chunk_stores_a_vector_for_each_quotable_sentence(seed_assistant):
    """Made from the chunk's own forward pass (its tokens' embeddings, pooled per sentence):
    unit vectors close in meaning to the sentence embedded on its own."""
    import numpy as np

    from assistant.embeddings import embedding_model

    stored = stored_sentence_vectors(seed_assistant.settings)
    chunks = index_chunks(seed_assistant.settings)
    model = embedding_model(seed_assistant.settings)
    cosines = []
    for chunk in chunks:
        vectors = np.asarray(stored[chunk.id], dtype=np.float32)
        sentences = [chunk.text[q.start:q.end] for q in quotable_sentences(chunk)]
        assert vectors.shape == (len(sentences), 384)
        assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=0.01)
        alone = np.asarray(model.get_text_embedding_batch(sentences), dtype=np.float32)
        cosines.extend((vectors * alone).sum(axis=1))
    assert len(cosines) > 50 and np.mean(cosines) > 0.7, np.mean(cosines)


def test_chunk_vectors_are_the_models_own_with_sentence_vectors_alongside(seed_assistant):
    import numpy as np

    from assistant.embeddings import embed_with_sentences, embedding_model

    model = embedding_model(seed_assistant.settings)
    texts = ["Russia and Iran signed a treaty. It runs for twenty years, officials said.", "x " * 400]
    vectors, sentences = embed_with_sentences(model, texts, [[(0, 32), (33, 74)], [(700, 790)]])
    assert np.allclose(vectors, model.get_text_embedding_batch(texts), atol=1e-6)
    assert sentences[0].shape == (2, 384)
    assert sentences[1] is None  # past the model's 256 tokens: no tokens to pool, embedded when asked


def test_answering_embeds_only_the_question(seed_assistant):
    """The sentences an answer weighs come with their vectors from the index, so a question
    about passages never seen before costs one embedding, the question's."""
    bot = Assistant(sources=seed_assistant.settings.sources, index=seed_assistant.settings.index)
    for question in (ARMS, "Which air defence systems has Russia supplied?", "What is the capital of Australia?"):
        bot.ask(question)
    assert len(bot._extractive.embed.cache) == 0


def test_an_index_of_an_older_manifest_version_is_built_again(fresh):
    """An index of an earlier scheme (version 1: chunks searched without their titles) is
    not taken as up to date: the next refresh builds a new generation, and serves from it."""
    from assistant.store import MANIFEST_VERSION

    settings = fresh.settings
    before = live_name(settings.index)
    generation = IndexFolder(settings.index).live()
    data = json.loads(generation.manifest_path.read_text())
    data["version"] = MANIFEST_VERSION - 1
    generation.manifest_path.write_text(json.dumps(data))

    report = refresh(settings)
    assert sorted(report.added) == SEED_NAMES and report.chunks > 0
    assert live_name(settings.index) != before
    assert IndexFolder(settings.index).live_manifest().version == MANIFEST_VERSION
    assert refresh(settings).up_to_date
    answer = Assistant(settings=settings).ask(ARMS)
    assert answer.found and "004_00528b96f0de169d.txt" in cited_sources(answer)


def test_missing_sources_folder_is_a_clear_error(tmp_path):
    with pytest.raises(SourcesMissing, match="nonexistent"):
        refresh(Assistant(sources=tmp_path / "nonexistent", index=tmp_path / "index").settings)


# --- incremental refresh -----------------------------------------------------------------

def test_unchanged_corpus_is_up_to_date_without_embedding(fresh):
    report = fresh.refresh()
    assert report.up_to_date and report.embedded == 0
    assert sorted(report.unchanged) == SEED_NAMES
    assert "up to date" in report.summary()


def test_touched_but_unchanged_file_is_not_reembedded(fresh, sources_dir):
    path = sources_dir / SEED_NAMES[2]
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    report = fresh.refresh()
    assert report.up_to_date and report.embedded == 0


CHECK_WITHOUT_MODEL = """
import json, sys
from assistant import Settings
from assistant.indexing import refresh
from assistant import embeddings
settings = Settings(sources=sys.argv[1], index=sys.argv[2])
report = refresh(settings)
heavy = ["torch", "sentence_transformers", "transformers", "chromadb",
         "llama_index.embeddings.huggingface", "llama_index.core"]
if settings.chroma_url:  # a Chroma server is asked whether it still holds the vectors
    heavy.remove("chromadb")
print(json.dumps({"up_to_date": report.up_to_date, "embedded": report.embedded,
                  "loaded": [m for m in heavy if m in sys.modules],
                  "models": embeddings._local_model.cache_info().currsize}))
"""


def test_checking_an_unchanged_corpus_loads_no_model(seed_assistant):
    """In a clean process: an up-to-date refresh neither loads the embedding model nor even
    imports torch, transformers, Chroma or LlamaIndex."""
    settings = seed_assistant.settings
    command = [sys.executable, "-c", CHECK_WITHOUT_MODEL, str(settings.sources), str(settings.index)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"up_to_date": True, "embedded": 0, "loaded": [], "models": 0}


def test_added_file_is_embedded_alone_and_answers(fresh, sources_dir):
    (sources_dir / NEW_NAME).write_text(NEW_ARTICLE)
    report = fresh.refresh()
    assert report.added == [NEW_NAME]
    assert not report.updated and not report.removed
    assert sorted(report.unchanged) == SEED_NAMES
    new_chunks = IndexFolder(fresh.settings.index).live_manifest().files[NEW_NAME].chunks
    assert 1 <= report.embedded == len(new_chunks) <= 3  # only the new file's chunks

    answer = fresh.ask(NEW_QUESTION)
    assert answer.found
    assert NEW_NAME in cited_sources(answer)
    assert "Rasht" in answer.text
    assert_quotes_verbatim(answer)


def test_changed_file_is_updated(fresh, sources_dir):
    name = "003_b5b9460b2eca335a.txt"
    path = sources_dir / name
    text = path.read_text()
    assert "approved the pact in April" in text
    text = text.replace("approved the pact in April", "approved the pact in late March")
    text += ("\nIran's parliament also voted to open a consulate in Kazan, the capital of Tatarstan, "
             "to serve traders from both countries, according to the text of the ratification bill.\n")
    path.write_text(text)

    report = fresh.refresh()
    assert report.updated == [name]
    assert not report.added and not report.removed
    chunks = [c for c in index_chunks(fresh.settings) if Path(c.source).name == name]
    # Only the changed file's changed chunks are embedded, never the rest of the corpus.
    assert 1 <= report.embedded <= len(chunks) < report.chunks
    joined = "\n".join(c.text for c in chunks)
    assert "in late March" in joined and "in April" not in joined
    for chunk in chunks:
        assert_offsets(chunk, original_text(path))

    answer = fresh.ask("Where will Iran open a new consulate?")
    assert answer.found and name in cited_sources(answer)
    assert "Kazan" in answer.text
    assert_quotes_verbatim(answer)


def test_paragraphs_moved_by_an_edit_above_them_keep_their_vectors(fresh, sources_dir):
    """An edit near the top shifts every later offset; those chunks' text is unchanged, so
    only the edited chunk is embedded and the moved ones are stored at their new offsets."""
    name = "004_00528b96f0de169d.txt"
    path = sources_dir / name
    text = path.read_text()
    first = "Russian President Vladimir Putin and Iranian President Masoud Pezeshkian solidified"
    assert first in text
    path.write_text(text.replace(first, "On a cold Friday in Moscow, " + first, 1))

    report = fresh.refresh()
    assert report.updated == [name]
    chunks = [c for c in index_chunks(fresh.settings) if Path(c.source).name == name]
    # The edited chunk, and the next if the longer paragraph moved a chunk boundary.
    assert 1 <= report.embedded <= 2 < len(chunks)
    original = original_text(path)
    for chunk in chunks:
        assert_offsets(chunk, original)
    answer = fresh.ask("Which air defence systems has Russia already supplied to Iran?")
    assert "S-300" in answer.text
    assert_quotes_verbatim(answer)
    stored = stored_sentence_vectors(fresh.settings)
    for chunk in chunks:  # moved chunks keep their sentences' vectors too
        assert stored[chunk.id] is not None and len(stored[chunk.id]) == len(quotable_sentences(chunk))


def test_removed_file_is_no_longer_retrievable(fresh, sources_dir):
    name = "002_a8475e7d3b61eb1d.txt"
    query = "Jalali Young Journalists Club national independence"
    assert name in {Path(p.source).name for p in fresh.retrieve(query, top_k=10)}
    (sources_dir / name).unlink()

    report = fresh.refresh()
    assert report.removed == [name]
    assert not report.added and not report.updated
    assert report.embedded == 0  # nothing new to embed; the other files' vectors are copied
    assert name not in IndexFolder(fresh.settings.index).live_manifest().files
    assert all(Path(c.source).name != name for c in index_chunks(fresh.settings))
    assert all(Path(p.source).name != name for p in fresh.retrieve(query, top_k=50))
    assert name not in cited_sources(fresh.ask("What did Jalali say about national independence?"))


# --- atomic builds -----------------------------------------------------------------------

class FlakyModel:
    """The real model for the first `good` batches, then a crash (a killed build)."""

    def __init__(self, model, good: int):
        self.model, self.good, self.calls = model, good, 0

    def get_text_embedding_batch(self, texts, **kwargs):
        self.calls += 1
        if self.calls > self.good:
            raise RuntimeError("simulated crash in the middle of a build")
        return self.model.get_text_embedding_batch(texts, **kwargs)


def test_interrupted_build_leaves_the_previous_index_serving_and_resumes(fresh, sources_dir, monkeypatch):
    import assistant.embeddings
    import assistant.indexing
    from assistant.retrieval import HybridRetriever

    settings = fresh.settings
    before = live_name(settings.index)
    (sources_dir / NEW_NAME).write_text(NEW_ARTICLE)
    real = assistant.embeddings.embedding_model(settings)
    flaky = FlakyModel(real, good=1)
    monkeypatch.setattr(assistant.indexing, "BATCH", 1)
    monkeypatch.setattr(assistant.embeddings, "embedding_model", lambda _settings: flaky)

    with pytest.raises(RuntimeError, match="simulated crash"):
        fresh.refresh()
    assert flaky.calls == 2  # one batch written, the second one crashed

    # The previous generation still serves: the same assistant, and a new reader of the folder.
    assert live_name(settings.index) == before
    answer = fresh.ask(ARMS)
    assert answer.found and "004_00528b96f0de169d.txt" in cited_sources(answer)
    reader = HybridRetriever(IndexFolder(settings.index).live(), settings)
    passages = reader.retrieve("joint sturgeon hatchery Rasht", top_k=8)
    assert passages and all(Path(p.source).name != NEW_NAME for p in passages)

    # The next build completes, keeping what the interrupted one had written.
    monkeypatch.undo()
    report = fresh.refresh()
    assert report.added == [NEW_NAME]
    new_chunks = IndexFolder(settings.index).live_manifest().files[NEW_NAME].chunks
    assert len(new_chunks) >= 2
    assert report.embedded == len(new_chunks) - 1
    assert live_name(settings.index) != before
    unfinished = [g for g in Path(settings.index).glob("g-*") if not (g / "manifest.json").exists()]
    assert not unfinished
    answer = fresh.ask(NEW_QUESTION)
    assert answer.found and NEW_NAME in cited_sources(answer)


# --- bad files in an indexed folder ------------------------------------------------------

def test_bad_files_are_skipped_and_the_rest_still_answers(fresh, sources_dir, caplog):
    (sources_dir / "blob.txt").write_bytes(b"\x00\x01\x02\x03" * 64)
    (sources_dir / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00")
    (sources_dir / "empty.txt").write_bytes(b"")
    (sources_dir / "broken.txt").symlink_to(sources_dir / "gone.txt")
    os.mkfifo(sources_dir / "pipe.txt")
    bad = ["blob.txt", "photo.jpg", "empty.txt", "broken.txt", "pipe.txt"]
    if os.geteuid() != 0:
        (sources_dir / "locked.txt").write_text(NEW_ARTICLE)
        (sources_dir / "locked.txt").chmod(0)
        bad.append("locked.txt")
    latin = ("Caspian Caviar Prices Fall in Bandar Anzali\n\nThe price of caviar at the fish market of "
             "Bandar Anzali fell by a third this winter, traders at the café opposite the harbour said, "
             "as new Russian–Iranian quotas took effect.\n").replace("–", "-")
    (sources_dir / "latin.txt").write_bytes(latin.encode("latin-1"))

    with caplog.at_level(logging.WARNING):
        report = fresh.refresh()
    skipped = dict(report.skipped)
    for name in bad:
        assert name in skipped, (name, report.skipped)
        assert any(name in r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING), name
    assert "latin.txt" not in skipped
    assert any("latin.txt" in r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING)

    answer = fresh.ask(ARMS)
    assert answer.found and "004_00528b96f0de169d.txt" in cited_sources(answer)
    caviar = fresh.ask("How much did the price of caviar fall in Bandar Anzali?")
    assert caviar.found and "latin.txt" in cited_sources(caviar)
    for c in caviar.citations:
        if Path(c.source).name == "latin.txt":
            assert original_text(c.source, "latin-1")[c.start:c.end] == c.quote

    again = fresh.refresh()  # skipped files do not make every check a rebuild
    assert again.up_to_date and again.embedded == 0


# --- quotable units: never longer than a pinpoint quote ----------------------------------

def test_a_run_on_line_is_quoted_by_clauses_of_at_most_400_characters(tmp_path):
    """Issue 11, case 3: a 1,200-character transcript line with no full stop gave one
    356-character "sentence", and "the ninth of June", later in the line, could never be quoted."""
    from content_cases import JUNE_CLAUSE, TRANSCRIPT, TRANSCRIPT_LINE

    assert len(TRANSCRIPT_LINE) > 1200 and "." not in TRANSCRIPT_LINE
    (tmp_path / "transcript.txt").write_text(TRANSCRIPT)
    chunks = [c for s in read_sources(tmp_path) for c in chunk_source(s)]
    units = [c.text[q.start:q.end] for c in chunks for q in quotable_sentences(c)]
    assert all(len(unit) <= 400 for unit in units)
    assert sum(JUNE_CLAUSE in unit for unit in units) == 1
    # Together the units quote the whole line: no clause is left out.
    assert "".join(units[1:]).replace(" ", "") == TRANSCRIPT_LINE.replace(" ", "")
    # Cut at clause boundaries: each unit after the first opens with a conjunction or follows a comma.
    line_units = units[1:]
    for before, unit in zip(line_units, line_units[1:]):
        opens_clause = unit.split()[0] in {"and", "but", "so", "then", "which"}
        assert before.endswith(",") or opens_clause, (before[-20:], unit)


def test_clause_spans_prefer_strong_boundaries():
    from assistant.text import clause_spans

    text = "alpha beta gamma; delta epsilon, and zeta eta theta"
    assert [text[s:e] for s, e in clause_spans(text, 0, len(text), limit=30)] == [
        "alpha beta gamma;", "delta epsilon,", "and zeta eta theta"]
    assert clause_spans(text, 0, len(text), limit=100) == [(0, len(text))]


def test_the_clause_that_answers_is_quoted(cases_assistant):
    answer = cases_assistant.ask("When would the first cargo train leave Astrakhan?")
    assert answer.found, answer.text
    [quote] = [c.quote for c in answer.citations if "ninth of June" in c.quote]
    assert len(quote) <= 400


# --- what cleaning removed, per file -----------------------------------------------------

def test_the_manifest_counts_what_cleaning_kept_and_removed(seed_assistant):
    states = {Path(path).name: state for path, state in seed_assistant.source_states().items()}
    s001, s003, s004 = (states[n] for n in ("001_ef0c1281b5ae524e.txt", "003_b5b9460b2eca335a.txt",
                                             "004_00528b96f0de169d.txt"))
    assert (s001.kept, s001.duplicate) == (8, 5)  # 001 repeats five paragraphs
    assert (s003.kept, s003.furniture, s003.duplicate, s003.flagged) == (11, 0, 0, 0)
    # 004 repeats its whole article, its subhead "'MULTI-POLAR WORLD'" (kept) with it
    assert (s004.kept, s004.duplicate) == (18, 16)
    assert all(state.flagged == 0 for state in states.values())


def test_source_report_marks_every_seed_furniture_line(seed_assistant):
    from test_sources import SEED_FURNITURE

    reports = [seed_assistant.source_report(path) for path in seed_assistant.source_states()]
    removed = [line.text for report in reports for line in report.lines if line.mark != "kept"]
    kept = [line.text for report in reports for line in report.lines if line.mark == "kept"]
    for furniture in SEED_FURNITURE:
        assert any(furniture.casefold() in text.casefold() for text in removed), furniture
        assert not any(furniture.casefold() in text.casefold() for text in kept), furniture
    for report in reports:  # every kept block is in the index, and the counts agree
        assert sum(line.mark == "kept" for line in report.lines) == report.kept
        assert sum(line.mark != "kept" for line in report.lines) == report.furniture + report.duplicate
        assert all(line.reason for line in report.lines if line.mark != "kept")
        assert [line.start for line in report.lines] == sorted(line.start for line in report.lines)


def test_source_report_of_a_file_changed_since_indexing_says_so(fresh, sources_dir):
    from assistant.core import SourceNotIndexed

    bot = fresh
    path = next(iter(bot.source_states()))
    with open(sources_dir / Path(path).name, "a") as handle:
        handle.write("\nA late paragraph added after the index was built, long enough to be prose here.\n")
    with pytest.raises(SourceNotIndexed, match="changed since it was indexed"):
        bot.source_report(path)
    with pytest.raises(SourceNotIndexed, match="not a source of this index"):
        bot.source_report("../etc/passwd")


def test_a_fragment_is_quoted_with_the_sentence_after_it(tmp_path):
    """An interview's answer opens with a fragment ("Seven.") that answers its question: it is
    quoted with the sentence after it, not dropped; a list's number ("1.") and a fragment
    nothing follows are left out; questions are never quoted."""
    from content_cases import INTERVIEW_MD

    (tmp_path / "interview.md").write_text(INTERVIEW_MD)
    (tmp_path / "memo.txt").write_text("Briefing\n\n1. Status. The treaty entered into force in October.\n\n"
                                       "The end.\n")
    units = {c.source.rsplit("/", 1)[-1]: [c.text[q.start:q.end] for q in quotable_sentences(c)]
             for s in read_sources(tmp_path) for c in chunk_source(s)}
    assert "Seven. When the link opened in January only Sberbank's cards worked." in units["interview.md"]
    assert any(u.startswith("Yes. A card can withdraw") for u in units["interview.md"])
    assert not any(u.rstrip().endswith("?") for u in units["interview.md"])
    assert units["memo.txt"] == ["Status. The treaty entered into force in October."]


def test_an_interview_answer_is_read_with_its_question(cases_assistant):
    """The answer paragraph holds its question's words ("banks", "cards", "Iran"): "Seven."
    answers how many, and the intro's "the two countries" is no count."""
    from content_cases import INTERVIEW_COUNT_QUESTION

    answer = cases_assistant.ask(INTERVIEW_COUNT_QUESTION)
    assert answer.found and answer.text.startswith("**Seven**")
    assert answer.citations[0].source.endswith("interview.md")
    assert answer.citations[0].quote.startswith("Seven. When the link opened")


def test_a_chunk_opening_with_those_words_repeats_the_quotation_they_point_at(tmp_path):
    """A pull quote names no speaker; the paragraph after it does ("…used those words"). Where
    that paragraph opens a chunk, the chunk repeats the quotation first, so that the two are
    read together; a paragraph that points back at nothing is not repeated."""
    from content_cases import PULL_QUOTE, PULL_QUOTE_PAGE

    (tmp_path / "ports_page.html").write_text(PULL_QUOTE_PAGE)
    chunks = [c for s in read_sources(tmp_path) for c in chunk_source(s)]
    assert len(chunks) == 2
    assert chunks[0].text.endswith(f'"{PULL_QUOTE}"')
    assert chunks[1].text.startswith(f'"{PULL_QUOTE}"\nHarbour master Rustam Aliyev used those words')


def test_who_said_a_pull_quote_is_answered_from_the_paragraph_after_it(cases_assistant):
    from content_cases import PULL_QUOTE

    answer = cases_assistant.ask(f'Who said "{PULL_QUOTE[:-1]}"?')
    assert answer.found and answer.text.startswith("**Rustam Aliyev**"), answer.text
    assert any("used those words" in c.quote for c in answer.citations)


def test_a_run_on_turn_with_no_stop_is_no_headline(tmp_path):
    """A transcript turn that ends with no full stop is running text, not a title (a headline
    is short): its clauses are not ranked down as headlines are."""
    from content_cases import TRANSCRIPT

    (tmp_path / "transcript.txt").write_text(TRANSCRIPT)
    units = [(c.text[q.start:q.end], q.headline) for s in read_sources(tmp_path) for c in chunk_source(s)
             for q in quotable_sentences(c)]
    assert units[0][1]  # the programme's title
    assert len(units) > 2 and not any(headline for _, headline in units[1:])


def test_a_repeated_paragraph_keeps_a_chunk_within_its_size(tmp_path):
    """The paragraph a chunk leans on is repeated only when both fit in MAX_CHARS: the model
    reads 256 tokens at most, and a chunk past them loses its sentence vectors."""
    lead = "The committee met on Monday. " * 11  # about 320 characters
    quote = "We will build a bridge across the sea, not a wall, and every port on it will prosper. " * 2
    text = f"Ports pact\n\n{lead.strip()}\n\n\"{quote.strip()}\"\n\n" \
           f"Harbour master Rustam Aliyev used those words at the signing, adding that the ships would sail in June. " \
           f"{'Officials said the tariffs would be common to both ports. ' * 6}\n"
    (tmp_path / "pact.txt").write_text(text)
    chunks = [c for s in read_sources(tmp_path) for c in chunk_source(s)]
    assert all(len(c.text) <= MAX_CHARS for c in chunks)


def test_a_chunk_opening_with_a_list_repeats_the_line_announcing_it(tmp_path):
    """"The following bodies shall be competent…:" announces the lettered list after it; where
    the list opens a chunk, the chunk repeats the announcing line, so that an item ("a) customs
    — the Federal Customs Service;") is read as one of the bodies it lists."""
    filler = " ".join(f"Clause {i} of the law sets out a further duty of the government." for i in range(8))
    items = "\n".join(f"{letter}) field {letter} — the Federal Service for Matters {letter.upper()};"
                      for letter in "abcde")
    (tmp_path / "law.txt").write_text(f"FEDERAL LAW\n\n{filler}\n\n"
                                      "The following federal bodies shall be competent in the respective fields:\n"
                                      f"{items}\n")
    chunks = [c for s in read_sources(tmp_path) for c in chunk_source(s)]
    listing = next(c for c in chunks if "a) field a" in c.text)
    assert listing.text.startswith("The following federal bodies shall be competent in the respective fields:")
