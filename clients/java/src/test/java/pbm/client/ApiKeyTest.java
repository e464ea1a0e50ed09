package pbm.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pbm.v2.Auth.LogoutRequest;
import pbm.v2.Auth.WhoAmIRequest;
import pbm.v2.ServiceAccounts.CreateApiKeyRequest;
import pbm.v2.ServiceAccounts.CreateServiceAccountRequest;
import pbm.v2.ServiceAccounts.CreatedApiKey;
import pbm.v2.ServiceAccounts.ServiceAccount;
import pbm.v2.Tenants.CreateTenantRequest;
import pbm.v2.Tenants.DeleteTenantRequest;
import pbm.v2.Tenants.Tenant;
import pbm.v2.Users.CreateUserRequest;
import pbm.v2.Users.ListUsersRequest;
import pbm.v2.Users.ListUsersResponse;
import pbm.v2.Users.StreamUsersRequest;
import pbm.v2.Users.User;
import pbm.v2.Watch.DirectoryEvent;

/**
 * The Java client as a service account (API-key mode) against a live pbm: the key is sent on
 * unary calls, streams and the watch; scopes and the tenant wall hold; a key is not a session; a
 * refused key is a typed exception. The same tests as the Python client's tests/test_api_key.py.
 */
class ApiKeyTest {
  /**
   * Well-formed but unknown. Every client suite presents this same key: pbm counts a repeated wrong
   * key once against the client address, so the suites together stay below the robot check of
   * 127.0.0.1.
   */
  static final String UNKNOWN_KEY = "pbm_sk_0000000000000000_" + "0".repeat(64);

  private final List<Runnable> cleanups = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    for (int i = cleanups.size() - 1; i >= 0; i--) {
      cleanups.get(i).run();
    }
  }

  private PbmClient admin() {
    PbmClient c = PbmClient.builder(LiveTest.env("PBM_ADDR")).plaintext().login(LiveTest.login())
        .password(LiveTest.env("PBM_PASSWORD")).build();
    cleanups.add(c::close);
    return c;
  }

  private PbmClient withKey(String key) {
    PbmClient c = PbmClient.builder(LiveTest.env("PBM_ADDR")).plaintext().apiKey(key).build();
    cleanups.add(c::close);
    return c;
  }

  private Tenant newTenant(PbmClient c) {
    String suffix = LiveTest.unique();
    Tenant t = c.tenants().createTenant(CreateTenantRequest.newBuilder()
        .setTenantId("javak-" + suffix)
        .setTenant(Tenant.newBuilder().setDisplayName("Java keys " + suffix).setLang("en-US"))
        .setDomain("javak-" + suffix + ".example")
        .build());
    cleanups.add(() -> c.tenants().deleteTenant(DeleteTenantRequest.newBuilder().setTenantId(t.getId()).setForce(true).build()));
    return t;
  }

  /** A new service account of {@code tenant} with {@code scopes}, and a key of it. */
  private static String serviceKey(PbmClient admin, Tenant tenant, String... scopes) {
    String name = "java-" + LiveTest.unique();
    admin.serviceAccounts().createServiceAccount(CreateServiceAccountRequest.newBuilder()
        .setServiceAccount(ServiceAccount.newBuilder().setTenantId(tenant.getId()).setName(name).addAllScopes(List.of(scopes)))
        .build());
    CreatedApiKey created = admin.serviceAccounts().createApiKey(CreateApiKeyRequest.newBuilder()
        .setTenantId(tenant.getId()).setServiceAccount(name).build());
    assertTrue(created.getKey().startsWith("pbm_sk_" + created.getApiKey().getId() + "_"));
    return created.getKey();
  }

  private static List<String> streamedMails(PbmClient c, String tenantId) {
    List<String> mails = new ArrayList<>();
    for (User u : PbmClient.stream(() -> c.users().streamUsers(StreamUsersRequest.newBuilder().setTenantId(tenantId).build()))) {
      mails.add(u.getMail());
    }
    mails.sort(null);
    return mails;
  }

  @Test
  void keyReadsWithinItsScopesUnaryPagedStreamedAndWatched() {
    PbmClient admin = admin();
    Tenant tenant = newTenant(admin);
    PbmClient svc = withKey(serviceKey(admin, tenant, "directory.read"));
    assertTrue(svc.session().usesApiKey());

    for (String local : List.of("ann", "bob", "cat")) {
      admin.users().createUser(LiveTest.newUser(tenant, local, local, "Keyed"));
    }
    List<String> expected = streamedMails(admin, tenant.getId());
    assertEquals(3, expected.size());
    var me = svc.auth().whoAmI(WhoAmIRequest.getDefaultInstance());
    assertEquals(tenant.getId(), me.getTenantId());
    assertTrue(me.getMail().startsWith("service-account:"), me.getMail());
    List<String> paged = new ArrayList<>();
    for (User u : Paging.all(svc.users()::listUsers,
        ListUsersRequest.newBuilder().setTenantId(tenant.getId()).setPageSize(1).build(), ListUsersResponse::getUsersList)) {
      paged.add(u.getMail());
    }
    paged.sort(null);
    assertEquals(expected, paged);
    assertEquals(expected, streamedMails(svc, tenant.getId()));

    // The watch helper runs on a key too: a change after the revision the key read reaches it.
    long since = WatchTest.revision(svc, tenant.getId());
    String mail = "watched." + LiveTest.unique() + "@" + tenant.getDefaultDomain();
    admin.users().createUser(CreateUserRequest.newBuilder().setUser(User.newBuilder()
        .setTenantId(tenant.getId()).setMail(mail).setPassword("Str0ng-Passw0rd!").setGivenName("W").setSurname("Atched"))
        .build());
    DirectoryEvent seen = null;
    try (DirectoryWatch w = DirectoryWatch.watch(svc, DirectoryWatch.options().since(since).tenantId(tenant.getId()))) {
      while (seen == null && w.hasNext()) {
        DirectoryEvent e = w.next();
        if (e.hasUser()) {
          seen = e;
        }
      }
    }
    assertNotNull(seen, "the watch ended without the user");
    assertEquals(DirectoryEvent.Type.TYPE_ADDED, seen.getType());
    assertEquals(mail, seen.getUser().getMail());
    assertNull(svc.session().tokens(), "an API-key client made a session");
    assertEquals(0, svc.session().loginCount() + svc.session().refreshCount());
  }

  @Test
  void keyIsHeldByItsScopesAndTenant() {
    PbmClient admin = admin();
    Tenant tenant = newTenant(admin);
    PbmClient svc = withKey(serviceKey(admin, tenant, "directory.read"));
    String mail = "nope@" + tenant.getDefaultDomain();
    assertThrows(PbmException.PermissionDeniedException.class, () -> PbmClient.call(() -> svc.users().createUser(
        CreateUserRequest.newBuilder().setUser(User.newBuilder().setTenantId(tenant.getId()).setMail(mail)
            .setPassword("Str0ng-Passw0rd!").setGivenName("N").setSurname("O")).build())));
    assertThrows(PbmException.PermissionDeniedException.class,
        () -> PbmClient.call(() -> svc.users().listUsers(ListUsersRequest.newBuilder().setTenantId("default").build())));
    assertThrows(PbmException.PermissionDeniedException.class, () -> streamedMails(svc, "default"));
    assertFalse(streamedMails(admin, tenant.getId()).contains(mail), "a refused create changed the tenant");
  }

  @Test
  void keyIsNotASession() {
    PbmClient admin = admin();
    Tenant tenant = newTenant(admin);
    PbmClient svc = withKey(serviceKey(admin, tenant, "directory.read"));
    assertThrows(Session.ApiKeyModeException.class, svc.session()::login);
    assertThrows(Session.ApiKeyModeException.class, svc.session()::refresh);
    PbmException e = assertThrows(PbmException.UnauthenticatedException.class,
        () -> PbmClient.call(() -> svc.auth().logout(LogoutRequest.getDefaultInstance())));
    assertEquals("API_KEY_NOT_A_SESSION", e.reason());
    assertEquals(tenant.getId(), svc.auth().whoAmI(WhoAmIRequest.getDefaultInstance()).getTenantId(), "the key still works");
  }

  @Test
  void unknownKeyIsRefusedWithoutALogin() {
    PbmClient svc = withKey(UNKNOWN_KEY);
    PbmException e = assertThrows(PbmException.UnauthenticatedException.class,
        () -> PbmClient.call(() -> svc.auth().whoAmI(WhoAmIRequest.getDefaultInstance())));
    assertEquals("API_KEY_INVALID", e.reason());
    assertFalse(String.valueOf(e.getMessage()).contains(UNKNOWN_KEY), "the error repeats the key");
    assertEquals(0, svc.session().loginCount());
  }

  @Test
  void clientTakesOneKindOfCredentials() {
    assertThrows(IllegalStateException.class,
        () -> PbmClient.builder("127.0.0.1:1").plaintext().login("a@b.c").password("x").apiKey(UNKNOWN_KEY).build());
    assertThrows(IllegalStateException.class, () -> PbmClient.builder("127.0.0.1:1").plaintext().build());
  }
}
