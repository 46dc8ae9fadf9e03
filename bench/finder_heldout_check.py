"""A held-out check of find_lr's default call on three small tasks written after the finder's change of issue 16
was fixed, and run once, without any change after (not tuned on).

- ``bc``: scikit-learn's breast-cancer data (400 training rows standardized, 169 validation), MLP 30-64-2,
  AdamW (wd 1e-2), batch 32, 200 steps: small data (the sweep goes over it ~8 times);
- ``conv1d``: 4-class noisy sine signals (frequencies 3/5/7/9, random phase, noise 0.8; 3,000 training,
  500 validation), two Conv1d+BatchNorm layers, AdamW, batch 64, 300 steps;
- ``lstm``: sequence classification (20 steps x 8 features; the label is the sign of a running sum of one
  feature plus the last steps of another; 2,000 / 500), LSTM(8, 32) + linear head, SGD (momentum 0.9, wd 5e-4),
  batch 64, 300 steps: a sequence model, so its curve is low and find_lr confirms it.

For each: a grid of 9 log-spaced constant LRs x seeds 0-1 (grid-best = best mean validation accuracy), then per
seed ``find_lr`` with its defaults on a fresh model; the default call ``suggest()`` and the curve's rule
``suggestions()["lrkit"]`` are trained with the same budget and seed. Printed: LR / grid-best and metric /
grid-best for each, the confidence, whether it confirmed, the seconds of the finder call.

Added after those three had run (the finder unchanged since), also run once:

- ``wine``: scikit-learn's wine data (120 training rows, 58 validation), MLP 13-32-3, SGD, batch 16, 150 steps;
- ``tfm``: does token 0 come before token 1 in a sequence of 16 tokens (2,500 / 500), a one-layer Transformer
  encoder (d 32, 4 heads, no dropout) with a learned position table, mean-pooled, AdamW, batch 64, 300 steps.

Added in the sixth session (the finder unchanged since the fifth), also run once:

- ``friedman``: scikit-learn's generated Friedman #1 regression (``make_friedman1``, 10 features, noise 1.0; 300
  training rows, 200 validation, features and target standardized), MLP 10-64-64-1, MSE, AdamW, batch 32, 300
  steps (~30 passes): small data with a loss that keeps falling by memorising; metric: validation R^2;
- ``mseprob``: 10 Gaussian blobs in 20 dimensions (3,000 / 500), MLP 20-64-10 trained with the MSE between the
  softmax and the one-hot target (a bounded loss: it cannot exceed 2), AdamW, batch 64, 300 steps.

Then, after those two had run (the finder unchanged), also run once:

- ``noisyreg``: Friedman #1 with noise 5.0 (200 training rows, 200 validation), the same MLP, SGD, batch 20, 300
  steps (30 passes): small and noisy data, where memorising hurts; metric: validation R^2;
- ``deeptanh``: the blobs of ``mseprob``, an 8-layer tanh MLP of width 32 with weights drawn with std 0.05 (a slow
  starter), cross-entropy, AdamW, batch 64, 600 steps;
- ``gruclip``: is the sum of a sequence of 30 values in [-1, 1] positive (2,500 / 500), GRU(1, 32) + linear head,
  the global gradient norm clipped to 1.0 inside the optimizer's step (so the sweep clips too), SGD, batch 64, 300
  steps.

Added in the eighth session (the finder unchanged since the sixth), written before they ran, each run once:

- ``srcbag``: which of four standard-library modules (argparse, json.decoder, email.message, http.client) a line of
  their source comes from (character 3-gram ids hashed into 2,048 buckets; lines of at least 20 characters, 80% to
  train), an ``nn.EmbeddingBag`` (mean) + linear head, Adam (not AdamW), batch 64, 300 steps: real text that ships
  with Python, a sparse-feature model;
- ``resmlp``: scikit-learn's ``make_classification`` (20 classes, 40 features, 6,000 rows, 5,000 to train), a
  residual MLP (width 128, three blocks with LayerNorm), SGD with Nesterov momentum, batch 128, 400 steps;
- ``shapes``: generated 16x16 images of squares, discs and crosses of random size and place with noise 0.5 (3,000 /
  600), a two-layer 2-D CNN without BatchNorm, RMSprop, batch 32, 300 steps.

Run:  .venv/bin/python bench/finder_heldout_check.py bc conv1d lstm wine tfm friedman mseprob noisyreg deeptanh gruclip
      .venv/bin/python bench/finder_heldout_check.py srcbag resmlp shapes
"""
import math, sys, warnings, json, time
import numpy as np, torch, torch.nn as nn
import lrkit
torch.set_num_threads(1); warnings.simplefilter("ignore")

class Loader:
    def __init__(s, x, y, b, seed): s.x, s.y, s.b = x, y, b; s.g = torch.Generator().manual_seed(seed)
    def __len__(s): return math.ceil(len(s.x) / s.b)
    def __iter__(s):
        p = torch.randperm(len(s.x), generator=s.g)
        for i in range(0, len(s.x), s.b):
            j = p[i:i + s.b]; yield s.x[j], s.y[j]

def data(name):
    g = torch.Generator().manual_seed(123)
    if name == "bc":
        from sklearn.datasets import load_breast_cancer
        x, y = load_breast_cancer(return_X_y=True)
        idx = np.random.default_rng(0).permutation(len(x)); tr, va = idx[:400], idx[400:]
        mu, sd = x[tr].mean(0), x[tr].std(0)
        t = lambda a: torch.tensor(a, dtype=torch.float32)
        return t((x[tr]-mu)/sd), torch.tensor(y[tr]), t((x[va]-mu)/sd), torch.tensor(y[va])
    if name == "lstm":
        x = torch.randn(2500, 20, 8, generator=g)
        y = ((x[:, :, 0].cumsum(1)[:, -1] + 0.5 * x[:, -5:, 1].sum(1)) > 0).long()
        return x[:2000], y[:2000], x[2000:], y[2000:]
    if name == "wine":
        from sklearn.datasets import load_wine
        x, y = load_wine(return_X_y=True)
        idx = np.random.default_rng(0).permutation(len(x)); tr, va = idx[:120], idx[120:]
        mu, sd = x[tr].mean(0), x[tr].std(0)
        t = lambda a: torch.tensor(a, dtype=torch.float32)
        return t((x[tr]-mu)/sd), torch.tensor(y[tr]), t((x[va]-mu)/sd), torch.tensor(y[va])
    if name == "tfm":
        tok = torch.randint(2, 12, (3000, 16), generator=g)
        a = torch.randint(0, 16, (3000,), generator=g); b = torch.randint(0, 16, (3000,), generator=g)
        tok[torch.arange(3000), a] = 0; tok[torch.arange(3000), b] = 1   # label: does token 0 come before token 1
        y = ((tok == 0).float().argmax(1) < (tok == 1).float().argmax(1)).long()
        return tok[:2500], y[:2500], tok[2500:], y[2500:]
    if name == "friedman":
        from sklearn.datasets import make_friedman1
        x, y = make_friedman1(n_samples=500, noise=1.0, random_state=0)
        mu, sd, ym, ys = x[:300].mean(0), x[:300].std(0), y[:300].mean(), y[:300].std()
        t = lambda a: torch.tensor(a, dtype=torch.float32)
        x, y = t((x - mu) / sd), t((y - ym) / ys)[:, None]
        return x[:300], y[:300], x[300:], y[300:]
    if name == "noisyreg":
        from sklearn.datasets import make_friedman1
        x, y = make_friedman1(n_samples=400, noise=5.0, random_state=1)
        mu, sd, ym, ys = x[:200].mean(0), x[:200].std(0), y[:200].mean(), y[:200].std()
        t = lambda a: torch.tensor(a, dtype=torch.float32)
        x, y = t((x - mu) / sd), t((y - ym) / ys)[:, None]
        return x[:200], y[:200], x[200:], y[200:]
    if name == "gruclip":
        x = torch.rand(3000, 30, 1, generator=g) * 2 - 1
        y = (x.sum((1, 2)) > 0).long()
        return x[:2500], y[:2500], x[2500:], y[2500:]
    if name in ("mseprob", "deeptanh"):
        c = torch.randn(10, 20, generator=g) * 1.2
        y = torch.randint(0, 10, (3500,), generator=g)
        x = c[y] + torch.randn(3500, 20, generator=g)
        return x[:3000], y[:3000], x[3000:], y[3000:]
    if name == "srcbag":
        import argparse, email.message, http.client, inspect, json.decoder, zlib
        xs, ys = [], []
        for k, mod in enumerate((argparse, json.decoder, email.message, http.client)):
            for line in inspect.getsource(mod).splitlines():
                line = line.strip()
                if len(line) >= 20:
                    grams = [zlib.crc32(line[i:i + 3].encode()) % 2048 for i in range(len(line) - 2)][:64]
                    xs.append(grams + [2048] * (64 - len(grams))); ys.append(k)   # 2048: padding id
        x, y = torch.tensor(xs), torch.tensor(ys)
        p = torch.randperm(len(x), generator=g); x, y = x[p], y[p]; cut = int(0.8 * len(x))
        return x[:cut], y[:cut], x[cut:], y[cut:]
    if name == "resmlp":
        from sklearn.datasets import make_classification
        x, y = make_classification(n_samples=6000, n_features=40, n_informative=24, n_classes=20,
                                   n_clusters_per_class=1, random_state=3)
        mu, sd = x[:5000].mean(0), x[:5000].std(0)
        x, y = torch.tensor((x - mu) / sd, dtype=torch.float32), torch.tensor(y)
        return x[:5000], y[:5000], x[5000:], y[5000:]
    if name == "shapes":
        n = 3600; k = torch.randint(0, 3, (n,), generator=g)
        r = torch.randint(2, 6, (n,), generator=g); cx = torch.randint(5, 11, (n,), generator=g)
        cy = torch.randint(5, 11, (n,), generator=g)
        ii, jj = torch.meshgrid(torch.arange(16), torch.arange(16), indexing="ij")
        di, dj = ii[None] - cy[:, None, None], jj[None] - cx[:, None, None]; rr = r[:, None, None]
        square = (di.abs() <= rr) & (dj.abs() <= rr)
        disc = di ** 2 + dj ** 2 <= rr ** 2
        cross = ((di.abs() <= 1) & (dj.abs() <= rr)) | ((dj.abs() <= 1) & (di.abs() <= rr))
        img = torch.where(k[:, None, None] == 0, square, torch.where(k[:, None, None] == 1, disc, cross)).float()
        x = (img + 0.5 * torch.randn(n, 16, 16, generator=g))[:, None]
        return x[:3000], k[:3000], x[3000:], k[3000:]
    if name == "conv1d":
        n = 3500; t = torch.linspace(0, 1, 64)
        k = torch.randint(0, 4, (n,), generator=g)
        ph = torch.rand(n, 1, generator=g) * 6.28
        x = torch.sin(2 * math.pi * (3 + 2 * k[:, None].float()) * t + ph) + 0.8 * torch.randn(n, 64, generator=g)
        x = x[:, None, :]
        return x[:3000], k[:3000], x[3000:], k[3000:]

def model(name, seed):
    torch.manual_seed(seed)
    if name == "bc": return nn.Sequential(nn.Linear(30, 64), nn.ReLU(), nn.Linear(64, 2))
    if name == "wine": return nn.Sequential(nn.Linear(13, 32), nn.ReLU(), nn.Linear(32, 3))
    if name == "friedman": return nn.Sequential(nn.Linear(10, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 1))
    if name == "mseprob": return nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 10))
    if name == "noisyreg": return nn.Sequential(nn.Linear(10, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 1))
    if name == "deeptanh":
        layers = [nn.Linear(20, 32), nn.Tanh()] + [m for _ in range(7) for m in (nn.Linear(32, 32), nn.Tanh())] + [nn.Linear(32, 10)]
        for l in layers:
            if isinstance(l, nn.Linear): nn.init.normal_(l.weight, std=0.05); nn.init.zeros_(l.bias)
        return nn.Sequential(*layers)
    if name == "gruclip":
        class G(nn.Module):
            def __init__(s): super().__init__(); s.r = nn.GRU(1, 32, batch_first=True); s.h = nn.Linear(32, 2)
            def forward(s, x): return s.h(s.r(x)[0][:, -1])
        return G()
    if name == "tfm":
        class T(nn.Module):
            def __init__(s):
                super().__init__(); s.e = nn.Embedding(12, 32); s.p = nn.Parameter(torch.randn(16, 32) * 0.1)
                s.t = nn.TransformerEncoder(nn.TransformerEncoderLayer(32, 4, 64, dropout=0.0, batch_first=True), 1)
                s.h = nn.Linear(32, 2)
            def forward(s, x): return s.h(s.t(s.e(x) + s.p).mean(1))
        return T()
    if name == "srcbag":
        class B(nn.Module):
            def __init__(s): super().__init__(); s.e = nn.EmbeddingBag(2049, 32, mode="mean", padding_idx=2048); s.h = nn.Linear(32, 4)
            def forward(s, x): return s.h(s.e(x))
        return B()
    if name == "resmlp":
        class R(nn.Module):
            def __init__(s):
                super().__init__(); s.i = nn.Linear(40, 128); s.o = nn.Linear(128, 20)
                s.b = nn.ModuleList(nn.Sequential(nn.LayerNorm(128), nn.Linear(128, 128), nn.ReLU(), nn.Linear(128, 128)) for _ in range(3))
            def forward(s, x):
                h = s.i(x)
                for blk in s.b: h = h + blk(h)
                return s.o(h)
        return R()
    if name == "shapes":
        return nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(16, 32, 3, padding=1),
                             nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(32, 3))
    if name == "lstm":
        class M(nn.Module):
            def __init__(s): super().__init__(); s.r = nn.LSTM(8, 32, batch_first=True); s.h = nn.Linear(32, 2)
            def forward(s, x): return s.h(s.r(x)[0][:, -1])
        return M()
    return nn.Sequential(nn.Conv1d(1, 16, 5, padding=2), nn.BatchNorm1d(16), nn.ReLU(), nn.MaxPool1d(2),
                         nn.Conv1d(16, 32, 5, padding=2), nn.BatchNorm1d(32), nn.ReLU(), nn.AdaptiveAvgPool1d(1),
                         nn.Flatten(), nn.Linear(32, 4))

CFG = {"bc": ("AdamW", 32, 200), "lstm": ("SGD", 64, 300), "conv1d": ("AdamW", 64, 300), "wine": ("SGD", 16, 150),
       "tfm": ("AdamW", 64, 300), "friedman": ("AdamW", 32, 300), "mseprob": ("AdamW", 64, 300),
       "noisyreg": ("SGD", 20, 300), "deeptanh": ("AdamW", 64, 600), "gruclip": ("SGD", 64, 300),
       "srcbag": ("Adam", 64, 300), "resmlp": ("SGD", 128, 400), "shapes": ("RMSprop", 32, 300)}


def mse_prob(out, y):
    return nn.functional.mse_loss(out.softmax(1), nn.functional.one_hot(y, out.shape[1]).float()) * out.shape[1]


LOSS = {"friedman": nn.functional.mse_loss, "noisyreg": nn.functional.mse_loss, "mseprob": mse_prob}


def metric(name, out, y):
    if name in ("friedman", "noisyreg"):
        return float(1 - ((out - y) ** 2).mean() / y.var(unbiased=False))   # R^2
    return float((out.argmax(1) == y).float().mean())
class ClippedSGD(torch.optim.SGD):
    def step(self, closure=None):
        torch.nn.utils.clip_grad_norm_([p for g in self.param_groups for p in g["params"]], 1.0)
        return super().step(closure)


def opt(name, m, lr):
    o, _, _ = CFG[name]
    if name == "gruclip":
        return ClippedSGD(m.parameters(), lr=lr, momentum=0.9, weight_decay=5e-4)
    if o == "Adam":
        return torch.optim.Adam(m.parameters(), lr=lr)
    if o == "RMSprop":
        return torch.optim.RMSprop(m.parameters(), lr=lr)
    if name == "resmlp":
        return torch.optim.SGD(m.parameters(), lr=lr, momentum=0.9, nesterov=True, weight_decay=5e-4)
    return torch.optim.SGD(m.parameters(), lr=lr, momentum=0.9, weight_decay=5e-4) if o == "SGD" else \
        torch.optim.AdamW(m.parameters(), lr=lr, weight_decay=1e-2)

def train(name, seed, lr):
    xtr, ytr, xva, yva = data(name); _, b, steps = CFG[name]
    m = model(name, seed); o = opt(name, m, lr); L = Loader(xtr, ytr, b, seed); done = 0
    while done < steps:
        for x, y in L:
            loss = LOSS.get(name, nn.functional.cross_entropy)(m(x), y); o.zero_grad(); loss.backward(); o.step(); done += 1
            if not math.isfinite(loss.item()): return 0.0
            if done == steps: break
    m.eval()
    with torch.no_grad(): return max(0.0, metric(name, m(xva), yva))

for name in sys.argv[1:]:
    grid = np.logspace(-4, 0, 9) if CFG[name][0] == "SGD" else np.logspace(-5, -1, 9)
    seeds = (0, 1)
    means = {lr: np.mean([train(name, s, lr) for s in seeds]) for lr in grid}
    best_lr = max(means, key=means.get); best = means[best_lr]
    print(name, "grid", " ".join(f"{lr:.2g}:{m:.3f}" for lr, m in means.items()), flush=True)
    for s in seeds:
        xtr, ytr, _, _ = data(name); m = model(name, s)
        t0 = time.perf_counter()
        r = lrkit.find_lr(m, opt(name, m, 1e-3), Loader(xtr, ytr, CFG[name][1], s),
                           LOSS.get(name, nn.functional.cross_entropy), progress=False)
        dt = time.perf_counter() - t0
        d = r.suggest(); c = r.suggestions()["lrkit"]
        fd, fc = train(name, s, d) / best, train(name, s, c) / best
        print(f"  seed {s}: default {d:.3g} ({d/best_lr:.2g}x) frac {fd:.3f} | curve {c:.3g} frac {fc:.3f} | "
              f"{r.confidence} probe={r.probe is not None} {dt:.1f}s {[x.split(':')[0] for x in r.confidence_reasons]}", flush=True)
