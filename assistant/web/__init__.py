"""The web chat: a Gradio page over Assistant, and the same `ask` as an API.

    treaty-assistant serve      # http://127.0.0.1:7860 (TREATY_WEB_HOST, TREATY_WEB_PORT)

The chat is on the left; on the right, the evidence for the selected answer (for each
citation: file, title, publisher, date, quote) and, when a citation is selected, its full
source text with the quoted passage highlighted. The page comes up at once: the index is
built or checked in the background and its progress shown until questions can be taken.

By concern: warmup.py builds the index behind the page; rendering.py writes its HTML;
page.py wires the components and the API over Assistant; guard.py stands in front of
every route (sign-in, failed sign-ins, body size); static/ holds the CSS and JavaScript.
"""
from __future__ import annotations

from collections.abc import Callable

import gradio as gr

from ..core import Assistant
from ..indexing import Progress
from ..settings import Settings
from .guard import WebConfigError, parse_auth
from .page import launch
from .warmup import Warmup

__all__ = ["WebConfigError", "Warmup", "launch", "serve"]


def serve(settings: Settings, progress: Progress | None = None,
          on_start: Callable[[str], None] | None = None, block: bool = True) -> gr.Blocks:
    """The `treaty-assistant serve` command: check the sources, start the page at once,
    and build or check the index behind it."""
    from ..indexing import check

    check(settings)  # a missing folder or a model mismatch fails here, in one line
    parse_auth(settings.web_auth.get_secret_value() if settings.web_auth else None)
    assistant = Assistant(settings=settings)
    warmup = Warmup(assistant, progress)
    demo = launch(assistant, warmup)
    warmup.start()
    if on_start:
        on_start(f"http://{settings.web_host}:{settings.web_port}")
    if block:
        demo.block_thread()
    return demo
