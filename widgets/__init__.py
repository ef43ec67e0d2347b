"""Course package: data loaders, pure models and explorers for the course
"How US pressure for allied defense autonomy could backfire".

Data flows one way: ``data/`` -> :mod:`widgets.data` -> :mod:`widgets.models`
-> :mod:`widgets.explorers` -> the chapters.
"""
__version__ = "0.1.0"
