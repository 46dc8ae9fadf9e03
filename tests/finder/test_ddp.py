"""find_lr under DDP (gloo on CPU, 2 ranks): the loss is averaged, every rank gets the same answer, no deadlock."""

import datetime
import json
import os

import pytest
import torch
import torch.multiprocessing as mp

pytestmark = pytest.mark.slow


def _rank_main(rank, world, init_file, out_dir, nan_on_rank1_at):
    import torch.distributed as dist
    import torch.nn as nn

    import lrkit

    torch.set_num_threads(1)
    os.environ["GLOO_SOCKET_IFNAME"] = "lo"   # loopback, whatever the machine's host name resolves to
    dist.init_process_group("gloo", init_method=f"file://{init_file}", rank=rank, world_size=world,
                            timeout=datetime.timedelta(seconds=60))
    try:
        torch.manual_seed(0)  # the same init on every rank, as DDP expects
        model = nn.parallel.DistributedDataParallel(nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 3)))
        opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
        g = torch.Generator().manual_seed(100 + rank)  # each rank its own shard
        x = torch.randn(256, 8, generator=g)
        y = (x[:, 0] > 0).long() + (x[:, 1] > 0).long()
        loader = [(x[i:i + 32], y[i:i + 32]) for i in range(0, 256, 32)]
        calls = [0]

        def loss_fn(out, target):
            calls[0] += 1
            loss = nn.functional.cross_entropy(out, target)
            if rank == 1 and nan_on_rank1_at and calls[0] >= nan_on_rank1_at:
                loss = loss * float("nan")
            return loss

        before = [p.detach().clone() for p in model.parameters()]
        res = lrkit.find_lr(model, opt, loader, loss_fn, start_lr=1e-5, end_lr=1e3, progress=False)
        restored = all(torch.equal(a, b) for a, b in zip(before, model.parameters()))
        with open(os.path.join(out_dir, f"rank{rank}.json"), "w") as f:
            json.dump({"losses": [v if v == v else None for v in res.losses.tolist()], "stop": res.stop_reason,
                       "suggestions": res.suggestions(), "restored": restored}, f)
        dist.barrier()  # neither rank closes its connections while the other may still use them
    finally:
        dist.destroy_process_group()


def _run(tmp_path, nan_at):
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=_rank_main, args=(r, 2, str(tmp_path / "init"), str(tmp_path), nan_at))
             for r in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
    alive = [p for p in procs if p.is_alive()]
    for p in alive:
        p.kill()
    assert not alive, "a rank hung (deadlock)"
    assert all(p.exitcode == 0 for p in procs)
    return [json.loads((tmp_path / f"rank{r}.json").read_text()) for r in range(2)]


def test_every_rank_records_the_mean_loss_and_gets_the_same_suggestion(tmp_path):
    r0, r1 = _run(tmp_path, 0)
    assert r0 == r1
    assert r0["restored"] and r0["stop"] in ("diverged", "non-finite loss") and len(r0["losses"]) > 30


def test_a_nan_on_one_rank_stops_every_rank_at_the_same_step(tmp_path):
    r0, r1 = _run(tmp_path, 25)
    assert r0["stop"] == r1["stop"] == "non-finite loss"
    assert len(r0["losses"]) == len(r1["losses"]) == 25
    assert r0["restored"] and r1["restored"]
