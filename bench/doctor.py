"""Benchmark: `lrkit doctor` on a 2,000-line script and on a folder of 100 scripts.

The inputs are built from the doctor's own test corpus (tests/doctor/corpus: real training-script
shapes with tqdm bars, helpers, Trainer classes, accelerate, Lightning, notebooks' code):

- one script of at least 2,000 lines: the corpus files' code concatenated, each file's top-level
  names suffixed so that they stay distinct (so it is one big module with many training loops);
- a folder of 100 scripts: corpus files copied (cycled) into a temporary directory.

Each is checked with ``lrkit.doctor.check_paths`` and, beside it in the same run, with the floor
every static checker pays: reading the files and ``ast.parse`` on them. It prints the medians of
several repeats, the ratio doctor / floor, and the goal (< 1 s for the script, < 20 s for the folder).

Run: .venv/bin/python bench/doctor.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import ast
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lrkit.doctor import check_paths

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "doctor" / "corpus"


def big_script(min_lines: int = 2000) -> str:
    parts, n, i = [], 0, 0
    files = sorted(CORPUS.glob("*.py"))
    while n < min_lines:
        src = files[i % len(files)].read_text()
        tree = ast.parse(src)
        names = {s.name for s in tree.body if isinstance(s, (ast.FunctionDef, ast.ClassDef))}
        for name in names:
            src = re.sub(rf"\b{re.escape(name)}\b", f"{name}_{i}", src)
        parts.append(src)
        n += src.count("\n")
        i += 1
    return "\n".join(parts)


def _time(fn, repeats: int) -> float:
    fn()   # warm up (imports, caches)
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _floor(paths: list[Path]) -> None:
    for p in paths:
        ast.parse(p.read_text(encoding="utf-8"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="lrkit-doctor-bench-"))
    try:
        script = tmp / "big_train.py"
        script.write_text(big_script())
        lines = script.read_text().count("\n")
        folder = tmp / "scripts"
        folder.mkdir()
        files = sorted(CORPUS.glob("*.py"))
        for k in range(100):
            shutil.copy(files[k % len(files)], folder / f"s{k:03d}_{files[k % len(files)].name}")
        copied = sorted(folder.glob("*.py"))
        folder_lines = sum(p.read_text().count("\n") for p in copied)
        rows = []
        for label, target, paths, goal in ((f"one script, {lines} lines", script, [script], 1.0),
                                           (f"folder, {len(copied)} scripts, {folder_lines} lines", folder,
                                            copied, 20.0)):
            doctor = _time(lambda: check_paths([target]), args.repeats)
            floor = _time(lambda: _floor(paths), args.repeats)
            rows.append((label, doctor, floor, goal))
        print(f"python {sys.version.split()[0]}, median of {args.repeats} after one warm-up run\n")
        print("| input | lrkit doctor | read + ast.parse (floor) | doctor / floor | goal |")
        print("|---|---:|---:|---:|---:|")
        for label, doctor, floor, goal in rows:
            ok = "met" if doctor < goal else "MISSED"
            print(f"| {label} | {doctor * 1000:.0f} ms | {floor * 1000:.0f} ms | {doctor / floor:.1f}x | "
                  f"< {goal:g} s: {ok} |")
        return 0 if all(d < g for _, d, _, g in rows) else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
