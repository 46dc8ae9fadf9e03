"""TODO(stub): being written now; replace this whole file."""

from .base import Schedule


class Step(Schedule):  # TODO stub
    pass

class MultiStep(Schedule):  # TODO stub
    pass

class Exponential(Schedule):  # TODO stub
    pass

class Linear(Schedule):  # TODO stub
    pass

class Poly(Schedule):  # TODO stub
    pass

class InverseTime(Schedule):  # TODO stub
    pass

class Tanh(Schedule):  # TODO stub
    pass
