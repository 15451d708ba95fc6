#!/usr/bin/env python3
"""Reference extractor for the extraction benchmark: trafilatura on each .html.gz given.

Prints one JSON object per file ({"input", "text"}) to stdout, in input order, and the
single-threaded pages/s (gunzip + extraction) to stderr, so bench/extraction/run.sh can compare
it with `newswatch extract --format jsonl` in the same run.
Usage: trafilatura_extract.py [--favor-precision] FILE.html.gz...
"""
import gzip
import json
import sys
import time

import trafilatura


def main() -> None:
    args = sys.argv[1:]
    favor_precision = "--favor-precision" in args
    files = [a for a in args if a != "--favor-precision"]
    start = time.perf_counter()
    out = sys.stdout
    for path in files:
        with gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb") as f:
            raw = f.read()
        text = trafilatura.extract(raw, favor_precision=favor_precision) or ""
        out.write(json.dumps({"input": path, "text": text}, ensure_ascii=False) + "\n")
    secs = time.perf_counter() - start
    print(f"trafilatura {trafilatura.__version__}: {len(files)} pages in {secs:.2f}s: "
          f"{len(files) / secs:.1f} pages/s", file=sys.stderr)


if __name__ == "__main__":
    main()
