"""load(matmul=...): numpy's BLAS in every trained component, the same analysis as with thinc's BLIS."""
from __future__ import annotations

import pytest

import ukrnews_nlp
from ukrnews_nlp.errors import UserError
from ukrnews_nlp.matmul import model_nodes, single_threaded_blas, use_matmul

TEXT = ("Олександр Лукашенко заявив, що росія «готується до миру». «Ми не хочемо війни», — сказав він у Мінську "
        "журналістам Sky News. Верховна Рада ухвалила закон 12 березня 2024 року.")


def _analysis(doc):
    return ([(t.pos_, str(t.morph), t.lemma_, t.head.i, t.dep_) for t in doc],
            [(e.start_char, e.end_char, e.label_) for e in doc.ents])


def test_default_pipeline_multiplies_with_numpy(nlp):
    nodes = list(model_nodes(nlp))
    if not nodes:
        pytest.skip("no trained models shipped")
    assert all(not node.ops.use_blis for node in nodes)


def test_numpy_and_blis_give_the_same_analysis(nlp):
    if not list(model_nodes(nlp)):
        pytest.skip("no trained models shipped")
    blis_nlp = ukrnews_nlp.load(matmul="blis")
    assert all(node.ops.use_blis for node in model_nodes(blis_nlp))
    assert _analysis(nlp(TEXT)) == _analysis(blis_nlp(TEXT))
    # switching back and forth on one pipeline is allowed too
    use_matmul(blis_nlp, "numpy")
    assert _analysis(blis_nlp(TEXT)) == _analysis(nlp(TEXT))


def test_unknown_matmul_backend_is_a_clear_error(rules_nlp):
    with pytest.raises(UserError, match="matmul backend 'mkl'.*numpy, blis"):
        ukrnews_nlp.load(models=False, matmul="mkl")
    with pytest.raises(UserError, match="matmul backend"):
        use_matmul(rules_nlp, "cuda")


def test_single_threaded_blas_limits_numpy_blas():
    from threadpoolctl import threadpool_info

    single_threaded_blas()
    single_threaded_blas()  # idempotent
    blas = [lib for lib in threadpool_info() if lib["user_api"] == "blas"]
    assert blas and all(lib["num_threads"] == 1 for lib in blas)
