"""spaCy pipelines: entities (with gazetteers and canonical linking) and attribution
suggestions. Loading a model is slow (about 0.25 s), so callers keep one EntityRecognizer."""
