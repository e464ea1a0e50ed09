"""Python client of pbm, the control plane of a multi-tenant mail system.

* ``pbm.v2`` — the generated messages and gRPC stubs of every service
  (``pbm.v2.users_pb2``, ``pbm.v2.users_pb2_grpc``, ...), with type stubs.
* ``pbm_client`` — this thin layer: :class:`Client` (log in, refresh
  automatically, Bearer metadata, rich errors; or a service account's API
  key), :func:`paginate` (a List RPC
  to the end) and the :class:`PbmError` hierarchy
  (:class:`InvalidArgumentError` carries the field violations).
"""

from .client import ApiKeyModeError, Client, paginate
from .watch import DirectoryWatch, watch_directory
from .errors import (
    AlreadyExistsError,
    FailedPreconditionError,
    FieldViolation,
    InvalidArgumentError,
    NotFoundError,
    PbmError,
    PermissionDeniedError,
    ResourceExhaustedError,
    UnauthenticatedError,
    UnavailableError,
    UnimplementedError,
    from_rpc_error,
)

__all__ = [
    "ApiKeyModeError",
    "Client",
    "paginate",
    "watch_directory",
    "DirectoryWatch",
    "PbmError",
    "InvalidArgumentError",
    "FieldViolation",
    "UnauthenticatedError",
    "PermissionDeniedError",
    "NotFoundError",
    "AlreadyExistsError",
    "FailedPreconditionError",
    "ResourceExhaustedError",
    "UnavailableError",
    "UnimplementedError",
    "from_rpc_error",
]
