package pbm.client;

import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import pbm.v2.AddressBookServiceGrpc;
import pbm.v2.AuditServiceGrpc;
import pbm.v2.AuthServiceGrpc;
import pbm.v2.BackupServiceGrpc;
import pbm.v2.DomainServiceGrpc;
import pbm.v2.MailListServiceGrpc;
import pbm.v2.MailServiceGrpc;
import pbm.v2.ResourceServiceGrpc;
import pbm.v2.ServiceAccountServiceGrpc;
import pbm.v2.SettingsServiceGrpc;
import pbm.v2.TenantServiceGrpc;
import pbm.v2.UserServiceGrpc;
import pbm.v2.WatchServiceGrpc;

/**
 * A logged-in connection to pbm with a blocking stub of every service.
 *
 * <pre>{@code
 * try (PbmClient pbm = PbmClient.builder("127.0.0.1:8080").plaintext()
 *     .login("creator@example.com").password(password).build()) {
 *   Tenant t = pbm.tenants().getTenant(GetTenantRequest.newBuilder().setTenantId("default").build());
 * }
 * }</pre>
 *
 * <p>Every call logs in on first use, sends {@code authorization: Bearer ...}, refreshes the token
 * pair before the access token expires and once more on {@code TOKEN_EXPIRED} (unary calls and
 * server streams are started again before their first message), and logs in again when the
 * session was ended. The stubs throw grpc-java's {@link StatusRuntimeException}; {@link
 * PbmException#from} decodes one, and calls wrapped in {@link #call} or {@link #stream} throw the
 * typed {@link PbmException} subclasses directly. Thread-safe.
 *
 * <p>Built with {@link Builder#apiKey} instead of a login and password, the client acts as a
 * service account: it sends {@code authorization: Bearer <key>} on every call, never logs in and
 * never refreshes (a key is not a session; a refused key is thrown as is: {@code
 * API_KEY_INVALID}, {@code API_KEY_EXPIRED}, {@code API_KEY_NETWORK_REFUSED}).
 */
public final class PbmClient implements AutoCloseable {
  private final ManagedChannel channel;
  private final Channel intercepted;
  private final Session session;

  private PbmClient(ManagedChannel channel, Session session) {
    this.channel = channel;
    this.session = session;
    this.intercepted = ClientInterceptors.intercept(channel, new AuthInterceptor(session));
  }

  /** A builder for pbm at {@code target} ("host:port"). */
  public static Builder builder(String target) {
    return new Builder(ManagedChannelBuilder.forTarget(target));
  }

  /** A builder over a channel builder of your own (TLS settings, executors, ...). */
  public static Builder builder(ManagedChannelBuilder<?> channelBuilder) {
    return new Builder(channelBuilder);
  }

  /** Settings of a {@link PbmClient}. */
  public static final class Builder {
    private final ManagedChannelBuilder<?> channelBuilder;
    private String login;
    private String password;
    private String apiKey;
    private Duration refreshMargin = Duration.ofSeconds(30);
    private boolean reactiveRefreshOnly;

    private Builder(ManagedChannelBuilder<?> channelBuilder) {
      this.channelBuilder = channelBuilder;
    }

    /** The account's primary address, alternate address or alias. */
    public Builder login(String login) {
      this.login = login;
      return this;
    }

    /** The account's password. */
    public Builder password(String password) {
      this.password = password;
      return this;
    }

    /** A service account's API key ({@code pbm_sk_…}), sent as is on every call; instead of login and password. */
    public Builder apiKey(String apiKey) {
      this.apiKey = Objects.requireNonNull(apiKey);
      return this;
    }

    /** Plaintext HTTP/2 (h2c), e.g. for pbm on loopback. TLS is the default. */
    public Builder plaintext() {
      channelBuilder.usePlaintext();
      return this;
    }

    /** Refresh this long before the access token expires (at most a tenth of its lifetime). Default 30 s. */
    public Builder refreshMargin(Duration margin) {
      this.refreshMargin = Objects.requireNonNull(margin);
      return this;
    }

    /** Refresh only when the server answers {@code TOKEN_EXPIRED}, not ahead of expiry. */
    public Builder reactiveRefreshOnly(boolean on) {
      this.reactiveRefreshOnly = on;
      return this;
    }

    /**
     * The client; the first call logs in (unless it has an API key).
     *
     * @throws IllegalStateException unless exactly one of login and password, or an API key, was set
     */
    public PbmClient build() {
      if (apiKey != null && (login != null || password != null)) {
        throw new IllegalStateException("set either login and password, or an API key, not both");
      }
      if (apiKey == null && (login == null || password == null)) {
        throw new IllegalStateException("set login and password, or an API key");
      }
      if (apiKey != null && apiKey.isEmpty()) {
        throw new IllegalStateException("the API key is empty");
      }
      ManagedChannel channel = channelBuilder.build();
      return new PbmClient(channel, new Session(channel, login, password, apiKey, refreshMargin, reactiveRefreshOnly));
    }
  }

  /** The session: tokens, {@code login()}, {@code refresh()}, counters. */
  public Session session() {
    return session;
  }

  /** The intercepted channel, for async or future stubs and services added later. */
  public Channel channel() {
    return intercepted;
  }

  /** AuthService (WhoAmI, Logout, ChangePassword, ...). */
  public AuthServiceGrpc.AuthServiceBlockingStub auth() {
    return AuthServiceGrpc.newBlockingStub(intercepted);
  }

  /** TenantService. */
  public TenantServiceGrpc.TenantServiceBlockingStub tenants() {
    return TenantServiceGrpc.newBlockingStub(intercepted);
  }

  /** UserService. */
  public UserServiceGrpc.UserServiceBlockingStub users() {
    return UserServiceGrpc.newBlockingStub(intercepted);
  }

  /** DomainService. */
  public DomainServiceGrpc.DomainServiceBlockingStub domains() {
    return DomainServiceGrpc.newBlockingStub(intercepted);
  }

  /** ResourceService. */
  public ResourceServiceGrpc.ResourceServiceBlockingStub resources() {
    return ResourceServiceGrpc.newBlockingStub(intercepted);
  }

  /** MailListService. */
  public MailListServiceGrpc.MailListServiceBlockingStub mailLists() {
    return MailListServiceGrpc.newBlockingStub(intercepted);
  }

  /** MailService. */
  public MailServiceGrpc.MailServiceBlockingStub mail() {
    return MailServiceGrpc.newBlockingStub(intercepted);
  }

  /** BackupService. */
  public BackupServiceGrpc.BackupServiceBlockingStub backup() {
    return BackupServiceGrpc.newBlockingStub(intercepted);
  }

  /** SettingsService. */
  public SettingsServiceGrpc.SettingsServiceBlockingStub settings() {
    return SettingsServiceGrpc.newBlockingStub(intercepted);
  }

  /** AuditService. */
  public AuditServiceGrpc.AuditServiceBlockingStub audit() {
    return AuditServiceGrpc.newBlockingStub(intercepted);
  }

  /** WatchService. */
  public WatchServiceGrpc.WatchServiceBlockingStub watch() {
    return WatchServiceGrpc.newBlockingStub(intercepted);
  }

  /** AddressBookService: the corporate address book, external contacts and its sync. */
  public AddressBookServiceGrpc.AddressBookServiceBlockingStub addressBook() {
    return AddressBookServiceGrpc.newBlockingStub(intercepted);
  }

  /** ServiceAccountService: service accounts and their API keys. */
  public ServiceAccountServiceGrpc.ServiceAccountServiceBlockingStub serviceAccounts() {
    return ServiceAccountServiceGrpc.newBlockingStub(intercepted);
  }

  /**
   * Runs a call and throws its failure as the typed {@link PbmException}:
   *
   * <pre>{@code
   * try {
   *   PbmClient.call(() -> pbm.users().createUser(request));
   * } catch (PbmException.InvalidArgumentException e) {
   *   e.violations().forEach(v -> ...);
   * }
   * }</pre>
   */
  public static <T> T call(Supplier<T> call) {
    try {
      return call.get();
    } catch (StatusRuntimeException e) {
      throw PbmException.from(e);
    }
  }

  /**
   * A server stream (the iterator of a blocking stub) whose failures are thrown as the typed
   * {@link PbmException}, for a for-each loop:
   *
   * <pre>{@code
   * for (User u : PbmClient.stream(() -> pbm.users().streamUsers(request))) { ... }
   * }</pre>
   */
  public static <T> Iterable<T> stream(Supplier<Iterator<T>> start) {
    return () -> {
      Iterator<T> it = call(start);
      return new Iterator<T>() {
        @Override
        public boolean hasNext() {
          return call(it::hasNext);
        }

        @Override
        public T next() {
          return call(it::next);
        }
      };
    };
  }

  /** Closes the channel (the session stays valid on the server until it expires). */
  @Override
  public void close() {
    channel.shutdown();
    try {
      if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      channel.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

}
