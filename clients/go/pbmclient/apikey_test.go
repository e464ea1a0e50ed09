// The Go client as a service account (API-key mode) against a live pbm: the
// key is sent on unary calls, streams and the watch; scopes and the tenant
// wall hold; a key is not a session; a refused key is a typed error. The same
// tests as the Python client's tests/test_api_key.py.
package pbmclient_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	pbmv2 "github.com/pbm-mail/pbm/clients/go/gen/pbm/v2"
	"github.com/pbm-mail/pbm/clients/go/pbmclient"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
)

// unknownKey is well-formed but unknown. Every client suite presents this
// same key: pbm counts a repeated wrong key once against the client address,
// so the suites together stay below the robot check of 127.0.0.1.
var unknownKey = "pbm_sk_0000000000000000_" + strings.Repeat("0", 64)

// serviceKey makes a service account of tenant with scopes, and a key of it.
func serviceKey(t *testing.T, admin *pbmclient.Client, tenant *pbmv2.Tenant, scopes ...string) string {
	t.Helper()
	ctx := context.Background()
	name := "go-" + unique()
	if _, err := admin.ServiceAccounts.CreateServiceAccount(ctx, &pbmv2.CreateServiceAccountRequest{
		ServiceAccount: &pbmv2.ServiceAccount{TenantId: tenant.GetId(), Name: name, Scopes: scopes},
	}); err != nil {
		t.Fatal(err)
	}
	created, err := admin.ServiceAccounts.CreateApiKey(ctx, &pbmv2.CreateApiKeyRequest{TenantId: tenant.GetId(), ServiceAccount: name})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(created.GetKey(), "pbm_sk_"+created.GetApiKey().GetId()+"_") {
		t.Fatalf("key %q does not carry its id %q", "pbm_sk_…", created.GetApiKey().GetId())
	}
	return created.GetKey()
}

func connectKey(t *testing.T, addr, key string) *pbmclient.Client {
	t.Helper()
	c, err := pbmclient.New(addr, pbmclient.Options{APIKey: key}, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func TestAPIKeyReadsWithinItsScopes(t *testing.T) {
	ctx := context.Background()
	addr := env(t, "PBM_ADDR")
	admin := connect(t, addr, pbmclient.Options{})
	tenant := newTenant(t, admin)
	svc := connectKey(t, addr, serviceKey(t, admin, tenant, "directory.read"))
	if !svc.Session.UsesAPIKey() {
		t.Fatal("UsesAPIKey is false")
	}

	for _, local := range []string{"ann", "bob", "cat"} {
		if _, err := admin.Users.CreateUser(ctx, newUser(tenant, local, local, "Keyed")); err != nil {
			t.Fatal(err)
		}
	}
	expected, err := streamMails(ctx, admin, tenant.GetId())
	if err != nil || len(expected) != 3 {
		t.Fatalf("the admin's stream: %v %v", expected, err)
	}
	slices.Sort(expected)
	me, err := svc.Auth.WhoAmI(ctx, &pbmv2.WhoAmIRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if me.GetTenantId() != tenant.GetId() || !strings.HasPrefix(me.GetMail(), "service-account:") {
		t.Fatalf("WhoAmI with a key: %v", me)
	}
	var paged []string
	req := &pbmv2.ListUsersRequest{TenantId: tenant.GetId(), PageSize: 1}
	for u, err := range pbmclient.All(ctx, svc.Users.ListUsers, req, (*pbmv2.ListUsersResponse).GetUsers) {
		if err != nil {
			t.Fatal(err)
		}
		paged = append(paged, u.GetMail())
	}
	slices.Sort(paged)
	if !slices.Equal(paged, expected) {
		t.Fatalf("paged with a key %v, want %v", paged, expected)
	}
	streamed, err := streamMails(ctx, svc, tenant.GetId())
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(streamed)
	if !slices.Equal(streamed, expected) {
		t.Fatalf("streamed with a key %v, want %v", streamed, expected)
	}

	// The watch helper runs on a key too: a change after the revision the
	// key read reaches it.
	since := revisionOf(t, svc, tenant.GetId())
	mail := "watched." + unique() + "@" + tenant.GetDefaultDomain()
	if _, err := admin.Users.CreateUser(ctx, &pbmv2.CreateUserRequest{User: &pbmv2.User{
		TenantId: tenant.GetId(), Mail: mail, Password: userPassword, GivenName: "W", Surname: "Atched",
	}}); err != nil {
		t.Fatal(err)
	}
	watch := pbmclient.WatchDirectory(ctx, svc.Watch, pbmclient.WatchOptions{Since: since, TenantID: tenant.GetId()})
	defer watch.Close()
	var seen *pbmv2.DirectoryEvent
	for seen == nil && watch.Next() {
		if e := watch.Event(); e.GetUser() != nil {
			seen = e
		}
	}
	if seen == nil {
		t.Fatalf("the watch ended without the user: %v", watch.Err())
	}
	if seen.GetType() != pbmv2.DirectoryEvent_TYPE_ADDED || seen.GetUser().GetMail() != mail {
		t.Fatalf("watched %v %q, want ADDED %q", seen.GetType(), seen.GetUser().GetMail(), mail)
	}
	if svc.Session.Tokens() != nil || svc.Session.LoginCount() != 0 || svc.Session.RefreshCount() != 0 {
		t.Fatal("an API-key client made a session")
	}
}

func TestAPIKeyIsHeldByItsScopesAndTenant(t *testing.T) {
	ctx := context.Background()
	addr := env(t, "PBM_ADDR")
	admin := connect(t, addr, pbmclient.Options{})
	tenant := newTenant(t, admin)
	svc := connectKey(t, addr, serviceKey(t, admin, tenant, "directory.read"))

	mail := "nope@" + tenant.GetDefaultDomain()
	_, err := svc.Users.CreateUser(ctx, &pbmv2.CreateUserRequest{User: &pbmv2.User{
		TenantId: tenant.GetId(), Mail: mail, Password: userPassword, GivenName: "N", Surname: "O",
	}})
	pbmError(t, err, codes.PermissionDenied)
	_, err = svc.Users.ListUsers(ctx, &pbmv2.ListUsersRequest{TenantId: "default"})
	pbmError(t, err, codes.PermissionDenied)
	_, err = streamMails(ctx, svc, "default")
	pbmError(t, err, codes.PermissionDenied)
	mails, err := streamMails(ctx, admin, tenant.GetId())
	if err != nil || slices.Contains(mails, mail) {
		t.Fatalf("a refused create changed the tenant: %v %v", mails, err)
	}
}

func TestAPIKeyIsNotASession(t *testing.T) {
	ctx := context.Background()
	addr := env(t, "PBM_ADDR")
	admin := connect(t, addr, pbmclient.Options{})
	tenant := newTenant(t, admin)
	svc := connectKey(t, addr, serviceKey(t, admin, tenant, "directory.read"))

	if _, err := svc.Session.Login(ctx); !errors.Is(err, pbmclient.ErrAPIKeyMode) {
		t.Fatalf("Login of an API-key client: %v", err)
	}
	if _, err := svc.Session.Refresh(ctx); !errors.Is(err, pbmclient.ErrAPIKeyMode) {
		t.Fatalf("Refresh of an API-key client: %v", err)
	}
	_, err := svc.Auth.Logout(ctx, &pbmv2.LogoutRequest{})
	if pe := pbmError(t, err, codes.Unauthenticated); pe.Reason != "API_KEY_NOT_A_SESSION" {
		t.Fatalf("Logout with a key: reason %q", pe.Reason)
	}
	if me, err := svc.Auth.WhoAmI(ctx, &pbmv2.WhoAmIRequest{}); err != nil || me.GetTenantId() != tenant.GetId() {
		t.Fatalf("the key stopped working: %v %v", me, err)
	}
}

func TestUnknownAPIKeyIsRefusedWithoutALogin(t *testing.T) {
	svc := connectKey(t, env(t, "PBM_ADDR"), unknownKey)
	_, err := svc.Auth.WhoAmI(context.Background(), &pbmv2.WhoAmIRequest{})
	pe := pbmError(t, err, codes.Unauthenticated)
	if pe.Reason != "API_KEY_INVALID" {
		t.Fatalf("reason %q, want API_KEY_INVALID", pe.Reason)
	}
	if strings.Contains(err.Error(), unknownKey) {
		t.Fatal("the error repeats the key")
	}
	if svc.Session.LoginCount() != 0 {
		t.Fatal("an API-key client logged in")
	}
}

func TestClientTakesOneKindOfCredentials(t *testing.T) {
	insecureCreds := grpc.WithTransportCredentials(insecure.NewCredentials())
	if _, err := pbmclient.New("127.0.0.1:1", pbmclient.Options{Login: "a@b.c", Password: "x", APIKey: unknownKey}, insecureCreds); err == nil {
		t.Fatal("login, password and a key were taken together")
	}
	if _, err := pbmclient.New("127.0.0.1:1", pbmclient.Options{}, insecureCreds); err == nil {
		t.Fatal("no credentials were taken")
	}
}
