"""ukrnews-nlp: Ukrainian news text to annotated documents."""
__version__ = "0.1.0"
