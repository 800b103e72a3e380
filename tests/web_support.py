"""Shared by the web chat's tests: a free port, the page served in-process over an
Assistant, and Debian's Chromium for Playwright (no browser is ever downloaded)."""
from __future__ import annotations

import contextlib
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
ARMS = "Does the pact include arms transfers?"
ARMS_SOURCE = "004_00528b96f0de169d.txt"
OUT_OF_SCOPE = "What is the capital of France?"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Headless, and quiet on a closed network: no first-run, sync, component or QUIC traffic.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def served(assistant, ready: bool = True) -> Iterator[str]:
    """The web chat over `assistant` on a free local port; yields the URL. With `ready`,
    once its index is ready; else at once, with the index being built behind the page
    (as `treaty-assistant serve` starts)."""
    from assistant.web import Warmup, launch

    warmup = Warmup(assistant)
    if ready:
        assert warmup.start().wait(180), f"index not ready: {warmup.state} {warmup.error}"
    demo = launch(assistant, warmup, server_name="127.0.0.1", server_port=free_port())
    if not ready:
        warmup.start()
    try:
        yield demo.local_url
    finally:
        demo.close()
