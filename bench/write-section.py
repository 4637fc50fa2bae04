#!/usr/bin/env python3
"""Writes one benchmark's section into docs/benchmarks.md (shared by the bench/*/run.sh scripts).

usage: write-section.py NAME DOC SECTION_FILE [NOTES_FILE]

The section file starts with "<!-- NAME:begin -->". The notes file (the benchmark's hand-written NOTES.md), when
it exists, is appended after a blank line, then "<!-- NAME:end -->". The text between the markers in DOC is
replaced, or the section is appended when DOC has none yet (DOC is created when missing).
"""
import pathlib
import re
import sys

if len(sys.argv) not in (4, 5):
    sys.exit(__doc__)
name, doc, section_file = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
notes = pathlib.Path(sys.argv[4]) if len(sys.argv) == 5 else None
begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"

section = section_file.read_text().rstrip("\n") + "\n"
if not section.startswith(begin):
    sys.exit(f"{section_file} must start with {begin}")
if notes is not None and notes.exists():
    section += "\n" + notes.read_text().rstrip() + "\n"
section += end + "\n"

text = doc.read_text() if doc.exists() else "# Benchmarks\n"
pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end) + r"\n?", re.S)
text = pattern.sub(lambda _: section, text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section
doc.write_text(text)
