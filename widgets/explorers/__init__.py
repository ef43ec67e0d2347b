"""Explorer toolkit (:mod:`.core`) and explorer declarations per chapter (``chNN.py``).

>>> from widgets.explorers import Explorer, Param, ExplorerError
"""
from .core import MAX_FRAMES, Explorer, ExplorerError, Param

__all__ = ["Explorer", "ExplorerError", "Param", "MAX_FRAMES"]
