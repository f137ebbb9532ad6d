"""Corpus converters and ``ukrnews-nlp train`` commands (never imported at run time of the pipeline)."""
