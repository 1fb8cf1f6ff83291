"""The offline engine: taxonomy, fuzzy matching, sentence embeddings and rules."""
