"""A resumable watch of the directory's change feed (``WatchService.WatchDirectory``).

:func:`watch_directory` yields :class:`~pbm.v2.watch_pb2.DirectoryEvent` s and
hides the stream's ends that the server's contract says to resume from:

* UNAVAILABLE (store unreachable, server going away) and RESOURCE_EXHAUSTED
  ``WATCHER_TOO_SLOW``: the watch is opened again from the last revision
  received (or ``resume_from``), after a bounded exponential back-off;
* FAILED_PRECONDITION ``RESYNC_REQUIRED``: ``on_resync(current_revision)`` is
  called; the caller lists again and returns the revision to go on from (the
  ``pbm-revision`` header of its list). Without ``on_resync`` the error is raised.

BOOKMARKs advance the resume position; they are yielded only with
``bookmarks=True``. Every other error is raised as a :class:`PbmError`.
"""

from __future__ import annotations

import time
from typing import Any, Callable, Iterable, Iterator, Optional

import grpc

from pbm.v2 import watch_pb2

from .errors import PbmError, from_rpc_error

RESYNC_REQUIRED = "RESYNC_REQUIRED"
WATCHER_TOO_SLOW = "WATCHER_TOO_SLOW"


class DirectoryWatch:
    """The iterator :func:`watch_directory` returns; ``revision`` is the resume position."""

    def __init__(self, stub: Any, since: int, tenant_id: str, kinds: Iterable["watch_pb2.ObjectKind.ValueType"],
                 on_resync: Optional[Callable[[int], int]], bookmarks: bool,
                 min_backoff: float, max_backoff: float, sleep: Callable[[float], None]) -> None:
        self.revision = since
        """The last revision received (or the one to resume from); 0 before the first event of a watch from now."""
        self.reconnects = 0
        """How many times the stream was opened again."""
        self.resyncs = 0
        """How many times ``on_resync`` was called."""
        self._stub = stub
        self._tenant_id = tenant_id
        self._kinds = list(kinds)
        self._on_resync = on_resync
        self._bookmarks = bookmarks
        self._min_backoff = min_backoff
        self._max_backoff = max_backoff
        self._sleep = sleep
        self._call: Any = None
        self._closed = False

    def __iter__(self) -> Iterator[watch_pb2.DirectoryEvent]:
        backoff = self._min_backoff
        while not self._closed:
            request = watch_pb2.WatchDirectoryRequest(
                since_revision=self.revision, tenant_id=self._tenant_id, kinds=self._kinds)
            try:
                self._call = self._stub.WatchDirectory(request)
                for event in self._call:
                    backoff = self._min_backoff
                    if event.revision > self.revision:
                        self.revision = event.revision
                    if event.type != watch_pb2.DirectoryEvent.TYPE_BOOKMARK or self._bookmarks:
                        yield event
                return  # the server ended the stream without an error: nothing more will come
            except grpc.RpcError as raw:
                if self._closed:
                    return
                err = raw if isinstance(raw, PbmError) else from_rpc_error(raw)
                meta = dict(err.error_info.metadata) if err.error_info is not None else {}
                if err.status_code == grpc.StatusCode.FAILED_PRECONDITION and err.reason == RESYNC_REQUIRED:
                    if self._on_resync is None:
                        raise err from None
                    self.resyncs += 1
                    self.revision = self._on_resync(int(meta.get("current_revision", "0")))
                    continue
                if err.status_code == grpc.StatusCode.UNAVAILABLE or (
                        err.status_code == grpc.StatusCode.RESOURCE_EXHAUSTED and err.reason == WATCHER_TOO_SLOW):
                    if "resume_from" in meta:
                        self.revision = max(self.revision, int(meta["resume_from"]))
                    self.reconnects += 1
                    self._sleep(backoff)
                    backoff = min(backoff * 2, self._max_backoff)
                    continue
                raise err from None

    def close(self) -> None:
        """Ends the watch: the current stream is cancelled and iteration stops."""
        self._closed = True
        if self._call is not None:
            self._call.cancel()


def watch_directory(client: Any, since: int = 0, *, tenant_id: str = "",
                    kinds: Iterable["watch_pb2.ObjectKind.ValueType"] = (),
                    on_resync: Optional[Callable[[int], int]] = None, bookmarks: bool = False,
                    min_backoff: float = 0.2, max_backoff: float = 10.0,
                    sleep: Callable[[float], None] = time.sleep) -> DirectoryWatch:
    """Watches the directory from revision ``since`` (0: from now), resuming after dropped streams.

    ``client`` is a :class:`~pbm_client.Client` (its ``watch`` stub is used) or
    a ``WatchServiceStub``. ``on_resync(current_revision)`` lists again and
    returns the revision to watch from. Iterate the result; ``close()`` ends it::

        w = watch_directory(client, since=rev, on_resync=relist)
        for event in w:
            apply(event)
    """
    stub = getattr(client, "watch", client)
    return DirectoryWatch(stub, since, tenant_id, kinds, on_resync, bookmarks, min_backoff, max_backoff, sleep)
