/**
 * The TypeScript client as a service account (API-key mode) against a live
 * pbm, once per transport: the key is sent on unary calls, streams and the
 * watch; scopes and the tenant wall hold; a key is not a session; a refused
 * key is a typed error. The same tests as the Python client's
 * tests/test_api_key.py.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import {
  ApiKeyModeError,
  DirectoryEvent_Type,
  type PbmClient,
  PermissionDeniedError,
  type Tenant,
  UnauthenticatedError,
  paginate,
  watchDirectory,
} from "@pbm/client";
import type { TransportKind } from "./suite.js";
import { env } from "./suite.js";
import { revision } from "./watch.js";

/**
 * Well-formed but unknown. Every client suite presents this same key: pbm
 * counts a repeated wrong key once against the client address, so the suites
 * together stay below the robot check of 127.0.0.1.
 */
const UNKNOWN_KEY = `pbm_sk_0000000000000000_${"0".repeat(64)}`;

async function mails(stream: AsyncIterable<{ mail: string }>): Promise<string[]> {
  const out: string[] = [];
  for await (const user of stream) {
    out.push(user.mail);
  }
  return out.sort();
}

export function runApiKeySuite(kind: TransportKind): void {
  const addr = env("PBM_ADDR");
  const login = process.env["PBM_LOGIN"] || "creator@example.com";
  const password = env("PBM_PASSWORD");

  describe(`${kind.name}: API keys`, () => {
    const admin = kind.connect(addr, { login, password });
    let tenant: Tenant;

    // A new service account of the tenant with `scopes`, and a key of it.
    const serviceKey = async (scopes: string[]): Promise<string> => {
      const name = `ts-${randomBytes(4).toString("hex")}`;
      await admin.serviceAccounts.createServiceAccount({ serviceAccount: { tenantId: tenant.id, name, scopes } });
      const created = await admin.serviceAccounts.createApiKey({ tenantId: tenant.id, serviceAccount: name });
      assert.ok(created.key.startsWith(`pbm_sk_${created.apiKey?.id}_`));
      return created.key;
    };

    before(async () => {
      const suffix = randomBytes(5).toString("hex");
      tenant = await admin.tenants.createTenant({
        tenantId: `tsk-${suffix}`,
        tenant: { displayName: `TypeScript keys ${suffix}`, lang: "en-US" },
        domain: `tsk-${suffix}.example`,
      });
    });
    after(async () => {
      await admin.tenants.deleteTenant({ tenantId: tenant.id, force: true });
    });

    test("a key reads within its scopes: unary, paged, streamed and watched", async () => {
      const svc: PbmClient = kind.connect(addr, { apiKey: await serviceKey(["directory.read"]) });
      for (const local of ["ann", "bob", "cat"]) {
        await admin.users.createUser({
          user: { tenantId: tenant.id, mail: `${local}@${tenant.defaultDomain}`, password: "Str0ng-Passw0rd!", givenName: local, surname: "Keyed" },
        });
      }
      const expected = await mails(admin.users.streamUsers({ tenantId: tenant.id }));
      assert.equal(expected.length, 3);
      assert.ok(svc.session.usesApiKey);
      const me = await svc.auth.whoAmI({});
      assert.equal(me.tenantId, tenant.id);
      assert.ok(me.mail.startsWith("service-account:"), me.mail);
      const paged = paginate(svc.users.listUsers, { tenantId: tenant.id, pageSize: 1 }, (page) => page.users);
      assert.deepEqual(await mails(paged), expected);
      assert.deepEqual(await mails(svc.users.streamUsers({ tenantId: tenant.id })), expected);

      // The watch helper runs on a key too: a change after the revision the key read reaches it.
      const since = await revision(svc, tenant.id);
      const mail = `watched.${randomBytes(3).toString("hex")}@${tenant.defaultDomain}`;
      await admin.users.createUser({
        user: { tenantId: tenant.id, mail, password: "Str0ng-Passw0rd!", givenName: "W", surname: "Atched" },
      });
      const watch = watchDirectory(svc, { since, tenantId: tenant.id });
      let seen = "";
      for await (const event of watch) {
        if (event.object.case === "user") {
          assert.equal(event.type, DirectoryEvent_Type.ADDED);
          seen = event.object.value.mail;
          watch.close();
        }
      }
      assert.equal(seen, mail);
      assert.equal(svc.session.tokens, undefined, "no session was made");
      assert.equal(svc.session.loginCount + svc.session.refreshCount, 0);
    });

    test("a key is held by its scopes and its tenant", async () => {
      const svc = kind.connect(addr, { apiKey: await serviceKey(["directory.read"]) });
      const mail = `nope@${tenant.defaultDomain}`;
      await assert.rejects(
        svc.users.createUser({ user: { tenantId: tenant.id, mail, password: "Str0ng-Passw0rd!", givenName: "N", surname: "O" } }),
        PermissionDeniedError,
      );
      await assert.rejects(svc.users.listUsers({ tenantId: "default" }), PermissionDeniedError);
      await assert.rejects(mails(svc.users.streamUsers({ tenantId: "default" })), PermissionDeniedError);
      assert.ok(!(await mails(admin.users.streamUsers({ tenantId: tenant.id }))).includes(mail));
    });

    test("a key is not a session", async () => {
      const svc = kind.connect(addr, { apiKey: await serviceKey(["directory.read"]) });
      await assert.rejects(svc.session.login(), ApiKeyModeError);
      await assert.rejects(svc.session.refresh(), ApiKeyModeError);
      const err = await svc.auth.logout({}).then(
        () => assert.fail("Logout took a key"),
        (e: unknown) => e,
      );
      assert.ok(err instanceof UnauthenticatedError);
      assert.equal(err.reason, "API_KEY_NOT_A_SESSION");
      assert.equal((await svc.auth.whoAmI({})).tenantId, tenant.id, "the key still works");
    });

    test("an unknown key is refused, and nothing logs in", async () => {
      const svc = kind.connect(addr, { apiKey: UNKNOWN_KEY });
      const err = await svc.auth.whoAmI({}).then(
        () => assert.fail("an unknown key was taken"),
        (e: unknown) => e,
      );
      assert.ok(err instanceof UnauthenticatedError);
      assert.equal(err.reason, "API_KEY_INVALID");
      assert.ok(!err.message.includes(UNKNOWN_KEY));
      assert.equal(svc.session.loginCount, 0);
    });

    test("a client takes one kind of credentials", () => {
      // JavaScript callers are not held by the types: the factory checks.
      const both = { login, password, apiKey: UNKNOWN_KEY } as unknown as { apiKey: string };
      assert.throws(() => kind.connect(addr, both), TypeError);
      assert.throws(() => kind.connect(addr, {} as unknown as { apiKey: string }), TypeError);
    });
  });
}
