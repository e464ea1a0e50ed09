package pbm.client;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import pbm.v2.Watch.DirectoryEvent;
import pbm.v2.Watch.ObjectKind;
import pbm.v2.Watch.WatchDirectoryRequest;

/**
 * A resumable watch of the directory's change feed ({@code WatchService.WatchDirectory}): a
 * blocking {@link Iterator} of {@link DirectoryEvent}s that hides the stream's ends the server's
 * contract says to resume from:
 *
 * <ul>
 *   <li>UNAVAILABLE (store unreachable, server going away) and RESOURCE_EXHAUSTED {@code
 *       WATCHER_TOO_SLOW}: the watch is opened again from the last revision received (or {@code
 *       resume_from}), after a bounded exponential back-off;
 *   <li>FAILED_PRECONDITION {@code RESYNC_REQUIRED}: {@link OnResync#relist} is called with the
 *       current revision; it lists again and returns the revision to go on from (the {@code
 *       pbm-revision} header of its list). Without it the error is thrown.
 * </ul>
 *
 * <p>BOOKMARKs advance the resume position; they are returned only with {@link
 * Options#bookmarks(boolean)}. Every other error is thrown as a {@link PbmException}. {@link
 * #close()} (from any thread) cancels the current stream and ends the iteration without an error.
 * The same contract as the Python client's {@code watch_directory}.
 *
 * <pre>{@code
 * try (DirectoryWatch w = DirectoryWatch.watch(pbm, DirectoryWatch.options()
 *     .since(rev).tenantId("default").onResync(current -> relist()))) {
 *   while (w.hasNext()) {
 *     DirectoryEvent e = w.next();
 *     ...
 *   }
 * }
 * }</pre>
 */
public final class DirectoryWatch implements Iterator<DirectoryEvent>, AutoCloseable {
  /** {@code ErrorInfo.reason} of a revision older than the log: list again. */
  public static final String RESYNC_REQUIRED = "RESYNC_REQUIRED";
  /** {@code ErrorInfo.reason} of a watcher that left its events untaken for 10 s. */
  public static final String WATCHER_TOO_SLOW = "WATCHER_TOO_SLOW";

  /** What the watch calls: {@code pbm.watch()::watchDirectory}, or a wrapper of it. */
  @FunctionalInterface
  public interface Stub {
    /** Opens one stream (a blocking stub's server-stream iterator). */
    Iterator<DirectoryEvent> watchDirectory(WatchDirectoryRequest request);
  }

  /** Lists again after RESYNC_REQUIRED. */
  @FunctionalInterface
  public interface OnResync {
    /** Given the server's current revision, lists again and returns the revision to watch from. */
    long relist(long currentRevision);
  }

  /** The options of a watch; {@link DirectoryWatch#options()} makes one. */
  public static final class Options {
    private long since;
    private String tenantId = "";
    private final List<ObjectKind> kinds = new ArrayList<>();
    private OnResync onResync;
    private boolean bookmarks;
    private Duration minBackoff = Duration.ofMillis(200);
    private Duration maxBackoff = Duration.ofSeconds(10);

    private Options() {}

    /** The revision to watch from (e.g. the {@code pbm-revision} header of a list); 0: from now. */
    public Options since(long revision) {
      this.since = revision;
      return this;
    }

    /** One tenant; empty (default): every tenant the caller may see. */
    public Options tenantId(String tenantId) {
      this.tenantId = tenantId;
      return this;
    }

    /** The kinds wanted; none (default): every kind. */
    public Options kinds(List<ObjectKind> kinds) {
      this.kinds.clear();
      this.kinds.addAll(kinds);
      return this;
    }

    /** Called on RESYNC_REQUIRED; without it the error is thrown. */
    public Options onResync(OnResync onResync) {
      this.onResync = onResync;
      return this;
    }

    /** Returns BOOKMARK events too (they always advance the position). */
    public Options bookmarks(boolean on) {
      this.bookmarks = on;
      return this;
    }

    /** The first back-off before a resume (default 200 ms), doubled after each failed try. */
    public Options minBackoff(Duration d) {
      this.minBackoff = d;
      return this;
    }

    /** The longest back-off (default 10 s). */
    public Options maxBackoff(Duration d) {
      this.maxBackoff = d;
      return this;
    }
  }

  private final Stub stub;
  private final Options options;
  private final CountDownLatch closedLatch = new CountDownLatch(1);
  private volatile boolean closed;
  private volatile Context.CancellableContext call;
  private Iterator<DirectoryEvent> stream;
  private DirectoryEvent next;
  private boolean ended;
  private Duration backoff;
  private long revision;
  private int reconnects;
  private int resyncs;

  private DirectoryWatch(Stub stub, Options options) {
    this.stub = stub;
    this.options = options;
    this.backoff = options.minBackoff;
    this.revision = options.since;
  }

  /** New options (from now, every tenant and kind, no resync callback). */
  public static Options options() {
    return new Options();
  }

  /** Watches the directory through a client's {@code watch()} stub. */
  public static DirectoryWatch watch(PbmClient client, Options options) {
    return watch(request -> client.watch().watchDirectory(request), options);
  }

  /** Watches the directory through {@code stub}. */
  public static DirectoryWatch watch(Stub stub, Options options) {
    return new DirectoryWatch(stub, options);
  }

  /** The last revision received (or the one to resume from); 0 before the first event of a watch from now. */
  public long revision() {
    return revision;
  }

  /** How many times the stream was opened again. */
  public int reconnects() {
    return reconnects;
  }

  /** How many times {@link OnResync#relist} was called. */
  public int resyncs() {
    return resyncs;
  }

  /** Waits for the next event; false when the watch was closed or the server ended it cleanly. */
  @Override
  public boolean hasNext() {
    while (next == null) {
      if (closed || ended) {
        return false;
      }
      try {
        if (stream == null) {
          WatchDirectoryRequest request = WatchDirectoryRequest.newBuilder()
              .setSinceRevision(revision).setTenantId(options.tenantId).addAllKinds(options.kinds).build();
          Context.CancellableContext ctx = Context.current().withCancellation();
          call = ctx;
          if (closed) {
            ctx.cancel(null);
          }
          stream = ctx.call(() -> stub.watchDirectory(request));
        }
        if (!stream.hasNext()) {
          ended = true; // the server ended the stream without an error: nothing more will come
          cancelCall();
          return false;
        }
        DirectoryEvent event = stream.next();
        backoff = options.minBackoff;
        revision = Math.max(revision, event.getRevision());
        if (event.getType() != DirectoryEvent.Type.TYPE_BOOKMARK || options.bookmarks) {
          next = event;
        }
      } catch (Exception raw) {
        stream = null;
        cancelCall();
        if (closed) {
          return false;
        }
        recover(PbmException.from(raw));
      }
    }
    return true;
  }

  /** Handles the error that ended a stream: returns when the watch goes on, else throws it. */
  private void recover(PbmException err) {
    Map<String, String> meta = errorMetadata(err);
    Status.Code code = err.code();
    if (code == Status.Code.FAILED_PRECONDITION && RESYNC_REQUIRED.equals(err.reason())) {
      if (options.onResync == null) {
        ended = true;
        throw err;
      }
      resyncs++;
      revision = options.onResync.relist(Long.parseLong(meta.getOrDefault("current_revision", "0")));
      return;
    }
    if (code == Status.Code.UNAVAILABLE
        || (code == Status.Code.RESOURCE_EXHAUSTED && WATCHER_TOO_SLOW.equals(err.reason()))) {
      String resumeFrom = meta.get("resume_from");
      if (resumeFrom != null) {
        revision = Math.max(revision, Long.parseLong(resumeFrom));
      }
      reconnects++;
      try {
        closedLatch.await(backoff.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
      }
      Duration doubled = backoff.multipliedBy(2);
      backoff = doubled.compareTo(options.maxBackoff) > 0 ? options.maxBackoff : doubled;
      return;
    }
    ended = true;
    throw err;
  }

  @Override
  public DirectoryEvent next() {
    if (!hasNext()) {
      throw new NoSuchElementException("the watch has ended");
    }
    DirectoryEvent event = next;
    next = null;
    return event;
  }

  /** Ends the watch (from any thread): the current stream is cancelled and iteration stops. */
  @Override
  public void close() {
    closed = true;
    closedLatch.countDown();
    cancelCall();
  }

  private void cancelCall() {
    Context.CancellableContext ctx = call;
    if (ctx != null) {
      ctx.cancel(null);
    }
  }

  /** The {@code google.rpc.ErrorInfo} metadata of an error (none: empty). */
  private static Map<String, String> errorMetadata(PbmException err) {
    com.google.rpc.Status details = err.getTrailers() == null
        ? null : StatusProto.fromStatusAndTrailers(err.getStatus(), err.getTrailers());
    if (details != null) {
      for (Any any : details.getDetailsList()) {
        if (any.is(ErrorInfo.class)) {
          try {
            return any.unpack(ErrorInfo.class).getMetadataMap();
          } catch (InvalidProtocolBufferException e) {
            return Map.of();
          }
        }
      }
    }
    return Map.of();
  }
}
