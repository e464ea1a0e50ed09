/**
 * A resumable watch of the directory's change feed (`WatchService.WatchDirectory`).
 *
 * {@link watchDirectory} returns a {@link DirectoryWatch}: an async iterable of
 * `DirectoryEvent`s that hides the stream's ends the server's contract says
 * to resume from:
 *
 * - UNAVAILABLE (store unreachable, server going away) and RESOURCE_EXHAUSTED
 *   `WATCHER_TOO_SLOW`: the watch is opened again from the last revision
 *   received (or `resume_from`), after a bounded exponential back-off;
 * - FAILED_PRECONDITION `RESYNC_REQUIRED`: `onResync(currentRevision)` is
 *   called; the caller lists again and returns the revision to go on from (the
 *   `pbm-revision` header of its list). Without `onResync` the error is thrown.
 *
 * BOOKMARKs advance the resume position; they are yielded only with
 * `bookmarks: true`. Every other error is thrown as a {@link PbmError}.
 * `close()` or the `signal` ends the watch: the iteration then stops without
 * an error. The same contract as the Python client's `watch_directory`.
 */
import type { MessageInitShape } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";
import { ErrorInfoSchema } from "./gen/google/rpc/error_details_pb.js";
import {
  type DirectoryEvent,
  DirectoryEvent_Type,
  type ObjectKind,
  type WatchDirectoryRequestSchema,
} from "./gen/pbm/v2/watch_pb.js";
import { type PbmError, toPbmError } from "./errors.js";

/** `ErrorInfo.reason` of a revision older than the log: list again. */
export const RESYNC_REQUIRED = "RESYNC_REQUIRED";
/** `ErrorInfo.reason` of a watcher that left its events untaken for 10 s. */
export const WATCHER_TOO_SLOW = "WATCHER_TOO_SLOW";

/**
 * What {@link watchDirectory} calls: `pbm.watch` of a {@link PbmClient}, or
 * anything with the same `watchDirectory` method (e.g. a wrapper in tests).
 */
export interface WatchStub {
  watchDirectory(
    request: MessageInitShape<typeof WatchDirectoryRequestSchema>,
    options?: { signal?: AbortSignal },
  ): AsyncIterable<DirectoryEvent>;
}

/** Options of {@link watchDirectory}. */
export interface WatchDirectoryOptions {
  /** The revision to watch from (e.g. the `pbm-revision` header of a list); 0 (default): from now. */
  since?: bigint;
  /** One tenant; empty (default): every tenant the caller may see. */
  tenantId?: string;
  /** The kinds wanted; empty (default): every kind. */
  kinds?: ObjectKind[];
  /**
   * Called on RESYNC_REQUIRED with the server's current revision: list again
   * and return the revision to watch from. Without it the error is thrown.
   */
  onResync?: (currentRevision: bigint) => bigint | Promise<bigint>;
  /** Yield BOOKMARK events too (they always advance the position). Default false. */
  bookmarks?: boolean;
  /** The first back-off before a resume, in ms (default 200); doubled after each failed try. */
  minBackoffMs?: number;
  /** The longest back-off, in ms (default 10,000). */
  maxBackoffMs?: number;
  /** Ends the watch when aborted (the iteration stops without an error). */
  signal?: AbortSignal;
}

/** The iterable {@link watchDirectory} returns; `revision` is the resume position. */
export class DirectoryWatch implements AsyncIterable<DirectoryEvent> {
  /** The last revision received (or the one to resume from); 0 before the first event of a watch from now. */
  revision: bigint;
  /** How many times the stream was opened again. */
  reconnects = 0;
  /** How many times `onResync` was called. */
  resyncs = 0;

  private readonly stub: WatchStub;
  private readonly options: WatchDirectoryOptions;
  private readonly controller = new AbortController();

  constructor(stub: WatchStub, options: WatchDirectoryOptions) {
    this.stub = stub;
    this.options = options;
    this.revision = options.since ?? 0n;
    const outer = options.signal;
    if (outer !== undefined) {
      if (outer.aborted) {
        this.controller.abort();
      } else {
        outer.addEventListener("abort", () => this.close(), { once: true });
      }
    }
  }

  /** Ends the watch: the current stream is cancelled and the iteration stops. */
  close(): void {
    this.controller.abort();
  }

  /** Whether the watch was closed (by `close()` or the signal). */
  get closed(): boolean {
    return this.controller.signal.aborted;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<DirectoryEvent, void, undefined> {
    const minBackoff = this.options.minBackoffMs ?? 200;
    const maxBackoff = this.options.maxBackoffMs ?? 10_000;
    const signal = this.controller.signal;
    let backoff = minBackoff;
    while (!signal.aborted) {
      const request = {
        sinceRevision: this.revision,
        tenantId: this.options.tenantId ?? "",
        kinds: this.options.kinds ?? [],
      };
      try {
        for await (const event of this.stub.watchDirectory(request, { signal })) {
          backoff = minBackoff;
          if (event.revision > this.revision) {
            this.revision = event.revision;
          }
          if (event.type !== DirectoryEvent_Type.BOOKMARK || this.options.bookmarks === true) {
            yield event;
          }
          if (signal.aborted) {
            return;
          }
        }
        return; // the server ended the stream without an error: nothing more will come
      } catch (raw) {
        if (signal.aborted) {
          return;
        }
        const err = toPbmError(raw);
        const meta = errorMetadata(err);
        if (err.code === Code.FailedPrecondition && err.reason === RESYNC_REQUIRED) {
          if (this.options.onResync === undefined) {
            throw err;
          }
          this.resyncs += 1;
          this.revision = await this.options.onResync(BigInt(meta["current_revision"] ?? "0"));
          continue;
        }
        if (
          err.code === Code.Unavailable ||
          (err.code === Code.ResourceExhausted && err.reason === WATCHER_TOO_SLOW)
        ) {
          const resumeFrom = meta["resume_from"];
          if (resumeFrom !== undefined && BigInt(resumeFrom) > this.revision) {
            this.revision = BigInt(resumeFrom);
          }
          this.reconnects += 1;
          await sleep(backoff, signal);
          backoff = Math.min(backoff * 2, maxBackoff);
          continue;
        }
        throw err;
      }
    }
  }
}

/**
 * Watches the directory from `options.since` (0: from now), resuming after
 * dropped streams.
 *
 * `client` is a {@link PbmClient} (its `watch` client is used) or a
 * {@link WatchStub}. Iterate the result; `close()` (or the `signal`) ends it:
 *
 * ```ts
 * const watch = watchDirectory(pbm, { since: rev, onResync: relist, signal });
 * for await (const event of watch) apply(event);
 * ```
 */
export function watchDirectory(client: { watch: WatchStub } | WatchStub, options: WatchDirectoryOptions = {}): DirectoryWatch {
  const stub = "watch" in client ? client.watch : client;
  return new DirectoryWatch(stub, options);
}

/** The `ErrorInfo.metadata` of an error (none: `{}`). */
function errorMetadata(err: PbmError): Record<string, string> {
  return err.findDetails(ErrorInfoSchema)[0]?.metadata ?? {};
}

/** Waits `ms`, or less when `signal` aborts (browser-safe: no Node timers module). */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
