"""Builds `onet.json.gz`, the compact O*NET taxonomy the local engine ships with.

Run once when the O*NET release changes (the site never reads the source files):

    python -m careercopilot.ai.data.build_onet PATH/TO/onet/

It keeps, from the O*NET 29.2 database: every technology example with its commodity
title, its Hot Technology / In Demand flags and how many occupations list it; every
occupation's title and job zone; and the alternate job titles mapped to occupations.
"""

from __future__ import annotations

import csv
import gzip
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ATTRIBUTION = (
    "This product includes information from the O*NET 29.2 Database by the U.S. Department "
    "of Labor, Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 "
    "license. O*NET(R) is a trademark of USDOL/ETA. Derived file: selected columns of "
    "Technology_Skills, Occupation_Data, Alternate_Titles and Job_Zones, reorganised "
    "for lookup by Career Copilot."
)
OUT = Path(__file__).with_name("onet.json.gz")


def read_rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def build(folder: Path) -> dict:
    tech_rows = read_rows(folder, "Technology_Skills.txt")
    occupations_per_tech: dict[str, set[str]] = defaultdict(set)
    commodity: dict[str, str] = {}
    flags: Counter[str] = Counter()
    for row in tech_rows:
        name = row["Example"].strip()
        occupations_per_tech[name].add(row["O*NET-SOC Code"])
        commodity.setdefault(name, row["Commodity Title"].strip())
        flag = (row["Hot Technology"] == "Y") | ((row["In Demand"] == "Y") << 1)
        flags[name] |= flag
    technologies = sorted(
        [name, commodity[name], flags[name], len(codes)]
        for name, codes in occupations_per_tech.items()
    )
    zones = {r["O*NET-SOC Code"]: int(r["Job Zone"]) for r in read_rows(folder, "Job_Zones.txt")}
    occupations: dict[str, tuple[str, int]] = {
        r["O*NET-SOC Code"]: (r["Title"].strip(), zones.get(r["O*NET-SOC Code"], 0))
        for r in read_rows(folder, "Occupation_Data.txt")
    }
    titles: dict[str, str] = {}
    for code, (title, _zone) in occupations.items():
        titles.setdefault(title.lower(), code)
    for row in read_rows(folder, "Alternate_Titles.txt"):
        for key in ("Alternate Title", "Short Title"):
            value = row[key].strip()
            if value and value != "n/a" and len(value) <= 60:
                titles.setdefault(value.lower(), row["O*NET-SOC Code"])
    return {
        "attribution": ATTRIBUTION,
        "technologies": technologies,
        "occupations": occupations,
        "titles": sorted(titles.items()),
    }


def main() -> None:
    folder = Path(sys.argv[1])
    data = build(folder)
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    OUT.write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))
    print(
        f"{OUT}: {len(data['technologies'])} technologies, {len(data['occupations'])} "
        f"occupations, {len(data['titles'])} titles, {OUT.stat().st_size // 1024} KB"
    )


if __name__ == "__main__":
    main()
