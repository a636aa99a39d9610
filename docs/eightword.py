"""Report runs of 8+ consecutive words shared between files and the source seeds (helper for content writers)."""

import re
import sys
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
N = 8


def words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+(?:['’][^\W_]+)?", text.lower())


def grams(ws: list[str]) -> set[tuple[str, ...]]:
    return {tuple(ws[i : i + N]) for i in range(len(ws) - N + 1)}


seed = set()
for f in sorted(SEEDS.glob("*.txt")):
    seed |= grams(words(f.read_text(encoding="utf-8")))
bad = 0
for name in sys.argv[1:]:
    ws = words(Path(name).read_text(encoding="utf-8"))
    for i in range(len(ws) - N + 1):
        if tuple(ws[i : i + N]) in seed:
            print(f"{name}: copied run: {' '.join(ws[i:i+N])}")
            bad += 1
print("8-word check:", "clean" if not bad else f"{bad} hit(s)")
