"""Corpus input: files, directories, JSONL, WARC and feeds turned into raw documents."""
