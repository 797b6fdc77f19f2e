"""The one exception of the MARC modules."""
from __future__ import annotations


class BrokenRecord(Exception):
    """A record that cannot be decoded or is not a bibliographic record; the message is the reason."""
