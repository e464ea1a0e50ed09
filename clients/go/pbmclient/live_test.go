// The Go client against a live pbm (nothing is mocked): login, refresh,
// tenants, users, paging, streaming and rich errors.
//
// PBM_ADDR / PBM_LOGIN / PBM_PASSWORD name the pbm under test and its
// superadmin; PBM_SHORT_TTL_ADDR a second pbm whose access tokens live 2 s.
// scripts/test-clients.sh starts both. A missing variable fails the test.
package pbmclient_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	pbmv2 "github.com/pbm-mail/pbm/clients/go/gen/pbm/v2"
	"github.com/pbm-mail/pbm/clients/go/pbmclient"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

const userPassword = "Str0ng-Passw0rd!"

func env(t *testing.T, name string) string {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		t.Fatalf("%s is not set: run scripts/test-clients.sh, or start pbm and set it", name)
	}
	return v
}

func login() string {
	if v := os.Getenv("PBM_LOGIN"); v != "" {
		return v
	}
	return "creator@example.com"
}

func connect(t *testing.T, addr string, opts pbmclient.Options) *pbmclient.Client {
	t.Helper()
	if opts.Login == "" {
		opts.Login = login()
	}
	if opts.Password == "" {
		opts.Password = env(t, "PBM_PASSWORD")
	}
	c, err := pbmclient.New(addr, opts, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// bareAuth is an AuthService client without the pbmclient interceptors.
func bareAuth(t *testing.T, addr string) pbmv2.AuthServiceClient {
	t.Helper()
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return pbmv2.NewAuthServiceClient(conn)
}

func whoAmIWith(t *testing.T, addr, token string) (*pbmv2.Identity, error) {
	ctx := metadata.AppendToOutgoingContext(context.Background(), "authorization", "Bearer "+token)
	return bareAuth(t, addr).WhoAmI(ctx, &pbmv2.WhoAmIRequest{})
}

func unique() string {
	b := make([]byte, 5)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func pbmError(t *testing.T, err error, code codes.Code) *pbmclient.Error {
	t.Helper()
	var pe *pbmclient.Error
	if !errors.As(err, &pe) {
		t.Fatalf("want a *pbmclient.Error, got %T %v", err, err)
	}
	if pe.Code != code {
		t.Fatalf("want code %v, got %v (%v)", code, pe.Code, err)
	}
	if status.Code(err) != code {
		t.Fatalf("status.Code sees %v, want %v", status.Code(err), code)
	}
	return pe
}

// -- authentication --------------------------------------------------------

func TestLoginReturnsTokensAndIdentity(t *testing.T) {
	ctx := context.Background()
	c := connect(t, env(t, "PBM_ADDR"), pbmclient.Options{})
	if c.Session.Tokens() != nil {
		t.Fatal("the client must log in lazily")
	}
	tokens, err := c.Session.Login(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if tokens.GetAccessToken() == "" || tokens.GetRefreshToken() == "" || tokens.GetExpiresIn() <= 0 {
		t.Fatalf("incomplete tokens: %v", tokens)
	}
	if tokens.GetRole() != pbmv2.Role_ROLE_SUPERADMIN || tokens.GetMail() != login() || tokens.GetTenantId() != "default" {
		t.Fatalf("unexpected tokens: %v", tokens)
	}
	me, err := c.Auth.WhoAmI(ctx, &pbmv2.WhoAmIRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if me.GetMail() != login() || me.GetRole() != pbmv2.Role_ROLE_SUPERADMIN {
		t.Fatalf("WhoAmI: %v", me)
	}
	if n := c.Session.LoginCount(); n != 1 {
		t.Fatalf("logged in %d times", n)
	}
}

func TestFirstCallLogsInByItself(t *testing.T) {
	c := connect(t, env(t, "PBM_ADDR"), pbmclient.Options{})
	me, err := c.Auth.WhoAmI(context.Background(), &pbmv2.WhoAmIRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if me.GetMail() != login() || c.Session.LoginCount() != 1 || c.Session.Tokens() == nil {
		t.Fatalf("WhoAmI %v, logins %d", me, c.Session.LoginCount())
	}
}

func TestWrongPasswordIsUnauthenticated(t *testing.T) {
	c := connect(t, env(t, "PBM_ADDR"), pbmclient.Options{Password: "not-the-password"})
	_, err := c.Auth.WhoAmI(context.Background(), &pbmv2.WhoAmIRequest{})
	if pe := pbmError(t, err, codes.Unauthenticated); pe.Reason != "BAD_CREDENTIALS" {
		t.Fatalf("reason %q", pe.Reason)
	}
}

func TestRefreshRotatesAndReuseEndsTheSession(t *testing.T) {
	ctx := context.Background()
	addr := env(t, "PBM_ADDR")
	c := connect(t, addr, pbmclient.Options{})
	first, err := c.Session.Login(ctx)
	if err != nil {
		t.Fatal(err)
	}
	second, err := c.Session.Refresh(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if second.GetRefreshToken() == first.GetRefreshToken() || c.Session.RefreshCount() != 1 {
		t.Fatal("refresh did not rotate")
	}
	if me, err := whoAmIWith(t, addr, second.GetAccessToken()); err != nil || me.GetMail() != login() {
		t.Fatalf("new access token: %v %v", me, err)
	}

	_, err = bareAuth(t, addr).Refresh(ctx, &pbmv2.RefreshRequest{RefreshToken: first.GetRefreshToken()})
	if status.Code(err) != codes.Unauthenticated || pbmclient.Reason(err) != "REFRESH_TOKEN_INVALID" {
		t.Fatalf("reusing a refresh token: %v (reason %q)", err, pbmclient.Reason(err))
	}
	if _, err := whoAmIWith(t, addr, second.GetAccessToken()); pbmclient.Reason(err) != "SESSION_ENDED" {
		t.Fatalf("the session survived a refresh-token reuse: %v", err)
	}

	me, err := c.Auth.WhoAmI(ctx, &pbmv2.WhoAmIRequest{})
	if err != nil || me.GetMail() != login() {
		t.Fatalf("after the session ended: %v %v", me, err)
	}
	if n := c.Session.LoginCount(); n != 2 {
		t.Fatalf("logged in %d times, want 2", n)
	}
}

func TestExpiredAccessTokenIsRefreshedBeforeUse(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	addr := env(t, "PBM_SHORT_TTL_ADDR")
	c := connect(t, addr, pbmclient.Options{})
	first, err := c.Session.Login(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if first.GetExpiresIn() > 5 {
		t.Fatalf("PBM_SHORT_TTL_ADDR must issue short-lived tokens, got %d s", first.GetExpiresIn())
	}
	time.Sleep(time.Duration(first.GetExpiresIn())*time.Second + 1500*time.Millisecond)
	if _, err := whoAmIWith(t, addr, first.GetAccessToken()); pbmclient.Reason(err) != "TOKEN_EXPIRED" {
		t.Fatalf("an expired token: %v", err)
	}
	if me, err := c.Auth.WhoAmI(ctx, &pbmv2.WhoAmIRequest{}); err != nil || me.GetMail() != login() {
		t.Fatalf("after expiry: %v %v", me, err)
	}
	if c.Session.RefreshCount() != 1 || c.Session.LoginCount() != 1 {
		t.Fatalf("refreshes %d, logins %d", c.Session.RefreshCount(), c.Session.LoginCount())
	}
	if c.Session.Tokens().GetRefreshToken() == first.GetRefreshToken() {
		t.Fatal("the tokens were not rotated")
	}
}

func TestTokenExpiredAnswerTriggersRefreshAndRetry(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := connect(t, env(t, "PBM_SHORT_TTL_ADDR"), pbmclient.Options{ReactiveRefreshOnly: true})
	first, err := c.Session.Login(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ttl := time.Duration(first.GetExpiresIn())*time.Second + 1500*time.Millisecond
	time.Sleep(ttl)
	// Unary: the server answers TOKEN_EXPIRED, the client refreshes and retries.
	if me, err := c.Auth.WhoAmI(ctx, &pbmv2.WhoAmIRequest{}); err != nil || me.GetMail() != login() {
		t.Fatalf("unary after expiry: %v %v", me, err)
	}
	if c.Session.RefreshCount() != 1 {
		t.Fatalf("refreshes %d", c.Session.RefreshCount())
	}
	time.Sleep(ttl)
	// Server stream: restarted once with new tokens before anything arrived.
	mails, err := streamMails(ctx, c, "default")
	if err != nil || !slices.Contains(mails, login()) {
		t.Fatalf("stream after expiry: %v %v", mails, err)
	}
	if c.Session.RefreshCount() != 2 || c.Session.LoginCount() != 1 {
		t.Fatalf("refreshes %d, logins %d", c.Session.RefreshCount(), c.Session.LoginCount())
	}
}

// -- tenants and users -----------------------------------------------------

func streamMails(ctx context.Context, c *pbmclient.Client, tenant string) ([]string, error) {
	stream, err := c.Users.StreamUsers(ctx, &pbmv2.StreamUsersRequest{TenantId: tenant})
	if err != nil {
		return nil, err
	}
	var mails []string
	for {
		u, err := stream.Recv()
		if err == io.EOF {
			return mails, nil
		}
		if err != nil {
			return mails, err
		}
		mails = append(mails, u.GetMail())
	}
}

func newTenant(t *testing.T, c *pbmclient.Client) *pbmv2.Tenant {
	t.Helper()
	suffix := unique()
	tenant, err := c.Tenants.CreateTenant(context.Background(), &pbmv2.CreateTenantRequest{
		TenantId: "go-" + suffix,
		Tenant:   &pbmv2.Tenant{DisplayName: "Go suite " + suffix, Lang: "en-US"},
		Domain:   "go-" + suffix + ".example",
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, err := c.Tenants.DeleteTenant(context.Background(), &pbmv2.DeleteTenantRequest{TenantId: tenant.GetId(), Force: true})
		if err != nil {
			t.Errorf("deleting tenant %s: %v", tenant.GetId(), err)
		}
	})
	return tenant
}

func newUser(tenant *pbmv2.Tenant, local, given, surname string) *pbmv2.CreateUserRequest {
	return &pbmv2.CreateUserRequest{User: &pbmv2.User{
		TenantId:  tenant.GetId(),
		Mail:      local + "@" + tenant.GetDefaultDomain(),
		Password:  userPassword,
		GivenName: given,
		Surname:   surname,
	}}
}

func TestCreateTenant(t *testing.T) {
	ctx := context.Background()
	c := connect(t, env(t, "PBM_ADDR"), pbmclient.Options{})
	tenant := newTenant(t, c)
	if !strings.HasPrefix(tenant.GetId(), "go-") || tenant.GetDefaultDomain() != tenant.GetId()+".example" ||
		!slices.Equal(tenant.GetDomains(), []string{tenant.GetDefaultDomain()}) {
		t.Fatalf("created %v", tenant)
	}
	got, err := c.Tenants.GetTenant(ctx, &pbmv2.GetTenantRequest{TenantId: tenant.GetId()})
	if err != nil || got.GetDisplayName() != tenant.GetDisplayName() || got.GetLang() != "en-US" {
		t.Fatalf("GetTenant: %v %v", got, err)
	}
	var ids []string
	for tn, err := range pbmclient.All(ctx, c.Tenants.ListTenants, &pbmv2.ListTenantsRequest{PageSize: 1},
		(*pbmv2.ListTenantsResponse).GetTenants) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, tn.GetId())
	}
	if !slices.Contains(ids, "default") || !slices.Contains(ids, tenant.GetId()) || !sort.StringsAreSorted(ids) {
		t.Fatalf("listed tenants %v", ids)
	}
}

func TestSettingsAndAudit(t *testing.T) {
	ctx := context.Background()
	c := connect(t, env(t, "PBM_ADDR"), pbmclient.Options{})
	tenant := newTenant(t, c)
	setting, err := c.Settings.GetSetting(ctx, &pbmv2.GetSettingRequest{Key: "psn/bruteforce/penalty"})
	if err != nil || setting.GetKey() != "psn/bruteforce/penalty" || setting.GetValue() == "" {
		t.Fatalf("GetSetting: %v %v", setting, err)
	}
	events, err := c.Audit.ListAuditEvents(ctx, &pbmv2.ListAuditEventsRequest{TenantId: tenant.GetId()})
	if err != nil {
		t.Fatal(err)
	}
	found := slices.ContainsFunc(events.GetEvents(), func(e *pbmv2.AuditEvent) bool {
		return e.GetRpc() == "pbm.v2.TenantService/CreateTenant" && e.GetResult() == "OK"
	})
	if !found {
		t.Fatalf("no CreateTenant event for %s in %v", tenant.GetId(), events.GetEvents())
	}
}

func TestUsersPagedToTheEndAndStreamed(t *testing.T) {
	ctx := context.Background()
	c := connect(t, env(t, "PBM_ADDR"), pbmclient.Options{})
	tenant := newTenant(t, c)
	names := []string{"ada", "bob", "cyd", "dan", "eve", "fay", "gus"}
	var expected []string
	for i := len(names) - 1; i >= 0; i-- {
		created, err := c.Users.CreateUser(ctx, newUser(tenant, names[i], strings.ToUpper(names[i]), "Surname"))
		if err != nil {
			t.Fatal(err)
		}
		if created.GetMail() != names[i]+"@"+tenant.GetDefaultDomain() || created.GetPassword() != "" {
			t.Fatalf("created %v", created)
		}
	}
	for _, n := range names {
		expected = append(expected, n+"@"+tenant.GetDefaultDomain())
	}

	var pages []*pbmv2.ListUsersResponse
	listUsers := func(ctx context.Context, req *pbmv2.ListUsersRequest, opts ...grpc.CallOption) (*pbmv2.ListUsersResponse, error) {
		page, err := c.Users.ListUsers(ctx, req, opts...)
		if err == nil {
			pages = append(pages, page)
		}
		return page, err
	}
	req := &pbmv2.ListUsersRequest{TenantId: tenant.GetId(), PageSize: 3}
	var listed []string
	for u, err := range pbmclient.All(ctx, listUsers, req, (*pbmv2.ListUsersResponse).GetUsers) {
		if err != nil {
			t.Fatal(err)
		}
		listed = append(listed, u.GetMail())
	}
	if !slices.Equal(listed, expected) {
		t.Fatalf("listed %v, want %v", listed, expected)
	}
	var sizes []int
	for _, p := range pages {
		sizes = append(sizes, len(p.GetUsers()))
		if p.GetTotalSize() != 7 {
			t.Fatalf("total_size %d", p.GetTotalSize())
		}
	}
	if !slices.Equal(sizes, []int{3, 3, 1}) || pages[len(pages)-1].GetNextPageToken() != "" {
		t.Fatalf("page sizes %v", sizes)
	}
	if req.GetPageToken() != "" {
		t.Fatal("All modified the caller's request")
	}

	// Stopping early stops fetching.
	pages = nil
	for range pbmclient.All(ctx, listUsers, req, (*pbmv2.ListUsersResponse).GetUsers) {
		break
	}
	if len(pages) != 1 {
		t.Fatalf("fetched %d pages for one item", len(pages))
	}

	streamed, err := streamMails(ctx, c, tenant.GetId())
	if err != nil || !slices.Equal(streamed, expected) {
		t.Fatalf("streamed %v %v", streamed, err)
	}

	found, err := c.Users.ListUsers(ctx, &pbmv2.ListUsersRequest{TenantId: tenant.GetId(), Search: "EVE"})
	if err != nil || len(found.GetUsers()) != 1 || found.GetUsers()[0].GetMail() != "eve@"+tenant.GetDefaultDomain() || found.GetTotalSize() != 1 {
		t.Fatalf("search: %v %v", found, err)
	}
}

func TestUpdateGetDeleteUndelete(t *testing.T) {
	ctx := context.Background()
	c := connect(t, env(t, "PBM_ADDR"), pbmclient.Options{})
	tenant := newTenant(t, c)
	mail := "upd@" + tenant.GetDefaultDomain()
	if _, err := c.Users.CreateUser(ctx, newUser(tenant, "upd", "Before", "Same")); err != nil {
		t.Fatal(err)
	}
	updated, err := c.Users.UpdateUser(ctx, &pbmv2.UpdateUserRequest{
		User:       &pbmv2.User{TenantId: tenant.GetId(), Mail: mail, GivenName: "After", Surname: "Ignored"},
		UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"given_name"}},
	})
	if err != nil || updated.GetGivenName() != "After" || updated.GetSurname() != "Same" {
		t.Fatalf("UpdateUser: %v %v", updated, err)
	}
	got, err := c.Users.GetUser(ctx, &pbmv2.GetUserRequest{TenantId: tenant.GetId(), Mail: mail})
	if err != nil || got.GetGivenName() != "After" {
		t.Fatalf("GetUser: %v %v", got, err)
	}
	if _, err := c.Users.DeleteUser(ctx, &pbmv2.DeleteUserRequest{TenantId: tenant.GetId(), Mail: mail}); err != nil {
		t.Fatal(err)
	}
	_, err = c.Users.GetUser(ctx, &pbmv2.GetUserRequest{TenantId: tenant.GetId(), Mail: mail})
	pbmError(t, err, codes.NotFound)
	deleted, err := c.Users.ListDeletedUsers(ctx, &pbmv2.ListDeletedUsersRequest{TenantId: tenant.GetId()})
	if err != nil || len(deleted.GetUsers()) != 1 || deleted.GetUsers()[0].GetMail() != mail {
		t.Fatalf("ListDeletedUsers: %v %v", deleted, err)
	}
	restored, err := c.Users.UndeleteUser(ctx, &pbmv2.UndeleteUserRequest{TenantId: tenant.GetId(), Mail: mail})
	if err != nil || restored.GetMail() != mail || restored.GetGivenName() != "After" {
		t.Fatalf("UndeleteUser: %v %v", restored, err)
	}
}

// -- errors ------------------------------------------------------------------

func TestInvalidRequestFieldViolations(t *testing.T) {
	c := connect(t, env(t, "PBM_ADDR"), pbmclient.Options{})
	_, err := c.Users.CreateUser(context.Background(), &pbmv2.CreateUserRequest{
		User: &pbmv2.User{TenantId: "default", Mail: "x@example.com"},
	})
	pe := pbmError(t, err, codes.InvalidArgument)
	got := slices.Clone(pe.Violations)
	slices.SortFunc(got, func(a, b pbmclient.FieldViolation) int { return strings.Compare(a.Field, b.Field) })
	want := []string{"user.given_name REQUIRED", "user.password REQUIRED", "user.surname REQUIRED"}
	var gotFR []string
	for _, v := range got {
		gotFR = append(gotFR, v.Field+" "+v.Reason)
		if v.Description == "" {
			t.Errorf("violation %s has no description", v.Field)
		}
	}
	if !slices.Equal(gotFR, want) {
		t.Fatalf("violations %v, want %v", got, want)
	}
	if !slices.Equal(pbmclient.Violations(err), pe.Violations) {
		t.Fatal("Violations(err) differs")
	}
	fields := pe.Fields()
	slices.Sort(fields)
	if !slices.Equal(fields, []string{"user.given_name", "user.password", "user.surname"}) {
		t.Fatalf("fields %v", fields)
	}
}

func TestInvalidValueViolation(t *testing.T) {
	c := connect(t, env(t, "PBM_ADDR"), pbmclient.Options{})
	_, err := c.Tenants.CreateTenant(context.Background(), &pbmv2.CreateTenantRequest{TenantId: "Not A Valid Id!", Domain: "x.example"})
	pe := pbmError(t, err, codes.InvalidArgument)
	if len(pe.Violations) != 1 || pe.Violations[0].Field != "tenant_id" || pe.Violations[0].Reason != "INVALID" || pe.Violations[0].Description == "" {
		t.Fatalf("violations %v", pe.Violations)
	}
}

func TestStreamErrorsAreConverted(t *testing.T) {
	c := connect(t, env(t, "PBM_ADDR"), pbmclient.Options{})
	_, err := streamMails(context.Background(), c, "missing-"+unique())
	pbmError(t, err, codes.NotFound)
}

func TestNotFoundAndAlreadyExists(t *testing.T) {
	ctx := context.Background()
	c := connect(t, env(t, "PBM_ADDR"), pbmclient.Options{})
	tenant := newTenant(t, c)
	_, err := c.Users.GetUser(ctx, &pbmv2.GetUserRequest{TenantId: tenant.GetId(), Mail: "nobody@" + tenant.GetDefaultDomain()})
	pbmError(t, err, codes.NotFound)
	if _, err := c.Users.CreateUser(ctx, newUser(tenant, "dup", "Dup", "One")); err != nil {
		t.Fatal(err)
	}
	_, err = c.Users.CreateUser(ctx, newUser(tenant, "dup", "Dup", "Two"))
	pbmError(t, err, codes.AlreadyExists)
}
