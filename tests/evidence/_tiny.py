"""A tiny claim on digits-mlp (2-3 epochs, 2 seeds) for the evidence tests; ``python _tiny.py DB`` measures it."""

import sys

from lrkit.experiments.evidence_claims import Claim, Setting

SETTING = Setting("digits-mlp", epochs=2, lrs=(0.1, 0.3), seeds=2, select_seeds=(100,))
TINY = Claim("tiny-gain", "Cosine beats constant (tiny)", "Cosine beats a constant LR.",
             claim=("cosine",), base=("constant",), settings=(SETTING,), measured="a tiny test study")
OTHER = Claim("tiny-step", "Step decay matches cosine (tiny)", "Step decay matches cosine.",
              claim=("multistep([50%], gamma=0.1)",), base=("cosine",), kind="equivalent", margin=1.0,
              settings=(Setting("digits-mlp", epochs=2, fixed_lr=0.1, seeds=2),), measured="a tiny test study")
SLOW = Claim("tiny-slow", "Cosine beats constant (4 epochs)", "Cosine beats a constant LR.",
             claim=("cosine",), base=("constant",), measured="a tiny test study",
             settings=(Setting("digits-mlp", epochs=4, lrs=(0.03, 0.1, 0.3), seeds=3, select_seeds=(100,)),))

if __name__ == "__main__":
    import torch

    from lrkit.experiments.evidence import measure

    torch.set_num_threads(1)
    r = measure(SLOW, sys.argv[1])
    s = r.settings[0]
    print("DONE", r.verdict, s.claim_label, s.base_label, repr(s.effect), repr(s.low), flush=True)
