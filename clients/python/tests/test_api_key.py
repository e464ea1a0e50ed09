"""The Python client as a service account (API-key mode) against a live pbm:
the key is sent on unary calls and streams, scopes and the tenant wall hold,
a key is not a session, and a refused key is a typed error."""

from __future__ import annotations

import uuid

import pytest

from pbm_client import (
    ApiKeyModeError,
    Client,
    PermissionDeniedError,
    UnauthenticatedError,
    paginate,
    watch_directory,
)
from pbm.v2 import auth_pb2, service_accounts_pb2, tenants_pb2, users_pb2, watch_pb2
from test_watch import revision_to_watch_from

# Well-formed but unknown. Every client suite presents this same key: pbm
# counts a repeated wrong key once against the client address, so the suites
# together stay below the robot check of 127.0.0.1.
UNKNOWN_KEY = "pbm_sk_0000000000000000_" + "0" * 64


def service_key(client: Client, tenant: tenants_pb2.Tenant, scopes: list[str]) -> str:
    """A new service account of ``tenant`` with ``scopes``, and a key of it."""
    name = f"py-{uuid.uuid4().hex[:8]}"
    client.service_accounts.CreateServiceAccount(service_accounts_pb2.CreateServiceAccountRequest(
        service_account=service_accounts_pb2.ServiceAccount(tenant_id=tenant.id, name=name, scopes=scopes)))
    created = client.service_accounts.CreateApiKey(service_accounts_pb2.CreateApiKeyRequest(
        tenant_id=tenant.id, service_account=name, description="python suite"))
    assert created.key.startswith(f"pbm_sk_{created.api_key.id}_")
    return created.key


def test_api_key_client_reads_within_its_scopes(client: Client, tenant: tenants_pb2.Tenant, addr: str) -> None:
    key = service_key(client, tenant, ["directory.read"])
    for local in ("ann", "bob", "cat"):
        client.users.CreateUser(users_pb2.CreateUserRequest(user=users_pb2.User(
            tenant_id=tenant.id, mail=f"{local}@{tenant.default_domain}", password="Str0ng-Passw0rd!",
            given_name=local, surname="Keyed")))
    expected = sorted(u.mail for u in client.users.StreamUsers(users_pb2.StreamUsersRequest(tenant_id=tenant.id)))
    assert len(expected) == 3
    with Client(addr, api_key=key) as svc:
        assert svc.uses_api_key
        me = svc.auth.WhoAmI(auth_pb2.WhoAmIRequest())
        assert me.tenant_id == tenant.id
        assert me.mail.startswith("service-account:"), me.mail
        paged = paginate(svc.users.ListUsers, users_pb2.ListUsersRequest(tenant_id=tenant.id, page_size=1),
                         lambda page: page.users)
        assert sorted(u.mail for u in paged) == expected
        streamed = svc.users.StreamUsers(users_pb2.StreamUsersRequest(tenant_id=tenant.id))
        assert sorted(u.mail for u in streamed) == expected
        # The watch helper runs on a key too: a change made by the admin after
        # the revision the key read reaches it.
        since = revision_to_watch_from(svc, tenant.id)
        mail = f"watched.{uuid.uuid4().hex[:6]}@{tenant.default_domain}"
        client.users.CreateUser(users_pb2.CreateUserRequest(user=users_pb2.User(
            tenant_id=tenant.id, mail=mail, password="Str0ng-Passw0rd!", given_name="W", surname="Atched")))
        watch = watch_directory(svc, since, tenant_id=tenant.id)
        event = next(e for e in watch if e.WhichOneof("object") == "user")
        watch.close()
        assert event.type == watch_pb2.DirectoryEvent.TYPE_ADDED
        assert event.user.mail == mail
        # No session was ever made.
        assert svc.tokens is None
        assert svc.login_count == 0 and svc.refresh_count == 0


def test_api_key_client_is_held_by_scopes_and_the_tenant_wall(client: Client, tenant: tenants_pb2.Tenant,
                                                               addr: str) -> None:
    key = service_key(client, tenant, ["directory.read"])
    with Client(addr, api_key=key) as svc:
        with pytest.raises(PermissionDeniedError):
            svc.users.CreateUser(users_pb2.CreateUserRequest(user=users_pb2.User(
                tenant_id=tenant.id, mail=f"nope@{tenant.default_domain}", password="Str0ng-Passw0rd!",
                given_name="N", surname="O")))
        with pytest.raises(PermissionDeniedError):
            svc.users.ListUsers(users_pb2.ListUsersRequest(tenant_id="default"))
        with pytest.raises(PermissionDeniedError):
            list(svc.users.StreamUsers(users_pb2.StreamUsersRequest(tenant_id="default")))
    created = [u.mail for u in client.users.StreamUsers(users_pb2.StreamUsersRequest(tenant_id=tenant.id))]
    assert f"nope@{tenant.default_domain}" not in created


def test_api_key_is_not_a_session(client: Client, tenant: tenants_pb2.Tenant, addr: str) -> None:
    key = service_key(client, tenant, ["directory.read"])
    with Client(addr, api_key=key) as svc:
        with pytest.raises(ApiKeyModeError):
            svc.login()
        with pytest.raises(ApiKeyModeError):
            svc.refresh()
        with pytest.raises(UnauthenticatedError) as info:
            svc.auth.Logout(auth_pb2.LogoutRequest())
        assert info.value.reason == "API_KEY_NOT_A_SESSION"
        # The key still works: Logout ended nothing.
        assert svc.auth.WhoAmI(auth_pb2.WhoAmIRequest()).tenant_id == tenant.id


def test_unknown_api_key_is_refused_without_a_login(addr: str) -> None:
    with Client(addr, api_key=UNKNOWN_KEY) as svc:
        with pytest.raises(UnauthenticatedError) as info:
            svc.auth.WhoAmI(auth_pb2.WhoAmIRequest())
        assert info.value.reason == "API_KEY_INVALID"
        assert UNKNOWN_KEY not in str(info.value)
        assert svc.login_count == 0


def test_a_client_takes_one_kind_of_credentials(addr: str) -> None:
    with pytest.raises(ValueError):
        Client(addr, login="a@b.c", password="x", api_key=UNKNOWN_KEY)
    with pytest.raises(ValueError):
        Client(addr)
