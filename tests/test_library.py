"""Adding a file to the sources folder and removing one to the trash (assistant/library.py),
without an index: the names refused, and that nothing is ever overwritten or lost."""
from __future__ import annotations

import threading

import pytest

from assistant.library import SourceRefused, checked_name, save, trash

TEXT = b"Russia and Iran signed a treaty on Friday.\n"


@pytest.mark.parametrize("name, why", [
    ("../escape.txt", "not a path"),
    ("..", "hidden"),
    ("/etc/passwd.txt", "not a path"),
    ("sub/inner.txt", "not a path"),
    ("..\\windows.txt", "not a path"),
    ("C:\\temp\\a.txt", "not a path"),
    ("nul\x00byte.txt", "control characters"),
    ("line\nbreak.txt", "control characters"),
    (".hidden.txt", "hidden"),
    ("notes.xlsx", "unsupported file type .xlsx"),
    ("no_suffix", "unsupported file type (none)"),
    ("", "needs a name"),
    ("a" * 252 + ".txt", "at most 255 bytes"),
])
def test_names_that_are_not_plain_file_names_are_refused_in_one_line(name, why):
    with pytest.raises(SourceRefused) as refused:
        checked_name(name)
    message = str(refused.value)
    assert why.split(" (")[0] in message and "\n" not in message
    assert "\x00" not in message  # shown escaped


def test_refused_names_write_nothing_anywhere(tmp_path):
    folder = tmp_path / "sources"
    folder.mkdir()
    for name in ("../escape.txt", str(tmp_path / "absolute.txt"), "nul\x00.txt", "a/../../b.txt"):
        with pytest.raises(SourceRefused):
            save(folder, name, TEXT, 10)
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["sources"]


def test_plain_names_are_kept_as_given(tmp_path):
    for name in ("Ukraïna — zvit 2025.md", "report (final).html", "dump.jsonl", "scan.PDF"):
        assert checked_name(name) == name
        assert save(tmp_path, name, TEXT, 10).new
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["Ukraïna — zvit 2025.md", "report (final).html", "dump.jsonl", "scan.PDF"])


def test_a_different_file_of_the_same_name_is_refused_and_the_same_bytes_are_no_change(tmp_path):
    first = save(tmp_path, "article.txt", TEXT, 10)
    assert first.new and first.key == "article.txt"
    again = save(tmp_path, "article.txt", TEXT, 10)
    assert not again.new
    with pytest.raises(SourceRefused, match="different file of that name"):
        save(tmp_path, "article.txt", b"Another text entirely.\n", 10)
    assert (tmp_path / "article.txt").read_bytes() == TEXT
    assert [p.name for p in tmp_path.iterdir()] == ["article.txt"]  # no temporary file left


def test_empty_and_oversized_files_are_refused_as_indexing_would_skip_them(tmp_path):
    with pytest.raises(SourceRefused, match="empty"):
        save(tmp_path, "blank.txt", b"  \n", 10)
    with pytest.raises(SourceRefused, match=r"too large \(1\.5 MB; the limit is 1 MB"):
        save(tmp_path, "big.txt", b"x" * (3 * 2**19), 1)
    assert save(tmp_path, "dump.jsonl", b'{"text": "x"}\n' * 100_000, 1).new  # a dump's limit is per article
    assert [p.name for p in tmp_path.iterdir()] == ["dump.jsonl"]


def test_two_uploads_of_one_name_at_once_never_overwrite_each_other(tmp_path):
    """Racing saves of different bytes under one name: exactly one is written, whole; every
    other is refused, so its owner knows (the hard link fails when the name is taken)."""
    results: list[object] = []
    texts = [f"Version {i} of the article, long enough to take a moment. ".encode() * 2000 for i in range(8)]

    def add(data: bytes) -> None:
        try:
            results.append(save(tmp_path, "same.txt", data, 10))
        except SourceRefused as exc:
            results.append(exc)

    threads = [threading.Thread(target=add, args=(t,)) for t in texts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    saved = [r for r in results if not isinstance(r, SourceRefused)]
    assert len(saved) == 1 and len(results) == 8
    assert (tmp_path / "same.txt").read_bytes() in texts
    assert [p.name for p in tmp_path.iterdir()] == ["same.txt"]


def test_trash_moves_the_file_into_the_index_folder_keeping_its_path(tmp_path):
    folder, index = tmp_path / "sources", tmp_path / "index"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "old.txt").write_bytes(TEXT)
    moved = trash(folder, "sub/old.txt", index)
    assert not (folder / "sub" / "old.txt").exists()
    assert moved.read_bytes() == TEXT
    parts = moved.relative_to(index).parts
    assert parts[0] == "trash" and parts[2:] == ("sub", "old.txt")
    (folder / "sub" / "old.txt").write_bytes(b"a second one\n")
    assert trash(folder, "sub/old.txt", index) != moved and moved.exists()  # both kept
    with pytest.raises(SourceRefused, match="no longer in the sources folder"):
        trash(folder, "sub/old.txt", index)
