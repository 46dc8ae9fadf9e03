"""How long ``lrkit diagnose`` takes on big logs: a 1,000,000-row CSV and a 100 MB TensorBoard log.

Run: ``.venv/bin/python bench/diagnose.py`` (about a minute; ``--quick`` for 1/20 of the sizes).

Both logs are generated here, in a temporary folder, then diagnosed with ``lrkit.diagnose``
(read, series rules, schedule identification) and timed with ``perf_counter``; each figure is
the median of ``--repeats`` runs (3). The run logged is ``warmup(2%) >> cosine`` at base LR 0.1
with a falling, noisy loss and one NaN near the end (so one finding, LR014, is expected).

- CSV: ``step,lr,loss``, one row per step (1,000,000 rows, ~33 MB).
- TensorBoard: one event file with ``train/lr`` and ``train/loss`` per step, written as
  TensorBoard's ``SummaryWriter`` writes them (``Event`` protos from tensorboard's own
  ``event_pb2``, framed as TFRecords with masked CRC-32C); steps are added until the file holds
  100 MB. TensorBoard's own ``EventFileLoader`` reads the first 10,000 records back as a check
  (and is timed on them: its pure-Python CRC check is why lrkit frames the records itself; see
  src/lrkit/diagnosis/tensorboard.py).
"""

from __future__ import annotations

import argparse
import os
import statistics
import struct
import sys
import tempfile
import time

import numpy as np

import lrkit as lk

SPEC = "warmup(2%) >> cosine"


def _series(n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    steps = np.arange(1, n + 1)
    lr = lk.parse(SPEC).bind(total_steps=n)(steps - 1, base_lr=0.1)
    rng = np.random.default_rng(0)
    loss = 2.0 / np.sqrt(steps) * (1 + 0.05 * rng.standard_normal(n)) + 0.1
    loss[int(0.9 * n)] = np.nan
    return steps, lr, loss


def write_csv(path: str, n: int) -> None:
    steps, lr, loss = _series(n)
    with open(path, "w") as f:
        f.write("step,lr,loss\n")
        f.write("\n".join(f"{a},{b:.8g},{c:.6g}" for a, b, c in zip(steps.tolist(), lr.tolist(), loss.tolist())))
        f.write("\n")


# ---- TFRecord framing with CRC-32C (Castagnoli), vectorized over records of one length ----------
def _crc_table() -> np.ndarray:
    table = np.zeros(256, dtype=np.uint32)
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        table[i] = c
    return table


_TABLE = _crc_table()


def _crc32c_rows(rows: np.ndarray) -> np.ndarray:
    """CRC-32C of each row of a (n, L) uint8 array."""
    crc = np.full(len(rows), 0xFFFFFFFF, dtype=np.uint32)
    for j in range(rows.shape[1]):
        crc = _TABLE[(crc ^ rows[:, j]) & 0xFF] ^ (crc >> np.uint32(8))
    return crc ^ np.uint32(0xFFFFFFFF)


def _masked(crc: np.ndarray) -> np.ndarray:
    return (((crc >> np.uint32(15)) | (crc << np.uint32(17))) + np.uint32(0xA282EAD8)).astype(np.uint32)


def _frame(payloads: list[bytes]) -> bytes:
    """TFRecords: length (u64), masked CRC of the length, payload, masked CRC of the payload."""
    n = len(payloads)
    lengths = np.fromiter((len(p) for p in payloads), dtype=np.uint64, count=n)
    heads = lengths.astype("<u8").view(np.uint8).reshape(n, 8)
    head_crc = _masked(_crc32c_rows(heads))
    body_crc = np.zeros(n, dtype=np.uint32)
    for L in np.unique(lengths):
        idx = np.flatnonzero(lengths == L)
        rows = np.frombuffer(b"".join(payloads[i] for i in idx), dtype=np.uint8).reshape(len(idx), int(L))
        body_crc[idx] = _masked(_crc32c_rows(rows))
    out = bytearray()
    for i, p in enumerate(payloads):
        out += heads[i].tobytes() + struct.pack("<I", int(head_crc[i])) + p + struct.pack("<I", int(body_crc[i]))
    return bytes(out)


def write_tensorboard(folder: str, megabytes: float) -> int:
    """An event file of ``megabytes``; returns the number of steps."""
    from tensorboard.compat.proto.event_pb2 import Event
    from tensorboard.compat.proto.summary_pb2 import Summary

    sample = Event(wall_time=1.7e9, step=500_000, summary=Summary(
        value=[Summary.Value(tag="train/loss", simple_value=0.5)])).SerializeToString()
    per_step = 2 * (len(sample) + 16)      # two scalar records a step, each framed in 16 bytes
    n = -(-int(1.03 * megabytes * 1e6 / per_step) // 10_000) * 10_000   # whole 10,000s, a bit over the size
    steps, lr, loss = _series(n)
    payloads = [Event(wall_time=1.7e9, file_version="brain.Event:2").SerializeToString()]
    for s, a, b in zip(steps.tolist(), lr.tolist(), loss.tolist()):
        for tag, v in (("train/lr", a), ("train/loss", b)):
            payloads.append(Event(wall_time=1.7e9 + s, step=s, summary=Summary(
                value=[Summary.Value(tag=tag, simple_value=v)])).SerializeToString())
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "events.out.tfevents.1700000000.bench"), "wb") as f:
        f.write(_frame(payloads))
    return n


def _time(fn, repeats: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="1/20 of the sizes (a smoke run)")
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args(argv)
    rows = 50_000 if args.quick else 1_000_000
    megabytes = 5.0 if args.quick else 100.0
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = os.path.join(tmp, "run.csv")
        t0 = time.perf_counter()
        write_csv(csv_path, rows)
        print(f"CSV: {rows:,} rows, {os.path.getsize(csv_path) / 1e6:.1f} MB (written in {time.perf_counter() - t0:.1f} s)")
        sec, d = _time(lambda: lk.diagnose(csv_path), args.repeats)
        r = d.runs[0]
        print(f"  lrkit diagnose: {sec:.2f} s  ->  {r.steps:,} steps, schedule {r.schedule['spec']}, "
              f"findings {[f.code for f in d.findings]}")
        tb = os.path.join(tmp, "tb")
        t0 = time.perf_counter()
        n = write_tensorboard(tb, megabytes)
        size = sum(os.path.getsize(os.path.join(tb, f)) for f in os.listdir(tb))
        print(f"TensorBoard: {n:,} steps, {2 * n:,} scalar events, {size / 1e6:.1f} MB "
              f"(written in {time.perf_counter() - t0:.1f} s)")
        sec, d = _time(lambda: lk.diagnose(tb), args.repeats)
        r = d.runs[0]
        print(f"  lrkit diagnose: {sec:.2f} s  ->  {r.steps:,} steps, schedule {r.schedule['spec']}, "
              f"findings {[f.code for f in d.findings]}")
        from tensorboard.backend.event_processing.event_file_loader import EventFileLoader

        path = os.path.join(tb, os.listdir(tb)[0])
        t0 = time.perf_counter()
        got = []
        for ev in EventFileLoader(path).Load():
            got.append(ev)
            if len(got) == 10_001:
                break
        spent = time.perf_counter() - t0
        print(f"  tensorboard's EventFileLoader reads the file back (CRCs checked): {len(got) - 1:,} records in "
              f"{spent:.2f} s, i.e. {spent / (len(got) - 1) * 2 * n:.0f} s for the whole file")
    return 0


if __name__ == "__main__":
    sys.exit(main())
