// Package pbmclient is the thin hand-written layer over the generated pbm.v2
// Go code (github.com/pbm-mail/pbm/clients/go/gen/pbm/v2): a logged-in connection with
// every service client, automatic token refresh, paging to the end, and
// errors with their google.rpc details decoded.
//
// New dials pbm with interceptors that
//
//   - log in on first use and send "authorization: Bearer <access token>" on
//     every call except AuthService.Login and AuthService.Refresh;
//   - refresh the token pair shortly before the access token expires (refresh
//     rotates: the old refresh token dies), and once more when the server
//     still answers UNAUTHENTICATED with reason TOKEN_EXPIRED (unary calls
//     are retried, server streams restarted before their first message); log
//     in again when the refresh token was refused or the session was ended;
//   - return every failure as an *Error (Code, Message, Reason, Violations).
//
// With Options.APIKey instead of a login and password the client acts as a
// service account: it sends "authorization: Bearer <key>" on every call,
// never logs in and never refreshes (a key is not a session; a refused key
// is returned as is: API_KEY_INVALID, API_KEY_EXPIRED,
// API_KEY_NETWORK_REFUSED).
package pbmclient

import (
	"context"
	"errors"
	"sync"
	"time"

	pbmv2 "github.com/pbm-mail/pbm/clients/go/gen/pbm/v2"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
)

// Options are the credentials and refresh policy of a Client: Login and
// Password, or APIKey.
type Options struct {
	// Login is the account's primary address, alternate address or alias.
	Login string
	// Password is the account's password.
	Password string
	// APIKey is a service account's key (pbm_sk_…), sent as is on every
	// call instead of a session's access token.
	APIKey string
	// RefreshMargin: refresh this long before the access token expires (at
	// most a tenth of its lifetime). Default 30 s.
	RefreshMargin time.Duration
	// ReactiveRefreshOnly: refresh only when the server answers
	// TOKEN_EXPIRED, not ahead of expiry.
	ReactiveRefreshOnly bool
}

// Client is a logged-in connection to pbm with a client for every service.
// It is safe for concurrent use.
type Client struct {
	Auth      pbmv2.AuthServiceClient
	Tenants   pbmv2.TenantServiceClient
	Users     pbmv2.UserServiceClient
	Domains   pbmv2.DomainServiceClient
	Resources pbmv2.ResourceServiceClient
	MailLists pbmv2.MailListServiceClient
	Mail      pbmv2.MailServiceClient
	Backup    pbmv2.BackupServiceClient
	Settings  pbmv2.SettingsServiceClient
	Audit     pbmv2.AuditServiceClient
	Watch     pbmv2.WatchServiceClient
	// AddressBook is the corporate address book: external contacts and its sync.
	AddressBook pbmv2.AddressBookServiceClient
	// ServiceAccounts manages service accounts and their API keys.
	ServiceAccounts pbmv2.ServiceAccountServiceClient
	// Session holds the tokens: Login, Refresh, Tokens, counters.
	Session *Session

	conn *grpc.ClientConn
}

// New makes a Client for target ("host:port"); the first call logs in. Pass
// the transport credentials among dialOpts, e.g.
// grpc.WithTransportCredentials(insecure.NewCredentials()) for h2c.
func New(target string, opts Options, dialOpts ...grpc.DialOption) (*Client, error) {
	if opts.APIKey != "" && (opts.Login != "" || opts.Password != "") {
		return nil, errors.New("pbmclient: pass either Login and Password, or APIKey, not both")
	}
	if opts.APIKey == "" && (opts.Login == "" || opts.Password == "") {
		return nil, errors.New("pbmclient: pass Login and Password, or APIKey")
	}
	if opts.RefreshMargin == 0 {
		opts.RefreshMargin = 30 * time.Second
	}
	s := &Session{opts: opts}
	dialOpts = append(dialOpts,
		grpc.WithChainUnaryInterceptor(s.unaryInterceptor),
		grpc.WithChainStreamInterceptor(s.streamInterceptor),
	)
	conn, err := grpc.NewClient(target, dialOpts...)
	if err != nil {
		return nil, err
	}
	s.auth = pbmv2.NewAuthServiceClient(conn)
	return &Client{
		Auth:            s.auth,
		Tenants:         pbmv2.NewTenantServiceClient(conn),
		Users:           pbmv2.NewUserServiceClient(conn),
		Domains:         pbmv2.NewDomainServiceClient(conn),
		Resources:       pbmv2.NewResourceServiceClient(conn),
		MailLists:       pbmv2.NewMailListServiceClient(conn),
		Mail:            pbmv2.NewMailServiceClient(conn),
		Backup:          pbmv2.NewBackupServiceClient(conn),
		Settings:        pbmv2.NewSettingsServiceClient(conn),
		Audit:           pbmv2.NewAuditServiceClient(conn),
		Watch:           pbmv2.NewWatchServiceClient(conn),
		AddressBook:     pbmv2.NewAddressBookServiceClient(conn),
		ServiceAccounts: pbmv2.NewServiceAccountServiceClient(conn),
		Session:         s,
		conn:            conn,
	}, nil
}

// Conn is the intercepted connection, for clients of services added later.
func (c *Client) Conn() *grpc.ClientConn { return c.conn }

// Close closes the connection (the session stays valid until it expires).
func (c *Client) Close() error { return c.conn.Close() }

// Session obtains and renews the tokens of a Client.
type Session struct {
	opts Options
	auth pbmv2.AuthServiceClient

	mu           sync.Mutex
	tokens       *pbmv2.Tokens
	refreshAt    time.Time
	loginCount   int
	refreshCount int
}

// ErrorInfo reasons after which new tokens may help.
var (
	refreshReasons = map[string]bool{"TOKEN_EXPIRED": true}
	loginReasons   = map[string]bool{"SESSION_ENDED": true, "TOKEN_INVALID": true, "REFRESH_TOKEN_INVALID": true}
)

const (
	loginMethod   = "/pbm.v2.AuthService/Login"
	refreshMethod = "/pbm.v2.AuthService/Refresh"
)

// ErrAPIKeyMode is returned by Login and Refresh of a client that
// authenticates with an API key, which is not a session.
var ErrAPIKeyMode = errors.New("pbmclient: this client authenticates with an API key, which is not a session")

// UsesAPIKey tells whether the client authenticates with an API key.
func (s *Session) UsesAPIKey() bool { return s.opts.APIKey != "" }

// Login logs in now (the client also does so by itself on first use).
func (s *Session) Login(ctx context.Context) (*pbmv2.Tokens, error) {
	if s.UsesAPIKey() {
		return nil, ErrAPIKeyMode
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.login(ctx)
}

// Refresh exchanges the refresh token for a new pair now (rotation).
func (s *Session) Refresh(ctx context.Context) (*pbmv2.Tokens, error) {
	if s.UsesAPIKey() {
		return nil, ErrAPIKeyMode
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tokens == nil {
		return s.login(ctx)
	}
	return s.refresh(ctx)
}

// Tokens returns the current token pair; nil before the first login.
func (s *Session) Tokens() *pbmv2.Tokens {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tokens
}

// LoginCount tells how many times the client logged in.
func (s *Session) LoginCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.loginCount
}

// RefreshCount tells how many times the token pair was refreshed.
func (s *Session) RefreshCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refreshCount
}

// AccessToken returns a valid access token, logging in or refreshing when
// needed (the key itself for an API-key client).
func (s *Session) AccessToken(ctx context.Context) (string, error) {
	return s.bearer(ctx, "", "")
}

// bearer returns the token to send. stale is a token the server refused with
// reason: new tokens are fetched unless another call already replaced it.
func (s *Session) bearer(ctx context.Context, stale, reason string) (string, error) {
	if s.UsesAPIKey() {
		return s.opts.APIKey, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var err error
	tokens := s.tokens
	switch {
	case tokens == nil:
		tokens, err = s.login(ctx)
	case stale != "" && stale != tokens.GetAccessToken():
		// Another call already renewed the tokens.
	case stale != "" && loginReasons[reason]:
		tokens, err = s.login(ctx)
	case stale != "" || (!s.opts.ReactiveRefreshOnly && !time.Now().Before(s.refreshAt)):
		tokens, err = s.refresh(ctx)
		var pe *Error
		if errors.As(err, &pe) && pe.Code == codes.Unauthenticated {
			tokens, err = s.login(ctx)
		}
	}
	if err != nil {
		return "", err
	}
	return tokens.GetAccessToken(), nil
}

func (s *Session) login(ctx context.Context) (*pbmv2.Tokens, error) {
	tokens, err := s.auth.Login(ctx, &pbmv2.LoginRequest{Login: s.opts.Login, Password: s.opts.Password})
	if err != nil {
		return nil, err
	}
	s.loginCount++
	return s.store(tokens), nil
}

func (s *Session) refresh(ctx context.Context) (*pbmv2.Tokens, error) {
	tokens, err := s.auth.Refresh(ctx, &pbmv2.RefreshRequest{RefreshToken: s.tokens.GetRefreshToken()})
	if err != nil {
		return nil, err
	}
	s.refreshCount++
	return s.store(tokens), nil
}

func (s *Session) store(tokens *pbmv2.Tokens) *pbmv2.Tokens {
	lifetime := time.Duration(tokens.GetExpiresIn()) * time.Second
	margin := min(s.opts.RefreshMargin, lifetime/10)
	s.refreshAt = time.Now().Add(lifetime - margin)
	s.tokens = tokens
	return tokens
}

func withBearer(ctx context.Context, token string) context.Context {
	return metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+token)
}

// renewable tells whether new tokens may cure err.
func renewable(err error) (string, bool) {
	pe := FromError(err)
	if pe == nil || pe.Code != codes.Unauthenticated {
		return "", false
	}
	return pe.Reason, refreshReasons[pe.Reason] || loginReasons[pe.Reason]
}

func (s *Session) unaryInterceptor(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn,
	invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
	if method == loginMethod || method == refreshMethod {
		return convert(invoker(ctx, method, req, reply, cc, opts...))
	}
	token, err := s.bearer(ctx, "", "")
	if err != nil {
		return err
	}
	err = invoker(withBearer(ctx, token), method, req, reply, cc, opts...)
	if reason, ok := renewable(err); ok && !s.UsesAPIKey() {
		if token, err = s.bearer(ctx, token, reason); err != nil {
			return err
		}
		err = invoker(withBearer(ctx, token), method, req, reply, cc, opts...)
	}
	return convert(err)
}

func (s *Session) streamInterceptor(ctx context.Context, desc *grpc.StreamDesc, cc *grpc.ClientConn, method string,
	streamer grpc.Streamer, opts ...grpc.CallOption) (grpc.ClientStream, error) {
	token, err := s.bearer(ctx, "", "")
	if err != nil {
		return nil, err
	}
	start := func(token string) (grpc.ClientStream, error) {
		return streamer(withBearer(ctx, token), desc, cc, method, opts...)
	}
	cs, err := start(token)
	if err != nil {
		return nil, convert(err)
	}
	return &stream{
		ClientStream: cs,
		session:      s,
		ctx:          ctx,
		token:        token,
		start:        start,
		replayable:   desc.ServerStreams && !desc.ClientStreams,
	}, nil
}

// stream converts errors to *Error and, for a server stream whose first read
// fails for an expired or ended session, starts the call once more with new
// tokens (nothing was received yet, so nothing is repeated).
type stream struct {
	grpc.ClientStream
	session    *Session
	ctx        context.Context
	token      string
	start      func(token string) (grpc.ClientStream, error)
	replayable bool
	request    any
	closed     bool
	received   bool
}

func (s *stream) SendMsg(m any) error {
	s.request = m
	return convert(s.ClientStream.SendMsg(m))
}

func (s *stream) CloseSend() error {
	s.closed = true
	return convert(s.ClientStream.CloseSend())
}

func (s *stream) RecvMsg(m any) error {
	err := s.ClientStream.RecvMsg(m)
	if err == nil {
		s.received = true
		return nil
	}
	reason, ok := renewable(err)
	if !ok || s.session.UsesAPIKey() || !s.replayable || s.received || s.request == nil || !s.closed {
		return convert(err)
	}
	s.replayable = false
	token, berr := s.session.bearer(s.ctx, s.token, reason)
	if berr != nil {
		return berr
	}
	cs, serr := s.start(token)
	if serr != nil {
		return convert(serr)
	}
	s.ClientStream, s.token = cs, token
	if err := cs.SendMsg(s.request); err != nil {
		return convert(err)
	}
	if err := cs.CloseSend(); err != nil {
		return convert(err)
	}
	return s.RecvMsg(m)
}
