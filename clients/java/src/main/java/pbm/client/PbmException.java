package pbm.client;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.ArrayList;
import java.util.List;

/**
 * A failed pbm call with its {@code google.rpc} details decoded. Still a {@link
 * StatusRuntimeException}: {@link #getStatus()} and {@link #getTrailers()} work as usual.
 *
 * <p>{@link #from(Throwable)} turns any gRPC failure into the subclass of its status code ({@link
 * InvalidArgumentException}, {@link NotFoundException}, ...). The calls made through {@link
 * PbmClient#call} and {@link PbmClient#stream} throw these directly.
 */
public class PbmException extends StatusRuntimeException {
  private static final long serialVersionUID = 1L;

  private final String reason;
  private final List<FieldViolation> violations;

  /**
   * @param status the gRPC status
   * @param trailers the trailers (may be null)
   * @param reason the {@code google.rpc.ErrorInfo} reason, or "" when none was sent
   * @param violations the {@code google.rpc.BadRequest} field violations
   */
  public PbmException(Status status, Metadata trailers, String reason, List<FieldViolation> violations) {
    super(status, trailers);
    this.reason = reason;
    this.violations = List.copyOf(violations);
  }

  /** The gRPC status code. */
  public Status.Code code() {
    return getStatus().getCode();
  }

  /** The {@code google.rpc.ErrorInfo} reason, e.g. {@code TOKEN_EXPIRED}; "" when none was sent. */
  public String reason() {
    return reason;
  }

  /** The {@code google.rpc.BadRequest} field violations, in the server's order (often empty). */
  public List<FieldViolation> violations() {
    return violations;
  }

  /** The paths of the bad fields, e.g. {@code [user.password]}. */
  public List<String> fields() {
    return violations.stream().map(FieldViolation::field).toList();
  }

  /**
   * Decodes a gRPC failure: returns {@code t} itself when it already is a PbmException, else the
   * subclass of its status code with the details of its {@code grpc-status-details-bin} trailer
   * (code UNKNOWN for a throwable that carries no status).
   */
  public static PbmException from(Throwable t) {
    if (t instanceof PbmException pe) {
      return pe;
    }
    Status status = Status.fromThrowable(t);
    Metadata trailers = Status.trailersFromThrowable(t);
    if (status.getCause() == null && !(t instanceof StatusRuntimeException) && !(t instanceof io.grpc.StatusException)) {
      status = status.withCause(t);
    }
    String reason = "";
    List<FieldViolation> violations = new ArrayList<>();
    com.google.rpc.Status details = trailers == null ? null : StatusProto.fromStatusAndTrailers(status, trailers);
    if (details != null) {
      for (Any any : details.getDetailsList()) {
        try {
          if (any.is(ErrorInfo.class)) {
            if (reason.isEmpty()) {
              reason = any.unpack(ErrorInfo.class).getReason();
            }
          } else if (any.is(BadRequest.class)) {
            for (BadRequest.FieldViolation v : any.unpack(BadRequest.class).getFieldViolationsList()) {
              violations.add(new FieldViolation(v.getField(), v.getDescription(), v.getReason()));
            }
          }
        } catch (InvalidProtocolBufferException e) {
          // A detail that does not parse is left out; the status still tells the failure.
        }
      }
    }
    return switch (status.getCode()) {
      case INVALID_ARGUMENT -> new InvalidArgumentException(status, trailers, reason, violations);
      case NOT_FOUND -> new NotFoundException(status, trailers, reason, violations);
      case ALREADY_EXISTS -> new AlreadyExistsException(status, trailers, reason, violations);
      case FAILED_PRECONDITION -> new FailedPreconditionException(status, trailers, reason, violations);
      case UNAUTHENTICATED -> new UnauthenticatedException(status, trailers, reason, violations);
      case PERMISSION_DENIED -> new PermissionDeniedException(status, trailers, reason, violations);
      case RESOURCE_EXHAUSTED -> new ResourceExhaustedException(status, trailers, reason, violations);
      case ABORTED -> new AbortedException(status, trailers, reason, violations);
      case UNAVAILABLE -> new UnavailableException(status, trailers, reason, violations);
      default -> new PbmException(status, trailers, reason, violations);
    };
  }

  /** INVALID_ARGUMENT: see {@link #violations()}. */
  public static class InvalidArgumentException extends PbmException {
    private static final long serialVersionUID = 1L;
    InvalidArgumentException(Status s, Metadata t, String r, List<FieldViolation> v) { super(s, t, r, v); }
  }

  /** NOT_FOUND. */
  public static class NotFoundException extends PbmException {
    private static final long serialVersionUID = 1L;
    NotFoundException(Status s, Metadata t, String r, List<FieldViolation> v) { super(s, t, r, v); }
  }

  /** ALREADY_EXISTS. */
  public static class AlreadyExistsException extends PbmException {
    private static final long serialVersionUID = 1L;
    AlreadyExistsException(Status s, Metadata t, String r, List<FieldViolation> v) { super(s, t, r, v); }
  }

  /** FAILED_PRECONDITION. */
  public static class FailedPreconditionException extends PbmException {
    private static final long serialVersionUID = 1L;
    FailedPreconditionException(Status s, Metadata t, String r, List<FieldViolation> v) { super(s, t, r, v); }
  }

  /** UNAUTHENTICATED: see {@link #reason()} ({@code TOKEN_EXPIRED}, {@code SESSION_ENDED}, ...). */
  public static class UnauthenticatedException extends PbmException {
    private static final long serialVersionUID = 1L;
    UnauthenticatedException(Status s, Metadata t, String r, List<FieldViolation> v) { super(s, t, r, v); }
  }

  /** PERMISSION_DENIED. */
  public static class PermissionDeniedException extends PbmException {
    private static final long serialVersionUID = 1L;
    PermissionDeniedException(Status s, Metadata t, String r, List<FieldViolation> v) { super(s, t, r, v); }
  }

  /** RESOURCE_EXHAUSTED. */
  public static class ResourceExhaustedException extends PbmException {
    private static final long serialVersionUID = 1L;
    ResourceExhaustedException(Status s, Metadata t, String r, List<FieldViolation> v) { super(s, t, r, v); }
  }

  /** ABORTED (e.g. a conflicting concurrent change). */
  public static class AbortedException extends PbmException {
    private static final long serialVersionUID = 1L;
    AbortedException(Status s, Metadata t, String r, List<FieldViolation> v) { super(s, t, r, v); }
  }

  /** UNAVAILABLE. */
  public static class UnavailableException extends PbmException {
    private static final long serialVersionUID = 1L;
    UnavailableException(Status s, Metadata t, String r, List<FieldViolation> v) { super(s, t, r, v); }
  }
}
