/**
 * The one way the panel talks to pbm: the generated service clients of
 * `@pbm/client` over grpc-web on the page's own origin, with the session's
 * tokens handled here and nowhere else.
 *
 * - Tokens live in memory; only the refresh token is kept in sessionStorage
 *   (so that reloading the tab keeps the session, and closing it ends it).
 *   No cookie is ever set: pbm reads tokens from the `authorization` header
 *   only, so a forged cross-site request has nothing to ride on.
 * - Every call but Login, Refresh and CreateLoginChallenge carries
 *   `authorization: Bearer …`. The access token is refreshed shortly before
 *   it expires, and once more when pbm still answers TOKEN_EXPIRED; the call
 *   is then repeated, so an expired token never reaches a screen.
 * - A session that pbm ended (SESSION_ENDED: logout elsewhere, password
 *   change, block, delete; or a refresh token refused) is dropped: the app
 *   returns to the login screen with {@link sessionNotice} saying why.
 * - Every failure is thrown as a `PbmError` of `@pbm/client` (a subclass per
 *   status code, field violations decoded); `errors.ts` words them.
 *
 * `@pbm/client`'s own `createPbmClient` is not used for the session: it
 * keeps the password to log in again by itself, which a browser must not.
 */
import { Code, type Client, type Interceptor, createClient } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import {
  AuditService,
  AuthService,
  DomainService,
  MailListService,
  MailService,
  ResourceService,
  Role,
  ServiceAccountService,
  SettingsService,
  TenantService,
  type Tokens,
  UserService,
  errorReason,
  toPbmError,
} from "@pbm/client";
import type { Key } from "./i18n";
import { createStore } from "./store";

/** Who is signed in. */
export interface SessionInfo {
  mail: string;
  tenantId: string;
  role: Role;
}

interface TokenState {
  access: string;
  refresh: string;
  /** When to refresh, in ms since the epoch. */
  refreshAt: number;
}

const REFRESH_KEY = "pbm.admin.refresh";
/** Methods that need no access token. */
const NO_BEARER = new Set(["Login", "Refresh", "CreateLoginChallenge"]);
/** Reasons after which the session is over. */
const ENDED = new Set(["SESSION_ENDED", "TOKEN_INVALID", "TOKEN_MISSING", "REFRESH_TOKEN_INVALID"]);

let tokens: TokenState | undefined;
let pendingRefresh: Promise<string> | undefined;

/** The signed-in account; null on the login screen. */
export const session = createStore<SessionInfo | null>(null);
/** Why the login screen is shown (a session that ended, a logout). */
export const sessionNotice = createStore<Key | null>(null);

/** Thrown to screens whose call found the session over: they show nothing, the app goes to login. */
export class SessionEndedError extends Error {
  constructor() {
    super("session ended");
    this.name = "SessionEndedError";
  }
}

const bearer: Interceptor = (next) => async (req) => {
  if (req.service.typeName === AuthService.typeName && NO_BEARER.has(req.method.name)) {
    try {
      return await next(req);
    } catch (err) {
      throw toPbmError(err);
    }
  }
  const token = await accessToken();
  req.header.set("authorization", `Bearer ${token}`);
  try {
    return await next(req);
  } catch (first) {
    const err = toPbmError(first);
    if (err.code !== Code.Unauthenticated) throw err;
    if (err.reason === "TOKEN_EXPIRED") {
      const fresh = await refreshOnce(token);
      req.header.set("authorization", `Bearer ${fresh}`);
      try {
        return await next(req);
      } catch (second) {
        const again = toPbmError(second);
        if (again.code === Code.Unauthenticated) endSession(again.reason);
        throw again;
      }
    }
    endSession(err.reason);
  }
};

const transport = createGrpcWebTransport({
  baseUrl: location.origin,
  interceptors: [bearer],
  defaultTimeoutMs: 30_000,
});

/** Every service of pbm the panel uses. */
export const api: {
  auth: Client<typeof AuthService>;
  tenants: Client<typeof TenantService>;
  users: Client<typeof UserService>;
  domains: Client<typeof DomainService>;
  resources: Client<typeof ResourceService>;
  mailLists: Client<typeof MailListService>;
  mail: Client<typeof MailService>;
  settings: Client<typeof SettingsService>;
  audit: Client<typeof AuditService>;
  serviceAccounts: Client<typeof ServiceAccountService>;
} = {
  auth: createClient(AuthService, transport),
  tenants: createClient(TenantService, transport),
  users: createClient(UserService, transport),
  domains: createClient(DomainService, transport),
  resources: createClient(ResourceService, transport),
  mailLists: createClient(MailListService, transport),
  mail: createClient(MailService, transport),
  settings: createClient(SettingsService, transport),
  audit: createClient(AuditService, transport),
  serviceAccounts: createClient(ServiceAccountService, transport),
};

/** A valid access token, refreshed first when it is about to expire. */
async function accessToken(): Promise<string> {
  if (tokens === undefined) {
    endSession("TOKEN_MISSING");
  }
  if (Date.now() >= tokens.refreshAt) {
    return refreshOnce(tokens.access);
  }
  return tokens.access;
}

/** Refreshes the pair unless another call already replaced `stale`; concurrent callers share one refresh. */
function refreshOnce(stale: string): Promise<string> {
  if (tokens !== undefined && tokens.access !== stale) return Promise.resolve(tokens.access);
  if (pendingRefresh === undefined) {
    pendingRefresh = (async () => {
      try {
        const refreshToken = tokens?.refresh ?? "";
        try {
          const fresh = await api.auth.refresh({ refreshToken });
          return store(fresh).access;
        } catch (err) {
          const e = toPbmError(err);
          if (e.code === Code.Unauthenticated || e.code === Code.InvalidArgument) endSession(e.reason || "REFRESH_TOKEN_INVALID");
          throw e;
        }
      } finally {
        pendingRefresh = undefined;
      }
    })();
  }
  return pendingRefresh;
}

function store(fresh: Tokens): TokenState {
  const lifetimeMs = Number(fresh.expiresIn) * 1000;
  const marginMs = Math.min(30_000, lifetimeMs / 10);
  tokens = { access: fresh.accessToken, refresh: fresh.refreshToken, refreshAt: Date.now() + lifetimeMs - marginMs };
  try {
    sessionStorage.setItem(REFRESH_KEY, fresh.refreshToken);
  } catch {
    // Without storage a reload asks for the password again.
  }
  const current = session.get();
  if (current === null || current.mail !== fresh.mail || current.role !== fresh.role || current.tenantId !== fresh.tenantId) {
    session.set({ mail: fresh.mail, tenantId: fresh.tenantId, role: fresh.role });
  }
  return tokens;
}

function forget(): void {
  tokens = undefined;
  try {
    sessionStorage.removeItem(REFRESH_KEY);
  } catch {
    // Nothing kept.
  }
}

/** Drops the session pbm ended and sends the app to login; throws. */
function endSession(reason: string): never {
  const wasSignedIn = session.get() !== null;
  forget();
  if (wasSignedIn) {
    sessionNotice.set(reason === "SESSION_ENDED" ? "login.sessionEnded" : "login.sessionInvalid");
    session.set(null);
  }
  throw new SessionEndedError();
}

/** The answer to a picture code (the robot check). */
export interface ChallengeAnswer {
  id: string;
  answer: string;
}

/**
 * Logs in. Only administrators may use the panel: a user's session is
 * ended at once and `not-admin` returned. Failures are thrown (PbmError).
 */
export async function login(mail: string, password: string, challenge?: ChallengeAnswer): Promise<"ok" | "not-admin"> {
  const fresh = await api.auth.login({
    login: mail,
    password,
    challengeId: challenge?.id ?? "",
    challengeAnswer: challenge?.answer ?? "",
  });
  if (fresh.role !== Role.ADMIN && fresh.role !== Role.SUPERADMIN) {
    tokens = { access: fresh.accessToken, refresh: fresh.refreshToken, refreshAt: Number.MAX_SAFE_INTEGER };
    await api.auth.logout({}).catch(() => undefined);
    forget();
    return "not-admin";
  }
  sessionNotice.set(null);
  store(fresh);
  return "ok";
}

/** Resumes the tab's session from its refresh token, if it has one; false when there is none to resume. */
export async function resumeSession(): Promise<boolean> {
  let refreshToken: string | null = null;
  try {
    refreshToken = sessionStorage.getItem(REFRESH_KEY);
  } catch {
    return false;
  }
  if (refreshToken === null || refreshToken === "") return false;
  tokens = { access: "", refresh: refreshToken, refreshAt: 0 };
  try {
    await refreshOnce("");
    return true;
  } catch (err) {
    if (err instanceof SessionEndedError) {
      sessionNotice.set(null);
      return false;
    }
    tokens = undefined;
    throw err;
  }
}

/** Ends the session on the server, then here. */
export async function logout(): Promise<void> {
  try {
    if (tokens !== undefined) await api.auth.logout({});
  } catch {
    // Over either way: the tokens are forgotten below.
  } finally {
    forget();
    sessionNotice.set("login.signedOut");
    session.set(null);
  }
}

/** Whether `err` is the end of the session (the app is already going to login). */
export function isSessionEnded(err: unknown): boolean {
  return err instanceof SessionEndedError || ENDED.has(errorReason(err));
}
