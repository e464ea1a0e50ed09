package pbm.client;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import pbm.v2.Auth.LoginRequest;
import pbm.v2.Auth.RefreshRequest;
import pbm.v2.Auth.Tokens;
import pbm.v2.AuthServiceGrpc;

/**
 * Obtains and renews the tokens of a {@link PbmClient}: logs in on first use, refreshes the pair
 * shortly before the access token expires (refresh rotates: the old refresh token dies) and once
 * more when the server answers {@code TOKEN_EXPIRED}, logs in again when the refresh token was
 * refused or the session was ended. Thread-safe.
 *
 * <p>For a client built with {@link PbmClient.Builder#apiKey} it holds only the key: it never logs
 * in or refreshes, and {@link #login()} and {@link #refresh()} throw {@link ApiKeyModeException}.
 */
public final class Session {
  static final Set<String> REFRESH_REASONS = Set.of("TOKEN_EXPIRED");
  static final Set<String> LOGIN_REASONS = Set.of("SESSION_ENDED", "TOKEN_INVALID", "REFRESH_TOKEN_INVALID");

  private final String login;
  private final String password;
  private final String apiKey;
  private final Duration refreshMargin;
  private final boolean reactiveRefreshOnly;
  private final AuthServiceGrpc.AuthServiceBlockingStub auth;

  private Tokens tokens;
  private Instant refreshAt = Instant.MIN;
  private int loginCount;
  private int refreshCount;

  Session(Channel channel, String login, String password, String apiKey, Duration refreshMargin,
      boolean reactiveRefreshOnly) {
    // The bare channel: Login and Refresh carry no Bearer token.
    this.auth = AuthServiceGrpc.newBlockingStub(channel);
    this.login = login;
    this.password = password;
    this.apiKey = apiKey;
    this.refreshMargin = refreshMargin;
    this.reactiveRefreshOnly = reactiveRefreshOnly;
  }

  /** A session operation (login, refresh) asked of a client that authenticates with an API key. */
  public static final class ApiKeyModeException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    ApiKeyModeException(String what) {
      super(what + ": this client authenticates with an API key, which is not a session");
    }
  }

  /** True when the client authenticates with an API key (no session). */
  public boolean usesApiKey() {
    return apiKey != null;
  }

  /** Logs in now (the client also does so by itself on first use). */
  public synchronized Tokens login() {
    if (apiKey != null) {
      throw new ApiKeyModeException("login");
    }
    Tokens t = PbmClient.call(() -> auth.login(LoginRequest.newBuilder().setLogin(login).setPassword(password).build()));
    loginCount++;
    return store(t);
  }

  /** Exchanges the refresh token for a new pair now (logs in when there is none yet). */
  public synchronized Tokens refresh() {
    if (apiKey != null) {
      throw new ApiKeyModeException("refresh");
    }
    if (tokens == null) {
      return login();
    }
    Tokens t = PbmClient.call(() -> auth.refresh(RefreshRequest.newBuilder().setRefreshToken(tokens.getRefreshToken()).build()));
    refreshCount++;
    return store(t);
  }

  /** The current token pair; null before the first login. */
  public synchronized Tokens tokens() {
    return tokens;
  }

  /** How many times the client logged in. */
  public synchronized int loginCount() {
    return loginCount;
  }

  /** How many times the token pair was refreshed. */
  public synchronized int refreshCount() {
    return refreshCount;
  }

  /** A valid access token, logging in or refreshing when needed (the key itself for an API-key client). */
  public String accessToken() {
    return bearer(null, "");
  }

  /**
   * The token to send. {@code stale} is a token the server refused for {@code reason}: new tokens
   * are fetched unless another call already replaced it.
   */
  synchronized String bearer(String stale, String reason) {
    if (apiKey != null) {
      return apiKey;
    }
    if (tokens == null) {
      return login().getAccessToken();
    }
    if (stale != null && !stale.equals(tokens.getAccessToken())) {
      return tokens.getAccessToken(); // another call already renewed them
    }
    if (stale != null && LOGIN_REASONS.contains(reason)) {
      return login().getAccessToken();
    }
    if (stale != null || (!reactiveRefreshOnly && !Instant.now().isBefore(refreshAt))) {
      try {
        return refresh().getAccessToken();
      } catch (PbmException e) {
        if (e.code() == Status.Code.UNAUTHENTICATED) {
          return login().getAccessToken();
        }
        throw e;
      }
    }
    return tokens.getAccessToken();
  }

  private Tokens store(Tokens t) {
    Duration lifetime = Duration.ofSeconds(t.getExpiresIn());
    Duration tenth = lifetime.dividedBy(10);
    Duration margin = refreshMargin.compareTo(tenth) < 0 ? refreshMargin : tenth;
    refreshAt = Instant.now().plus(lifetime).minus(margin);
    tokens = t;
    return t;
  }

  /** The reason when new tokens may cure this failure, else null. */
  static String renewable(Status status, io.grpc.Metadata trailers) {
    if (status.getCode() != Status.Code.UNAUTHENTICATED) {
      return null;
    }
    String reason = PbmException.from(new StatusRuntimeException(status, trailers)).reason();
    return REFRESH_REASONS.contains(reason) || LOGIN_REASONS.contains(reason) ? reason : null;
  }
}
