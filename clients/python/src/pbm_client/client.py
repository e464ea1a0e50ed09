"""A logged-in pbm connection: one channel, every service stub, tokens kept fresh.

:class:`Client` wraps a gRPC channel in an interceptor that

* logs in on first use and attaches ``authorization: Bearer <access token>``
  to every call except ``AuthService.Login`` and ``AuthService.Refresh``;
* refreshes the token pair shortly before the access token expires (refresh
  rotates: the old refresh token dies), and once more when the server still
  answers UNAUTHENTICATED with reason ``TOKEN_EXPIRED``; logs in again when
  the refresh token was refused or the session was ended;
* raises every failure as a :class:`~pbm_client.errors.PbmError` subclass with
  the ``google.rpc`` details decoded (``InvalidArgumentError.violations``).

With ``api_key=`` instead of a login and password the client acts as a service
account: it sends ``authorization: Bearer <key>`` on every call, never logs in
and never refreshes (a key is not a session; a refused key is raised as is:
``API_KEY_INVALID``, ``API_KEY_EXPIRED``, ``API_KEY_NETWORK_REFUSED``).

The stubs are the generated ones (``pbm.v2.*_pb2_grpc``), so every RPC of the
API is there with its typed request and response messages.
"""

from __future__ import annotations

import threading
import time
from typing import Any, Callable, Iterable, Iterator, NamedTuple, Optional, Protocol, Sequence, TypeVar

import grpc

from pbm.v2 import (
    addressbook_pb2_grpc,
    audit_pb2_grpc,
    auth_pb2,
    auth_pb2_grpc,
    backup_pb2_grpc,
    domains_pb2_grpc,
    mail_pb2_grpc,
    maillists_pb2_grpc,
    resources_pb2_grpc,
    service_accounts_pb2_grpc,
    settings_pb2_grpc,
    tenants_pb2_grpc,
    users_pb2_grpc,
    watch_pb2_grpc,
)

from .errors import PbmError, from_rpc_error

__all__ = ["ApiKeyModeError", "Client", "paginate"]

# Calls that carry credentials in their request instead of a bearer token.
_NO_BEARER = frozenset({"/pbm.v2.AuthService/Login", "/pbm.v2.AuthService/Refresh"})
# ErrorInfo reasons after which new tokens may help.
_REFRESH_REASONS = frozenset({"TOKEN_EXPIRED"})
_LOGIN_REASONS = frozenset({"SESSION_ENDED", "TOKEN_INVALID", "REFRESH_TOKEN_INVALID"})


class ApiKeyModeError(RuntimeError):
    """A session operation (login, refresh) asked of a client that
    authenticates with an API key."""


class Client:
    """A pbm connection that logs in, refreshes and retries by itself.

    ``target`` is ``host:port`` of pbm. Without ``credentials`` the channel is
    plaintext (h2c); pass ``grpc.ssl_channel_credentials()`` for TLS.
    Use it as a context manager, or call :meth:`close`. Thread-safe.

    Authenticate with ``login`` and ``password`` (an account: a session with
    tokens), or with ``api_key`` (a service account's key, ``pbm_sk_…``: sent
    as is on every call; :meth:`login` and :meth:`refresh` then raise
    :class:`ApiKeyModeError`).

    Attributes ``auth``, ``tenants``, ``users``, ``domains``, ``resources``,
    ``mail_lists``, ``mail``, ``backup``, ``settings``, ``audit``, ``watch``,
    ``address_book`` and ``service_accounts`` are the generated service stubs.

    The token pair is refreshed ``refresh_margin`` seconds (at most a tenth of
    the token lifetime) before the access token expires; with
    ``proactive_refresh=False`` only when the server answers TOKEN_EXPIRED.
    """

    def __init__(
        self,
        target: str,
        *,
        login: str = "",
        password: str = "",
        api_key: str = "",
        credentials: Optional[grpc.ChannelCredentials] = None,
        options: Sequence[tuple[str, Any]] = (),
        refresh_margin: float = 30.0,
        proactive_refresh: bool = True,
    ) -> None:
        if api_key and (login or password):
            raise ValueError("pass either login and password, or api_key, not both")
        if not api_key and not (login and password):
            raise ValueError("pass login and password, or api_key")
        self._login = login
        self._password = password
        self._api_key = api_key
        self._refresh_margin = refresh_margin
        self._proactive = proactive_refresh
        self._lock = threading.Lock()
        self._tokens: Optional[auth_pb2.Tokens] = None
        self._refresh_at = 0.0
        self.refresh_count = 0
        """How many times the token pair was refreshed (for monitoring)."""
        self.login_count = 0
        """How many times the client logged in."""

        if credentials is None:
            self._raw_channel = grpc.insecure_channel(target, options=options)
        else:
            self._raw_channel = grpc.secure_channel(target, credentials, options=options)
        # Login and Refresh go out on the bare channel: they must not recurse
        # into the interceptor that calls them.
        self._raw_auth = auth_pb2_grpc.AuthServiceStub(self._raw_channel)
        self.channel: grpc.Channel = grpc.intercept_channel(self._raw_channel, _Interceptor(self))
        """The intercepted channel, for stubs of services added later."""

        self.auth = auth_pb2_grpc.AuthServiceStub(self.channel)
        self.tenants = tenants_pb2_grpc.TenantServiceStub(self.channel)
        self.users = users_pb2_grpc.UserServiceStub(self.channel)
        self.domains = domains_pb2_grpc.DomainServiceStub(self.channel)
        self.resources = resources_pb2_grpc.ResourceServiceStub(self.channel)
        self.mail_lists = maillists_pb2_grpc.MailListServiceStub(self.channel)
        self.mail = mail_pb2_grpc.MailServiceStub(self.channel)
        self.backup = backup_pb2_grpc.BackupServiceStub(self.channel)
        self.settings = settings_pb2_grpc.SettingsServiceStub(self.channel)
        self.audit = audit_pb2_grpc.AuditServiceStub(self.channel)
        self.watch = watch_pb2_grpc.WatchServiceStub(self.channel)
        """The directory's change feed: ``watch.WatchDirectory(request)`` streams events."""
        self.address_book = addressbook_pb2_grpc.AddressBookServiceStub(self.channel)
        """The corporate address book: external contacts and its sync."""
        self.service_accounts = service_accounts_pb2_grpc.ServiceAccountServiceStub(self.channel)
        """Service accounts and their API keys."""

    @property
    def uses_api_key(self) -> bool:
        """True when the client authenticates with an API key (no session)."""
        return bool(self._api_key)

    # -- session ------------------------------------------------------------

    def login(self) -> auth_pb2.Tokens:
        """Logs in now (the client also does so by itself on first use)."""
        self._require_session("login")
        with self._lock:
            return self._do_login()

    def refresh(self) -> auth_pb2.Tokens:
        """Exchanges the refresh token for a new pair now (rotation)."""
        self._require_session("refresh")
        with self._lock:
            if self._tokens is None:
                return self._do_login()
            return self._do_refresh()

    @property
    def tokens(self) -> Optional[auth_pb2.Tokens]:
        """The current token pair; None before the first login."""
        return self._tokens

    def access_token(self) -> str:
        """A valid access token: logs in or refreshes when needed (the key
        itself for an API-key client)."""
        return self._bearer(None)

    def close(self) -> None:
        """Closes the channel (the session stays valid until it expires)."""
        self._raw_channel.close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- paging -------------------------------------------------------------

    def paginate(
        self,
        method: Callable[[_Req], _Resp],
        request: _Req,
        items: Callable[[_Resp], Iterable[_Item]],
    ) -> Iterator[_Item]:
        """Same as :func:`paginate`."""
        return paginate(method, request, items)

    # -- internals ----------------------------------------------------------

    def _require_session(self, what: str) -> None:
        if self._api_key:
            raise ApiKeyModeError(f"{what}: this client authenticates with an API key, which is not a session")

    def _bearer(self, stale: Optional[str]) -> str:
        """The access token to send. ``stale``: a token the server refused as
        expired; a new pair is fetched unless another thread already did."""
        if self._api_key:
            return self._api_key
        with self._lock:
            tokens = self._tokens
            if tokens is None:
                tokens = self._do_login()
            elif stale is not None and stale == tokens.access_token:
                tokens = self._refresh_or_login()
            elif stale is None and self._proactive and time.monotonic() >= self._refresh_at:
                tokens = self._refresh_or_login()
            return tokens.access_token

    def _relogin(self, stale: str) -> str:
        with self._lock:
            tokens = self._tokens
            if tokens is None or tokens.access_token == stale:
                tokens = self._do_login()
            return tokens.access_token

    def _refresh_or_login(self) -> auth_pb2.Tokens:
        try:
            return self._do_refresh()
        except PbmError as err:
            if err.code() != grpc.StatusCode.UNAUTHENTICATED:
                raise
            return self._do_login()

    def _do_login(self) -> auth_pb2.Tokens:
        try:
            tokens = self._raw_auth.Login(auth_pb2.LoginRequest(login=self._login, password=self._password))
        except grpc.RpcError as err:
            raise from_rpc_error(err) from None
        self.login_count += 1
        return self._store(tokens)

    def _do_refresh(self) -> auth_pb2.Tokens:
        assert self._tokens is not None
        try:
            tokens = self._raw_auth.Refresh(auth_pb2.RefreshRequest(refresh_token=self._tokens.refresh_token))
        except grpc.RpcError as err:
            raise from_rpc_error(err) from None
        self.refresh_count += 1
        return self._store(tokens)

    def _store(self, tokens: auth_pb2.Tokens) -> auth_pb2.Tokens:
        # Refresh a little before expiry: 30 s (refresh_margin) before, or a
        # tenth of the lifetime for very short-lived tokens.
        margin = min(self._refresh_margin, tokens.expires_in / 10)
        self._refresh_at = time.monotonic() + tokens.expires_in - margin
        self._tokens = tokens
        return tokens


_Req = TypeVar("_Req", bound="_PageRequest")
_Resp = TypeVar("_Resp", bound="_PageResponse")
_Item = TypeVar("_Item")


class _PageRequest(Protocol):
    page_token: str

    def CopyFrom(self, other: Any, /) -> None: ...


class _PageResponse(Protocol):
    @property
    def next_page_token(self) -> str: ...


def paginate(
    method: Callable[[_Req], _Resp],
    request: _Req,
    items: Callable[[_Resp], Iterable[_Item]],
) -> Iterator[_Item]:
    """Every item of an AIP-158 list, page after page, to the end.

    ``method`` is a List RPC (e.g. ``client.users.ListUsers``), ``request``
    its first request (``page_size`` sets the page length; it is not
    modified), ``items`` picks the items of a page (``lambda page:
    page.users``). Pages are fetched lazily, following ``next_page_token``
    until it is empty.
    """
    req = type(request)()
    req.CopyFrom(request)
    while True:
        page = method(req)
        yield from items(page)
        if not page.next_page_token:
            return
        req.page_token = page.next_page_token


class _CallDetails(NamedTuple):
    method: str
    timeout: Optional[float]
    metadata: Optional[tuple[tuple[str, str | bytes], ...]]
    credentials: Optional[grpc.CallCredentials]
    wait_for_ready: Optional[bool]
    compression: Optional[grpc.Compression]


class _ClientCallDetails(_CallDetails, grpc.ClientCallDetails):
    pass


def _with_bearer(details: grpc.ClientCallDetails, token: str) -> grpc.ClientCallDetails:
    metadata = tuple((k, v) for k, v in (details.metadata or ()) if k != "authorization")
    metadata += (("authorization", f"Bearer {token}"),)
    return _ClientCallDetails(
        details.method,
        details.timeout,
        metadata,
        details.credentials,
        getattr(details, "wait_for_ready", None),
        getattr(details, "compression", None),
    )


def _auth_reason(err: BaseException) -> str:
    if not isinstance(err, grpc.RpcError) or err.code() != grpc.StatusCode.UNAUTHENTICATED:
        return ""
    return from_rpc_error(err).reason


class _Interceptor(
    grpc.UnaryUnaryClientInterceptor,
    grpc.UnaryStreamClientInterceptor,
    grpc.StreamUnaryClientInterceptor,
    grpc.StreamStreamClientInterceptor,
):
    def __init__(self, client: Client) -> None:
        self._client = client

    def _send(self, continuation: Callable[..., Any], details: grpc.ClientCallDetails, request: Any,
              retry: bool) -> Any:
        """Sends with a bearer; on TOKEN_EXPIRED (or an ended session) gets
        new tokens and sends once more when ``retry``."""
        if details.method in _NO_BEARER:
            return continuation(details, request)
        token = self._client._bearer(None)
        outcome = continuation(_with_bearer(details, token), request)
        if not retry:
            return outcome
        reason = "" if self._client.uses_api_key else _auth_reason(outcome.exception())
        if reason in _REFRESH_REASONS:
            token = self._client._bearer(token)
        elif reason in _LOGIN_REASONS:
            token = self._client._relogin(token)
        else:
            return outcome
        return continuation(_with_bearer(details, token), request)

    def intercept_unary_unary(self, continuation, client_call_details, request):  # type: ignore[no-untyped-def]
        outcome = self._send(continuation, client_call_details, request, retry=True)
        err = outcome.exception()
        if err is not None:
            raise (from_rpc_error(err) if isinstance(err, grpc.RpcError) else err)
        return outcome

    def intercept_unary_stream(self, continuation, client_call_details, request):  # type: ignore[no-untyped-def]
        return _Stream(lambda: self._send(continuation, client_call_details, request, retry=False), self._client)

    def intercept_stream_unary(self, continuation, client_call_details, request_iterator):  # type: ignore[no-untyped-def]
        # A request stream cannot be replayed: no retry, tokens are fresh
        # before the call starts.
        outcome = self._send(continuation, client_call_details, request_iterator, retry=False)
        err = outcome.exception()
        if err is not None:
            raise (from_rpc_error(err) if isinstance(err, grpc.RpcError) else err)
        return outcome

    def intercept_stream_stream(self, continuation, client_call_details, request_iterator):  # type: ignore[no-untyped-def]
        call = self._send(continuation, client_call_details, request_iterator, retry=False)
        return _Stream(lambda: call, self._client, restartable=False)


class _Stream:
    """A server stream whose errors are PbmErrors. When the very first read
    fails for an expired or ended session, the call is started once more with
    new tokens (nothing was received yet, so nothing is repeated)."""

    def __init__(self, start: Callable[[], Any], client: Client, restartable: bool = True) -> None:
        self._start = start
        self._client = client
        self._call = start()
        self._restartable = restartable
        self._received = False

    def __iter__(self) -> "_Stream":
        return self

    def __next__(self) -> Any:
        try:
            item = next(self._call)
        except grpc.RpcError as err:
            reason = _auth_reason(err)
            if self._restartable and not self._received and not self._client.uses_api_key and (reason in _REFRESH_REASONS or reason in _LOGIN_REASONS):
                self._restartable = False
                stale = _bearer_of(self._client)
                if reason in _REFRESH_REASONS:
                    self._client._bearer(stale)
                else:
                    self._client._relogin(stale)
                self._call = self._start()
                return self.__next__()
            raise from_rpc_error(err) from None
        self._received = True
        return item

    def __getattr__(self, name: str) -> Any:
        # cancel(), code(), details(), trailing_metadata(), ... of the call.
        return getattr(self._call, name)


def _bearer_of(client: Client) -> str:
    tokens = client.tokens
    return tokens.access_token if tokens is not None else ""
