"""Index the corpus in Chroma and search it: references first, then hybrid dense + BM25."""
