"""Relevance harness: how well Vindplaats ranks, measured on real data against plain baselines.

`python -m bench.relevance` prepares three evaluation sets from ../shared/corpus (knowledge
questions, known-item title searches, subject searches), indexes exactly the same documents in
Vindplaats and in three untuned baselines (tantivy with a plain tokenizer, SQLite FTS5, PostgreSQL
full-text search with the `dutch` configuration), runs the same queries everywhere and prints one
table. Prepared data and indexes are cached under bench/out/ so repeated runs are fast.
"""
