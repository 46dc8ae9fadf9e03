"""The spec language: one text form for the CLI, config files and logs.

See :func:`lrkit.spec.parser.parse`.
"""
