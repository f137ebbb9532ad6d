"""Every user-facing error message in one place, and the exceptions that carry them.

Messages are ``str.format`` templates; raise them as ``UserError(Errors.E001.format(path=...))``.
The CLI turns :class:`UserError` into a one-line message and exit code 2 (never a traceback).
"""
from __future__ import annotations


class UserError(Exception):
    """A problem with the caller's input or environment, explained in plain words."""


class ModelError(UserError):
    """A shipped or user-supplied model is missing or cannot be loaded."""


class DataError(UserError):
    """Evaluation or training data is missing or malformed (see ``--data-dir``)."""


class Errors:
    # input
    E001 = "No such file: {path}"
    E002 = "{path} is a directory; pass a file (or '-' for standard input)"
    E003 = ("{path} is not valid UTF-8: byte 0x{byte:02x} at byte offset {offset} (line {line}, column {column}). "
            "Re-encode the file as UTF-8.")
    E004 = "annotate() expects text as str, got {type}"
    E005 = "Unknown output format {fmt!r}; choose one of: {choices}"
    E006 = "meta must be a JSON-serialisable dict, got {type}"
    E007 = "Unknown tokenizer style {style!r}; choose one of: {choices}"
    E008 = "Unknown matmul backend {backend!r}; choose one of: {choices}"
    E010 = ("matmul='int8' needs onnxruntime, which is not installed: `pip install onnxruntime` (a dependency of "
            "ukrnews-nlp), or load(matmul='numpy') for float32 products")
    # models
    E101 = "Model directory {path} does not exist or is not a spaCy pipeline (no config.cfg)"
    E102 = "Components {names} of model {model} clash with components already in the pipeline"
    E103 = "Cannot load model {path}: {reason}"
    E104 = ("Word feature table {path} not found: reinstall the package, or rebuild it with "
            "`python -m ukrnews_nlp.training.word_features --data-dir ../shared/data`")
    E105 = "Malformed word feature table {path}, line {line}: expected UPOS<TAB>lemma<TAB>Feat=Value|…"
    E106 = ("Model {model} reads {attrs} of each token, which no component before it assigns: load it together "
            "with the core model, e.g. ukrnews_nlp.load(models=['core', '{model}'])")
    E107 = "max_chunk_tokens of a ukrnews_tok2vec must be a positive number of tokens, got {value!r}"
    E108 = ("This model reads the core model's token vectors (doc.tensor, {width} numbers a token), but a doc has "
            "{shape} for {tokens} tokens: run the core model's tok2vec before it (ukrnews_nlp.load() does)")
    E109 = ("Model {model} reads static word vectors, but neither its folder nor {path} has them: keep the models "
            "folder whole (the core model's vectors are stored once, with the NER model)")
    E110 = ("Cannot load model {model} from {path}: {missing} is missing (or a broken link), and {reason}")
    E111 = "Models folder {path} has no trained model (core/config.cfg or ner/config.cfg) to compare against"
    E112 = ("Saved syntax keys of a doc, shape {shape}, do not match its {tokens} tokens: rewrite the training corpora "
            "(`ukrnews-nlp train ner`)")
    E113 = ("This model reads the core model's parse, but a doc of {tokens} tokens has none (and no saved syntax "
            "keys): run it after the core model's parser, or write its training corpora with `ukrnews-nlp train ner`")
    E114 = ("Graph parser folder {path} lacks weights.npz or labels.json: keep the core model's folder whole, or "
            "retrain it with `ukrnews-nlp train graph-parser`")
    E115 = "Graph parser {name} has no weights: load it with a core model folder (from_disk) before parsing"
    E116 = ("Graph parser {name} reads the core model's token vectors (doc.tensor), but a doc has none of its "
            "length: run the core model's tok2vec and morphologizer before it (ukrnews_nlp.load() does)")
    # data
    E201 = ("Data directory {path} not found. Pass --data-dir pointing at the shared data folder "
            "(it must contain {expected}).")
    E202 = "Malformed data file {path}, line {line}: {reason}"
    E203 = ("No static vectors in {path} (no vocab/vectors.cfg): pass --vectors with a spaCy pipeline that has "
            "them (models/ner, built by `ukrnews-nlp train ner`) or --no-vectors")
    E204 = "No pretrained tok2vec weights at {path}: run `ukrnews-nlp train pretrain` first (it writes model-last.bin)"
    E205 = ("The core-model tensors saved beside {path} do not match its docs (doc {index}): rewrite the corpora "
            "with `ukrnews-nlp train ner`")
    E206 = "--tree-copies must be a whole number of at least 1, got {value!r}"
    E207 = ("Training the graph parser needs PyTorch (running it does not): pip install torch==2.13.0 (a CPU build), "
            "or pip install -e '.[train-parser]'")
    E208 = ("--features {names}: no training word has a value for it (UD feature names are case-sensitive: "
            "Case, Number, Gender…)")
    E209 = ("Teacher parser {path} reads token vectors of width {width}, the core model gives {core}: teachers must "
            "be trained on the same core model (train graph-parser --no-install --work-dir DIR)")
    E210 = ("--unlabeled, --unlabeled-source and --partial-trees set which sentences the --teachers label: give the "
            "teacher parsers' folders too (--teachers DIR …)")
    E211 = "CoNLL-U file {path} not found (--conllu takes a UD treebank file: .conllu)"
    E212 = "CoNLL-U file {path} has no words to score (no token lines with a whole-number ID)"
    E213 = ("Malformed data file {path}, sentence {sentence} ({sent_id}): word {id} has head {head!r}, expected a "
            "word number of the sentence, 0 or _")
    E214 = "--valid-ids {path}: {count} of its ids are not NER-UK 2.0 DEV documents (first: {first}); none held out"
    E215 = "--valid-ids {path} lists no document ids"
    # tables and notebook views (frames.py, display.py)
    E701 = ("Expected a record (dict with 'text'), a spaCy Doc, or an iterable of them, got {type}. "
            "Make records with ukrnews_nlp.annotate() or ukrnews_nlp.doc_to_record().")
    E702 = "Duplicate document id {id!r}: ids key every table, so they must be unique (pass id= to annotate())"
    # corpus processing (readers, writers, batch runner, stats)
    E601 = ("{path} is a directory with no input files in it (looked for {suffixes}, also compressed "
            ".gz/.bz2/.xz)")
    E602 = "No input files match {pattern}"
    E603 = "{path}: unknown input type; name it {suffixes} or pass --input-format"
    E604 = "--format json writes one record, but the input holds more than one document; use --format jsonl"
    E605 = "--resume needs an output file (-o OUT), not standard output"
    E606 = "--format {fmt} writes several tables: pass -o DIRECTORY"
    E607 = "{what} needs the optional package {package}: pip install 'ukrnews-nlp[{extra}]'"
    E608 = "empty document (no text)"
    E609 = "binary content, not text ({reason})"
    E610 = "document too large: {size:,} characters (the limit is {limit:,}; see --max-chars)"
    E611 = "{path}, line {line}: malformed JSON ({reason})"
    E612 = "{path}, {where}: field {field!r} is missing or not a string (see --text-field)"
    E613 = "annotation failed: {reason}"
    E614 = "{path}, row {line}: malformed CSV row ({reason})"
    E615 = "{path}: cannot read: {reason}"
    E616 = "--{option} must be at least 1, got {value}"
    E617 = "Cannot reach the Dask scheduler {address}: {reason}"
    E618 = "{path}, line {line}: not a record ({reason})"
    E619 = "{path} exists and is not a directory; table formats write a directory of files"
    E620 = "{path} is complete and has no journal to resume from; delete it to start over"
    E622 = "--id names a single document; with several documents ids come from --id-field or the file paths"
    E631 = ("the strings limit (--max-strings) must be a whole number of 0 or more (0: every batch in a memory zone), "
            "got {value!r}")
    # Stanza backend and conversions (pipeline.load(backend="stanza"), interop/stanza.py)
    E801 = ("{what} needs the optional package stanza, which is not installed. Install torch first (the CPU build "
            "is enough: pip install torch --index-url https://download.pytorch.org/whl/cpu), then: "
            "pip install 'ukrnews-nlp[stanza]'")
    E802 = ("No Stanza Ukrainian models in {path} ({reason}). Nothing is downloaded at run time: on a machine with "
            "internet access run  python -c \"import stanza; stanza.download('uk', model_dir='DIR')\"  then copy DIR "
            "here and pass load(backend='stanza', stanza_dir='DIR').")
    E803 = "Cannot load the Stanza Ukrainian pipeline from {path}: {reason}"
    E804 = "Unknown backend {backend!r}; choose one of: {choices}"
    E805 = "stanza_dir is used only with backend='stanza' (got backend={backend!r})"
    E809 = "Unknown parser {parser!r}; choose one of: {choices}"
    E810 = ("parser='transition' needs a core model that keeps spaCy's transition parser, but {path} has none "
            "(its components: {components})")
    E806 = ("Stanza token {token!r} at characters {start}:{end} does not match the text there ({found!r}); "
            "the Stanza document's offsets must refer to its text")
    E807 = ("The Stanza pipeline returned a document whose text is not the text it was given: its offsets must "
            "refer to the input text")
