/**
 * A logged-in pbm connection: every service client on one transport, tokens
 * kept fresh.
 *
 * {@link createPbmClient} puts an interceptor in front of the transport that
 *
 * - logs in on first use and sends `authorization: Bearer <access token>` on
 *   every call except `AuthService.Login` and `AuthService.Refresh`;
 * - refreshes the token pair shortly before the access token expires (refresh
 *   rotates: the old refresh token dies), and once more when the server still
 *   answers UNAUTHENTICATED with reason `TOKEN_EXPIRED`; logs in again when
 *   the refresh token was refused or the session was ended;
 * - throws every failure as a {@link PbmError} subclass with the `google.rpc`
 *   details decoded (`InvalidArgumentError.violations`).
 *
 * With `apiKey` instead of `login` and `password` the client acts as a
 * service account: it sends `authorization: Bearer <key>` on every call, never
 * logs in and never refreshes (a key is not a session; a refused key is thrown
 * as is: `API_KEY_INVALID`, `API_KEY_EXPIRED`, `API_KEY_NETWORK_REFUSED`).
 *
 * The transport is the caller's choice: `@pbm/client/node` (gRPC over HTTP/2)
 * and `@pbm/client/web` (grpc-web, browsers and Node) make one for you.
 */
import type { DescMessage, DescService, MessageShape } from "@bufbuild/protobuf";
import { type Client, type Interceptor, type StreamResponse, type Transport, createClient } from "@connectrpc/connect";
import { AddressBookService } from "./gen/pbm/v2/addressbook_pb.js";
import { AuditService } from "./gen/pbm/v2/audit_pb.js";
import { AuthService, type Tokens } from "./gen/pbm/v2/auth_pb.js";
import { BackupService } from "./gen/pbm/v2/backup_pb.js";
import { DomainService } from "./gen/pbm/v2/domains_pb.js";
import { MailService } from "./gen/pbm/v2/mail_pb.js";
import { MailListService } from "./gen/pbm/v2/maillists_pb.js";
import { ResourceService } from "./gen/pbm/v2/resources_pb.js";
import { ServiceAccountService } from "./gen/pbm/v2/service_accounts_pb.js";
import { SettingsService } from "./gen/pbm/v2/settings_pb.js";
import { TenantService } from "./gen/pbm/v2/tenants_pb.js";
import { UserService } from "./gen/pbm/v2/users_pb.js";
import { WatchService } from "./gen/pbm/v2/watch_pb.js";
import { UnauthenticatedError, errorReason, toPbmError } from "./errors.js";

/** How a {@link createPbmClient} client proves who it is: an account's login and password (a session), or a service account's API key. */
export type PbmCredentials =
  | {
      /** Login of the account (primary address, alternate address or alias). */
      login: string;
      /** Its password. */
      password: string;
      apiKey?: undefined;
    }
  | {
      /** A service account's API key (`pbm_sk_…`), sent as is on every call. */
      apiKey: string;
      login?: undefined;
      password?: undefined;
    };

/** Options of {@link createPbmClient}: {@link PbmCredentials} and the transport. */
export type PbmClientOptions = PbmCredentials & PbmConnectionOptions;

/** The transport and refresh policy of {@link createPbmClient}. */
export interface PbmConnectionOptions {
  /**
   * Makes the transport; it must install the given interceptors (they add
   * the token and convert errors). E.g.
   * `(interceptors) => createGrpcTransport({ baseUrl, interceptors })`.
   */
  transport: (interceptors: Interceptor[]) => Transport;
  /**
   * Refresh this many seconds before the access token expires (at most a
   * tenth of its lifetime). Default 30.
   */
  refreshMarginSeconds?: number;
  /**
   * Refresh before expiry (default). With `false` the client refreshes only
   * when the server answers `TOKEN_EXPIRED`.
   */
  proactiveRefresh?: boolean;
  /** More interceptors, run after the client's own (closer to the wire). */
  interceptors?: Interceptor[];
}

// ErrorInfo reasons after which new tokens may help.
const REFRESH_REASONS = new Set(["TOKEN_EXPIRED"]);
const LOGIN_REASONS = new Set(["SESSION_ENDED", "TOKEN_INVALID", "REFRESH_TOKEN_INVALID"]);

/** A session operation (login, refresh) asked of a client that authenticates with an API key. */
export class ApiKeyModeError extends Error {
  constructor(what: string) {
    super(`${what}: this client authenticates with an API key, which is not a session`);
    this.name = "ApiKeyModeError";
  }
}

/**
 * The tokens of a client, obtained and renewed on demand; for an API-key
 * client, only the key.
 */
export class PbmSession {
  /** How many times the client logged in. */
  loginCount = 0;
  /** How many times the token pair was refreshed. */
  refreshCount = 0;

  #tokens: Tokens | undefined;
  #refreshAt = 0;
  #pending: Promise<Tokens> | undefined;

  constructor(
    private readonly auth: Client<typeof AuthService>,
    private readonly credentials: { login: string; password: string } | { apiKey: string },
    private readonly options: { refreshMarginSeconds: number; proactiveRefresh: boolean },
  ) {}

  /** True when the client authenticates with an API key (no session). */
  get usesApiKey(): boolean {
    return "apiKey" in this.credentials;
  }

  /** The current token pair; undefined before the first login. */
  get tokens(): Tokens | undefined {
    return this.#tokens;
  }

  /** Logs in now (the client also does so by itself on first use). */
  login(): Promise<Tokens> {
    if ("apiKey" in this.credentials) {
      return Promise.reject(new ApiKeyModeError("login"));
    }
    return this.#serialize(() => this.#login());
  }

  /** Exchanges the refresh token for a new pair now (rotation). */
  refresh(): Promise<Tokens> {
    if ("apiKey" in this.credentials) {
      return Promise.reject(new ApiKeyModeError("refresh"));
    }
    return this.#serialize(() => (this.#tokens === undefined ? this.#login() : this.#refresh()));
  }

  /**
   * A valid access token: logs in or refreshes when needed. `stale` is a
   * token the server refused as expired: a new pair is fetched unless
   * another call already did.
   */
  async accessToken(stale?: string): Promise<string> {
    if ("apiKey" in this.credentials) {
      return this.credentials.apiKey;
    }
    const tokens = await this.#serialize(async () => {
      const current = this.#tokens;
      if (current === undefined) {
        return this.#login();
      }
      if (stale !== undefined ? stale === current.accessToken : this.options.proactiveRefresh && Date.now() >= this.#refreshAt) {
        return this.#refreshOrLogin();
      }
      return current;
    });
    return tokens.accessToken;
  }

  /** Logs in again unless another call already replaced `stale`. */
  async relogin(stale: string): Promise<string> {
    const tokens = await this.#serialize(async () => {
      const current = this.#tokens;
      return current === undefined || current.accessToken === stale ? this.#login() : current;
    });
    return tokens.accessToken;
  }

  // One token operation at a time: concurrent calls share its result.
  async #serialize(op: () => Promise<Tokens>): Promise<Tokens> {
    while (this.#pending !== undefined) {
      await this.#pending.catch(() => undefined);
    }
    const pending = op();
    this.#pending = pending;
    try {
      return await pending;
    } finally {
      this.#pending = undefined;
    }
  }

  async #refreshOrLogin(): Promise<Tokens> {
    try {
      return await this.#refresh();
    } catch (err) {
      if (err instanceof UnauthenticatedError) {
        return this.#login();
      }
      throw err;
    }
  }

  async #login(): Promise<Tokens> {
    if ("apiKey" in this.credentials) {
      throw new ApiKeyModeError("login");
    }
    const tokens = await this.auth.login(this.credentials);
    this.loginCount++;
    return this.#store(tokens);
  }

  async #refresh(): Promise<Tokens> {
    const refreshToken = this.#tokens?.refreshToken ?? "";
    const tokens = await this.auth.refresh({ refreshToken });
    this.refreshCount++;
    return this.#store(tokens);
  }

  #store(tokens: Tokens): Tokens {
    const lifetime = Number(tokens.expiresIn);
    const margin = Math.min(this.options.refreshMarginSeconds, lifetime / 10);
    this.#refreshAt = Date.now() + (lifetime - margin) * 1000;
    this.#tokens = tokens;
    return tokens;
  }
}

/** Every service of the pbm.v2 API on one transport, logged in. */
export interface PbmClient {
  readonly auth: Client<typeof AuthService>;
  readonly tenants: Client<typeof TenantService>;
  readonly users: Client<typeof UserService>;
  readonly domains: Client<typeof DomainService>;
  readonly resources: Client<typeof ResourceService>;
  readonly mailLists: Client<typeof MailListService>;
  readonly mail: Client<typeof MailService>;
  readonly backup: Client<typeof BackupService>;
  readonly settings: Client<typeof SettingsService>;
  readonly audit: Client<typeof AuditService>;
  /** The directory's change feed (server stream; resumes from a revision). */
  readonly watch: Client<typeof WatchService>;
  /** The corporate address book: external contacts and its sync. */
  readonly addressBook: Client<typeof AddressBookService>;
  /** Service accounts and their API keys. */
  readonly serviceAccounts: Client<typeof ServiceAccountService>;
  /** The tokens: login(), refresh(), tokens, counters (or only the API key). */
  readonly session: PbmSession;
  /** The intercepted transport, for a client of any other service. */
  readonly transport: Transport;
  /** A client of any service on the intercepted transport. */
  service<T extends DescService>(service: T): Client<T>;
}

const NO_BEARER = new Set([AuthService.method.login.name, AuthService.method.refresh.name]);

function needsBearer(service: DescService, methodName: string): boolean {
  return !(service.typeName === AuthService.typeName && NO_BEARER.has(methodName));
}

/** Makes a {@link PbmClient}; the first call logs in (unless it has an API key). */
export function createPbmClient(options: PbmClientOptions): PbmClient {
  const credentials = credentialsOf(options);
  let session: PbmSession | undefined;
  const interceptor: Interceptor = (next) => async (req) => {
    if (!needsBearer(req.service, req.method.name) || session === undefined) {
      try {
        return await next(req);
      } catch (err) {
        throw toPbmError(err);
      }
    }
    // Server streams carry one request message: keep it so that the call
    // can be started again. Client and bidi streams cannot be replayed.
    const replayable = !req.stream || req.method.methodKind === "server_streaming";
    const messages: unknown[] = [];
    if (req.stream && replayable) {
      for await (const m of req.message) {
        messages.push(m);
      }
    }
    const send = (token: string): ReturnType<typeof next> => {
      req.header.set("authorization", `Bearer ${token}`);
      if (req.stream && replayable) {
        return next({ ...req, message: replay(messages as MessageShape<DescMessage>[]) });
      }
      return next(req);
    };
    const token = await session.accessToken();
    try {
      return convertStream(await send(token));
    } catch (err) {
      const reason = errorReason(err);
      if (!replayable || session.usesApiKey || !(REFRESH_REASONS.has(reason) || LOGIN_REASONS.has(reason))) {
        throw toPbmError(err);
      }
      const fresh = REFRESH_REASONS.has(reason) ? await session.accessToken(token) : await session.relogin(token);
      try {
        return convertStream(await send(fresh));
      } catch (err2) {
        throw toPbmError(err2);
      }
    }
  };
  const transport = options.transport([interceptor, ...(options.interceptors ?? [])]);
  const auth = createClient(AuthService, transport);
  session = new PbmSession(auth, credentials, {
    refreshMarginSeconds: options.refreshMarginSeconds ?? 30,
    proactiveRefresh: options.proactiveRefresh ?? true,
  });
  return {
    auth,
    tenants: createClient(TenantService, transport),
    users: createClient(UserService, transport),
    domains: createClient(DomainService, transport),
    resources: createClient(ResourceService, transport),
    mailLists: createClient(MailListService, transport),
    mail: createClient(MailService, transport),
    backup: createClient(BackupService, transport),
    settings: createClient(SettingsService, transport),
    audit: createClient(AuditService, transport),
    watch: createClient(WatchService, transport),
    addressBook: createClient(AddressBookService, transport),
    serviceAccounts: createClient(ServiceAccountService, transport),
    session,
    transport,
    service: (service) => createClient(service, transport),
  };
}

// Exactly one kind of credentials (JavaScript callers bypass the types).
function credentialsOf(options: PbmCredentials): { login: string; password: string } | { apiKey: string } {
  if (options.apiKey !== undefined) {
    if (options.login !== undefined || options.password !== undefined) {
      throw new TypeError("pass either login and password, or apiKey, not both");
    }
    if (options.apiKey === "") {
      throw new TypeError("apiKey is empty");
    }
    return { apiKey: options.apiKey };
  }
  if (!options.login || options.password === undefined) {
    throw new TypeError("pass login and password, or apiKey");
  }
  return { login: options.login, password: options.password };
}

async function* replay<T>(messages: T[]): AsyncIterable<T> {
  yield* messages;
}

// Errors raised while a response stream is read become PbmErrors too.
function convertStream<R>(res: R): R {
  const stream = res as unknown as StreamResponse;
  if (!stream.stream) {
    return res;
  }
  const source = stream.message;
  const converted = (async function* () {
    try {
      yield* source;
    } catch (err) {
      throw toPbmError(err);
    }
  })();
  return { ...stream, message: converted } as unknown as R;
}
