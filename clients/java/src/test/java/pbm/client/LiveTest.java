package pbm.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.FieldMask;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pbm.v2.Common.Role;
import pbm.v2.Auth.Tokens;
import pbm.v2.Auth.WhoAmIRequest;
import pbm.v2.Tenants.CreateTenantRequest;
import pbm.v2.Tenants.DeleteTenantRequest;
import pbm.v2.Tenants.GetTenantRequest;
import pbm.v2.Tenants.ListTenantsRequest;
import pbm.v2.Tenants.ListTenantsResponse;
import pbm.v2.Tenants.Tenant;
import pbm.v2.Users.CreateUserRequest;
import pbm.v2.Users.DeleteUserRequest;
import pbm.v2.Users.GetUserRequest;
import pbm.v2.Users.ListUsersRequest;
import pbm.v2.Users.ListUsersResponse;
import pbm.v2.Users.StreamUsersRequest;
import pbm.v2.Users.UpdateUserRequest;
import pbm.v2.Users.User;

/**
 * The Java client against a live pbm (nothing is mocked). PBM_ADDR / PBM_LOGIN / PBM_PASSWORD name
 * the pbm under test and its superadmin; PBM_SHORT_TTL_ADDR a second pbm whose access tokens live
 * 2 s. scripts/test-clients.sh starts both. A missing variable fails the test.
 */
class LiveTest {
  private static final String USER_PASSWORD = "Str0ng-Passw0rd!";
  private final List<Runnable> cleanups = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    for (int i = cleanups.size() - 1; i >= 0; i--) {
      cleanups.get(i).run();
    }
  }

  static String env(String name) {
    String v = System.getenv(name);
    if (v == null || v.isEmpty()) {
      fail(name + " is not set: run scripts/test-clients.sh, or start pbm and set it");
    }
    return v;
  }

  static String login() {
    String v = System.getenv("PBM_LOGIN");
    return v == null || v.isEmpty() ? "creator@example.com" : v;
  }

  PbmClient connect(String addr, boolean reactiveOnly) {
    PbmClient c = PbmClient.builder(addr).plaintext().login(login()).password(env("PBM_PASSWORD"))
        .reactiveRefreshOnly(reactiveOnly).build();
    cleanups.add(c::close);
    return c;
  }

  static String unique() {
    byte[] b = new byte[5];
    ThreadLocalRandom.current().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  Tenant newTenant(PbmClient c) {
    String suffix = unique();
    Tenant t = c.tenants().createTenant(CreateTenantRequest.newBuilder()
        .setTenantId("java-" + suffix)
        .setTenant(Tenant.newBuilder().setDisplayName("Java suite " + suffix).setLang("en-US"))
        .setDomain("java-" + suffix + ".example")
        .build());
    cleanups.add(() -> c.tenants().deleteTenant(DeleteTenantRequest.newBuilder().setTenantId(t.getId()).setForce(true).build()));
    return t;
  }

  static CreateUserRequest newUser(Tenant t, String local, String given, String surname) {
    return CreateUserRequest.newBuilder().setUser(User.newBuilder()
        .setTenantId(t.getId()).setMail(local + "@" + t.getDefaultDomain()).setPassword(USER_PASSWORD)
        .setGivenName(given).setSurname(surname)).build();
  }

  static <T extends PbmException> T expect(Class<T> type, Status.Code code, Runnable call) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
    PbmException pe = PbmException.from(e);
    assertEquals(code, pe.code(), pe.getMessage());
    return assertInstanceOf(type, pe);
  }

  // -- authentication ----------------------------------------------------------

  @Test
  void loginReturnsTokensAndTheFirstCallLogsInByItself() {
    PbmClient c = connect(env("PBM_ADDR"), false);
    assertNull(c.session().tokens(), "the client must log in lazily");
    var me = c.auth().whoAmI(WhoAmIRequest.getDefaultInstance());
    assertEquals(login(), me.getMail());
    assertEquals(Role.ROLE_SUPERADMIN, me.getRole());
    Tokens t = c.session().tokens();
    assertFalse(t.getAccessToken().isEmpty());
    assertFalse(t.getRefreshToken().isEmpty());
    assertTrue(t.getExpiresIn() > 0);
    assertEquals("default", t.getTenantId());
    assertEquals(1, c.session().loginCount());
  }

  @Test
  void wrongPasswordIsUnauthenticatedWithReason() {
    PbmClient c = PbmClient.builder(env("PBM_ADDR")).plaintext().login(login()).password("not-the-password").build();
    cleanups.add(c::close);
    var e = assertThrows(PbmException.UnauthenticatedException.class,
        () -> PbmClient.call(() -> c.auth().whoAmI(WhoAmIRequest.getDefaultInstance())));
    assertEquals("BAD_CREDENTIALS", e.reason());
  }

  @Test
  void refreshRotatesTheTokens() {
    PbmClient c = connect(env("PBM_ADDR"), false);
    Tokens first = c.session().login();
    Tokens second = c.session().refresh();
    assertNotEquals(first.getRefreshToken(), second.getRefreshToken());
    assertEquals(1, c.session().refreshCount());
    assertEquals(login(), c.auth().whoAmI(WhoAmIRequest.getDefaultInstance()).getMail());

    // Reusing a refresh token ends the session (the server's theft defence): the
    // client's next call is refused with SESSION_ENDED, and it logs in again.
    io.grpc.ManagedChannel bare = io.grpc.ManagedChannelBuilder.forTarget(env("PBM_ADDR")).usePlaintext().build();
    cleanups.add(bare::shutdownNow);
    var reuse = assertThrows(StatusRuntimeException.class, () -> pbm.v2.AuthServiceGrpc.newBlockingStub(bare)
        .refresh(pbm.v2.Auth.RefreshRequest.newBuilder().setRefreshToken(first.getRefreshToken()).build()));
    assertEquals("REFRESH_TOKEN_INVALID", PbmException.from(reuse).reason());
    assertEquals(login(), c.auth().whoAmI(WhoAmIRequest.getDefaultInstance()).getMail());
    assertEquals(2, c.session().loginCount());
  }

  @Test
  void expiredAccessTokenIsRefreshedBeforeUse() throws InterruptedException {
    PbmClient c = connect(env("PBM_SHORT_TTL_ADDR"), false);
    Tokens first = c.session().login();
    assertTrue(first.getExpiresIn() <= 5, "PBM_SHORT_TTL_ADDR must issue short-lived tokens");
    Thread.sleep(first.getExpiresIn() * 1000 + 500);
    assertEquals(login(), c.auth().whoAmI(WhoAmIRequest.getDefaultInstance()).getMail());
    assertEquals(1, c.session().refreshCount());
    assertEquals(1, c.session().loginCount());
    assertNotEquals(first.getAccessToken(), c.session().tokens().getAccessToken());
  }

  @Test
  void tokenExpiredAnswerTriggersRefreshAndRetry() throws InterruptedException {
    PbmClient c = connect(env("PBM_SHORT_TTL_ADDR"), true);
    Tokens first = c.session().login();
    long ttl = first.getExpiresIn() * 1000 + 1500;
    Thread.sleep(ttl);
    // Unary: the server answers TOKEN_EXPIRED, the client refreshes and retries.
    assertEquals(login(), c.auth().whoAmI(WhoAmIRequest.getDefaultInstance()).getMail());
    assertEquals(1, c.session().refreshCount());
    Thread.sleep(ttl);
    // Server stream: started once more with new tokens before anything arrived.
    List<String> mails = new ArrayList<>();
    c.users().streamUsers(StreamUsersRequest.newBuilder().setTenantId("default").build())
        .forEachRemaining(u -> mails.add(u.getMail()));
    assertTrue(mails.contains(login()), mails.toString());
    assertEquals(2, c.session().refreshCount());
    assertEquals(1, c.session().loginCount());
  }

  @Test
  void asyncStubsOnTheClientsChannelRefreshToo() throws Exception {
    PbmClient c = connect(env("PBM_SHORT_TTL_ADDR"), true);
    Tokens first = c.session().login();
    Thread.sleep(first.getExpiresIn() * 1000 + 1500);
    // A future stub: the TOKEN_EXPIRED answer arrives on a gRPC executor thread, which refreshes and retries.
    var me = pbm.v2.AuthServiceGrpc.newFutureStub(c.channel()).whoAmI(WhoAmIRequest.getDefaultInstance())
        .get(30, java.util.concurrent.TimeUnit.SECONDS);
    assertEquals(login(), me.getMail());
    assertEquals(1, c.session().refreshCount());
  }

  // -- tenants and users --------------------------------------------------------

  @Test
  void crudRoundTrip() {
    PbmClient c = connect(env("PBM_ADDR"), false);
    Tenant tenant = newTenant(c);
    assertEquals(tenant.getId() + ".example", tenant.getDefaultDomain());
    Tenant got = c.tenants().getTenant(GetTenantRequest.newBuilder().setTenantId(tenant.getId()).build());
    assertEquals("en-US", got.getLang());

    String mail = "upd@" + tenant.getDefaultDomain();
    User created = c.users().createUser(newUser(tenant, "upd", "Before", "Same"));
    assertEquals(mail, created.getMail());
    assertEquals("", created.getPassword());
    User updated = c.users().updateUser(UpdateUserRequest.newBuilder()
        .setUser(User.newBuilder().setTenantId(tenant.getId()).setMail(mail).setGivenName("After").setSurname("Ignored"))
        .setUpdateMask(FieldMask.newBuilder().addPaths("given_name"))
        .build());
    assertEquals("After", updated.getGivenName());
    assertEquals("Same", updated.getSurname());
    GetUserRequest get = GetUserRequest.newBuilder().setTenantId(tenant.getId()).setMail(mail).build();
    assertEquals("After", c.users().getUser(get).getGivenName());
    c.users().deleteUser(DeleteUserRequest.newBuilder().setTenantId(tenant.getId()).setMail(mail).build());
    expect(PbmException.NotFoundException.class, Status.Code.NOT_FOUND, () -> c.users().getUser(get));
    var dup = newUser(tenant, "dup", "Dup", "One");
    c.users().createUser(dup);
    var e = assertThrows(PbmException.AlreadyExistsException.class, () -> PbmClient.call(() -> c.users().createUser(dup)));
    assertEquals(Status.Code.ALREADY_EXISTS, e.getStatus().getCode());
  }

  @Test
  void usersPagedToTheEndAndStreamed() {
    PbmClient c = connect(env("PBM_ADDR"), false);
    Tenant tenant = newTenant(c);
    List<String> names = List.of("ada", "bob", "cyd", "dan", "eve", "fay", "gus");
    List<String> expected = new ArrayList<>();
    for (int i = names.size() - 1; i >= 0; i--) {
      c.users().createUser(newUser(tenant, names.get(i), names.get(i).toUpperCase(), "Surname"));
    }
    for (String n : names) {
      expected.add(n + "@" + tenant.getDefaultDomain());
    }
    List<Integer> sizes = new ArrayList<>();
    ListUsersRequest req = ListUsersRequest.newBuilder().setTenantId(tenant.getId()).setPageSize(3).build();
    List<String> listed = new ArrayList<>();
    for (User u : Paging.all((ListUsersRequest r) -> {
          ListUsersResponse page = c.users().listUsers(r);
          sizes.add(page.getUsersCount());
          return page;
        }, req, ListUsersResponse::getUsersList)) {
      listed.add(u.getMail());
    }
    assertEquals(expected, listed);
    assertEquals(List.of(3, 3, 1), sizes);
    assertEquals("", req.getPageToken(), "Paging.all modified the caller's request");

    // Stopping early stops fetching.
    sizes.clear();
    var it = Paging.all((ListUsersRequest r) -> {
      ListUsersResponse page = c.users().listUsers(r);
      sizes.add(page.getUsersCount());
      return page;
    }, req, ListUsersResponse::getUsersList).iterator();
    it.next();
    assertEquals(1, sizes.size());

    List<String> streamed = new ArrayList<>();
    for (User u : PbmClient.stream(() -> c.users().streamUsers(StreamUsersRequest.newBuilder().setTenantId(tenant.getId()).build()))) {
      streamed.add(u.getMail());
    }
    assertEquals(expected, streamed);

    List<String> tenants = Paging.stream(c.tenants()::listTenants, ListTenantsRequest.newBuilder().setPageSize(1).build(),
        ListTenantsResponse::getTenantsList).map(Tenant::getId).toList();
    assertTrue(tenants.contains("default") && tenants.contains(tenant.getId()), tenants.toString());
  }

  // -- errors -------------------------------------------------------------------

  @Test
  void invalidRequestFieldViolations() {
    PbmClient c = connect(env("PBM_ADDR"), false);
    var e = assertThrows(PbmException.InvalidArgumentException.class, () -> PbmClient.call(() -> c.users().createUser(
        CreateUserRequest.newBuilder().setUser(User.newBuilder().setTenantId("default").setMail("x@example.com")).build())));
    List<String> got = e.violations().stream().map(v -> v.field() + " " + v.reason()).sorted().toList();
    assertEquals(List.of("user.given_name REQUIRED", "user.password REQUIRED", "user.surname REQUIRED"), got);
    e.violations().forEach(v -> assertFalse(v.description().isEmpty(), v.field()));
    assertEquals(List.of("user.given_name", "user.password", "user.surname"), e.fields().stream().sorted().toList());
    assertInstanceOf(StatusRuntimeException.class, e);
  }

  @Test
  void invalidValueViolation() {
    PbmClient c = connect(env("PBM_ADDR"), false);
    var e = expect(PbmException.InvalidArgumentException.class, Status.Code.INVALID_ARGUMENT, () -> c.tenants().createTenant(
        CreateTenantRequest.newBuilder().setTenantId("Not A Valid Id!").setDomain("x.example").build()));
    assertEquals(1, e.violations().size());
    assertEquals("tenant_id", e.violations().get(0).field());
    assertEquals("INVALID", e.violations().get(0).reason());
  }

  @Test
  void streamErrorsAreTyped() {
    PbmClient c = connect(env("PBM_ADDR"), false);
    assertThrows(PbmException.NotFoundException.class, () -> {
      for (User u : PbmClient.stream(() -> c.users().streamUsers(StreamUsersRequest.newBuilder().setTenantId("missing-" + unique()).build()))) {
        fail("streamed " + u.getMail());
      }
    });
  }
}
