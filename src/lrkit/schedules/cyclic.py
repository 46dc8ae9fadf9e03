"""TODO(stub): being written now; replace this whole file."""

from .base import Schedule


class Cyclic(Schedule):  # TODO stub
    pass
