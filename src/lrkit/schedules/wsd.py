"""TODO(stub): being written now; replace this whole file."""

from .base import Schedule


class WSD(Schedule):  # TODO stub
    pass
