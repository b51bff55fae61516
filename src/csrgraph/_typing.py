"""Type names the whole package shares, defined once (a leaf: it imports nothing of csrgraph).

>>> from pathlib import Path
>>> isinstance(Path("data.ttl"), os.PathLike) and isinstance("data.ttl", str)
True
"""

from __future__ import annotations

import os
from typing import TypeAlias

#: A file named by a string (``-`` is stdin where a function says so) or a path object.
PathLike: TypeAlias = str | os.PathLike[str]
