#!/usr/bin/env python3
"""Regenerates inventory/src/main/resources/io/linewatch/inventory/oui/oui.tsv.gz from the IEEE
registration-authority listings that Debian's ieee-data package installs (/usr/share/ieee-data).

Output: one line per assignment, "PREFIX<TAB>ORGANISATION", PREFIX in upper-case hex digits of the
assigned length (6 for MA-L, 7 for MA-M, 9 for MA-S and IAB), sorted, gzip'd with a fixed mtime so the
file only changes when the registry does.

Usage: scripts/gen-oui.py [IEEE_DATA_DIR] [OUTPUT]
"""
import csv
import gzip
import io
import os
import sys

SOURCES = [  # file, registry name, prefix length in hex digits
    ("oui.csv", "MA-L", 6),
    ("mam.csv", "MA-M", 7),
    ("oui36.csv", "MA-S", 9),
    ("iab.csv", "IAB", 9),
]


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/ieee-data"
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
        here, "..", "inventory", "src", "main", "resources", "io", "linewatch", "inventory", "oui",
        "oui.tsv.gz")
    entries = {}
    for name, registry, digits in SOURCES:
        path = os.path.join(src, name)
        if not os.path.exists(path):
            if registry == "MA-L":
                sys.exit("missing " + path + " (apt-get install ieee-data)")
            continue
        with open(path, newline="", encoding="utf-8", errors="replace") as f:
            for row in csv.DictReader(f):
                prefix = row["Assignment"].strip().upper()
                # collapse whitespace; drop the stray trailing commas some registrations carry ("Siemens AG,")
                org = " ".join(row["Organization Name"].split()).rstrip(" ,")
                if len(prefix) != digits or not all(c in "0123456789ABCDEF" for c in prefix) or not org:
                    continue
                entries[prefix] = org
    buf = io.StringIO()
    for prefix in sorted(entries):
        buf.write(prefix + "\t" + entries[prefix].replace("\t", " ") + "\n")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "wb") as raw:
        with gzip.GzipFile(filename="oui.tsv", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
            gz.write(buf.getvalue().encode("utf-8"))
    print("wrote %d prefixes to %s" % (len(entries), out))


if __name__ == "__main__":
    main()
