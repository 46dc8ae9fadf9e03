"""Experiments: built-in offline tasks (:mod:`lrkit.experiments.tasks`) and comparisons.

>>> from lrkit.experiments.tasks import get_task
>>> get_task("digits-mlp").metric
'val_acc'
"""
