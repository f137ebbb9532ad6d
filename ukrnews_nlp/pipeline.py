"""``load()``: the default Ukrainian pipeline, assembled from our components and the models shipped in ``models/``.

Order: tokenizer → ``ukrnews_sentences`` → components of ``models/core`` (tok2vec — loaded as ``ukrnews_tok2vec``,
run in chunks, its first layer fused with its embedding tables —, morphologizer — loaded as
``ukrnews_morphologizer``, which checks its decision against the dictionary —, parser — loaded as
``ukrnews_parser``, its greedy loop stepped over numpy —, trainable_lemmatizer — loaded as
``ukrnews_trainable_lemmatizer``, scoring only words the dictionary lacks) → ``ukrnews_punct_heads`` →
``ukrnews_case_roles`` → ``ukrnews_copula_agreement`` → ``ukrnews_lemmatizer`` → ``ukrnews_word_features`` →
``ukrnews_predicatives`` → ``ukrnews_dative_objects`` → components of
``models/ner`` (ner_tok2vec — ``ukrnews_tok2vec`` —, ner — loaded as ``ukrnews_ner``, decoded sentence-parallel) →
``ukrnews_entity_rules`` → ``ukrnews_entity_normalizer`` → ``ukrnews_name_tokens`` → ``ukrnews_quotes`` →
``ukrnews_whitespace``. Both models
read one floret table, memoized per word. A missing model is simply left out (the rule components degrade
gracefully), so the package works, more coarsely, before any model is trained. Nothing touches the network.

``load(backend="stanza")``: a local Stanza ``uk`` pipeline does the tokenization, sentences, tagging, lemmas,
parsing and NER (``ukrnews_nlp.interop.stanza``), followed by the rule components that build on NER.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.vocab import Vocab

from .errors import Errors, ModelError, UserError

#: Environment variable that points ``load()`` at another models folder.
MODELS_ENV = "UKRNEWS_NLP_MODELS"
#: ``nlp.pipe``'s default documents per batch for a loaded pipeline (spaCy's is 1,000: with news texts its
#: network arrays take gigabytes, and bigger batches are no faster).
DEFAULT_BATCH_SIZE = 64
#: Trained models in pipeline order, each followed by the rule components that build on it.
MODEL_SEQUENCE: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("core", ("ukrnews_punct_heads", "ukrnews_case_roles", "ukrnews_copula_agreement", "ukrnews_lemmatizer",
              "ukrnews_word_features", "ukrnews_predicatives", "ukrnews_dative_objects")),
    ("ner", ("ukrnews_entity_rules", "ukrnews_entity_normalizer", "ukrnews_name_tokens", "ukrnews_quotes")),
)
#: The trained model whose folder holds the static vectors (floret table) that every trained model reads.
VECTORS_MODEL = "ner"
#: The component that marks whitespace tokens; last in the pipeline (:func:`add_before_whitespace`).
WHITESPACE_COMPONENT = "ukrnews_whitespace"
#: Components that assign annotation to a few tokens only (whitespace tokens; the words of lower-case person names
#: the NER model found): no model's input comes from them.
PARTIAL_ANNOTATORS = frozenset({WHITESPACE_COMPONENT, "ukrnews_name_tokens"})
#: Where the analysis comes from: our tokenizer and models, or a local Stanza pipeline.
BACKENDS = ("spacy", "stanza")
#: Dependency parsers a core model may hold: ``graph`` (``ukrnews_graph_parser``: BiLSTM and biaffine scores over
#: whole sentences, the default where the model has it) and ``transition`` (spaCy's transition parser, kept in the
#: folder disabled: faster, less accurate; see models/core/README.md).
PARSERS = ("graph", "transition")
#: Stanza provides everything up to NER; these rule components run on top of it (not the entity rules nor the name
#: words: they correct the errors of our own NER model and tagger, measured on their output).
STANZA_COMPONENTS: tuple[str, ...] = tuple(c for c in dict(MODEL_SEQUENCE)["ner"]
                                           if c not in ("ukrnews_entity_rules", "ukrnews_name_tokens"))


def default_models_dir() -> Path:
    """``$UKRNEWS_NLP_MODELS``, else the copy inside an installed wheel, else the source tree's ``models/``."""
    if os.environ.get(MODELS_ENV):
        return Path(os.environ[MODELS_ENV])
    packaged = Path(__file__).parent / "_models"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parent.parent / "models"


def register_components() -> None:
    """Register every ukrnews component factory with spaCy (``load()`` does it), e.g. before
    ``spacy.load("models/core")``, whose config names ``ukrnews_tok2vec``, ``ukrnews_morphologizer``,
    ``ukrnews_parser`` and ``ukrnews_trainable_lemmatizer``."""
    # Importing the modules registers their factories with spaCy.
    from . import (  # noqa: F401
        case_roles,
        copula_agreement,
        dative_objects,
        entities,
        entity_rules,
        graph_parser,
        lemma_fallback,
        morphology,
        name_tokens,
        ner_decoder,
        parser_decoder,
        predicatives,
        punctuation,
        sentences,
        syntax_features,
        tagging,
        tensor_features,
        tok2vec_chunks,
        whitespace,
        word_features,
    )
    from .quotes import component  # noqa: F401


#: Token attributes a trained model may embed (``attrs`` of its tok2vec) → what a component must assign first.
ANALYSIS_ASSIGNED_BY = {"POS": "token.pos", "MORPH": "token.morph", "LEMMA": "token.lemma", "TAG": "token.tag",
                        "DEP": "token.dep", "TENSOR": "doc.tensor", "SYNTAX": "token.dep"}
#: Embedding architectures that read ``doc.tensor`` (the core model's token vectors: "TENSOR" above).
TENSOR_ARCHITECTURES = frozenset({"ukrnews.MultiHashEmbedWithTensor.v1"})
#: Embedding architectures that read the parse (``ukrnews_nlp.syntax_features``: "SYNTAX" above).
SYNTAX_ARCHITECTURES = frozenset({"ukrnews.MultiHashEmbedWithSyntax.v1"})


def _component_blocks(config: dict) -> Iterator[dict]:
    """Every block (nested dict) of a pipeline config's ``[components]``."""
    stack: list[Any] = [config.get("components", {})]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            yield node
            stack.extend(node.values())


def analysis_inputs(config: dict) -> set[str]:
    """The token annotations (``POS``, ``MORPH``…) that the embedding layers of a pipeline config read."""
    found: set[str] = set()
    for node in _component_blocks(config):
        attrs = node.get("attrs")
        if isinstance(attrs, list | tuple):
            found.update(a.upper() for a in attrs if isinstance(a, str) and a.upper() in ANALYSIS_ASSIGNED_BY)
        if node.get("@architectures") in TENSOR_ARCHITECTURES:
            found.add("TENSOR")
        if node.get("@architectures") in SYNTAX_ARCHITECTURES:
            found.add("SYNTAX")
    return found


def reads_static_vectors(config: dict) -> bool:
    """Whether an embedding layer of a pipeline config reads the vocab's static vectors."""
    return any(node.get("include_static_vectors") is True for node in _component_blocks(config))


def load_shared_vectors(vocab: Vocab, models_dir: Path) -> None:
    """Put the floret table of ``models_dir/VECTORS_MODEL`` into ``vocab`` unless it has a table already.

    Both trained models read the same table; only the NER model's folder keeps it (the core model's export leaves
    it out: 8 MB once, not twice), so the core model needs it loaded first."""
    folder = models_dir / VECTORS_MODEL / "vocab"
    if vocab.vectors.shape[0] == 0 and (folder / "vectors.cfg").is_file():
        vocab.vectors.from_disk(folder, exclude=["strings"])


def add_before_whitespace(nlp: Language, factory_name: str, **kwargs: Any) -> None:
    """``nlp.add_pipe`` that keeps ``ukrnews_whitespace`` last when it is there: the components that come after it
    would otherwise read its labels of whitespace tokens, which the models were not trained on."""
    if WHITESPACE_COMPONENT in nlp.pipe_names:
        kwargs["before"] = WHITESPACE_COMPONENT
    nlp.add_pipe(factory_name, **kwargs)


def load_trained_model(path: Path, vocab: Vocab, *, name: str = "core") -> Language:
    """The trained pipeline at ``path`` (without its tokenizer) on ``vocab``, with the static vectors it reads:
    those of its own folder or, where its export left them out, the shared table of ``VECTORS_MODEL``
    (:func:`load_shared_vectors`). Missing, broken or vector-less models raise :class:`ModelError`."""
    if not (path / "config.cfg").is_file():
        raise ModelError(Errors.E101.format(path=path))
    register_components()  # the model's config names our components
    load_shared_vectors(vocab, path.parent)
    try:
        trained = spacy.load(path, vocab=vocab, exclude=["tokenizer"])
    except Exception as exc:  # a corrupt or incompatible model: say which one
        raise ModelError(Errors.E103.format(path=path, reason=exc)) from exc
    if reads_static_vectors(trained.config) and vocab.vectors.shape[0] == 0:
        raise ModelError(Errors.E109.format(model=name, path=path.parent / VECTORS_MODEL / "vocab"))
    return trained


def choose_parser(trained: Language, parser: str, path: Path) -> None:
    """Enable the dependency parser ``parser`` (:data:`PARSERS`) of a trained core pipeline and disable the other.

    ``graph`` keeps the model's own choice (its graph parser where it has one, otherwise its transition parser);
    ``transition`` enables spaCy's parser, which a core model with a graph parser keeps disabled."""
    if parser not in PARSERS:
        raise UserError(Errors.E809.format(parser=parser, choices=", ".join(PARSERS)))
    if parser == "graph":
        return
    if "parser" not in trained.component_names:
        raise ModelError(Errors.E810.format(path=path, components=", ".join(trained.component_names)))
    if "parser" in trained.disabled:
        trained.enable_pipe("parser")
    if "graph_parser" in trained.pipe_names:
        trained.disable_pipe("graph_parser")


def add_trained_model(nlp: Language, name: str, path: Path, *, parser: str = "graph") -> None:
    """Add every enabled component of the trained pipeline at ``path`` to ``nlp``, sharing its vocab (for the core
    model, with the dependency parser ``parser``: :func:`choose_parser`).

    A model that embeds the analysis of an earlier one (the NER model reads the core model's UPOS and
    morphology) is refused when nothing in ``nlp`` assigns it, rather than running on empty features.
    """
    trained = load_trained_model(path, nlp.vocab, name=name)
    if name == "core":
        choose_parser(trained, parser, path)
    clash = set(trained.pipe_names) & set(nlp.pipe_names)
    if clash:
        raise ModelError(Errors.E102.format(names=sorted(clash), model=name))
    for component in trained.pipe_names:
        add_before_whitespace(nlp, component, source=trained)
    nlp.meta.setdefault("ukrnews_models", {})[name] = {
        "path": str(path), "version": trained.meta.get("version"), "components": trained.pipe_names,
        "reads": sorted(analysis_inputs(trained.config))}
    check_model_inputs(nlp)


def check_model_inputs(nlp: Language) -> None:
    """Raise :class:`ModelError` if a trained model in ``nlp`` reads token annotation (``POS``, ``MORPH``…) that
    no component before it assigns (its model was not loaded, or was excluded)."""
    for name, info in nlp.meta.get("ukrnews_models", {}).items():
        components = [c for c in info.get("components", ()) if c in nlp.pipe_names]
        if not info.get("reads") or not components:
            continue
        before = nlp.pipe_names[:nlp.pipe_names.index(components[0])]
        assigned = {a for pipe in before if pipe not in PARTIAL_ANNOTATORS for a in nlp.get_pipe_meta(pipe).assigns}
        missing = [a for a in info["reads"] if ANALYSIS_ASSIGNED_BY[a] not in assigned]
        if missing:
            raise ModelError(Errors.E106.format(model=name, attrs=", ".join(missing)))


def load(*, models: bool | Iterable[str] = True, models_dir: str | Path | None = None,
         exclude: Iterable[str] = (), tokenizer_style: str = "ud", backend: str = "spacy",
         stanza_dir: str | Path | None = None, matmul: str = "int8", parser: str = "graph") -> Language:
    """Build the default pipeline.

    models: True for every shipped model, False for none, or names such as ``["core"]``.
    models_dir: folder holding ``core/`` and ``ner/`` (default: :func:`default_models_dir`).
    exclude: names of components to leave out (e.g. ``["ukrnews_quotes"]``).
    tokenizer_style: ``"ud"`` (UD Ukrainian-IU conventions, which the models are trained on) or ``"news"``
        (numbers, hyphenated compounds and abbreviations with their period kept whole).
    backend: ``"spacy"`` (our tokenizer and models; ``models``, ``models_dir`` and ``tokenizer_style`` apply to
        it) or ``"stanza"`` (a local Stanza ``uk`` pipeline; needs ``pip install "ukrnews-nlp[stanza]"``).
    stanza_dir: the folder Stanza's Ukrainian models were downloaded to (default: Stanza's own).
    matmul: ``"int8"`` (numpy's BLAS, the large products in 8-bit integers: about 1.3× faster again, figures
        within a few hundredths), ``"numpy"`` (numpy's BLAS, all float32: 1.4–1.7× faster than thinc's default,
        same results) or ``"blis"`` (thinc's default); see :mod:`ukrnews_nlp.matmul`.
    parser: ``"graph"`` (the core model's graph parser: the more accurate) or ``"transition"`` (spaCy's
        transition parser, also kept in the core model: faster); see :data:`PARSERS`.
    """
    from .matmul import matmul_ops
    from .tokenizer import create_tokenizer

    matmul_ops(matmul)  # a wrong choice fails here, before anything is loaded
    if parser not in PARSERS:
        raise UserError(Errors.E809.format(parser=parser, choices=", ".join(PARSERS)))
    if backend not in BACKENDS:
        raise UserError(Errors.E804.format(backend=backend, choices=", ".join(BACKENDS)))
    if backend == "stanza":
        from .interop.stanza import load_stanza_pipeline

        return stanza_language(load_stanza_pipeline(stanza_dir), exclude=exclude)
    if stanza_dir is not None:
        raise UserError(Errors.E805.format(backend=backend))
    register_components()
    wanted = {name for name, _ in MODEL_SEQUENCE} if models is True else set(models or ())
    root = Path(models_dir) if models_dir is not None else default_models_dir()
    excluded = set(exclude)

    nlp = spacy.blank("uk")
    nlp.tokenizer = create_tokenizer(nlp, style=tokenizer_style)
    if "ukrnews_sentences" not in excluded:
        nlp.add_pipe("ukrnews_sentences")
    skipped: list[str] = []  # models=True: shipped models absent from this folder are left out
    for model_name, followers in MODEL_SEQUENCE:
        path = root / model_name
        if model_name in wanted and (path.exists() or models is not True):
            try:
                add_trained_model(nlp, model_name, path, parser=parser)
            except ModelError as error:
                if not skipped:
                    raise
                # e.g. a folder whose core/ is missing (or a broken link): say so, not only what the NER lacks
                raise ModelError(Errors.E110.format(model=model_name, missing=", ".join(skipped), path=root,
                                                   reason=error)) from error
        elif model_name in wanted:
            skipped.append(str(path))
        for component in followers:
            if component not in excluded:
                nlp.add_pipe(component)
    if WHITESPACE_COMPONENT not in excluded:
        nlp.add_pipe(WHITESPACE_COMPONENT)  # last: the models read the labels they were trained with
    for name in excluded & set(nlp.pipe_names):
        nlp.remove_pipe(name)
    check_model_inputs(nlp)  # e.g. exclude=["morphologizer"] would leave the NER model without its inputs
    nlp.batch_size = DEFAULT_BATCH_SIZE  # spaCy's 1,000 documents a batch: GBs of network arrays for news texts
    prepare_for_prediction(nlp, matmul=matmul)
    return nlp


def prepare_for_prediction(nlp: Language, *, matmul: str = "int8") -> Language:
    """What ``load()`` does to a pipeline once its components are in place (call it again after adding a trained
    model to a loaded pipeline): the prediction-only forms of the trained components, and ``matmul``."""
    from .embed_fusion import fuse_embeddings
    from .lemma_fallback import set_dictionary_gaps_only
    from .matmul import use_matmul
    from .vector_cache import cache_vectors
    from .worker_gc import freeze_if_tuned

    set_dictionary_gaps_only(nlp)  # the edit-tree lemmatizer scores only what the dictionary cannot lemmatize
    cache_vectors(nlp)  # the core and NER tok2vecs read one floret table: compute each word's vector once
    fuse_embeddings(nlp)  # the tok2vecs' embedding tables premultiplied by their first layer's weights
    use_matmul(nlp, matmul)
    freeze_if_tuned()  # a corpus process: the pipeline's objects join the frozen ones (ukrnews_nlp.worker_gc)
    return nlp


def stanza_language(stanza_pipeline: Callable[[str], Any], *, exclude: Iterable[str] = ()) -> Language:
    """A pipeline whose analysis comes from ``stanza_pipeline`` (a ``stanza.Pipeline`` you have loaded, or any
    callable from text to a ``stanza.Document``), with :data:`STANZA_COMPONENTS` on top; what
    ``load(backend="stanza")`` returns."""
    from .interop.stanza import StanzaTokenizer
    from .tokenizer import _set_norm_getter

    register_components()
    excluded = set(exclude)
    nlp = spacy.blank("uk")
    _set_norm_getter(nlp)  # token.norm_ as with our tokenizer: the rule components look words up by it
    nlp.tokenizer = StanzaTokenizer(nlp.vocab, stanza_pipeline)
    for component in STANZA_COMPONENTS:
        if component not in excluded:
            nlp.add_pipe(component)
    nlp.meta["ukrnews_models"] = {"stanza": {"path": getattr(stanza_pipeline, "dir", None)}}
    return nlp
