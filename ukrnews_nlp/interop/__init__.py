"""Conversions between our records and other NLP toolkits' documents.

Each toolkit is an optional extra and is imported only when its converter is used, so ``import ukrnews_nlp``
never pulls it (or torch) in: ``ukrnews_nlp.interop.stanza`` needs ``pip install "ukrnews-nlp[stanza]"``.
"""
