"""One exception hierarchy; each class carries the exit code the CLI turns it into.

Exit codes (documented in docs/guide.md and tested):

* 0: success (and, for ``validate``, the data conforms);
* 1: the data does not conform, or the command failed on its input (a query error, a
  broken link, a store that refused the data);
* 2: usage error, or a file or server that cannot be read.
"""

from __future__ import annotations


class CsrgraphError(Exception):
    """Base class of every expected failure; ``str(err)`` is the one-line message."""

    exit_code: int = 1


class UsageError(CsrgraphError):
    """The command was called wrongly (bad option value, unknown name, bad parameter)."""

    exit_code = 2


class InputError(CsrgraphError):
    """A file (data, shapes, query) cannot be read or parsed."""

    exit_code = 2


class QueryError(CsrgraphError):
    """A query is malformed, refused by the sandbox, or failed while running."""

    exit_code = 1


class QueryTimeout(QueryError):
    """A query ran longer than its time limit."""


class NotConforming(CsrgraphError):
    """The data does not conform to the shapes."""

    exit_code = 1


class StoreError(CsrgraphError):
    """A triple store could not be reached, refused a request or answered wrongly: exit code 2.

    ``may_have_written`` tells whether the failed request may have changed what the store
    holds: false when it never left the machine (connection refused, unknown host) or the
    store refused it with a 4xx answer, or 501/505 (it does not support the request); true
    (the default, the safe guess) otherwise.
    """

    exit_code = 2
    may_have_written: bool = True


class StoreRefused(StoreError):
    """The store was reached but refused the data (400 bad data, 413 too large): exit code 1.

    Unlike the other store errors (exit code 2) the fault is in what was sent, not in the
    connection, the URL or the credentials.
    """

    exit_code = 1
