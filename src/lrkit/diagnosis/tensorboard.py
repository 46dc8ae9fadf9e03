"""TensorBoard event files -> scalar series, fast enough for a 100 MB log.

An event file is a sequence of TFRecords (an 8-byte length, its masked CRC-32C, the payload, the
payload's masked CRC-32C); each payload is a serialized ``tensorboard.Event``. tensorboard's own
reader checks both CRCs in pure Python (about 50 us a record: minutes for 100 MB), so the records
are framed here (CRCs not checked) and decoded two ways:

- the common case, a scalar written by ``SummaryWriter.add_scalar`` (torch, tensorboardX, TF1
  ``simple_value``): ``Event{wall_time, step, summary{value{tag, simple_value}}}`` in field
  order, decoded for all records of one layout at once with numpy;
- every other record (step 0, several values, TF2 tensors, text, histograms ...) with
  tensorboard's own ``Event`` proto.

Tests check the result against tensorboard's ``EventFileLoader`` on real ``SummaryWriter`` logs.
"""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np

from .readers import LogError

__all__ = ["read_scalars", "frame"]


def frame(data: bytes) -> tuple[np.ndarray, np.ndarray, bool]:
    """(payload starts, payload lengths, truncated) of the TFRecords in ``data``.

    >>> rec = lambda p: len(p).to_bytes(8, "little") + bytes(4) + p + bytes(4)
    >>> starts, lengths, cut = frame(rec(b"abc") + rec(b"hello") + b"\\x05")
    >>> starts.tolist(), lengths.tolist(), cut
    ([12, 31], [3, 5], True)
    """
    starts, lengths = [], []
    pos, n = 0, len(data)
    unpack = struct.Struct("<Q").unpack_from
    while pos + 12 <= n:
        (length,) = unpack(data, pos)
        end = pos + 12 + length
        if end + 4 > n:
            return np.asarray(starts, np.int64), np.asarray(lengths, np.int64), True
        starts.append(pos + 12)
        lengths.append(length)
        pos = end + 4
    return np.asarray(starts, np.int64), np.asarray(lengths, np.int64), pos != n


def _simple_scalars(buf: np.ndarray, starts: np.ndarray, L: int):
    """Decode records of length ``L`` laid out as a one-value ``simple_value`` Event; yields
    (row mask, steps, tag bytes, values) per (step varint width, tag length)."""
    rows = buf[starts[:, None] + np.arange(L)]
    ok = (rows[:, 0] == 0x09) & (rows[:, 9] == 0x10) if L > 20 else np.zeros(len(rows), bool)
    if not ok.any():
        return
    cont = rows[:, 10:20] >= 0x80                       # varint continuation bits of the step
    k = np.where(cont.all(axis=1), 0, np.argmin(cont, axis=1) + 1)
    for width in np.unique(k[ok & (k > 0)]):
        w = int(width)
        p = 10 + w
        tag_len = L - p - 11
        if tag_len <= 0 or tag_len > 127:
            continue
        m = ok & (k == w)
        m &= (rows[:, p] == 0x2A) & (rows[:, p + 1] == tag_len + 9) & (rows[:, p + 2] == 0x0A)
        m &= (rows[:, p + 3] == tag_len + 7) & (rows[:, p + 4] == 0x0A) & (rows[:, p + 5] == tag_len)
        m &= rows[:, p + 6 + tag_len] == 0x15
        if not m.any():
            continue
        sub = rows[m]
        steps = np.zeros(len(sub), dtype=np.int64)
        for j in range(w):
            steps |= (sub[:, 10 + j].astype(np.int64) & 0x7F) << (7 * j)
        values = np.ascontiguousarray(sub[:, p + 7 + tag_len:p + 11 + tag_len]).view("<f4")[:, 0].astype(float)
        yield m, steps, sub[:, p + 6:p + 6 + tag_len], values


def _tags(tag_bytes: np.ndarray) -> tuple[list[bytes], np.ndarray]:
    """The distinct tags of rows of tag bytes, and each row's index into them (one tag: no sort)."""
    if (tag_bytes == tag_bytes[0]).all():
        return [tag_bytes[0].tobytes()], np.zeros(len(tag_bytes), dtype=np.int64)
    keys = np.ascontiguousarray(tag_bytes).view(f"V{tag_bytes.shape[1]}").ravel()
    uniq, inv = np.unique(keys, return_inverse=True)
    return [u.tobytes() for u in uniq], inv.ravel()


def read_scalars(path: Path) -> tuple[dict[str, tuple[np.ndarray, np.ndarray]], list[str]]:
    """``{tag: (steps, values)}`` over the event files of ``path`` (a file or a folder, files in name order),
    in file order, and notes about truncated files."""
    try:
        from tensorboard.compat.proto.event_pb2 import Event
    except ImportError as e:  # pragma: no cover - tensorboard is a [dev] dependency
        raise LogError(f"diagnose: reading TensorBoard logs needs tensorboard: pip install tensorboard ({e})") from e
    files = [path] if path.is_file() else sorted(p for p in path.iterdir() if p.name.startswith("events.out.tfevents"))
    order: list[np.ndarray] = []
    tags: list[np.ndarray] = []
    steps: list[np.ndarray] = []
    values: list[np.ndarray] = []
    names: dict[str, int] = {}
    notes: list[str] = []
    base = 0
    for f in files:
        data = f.read_bytes()
        starts, lengths, truncated = frame(data)
        if truncated:
            notes.append(f"{f.name} ends in a truncated record (a run still writing, or a copy cut short): "
                         "read up to it")
        buf = np.frombuffer(data, dtype=np.uint8)
        done = np.zeros(len(starts), dtype=bool)
        for L in np.unique(lengths):
            idx = np.flatnonzero(lengths == L)
            for m, st, tag_bytes, vals in _simple_scalars(buf, starts[idx], int(L)):
                uniq, inv = _tags(tag_bytes)
                ids = np.array([names.setdefault(u.decode("utf-8", "replace"), len(names)) for u in uniq])
                rec = idx[m]
                done[rec] = True
                order.append(base + rec)
                tags.append(ids[inv.ravel()])
                steps.append(st)
                values.append(vals)
        rest = np.flatnonzero(~done)
        o, t, s_, v_ = [], [], [], []
        for i in rest.tolist():
            ev = Event.FromString(data[starts[i]:starts[i] + lengths[i]])
            for v in ev.summary.value:      # TF2 writes a one-number tensor instead of simple_value
                if v.HasField("simple_value"):
                    x = v.simple_value
                elif v.tensor.float_val or v.tensor.double_val:
                    x = (v.tensor.float_val or v.tensor.double_val)[0]
                else:
                    continue
                o.append(base + i)
                t.append(names.setdefault(v.tag, len(names)))
                s_.append(ev.step)
                v_.append(x)
        if o:
            order.append(np.asarray(o, np.int64))
            tags.append(np.asarray(t, np.int64))
            steps.append(np.asarray(s_, np.int64))
            values.append(np.asarray(v_, float))
        base += len(starts)
    if not order:
        raise LogError(f"diagnose: {path}: no scalar events in {len(files)} event file(s) (empty or truncated?)")
    o, t, s_, v_ = (np.concatenate(a) for a in (order, tags, steps, values))
    srt = np.argsort(o, kind="stable")
    t, s_, v_ = t[srt], s_[srt], v_[srt]
    return {name: (s_[t == i], v_[t == i]) for name, i in names.items() if (t == i).any()}, notes
