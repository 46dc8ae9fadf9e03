"""Does find_lr's default call (confirm="auto") leave the quality record's non-sequence cells alone?

For each cell of bench/finder_quality.py's 12-cell record other than the char-LMs (their model is a
sequence model, so their curves are low and confirmed: bench/finder_quality.py reports them), and
seeds 0-2: ``find_lr`` with its defaults; printed: the confidence, whether it made confirming runs
(``probe``), the curve's ``lrkit`` suggestion and the confirmed one (0 when none), the reasons.

Run:  .venv/bin/python bench/finder_record_confirm.py      # ~10 s
"""

import os
import sys
import time
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402

import finder_quality as fq  # noqa: E402
import lrkit  # noqa: E402

torch.set_num_threads(1)
warnings.simplefilter("ignore")
for cell in [c for c in fq.RECORD if not c.startswith("charlm")]:
    for seed in range(3):
        task = fq._task(cell)
        model = task.build_model(seed)
        opt = task.make_optimizer(model)
        t0 = time.perf_counter()
        res = lrkit.find_lr(model, opt, task.train_loader(seed), task.loss_fn, progress=False)
        s = res.suggestions()
        print(cell, seed, f"{time.perf_counter() - t0:.1f}s", res.confidence, "probe" if res.probe else "-",
              f"{s['lrkit']:.3g}", f"{s.get('confirmed', 0):.3g}", [r.split(":")[0] for r in res.confidence_reasons],
              flush=True)
