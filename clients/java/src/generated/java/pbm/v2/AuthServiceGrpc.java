package pbm.v2;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * Issues, refreshes and revokes the tokens every other service requires.
 * A login opens a session. The session hands out a short-lived signed access
 * token (lifetime `pbm/auth/access_token_expire_time`, default 3600 s) and a
 * one-time refresh token (lifetime `pbm/auth/refresh_token_expire_time`,
 * default 360000 s). Refresh rotates: the refresh token presented dies and a
 * new pair is issued; presenting a refresh token that was already used revokes
 * the whole session (token theft is assumed). Blocking, deleting, demoting or
 * changing the password of an account ends all of its sessions.
 * </pre>
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class AuthServiceGrpc {

  private AuthServiceGrpc() {}

  public static final java.lang.String SERVICE_NAME = "pbm.v2.AuthService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<pbm.v2.Auth.LoginRequest,
      pbm.v2.Auth.Tokens> getLoginMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Login",
      requestType = pbm.v2.Auth.LoginRequest.class,
      responseType = pbm.v2.Auth.Tokens.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Auth.LoginRequest,
      pbm.v2.Auth.Tokens> getLoginMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Auth.LoginRequest, pbm.v2.Auth.Tokens> getLoginMethod;
    if ((getLoginMethod = AuthServiceGrpc.getLoginMethod) == null) {
      synchronized (AuthServiceGrpc.class) {
        if ((getLoginMethod = AuthServiceGrpc.getLoginMethod) == null) {
          AuthServiceGrpc.getLoginMethod = getLoginMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Auth.LoginRequest, pbm.v2.Auth.Tokens>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Login"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Auth.LoginRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Auth.Tokens.getDefaultInstance()))
              .setSchemaDescriptor(new AuthServiceMethodDescriptorSupplier("Login"))
              .build();
        }
      }
    }
    return getLoginMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Auth.RefreshRequest,
      pbm.v2.Auth.Tokens> getRefreshMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Refresh",
      requestType = pbm.v2.Auth.RefreshRequest.class,
      responseType = pbm.v2.Auth.Tokens.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Auth.RefreshRequest,
      pbm.v2.Auth.Tokens> getRefreshMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Auth.RefreshRequest, pbm.v2.Auth.Tokens> getRefreshMethod;
    if ((getRefreshMethod = AuthServiceGrpc.getRefreshMethod) == null) {
      synchronized (AuthServiceGrpc.class) {
        if ((getRefreshMethod = AuthServiceGrpc.getRefreshMethod) == null) {
          AuthServiceGrpc.getRefreshMethod = getRefreshMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Auth.RefreshRequest, pbm.v2.Auth.Tokens>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Refresh"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Auth.RefreshRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Auth.Tokens.getDefaultInstance()))
              .setSchemaDescriptor(new AuthServiceMethodDescriptorSupplier("Refresh"))
              .build();
        }
      }
    }
    return getRefreshMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Auth.LogoutRequest,
      com.google.protobuf.Empty> getLogoutMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Logout",
      requestType = pbm.v2.Auth.LogoutRequest.class,
      responseType = com.google.protobuf.Empty.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Auth.LogoutRequest,
      com.google.protobuf.Empty> getLogoutMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Auth.LogoutRequest, com.google.protobuf.Empty> getLogoutMethod;
    if ((getLogoutMethod = AuthServiceGrpc.getLogoutMethod) == null) {
      synchronized (AuthServiceGrpc.class) {
        if ((getLogoutMethod = AuthServiceGrpc.getLogoutMethod) == null) {
          AuthServiceGrpc.getLogoutMethod = getLogoutMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Auth.LogoutRequest, com.google.protobuf.Empty>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Logout"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Auth.LogoutRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.google.protobuf.Empty.getDefaultInstance()))
              .setSchemaDescriptor(new AuthServiceMethodDescriptorSupplier("Logout"))
              .build();
        }
      }
    }
    return getLogoutMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Auth.WhoAmIRequest,
      pbm.v2.Auth.Identity> getWhoAmIMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "WhoAmI",
      requestType = pbm.v2.Auth.WhoAmIRequest.class,
      responseType = pbm.v2.Auth.Identity.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Auth.WhoAmIRequest,
      pbm.v2.Auth.Identity> getWhoAmIMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Auth.WhoAmIRequest, pbm.v2.Auth.Identity> getWhoAmIMethod;
    if ((getWhoAmIMethod = AuthServiceGrpc.getWhoAmIMethod) == null) {
      synchronized (AuthServiceGrpc.class) {
        if ((getWhoAmIMethod = AuthServiceGrpc.getWhoAmIMethod) == null) {
          AuthServiceGrpc.getWhoAmIMethod = getWhoAmIMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Auth.WhoAmIRequest, pbm.v2.Auth.Identity>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "WhoAmI"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Auth.WhoAmIRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Auth.Identity.getDefaultInstance()))
              .setSchemaDescriptor(new AuthServiceMethodDescriptorSupplier("WhoAmI"))
              .build();
        }
      }
    }
    return getWhoAmIMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Auth.ChangePasswordRequest,
      com.google.protobuf.Empty> getChangePasswordMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ChangePassword",
      requestType = pbm.v2.Auth.ChangePasswordRequest.class,
      responseType = com.google.protobuf.Empty.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Auth.ChangePasswordRequest,
      com.google.protobuf.Empty> getChangePasswordMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Auth.ChangePasswordRequest, com.google.protobuf.Empty> getChangePasswordMethod;
    if ((getChangePasswordMethod = AuthServiceGrpc.getChangePasswordMethod) == null) {
      synchronized (AuthServiceGrpc.class) {
        if ((getChangePasswordMethod = AuthServiceGrpc.getChangePasswordMethod) == null) {
          AuthServiceGrpc.getChangePasswordMethod = getChangePasswordMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Auth.ChangePasswordRequest, com.google.protobuf.Empty>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ChangePassword"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Auth.ChangePasswordRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.google.protobuf.Empty.getDefaultInstance()))
              .setSchemaDescriptor(new AuthServiceMethodDescriptorSupplier("ChangePassword"))
              .build();
        }
      }
    }
    return getChangePasswordMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Auth.CreateLoginChallengeRequest,
      pbm.v2.Auth.LoginChallenge> getCreateLoginChallengeMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateLoginChallenge",
      requestType = pbm.v2.Auth.CreateLoginChallengeRequest.class,
      responseType = pbm.v2.Auth.LoginChallenge.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Auth.CreateLoginChallengeRequest,
      pbm.v2.Auth.LoginChallenge> getCreateLoginChallengeMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Auth.CreateLoginChallengeRequest, pbm.v2.Auth.LoginChallenge> getCreateLoginChallengeMethod;
    if ((getCreateLoginChallengeMethod = AuthServiceGrpc.getCreateLoginChallengeMethod) == null) {
      synchronized (AuthServiceGrpc.class) {
        if ((getCreateLoginChallengeMethod = AuthServiceGrpc.getCreateLoginChallengeMethod) == null) {
          AuthServiceGrpc.getCreateLoginChallengeMethod = getCreateLoginChallengeMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Auth.CreateLoginChallengeRequest, pbm.v2.Auth.LoginChallenge>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateLoginChallenge"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Auth.CreateLoginChallengeRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Auth.LoginChallenge.getDefaultInstance()))
              .setSchemaDescriptor(new AuthServiceMethodDescriptorSupplier("CreateLoginChallenge"))
              .build();
        }
      }
    }
    return getCreateLoginChallengeMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Auth.GetPasswordPolicyRequest,
      pbm.v2.Auth.PasswordPolicy> getGetPasswordPolicyMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetPasswordPolicy",
      requestType = pbm.v2.Auth.GetPasswordPolicyRequest.class,
      responseType = pbm.v2.Auth.PasswordPolicy.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Auth.GetPasswordPolicyRequest,
      pbm.v2.Auth.PasswordPolicy> getGetPasswordPolicyMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Auth.GetPasswordPolicyRequest, pbm.v2.Auth.PasswordPolicy> getGetPasswordPolicyMethod;
    if ((getGetPasswordPolicyMethod = AuthServiceGrpc.getGetPasswordPolicyMethod) == null) {
      synchronized (AuthServiceGrpc.class) {
        if ((getGetPasswordPolicyMethod = AuthServiceGrpc.getGetPasswordPolicyMethod) == null) {
          AuthServiceGrpc.getGetPasswordPolicyMethod = getGetPasswordPolicyMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Auth.GetPasswordPolicyRequest, pbm.v2.Auth.PasswordPolicy>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetPasswordPolicy"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Auth.GetPasswordPolicyRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Auth.PasswordPolicy.getDefaultInstance()))
              .setSchemaDescriptor(new AuthServiceMethodDescriptorSupplier("GetPasswordPolicy"))
              .build();
        }
      }
    }
    return getGetPasswordPolicyMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static AuthServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AuthServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AuthServiceStub>() {
        @java.lang.Override
        public AuthServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AuthServiceStub(channel, callOptions);
        }
      };
    return AuthServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static AuthServiceBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AuthServiceBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AuthServiceBlockingV2Stub>() {
        @java.lang.Override
        public AuthServiceBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AuthServiceBlockingV2Stub(channel, callOptions);
        }
      };
    return AuthServiceBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static AuthServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AuthServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AuthServiceBlockingStub>() {
        @java.lang.Override
        public AuthServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AuthServiceBlockingStub(channel, callOptions);
        }
      };
    return AuthServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static AuthServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AuthServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AuthServiceFutureStub>() {
        @java.lang.Override
        public AuthServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AuthServiceFutureStub(channel, callOptions);
        }
      };
    return AuthServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * Issues, refreshes and revokes the tokens every other service requires.
   * A login opens a session. The session hands out a short-lived signed access
   * token (lifetime `pbm/auth/access_token_expire_time`, default 3600 s) and a
   * one-time refresh token (lifetime `pbm/auth/refresh_token_expire_time`,
   * default 360000 s). Refresh rotates: the refresh token presented dies and a
   * new pair is issued; presenting a refresh token that was already used revokes
   * the whole session (token theft is assumed). Blocking, deleting, demoting or
   * changing the password of an account ends all of its sessions.
   * </pre>
   */
  public interface AsyncService {

    /**
     * <pre>
     * Logs in by primary address, alternate address or alias and password.
     * Accounts with status USER_STATUS_BLOCKED cannot log in; a wrong login or
     * password answers UNAUTHENTICATED without saying which was wrong.
     * </pre>
     */
    default void login(pbm.v2.Auth.LoginRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Auth.Tokens> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getLoginMethod(), responseObserver);
    }

    /**
     * <pre>
     * Exchanges a refresh token for a new token pair (rotation). Needs no
     * access token.
     * </pre>
     */
    default void refresh(pbm.v2.Auth.RefreshRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Auth.Tokens> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRefreshMethod(), responseObserver);
    }

    /**
     * <pre>
     * Ends the caller's session: its access and refresh tokens stop working.
     * </pre>
     */
    default void logout(pbm.v2.Auth.LogoutRequest request,
        io.grpc.stub.StreamObserver<com.google.protobuf.Empty> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getLogoutMethod(), responseObserver);
    }

    /**
     * <pre>
     * Tells who the access token belongs to.
     * </pre>
     */
    default void whoAmI(pbm.v2.Auth.WhoAmIRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Auth.Identity> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getWhoAmIMethod(), responseObserver);
    }

    /**
     * <pre>
     * Changes the caller's own password, given the current one. Other sessions
     * of the account end; the calling one stays open.
     * </pre>
     */
    default void changePassword(pbm.v2.Auth.ChangePasswordRequest request,
        io.grpc.stub.StreamObserver<com.google.protobuf.Empty> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getChangePasswordMethod(), responseObserver);
    }

    /**
     * <pre>
     * Issues a picture code: the robot check of the guide's Figure 3. After
     * `pbm/auth/challenge_after_failures` failed logins from one client address
     * (fewer than `psn/bruteforce/max_attempts`), Login from that address
     * answers UNAUTHENTICATED with reason CHALLENGE_REQUIRED until it carries
     * the id and answer of a challenge issued here. A challenge is answered
     * once: checked, right or wrong, it is spent. It expires after
     * `pbm/auth/challenge_lifetime` seconds (default 120). Needs no token.
     * </pre>
     */
    default void createLoginChallenge(pbm.v2.Auth.CreateLoginChallengeRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Auth.LoginChallenge> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateLoginChallengeMethod(), responseObserver);
    }

    /**
     * <pre>
     * The password policy in force (`psn/common/password_requirements/&#42;`), for
     * forms that show it while a password is typed. Any signed-in caller.
     * </pre>
     */
    default void getPasswordPolicy(pbm.v2.Auth.GetPasswordPolicyRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Auth.PasswordPolicy> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetPasswordPolicyMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service AuthService.
   * <pre>
   * Issues, refreshes and revokes the tokens every other service requires.
   * A login opens a session. The session hands out a short-lived signed access
   * token (lifetime `pbm/auth/access_token_expire_time`, default 3600 s) and a
   * one-time refresh token (lifetime `pbm/auth/refresh_token_expire_time`,
   * default 360000 s). Refresh rotates: the refresh token presented dies and a
   * new pair is issued; presenting a refresh token that was already used revokes
   * the whole session (token theft is assumed). Blocking, deleting, demoting or
   * changing the password of an account ends all of its sessions.
   * </pre>
   */
  public static abstract class AuthServiceImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return AuthServiceGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service AuthService.
   * <pre>
   * Issues, refreshes and revokes the tokens every other service requires.
   * A login opens a session. The session hands out a short-lived signed access
   * token (lifetime `pbm/auth/access_token_expire_time`, default 3600 s) and a
   * one-time refresh token (lifetime `pbm/auth/refresh_token_expire_time`,
   * default 360000 s). Refresh rotates: the refresh token presented dies and a
   * new pair is issued; presenting a refresh token that was already used revokes
   * the whole session (token theft is assumed). Blocking, deleting, demoting or
   * changing the password of an account ends all of its sessions.
   * </pre>
   */
  public static final class AuthServiceStub
      extends io.grpc.stub.AbstractAsyncStub<AuthServiceStub> {
    private AuthServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AuthServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AuthServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Logs in by primary address, alternate address or alias and password.
     * Accounts with status USER_STATUS_BLOCKED cannot log in; a wrong login or
     * password answers UNAUTHENTICATED without saying which was wrong.
     * </pre>
     */
    public void login(pbm.v2.Auth.LoginRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Auth.Tokens> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getLoginMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Exchanges a refresh token for a new token pair (rotation). Needs no
     * access token.
     * </pre>
     */
    public void refresh(pbm.v2.Auth.RefreshRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Auth.Tokens> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRefreshMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Ends the caller's session: its access and refresh tokens stop working.
     * </pre>
     */
    public void logout(pbm.v2.Auth.LogoutRequest request,
        io.grpc.stub.StreamObserver<com.google.protobuf.Empty> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getLogoutMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Tells who the access token belongs to.
     * </pre>
     */
    public void whoAmI(pbm.v2.Auth.WhoAmIRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Auth.Identity> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getWhoAmIMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Changes the caller's own password, given the current one. Other sessions
     * of the account end; the calling one stays open.
     * </pre>
     */
    public void changePassword(pbm.v2.Auth.ChangePasswordRequest request,
        io.grpc.stub.StreamObserver<com.google.protobuf.Empty> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getChangePasswordMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Issues a picture code: the robot check of the guide's Figure 3. After
     * `pbm/auth/challenge_after_failures` failed logins from one client address
     * (fewer than `psn/bruteforce/max_attempts`), Login from that address
     * answers UNAUTHENTICATED with reason CHALLENGE_REQUIRED until it carries
     * the id and answer of a challenge issued here. A challenge is answered
     * once: checked, right or wrong, it is spent. It expires after
     * `pbm/auth/challenge_lifetime` seconds (default 120). Needs no token.
     * </pre>
     */
    public void createLoginChallenge(pbm.v2.Auth.CreateLoginChallengeRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Auth.LoginChallenge> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateLoginChallengeMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * The password policy in force (`psn/common/password_requirements/&#42;`), for
     * forms that show it while a password is typed. Any signed-in caller.
     * </pre>
     */
    public void getPasswordPolicy(pbm.v2.Auth.GetPasswordPolicyRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Auth.PasswordPolicy> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetPasswordPolicyMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service AuthService.
   * <pre>
   * Issues, refreshes and revokes the tokens every other service requires.
   * A login opens a session. The session hands out a short-lived signed access
   * token (lifetime `pbm/auth/access_token_expire_time`, default 3600 s) and a
   * one-time refresh token (lifetime `pbm/auth/refresh_token_expire_time`,
   * default 360000 s). Refresh rotates: the refresh token presented dies and a
   * new pair is issued; presenting a refresh token that was already used revokes
   * the whole session (token theft is assumed). Blocking, deleting, demoting or
   * changing the password of an account ends all of its sessions.
   * </pre>
   */
  public static final class AuthServiceBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<AuthServiceBlockingV2Stub> {
    private AuthServiceBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AuthServiceBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AuthServiceBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * Logs in by primary address, alternate address or alias and password.
     * Accounts with status USER_STATUS_BLOCKED cannot log in; a wrong login or
     * password answers UNAUTHENTICATED without saying which was wrong.
     * </pre>
     */
    public pbm.v2.Auth.Tokens login(pbm.v2.Auth.LoginRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getLoginMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Exchanges a refresh token for a new token pair (rotation). Needs no
     * access token.
     * </pre>
     */
    public pbm.v2.Auth.Tokens refresh(pbm.v2.Auth.RefreshRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getRefreshMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Ends the caller's session: its access and refresh tokens stop working.
     * </pre>
     */
    public com.google.protobuf.Empty logout(pbm.v2.Auth.LogoutRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getLogoutMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Tells who the access token belongs to.
     * </pre>
     */
    public pbm.v2.Auth.Identity whoAmI(pbm.v2.Auth.WhoAmIRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getWhoAmIMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Changes the caller's own password, given the current one. Other sessions
     * of the account end; the calling one stays open.
     * </pre>
     */
    public com.google.protobuf.Empty changePassword(pbm.v2.Auth.ChangePasswordRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getChangePasswordMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Issues a picture code: the robot check of the guide's Figure 3. After
     * `pbm/auth/challenge_after_failures` failed logins from one client address
     * (fewer than `psn/bruteforce/max_attempts`), Login from that address
     * answers UNAUTHENTICATED with reason CHALLENGE_REQUIRED until it carries
     * the id and answer of a challenge issued here. A challenge is answered
     * once: checked, right or wrong, it is spent. It expires after
     * `pbm/auth/challenge_lifetime` seconds (default 120). Needs no token.
     * </pre>
     */
    public pbm.v2.Auth.LoginChallenge createLoginChallenge(pbm.v2.Auth.CreateLoginChallengeRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCreateLoginChallengeMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * The password policy in force (`psn/common/password_requirements/&#42;`), for
     * forms that show it while a password is typed. Any signed-in caller.
     * </pre>
     */
    public pbm.v2.Auth.PasswordPolicy getPasswordPolicy(pbm.v2.Auth.GetPasswordPolicyRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetPasswordPolicyMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service AuthService.
   * <pre>
   * Issues, refreshes and revokes the tokens every other service requires.
   * A login opens a session. The session hands out a short-lived signed access
   * token (lifetime `pbm/auth/access_token_expire_time`, default 3600 s) and a
   * one-time refresh token (lifetime `pbm/auth/refresh_token_expire_time`,
   * default 360000 s). Refresh rotates: the refresh token presented dies and a
   * new pair is issued; presenting a refresh token that was already used revokes
   * the whole session (token theft is assumed). Blocking, deleting, demoting or
   * changing the password of an account ends all of its sessions.
   * </pre>
   */
  public static final class AuthServiceBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<AuthServiceBlockingStub> {
    private AuthServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AuthServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AuthServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Logs in by primary address, alternate address or alias and password.
     * Accounts with status USER_STATUS_BLOCKED cannot log in; a wrong login or
     * password answers UNAUTHENTICATED without saying which was wrong.
     * </pre>
     */
    public pbm.v2.Auth.Tokens login(pbm.v2.Auth.LoginRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getLoginMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Exchanges a refresh token for a new token pair (rotation). Needs no
     * access token.
     * </pre>
     */
    public pbm.v2.Auth.Tokens refresh(pbm.v2.Auth.RefreshRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRefreshMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Ends the caller's session: its access and refresh tokens stop working.
     * </pre>
     */
    public com.google.protobuf.Empty logout(pbm.v2.Auth.LogoutRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getLogoutMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Tells who the access token belongs to.
     * </pre>
     */
    public pbm.v2.Auth.Identity whoAmI(pbm.v2.Auth.WhoAmIRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getWhoAmIMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Changes the caller's own password, given the current one. Other sessions
     * of the account end; the calling one stays open.
     * </pre>
     */
    public com.google.protobuf.Empty changePassword(pbm.v2.Auth.ChangePasswordRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getChangePasswordMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Issues a picture code: the robot check of the guide's Figure 3. After
     * `pbm/auth/challenge_after_failures` failed logins from one client address
     * (fewer than `psn/bruteforce/max_attempts`), Login from that address
     * answers UNAUTHENTICATED with reason CHALLENGE_REQUIRED until it carries
     * the id and answer of a challenge issued here. A challenge is answered
     * once: checked, right or wrong, it is spent. It expires after
     * `pbm/auth/challenge_lifetime` seconds (default 120). Needs no token.
     * </pre>
     */
    public pbm.v2.Auth.LoginChallenge createLoginChallenge(pbm.v2.Auth.CreateLoginChallengeRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateLoginChallengeMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * The password policy in force (`psn/common/password_requirements/&#42;`), for
     * forms that show it while a password is typed. Any signed-in caller.
     * </pre>
     */
    public pbm.v2.Auth.PasswordPolicy getPasswordPolicy(pbm.v2.Auth.GetPasswordPolicyRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetPasswordPolicyMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service AuthService.
   * <pre>
   * Issues, refreshes and revokes the tokens every other service requires.
   * A login opens a session. The session hands out a short-lived signed access
   * token (lifetime `pbm/auth/access_token_expire_time`, default 3600 s) and a
   * one-time refresh token (lifetime `pbm/auth/refresh_token_expire_time`,
   * default 360000 s). Refresh rotates: the refresh token presented dies and a
   * new pair is issued; presenting a refresh token that was already used revokes
   * the whole session (token theft is assumed). Blocking, deleting, demoting or
   * changing the password of an account ends all of its sessions.
   * </pre>
   */
  public static final class AuthServiceFutureStub
      extends io.grpc.stub.AbstractFutureStub<AuthServiceFutureStub> {
    private AuthServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AuthServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AuthServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Logs in by primary address, alternate address or alias and password.
     * Accounts with status USER_STATUS_BLOCKED cannot log in; a wrong login or
     * password answers UNAUTHENTICATED without saying which was wrong.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Auth.Tokens> login(
        pbm.v2.Auth.LoginRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getLoginMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Exchanges a refresh token for a new token pair (rotation). Needs no
     * access token.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Auth.Tokens> refresh(
        pbm.v2.Auth.RefreshRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRefreshMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Ends the caller's session: its access and refresh tokens stop working.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.google.protobuf.Empty> logout(
        pbm.v2.Auth.LogoutRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getLogoutMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Tells who the access token belongs to.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Auth.Identity> whoAmI(
        pbm.v2.Auth.WhoAmIRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getWhoAmIMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Changes the caller's own password, given the current one. Other sessions
     * of the account end; the calling one stays open.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.google.protobuf.Empty> changePassword(
        pbm.v2.Auth.ChangePasswordRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getChangePasswordMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Issues a picture code: the robot check of the guide's Figure 3. After
     * `pbm/auth/challenge_after_failures` failed logins from one client address
     * (fewer than `psn/bruteforce/max_attempts`), Login from that address
     * answers UNAUTHENTICATED with reason CHALLENGE_REQUIRED until it carries
     * the id and answer of a challenge issued here. A challenge is answered
     * once: checked, right or wrong, it is spent. It expires after
     * `pbm/auth/challenge_lifetime` seconds (default 120). Needs no token.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Auth.LoginChallenge> createLoginChallenge(
        pbm.v2.Auth.CreateLoginChallengeRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateLoginChallengeMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * The password policy in force (`psn/common/password_requirements/&#42;`), for
     * forms that show it while a password is typed. Any signed-in caller.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Auth.PasswordPolicy> getPasswordPolicy(
        pbm.v2.Auth.GetPasswordPolicyRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetPasswordPolicyMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_LOGIN = 0;
  private static final int METHODID_REFRESH = 1;
  private static final int METHODID_LOGOUT = 2;
  private static final int METHODID_WHO_AM_I = 3;
  private static final int METHODID_CHANGE_PASSWORD = 4;
  private static final int METHODID_CREATE_LOGIN_CHALLENGE = 5;
  private static final int METHODID_GET_PASSWORD_POLICY = 6;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final AsyncService serviceImpl;
    private final int methodId;

    MethodHandlers(AsyncService serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_LOGIN:
          serviceImpl.login((pbm.v2.Auth.LoginRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Auth.Tokens>) responseObserver);
          break;
        case METHODID_REFRESH:
          serviceImpl.refresh((pbm.v2.Auth.RefreshRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Auth.Tokens>) responseObserver);
          break;
        case METHODID_LOGOUT:
          serviceImpl.logout((pbm.v2.Auth.LogoutRequest) request,
              (io.grpc.stub.StreamObserver<com.google.protobuf.Empty>) responseObserver);
          break;
        case METHODID_WHO_AM_I:
          serviceImpl.whoAmI((pbm.v2.Auth.WhoAmIRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Auth.Identity>) responseObserver);
          break;
        case METHODID_CHANGE_PASSWORD:
          serviceImpl.changePassword((pbm.v2.Auth.ChangePasswordRequest) request,
              (io.grpc.stub.StreamObserver<com.google.protobuf.Empty>) responseObserver);
          break;
        case METHODID_CREATE_LOGIN_CHALLENGE:
          serviceImpl.createLoginChallenge((pbm.v2.Auth.CreateLoginChallengeRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Auth.LoginChallenge>) responseObserver);
          break;
        case METHODID_GET_PASSWORD_POLICY:
          serviceImpl.getPasswordPolicy((pbm.v2.Auth.GetPasswordPolicyRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Auth.PasswordPolicy>) responseObserver);
          break;
        default:
          throw new AssertionError();
      }
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public io.grpc.stub.StreamObserver<Req> invoke(
        io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        default:
          throw new AssertionError();
      }
    }
  }

  public static final io.grpc.ServerServiceDefinition bindService(AsyncService service) {
    return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
        .addMethod(
          getLoginMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Auth.LoginRequest,
              pbm.v2.Auth.Tokens>(
                service, METHODID_LOGIN)))
        .addMethod(
          getRefreshMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Auth.RefreshRequest,
              pbm.v2.Auth.Tokens>(
                service, METHODID_REFRESH)))
        .addMethod(
          getLogoutMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Auth.LogoutRequest,
              com.google.protobuf.Empty>(
                service, METHODID_LOGOUT)))
        .addMethod(
          getWhoAmIMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Auth.WhoAmIRequest,
              pbm.v2.Auth.Identity>(
                service, METHODID_WHO_AM_I)))
        .addMethod(
          getChangePasswordMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Auth.ChangePasswordRequest,
              com.google.protobuf.Empty>(
                service, METHODID_CHANGE_PASSWORD)))
        .addMethod(
          getCreateLoginChallengeMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Auth.CreateLoginChallengeRequest,
              pbm.v2.Auth.LoginChallenge>(
                service, METHODID_CREATE_LOGIN_CHALLENGE)))
        .addMethod(
          getGetPasswordPolicyMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Auth.GetPasswordPolicyRequest,
              pbm.v2.Auth.PasswordPolicy>(
                service, METHODID_GET_PASSWORD_POLICY)))
        .build();
  }

  private static abstract class AuthServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    AuthServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return pbm.v2.Auth.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("AuthService");
    }
  }

  private static final class AuthServiceFileDescriptorSupplier
      extends AuthServiceBaseDescriptorSupplier {
    AuthServiceFileDescriptorSupplier() {}
  }

  private static final class AuthServiceMethodDescriptorSupplier
      extends AuthServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    AuthServiceMethodDescriptorSupplier(java.lang.String methodName) {
      this.methodName = methodName;
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.MethodDescriptor getMethodDescriptor() {
      return getServiceDescriptor().findMethodByName(methodName);
    }
  }

  private static volatile io.grpc.ServiceDescriptor serviceDescriptor;

  public static io.grpc.ServiceDescriptor getServiceDescriptor() {
    io.grpc.ServiceDescriptor result = serviceDescriptor;
    if (result == null) {
      synchronized (AuthServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new AuthServiceFileDescriptorSupplier())
              .addMethod(getLoginMethod())
              .addMethod(getRefreshMethod())
              .addMethod(getLogoutMethod())
              .addMethod(getWhoAmIMethod())
              .addMethod(getChangePasswordMethod())
              .addMethod(getCreateLoginChallengeMethod())
              .addMethod(getGetPasswordPolicyMethod())
              .build();
        }
      }
    }
    return result;
  }
}
