"""The Python client against a live pbm: login, refresh, tenants, users,
paging, streaming, rich errors, and the README example as printed."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path
import grpc
import pytest
from google.protobuf import field_mask_pb2

from pbm_client import (
    AlreadyExistsError,
    Client,
    FieldViolation,
    InvalidArgumentError,
    NotFoundError,
    UnauthenticatedError,
    from_rpc_error,
    paginate,
)
from pbm.v2 import audit_pb2, auth_pb2, auth_pb2_grpc, common_pb2, settings_pb2, tenants_pb2, users_pb2

PASSWORD = "Str0ng-Passw0rd!"


def whoami_with(addr: str, access_token: str) -> auth_pb2.Identity:
    """WhoAmI on a bare channel with a given token (no client magic)."""
    with grpc.insecure_channel(addr) as channel:
        stub = auth_pb2_grpc.AuthServiceStub(channel)
        return stub.WhoAmI(auth_pb2.WhoAmIRequest(), metadata=(("authorization", f"Bearer {access_token}"),))


def new_user(tenant: tenants_pb2.Tenant, local: str, given: str, surname: str) -> users_pb2.CreateUserRequest:
    return users_pb2.CreateUserRequest(user=users_pb2.User(
        tenant_id=tenant.id,
        mail=f"{local}@{tenant.default_domain}",
        password=PASSWORD,
        given_name=given,
        surname=surname,
    ))


# -- authentication ----------------------------------------------------------


def test_login_returns_tokens_and_identity(client: Client, login: str) -> None:
    assert client.tokens is None, "the client logs in lazily"
    tokens = client.login()
    assert tokens.access_token and tokens.refresh_token
    assert tokens.expires_in > 0
    assert tokens.role == common_pb2.ROLE_SUPERADMIN
    assert tokens.mail == login
    assert tokens.tenant_id == "default"
    me = client.auth.WhoAmI(auth_pb2.WhoAmIRequest())
    assert me.mail == login
    assert me.role == common_pb2.ROLE_SUPERADMIN
    assert client.login_count == 1


def test_first_call_logs_in_by_itself(client: Client, login: str) -> None:
    me = client.auth.WhoAmI(auth_pb2.WhoAmIRequest())
    assert me.mail == login
    assert client.login_count == 1
    assert client.tokens is not None


def test_wrong_password_is_unauthenticated(addr: str, login: str) -> None:
    with Client(addr, login=login, password="not-the-password") as bad:
        with pytest.raises(UnauthenticatedError) as info:
            bad.auth.WhoAmI(auth_pb2.WhoAmIRequest())
    assert info.value.code() == grpc.StatusCode.UNAUTHENTICATED
    assert info.value.reason == "BAD_CREDENTIALS"


def test_refresh_rotates_and_reuse_ends_the_session(client: Client, addr: str, login: str) -> None:
    first = client.login()
    second = client.refresh()
    assert second.refresh_token != first.refresh_token
    assert client.refresh_count == 1
    assert whoami_with(addr, second.access_token).mail == login

    # The old refresh token is dead; presenting it again ends the session.
    with grpc.insecure_channel(addr) as channel:
        with pytest.raises(grpc.RpcError) as info:
            auth_pb2_grpc.AuthServiceStub(channel).Refresh(
                auth_pb2.RefreshRequest(refresh_token=first.refresh_token))
    err = from_rpc_error(info.value)
    assert isinstance(err, UnauthenticatedError)
    assert err.reason == "REFRESH_TOKEN_INVALID"
    with pytest.raises(grpc.RpcError) as info:
        whoami_with(addr, second.access_token)
    assert from_rpc_error(info.value).reason == "SESSION_ENDED"

    # The client notices the ended session and logs in again.
    assert client.auth.WhoAmI(auth_pb2.WhoAmIRequest()).mail == login
    assert client.login_count == 2


def test_expired_access_token_is_refreshed_before_use(short_ttl_addr: str, login: str, password: str) -> None:
    with Client(short_ttl_addr, login=login, password=password) as c:
        first = c.login()
        assert first.expires_in <= 5, "PBM_SHORT_TTL_ADDR must issue short-lived tokens"
        time.sleep(first.expires_in + 1.5)
        with pytest.raises(grpc.RpcError) as info:
            whoami_with(short_ttl_addr, first.access_token)
        assert from_rpc_error(info.value).reason == "TOKEN_EXPIRED"

        assert c.auth.WhoAmI(auth_pb2.WhoAmIRequest()).mail == login
        assert c.refresh_count == 1
        assert c.login_count == 1
        assert c.tokens is not None and c.tokens.refresh_token != first.refresh_token


def test_token_expired_answer_triggers_refresh_and_retry(short_ttl_addr: str, login: str, password: str) -> None:
    with Client(short_ttl_addr, login=login, password=password, proactive_refresh=False) as c:
        first = c.login()
        time.sleep(first.expires_in + 1.5)
        # Unary: the server answers TOKEN_EXPIRED, the client refreshes and retries.
        assert c.auth.WhoAmI(auth_pb2.WhoAmIRequest()).mail == login
        assert c.refresh_count == 1
        time.sleep(first.expires_in + 1.5)
        # Server stream: restarted once with new tokens before anything arrived.
        streamed = list(c.users.StreamUsers(users_pb2.StreamUsersRequest(tenant_id="default")))
        assert login in [u.mail for u in streamed]
        assert c.refresh_count == 2
        assert c.login_count == 1


# -- tenants and users ---------------------------------------------------------


def test_create_tenant(client: Client, tenant: tenants_pb2.Tenant) -> None:
    assert tenant.id.startswith("py-")
    assert tenant.default_domain == f"{tenant.id}.example"
    assert list(tenant.domains) == [tenant.default_domain]
    got = client.tenants.GetTenant(tenants_pb2.GetTenantRequest(tenant_id=tenant.id))
    assert got.display_name == tenant.display_name
    assert got.lang == "en-US"
    ids = [t.id for t in paginate(client.tenants.ListTenants, tenants_pb2.ListTenantsRequest(page_size=1),
                                  lambda page: page.tenants)]
    assert "default" in ids and tenant.id in ids
    assert ids == sorted(ids), "tenants are listed by id"


def test_users_paged_to_the_end_and_streamed(client: Client, tenant: tenants_pb2.Tenant) -> None:
    names = ["ada", "bob", "cyd", "dan", "eve", "fay", "gus"]
    for i, name in enumerate(reversed(names)):
        created = client.users.CreateUser(new_user(tenant, name, name.capitalize(), f"Surname{i}"))
        assert created.mail == f"{name}@{tenant.default_domain}"
        assert created.password == "", "the password is never returned"
    expected = [f"{n}@{tenant.default_domain}" for n in names]

    pages: list[users_pb2.ListUsersResponse] = []

    def list_users(req: users_pb2.ListUsersRequest) -> users_pb2.ListUsersResponse:
        page = client.users.ListUsers(req)
        pages.append(page)
        return page

    request = users_pb2.ListUsersRequest(tenant_id=tenant.id, page_size=3)
    listed = [u.mail for u in paginate(list_users, request, lambda page: page.users)]
    assert listed == expected
    assert [len(p.users) for p in pages] == [3, 3, 1]
    assert all(p.total_size == 7 for p in pages)
    assert pages[-1].next_page_token == ""
    assert request.page_token == "", "paginate leaves the caller's request alone"

    streamed = [u.mail for u in client.users.StreamUsers(users_pb2.StreamUsersRequest(tenant_id=tenant.id))]
    assert streamed == expected

    found = client.users.ListUsers(users_pb2.ListUsersRequest(tenant_id=tenant.id, search="EVE"))
    assert [u.mail for u in found.users] == [f"eve@{tenant.default_domain}"]
    assert found.total_size == 1


def test_settings_and_audit(client: Client, tenant: tenants_pb2.Tenant) -> None:
    setting = client.settings.GetSetting(settings_pb2.GetSettingRequest(key="psn/bruteforce/penalty"))
    assert setting.key == "psn/bruteforce/penalty" and setting.value.isdigit()
    events = client.audit.ListAuditEvents(audit_pb2.ListAuditEventsRequest(tenant_id=tenant.id))
    assert any(e.rpc == "pbm.v2.TenantService/CreateTenant" and e.result == "OK" for e in events.events)


def test_update_get_delete_undelete(client: Client, tenant: tenants_pb2.Tenant) -> None:
    mail = f"upd@{tenant.default_domain}"
    client.users.CreateUser(new_user(tenant, "upd", "Before", "Same"))
    updated = client.users.UpdateUser(users_pb2.UpdateUserRequest(
        user=users_pb2.User(tenant_id=tenant.id, mail=mail, given_name="After", surname="Ignored"),
        update_mask=field_mask_pb2.FieldMask(paths=["given_name"]),
    ))
    assert (updated.given_name, updated.surname) == ("After", "Same")
    got = client.users.GetUser(users_pb2.GetUserRequest(tenant_id=tenant.id, mail=mail))
    assert got.given_name == "After"

    client.users.DeleteUser(users_pb2.DeleteUserRequest(tenant_id=tenant.id, mail=mail))
    with pytest.raises(NotFoundError):
        client.users.GetUser(users_pb2.GetUserRequest(tenant_id=tenant.id, mail=mail))
    deleted = client.users.ListDeletedUsers(users_pb2.ListDeletedUsersRequest(tenant_id=tenant.id))
    assert [u.mail for u in deleted.users] == [mail]
    restored = client.users.UndeleteUser(users_pb2.UndeleteUserRequest(tenant_id=tenant.id, mail=mail))
    assert restored.mail == mail and restored.given_name == "After"


# -- errors -------------------------------------------------------------------


def test_invalid_request_field_violations(client: Client) -> None:
    request = users_pb2.CreateUserRequest(user=users_pb2.User(tenant_id="default", mail="x@example.com"))
    with pytest.raises(InvalidArgumentError) as info:
        client.users.CreateUser(request)
    err = info.value
    assert isinstance(err, grpc.RpcError), "still a grpc.RpcError"
    assert err.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert sorted((v.field, v.reason) for v in err.violations) == [
        ("user.given_name", "REQUIRED"),
        ("user.password", "REQUIRED"),
        ("user.surname", "REQUIRED"),
    ]
    assert all(isinstance(v, FieldViolation) and v.description for v in err.violations)
    assert set(err.fields()) == {"user.password", "user.given_name", "user.surname"}


def test_invalid_value_violation(client: Client) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        client.tenants.CreateTenant(tenants_pb2.CreateTenantRequest(tenant_id="Not A Valid Id!", domain="x.example"))
    [violation] = info.value.violations
    assert violation.field == "tenant_id"
    assert violation.reason == "INVALID"
    assert violation.description


def test_stream_errors_are_converted(client: Client) -> None:
    with pytest.raises(NotFoundError):
        list(client.users.StreamUsers(users_pb2.StreamUsersRequest(tenant_id=f"missing-{uuid.uuid4().hex[:8]}")))


def test_not_found_and_already_exists(client: Client, tenant: tenants_pb2.Tenant) -> None:
    with pytest.raises(NotFoundError) as info:
        client.users.GetUser(users_pb2.GetUserRequest(tenant_id=tenant.id, mail=f"nobody@{tenant.default_domain}"))
    assert info.value.code() == grpc.StatusCode.NOT_FOUND
    client.users.CreateUser(new_user(tenant, "dup", "Dup", "One"))
    with pytest.raises(AlreadyExistsError):
        client.users.CreateUser(new_user(tenant, "dup", "Dup", "Two"))


# -- the README example, as printed ---------------------------------------------


def readme_block(marker: str) -> str:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    match = re.search(rf"<!-- example: {marker} -->\n```\w*\n(.*?)\n```", readme, re.S)
    assert match, f"no <!-- example: {marker} --> block in README.md"
    return match.group(1) + "\n"


def test_readme_example_runs_as_printed(addr: str, login: str, password: str, tmp_path: Path) -> None:
    script = tmp_path / "example.py"
    script.write_text(readme_block("python"))
    env = dict(os.environ, PBM_ADDR=addr, PBM_LOGIN=login, PBM_PASSWORD=password)
    run = subprocess.run([sys.executable, str(script)], env=env, cwd=tmp_path, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == "tenant default domain example.com"
    assert re.fullmatch(r"created jane\.[0-9a-f]{8}@example\.com", lines[1])
    assert re.fullmatch(r"listed \d+ users; new one listed: True", lines[2])
    assert sorted(lines[3:6]) == [
        "violation user.given_name REQUIRED",
        "violation user.password REQUIRED",
        "violation user.surname REQUIRED",
    ]
    assert lines[6] == "deleted " + lines[1].removeprefix("created ")
    assert len(lines) == 7
