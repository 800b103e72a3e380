"""The sources folder as users edit it from a face (the web page's sources panel): a file
added under its own name, a file removed to the trash. Indexing is not done here: the
Assistant refreshes the index after each change (`Assistant.add_sources`, `.remove_source`).

A name is taken as a file name and nothing else: a path (`../x.txt`, `/etc/passwd`,
`a/b.txt`, `a\\b.txt`), a NUL or other control character, a hidden name (which indexing
never reads) or an unreadable type is refused with a one-line message, before anything is
written. A different file of the same name is never overwritten: the new one is refused
(rename it, or remove the old one first); the very same bytes again are no change.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from .errors import UserError
from .formats import READERS, STREAMED, readable, too_large

MAX_NAME_BYTES = 255  # the longest file name Linux's file systems (ext4, xfs, btrfs, tmpfs) take
CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # NUL ends a path in the kernel; the others hide in listings
TRASH = "trash"  # the folder inside the index folder that removed sources go to


class SourceRefused(UserError, ValueError):
    """A file that cannot be added as a source, or a source that cannot be removed; the
    message says why, in one line, and nothing was written or moved."""


@dataclass(frozen=True)
class Saved:
    """A file added to the sources folder: `key` its path inside the folder, `path` where
    it is, `new` False when the folder already held the very same bytes under that name."""

    key: str
    path: Path
    new: bool


def readable_types() -> str:
    return " ".join(sorted(READERS))


def checked_name(name: str) -> str:
    """`name` if it is a plain file name a source may have; SourceRefused saying why if not.
    Nothing is cleaned up or renamed: a name that needs it is refused, so the file is
    never saved under a name its owner did not choose."""
    shown = repr(name) if CONTROL.search(name or "") else name
    if not name or not name.strip():
        raise SourceRefused("A file to add needs a name.")
    if CONTROL.search(name):
        raise SourceRefused(f"Refused {shown}: a file name may not hold NUL or other control characters.")
    if "/" in name or "\\" in name:
        raise SourceRefused(f"Refused {shown}: give a file name, not a path (no / or \\ in it).")
    if name in (".", "..") or name.startswith("."):
        raise SourceRefused(f"Refused {shown}: a name starting with '.' is a hidden file, never indexed.")
    if len(name.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
        raise SourceRefused(f"Refused {name[:40]}…: a file name may be at most {MAX_NAME_BYTES} bytes long.")
    if not readable(Path(name)):
        suffix = Path(name).suffix or "(none)"
        raise SourceRefused(f"Refused {name}: unsupported file type {suffix}; readable: {readable_types()}.")
    return name


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def save(folder: Path, name: str, data: bytes, max_mb: float) -> Saved:
    """Write `data` into `folder` as `name` (checked by `checked_name`), never over another
    file: the bytes go to a hidden temporary file first (indexing skips hidden files), then
    are hard-linked under their name, which fails if the name is taken, even by an upload
    racing this one. SourceRefused for a bad name, an empty file, one over `max_mb` (as
    indexing skips it; a news dump's limit is per article, as for indexing), or a different
    file already under that name."""
    name = checked_name(name)
    if not data.strip():
        raise SourceRefused(f"Refused {name}: the file is empty.")
    if Path(name).suffix.lower() not in STREAMED and len(data) > max_mb * 2**20:
        raise SourceRefused(f"Refused {name}: {too_large(len(data), max_mb)}.")
    if not folder.is_dir():
        raise SourceRefused(f"The sources folder {folder} does not exist.")
    target = folder / name
    temporary = folder / f".upload-{uuid.uuid4().hex}"
    try:
        temporary.write_bytes(data)
        try:
            os.link(temporary, target)
            return Saved(name, target, new=True)
        except FileExistsError:
            if target.is_file() and not target.is_symlink() and _digest(target.read_bytes()) == _digest(data):
                return Saved(name, target, new=False)
            raise SourceRefused(f"Refused {name}: a different file of that name is already a source; "
                                "rename the new one, or remove the old one first.") from None
    finally:
        temporary.unlink(missing_ok=True)


def trash(folder: Path, key: str, index: Path) -> Path:
    """Move the source `key` (its path inside `folder`) to the index folder's trash, under a
    folder named for the moment it went (UTC), keeping its path, so nothing is deleted and
    two removals of one name never meet. Returns where it went."""
    path = folder / key
    if not path.is_file() and not path.is_symlink():
        raise SourceRefused(f"{key} is no longer in the sources folder.")
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ")
    target = index / TRASH / stamp / key
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(path), str(target))  # a rename on one file system; a copy across two
    return target
