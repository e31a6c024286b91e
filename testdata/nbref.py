#!/usr/bin/env python3
"""Reference reading of notebooks for hfscan's differential test.

For each .ipynb file in the folder given, reads it with Python's json module
(as nbformat does: NaN and Infinity accepted, the last of duplicate keys
wins, keys decoded) and lists the texts a notebook shows, grouped by
"cell/part/output", the way hfscan's notebook reader is meant to see them:

- a cell's source is its string, or its list of strings joined with
  nothing between them (as Jupyter joins them); nbformat 3 code cells keep
  it in "input";
- an output's texts: stream text and each text-like mime type of "data"
  joined the same way, a traceback's lines joined with newlines, every
  other field's strings; terminal colour codes removed;
- a cell's attachments: each text-like mime type, joined;
- metadata (cell 0 for the notebook): every string of every other field
  that is long enough to hold a secret (16 bytes or more).

The cells are where the notebook's nbformat says: nbformat 3 keeps them in
worksheets. Prints one JSON object: file name -> {group: [texts]}, or
null for a file that is not a notebook by these rules.
"""

import json
import os
import re
import sys

MIN_SECRET_LEN = 16
ANSI = re.compile(r"\x1b(\[[\x20-\x3f]*[\x40-\x7e]?|\][^\x07\x1b]*(\x07|\x1b\\)?|[\s\S])?")
OUTPUT_SKIP = {"output_type", "name", "execution_count", "prompt_number", "png", "jpeg", "gif", "pdf"}


def binary_mime(mime):
    if mime == "image/svg+xml":
        return False
    return (mime.startswith(("image/", "audio/", "video/"))
            or mime in ("application/pdf", "application/octet-stream", "image/pdf"))


def strings(value, out):
    """Every string below value long enough to hold a secret."""
    if isinstance(value, str):
        if len(value.encode("utf-8", "surrogatepass")) >= MIN_SECRET_LEN:
            out.append(value)
    elif isinstance(value, list):
        for v in value:
            strings(v, out)
    elif isinstance(value, dict):
        for v in value.values():
            strings(v, out)


def joined(value, out, sep=""):
    """A string, or a list of strings joined; anything else as strings."""
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        if value:
            out.append(sep.join(value))
    else:
        strings(value, out)


def bundle(value, out):
    if not isinstance(value, dict):
        strings(value, out)
        return
    for mime, v in value.items():
        if not binary_mime(mime):
            joined(v, out)


def output(value, out):
    if not isinstance(value, dict):
        strings(value, out)
        return
    for key, v in value.items():
        if key == "data":
            bundle(v, out)
        elif key == "traceback":
            joined(v, out, "\n")
        elif key not in OUTPUT_SKIP:
            joined(v, out)


def read(nb):
    if not isinstance(nb, dict):
        return None
    version = nb.get("nbformat")
    v3 = isinstance(version, int) and not isinstance(version, bool) and 0 <= version <= 3
    key = "worksheets" if v3 else "cells"
    if not isinstance(nb.get(key), list):
        return None
    groups = {}

    def add(cell, part, index, texts):
        if part == "output":
            texts = [ANSI.sub("", t) for t in texts]
        if texts:
            groups.setdefault("%d/%s/%d" % (cell, part, index), []).extend(texts)

    meta = []
    cells = []
    for k, v in nb.items():
        if k != key:
            strings(v, meta)
        elif not v3:
            cells = v
        else:
            for ws in v:
                if isinstance(ws, dict):
                    for wk, wv in ws.items():
                        if wk == "cells" and isinstance(wv, list):
                            cells = cells + wv
                        else:
                            strings(wv, meta)
                else:
                    strings(ws, meta)
    add(0, "metadata", 0, meta)
    for n, cell in enumerate(cells, 1):
        if not isinstance(cell, dict):
            texts = []
            strings(cell, texts)
            add(n, "metadata", 0, texts)
            continue
        src_key = "source" if "source" in cell else ("input" if "input" in cell else None)
        meta = []
        for k, v in cell.items():
            if k == src_key:
                texts = []
                joined(v, texts)
                add(n, "source", 0, texts)
            elif k == "outputs" and isinstance(v, list):
                for i, o in enumerate(v, 1):
                    texts = []
                    output(o, texts)
                    add(n, "output", i, texts)
            elif k == "attachments" and isinstance(v, dict):
                texts = []
                for a in v.values():
                    bundle(a, texts)
                add(n, "attachment", 0, texts)
            elif k != "cell_type":
                strings(v, meta)
        add(n, "metadata", 0, meta)
    return groups


def main():
    folder = sys.argv[1]
    result = {}
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".ipynb"):
            continue
        with open(os.path.join(folder, name), "rb") as f:
            raw = f.read()
        try:
            nb = json.loads(raw.decode("utf-8"))
        except ValueError:
            result[name] = None
            continue
        result[name] = read(nb)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
