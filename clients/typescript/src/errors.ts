/**
 * pbm errors as TypeScript exceptions.
 *
 * pbm answers a failed call with a `google.rpc.Status` in the
 * `grpc-status-details-bin` trailer: bad input is INVALID_ARGUMENT with a
 * `google.rpc.BadRequest` listing one field violation per bad field, and most
 * other errors carry a `google.rpc.ErrorInfo` whose `reason` says why (e.g.
 * `TOKEN_EXPIRED`). {@link toPbmError} turns a `ConnectError` into a
 * {@link PbmError} (a subclass per status code) with those details decoded;
 * a client made by {@link createPbmClient} throws them for every call.
 */
import { Code, ConnectError } from "@connectrpc/connect";
import { BadRequestSchema, ErrorInfoSchema } from "./gen/google/rpc/error_details_pb.js";

/** One bad field of a request (`google.rpc.BadRequest.FieldViolation`). */
export interface FieldViolation {
  /** Request field path, e.g. `user.mail`. */
  readonly field: string;
  /** What is wrong, for humans. */
  readonly description: string;
  /** `REQUIRED` or `INVALID`. */
  readonly reason: string;
}

/**
 * A failed pbm call. Still a `ConnectError` (code, rawMessage, metadata,
 * details; `instanceof ConnectError` holds), plus the decoded
 * `ErrorInfo.reason`.
 */
export class PbmError extends ConnectError {
  /** `ErrorInfo.reason`, e.g. `TOKEN_EXPIRED`; empty when none was sent. */
  readonly reason: string;

  constructor(from: ConnectError) {
    super(from.rawMessage, from.code, from.metadata, undefined, from.cause ?? from);
    // Keep the received details so that findDetails() still decodes them.
    this.details = from.details;
    this.reason = from.findDetails(ErrorInfoSchema)[0]?.reason ?? "";
  }

  // ConnectError answers `instanceof` by duck typing, which would make every
  // ConnectError an instance of every subclass: use the prototype chain.
  static override [Symbol.hasInstance](value: unknown): boolean {
    return Function.prototype[Symbol.hasInstance].call(this, value);
  }
}

/** INVALID_ARGUMENT: the request was malformed and nothing was changed. */
export class InvalidArgumentError extends PbmError {
  /** One entry per bad field, in the server's order. */
  readonly violations: readonly FieldViolation[];

  constructor(from: ConnectError) {
    super(from);
    this.violations = fieldViolations(from);
  }

  /** The paths of the bad fields, e.g. `["user.password"]`. */
  fields(): string[] {
    return this.violations.map((v) => v.field);
  }
}

/** UNAUTHENTICATED: no, a bad or an expired token, or wrong credentials. */
export class UnauthenticatedError extends PbmError {}
/** PERMISSION_DENIED: the caller's role does not allow the call. */
export class PermissionDeniedError extends PbmError {}
/** NOT_FOUND: the object does not exist. */
export class NotFoundError extends PbmError {}
/** ALREADY_EXISTS: the object or address is taken. */
export class AlreadyExistsError extends PbmError {}
/** FAILED_PRECONDITION: the state of the system forbids the call. */
export class FailedPreconditionError extends PbmError {}
/** RESOURCE_EXHAUSTED: too many attempts; retry later. */
export class ResourceExhaustedError extends PbmError {}
/** UNAVAILABLE: pbm or one of its backends cannot be reached. */
export class UnavailableError extends PbmError {}
/** UNIMPLEMENTED: the RPC is part of the API but not built yet. */
export class UnimplementedError extends PbmError {}

const byCode: Partial<Record<Code, new (from: ConnectError) => PbmError>> = {
  [Code.InvalidArgument]: InvalidArgumentError,
  [Code.Unauthenticated]: UnauthenticatedError,
  [Code.PermissionDenied]: PermissionDeniedError,
  [Code.NotFound]: NotFoundError,
  [Code.AlreadyExists]: AlreadyExistsError,
  [Code.FailedPrecondition]: FailedPreconditionError,
  [Code.ResourceExhausted]: ResourceExhaustedError,
  [Code.Unavailable]: UnavailableError,
  [Code.Unimplemented]: UnimplementedError,
};

/**
 * The {@link PbmError} subclass for anything a call threw (a `ConnectError`,
 * or another error, which becomes UNKNOWN); a PbmError is returned as is.
 */
export function toPbmError(err: unknown): PbmError {
  if (err instanceof PbmError) {
    return err;
  }
  const connectError = ConnectError.from(err);
  const cls = byCode[connectError.code] ?? PbmError;
  return new cls(connectError);
}

/** The `google.rpc.BadRequest` field violations of an error (none: `[]`). */
export function fieldViolations(err: unknown): FieldViolation[] {
  if (err instanceof InvalidArgumentError) {
    return [...err.violations];
  }
  return ConnectError.from(err)
    .findDetails(BadRequestSchema)
    .flatMap((bad) => bad.fieldViolations)
    .map((v) => ({ field: v.field, description: v.description, reason: v.reason }));
}

/** The `google.rpc.ErrorInfo` reason of an error, e.g. `TOKEN_EXPIRED` (none: `""`). */
export function errorReason(err: unknown): string {
  if (err instanceof PbmError) {
    return err.reason;
  }
  return ConnectError.from(err).findDetails(ErrorInfoSchema)[0]?.reason ?? "";
}
