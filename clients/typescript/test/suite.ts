/**
 * The TypeScript client against a live pbm (nothing is mocked): login,
 * refresh, tenants, users, paging, streaming and rich errors, run once per
 * transport by grpc.test.ts and grpc-web.test.ts.
 *
 * PBM_ADDR / PBM_LOGIN / PBM_PASSWORD name the pbm under test and its
 * superadmin; PBM_SHORT_TTL_ADDR a second pbm whose access tokens live 2 s.
 * scripts/test-clients.sh starts both. A missing variable fails the suite.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { type Client, type Transport, createClient } from "@connectrpc/connect";
import {
  AlreadyExistsError,
  AuthService,
  InvalidArgumentError,
  type ListUsersResponse,
  NotFoundError,
  PbmError,
  type PbmClient,
  type PbmConnectionOptions,
  type PbmCredentials,
  Role,
  type Tenant,
  UnauthenticatedError,
  errorReason,
  fieldViolations,
  paginate,
} from "@pbm/client";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { CreateUserRequestSchema, ListUsersRequestSchema } from "@pbm/client";
import { ConnectError } from "@connectrpc/connect";

export function env(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run scripts/test-clients.sh, or start pbm and set it`);
  }
  return value;
}

/** What a test passes to {@link TransportKind.connect}: credentials, and optionally the refresh policy. */
export type ConnectOptions = PbmCredentials & Omit<PbmConnectionOptions, "transport">;

export interface TransportKind {
  name: string;
  /** A PbmClient for a `host:port`. */
  connect(addr: string, options: ConnectOptions): PbmClient;
  /** A bare transport (no interceptors) for a `host:port`. */
  bare(addr: string): Transport;
}

const PASSWORD = "Str0ng-Passw0rd!";

function unique(): string {
  return randomBytes(5).toString("hex");
}

export function runSuite(kind: TransportKind): void {
  const addr = env("PBM_ADDR");
  const shortTtlAddr = env("PBM_SHORT_TTL_ADDR");
  const login = process.env["PBM_LOGIN"] || "creator@example.com";
  const password = env("PBM_PASSWORD");
  const connect = (a = addr, o: { password?: string } & Omit<PbmConnectionOptions, "transport"> = {}): PbmClient =>
    kind.connect(a, { login, password, ...o });
  const bareAuth = (a: string): Client<typeof AuthService> => createClient(AuthService, kind.bare(a));
  const whoAmIWith = (a: string, token: string) =>
    bareAuth(a).whoAmI({}, { headers: { authorization: `Bearer ${token}` } });

  describe(`${kind.name}: authentication`, () => {
    test("login returns tokens, WhoAmI the identity", async () => {
      const pbm = connect();
      assert.equal(pbm.session.tokens, undefined, "the client logs in lazily");
      const tokens = await pbm.session.login();
      assert.ok(tokens.accessToken && tokens.refreshToken);
      assert.ok(tokens.expiresIn > 0n);
      assert.equal(tokens.role, Role.SUPERADMIN);
      assert.equal(tokens.mail, login);
      assert.equal(tokens.tenantId, "default");
      const me = await pbm.auth.whoAmI({});
      assert.equal(me.mail, login);
      assert.equal(me.role, Role.SUPERADMIN);
      assert.equal(pbm.session.loginCount, 1);
    });

    test("the first call logs in by itself", async () => {
      const pbm = connect();
      assert.equal((await pbm.auth.whoAmI({})).mail, login);
      assert.equal(pbm.session.loginCount, 1);
      assert.notEqual(pbm.session.tokens, undefined);
    });

    test("a wrong password is UNAUTHENTICATED / BAD_CREDENTIALS", async () => {
      const pbm = connect(addr, { password: "not-the-password" });
      const err = await pbm.auth.whoAmI({}).then(
        () => assert.fail("login with a wrong password succeeded"),
        (e: unknown) => e,
      );
      assert.ok(err instanceof UnauthenticatedError, String(err));
      assert.equal(err.reason, "BAD_CREDENTIALS");
    });

    test("refresh rotates; reusing a refresh token ends the session; the client logs in again", async () => {
      const pbm = connect();
      const first = await pbm.session.login();
      const second = await pbm.session.refresh();
      assert.notEqual(second.refreshToken, first.refreshToken);
      assert.equal(pbm.session.refreshCount, 1);
      assert.equal((await whoAmIWith(addr, second.accessToken)).mail, login);

      const reuse = await bareAuth(addr).refresh({ refreshToken: first.refreshToken }).then(
        () => assert.fail("an old refresh token was accepted"),
        (e: unknown) => e,
      );
      assert.equal(ConnectError.from(reuse).code, 16 /* Unauthenticated */);
      assert.equal(errorReason(reuse), "REFRESH_TOKEN_INVALID");
      const ended = await whoAmIWith(addr, second.accessToken).then(
        () => assert.fail("the session survived a refresh-token reuse"),
        (e: unknown) => e,
      );
      assert.equal(errorReason(ended), "SESSION_ENDED");

      assert.equal((await pbm.auth.whoAmI({})).mail, login);
      assert.equal(pbm.session.loginCount, 2);
    });

    test("an access token about to expire is refreshed before use", async () => {
      const pbm = connect(shortTtlAddr);
      const first = await pbm.session.login();
      assert.ok(first.expiresIn <= 5n, "PBM_SHORT_TTL_ADDR must issue short-lived tokens");
      await sleep(Number(first.expiresIn) * 1000 + 1500);
      const expired = await whoAmIWith(shortTtlAddr, first.accessToken).then(
        () => assert.fail("an expired access token was accepted"),
        (e: unknown) => e,
      );
      assert.equal(errorReason(expired), "TOKEN_EXPIRED");

      assert.equal((await pbm.auth.whoAmI({})).mail, login);
      assert.equal(pbm.session.refreshCount, 1);
      assert.equal(pbm.session.loginCount, 1);
      assert.notEqual(pbm.session.tokens?.refreshToken, first.refreshToken);
    });

    test("a TOKEN_EXPIRED answer makes the client refresh and retry", async () => {
      const pbm = connect(shortTtlAddr, { proactiveRefresh: false });
      const first = await pbm.session.login();
      await sleep(Number(first.expiresIn) * 1000 + 1500);
      assert.equal((await pbm.auth.whoAmI({})).mail, login);
      assert.equal(pbm.session.refreshCount, 1);
      await sleep(Number(first.expiresIn) * 1000 + 1500);
      const streamed: string[] = [];
      for await (const user of pbm.users.streamUsers({ tenantId: "default" })) {
        streamed.push(user.mail);
      }
      assert.ok(streamed.includes(login));
      assert.equal(pbm.session.refreshCount, 2);
      assert.equal(pbm.session.loginCount, 1);
    });
  });

  describe(`${kind.name}: tenants and users`, () => {
    const pbm = connect();
    let tenant: Tenant;

    before(async () => {
      const suffix = unique();
      tenant = await pbm.tenants.createTenant({
        tenantId: `ts-${suffix}`,
        tenant: { displayName: `TypeScript suite ${suffix}`, lang: "en-US" },
        domain: `ts-${suffix}.example`,
      });
    });
    after(async () => {
      await pbm.tenants.deleteTenant({ tenantId: tenant.id, force: true });
    });

    test("reads settings and the audit trail", async () => {
      const setting = await pbm.settings.getSetting({ key: "psn/bruteforce/penalty" });
      assert.equal(setting.key, "psn/bruteforce/penalty");
      assert.match(setting.value, /^\d+$/);
      const audit = await pbm.audit.listAuditEvents({ tenantId: tenant.id });
      assert.ok(audit.events.some((e) => e.rpc === "pbm.v2.TenantService/CreateTenant" && e.result === "OK"));
    });

    const newUser = (local: string, givenName: string, surname: string): MessageInitShape<typeof CreateUserRequestSchema> => ({
      user: { tenantId: tenant.id, mail: `${local}@${tenant.defaultDomain}`, password: PASSWORD, givenName, surname },
    });

    test("the tenant was created and is listed", async () => {
      assert.match(tenant.id, /^ts-/);
      assert.equal(tenant.defaultDomain, `${tenant.id}.example`);
      assert.deepEqual(tenant.domains, [tenant.defaultDomain]);
      const got = await pbm.tenants.getTenant({ tenantId: tenant.id });
      assert.equal(got.displayName, tenant.displayName);
      assert.equal(got.lang, "en-US");
      const ids: string[] = [];
      for await (const t of paginate(pbm.tenants.listTenants, { pageSize: 1 }, (p) => p.tenants)) {
        ids.push(t.id);
      }
      assert.ok(ids.includes("default") && ids.includes(tenant.id));
      assert.deepEqual(ids, [...ids].sort(), "tenants are listed by id");
    });

    test("users: paged to the end, streamed, searched", async () => {
      const names = ["ada", "bob", "cyd", "dan", "eve", "fay", "gus"];
      for (const [i, name] of [...names].reverse().entries()) {
        const created = await pbm.users.createUser(newUser(name, name.toUpperCase(), `Surname${i}`));
        assert.equal(created.mail, `${name}@${tenant.defaultDomain}`);
        assert.equal(created.password, "", "the password is never returned");
      }
      const expected = names.map((n) => `${n}@${tenant.defaultDomain}`);

      const pages: ListUsersResponse[] = [];
      const listUsers = async (req: MessageInitShape<typeof ListUsersRequestSchema>) => {
        const page = await pbm.users.listUsers(req);
        pages.push(page);
        return page;
      };
      const request = { tenantId: tenant.id, pageSize: 3 };
      const listed: string[] = [];
      for await (const user of paginate(listUsers, request, (p) => p.users)) {
        listed.push(user.mail);
      }
      assert.deepEqual(listed, expected);
      assert.deepEqual(pages.map((p) => p.users.length), [3, 3, 1]);
      assert.ok(pages.every((p) => p.totalSize === 7));
      assert.equal(pages.at(-1)?.nextPageToken, "");
      assert.deepEqual(request, { tenantId: tenant.id, pageSize: 3 }, "paginate leaves the request alone");

      const streamed: string[] = [];
      for await (const user of pbm.users.streamUsers({ tenantId: tenant.id })) {
        streamed.push(user.mail);
      }
      assert.deepEqual(streamed, expected);

      const found = await pbm.users.listUsers({ tenantId: tenant.id, search: "EVE" });
      assert.deepEqual(found.users.map((u) => u.mail), [`eve@${tenant.defaultDomain}`]);
      assert.equal(found.totalSize, 1);
    });

    test("update with a field mask, get, delete, undelete", async () => {
      const mail = `upd@${tenant.defaultDomain}`;
      await pbm.users.createUser(newUser("upd", "Before", "Same"));
      const updated = await pbm.users.updateUser({
        user: { tenantId: tenant.id, mail, givenName: "After", surname: "Ignored" },
        updateMask: { paths: ["given_name"] },
      });
      assert.deepEqual([updated.givenName, updated.surname], ["After", "Same"]);
      assert.equal((await pbm.users.getUser({ tenantId: tenant.id, mail })).givenName, "After");

      await pbm.users.deleteUser({ tenantId: tenant.id, mail });
      await assert.rejects(pbm.users.getUser({ tenantId: tenant.id, mail }), NotFoundError);
      const deleted = await pbm.users.listDeletedUsers({ tenantId: tenant.id });
      assert.deepEqual(deleted.users.map((u) => u.mail), [mail]);
      const restored = await pbm.users.undeleteUser({ tenantId: tenant.id, mail });
      assert.equal(restored.mail, mail);
      assert.equal(restored.givenName, "After");
    });

    test("NOT_FOUND and ALREADY_EXISTS", async () => {
      const err = await pbm.users.getUser({ tenantId: tenant.id, mail: `nobody@${tenant.defaultDomain}` }).then(
        () => assert.fail("a missing user was found"),
        (e: unknown) => e,
      );
      assert.ok(err instanceof NotFoundError);
      assert.equal(err.code, 5 /* NotFound */);
      await pbm.users.createUser(newUser("dup", "Dup", "One"));
      await assert.rejects(pbm.users.createUser(newUser("dup", "Dup", "Two")), AlreadyExistsError);
    });
  });

  describe(`${kind.name}: errors`, () => {
    const pbm = connect();

    test("an invalid request lists its field violations", async () => {
      const request: MessageInitShape<typeof CreateUserRequestSchema> = { user: { tenantId: "default", mail: "x@example.com" } };
      const err = await pbm.users.createUser(request).then(
        () => assert.fail("an invalid user was created"),
        (e: unknown) => e,
      );
      assert.ok(err instanceof InvalidArgumentError, String(err));
      assert.ok(err instanceof PbmError && err instanceof ConnectError, "still a ConnectError");
      assert.equal(err.code, 3 /* InvalidArgument */);
      assert.deepEqual(err.violations.map((v) => [v.field, v.reason]).sort(), [
        ["user.given_name", "REQUIRED"],
        ["user.password", "REQUIRED"],
        ["user.surname", "REQUIRED"],
      ]);
      assert.ok(err.violations.every((v) => v.description !== ""), "every violation has a description");
      assert.deepEqual(new Set(err.fields()), new Set(["user.password", "user.given_name", "user.surname"]));
      assert.deepEqual(fieldViolations(err), [...err.violations]);
    });

    test("an invalid value is reported as INVALID", async () => {
      const err = await pbm.tenants.createTenant({ tenantId: "Not A Valid Id!", domain: "x.example" }).then(
        () => assert.fail("an invalid tenant was created"),
        (e: unknown) => e,
      );
      assert.ok(err instanceof InvalidArgumentError);
      assert.equal(err.violations.length, 1);
      assert.equal(err.violations[0]?.field, "tenant_id");
      assert.equal(err.violations[0]?.reason, "INVALID");
      assert.ok(err.violations[0]?.description);
    });

    test("errors of a server stream are PbmErrors too", async () => {
      const read = async () => {
        for await (const _ of pbm.users.streamUsers({ tenantId: `missing-${unique()}` })) {
          // nothing
        }
      };
      await assert.rejects(read(), NotFoundError);
    });

    test("a plain ConnectError is not an InvalidArgumentError", () => {
      const plain = new ConnectError("x", 3);
      assert.equal(plain instanceof InvalidArgumentError, false);
      assert.equal(plain instanceof PbmError, false);
    });
  });
}
