"""Errors about an index as a whole.  Each message says what to do."""

from __future__ import annotations


class ArsearchError(Exception):
    """Base of every error arsearch reports to a user (never a traceback)."""


class IndexNotFound(ArsearchError):
    def __init__(self, path: str) -> None:
        super().__init__(f"no index at {path}; build one with: arsearch index FILES... --index {path}")


class NotAnIndex(ArsearchError):
    def __init__(self, path: str, why: str) -> None:
        super().__init__(f"{path} is not an arsearch index ({why}); choose another folder with --index")


class IndexOutdated(ArsearchError):
    def __init__(self, path: str, found: object, wanted: object) -> None:
        super().__init__(
            f"the index at {path} was built by another arsearch version ({found}, this one needs {wanted}); "
            f"rebuild it: arsearch index FILES... --index {path} --rebuild"
        )


class IndexBusy(ArsearchError):
    def __init__(self, path: str, seconds: float) -> None:
        super().__init__(
            f"another process is writing to the index at {path} (waited {seconds:g} s); "
            "try again when it has finished"
        )


class IndexDamaged(ArsearchError):
    def __init__(self, path: str, why: object) -> None:
        super().__init__(
            f"the index at {path} is damaged ({why}); rebuild it: arsearch index FILES... --index {path} --rebuild"
        )
