"""``dir(lrkit)`` is the public API, and every name in it resolves."""

import lrkit


def test_dir_shows_the_public_api_only():
    names = dir(lrkit)
    assert names == sorted({*lrkit.__all__, "__version__", "torch"})
    assert not {"Any", "annotations", "importlib", "errors", "schedules", "spec"} & set(names)


def test_every_public_name_resolves():
    for name in dir(lrkit):
        assert getattr(lrkit, name) is not None, name
    assert lrkit.torch.LRScheduler.__module__ == "lrkit.torch.scheduler"
