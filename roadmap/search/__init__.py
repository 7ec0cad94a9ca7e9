"""Framework search: ranked, stemmed, with highlighted snippets, the same on every database.

- text.py: words, stems (Snowball) and stop words of each language, Thai letter pairs;
- index.py: the index and its ranking (BM25F over weighted fields);
- snippets.py: highlighted titles and snippets;
- documents.py: what is searched (indicators, sections, instruments, legal references, guides);
- service.py: an edition's index, cached, and search();
- signals.py: a new Edition.content_version whenever searched content changes.

text.py, index.py and snippets.py are pure Python without Django, and this file imports
nothing, so they can be used and tested on their own. Ranking happens in Python, not in the
database, so SQLite and PostgreSQL give the same results.
"""
