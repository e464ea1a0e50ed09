package pbm.client;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import pbm.v2.AuthServiceGrpc;

/**
 * Sends {@code authorization: Bearer <access token>} on every call but Login and Refresh, and
 * starts a unary or server-streaming call once more with new tokens when the server refused the
 * token ({@code TOKEN_EXPIRED}, {@code SESSION_ENDED}, ...) before sending any message, so
 * nothing is repeated.
 */
final class AuthInterceptor implements ClientInterceptor {
  static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final Session session;

  AuthInterceptor(Session session) {
    this.session = session;
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    if (method.getFullMethodName().equals(AuthServiceGrpc.getLoginMethod().getFullMethodName())
        || method.getFullMethodName().equals(AuthServiceGrpc.getRefreshMethod().getFullMethodName())) {
      return next.newCall(method, options);
    }
    return new RenewingCall<>(session, method, options, next);
  }

  /** A call that may be started twice: the second time with new tokens, replaying its request. */
  private static final class RenewingCall<Q, R> extends ClientCall<Q, R> {
    private final Session session;
    private final MethodDescriptor<Q, R> method;
    private final CallOptions options;
    private final Channel next;
    private final boolean replayable;

    private Listener<R> listener;
    private Metadata headers;
    private volatile ClientCall<Q, R> delegate;
    private String token;
    private Q request;
    private boolean halfClosed;
    private int requested;
    private boolean retried;
    private volatile boolean cancelled;

    RenewingCall(Session session, MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
      this.session = session;
      this.method = method;
      this.options = options;
      this.next = next;
      this.replayable = method.getType() == MethodDescriptor.MethodType.UNARY
          || method.getType() == MethodDescriptor.MethodType.SERVER_STREAMING;
    }

    @Override
    public void start(Listener<R> responseListener, Metadata headers) {
      this.listener = responseListener;
      this.headers = headers;
      try {
        token = session.bearer(null, "");
      } catch (PbmException e) {
        delegate = new NoopCall<>();
        responseListener.onClose(e.getStatus(), e.getTrailers() == null ? new Metadata() : e.getTrailers());
        return;
      }
      begin();
    }

    private void begin() {
      Metadata h = new Metadata();
      h.merge(headers);
      h.put(AUTHORIZATION, "Bearer " + token);
      ClientCall<Q, R> call = next.newCall(method, options);
      delegate = call;
      call.start(new Forwarder(call), h);
    }

    /** Holds back the headers until the first message, so that a refused call can be retried. */
    private final class Forwarder extends Listener<R> {
      private final ClientCall<Q, R> call;
      private Metadata pendingHeaders;
      private boolean received;

      Forwarder(ClientCall<Q, R> call) {
        this.call = call;
      }

      @Override
      public void onHeaders(Metadata h) {
        pendingHeaders = h;
      }

      @Override
      public void onMessage(R message) {
        flushHeaders();
        received = true;
        listener.onMessage(message);
      }

      @Override
      public void onReady() {
        listener.onReady();
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        String reason = status.isOk() ? null : Session.renewable(status, trailers);
        if (reason != null && !session.usesApiKey() && replayable && !received && !retried && !cancelled && halfClosed && request != null) {
          retried = true;
          try {
            token = session.bearer(token, reason);
          } catch (PbmException e) {
            flushHeaders();
            listener.onClose(e.getStatus(), e.getTrailers() == null ? new Metadata() : e.getTrailers());
            return;
          }
          begin();
          ClientCall<Q, R> again = delegate;
          if (requested > 0) {
            again.request(requested);
          }
          again.sendMessage(request);
          again.halfClose();
          return;
        }
        flushHeaders();
        listener.onClose(status, trailers);
      }

      private void flushHeaders() {
        if (pendingHeaders != null) {
          Metadata h = pendingHeaders;
          pendingHeaders = null;
          listener.onHeaders(h);
        }
      }
    }

    @Override
    public void request(int numMessages) {
      requested += numMessages;
      delegate.request(numMessages);
    }

    @Override
    public void cancel(String message, Throwable cause) {
      cancelled = true;
      ClientCall<Q, R> d = delegate;
      if (d != null) {
        d.cancel(message, cause);
      }
    }

    @Override
    public void halfClose() {
      halfClosed = true;
      delegate.halfClose();
    }

    @Override
    public void sendMessage(Q message) {
      if (replayable) {
        request = message;
      }
      delegate.sendMessage(message);
    }

    @Override
    public boolean isReady() {
      return delegate.isReady();
    }

    @Override
    public void setMessageCompression(boolean enabled) {
      delegate.setMessageCompression(enabled);
    }
  }

  /** The call of a failed start: everything after it is ignored. */
  private static final class NoopCall<Q, R> extends ClientCall<Q, R> {
    @Override public void start(Listener<R> l, Metadata h) {}
    @Override public void request(int n) {}
    @Override public void cancel(String m, Throwable c) {}
    @Override public void halfClose() {}
    @Override public void sendMessage(Q m) {}
  }
}
