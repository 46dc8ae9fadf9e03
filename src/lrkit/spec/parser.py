"""TODO(stub): the parser is being written now."""


def parse(text):
    raise NotImplementedError
