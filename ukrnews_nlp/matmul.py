"""Which library multiplies the matrices of the trained components, and with how many threads.

thinc (spaCy's network library) multiplies with its bundled BLIS by default. On the x86 CPUs we run on,
numpy's OpenBLAS does the same single-threaded float32 product 3–4× faster (a 70,000 × 384 by 384 × 384
product: 0.24 s against 0.91 s), which makes the tok2vec layers about 2.3× and the whole pipeline 1.4–1.7×
faster (``python bench/throughput.py --matmul blis`` compares); the outputs are the same up to float rounding
(identical tags, heads, deps and lemmas on 56K NER-UK tokens). ``load(matmul="numpy")`` switches every trained
component to numpy's BLAS; ``matmul="blis"`` keeps thinc's default. The transition parser's per-step scoring is
compiled code that calls BLIS directly, whichever is chosen.

``matmul="int8"`` (``load()``'s default) multiplies with numpy's BLAS too, and runs the large products of the
tok2vecs, the morphologizer's output layer and the graph parser in 8-bit integers
(:mod:`ukrnews_nlp.int8_matmul`, with ONNX Runtime): the pipeline about 1.3× faster, its figures the same within a
few hundredths (``models/README.md``, "Speed"); ``"numpy"`` keeps every product float32.

OpenBLAS uses every core by default, which is what one process in a notebook wants; corpus workers, which are
one per core already, call :func:`single_threaded_blas` so they do not fight each other for the cores.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from spacy.language import Language
from thinc.api import Model, NumpyOps

from .errors import Errors, UserError

#: ``load(matmul=...)`` choices: numpy's BLAS with the large products in 8-bit integers, numpy's BLAS (OpenBLAS in
#: numpy's wheels) alone, or thinc's bundled BLIS.
MATMUL_BACKENDS = ("int8", "numpy", "blis")

_THREAD_LIMIT: Any = None  # the threadpoolctl limiter of this process, kept alive while the process runs


def matmul_ops(backend: str) -> NumpyOps:
    """thinc's CPU ops multiplying with ``backend`` (one of :data:`MATMUL_BACKENDS`; anything else: E008)."""
    if backend not in MATMUL_BACKENDS:
        raise UserError(Errors.E008.format(backend=backend, choices=", ".join(MATMUL_BACKENDS)))
    return NumpyOps(use_blis=backend == "blis")


def use_matmul(nlp: Language, backend: str = "numpy") -> Language:
    """Make every trained component of ``nlp`` multiply matrices with ``backend`` (see :data:`MATMUL_BACKENDS`).

    Changes only the models of this pipeline (their ``ops``, and the components that can multiply in 8-bit
    integers: those with a ``set_int8`` method), not thinc's process-wide default."""
    ops = matmul_ops(backend)
    for node in model_nodes(nlp):
        node.ops = ops
    switches = [component.set_int8 for _, component in nlp.pipeline if callable(getattr(component, "set_int8", None))]
    if backend == "int8" and switches:
        from .int8_matmul import int8_available

        if not int8_available():  # only trained components need it: a rules-only pipeline loads without it
            raise UserError(Errors.E010)
    for set_int8 in switches:
        set_int8(backend == "int8")
    return nlp


def model_nodes(nlp: Language) -> Iterator[Model]:
    """Every layer of every trained component of ``nlp`` (none for a pipeline of rule components)."""
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if isinstance(model, Model):
            yield from model.walk()


def single_threaded_blas() -> None:
    """Limit numpy's BLAS to one thread in this process (idempotent): for worker processes, one per core."""
    global _THREAD_LIMIT
    if _THREAD_LIMIT is None:
        from threadpoolctl import threadpool_limits

        _THREAD_LIMIT = threadpool_limits(limits=1, user_api="blas")


def train_with_matmul(backend: str = "numpy") -> None:
    """Make the models this process creates from now on (``spacy train``, ``spacy pretrain``) multiply with
    ``backend``: training is the same computation, and numpy's BLAS makes it about twice as fast."""
    from thinc.api import set_current_ops

    set_current_ops(matmul_ops(backend))
