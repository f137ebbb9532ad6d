"""load(matmul=...): numpy's BLAS in every trained component, the same analysis as with thinc's BLIS; the default
``int8`` multiplies the large products in 8-bit integers, with nearly the same analysis."""
from __future__ import annotations

import pytest
from spacy.language import Language

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
    numpy_nlp = ukrnews_nlp.load(matmul="numpy")
    blis_nlp = ukrnews_nlp.load(matmul="blis")
    assert all(node.ops.use_blis for node in model_nodes(blis_nlp))
    assert _analysis(numpy_nlp(TEXT)) == _analysis(blis_nlp(TEXT))
    # switching back and forth on one pipeline is allowed too
    use_matmul(blis_nlp, "numpy")
    assert _analysis(blis_nlp(TEXT)) == _analysis(numpy_nlp(TEXT))


def test_int8_products_give_nearly_the_float_analysis(nlp):
    """The default (8-bit products) against float32 on news text: the same entities, nearly every tag and head."""
    if not list(model_nodes(nlp)):
        pytest.skip("no trained models shipped")
    numpy_nlp = ukrnews_nlp.load(matmul="numpy")
    texts = [TEXT, TEXT.lower(), "У понеділок прем'єр-міністр Денис Шмигаль провів нараду з головами обласних "
             "військових адміністрацій. За його словами, уряд виділить 1,5 млрд гривень на відновлення."]
    int8_rows = [row for text in texts for row in _analysis(nlp(text))[0]]
    float_rows = [row for text in texts for row in _analysis(numpy_nlp(text))[0]]
    same = sum(a == b for a, b in zip(int8_rows, float_rows, strict=True))
    assert same >= 0.95 * len(float_rows)
    assert _analysis(nlp(TEXT))[1] == _analysis(numpy_nlp(TEXT))[1]
    # and back: the same pipeline in float32 gives the float analysis exactly
    use_matmul(nlp, "numpy")
    try:
        assert _analysis(nlp(TEXT)) == _analysis(numpy_nlp(TEXT))
    finally:
        use_matmul(nlp, "int8")


def test_use_matmul_switches_the_components_that_multiply_in_int8():
    calls = []

    class Component:
        def __call__(self, doc):
            return doc

        def set_int8(self, on):
            calls.append(on)

    Language.factory("ukrnews_test_int8_component", func=lambda nlp, name: Component())

    nlp = ukrnews_nlp.load(models=False)
    nlp.add_pipe("ukrnews_test_int8_component")
    use_matmul(nlp, "int8")
    use_matmul(nlp, "numpy")
    assert calls == [True, False]


def test_int8_without_onnxruntime_is_a_clear_error(monkeypatch, nlp):
    import ukrnews_nlp.int8_matmul as int8_matmul

    monkeypatch.setattr(int8_matmul, "int8_available", lambda: False)
    assert ukrnews_nlp.load(models=False).pipe_names  # the rules alone do not need it
    if not list(model_nodes(nlp)):
        pytest.skip("no trained models shipped")
    with pytest.raises(UserError, match="needs onnxruntime.*matmul='numpy'"):
        ukrnews_nlp.load(matmul="int8")
    assert ukrnews_nlp.load(models=["core"], matmul="numpy").pipe_names


def test_unknown_matmul_backend_is_a_clear_error(rules_nlp):
    with pytest.raises(UserError, match="matmul backend 'mkl'.*int8, numpy, blis"):
        ukrnews_nlp.load(models=False, matmul="mkl")
    with pytest.raises(UserError, match="matmul backend"):
        use_matmul(rules_nlp, "cuda")


def test_single_threaded_blas_limits_numpy_blas():
    from threadpoolctl import threadpool_info

    single_threaded_blas()
    single_threaded_blas()  # idempotent
    blas = [lib for lib in threadpool_info() if lib["user_api"] == "blas"]
    assert blas and all(lib["num_threads"] == 1 for lib in blas)


def test_evaluation_pipelines_run_as_load_gives_them(nlp):
    """``evaluate ner`` adds the NER model to a loaded core: it gets the same prediction forms and products."""
    if "ner_tok2vec" not in nlp.pipe_names:
        pytest.skip("no NER model shipped")
    from ukrnews_nlp.evaluation.ner import build_pipeline
    from ukrnews_nlp.pipeline import default_models_dir

    evaluated = build_pipeline(default_models_dir() / "ner")
    for name in ("tok2vec", "ner_tok2vec"):
        assert evaluated.get_pipe(name)._fused is not None and evaluated.get_pipe(name)._int8
    float_evaluated = build_pipeline(default_models_dir() / "ner", matmul="numpy")
    assert not float_evaluated.get_pipe("ner_tok2vec")._int8
