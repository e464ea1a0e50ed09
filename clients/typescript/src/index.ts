/**
 * TypeScript client of pbm, the control plane of a multi-tenant mail system.
 *
 * - The generated `pbm.v2` messages, enums and service descriptors
 *   (protobuf-es 2): `UserService`, `User`, `UserSchema`, `Role`, …; build
 *   messages with `create(UserSchema, {...})` from `@bufbuild/protobuf`, or
 *   pass plain objects to the client methods.
 * - {@link createPbmClient}: every service on one transport, with login,
 *   automatic refresh, Bearer metadata and {@link PbmError}s (or a service
 *   account's API key);
 *   `@pbm/client/node` (gRPC) and `@pbm/client/web` (grpc-web) make the
 *   transport.
 * - {@link paginate}: a List RPC to its last page.
 * - {@link watchDirectory}: a resumable watch of the change feed.
 *
 * This entry point imports no Node-only module: it is safe for browsers.
 */
export * from "./gen/pbm/v2/addressbook_pb.js";
export * from "./gen/pbm/v2/audit_pb.js";
export * from "./gen/pbm/v2/auth_pb.js";
export * from "./gen/pbm/v2/backup_pb.js";
export * from "./gen/pbm/v2/common_pb.js";
export * from "./gen/pbm/v2/domains_pb.js";
export * from "./gen/pbm/v2/mail_pb.js";
export * from "./gen/pbm/v2/maillists_pb.js";
export * from "./gen/pbm/v2/resources_pb.js";
export * from "./gen/pbm/v2/service_accounts_pb.js";
export * from "./gen/pbm/v2/settings_pb.js";
export * from "./gen/pbm/v2/tenants_pb.js";
export * from "./gen/pbm/v2/users_pb.js";
export * from "./gen/pbm/v2/watch_pb.js";
export {
  BadRequestSchema,
  ErrorInfoSchema,
  RetryInfoSchema,
  type BadRequest,
  type BadRequest_FieldViolation,
  type ErrorInfo,
  type RetryInfo,
} from "./gen/google/rpc/error_details_pb.js";
export {
  ApiKeyModeError,
  type PbmClient,
  type PbmClientOptions,
  type PbmConnectionOptions,
  type PbmCredentials,
  PbmSession,
  createPbmClient,
} from "./client.js";
export { paginate } from "./paging.js";
export {
  DirectoryWatch,
  RESYNC_REQUIRED,
  WATCHER_TOO_SLOW,
  type WatchDirectoryOptions,
  type WatchStub,
  watchDirectory,
} from "./watch.js";
/** The contract this client was generated from: `API` ("pbm.v2"), `VERSION` (the server's), `PROTO_SHA256`. */
export * as contract from "./gen/contract.js";
export {
  AlreadyExistsError,
  FailedPreconditionError,
  type FieldViolation,
  InvalidArgumentError,
  NotFoundError,
  PbmError,
  PermissionDeniedError,
  ResourceExhaustedError,
  UnauthenticatedError,
  UnavailableError,
  UnimplementedError,
  errorReason,
  fieldViolations,
  toPbmError,
} from "./errors.js";
