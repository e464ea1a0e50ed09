"""pbm errors as Python exceptions.

pbm answers a failed call with a ``google.rpc.Status`` in the
``grpc-status-details-bin`` trailer: bad input is INVALID_ARGUMENT with a
``google.rpc.BadRequest`` listing one field violation per bad field, and most
other errors carry a ``google.rpc.ErrorInfo`` whose ``reason`` says why (e.g.
``TOKEN_EXPIRED``). :func:`from_rpc_error` turns a ``grpc.RpcError`` into a
:class:`PbmError` (a subclass per status code) with those details decoded;
the :class:`~pbm_client.Client` raises them for every call it makes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional, Sequence, TypeVar

import grpc
from google.protobuf.message import Message
from google.rpc import error_details_pb2, status_pb2

__all__ = [
    "FieldViolation",
    "PbmError",
    "InvalidArgumentError",
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

_DETAILS_KEY = "grpc-status-details-bin"
_M = TypeVar("_M", bound=Message)


@dataclass(frozen=True)
class FieldViolation:
    """One bad field of a request (``google.rpc.BadRequest.FieldViolation``)."""

    field: str
    """Request field path, e.g. ``user.mail``."""
    description: str
    """What is wrong, for humans."""
    reason: str
    """``REQUIRED`` or ``INVALID``."""


class PbmError(grpc.RpcError):
    """A failed pbm call: status code, message and decoded rich details.

    Still a ``grpc.RpcError`` (and answers ``code()`` and ``details()`` like
    one), so code that catches ``grpc.RpcError`` keeps working.
    """

    def __init__(self, code: grpc.StatusCode, message: str, status: Optional[status_pb2.Status] = None,
                 cause: Optional[grpc.RpcError] = None) -> None:
        super().__init__(f"{code.name}: {message}")
        self.status_code = code
        self.message = message
        self.status = status if status is not None else status_pb2.Status(code=code.value[0], message=message)
        self.cause = cause
        info = _unpack(self.status, error_details_pb2.ErrorInfo)
        self.error_info: Optional[error_details_pb2.ErrorInfo] = info
        self.reason: str = info.reason if info is not None else ""
        """``ErrorInfo.reason``, e.g. ``TOKEN_EXPIRED``; empty when none was sent."""

    def code(self) -> grpc.StatusCode:
        """The gRPC status code (as ``grpc.Call.code``)."""
        return self.status_code

    def details(self) -> str:
        """The status message (as ``grpc.Call.details``)."""
        return self.message

    def trailing_metadata(self) -> tuple[Any, ...]:
        """The trailers of the failed call (as ``grpc.Call.trailing_metadata``)."""
        return tuple(self.cause.trailing_metadata() or ()) if self.cause is not None else ()

    def __str__(self) -> str:
        return f"{self.status_code.name}: {self.message}"


class InvalidArgumentError(PbmError):
    """INVALID_ARGUMENT: the request was malformed and nothing was changed."""

    def __init__(self, code: grpc.StatusCode, message: str, status: Optional[status_pb2.Status] = None,
                 cause: Optional[grpc.RpcError] = None) -> None:
        super().__init__(code, message, status, cause)
        bad = _unpack(self.status, error_details_pb2.BadRequest)
        self.violations: Sequence[FieldViolation] = tuple(
            FieldViolation(field=v.field, description=v.description, reason=v.reason)
            for v in (bad.field_violations if bad is not None else ())
        )
        """One entry per bad field, in the server's order."""

    def fields(self) -> list[str]:
        """The paths of the bad fields, e.g. ``["user.password"]``."""
        return [v.field for v in self.violations]


class UnauthenticatedError(PbmError):
    """UNAUTHENTICATED: no, a bad or an expired token, or wrong credentials."""


class PermissionDeniedError(PbmError):
    """PERMISSION_DENIED: the caller's role does not allow the call."""


class NotFoundError(PbmError):
    """NOT_FOUND: the object does not exist."""


class AlreadyExistsError(PbmError):
    """ALREADY_EXISTS: the object or address is taken."""


class FailedPreconditionError(PbmError):
    """FAILED_PRECONDITION: the state of the system forbids the call."""


class ResourceExhaustedError(PbmError):
    """RESOURCE_EXHAUSTED: too many attempts; retry later."""


class UnavailableError(PbmError):
    """UNAVAILABLE: pbm or one of its backends cannot be reached."""


class UnimplementedError(PbmError):
    """UNIMPLEMENTED: the RPC is part of the API but not built yet."""


_BY_CODE: dict[grpc.StatusCode, type[PbmError]] = {
    grpc.StatusCode.INVALID_ARGUMENT: InvalidArgumentError,
    grpc.StatusCode.UNAUTHENTICATED: UnauthenticatedError,
    grpc.StatusCode.PERMISSION_DENIED: PermissionDeniedError,
    grpc.StatusCode.NOT_FOUND: NotFoundError,
    grpc.StatusCode.ALREADY_EXISTS: AlreadyExistsError,
    grpc.StatusCode.FAILED_PRECONDITION: FailedPreconditionError,
    grpc.StatusCode.RESOURCE_EXHAUSTED: ResourceExhaustedError,
    grpc.StatusCode.UNAVAILABLE: UnavailableError,
    grpc.StatusCode.UNIMPLEMENTED: UnimplementedError,
}


def from_rpc_error(error: grpc.RpcError) -> PbmError:
    """The :class:`PbmError` subclass for a failed call, details decoded.

    ``error`` is what grpc raised (it is also a ``grpc.Call``); a
    :class:`PbmError` is returned unchanged.
    """
    if isinstance(error, PbmError):
        return error
    code = error.code()
    message = error.details() or ""
    status: Optional[status_pb2.Status] = None
    for item in error.trailing_metadata() or ():
        # Each item is a (key, value) pair with .key and .value.
        if item.key == _DETAILS_KEY and isinstance(item.value, bytes):
            status = status_pb2.Status.FromString(item.value)
            break
    cls = _BY_CODE.get(code, PbmError)
    return cls(code, message, status, error)


def _unpack(status: status_pb2.Status, cls: type[_M]) -> Optional[_M]:
    for any_detail in status.details:
        if any_detail.Is(cls.DESCRIPTOR):
            detail = cls()
            any_detail.Unpack(detail)
            return detail
    return None
