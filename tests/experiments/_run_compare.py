"""Run a toy comparison in its own process (tests kill it, or run two at once on one storage).

usage: python _run_compare.py STORAGE STUDY WORKERS SEEDS SPEC...
"""

import sys

import lrkit as lk

import _toy

if __name__ == "__main__":
    storage, study, workers, seeds, *specs = sys.argv[1:]
    res = lk.compare(_toy.train, specs, seeds=int(seeds), metric="val_loss", storage=storage, study_name=study,
                     workers=int(workers), progress=False)
    print("DONE", len(res.runs), flush=True)
