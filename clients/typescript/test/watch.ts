/**
 * watchDirectory against the live pbm: resume after a dropped stream, resync
 * (run once per transport by grpc.test.ts and grpc-web.test.ts).
 *
 * The drop is simulated by a stub that cuts the first live stream after two
 * events with UNAVAILABLE (as a server going away does). RESYNC_REQUIRED
 * cannot be produced from outside (the log is pruned after days), so the
 * resync test puts a stub in front of the live one that answers it once, as
 * pbm does. The same tests as the Python client's tests/test_watch.py.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { Code, ConnectError } from "@connectrpc/connect";
import {
  type DirectoryEvent,
  DirectoryEvent_Type,
  ErrorInfoSchema,
  FailedPreconditionError,
  type PbmClient,
  type Tenant,
  type WatchStub,
  watchDirectory,
} from "@pbm/client";
import type { TransportKind } from "./suite.js";
import { env } from "./suite.js";

/**
 * The revision to watch from after this test's own writes. The pbm-revision
 * header of a read is where the replica's log follower stands, which can
 * trail this test's own writes by a moment; a watch opened "now" starts with a
 * bookmark at the latest committed revision, which does not. The larger of
 * the two (as the Go and Python clients' tests do).
 */
export async function revision(pbm: PbmClient, tenantId: string): Promise<bigint> {
  let header: string | null = null;
  await pbm.tenants.getTenant({ tenantId }, { onHeader: (h) => (header = h.get("pbm-revision")) });
  assert.ok(header, "no pbm-revision header");
  const fromHeader = BigInt(header);
  let bookmark = 0n;
  const controller = new AbortController();
  for await (const event of pbm.watch.watchDirectory({ tenantId }, { signal: controller.signal, timeoutMs: 10_000 })) {
    bookmark = event.revision;
    break;
  }
  controller.abort();
  return fromHeader > bookmark ? fromHeader : bookmark;
}

async function rename(pbm: PbmClient, tenantId: string, displayName: string): Promise<void> {
  await pbm.tenants.updateTenant({ tenant: { id: tenantId, displayName }, updateMask: { paths: ["display_name"] } });
}

function rpcError(code: Code, reason: string, metadata: Record<string, string> = {}): ConnectError {
  return new ConnectError(reason, code, undefined, [{ desc: ErrorInfoSchema, value: { reason, domain: "pbm", metadata } }]);
}

/** The live stub, whose first stream is cut after `after` events. */
class Dropping implements WatchStub {
  readonly requests: bigint[] = [];
  constructor(
    private readonly live: WatchStub,
    private readonly after: number,
  ) {}

  watchDirectory(...args: Parameters<WatchStub["watchDirectory"]>): AsyncIterable<DirectoryEvent> {
    this.requests.push(BigInt(args[0].sinceRevision ?? 0n));
    const call = this.live.watchDirectory(...args);
    return this.requests.length > 1 ? call : this.cut(call);
  }

  private async *cut(call: AsyncIterable<DirectoryEvent>): AsyncGenerator<DirectoryEvent> {
    let n = 0;
    for await (const event of call) {
      yield event;
      if (event.type !== DirectoryEvent_Type.BOOKMARK) {
        n += 1;
        if (n === this.after) {
          break; // leaving the loop cancels the live call
        }
      }
    }
    throw rpcError(Code.Unavailable, "");
  }
}

export function runWatchSuite(kind: TransportKind): void {
  const addr = env("PBM_ADDR");
  const login = process.env["PBM_LOGIN"] || "creator@example.com";
  const password = env("PBM_PASSWORD");

  describe(`${kind.name}: watchDirectory`, () => {
    const pbm = kind.connect(addr, { login, password });
    let tenant: Tenant;

    before(async () => {
      const suffix = randomBytes(5).toString("hex");
      tenant = await pbm.tenants.createTenant({
        tenantId: `tsw-${suffix}`,
        tenant: { displayName: `TypeScript watch ${suffix}`, lang: "en-US" },
        domain: `tsw-${suffix}.example`,
      });
    });
    after(async () => {
      await pbm.tenants.deleteTenant({ tenantId: tenant.id, force: true });
    });

    test("a stream cut after two events resumes with nothing lost or repeated", async () => {
      const since = await revision(pbm, tenant.id);
      const names = [0, 1, 2, 3, 4].map((i) => `renamed ${i}`);
      for (const name of names) {
        await rename(pbm, tenant.id, name);
      }
      const stub = new Dropping(pbm.watch, 2);
      const watch = watchDirectory(stub, { since, tenantId: tenant.id, minBackoffMs: 10 });
      const events: DirectoryEvent[] = [];
      for await (const event of watch) {
        events.push(event);
        if (events.length === names.length) {
          watch.close();
        }
      }
      const revisions = events.map((e) => e.revision);
      assert.equal(watch.reconnects, 1);
      assert.deepEqual(stub.requests, [since, revisions[1]]);
      assert.deepEqual(revisions, [...new Set(revisions)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)), "an event lost or repeated");
      assert.equal(events.length, names.length);
      assert.ok(events.every((e) => e.type === DirectoryEvent_Type.MODIFIED));
      assert.ok(events.every((e) => e.tenantId === tenant.id));
      // Each event carries the tenant as it is when sent (its latest state).
      assert.deepEqual(
        events.map((e) => (e.object.case === "tenant" ? e.object.value.displayName : "")),
        names.map(() => names[names.length - 1]),
      );
      assert.equal(watch.revision, revisions[revisions.length - 1]);
    });

    test("RESYNC_REQUIRED calls onResync, then the watch goes on", async () => {
      const requests: bigint[] = [];
      const stale: WatchStub = {
        watchDirectory(request, options) {
          requests.push(BigInt(request.sinceRevision ?? 0n));
          if (requests.length === 1) {
            return (async function* (): AsyncGenerator<DirectoryEvent> {
              throw rpcError(Code.FailedPrecondition, "RESYNC_REQUIRED", { current_revision: "123" });
            })();
          }
          return pbm.watch.watchDirectory(request, options);
        },
      };
      const relisted: bigint[] = [];
      const relist = async (current: bigint): Promise<bigint> => {
        relisted.push(current);
        const rev = await revision(pbm, tenant.id);
        await rename(pbm, tenant.id, "after resync");
        return rev;
      };
      const controller = new AbortController();
      const watch = watchDirectory(stale, { since: 1n, tenantId: tenant.id, onResync: relist, signal: controller.signal });
      // A read's revision may lag the reader's own writes (the replica applies the log behind
      // its commits), so the tenant's creation can come again before the rename: a list then a
      // watch misses nothing, it may repeat.
      let first: DirectoryEvent | undefined;
      for await (const event of watch) {
        if (first === undefined && event.type === DirectoryEvent_Type.MODIFIED) {
          first = event;
          controller.abort();
        }
      }
      assert.deepEqual(relisted, [123n]);
      assert.equal(watch.resyncs, 1);
      assert.equal(requests[0], 1n);
      assert.ok((requests[1] ?? 0n) > 1n);
      assert.ok(first);
      assert.equal(first.type, DirectoryEvent_Type.MODIFIED);
      assert.equal(first.object.case === "tenant" ? first.object.value.displayName : "", "after resync");
    });

    test("RESYNC_REQUIRED without onResync is thrown", async () => {
      const stale: WatchStub = {
        watchDirectory() {
          return (async function* (): AsyncGenerator<DirectoryEvent> {
            throw rpcError(Code.FailedPrecondition, "RESYNC_REQUIRED", { current_revision: "7" });
          })();
        },
      };
      const read = async (): Promise<void> => {
        for await (const _ of watchDirectory(stale, { since: 1n })) {
          assert.fail("an event from a stale watch");
        }
      };
      await assert.rejects(read(), (err: unknown) => err instanceof FailedPreconditionError && err.reason === "RESYNC_REQUIRED");
    });
  });
}
