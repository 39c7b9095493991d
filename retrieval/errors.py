"""Errors the retrieval layer raises; the CLI and the bot turn them into user messages."""


class RetrievalError(Exception):
    """Base class: something prevented a search from running (not: nothing was found)."""


class IndexMissing(RetrievalError):
    """No index has been built in the configured store yet."""


class IndexCorrupt(RetrievalError):
    """The store exists but cannot be read, or disagrees with itself."""


class StoreUnavailable(RetrievalError):
    """The Chroma server cannot be reached."""
