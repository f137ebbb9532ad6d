"""Direct and indirect quotes in Ukrainian news, attributed to canonical speaker names.

Importing this package registers the ``ukrnews_quotes`` spaCy factory and the ``Doc._.quotes`` /
``Doc._.speakers`` extensions.
"""
from .component import Quote, QuoteAttributor, Speaker, SpeakerRef, extract_quotes, make_quote_attributor

__all__ = ["Quote", "QuoteAttributor", "Speaker", "SpeakerRef", "extract_quotes", "make_quote_attributor"]
