"""The sources panel's handlers over one Assistant: list the sources, choose which answer
this conversation (a per-session list of paths; None for all), view a file as indexed,
add files (dropped or chosen) and remove one. Adding and removing refresh the index in a
worker thread while the handler streams its progress to the page; questions meanwhile
are answered from the previous index (Assistant.add_sources / remove_source)."""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import gradio as gr

from ..core import Assistant, SourcesChange
from ..errors import UserError
from ..indexing import Progress
from .rendering import (SOURCES_WAITING, edit_html, esc, file_name, index_banner, notice_html, report_html,
                        sources_html)
from .warmup import Warmup

log = logging.getLogger(__name__)

REDRAW = 0.25  # seconds between redraws of the progress line: four a second reads as live
# Files one drop may bring (one upload request carries them all): an analyst's handful of
# saved articles, with room; a folder of hundreds goes in through `treaty-assistant index`.
MAX_FILES = 20


class Edit:
    """One change of the sources, run in a worker thread so that the page can show how far
    its refresh is (`step`, `done` of `total` passages embedded) until it ends with
    `change`, or `error` (one line for the user). A page closed meanwhile loses nothing:
    the thread finishes the change."""

    def __init__(self, work: Callable[[Progress], SourcesChange], step: str):
        self.step, self.done, self.total = step, 0, 0
        self.change: SourcesChange | None = None
        self.error: str | None = None
        self._thread = threading.Thread(target=self._run, args=(work,), name="sources-edit", daemon=True)
        self._thread.start()

    def _progress(self, done: int, total: int) -> None:
        self.done, self.total = done, total
        self.step = (f"Updating the index: {done} of {total} passages embedded…" if done < total
                     else "Putting the new index into service…")

    def _run(self, work: Callable[[Progress], SourcesChange]) -> None:
        try:
            self.change = work(self._progress)
        except UserError as exc:
            self.error = str(exc)
        except Exception:  # never a traceback on the page; it goes to the server log
            log.exception("changing the sources failed")
            self.error = "Something went wrong while changing the sources; the error has been logged."

    def wait(self, seconds: float) -> bool:
        """Wait at most `seconds`; whether the change has ended."""
        self._thread.join(seconds)
        return not self._thread.is_alive()


def summary(change: SourcesChange) -> str:
    """What a change did, in a few lines of HTML for the panel's status."""
    def name(path: str) -> str:
        return esc(file_name(path))

    lines = [f"Added {name(p)}." for p in change.added if p not in dict(change.skipped)]
    lines += [f"{name(p)} was already a source, with the same content." for p in change.same]
    lines += [f"Removed {name(p)}: moved to {esc(t)}." for p, t in zip(change.removed, change.trashed)]
    warnings = [esc(line) for line in change.refused]
    warnings += [f"Saved {name(p)}, but it is not indexed: {esc(why)}." for p, why in change.skipped]
    out = [f'<div class="status-line ok">{line}</div>' for line in lines]
    out += [f'<div class="status-line warn" role="alert">{line}</div>' for line in warnings]
    return "".join(out) or notice_html("Nothing was changed.")


class SourcesPanel:
    """The panel's event handlers. `editable`: whether adding and removing are offered at
    all (Settings.sources_editable); the handlers check it again, whoever calls them."""

    def __init__(self, assistant: Assistant, warmup: Warmup):
        self.assistant, self.warmup = assistant, warmup
        self.editable = assistant.settings.sources_editable

    def html(self, chosen: list[str] | None) -> str:
        if not self.warmup.ready:
            return SOURCES_WAITING
        return sources_html(self.assistant.source_states(), chosen, self.editable)

    def indexed(self) -> list[str]:
        return [path for path, state in self.assistant.source_states().items() if not state.skipped]

    def act(self, chosen: list[str] | None, evt: gr.EventData) -> Iterator[tuple]:
        """A click in the panel (sources.js): choose or unchoose a source, all or none, view
        one, or remove one. Yields (panel, chosen, viewer, status, banner)."""
        action, source = getattr(evt, "action", ""), getattr(evt, "source", "")
        if action == "view":
            yield gr.skip(), gr.skip(), self.view(source), gr.skip(), gr.skip()
            return
        if action == "remove":
            yield from self.edit(chosen, lambda progress: self.assistant.remove_source(source, progress),
                                 f"Removing {source}…")
            return
        indexed = self.indexed()
        if action == "all":
            chosen = None
        elif action == "none":
            chosen = []
        elif action in ("choose", "unchoose") and source in indexed:
            picked = set(indexed if chosen is None else chosen) & set(indexed)
            picked = picked | {source} if action == "choose" else picked - {source}
            chosen = None if picked == set(indexed) else sorted(picked)
        else:  # another user removed it meanwhile, say, or a hand-made call
            unknown = notice_html(f"not a source of this index: {source}")
            yield self.html(chosen), chosen, gr.skip(), unknown, gr.skip()
            return
        status = notice_html("No source is chosen: questions cannot be answered until you choose one.") \
            if chosen == [] else ""
        yield self.html(chosen), chosen, gr.skip(), status, gr.skip()

    def view(self, source: str) -> str:
        """A source file in the viewer, as indexed (what was kept, what removed and why)."""
        state = self.assistant.source_states().get(source)
        if state is None:
            return notice_html(f"not a source of this index: {source}")
        try:
            return report_html(source, state, self.assistant.source_report(source))
        except UserError as exc:
            return notice_html(str(exc))

    def upload(self, files: list[dict] | None, chosen: list[str] | None) -> Iterator[tuple]:
        """Files dropped or chosen: Gradio's file payloads, unprocessed ({"path": where the
        upload route put it, "orig_name": the name the browser gave}), so that the name is
        the user's own and a path trick in it is refused rather than quietly cleaned.
        Yields (panel, chosen, viewer, status, banner, files)."""
        files = files or []
        if len(files) > MAX_FILES:
            yield gr.skip(), gr.skip(), gr.skip(), notice_html(
                f"At most {MAX_FILES} files at a time; this drop had {len(files)}. Nothing was added."), \
                gr.skip(), None
            return
        named = []
        for f in files:
            path = Path(f["path"])  # inside Gradio's upload folder: Gradio checked it before this call
            named.append((f.get("orig_name") or path.name, path.read_bytes()))
        adding = f"Saving {len(named)} file{'s' * (len(named) != 1)} and reading the sources…"
        for update in self.edit(chosen, lambda progress: self.assistant.add_sources(named, progress), adding):
            yield *update, None

    def edit(self, chosen: list[str] | None, work: Callable[[Progress], SourcesChange],
             step: str) -> Iterator[tuple]:
        """Run a change (`step` says what it does until its refresh reports), streaming its
        progress; then the panel, the chosen sources (those removed left out, those added put
        in when only some were chosen) and what happened.
        Yields (panel, chosen, viewer, status, banner)."""
        if not self.editable:
            yield gr.skip(), gr.skip(), gr.skip(), notice_html("Sources cannot be changed on this page."), \
                gr.skip()
            return
        if not self.warmup.ready:
            yield gr.skip(), gr.skip(), gr.skip(), notice_html(self.warmup.not_ready), gr.skip()
            return
        job = Edit(work, step)
        yield gr.skip(), gr.skip(), gr.skip(), edit_html(job.step), gr.skip()  # at once: it has begun
        while not job.wait(REDRAW):
            yield gr.skip(), gr.skip(), gr.skip(), edit_html(job.step, job.done, job.total), gr.skip()
        if job.change is None:
            yield self.html(chosen), chosen, gr.skip(), notice_html(job.error or "Nothing was changed."), \
                gr.skip()
            return
        indexed = self.indexed()
        if chosen is not None:
            chosen = sorted((set(chosen) | set(job.change.added)) & set(indexed))
        self.warmup.sources = len(indexed)
        yield self.html(chosen), chosen, gr.skip(), summary(job.change), \
            index_banner(self.warmup, self.assistant.settings)
