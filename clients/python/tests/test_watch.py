"""watch_directory against the live pbm: resume after a dropped stream, resync.

The drop is simulated by a stub that cuts the first live stream after two
events with UNAVAILABLE (as a server going away does). RESYNC_REQUIRED cannot
be produced from outside (the log is pruned after days), so the resync test
puts a stub in front of the live one that answers it once, as pbm does.
"""

from __future__ import annotations

from typing import Any, Iterator

import grpc
from google.protobuf import field_mask_pb2
from google.rpc import error_details_pb2, status_pb2

from pbm.v2 import tenants_pb2, watch_pb2
from pbm_client import Client, PbmError, watch_directory


def revision_to_watch_from(client: Any, tenant_id: str) -> int:
    """The revision to watch from after this test's own writes.

    The pbm-revision header of a read is where the replica's log follower
    stands, which can trail this test's own writes by a moment; a watch opened
    "now" starts with a bookmark at the latest committed revision, which does
    not. The larger of the two (as the Go client's tests do).
    """
    _, call = client.tenants.GetTenant.with_call(tenants_pb2.GetTenantRequest(tenant_id=tenant_id))
    header = int(dict(call.initial_metadata())["pbm-revision"])
    stream = client.watch.WatchDirectory(watch_pb2.WatchDirectoryRequest(tenant_id=tenant_id), timeout=10)
    bookmark = next(stream)
    stream.cancel()
    return max(header, int(bookmark.revision))


def _rename(client: Client, tenant_id: str, name: str) -> None:
    client.tenants.UpdateTenant(tenants_pb2.UpdateTenantRequest(
        tenant=tenants_pb2.Tenant(id=tenant_id, display_name=name),
        update_mask=field_mask_pb2.FieldMask(paths=["display_name"])))


def _error(code: grpc.StatusCode, reason: str, **meta: str) -> PbmError:
    info = error_details_pb2.ErrorInfo(reason=reason, domain="pbm", metadata=meta)
    status = status_pb2.Status(code=code.value[0], message=reason)
    status.details.add().Pack(info)
    return PbmError(code, reason, status)


class _Dropping:
    """The live stub, whose first stream is cut after ``after`` events."""

    def __init__(self, stub: Any, after: int) -> None:
        self.stub, self.after = stub, after
        self.requests: list[int] = []

    def WatchDirectory(self, request: watch_pb2.WatchDirectoryRequest) -> Iterator[watch_pb2.DirectoryEvent]:
        self.requests.append(request.since_revision)
        call = self.stub.WatchDirectory(request)
        if len(self.requests) > 1:
            return call  # type: ignore[no-any-return]
        return self._cut(call)

    def _cut(self, call: Any) -> Iterator[watch_pb2.DirectoryEvent]:
        n = 0
        for event in call:
            yield event
            if event.type != watch_pb2.DirectoryEvent.TYPE_BOOKMARK:
                n += 1
                if n == self.after:
                    call.cancel()
                    raise _error(grpc.StatusCode.UNAVAILABLE, "")


def test_resume_after_dropped_stream(client: Client, tenant: tenants_pb2.Tenant) -> None:
    since = revision_to_watch_from(client, tenant.id)
    names = [f"renamed {i}" for i in range(5)]
    for name in names:
        _rename(client, tenant.id, name)
    stub = _Dropping(client.watch, after=2)
    watch = watch_directory(stub, since, tenant_id=tenant.id, min_backoff=0.01)
    events = []
    for event in watch:
        events.append(event)
        if len(events) == len(names):
            watch.close()
    revisions = [e.revision for e in events]
    assert watch.reconnects == 1
    assert stub.requests == [since, revisions[1]]
    assert revisions == sorted(set(revisions)), "an event lost or repeated"
    assert len(events) == len(names)
    assert all(e.type == watch_pb2.DirectoryEvent.TYPE_MODIFIED for e in events)
    assert all(e.tenant_id == tenant.id for e in events)


def test_resync_then_watch_on(client: Client, tenant: tenants_pb2.Tenant) -> None:
    class Stale:
        requests: list[int] = []

        def WatchDirectory(self, request: watch_pb2.WatchDirectoryRequest) -> Any:
            self.requests.append(request.since_revision)
            if len(self.requests) == 1:
                raise _error(grpc.StatusCode.FAILED_PRECONDITION, "RESYNC_REQUIRED", current_revision="123")
            return client.watch.WatchDirectory(request)

    relisted: list[int] = []

    def relist(current: int) -> int:
        relisted.append(current)
        revision = revision_to_watch_from(client, tenant.id)
        _rename(client, tenant.id, "after resync")
        return revision

    stub = Stale()
    watch = watch_directory(stub, 1, tenant_id=tenant.id, on_resync=relist)
    # A read's revision may lag the reader's own writes (the replica applies the log behind its
    # commits), so the tenant's creation can come again before the rename: a list then a watch
    # misses nothing, it may repeat.
    event = next(e for e in watch if e.type == watch_pb2.DirectoryEvent.TYPE_MODIFIED)
    watch.close()
    assert relisted == [123] and watch.resyncs == 1
    assert stub.requests[0] == 1 and stub.requests[1] > 1
    assert event.type == watch_pb2.DirectoryEvent.TYPE_MODIFIED and event.tenant.display_name == "after resync"


def test_resync_without_callback_raises(client: Client) -> None:
    class Stale:
        def WatchDirectory(self, request: watch_pb2.WatchDirectoryRequest) -> Any:
            raise _error(grpc.StatusCode.FAILED_PRECONDITION, "RESYNC_REQUIRED", current_revision="7")

    try:
        next(iter(watch_directory(Stale(), 1)))
    except PbmError as err:
        assert err.reason == "RESYNC_REQUIRED"
    else:
        raise AssertionError("no error")
