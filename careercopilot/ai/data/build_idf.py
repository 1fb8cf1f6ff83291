"""Builds `idf.json.gz`: how common each word stem is across occupations, for weighting
the words two documents share (a shared "Kubernetes" counts more than a shared "manage").

Run once when the O*NET release changes (the site never reads the source files):

    python -m careercopilot.ai.data.build_idf PATH/TO/onet/

One document per O*NET occupation: its title, description, alternate titles and the names
of the technologies it lists. The file keeps each stem's document frequency (`frequency`),
and, in `plain`, the document frequency of each lower-case word over the titles and
descriptions alone: the ordinary words of work, which the skill matcher never takes for a
product name ("employee", "air", "act").
"""

from __future__ import annotations

import gzip
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

from careercopilot.ai.data.build_onet import read_rows
from careercopilot.ai.local.text import stems, words

ATTRIBUTION = (
    "This product includes information from the O*NET 29.2 Database by the U.S. Department "
    "of Labor, Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 "
    "license. O*NET(R) is a trademark of USDOL/ETA. Derived file: document frequencies of "
    "word stems over Occupation_Data, Alternate_Titles and Technology_Skills, one document "
    "per occupation, computed by Career Copilot."
)
OUT = Path(__file__).with_name("idf.json.gz")


def build(folder: Path) -> dict:
    documents: dict[str, list[str]] = defaultdict(list)
    for row in read_rows(folder, "Occupation_Data.txt"):
        documents[row["O*NET-SOC Code"]] += [row["Title"], row["Description"]]
    for row in read_rows(folder, "Alternate_Titles.txt"):
        documents[row["O*NET-SOC Code"]].append(row["Alternate Title"])
    plain: Counter[str] = Counter()
    for parts in documents.values():
        plain.update(set(words("\n".join(parts))))
    for row in read_rows(folder, "Technology_Skills.txt"):
        documents[row["O*NET-SOC Code"]].append(row["Example"])
    frequency: Counter[str] = Counter()
    for parts in documents.values():
        frequency.update(stems("\n".join(parts)))
    return {
        "attribution": ATTRIBUTION,
        "documents": len(documents),
        "frequency": dict(sorted(frequency.items())),
        "plain": {word: n for word, n in sorted(plain.items()) if n >= 2},
    }


def main() -> None:
    data = build(Path(sys.argv[1]))
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    OUT.write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))
    print(
        f"{OUT}: {data['documents']} documents, {len(data['frequency'])} stems, "
        f"{OUT.stat().st_size // 1024} KB"
    )


if __name__ == "__main__":
    main()
