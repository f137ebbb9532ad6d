"""Matrix products in 8-bit integers: the trained networks' large float32 products, 2–3× faster on CPU.

The products ``X @ W + b`` of the tok2vec layers, the morphologizer's output layer and the graph parser's
projections and recurrence are most of the pipeline's arithmetic. With ``load(matmul="int8")`` (the default) they run
as ONNX Runtime's ``MatMulIntegerToFloat``: ``W`` is rounded once to int8 with one scale per output column
(symmetric, :func:`quantize_columns`), each row of ``X`` to uint8 on its own scale (its largest magnitude / 127,
zero at 128), and the integer product is scaled back to float32; the row's scale and the bias are then applied in
numpy (:class:`Int8Product`). Because every row has its own scale, a row's result never depends on the other rows:
a text gets the same analysis alone, in a batch, in another thread or worker. LSTM hidden states, always within ±1,
are rounded on one fixed scale (:class:`Int8StateProduct`). On this project's CPU an 8,192 × 384 by 384 × 384
product takes 10 ms instead of 25 ms; the results differ from float32 by about 1 % of the largest value, which
moves no published figure by more than a few hundredths (``models/README.md``, "Speed"). On x86 CPUs without VNNI
the weights are stored as uint8 around 128 (:func:`vnni_available`): the same numbers, about half the speed.

The ONNX graphs (the weights as constants) are written here as protobuf bytes (:func:`product_model`,
:func:`state_product_model`), so running needs ``onnxruntime`` but not the ``onnx`` package. Each product holds its
own session, single-threaded (corpus workers are one per core), made when first used, so products can be pickled
and sent to worker processes without it.
"""
from __future__ import annotations

import threading
from typing import Any

import numpy

from .errors import Errors, UserError

__all__ = ["Int8Product", "Int8StateProduct", "int8_available", "product_model", "quantize_columns",
           "state_product_model", "vnni_available"]

#: ONNX IR version and operator sets the graph is written for (ONNX Runtime ≥ 1.14 reads them).
_IR_VERSION, _OPSET, _MS_OPSET = 8, 17, 1
_MS_DOMAIN = "com.microsoft"


def int8_available() -> bool:
    """Whether ONNX Runtime can be imported (``matmul="int8"`` needs it; it is a dependency of the package)."""
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def quantize_columns(weights: numpy.ndarray) -> tuple[numpy.ndarray, numpy.ndarray]:
    """``weights`` (in × out, or a stack of such: directions × in × out) as int8 with one scale per output column
    (symmetric, ±127): ``int8 · scale ≈ weights``; the scales' shape is (out) for a matrix, (directions × 1 × out)
    for a stack."""
    scale = numpy.abs(weights).max(axis=-2, keepdims=True) / 127.0
    scale = numpy.where(scale > 0, scale, 1.0).astype(numpy.float32)
    quantized = numpy.clip(numpy.rint(weights / scale), -127, 127).astype(numpy.int8)
    return quantized, scale[0] if weights.ndim == 2 else scale


# -- protobuf encoding of the few ONNX messages needed (field numbers from onnx.proto) --

def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _int_field(number: int, value: int) -> bytes:
    return _varint(number << 3) + _varint(value & 0xFFFFFFFFFFFFFFFF)  # negative int64: two's complement


def _bytes_field(number: int, value: bytes | str) -> bytes:
    data = value.encode("utf-8") if isinstance(value, str) else value
    return _varint(number << 3 | 2) + _varint(len(data)) + data


def _tensor(name: str, array: numpy.ndarray) -> bytes:
    """TensorProto: dims (1), data_type (2), name (8), raw_data (9, little-endian)."""
    dims = b"".join(_int_field(1, int(d)) for d in array.shape)
    little = array.astype(array.dtype.newbyteorder("<"), copy=False)
    return dims + _int_field(2, _ELEMENT_TYPES[array.dtype.name]) + _bytes_field(8, name) \
        + _bytes_field(9, little.tobytes())


def _value_info(name: str, dims: tuple[int | str, ...]) -> bytes:
    """ValueInfoProto of a float tensor: name (1), type (2) → tensor_type (1) → elem_type (1), shape (2) → dim (1)
    → dim_value (1) or dim_param (2)."""
    shape = b"".join(_bytes_field(1, _int_field(1, d) if isinstance(d, int) else _bytes_field(2, d)) for d in dims)
    tensor_type = _int_field(1, _ELEMENT_TYPES["float32"]) + _bytes_field(2, shape)
    return _bytes_field(1, name) + _bytes_field(2, _bytes_field(1, tensor_type))


def _attribute(name: str, value: int | list[int] | numpy.ndarray) -> bytes:
    """AttributeProto: name (1), type (20: INT 2, TENSOR 4, INTS 7) and i (3), t (5) or ints (8)."""
    if isinstance(value, numpy.ndarray):
        return _bytes_field(1, name) + _bytes_field(5, _tensor("value", value)) + _int_field(20, 4)
    if isinstance(value, list):
        return _bytes_field(1, name) + b"".join(_int_field(8, v) for v in value) + _int_field(20, 7)
    return _bytes_field(1, name) + _int_field(3, value) + _int_field(20, 2)


def _node(op: str, inputs: list[str], outputs: list[str], domain: str = "", **attributes) -> bytes:
    """NodeProto: input (1), output (2), name (3), op_type (4), attribute (5), domain (7)."""
    return (b"".join(_bytes_field(1, name) for name in inputs) + b"".join(_bytes_field(2, name) for name in outputs)
            + _bytes_field(3, outputs[0]) + _bytes_field(4, op)
            + b"".join(_bytes_field(5, _attribute(k, v)) for k, v in attributes.items())
            + (_bytes_field(7, domain) if domain else b""))


#: ONNX element types (``TensorProto.DataType``) of the arrays written here.
_ELEMENT_TYPES = {"float32": 1, "uint8": 2, "int8": 3, "int64": 7}


def vnni_available() -> bool:
    """Whether this x86 CPU multiplies uint8 by int8 exactly (AVX-512 VNNI or AVX-VNNI: 32-bit sums). Without it
    ONNX Runtime's uint8 × int8 kernels add pairs of products in 16 bits with saturation (AVX2's ``vpmaddubsw``),
    which rows rounded up to 255 against weights near ±127 overflow; there the weights are stored as uint8 around
    128 instead, a kernel that widens to 16 bits first: the same integer sums, so the same results. Read from
    ``/proc/cpuinfo`` (elsewhere: False, the exact uint8 × uint8 kernels)."""
    global _VNNI
    if _VNNI is None:
        try:
            with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as cpuinfo:
                flags = next((line.split(":", 1)[1].split() for line in cpuinfo if line.startswith("flags")), [])
        except OSError:
            flags = []
        _VNNI = "avx512_vnni" in flags or "avx_vnni" in flags
    return _VNNI


_VNNI: bool | None = None


def _weights_operand(weights: numpy.ndarray) -> tuple[dict[str, numpy.ndarray], list[str]]:
    """The int8 weights as the model stores them (:func:`vnni_available`): the constants and the names of
    ``MatMulIntegerToFloat``'s B and its zero point ("" for none)."""
    if vnni_available():
        return {"B": weights}, ["B", ""]
    shifted = (weights.astype(numpy.int16) + 128).astype(numpy.uint8)
    return {"B": shifted, "B_zero": numpy.array(128, dtype=numpy.uint8)}, ["B", "B_zero"]


def _model(nodes: list[bytes], constants: dict[str, numpy.ndarray], inputs: list[tuple[str, tuple]],
           outputs: list[tuple[str, tuple]]) -> bytes:
    """A serialized ONNX model (ModelProto: ir_version (1), producer_name (2), graph (7), opset_import (8); its
    GraphProto: node (1), name (2), initializer (5), input (11), output (12)) of float inputs and outputs."""
    graph = (b"".join(_bytes_field(1, node) for node in nodes) + _bytes_field(2, "int8_product")
             + b"".join(_bytes_field(5, _tensor(name, array)) for name, array in constants.items())
             + b"".join(_bytes_field(11, _value_info(name, dims)) for name, dims in inputs)
             + b"".join(_bytes_field(12, _value_info(name, dims)) for name, dims in outputs))
    opsets = _bytes_field(8, _bytes_field(1, "") + _int_field(2, _OPSET)) \
        + _bytes_field(8, _bytes_field(1, _MS_DOMAIN) + _int_field(2, _MS_OPSET))
    return _int_field(1, _IR_VERSION) + _bytes_field(2, "ukrnews-nlp") + opsets + _bytes_field(7, graph)


def product_model(weights: numpy.ndarray, scale: numpy.ndarray) -> bytes:
    """The serialized ONNX model of ``A @ (weights · scale)`` for ``A`` float32 (rows × in, any number of rows),
    ``weights`` int8 (in × out) and ``scale`` float32 (out), before each row's own scale is applied: outputs
    ``product`` (rows × out) and ``row_scale`` (rows × 1); ``A @ (weights · scale) ≈ product · row_scale``.

    Each row of ``A`` is rounded to 8 bits on its own scale (its largest magnitude / 127, stored as uint8 around
    128: ONNX Runtime's fast kernels multiply uint8 by int8), so a row's result never depends on the other rows of
    the call: a document gets the same vectors alone or in a batch. The row scale and the bias are applied by
    :class:`Int8Product` in numpy, in place (ONNX Runtime's broadcasting Mul and Add took 4.8 ms of a 13 ms product,
    numpy 1.1 ms)."""
    rows_in, columns = weights.shape
    operand, (b, b_zero) = _weights_operand(weights)
    constants = {**operand, "B_scale": scale.astype(numpy.float32),
                 "one": numpy.array(1.0, dtype=numpy.float32), "tiny": numpy.array(1e-30, dtype=numpy.float32),
                 "inv127": numpy.array(1.0 / 127.0, dtype=numpy.float32),
                 "flat": numpy.array([-1], dtype=numpy.int64), "mid": numpy.array(128, dtype=numpy.uint8)}
    nodes = [
        _node("ReduceMax", ["A"], ["row_high"], axes=[1], keepdims=1),
        _node("ReduceMin", ["A"], ["row_low"], axes=[1], keepdims=1),
        _node("Neg", ["row_low"], ["row_low_neg"]),
        _node("Max", ["row_high", "row_low_neg", "tiny"], ["row_max"]),  # an all-zero row: any scale
        _node("Mul", ["row_max", "inv127"], ["row_scale"]),  # rows × 1
        _node("Reshape", ["row_scale", "flat"], ["row_scales"]),  # rows
        _node("Shape", ["row_scales"], ["rows"]),
        _node("ConstantOfShape", ["rows"], ["row_zero"], value=numpy.array([128], dtype=numpy.uint8)),
        _node("QuantizeLinear", ["A", "row_scales", "row_zero"], ["A_q"], axis=0),
        _node("MatMulIntegerToFloat", ["A_q", b, "one", "B_scale", "mid", b_zero], ["product"], domain=_MS_DOMAIN),
    ]
    return _model(nodes, constants, [("A", ("rows", rows_in))],
                  [("product", ("rows", columns)), ("row_scale", ("rows", 1))])


def state_product_model(weights: numpy.ndarray, scale: numpy.ndarray) -> bytes:
    """The serialized ONNX model of ``H @ (weights · scale)`` per direction for recurrent states ``H`` float32
    (directions × rows × size, every value within ±1: an LSTM's hidden states), ``weights`` int8 (directions × size ×
    out) and ``scale`` float32 (directions × 1 × out). The states are rounded on one fixed scale, 1/127 (no search
    for each row's range: the states' range is known), so every row's result is its own."""
    directions, size, columns = weights.shape
    operand, (b, b_zero) = _weights_operand(weights)
    constants = {**operand, "B_scale": scale.astype(numpy.float32),
                 "state_scale": numpy.array(1.0 / 127.0, dtype=numpy.float32),
                 "mid": numpy.array(128, dtype=numpy.uint8)}
    nodes = [
        _node("QuantizeLinear", ["H", "state_scale", "mid"], ["H_q"]),
        _node("MatMulIntegerToFloat", ["H_q", b, "state_scale", "B_scale", "mid", b_zero], ["product"],
              domain=_MS_DOMAIN),
    ]
    return _model(nodes, constants, [("H", (directions, "rows", size))], [("product", (directions, "rows", columns))])


def _session(model: bytes) -> Any:
    try:
        import onnxruntime
    except ImportError as error:
        raise UserError(Errors.E010) from error
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
    options.log_severity_level = 3  # errors only: no notes about optional graph rewrites
    # every call has another number of rows: ONNX Runtime's arena and memory patterns would keep a block per
    # size seen (hundreds of MB over a corpus) for no gain here
    options.enable_cpu_mem_arena = False
    options.enable_mem_pattern = False
    return onnxruntime.InferenceSession(model, options, providers=["CPUExecutionProvider"])


def _check_out(owner: str, out: numpy.ndarray, shape: tuple[int, ...]) -> None:
    """``out`` must be a C-contiguous float32 array of ``shape`` (products are written into it)."""
    if out.shape != shape or out.dtype != numpy.float32 or not out.flags.c_contiguous:
        raise ValueError(f"{owner}.into: out must be a C-contiguous float32 array of shape {shape}, "
                         f"got {out.dtype} {out.shape}")


class _Session:
    """An ONNX Runtime session made when first used (one per process: a pickled copy makes its own)."""

    def __init__(self) -> None:
        self._session: Any = None
        self._lock = threading.Lock()

    def _model(self) -> bytes:
        raise NotImplementedError

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["_session"], state["_lock"] = None, None  # made again where the copy runs
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    def _run(self) -> Any:
        session = self._session
        if session is None:
            with self._lock:
                if self._session is None:
                    self._session = _session(self._model())
                session = self._session
        return session


class Int8Product(_Session):
    """``X @ weights + bias`` in 8-bit integers (module docstring); ``weights`` float32 (in × out), ``bias`` (out) or
    None. Each row of ``X`` is rounded on its own scale: its result does not depend on the other rows."""

    def __init__(self, weights: numpy.ndarray, bias: numpy.ndarray | None = None) -> None:
        super().__init__()
        weights = numpy.asarray(weights, dtype=numpy.float32)
        if weights.ndim != 2:
            raise ValueError(f"Int8Product: weights must be a matrix, got shape {weights.shape}")
        self.shape = weights.shape
        self.weights, self.scale = quantize_columns(weights)
        self.bias = (numpy.zeros(weights.shape[1], dtype=numpy.float32) if bias is None
                     else numpy.asarray(bias, dtype=numpy.float32).reshape(weights.shape[1]))

    def _model(self) -> bytes:
        return product_model(self.weights, self.scale)

    def __call__(self, X: numpy.ndarray) -> numpy.ndarray:
        """The product for ``X`` (rows × in) as a new float32 array."""
        return self.into(X, numpy.empty((len(X), self.shape[1]), dtype=numpy.float32))

    def into(self, X: numpy.ndarray, out: numpy.ndarray) -> numpy.ndarray:
        """The product for ``X`` written into ``out`` (rows × out, C-contiguous float32: memory reused from one
        call to the next instead of a new array)."""
        _check_out("Int8Product", out, (len(X), self.shape[1]))
        if not len(X):
            return out
        session = self._run()
        row_scale = numpy.empty((len(X), 1), dtype=numpy.float32)
        binding = session.io_binding()
        binding.bind_cpu_input("A", numpy.ascontiguousarray(X, dtype=numpy.float32))
        binding.bind_output("product", "cpu", 0, numpy.float32, list(out.shape), out.ctypes.data)
        binding.bind_output("row_scale", "cpu", 0, numpy.float32, [len(X), 1], row_scale.ctypes.data)
        session.run_with_iobinding(binding)
        out *= row_scale
        out += self.bias
        return out

    def __repr__(self) -> str:
        return f"Int8Product({self.shape[0]} × {self.shape[1]})"



class Int8StateProduct(_Session):
    """Recurrent states times per-direction weights in 8-bit integers: ``states[d] @ weights[d]`` for states
    (directions × rows × size) within ±1, as an LSTM's hidden states are (:func:`state_product_model`); ``weights``
    float32 (directions × size × out), int8 with one scale per output column of each direction."""

    def __init__(self, weights: numpy.ndarray) -> None:
        super().__init__()
        weights = numpy.asarray(weights, dtype=numpy.float32)
        if weights.ndim != 3:
            raise ValueError(f"Int8StateProduct: weights must be directions × size × out, got {weights.shape}")
        self.shape = weights.shape
        self.weights, self.scale = quantize_columns(weights)

    def _model(self) -> bytes:
        return state_product_model(self.weights, self.scale)

    def into(self, states: numpy.ndarray, out: numpy.ndarray) -> numpy.ndarray:
        """The products for ``states`` (directions × rows × size) written into ``out`` (directions × rows × out,
        C-contiguous float32)."""
        directions, size, columns = self.shape
        rows = states.shape[1]
        _check_out("Int8StateProduct", out, (directions, rows, columns))
        if rows:
            session = self._run()
            binding = session.io_binding()
            binding.bind_cpu_input("H", numpy.ascontiguousarray(states, dtype=numpy.float32))
            binding.bind_output("product", "cpu", 0, numpy.float32, list(out.shape), out.ctypes.data)
            session.run_with_iobinding(binding)
        return out
