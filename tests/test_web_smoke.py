"""The README's run command: `make run` sets up and starts `treaty-assistant serve`. As on
a fresh clone (no index yet), the page must come up at once, show the index being built,
and then answer through the page's API."""
from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from web_support import ARMS, ARMS_SOURCE, ROOT, free_port


def run_recipe() -> list[str]:
    lines = (ROOT / "Makefile").read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("run:"))
    recipe = []
    for line in lines[start + 1:]:
        if not line.startswith("\t"):
            break
        recipe.append(line.strip())
    return recipe


def test_make_run_starts_the_web_chat():
    assert run_recipe() == ["$(BIN)/treaty-assistant serve"]


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if (result := condition()) is not None:
            return result
        time.sleep(0.3)
    pytest.fail(f"timed out waiting for {what}")


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode()
    except OSError:
        return None


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_serve_on_a_fresh_clone_comes_up_then_answers(tmp_path):
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    port, index, log = free_port(), tmp_path / "index", tmp_path / "serve.log"
    env = {**os.environ, "TREATY_WEB_PORT": str(port), "TREATY_INDEX": str(index)}
    env.pop("TREATY_SOURCES", None)  # the default: seeds/, as on a fresh clone
    command = [str(Path(sys.executable).parent / "treaty-assistant"), "serve"]
    with log.open("w") as output:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        config = wait_for(lambda: fetch(url + "config") if server.poll() is None else "exited", 90, "the page")
        assert server.poll() is None, log.read_text()
        assert "Checking the sources" in config or "Building the search index" in config  # not a blank page
        assert "Treaty Assistant" in fetch(url)

        client = Client(url, verbose=False)

        def answer():
            try:
                return client.predict(ARMS, api_name="/ask")
            except AppError as exc:  # the index is being built; anything else is a failure
                assert "still being prepared" in str(exc), f"{exc}\n{log.read_text()}"
                return None

        result = wait_for(answer, 240, "the first answer")
        assert result["found"] and any(c["source"] == f"seeds/{ARMS_SOURCE}" for c in result["citations"])
        assert (index / "CURRENT").exists()
        assert f"up at http://127.0.0.1:{port}" in log.read_text()
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
