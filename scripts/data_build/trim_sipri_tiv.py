"""One-off, re-runnable trim of the full SIPRI TIV export to the copy kept in data/raw.

Why: SIPRI's fair-use rule caps reproduction at 10 % of a dataset (3,500 units for the
milex database); the course counts SIPRI milex and arms-transfer figures together
against that cap (see data/README.md). The full TIV export (6,893 figures) would
exceed it, so only the window 2017-2021 is kept, for recipients that are European NATO
Allies (as of 2024) or Indo-Pacific partners. Dropped: the United States and Canada as
recipients, and "NATO**" (NATO as a buyer). Rows and cell text are otherwise unchanged.

Usage: python scripts/data_build/trim_sipri_tiv.py RAW_EXPORT_DIR
(RAW_EXPORT_DIR is the folder holding sipri_arms_transfers/; this writes
data/raw/sipri_arms_transfers/sipri_tiv_imports_allies_2017_2021.csv)
"""
import csv
import sys
from pathlib import Path

YEARS = range(2017, 2022)
DROP = {"United States", "Canada", "NATO**"}
OUT = (Path(__file__).resolve().parents[2] / "data" / "raw" / "sipri_arms_transfers"
       / "sipri_tiv_imports_allies_2017_2021.csv")


def main(shared):
    src = Path(shared) / "sipri_arms_transfers" / "sipri_tiv_imports_allies_1950_2021.csv"
    with open(src, newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        rows = [r for r in reader
                if int(r[header.index("year")]) in YEARS and r[header.index("recipient")]
                not in DROP]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    print(f"kept {len(rows)} rows -> {OUT}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: trim_sipri_tiv.py <folder with the full SIPRI trade-register export>")
    main(sys.argv[1])
