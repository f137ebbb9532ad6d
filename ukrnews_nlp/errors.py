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
    # models
    E101 = "Model directory {path} does not exist or is not a spaCy pipeline (no config.cfg)"
    E102 = "Components {names} of model {model} clash with components already in the pipeline"
    E103 = "Cannot load model {path}: {reason}"
    # data
    E201 = ("Data directory {path} not found. Pass --data-dir pointing at the shared data folder "
            "(it must contain {expected}).")
    E202 = "Malformed data file {path}, line {line}: {reason}"
