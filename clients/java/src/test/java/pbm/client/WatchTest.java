package pbm.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Any;
import com.google.protobuf.FieldMask;
import com.google.rpc.ErrorInfo;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pbm.v2.Tenants.CreateTenantRequest;
import pbm.v2.Tenants.DeleteTenantRequest;
import pbm.v2.Tenants.GetTenantRequest;
import pbm.v2.Tenants.Tenant;
import pbm.v2.Tenants.UpdateTenantRequest;
import pbm.v2.Watch.DirectoryEvent;
import pbm.v2.Watch.WatchDirectoryRequest;

/**
 * {@link DirectoryWatch} against the live pbm: resume after a dropped stream, resync. The drop is
 * simulated by a stub that cuts the first live stream after two events with UNAVAILABLE (as a
 * server going away does). RESYNC_REQUIRED cannot be produced from outside (the log is pruned after
 * days), so the resync test puts a stub in front of the live one that answers it once, as pbm does.
 * The same tests as the Python client's tests/test_watch.py.
 */
class WatchTest {
  private final List<Runnable> cleanups = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    for (int i = cleanups.size() - 1; i >= 0; i--) {
      cleanups.get(i).run();
    }
  }

  private PbmClient connect() {
    PbmClient c = PbmClient.builder(LiveTest.env("PBM_ADDR")).plaintext().login(LiveTest.login())
        .password(LiveTest.env("PBM_PASSWORD")).build();
    cleanups.add(c::close);
    return c;
  }

  private Tenant newTenant(PbmClient c) {
    String suffix = LiveTest.unique();
    Tenant t = c.tenants().createTenant(CreateTenantRequest.newBuilder()
        .setTenantId("javaw-" + suffix)
        .setTenant(Tenant.newBuilder().setDisplayName("Java watch " + suffix).setLang("en-US"))
        .setDomain("javaw-" + suffix + ".example")
        .build());
    cleanups.add(() -> c.tenants().deleteTenant(DeleteTenantRequest.newBuilder().setTenantId(t.getId()).setForce(true).build()));
    return t;
  }

  static long revision(PbmClient c, String tenantId) {
    AtomicReference<Metadata> headers = new AtomicReference<>();
    AtomicReference<Metadata> trailers = new AtomicReference<>();
    c.tenants().withInterceptors(MetadataUtils.newCaptureMetadataInterceptor(headers, trailers))
        .getTenant(GetTenantRequest.newBuilder().setTenantId(tenantId).build());
    String rev = headers.get().get(Metadata.Key.of("pbm-revision", Metadata.ASCII_STRING_MARSHALLER));
    assertNotNull(rev, "no pbm-revision header");
    // The header is where the replica's log follower stands, which can trail this test's own
    // writes by a moment; a watch opened "now" starts with a bookmark at the latest committed
    // revision, which does not. The larger of the two (as the other clients' tests do).
    long bookmark;
    try (Context.CancellableContext ctx = Context.current().withCancellation()) {
      bookmark = ctx.call(() -> c.watch().withDeadlineAfter(10, java.util.concurrent.TimeUnit.SECONDS)
          .watchDirectory(WatchDirectoryRequest.newBuilder().setTenantId(tenantId).build())
          .next().getRevision());
    } catch (Exception e) {
      throw new AssertionError("a watch opened now gave no bookmark", e);
    }
    return Math.max(Long.parseLong(rev), bookmark);
  }

  private static void rename(PbmClient c, String tenantId, String name) {
    c.tenants().updateTenant(UpdateTenantRequest.newBuilder()
        .setTenant(Tenant.newBuilder().setId(tenantId).setDisplayName(name))
        .setUpdateMask(FieldMask.newBuilder().addPaths("display_name"))
        .build());
  }

  private static StatusRuntimeException error(Status.Code code, String reason, Map<String, String> meta) {
    ErrorInfo info = ErrorInfo.newBuilder().setReason(reason).setDomain("pbm").putAllMetadata(meta).build();
    return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
        .setCode(code.value()).setMessage(reason).addDetails(Any.pack(info)).build());
  }

  /** The live stub, whose first stream is cut after {@code after} events. */
  private static final class Dropping implements DirectoryWatch.Stub {
    final List<Long> requests = new ArrayList<>();
    private final PbmClient live;
    private final int after;

    Dropping(PbmClient live, int after) {
      this.live = live;
      this.after = after;
    }

    @Override
    public Iterator<DirectoryEvent> watchDirectory(WatchDirectoryRequest request) {
      requests.add(request.getSinceRevision());
      if (requests.size() > 1) {
        return live.watch().watchDirectory(request);
      }
      Context.CancellableContext ctx = Context.current().withCancellation();
      Iterator<DirectoryEvent> call;
      Context previous = ctx.attach();
      try {
        call = live.watch().watchDirectory(request);
      } finally {
        ctx.detach(previous);
      }
      return new Iterator<>() {
        int left = after;

        @Override
        public boolean hasNext() {
          if (left == 0) {
            ctx.cancel(null);
            throw error(Status.Code.UNAVAILABLE, "", Map.of());
          }
          return call.hasNext();
        }

        @Override
        public DirectoryEvent next() {
          DirectoryEvent e = call.next();
          if (e.getType() != DirectoryEvent.Type.TYPE_BOOKMARK) {
            left--;
          }
          return e;
        }
      };
    }
  }

  @Test
  void resumesAfterDroppedStreamWithNothingLostOrRepeated() throws Exception {
    PbmClient c = connect();
    Tenant tenant = newTenant(c);
    long since = revision(c, tenant.getId());
    List<String> names = List.of("renamed 0", "renamed 1", "renamed 2", "renamed 3", "renamed 4");
    for (String name : names) {
      rename(c, tenant.getId(), name);
    }
    Dropping stub = new Dropping(c, 2);
    List<DirectoryEvent> events = new ArrayList<>();
    try (DirectoryWatch w = DirectoryWatch.watch(stub, DirectoryWatch.options()
        .since(since).tenantId(tenant.getId()).minBackoff(Duration.ofMillis(10)))) {
      while (w.hasNext()) {
        events.add(w.next());
        if (events.size() == names.size()) {
          w.close();
        }
      }
      assertEquals(1, w.reconnects());
      assertEquals(events.get(events.size() - 1).getRevision(), w.revision());
    }
    List<Long> revisions = events.stream().map(DirectoryEvent::getRevision).toList();
    assertEquals(names.size(), events.size());
    assertEquals(List.of(since, revisions.get(1)), stub.requests);
    assertEquals(new ArrayList<>(new TreeSet<>(revisions)), revisions, "an event lost or repeated");
    for (DirectoryEvent e : events) {
      assertEquals(DirectoryEvent.Type.TYPE_MODIFIED, e.getType());
      assertEquals(tenant.getId(), e.getTenantId());
      // Each event carries the tenant as it is when sent (its latest state).
      assertEquals(names.get(names.size() - 1), e.getTenant().getDisplayName());
    }
  }

  @Test
  void resyncRequiredCallsOnResyncThenWatchesOn() throws Exception {
    PbmClient c = connect();
    Tenant tenant = newTenant(c);
    List<Long> requests = new ArrayList<>();
    DirectoryWatch.Stub stale = request -> {
      requests.add(request.getSinceRevision());
      if (requests.size() == 1) {
        throw error(Status.Code.FAILED_PRECONDITION, "RESYNC_REQUIRED", Map.of("current_revision", "123"));
      }
      return c.watch().watchDirectory(request);
    };
    List<Long> relisted = new ArrayList<>();
    DirectoryWatch.OnResync relist = current -> {
      relisted.add(current);
      long rev = revision(c, tenant.getId());
      rename(c, tenant.getId(), "after resync");
      return rev;
    };
    // A read's revision may lag the reader's own writes (the replica applies the log behind its
    // commits), so the tenant's creation can come again before the rename: a list then a watch
    // misses nothing, it may repeat.
    DirectoryEvent event = null;
    try (DirectoryWatch w = DirectoryWatch.watch(stale, DirectoryWatch.options()
        .since(1).tenantId(tenant.getId()).onResync(relist))) {
      while (event == null && w.hasNext()) {
        DirectoryEvent next = w.next();
        if (next.getType() == DirectoryEvent.Type.TYPE_MODIFIED) {
          event = next;
        }
      }
      assertNotNull(event, "no MODIFIED event");
      w.close();
      assertFalse(w.hasNext(), "an event after close()");
      assertEquals(1, w.resyncs());
    }
    assertEquals(List.of(123L), relisted);
    assertEquals(1L, requests.get(0));
    assertTrue(requests.get(1) > 1, "resumed from " + requests.get(1));
    assertEquals(DirectoryEvent.Type.TYPE_MODIFIED, event.getType());
    assertEquals("after resync", event.getTenant().getDisplayName());
  }

  @Test
  void resyncRequiredWithoutCallbackIsThrown() {
    DirectoryWatch.Stub stale = request -> {
      throw error(Status.Code.FAILED_PRECONDITION, "RESYNC_REQUIRED", Map.of("current_revision", "7"));
    };
    try (DirectoryWatch w = DirectoryWatch.watch(stale, DirectoryWatch.options().since(1))) {
      PbmException.FailedPreconditionException e =
          assertThrows(PbmException.FailedPreconditionException.class, w::hasNext);
      assertEquals("RESYNC_REQUIRED", e.reason());
      assertFalse(w.hasNext());
    }
  }
}
