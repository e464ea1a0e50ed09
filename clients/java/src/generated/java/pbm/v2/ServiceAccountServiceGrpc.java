package pbm.v2;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * Manages service accounts and their API keys. An admin manages the accounts
 * of their own tenant, with scopes an admin's rights cover; installation-wide
 * accounts (empty `tenant_id`) are a superadmin's alone. A caller using an
 * API key may grant only scopes its own account holds.
 * A key is sent as `authorization: Bearer pbm_sk_&lt;id&gt;_&lt;secret&gt;` on gRPC,
 * grpc-web and /v2, wherever an access token works. It acts as an admin of
 * the account's tenant (a superadmin for an installation-wide account),
 * limited to the account's scopes. It is not a session: Login, Refresh,
 * Logout and ChangePassword refuse it.
 * </pre>
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class ServiceAccountServiceGrpc {

  private ServiceAccountServiceGrpc() {}

  public static final java.lang.String SERVICE_NAME = "pbm.v2.ServiceAccountService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<pbm.v2.ServiceAccounts.CreateServiceAccountRequest,
      pbm.v2.ServiceAccounts.ServiceAccount> getCreateServiceAccountMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateServiceAccount",
      requestType = pbm.v2.ServiceAccounts.CreateServiceAccountRequest.class,
      responseType = pbm.v2.ServiceAccounts.ServiceAccount.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.ServiceAccounts.CreateServiceAccountRequest,
      pbm.v2.ServiceAccounts.ServiceAccount> getCreateServiceAccountMethod() {
    io.grpc.MethodDescriptor<pbm.v2.ServiceAccounts.CreateServiceAccountRequest, pbm.v2.ServiceAccounts.ServiceAccount> getCreateServiceAccountMethod;
    if ((getCreateServiceAccountMethod = ServiceAccountServiceGrpc.getCreateServiceAccountMethod) == null) {
      synchronized (ServiceAccountServiceGrpc.class) {
        if ((getCreateServiceAccountMethod = ServiceAccountServiceGrpc.getCreateServiceAccountMethod) == null) {
          ServiceAccountServiceGrpc.getCreateServiceAccountMethod = getCreateServiceAccountMethod =
              io.grpc.MethodDescriptor.<pbm.v2.ServiceAccounts.CreateServiceAccountRequest, pbm.v2.ServiceAccounts.ServiceAccount>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateServiceAccount"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.ServiceAccounts.CreateServiceAccountRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.ServiceAccounts.ServiceAccount.getDefaultInstance()))
              .setSchemaDescriptor(new ServiceAccountServiceMethodDescriptorSupplier("CreateServiceAccount"))
              .build();
        }
      }
    }
    return getCreateServiceAccountMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.ServiceAccounts.ListServiceAccountsRequest,
      pbm.v2.ServiceAccounts.ListServiceAccountsResponse> getListServiceAccountsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListServiceAccounts",
      requestType = pbm.v2.ServiceAccounts.ListServiceAccountsRequest.class,
      responseType = pbm.v2.ServiceAccounts.ListServiceAccountsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.ServiceAccounts.ListServiceAccountsRequest,
      pbm.v2.ServiceAccounts.ListServiceAccountsResponse> getListServiceAccountsMethod() {
    io.grpc.MethodDescriptor<pbm.v2.ServiceAccounts.ListServiceAccountsRequest, pbm.v2.ServiceAccounts.ListServiceAccountsResponse> getListServiceAccountsMethod;
    if ((getListServiceAccountsMethod = ServiceAccountServiceGrpc.getListServiceAccountsMethod) == null) {
      synchronized (ServiceAccountServiceGrpc.class) {
        if ((getListServiceAccountsMethod = ServiceAccountServiceGrpc.getListServiceAccountsMethod) == null) {
          ServiceAccountServiceGrpc.getListServiceAccountsMethod = getListServiceAccountsMethod =
              io.grpc.MethodDescriptor.<pbm.v2.ServiceAccounts.ListServiceAccountsRequest, pbm.v2.ServiceAccounts.ListServiceAccountsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListServiceAccounts"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.ServiceAccounts.ListServiceAccountsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.ServiceAccounts.ListServiceAccountsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ServiceAccountServiceMethodDescriptorSupplier("ListServiceAccounts"))
              .build();
        }
      }
    }
    return getListServiceAccountsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.ServiceAccounts.GetServiceAccountRequest,
      pbm.v2.ServiceAccounts.ServiceAccount> getGetServiceAccountMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetServiceAccount",
      requestType = pbm.v2.ServiceAccounts.GetServiceAccountRequest.class,
      responseType = pbm.v2.ServiceAccounts.ServiceAccount.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.ServiceAccounts.GetServiceAccountRequest,
      pbm.v2.ServiceAccounts.ServiceAccount> getGetServiceAccountMethod() {
    io.grpc.MethodDescriptor<pbm.v2.ServiceAccounts.GetServiceAccountRequest, pbm.v2.ServiceAccounts.ServiceAccount> getGetServiceAccountMethod;
    if ((getGetServiceAccountMethod = ServiceAccountServiceGrpc.getGetServiceAccountMethod) == null) {
      synchronized (ServiceAccountServiceGrpc.class) {
        if ((getGetServiceAccountMethod = ServiceAccountServiceGrpc.getGetServiceAccountMethod) == null) {
          ServiceAccountServiceGrpc.getGetServiceAccountMethod = getGetServiceAccountMethod =
              io.grpc.MethodDescriptor.<pbm.v2.ServiceAccounts.GetServiceAccountRequest, pbm.v2.ServiceAccounts.ServiceAccount>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetServiceAccount"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.ServiceAccounts.GetServiceAccountRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.ServiceAccounts.ServiceAccount.getDefaultInstance()))
              .setSchemaDescriptor(new ServiceAccountServiceMethodDescriptorSupplier("GetServiceAccount"))
              .build();
        }
      }
    }
    return getGetServiceAccountMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.ServiceAccounts.UpdateServiceAccountRequest,
      pbm.v2.ServiceAccounts.ServiceAccount> getUpdateServiceAccountMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "UpdateServiceAccount",
      requestType = pbm.v2.ServiceAccounts.UpdateServiceAccountRequest.class,
      responseType = pbm.v2.ServiceAccounts.ServiceAccount.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.ServiceAccounts.UpdateServiceAccountRequest,
      pbm.v2.ServiceAccounts.ServiceAccount> getUpdateServiceAccountMethod() {
    io.grpc.MethodDescriptor<pbm.v2.ServiceAccounts.UpdateServiceAccountRequest, pbm.v2.ServiceAccounts.ServiceAccount> getUpdateServiceAccountMethod;
    if ((getUpdateServiceAccountMethod = ServiceAccountServiceGrpc.getUpdateServiceAccountMethod) == null) {
      synchronized (ServiceAccountServiceGrpc.class) {
        if ((getUpdateServiceAccountMethod = ServiceAccountServiceGrpc.getUpdateServiceAccountMethod) == null) {
          ServiceAccountServiceGrpc.getUpdateServiceAccountMethod = getUpdateServiceAccountMethod =
              io.grpc.MethodDescriptor.<pbm.v2.ServiceAccounts.UpdateServiceAccountRequest, pbm.v2.ServiceAccounts.ServiceAccount>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "UpdateServiceAccount"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.ServiceAccounts.UpdateServiceAccountRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.ServiceAccounts.ServiceAccount.getDefaultInstance()))
              .setSchemaDescriptor(new ServiceAccountServiceMethodDescriptorSupplier("UpdateServiceAccount"))
              .build();
        }
      }
    }
    return getUpdateServiceAccountMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.ServiceAccounts.DeleteServiceAccountRequest,
      com.google.protobuf.Empty> getDeleteServiceAccountMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteServiceAccount",
      requestType = pbm.v2.ServiceAccounts.DeleteServiceAccountRequest.class,
      responseType = com.google.protobuf.Empty.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.ServiceAccounts.DeleteServiceAccountRequest,
      com.google.protobuf.Empty> getDeleteServiceAccountMethod() {
    io.grpc.MethodDescriptor<pbm.v2.ServiceAccounts.DeleteServiceAccountRequest, com.google.protobuf.Empty> getDeleteServiceAccountMethod;
    if ((getDeleteServiceAccountMethod = ServiceAccountServiceGrpc.getDeleteServiceAccountMethod) == null) {
      synchronized (ServiceAccountServiceGrpc.class) {
        if ((getDeleteServiceAccountMethod = ServiceAccountServiceGrpc.getDeleteServiceAccountMethod) == null) {
          ServiceAccountServiceGrpc.getDeleteServiceAccountMethod = getDeleteServiceAccountMethod =
              io.grpc.MethodDescriptor.<pbm.v2.ServiceAccounts.DeleteServiceAccountRequest, com.google.protobuf.Empty>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteServiceAccount"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.ServiceAccounts.DeleteServiceAccountRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.google.protobuf.Empty.getDefaultInstance()))
              .setSchemaDescriptor(new ServiceAccountServiceMethodDescriptorSupplier("DeleteServiceAccount"))
              .build();
        }
      }
    }
    return getDeleteServiceAccountMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.ServiceAccounts.CreateApiKeyRequest,
      pbm.v2.ServiceAccounts.CreatedApiKey> getCreateApiKeyMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateApiKey",
      requestType = pbm.v2.ServiceAccounts.CreateApiKeyRequest.class,
      responseType = pbm.v2.ServiceAccounts.CreatedApiKey.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.ServiceAccounts.CreateApiKeyRequest,
      pbm.v2.ServiceAccounts.CreatedApiKey> getCreateApiKeyMethod() {
    io.grpc.MethodDescriptor<pbm.v2.ServiceAccounts.CreateApiKeyRequest, pbm.v2.ServiceAccounts.CreatedApiKey> getCreateApiKeyMethod;
    if ((getCreateApiKeyMethod = ServiceAccountServiceGrpc.getCreateApiKeyMethod) == null) {
      synchronized (ServiceAccountServiceGrpc.class) {
        if ((getCreateApiKeyMethod = ServiceAccountServiceGrpc.getCreateApiKeyMethod) == null) {
          ServiceAccountServiceGrpc.getCreateApiKeyMethod = getCreateApiKeyMethod =
              io.grpc.MethodDescriptor.<pbm.v2.ServiceAccounts.CreateApiKeyRequest, pbm.v2.ServiceAccounts.CreatedApiKey>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateApiKey"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.ServiceAccounts.CreateApiKeyRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.ServiceAccounts.CreatedApiKey.getDefaultInstance()))
              .setSchemaDescriptor(new ServiceAccountServiceMethodDescriptorSupplier("CreateApiKey"))
              .build();
        }
      }
    }
    return getCreateApiKeyMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.ServiceAccounts.ListApiKeysRequest,
      pbm.v2.ServiceAccounts.ListApiKeysResponse> getListApiKeysMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListApiKeys",
      requestType = pbm.v2.ServiceAccounts.ListApiKeysRequest.class,
      responseType = pbm.v2.ServiceAccounts.ListApiKeysResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.ServiceAccounts.ListApiKeysRequest,
      pbm.v2.ServiceAccounts.ListApiKeysResponse> getListApiKeysMethod() {
    io.grpc.MethodDescriptor<pbm.v2.ServiceAccounts.ListApiKeysRequest, pbm.v2.ServiceAccounts.ListApiKeysResponse> getListApiKeysMethod;
    if ((getListApiKeysMethod = ServiceAccountServiceGrpc.getListApiKeysMethod) == null) {
      synchronized (ServiceAccountServiceGrpc.class) {
        if ((getListApiKeysMethod = ServiceAccountServiceGrpc.getListApiKeysMethod) == null) {
          ServiceAccountServiceGrpc.getListApiKeysMethod = getListApiKeysMethod =
              io.grpc.MethodDescriptor.<pbm.v2.ServiceAccounts.ListApiKeysRequest, pbm.v2.ServiceAccounts.ListApiKeysResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListApiKeys"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.ServiceAccounts.ListApiKeysRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.ServiceAccounts.ListApiKeysResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ServiceAccountServiceMethodDescriptorSupplier("ListApiKeys"))
              .build();
        }
      }
    }
    return getListApiKeysMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.ServiceAccounts.RevokeApiKeyRequest,
      pbm.v2.ServiceAccounts.ApiKey> getRevokeApiKeyMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RevokeApiKey",
      requestType = pbm.v2.ServiceAccounts.RevokeApiKeyRequest.class,
      responseType = pbm.v2.ServiceAccounts.ApiKey.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.ServiceAccounts.RevokeApiKeyRequest,
      pbm.v2.ServiceAccounts.ApiKey> getRevokeApiKeyMethod() {
    io.grpc.MethodDescriptor<pbm.v2.ServiceAccounts.RevokeApiKeyRequest, pbm.v2.ServiceAccounts.ApiKey> getRevokeApiKeyMethod;
    if ((getRevokeApiKeyMethod = ServiceAccountServiceGrpc.getRevokeApiKeyMethod) == null) {
      synchronized (ServiceAccountServiceGrpc.class) {
        if ((getRevokeApiKeyMethod = ServiceAccountServiceGrpc.getRevokeApiKeyMethod) == null) {
          ServiceAccountServiceGrpc.getRevokeApiKeyMethod = getRevokeApiKeyMethod =
              io.grpc.MethodDescriptor.<pbm.v2.ServiceAccounts.RevokeApiKeyRequest, pbm.v2.ServiceAccounts.ApiKey>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RevokeApiKey"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.ServiceAccounts.RevokeApiKeyRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.ServiceAccounts.ApiKey.getDefaultInstance()))
              .setSchemaDescriptor(new ServiceAccountServiceMethodDescriptorSupplier("RevokeApiKey"))
              .build();
        }
      }
    }
    return getRevokeApiKeyMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static ServiceAccountServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<ServiceAccountServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<ServiceAccountServiceStub>() {
        @java.lang.Override
        public ServiceAccountServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new ServiceAccountServiceStub(channel, callOptions);
        }
      };
    return ServiceAccountServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static ServiceAccountServiceBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<ServiceAccountServiceBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<ServiceAccountServiceBlockingV2Stub>() {
        @java.lang.Override
        public ServiceAccountServiceBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new ServiceAccountServiceBlockingV2Stub(channel, callOptions);
        }
      };
    return ServiceAccountServiceBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static ServiceAccountServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<ServiceAccountServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<ServiceAccountServiceBlockingStub>() {
        @java.lang.Override
        public ServiceAccountServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new ServiceAccountServiceBlockingStub(channel, callOptions);
        }
      };
    return ServiceAccountServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static ServiceAccountServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<ServiceAccountServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<ServiceAccountServiceFutureStub>() {
        @java.lang.Override
        public ServiceAccountServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new ServiceAccountServiceFutureStub(channel, callOptions);
        }
      };
    return ServiceAccountServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * Manages service accounts and their API keys. An admin manages the accounts
   * of their own tenant, with scopes an admin's rights cover; installation-wide
   * accounts (empty `tenant_id`) are a superadmin's alone. A caller using an
   * API key may grant only scopes its own account holds.
   * A key is sent as `authorization: Bearer pbm_sk_&lt;id&gt;_&lt;secret&gt;` on gRPC,
   * grpc-web and /v2, wherever an access token works. It acts as an admin of
   * the account's tenant (a superadmin for an installation-wide account),
   * limited to the account's scopes. It is not a session: Login, Refresh,
   * Logout and ChangePassword refuse it.
   * </pre>
   */
  public interface AsyncService {

    /**
     * <pre>
     * Creates a service account.
     * </pre>
     */
    default void createServiceAccount(pbm.v2.ServiceAccounts.CreateServiceAccountRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.ServiceAccounts.ServiceAccount> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateServiceAccountMethod(), responseObserver);
    }

    /**
     * <pre>
     * Lists the service accounts of a tenant (empty: the installation-wide
     * ones), ordered by name.
     * </pre>
     */
    default void listServiceAccounts(pbm.v2.ServiceAccounts.ListServiceAccountsRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.ServiceAccounts.ListServiceAccountsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListServiceAccountsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Reads one service account.
     * </pre>
     */
    default void getServiceAccount(pbm.v2.ServiceAccounts.GetServiceAccountRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.ServiceAccounts.ServiceAccount> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetServiceAccountMethod(), responseObserver);
    }

    /**
     * <pre>
     * Changes `description` and/or `scopes` (`update_mask`). Its keys carry the
     * new scopes at once on this replica, within a second on the others.
     * </pre>
     */
    default void updateServiceAccount(pbm.v2.ServiceAccounts.UpdateServiceAccountRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.ServiceAccounts.ServiceAccount> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getUpdateServiceAccountMethod(), responseObserver);
    }

    /**
     * <pre>
     * Deletes a service account and its keys.
     * </pre>
     */
    default void deleteServiceAccount(pbm.v2.ServiceAccounts.DeleteServiceAccountRequest request,
        io.grpc.stub.StreamObserver<com.google.protobuf.Empty> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteServiceAccountMethod(), responseObserver);
    }

    /**
     * <pre>
     * Creates a key. The answer holds the key itself, the only time it is
     * shown: pbm keeps only a hash. An account has at most 5 live keys (so
     * that one can be rotated without downtime: create the next, deploy it,
     * revoke the old one).
     * </pre>
     */
    default void createApiKey(pbm.v2.ServiceAccounts.CreateApiKeyRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.ServiceAccounts.CreatedApiKey> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateApiKeyMethod(), responseObserver);
    }

    /**
     * <pre>
     * Lists the keys of an account, live, expired and revoked (never a secret).
     * </pre>
     */
    default void listApiKeys(pbm.v2.ServiceAccounts.ListApiKeysRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.ServiceAccounts.ListApiKeysResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListApiKeysMethod(), responseObserver);
    }

    /**
     * <pre>
     * Revokes a key: refused at once by the replica that revoked it, within a
     * second by the others.
     * </pre>
     */
    default void revokeApiKey(pbm.v2.ServiceAccounts.RevokeApiKeyRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.ServiceAccounts.ApiKey> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRevokeApiKeyMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service ServiceAccountService.
   * <pre>
   * Manages service accounts and their API keys. An admin manages the accounts
   * of their own tenant, with scopes an admin's rights cover; installation-wide
   * accounts (empty `tenant_id`) are a superadmin's alone. A caller using an
   * API key may grant only scopes its own account holds.
   * A key is sent as `authorization: Bearer pbm_sk_&lt;id&gt;_&lt;secret&gt;` on gRPC,
   * grpc-web and /v2, wherever an access token works. It acts as an admin of
   * the account's tenant (a superadmin for an installation-wide account),
   * limited to the account's scopes. It is not a session: Login, Refresh,
   * Logout and ChangePassword refuse it.
   * </pre>
   */
  public static abstract class ServiceAccountServiceImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return ServiceAccountServiceGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service ServiceAccountService.
   * <pre>
   * Manages service accounts and their API keys. An admin manages the accounts
   * of their own tenant, with scopes an admin's rights cover; installation-wide
   * accounts (empty `tenant_id`) are a superadmin's alone. A caller using an
   * API key may grant only scopes its own account holds.
   * A key is sent as `authorization: Bearer pbm_sk_&lt;id&gt;_&lt;secret&gt;` on gRPC,
   * grpc-web and /v2, wherever an access token works. It acts as an admin of
   * the account's tenant (a superadmin for an installation-wide account),
   * limited to the account's scopes. It is not a session: Login, Refresh,
   * Logout and ChangePassword refuse it.
   * </pre>
   */
  public static final class ServiceAccountServiceStub
      extends io.grpc.stub.AbstractAsyncStub<ServiceAccountServiceStub> {
    private ServiceAccountServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected ServiceAccountServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new ServiceAccountServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates a service account.
     * </pre>
     */
    public void createServiceAccount(pbm.v2.ServiceAccounts.CreateServiceAccountRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.ServiceAccounts.ServiceAccount> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateServiceAccountMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Lists the service accounts of a tenant (empty: the installation-wide
     * ones), ordered by name.
     * </pre>
     */
    public void listServiceAccounts(pbm.v2.ServiceAccounts.ListServiceAccountsRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.ServiceAccounts.ListServiceAccountsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListServiceAccountsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Reads one service account.
     * </pre>
     */
    public void getServiceAccount(pbm.v2.ServiceAccounts.GetServiceAccountRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.ServiceAccounts.ServiceAccount> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetServiceAccountMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Changes `description` and/or `scopes` (`update_mask`). Its keys carry the
     * new scopes at once on this replica, within a second on the others.
     * </pre>
     */
    public void updateServiceAccount(pbm.v2.ServiceAccounts.UpdateServiceAccountRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.ServiceAccounts.ServiceAccount> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getUpdateServiceAccountMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Deletes a service account and its keys.
     * </pre>
     */
    public void deleteServiceAccount(pbm.v2.ServiceAccounts.DeleteServiceAccountRequest request,
        io.grpc.stub.StreamObserver<com.google.protobuf.Empty> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteServiceAccountMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Creates a key. The answer holds the key itself, the only time it is
     * shown: pbm keeps only a hash. An account has at most 5 live keys (so
     * that one can be rotated without downtime: create the next, deploy it,
     * revoke the old one).
     * </pre>
     */
    public void createApiKey(pbm.v2.ServiceAccounts.CreateApiKeyRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.ServiceAccounts.CreatedApiKey> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateApiKeyMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Lists the keys of an account, live, expired and revoked (never a secret).
     * </pre>
     */
    public void listApiKeys(pbm.v2.ServiceAccounts.ListApiKeysRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.ServiceAccounts.ListApiKeysResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListApiKeysMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Revokes a key: refused at once by the replica that revoked it, within a
     * second by the others.
     * </pre>
     */
    public void revokeApiKey(pbm.v2.ServiceAccounts.RevokeApiKeyRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.ServiceAccounts.ApiKey> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRevokeApiKeyMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service ServiceAccountService.
   * <pre>
   * Manages service accounts and their API keys. An admin manages the accounts
   * of their own tenant, with scopes an admin's rights cover; installation-wide
   * accounts (empty `tenant_id`) are a superadmin's alone. A caller using an
   * API key may grant only scopes its own account holds.
   * A key is sent as `authorization: Bearer pbm_sk_&lt;id&gt;_&lt;secret&gt;` on gRPC,
   * grpc-web and /v2, wherever an access token works. It acts as an admin of
   * the account's tenant (a superadmin for an installation-wide account),
   * limited to the account's scopes. It is not a session: Login, Refresh,
   * Logout and ChangePassword refuse it.
   * </pre>
   */
  public static final class ServiceAccountServiceBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<ServiceAccountServiceBlockingV2Stub> {
    private ServiceAccountServiceBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected ServiceAccountServiceBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new ServiceAccountServiceBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates a service account.
     * </pre>
     */
    public pbm.v2.ServiceAccounts.ServiceAccount createServiceAccount(pbm.v2.ServiceAccounts.CreateServiceAccountRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCreateServiceAccountMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists the service accounts of a tenant (empty: the installation-wide
     * ones), ordered by name.
     * </pre>
     */
    public pbm.v2.ServiceAccounts.ListServiceAccountsResponse listServiceAccounts(pbm.v2.ServiceAccounts.ListServiceAccountsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListServiceAccountsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Reads one service account.
     * </pre>
     */
    public pbm.v2.ServiceAccounts.ServiceAccount getServiceAccount(pbm.v2.ServiceAccounts.GetServiceAccountRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetServiceAccountMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Changes `description` and/or `scopes` (`update_mask`). Its keys carry the
     * new scopes at once on this replica, within a second on the others.
     * </pre>
     */
    public pbm.v2.ServiceAccounts.ServiceAccount updateServiceAccount(pbm.v2.ServiceAccounts.UpdateServiceAccountRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getUpdateServiceAccountMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Deletes a service account and its keys.
     * </pre>
     */
    public com.google.protobuf.Empty deleteServiceAccount(pbm.v2.ServiceAccounts.DeleteServiceAccountRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getDeleteServiceAccountMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Creates a key. The answer holds the key itself, the only time it is
     * shown: pbm keeps only a hash. An account has at most 5 live keys (so
     * that one can be rotated without downtime: create the next, deploy it,
     * revoke the old one).
     * </pre>
     */
    public pbm.v2.ServiceAccounts.CreatedApiKey createApiKey(pbm.v2.ServiceAccounts.CreateApiKeyRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCreateApiKeyMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists the keys of an account, live, expired and revoked (never a secret).
     * </pre>
     */
    public pbm.v2.ServiceAccounts.ListApiKeysResponse listApiKeys(pbm.v2.ServiceAccounts.ListApiKeysRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListApiKeysMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Revokes a key: refused at once by the replica that revoked it, within a
     * second by the others.
     * </pre>
     */
    public pbm.v2.ServiceAccounts.ApiKey revokeApiKey(pbm.v2.ServiceAccounts.RevokeApiKeyRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getRevokeApiKeyMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service ServiceAccountService.
   * <pre>
   * Manages service accounts and their API keys. An admin manages the accounts
   * of their own tenant, with scopes an admin's rights cover; installation-wide
   * accounts (empty `tenant_id`) are a superadmin's alone. A caller using an
   * API key may grant only scopes its own account holds.
   * A key is sent as `authorization: Bearer pbm_sk_&lt;id&gt;_&lt;secret&gt;` on gRPC,
   * grpc-web and /v2, wherever an access token works. It acts as an admin of
   * the account's tenant (a superadmin for an installation-wide account),
   * limited to the account's scopes. It is not a session: Login, Refresh,
   * Logout and ChangePassword refuse it.
   * </pre>
   */
  public static final class ServiceAccountServiceBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<ServiceAccountServiceBlockingStub> {
    private ServiceAccountServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected ServiceAccountServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new ServiceAccountServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates a service account.
     * </pre>
     */
    public pbm.v2.ServiceAccounts.ServiceAccount createServiceAccount(pbm.v2.ServiceAccounts.CreateServiceAccountRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateServiceAccountMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists the service accounts of a tenant (empty: the installation-wide
     * ones), ordered by name.
     * </pre>
     */
    public pbm.v2.ServiceAccounts.ListServiceAccountsResponse listServiceAccounts(pbm.v2.ServiceAccounts.ListServiceAccountsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListServiceAccountsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Reads one service account.
     * </pre>
     */
    public pbm.v2.ServiceAccounts.ServiceAccount getServiceAccount(pbm.v2.ServiceAccounts.GetServiceAccountRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetServiceAccountMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Changes `description` and/or `scopes` (`update_mask`). Its keys carry the
     * new scopes at once on this replica, within a second on the others.
     * </pre>
     */
    public pbm.v2.ServiceAccounts.ServiceAccount updateServiceAccount(pbm.v2.ServiceAccounts.UpdateServiceAccountRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getUpdateServiceAccountMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Deletes a service account and its keys.
     * </pre>
     */
    public com.google.protobuf.Empty deleteServiceAccount(pbm.v2.ServiceAccounts.DeleteServiceAccountRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteServiceAccountMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Creates a key. The answer holds the key itself, the only time it is
     * shown: pbm keeps only a hash. An account has at most 5 live keys (so
     * that one can be rotated without downtime: create the next, deploy it,
     * revoke the old one).
     * </pre>
     */
    public pbm.v2.ServiceAccounts.CreatedApiKey createApiKey(pbm.v2.ServiceAccounts.CreateApiKeyRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateApiKeyMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists the keys of an account, live, expired and revoked (never a secret).
     * </pre>
     */
    public pbm.v2.ServiceAccounts.ListApiKeysResponse listApiKeys(pbm.v2.ServiceAccounts.ListApiKeysRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListApiKeysMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Revokes a key: refused at once by the replica that revoked it, within a
     * second by the others.
     * </pre>
     */
    public pbm.v2.ServiceAccounts.ApiKey revokeApiKey(pbm.v2.ServiceAccounts.RevokeApiKeyRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRevokeApiKeyMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service ServiceAccountService.
   * <pre>
   * Manages service accounts and their API keys. An admin manages the accounts
   * of their own tenant, with scopes an admin's rights cover; installation-wide
   * accounts (empty `tenant_id`) are a superadmin's alone. A caller using an
   * API key may grant only scopes its own account holds.
   * A key is sent as `authorization: Bearer pbm_sk_&lt;id&gt;_&lt;secret&gt;` on gRPC,
   * grpc-web and /v2, wherever an access token works. It acts as an admin of
   * the account's tenant (a superadmin for an installation-wide account),
   * limited to the account's scopes. It is not a session: Login, Refresh,
   * Logout and ChangePassword refuse it.
   * </pre>
   */
  public static final class ServiceAccountServiceFutureStub
      extends io.grpc.stub.AbstractFutureStub<ServiceAccountServiceFutureStub> {
    private ServiceAccountServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected ServiceAccountServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new ServiceAccountServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates a service account.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.ServiceAccounts.ServiceAccount> createServiceAccount(
        pbm.v2.ServiceAccounts.CreateServiceAccountRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateServiceAccountMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Lists the service accounts of a tenant (empty: the installation-wide
     * ones), ordered by name.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.ServiceAccounts.ListServiceAccountsResponse> listServiceAccounts(
        pbm.v2.ServiceAccounts.ListServiceAccountsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListServiceAccountsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Reads one service account.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.ServiceAccounts.ServiceAccount> getServiceAccount(
        pbm.v2.ServiceAccounts.GetServiceAccountRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetServiceAccountMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Changes `description` and/or `scopes` (`update_mask`). Its keys carry the
     * new scopes at once on this replica, within a second on the others.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.ServiceAccounts.ServiceAccount> updateServiceAccount(
        pbm.v2.ServiceAccounts.UpdateServiceAccountRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getUpdateServiceAccountMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Deletes a service account and its keys.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.google.protobuf.Empty> deleteServiceAccount(
        pbm.v2.ServiceAccounts.DeleteServiceAccountRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteServiceAccountMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Creates a key. The answer holds the key itself, the only time it is
     * shown: pbm keeps only a hash. An account has at most 5 live keys (so
     * that one can be rotated without downtime: create the next, deploy it,
     * revoke the old one).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.ServiceAccounts.CreatedApiKey> createApiKey(
        pbm.v2.ServiceAccounts.CreateApiKeyRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateApiKeyMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Lists the keys of an account, live, expired and revoked (never a secret).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.ServiceAccounts.ListApiKeysResponse> listApiKeys(
        pbm.v2.ServiceAccounts.ListApiKeysRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListApiKeysMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Revokes a key: refused at once by the replica that revoked it, within a
     * second by the others.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.ServiceAccounts.ApiKey> revokeApiKey(
        pbm.v2.ServiceAccounts.RevokeApiKeyRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRevokeApiKeyMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_CREATE_SERVICE_ACCOUNT = 0;
  private static final int METHODID_LIST_SERVICE_ACCOUNTS = 1;
  private static final int METHODID_GET_SERVICE_ACCOUNT = 2;
  private static final int METHODID_UPDATE_SERVICE_ACCOUNT = 3;
  private static final int METHODID_DELETE_SERVICE_ACCOUNT = 4;
  private static final int METHODID_CREATE_API_KEY = 5;
  private static final int METHODID_LIST_API_KEYS = 6;
  private static final int METHODID_REVOKE_API_KEY = 7;

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
        case METHODID_CREATE_SERVICE_ACCOUNT:
          serviceImpl.createServiceAccount((pbm.v2.ServiceAccounts.CreateServiceAccountRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.ServiceAccounts.ServiceAccount>) responseObserver);
          break;
        case METHODID_LIST_SERVICE_ACCOUNTS:
          serviceImpl.listServiceAccounts((pbm.v2.ServiceAccounts.ListServiceAccountsRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.ServiceAccounts.ListServiceAccountsResponse>) responseObserver);
          break;
        case METHODID_GET_SERVICE_ACCOUNT:
          serviceImpl.getServiceAccount((pbm.v2.ServiceAccounts.GetServiceAccountRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.ServiceAccounts.ServiceAccount>) responseObserver);
          break;
        case METHODID_UPDATE_SERVICE_ACCOUNT:
          serviceImpl.updateServiceAccount((pbm.v2.ServiceAccounts.UpdateServiceAccountRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.ServiceAccounts.ServiceAccount>) responseObserver);
          break;
        case METHODID_DELETE_SERVICE_ACCOUNT:
          serviceImpl.deleteServiceAccount((pbm.v2.ServiceAccounts.DeleteServiceAccountRequest) request,
              (io.grpc.stub.StreamObserver<com.google.protobuf.Empty>) responseObserver);
          break;
        case METHODID_CREATE_API_KEY:
          serviceImpl.createApiKey((pbm.v2.ServiceAccounts.CreateApiKeyRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.ServiceAccounts.CreatedApiKey>) responseObserver);
          break;
        case METHODID_LIST_API_KEYS:
          serviceImpl.listApiKeys((pbm.v2.ServiceAccounts.ListApiKeysRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.ServiceAccounts.ListApiKeysResponse>) responseObserver);
          break;
        case METHODID_REVOKE_API_KEY:
          serviceImpl.revokeApiKey((pbm.v2.ServiceAccounts.RevokeApiKeyRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.ServiceAccounts.ApiKey>) responseObserver);
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
          getCreateServiceAccountMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.ServiceAccounts.CreateServiceAccountRequest,
              pbm.v2.ServiceAccounts.ServiceAccount>(
                service, METHODID_CREATE_SERVICE_ACCOUNT)))
        .addMethod(
          getListServiceAccountsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.ServiceAccounts.ListServiceAccountsRequest,
              pbm.v2.ServiceAccounts.ListServiceAccountsResponse>(
                service, METHODID_LIST_SERVICE_ACCOUNTS)))
        .addMethod(
          getGetServiceAccountMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.ServiceAccounts.GetServiceAccountRequest,
              pbm.v2.ServiceAccounts.ServiceAccount>(
                service, METHODID_GET_SERVICE_ACCOUNT)))
        .addMethod(
          getUpdateServiceAccountMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.ServiceAccounts.UpdateServiceAccountRequest,
              pbm.v2.ServiceAccounts.ServiceAccount>(
                service, METHODID_UPDATE_SERVICE_ACCOUNT)))
        .addMethod(
          getDeleteServiceAccountMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.ServiceAccounts.DeleteServiceAccountRequest,
              com.google.protobuf.Empty>(
                service, METHODID_DELETE_SERVICE_ACCOUNT)))
        .addMethod(
          getCreateApiKeyMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.ServiceAccounts.CreateApiKeyRequest,
              pbm.v2.ServiceAccounts.CreatedApiKey>(
                service, METHODID_CREATE_API_KEY)))
        .addMethod(
          getListApiKeysMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.ServiceAccounts.ListApiKeysRequest,
              pbm.v2.ServiceAccounts.ListApiKeysResponse>(
                service, METHODID_LIST_API_KEYS)))
        .addMethod(
          getRevokeApiKeyMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.ServiceAccounts.RevokeApiKeyRequest,
              pbm.v2.ServiceAccounts.ApiKey>(
                service, METHODID_REVOKE_API_KEY)))
        .build();
  }

  private static abstract class ServiceAccountServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    ServiceAccountServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return pbm.v2.ServiceAccounts.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("ServiceAccountService");
    }
  }

  private static final class ServiceAccountServiceFileDescriptorSupplier
      extends ServiceAccountServiceBaseDescriptorSupplier {
    ServiceAccountServiceFileDescriptorSupplier() {}
  }

  private static final class ServiceAccountServiceMethodDescriptorSupplier
      extends ServiceAccountServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    ServiceAccountServiceMethodDescriptorSupplier(java.lang.String methodName) {
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
      synchronized (ServiceAccountServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new ServiceAccountServiceFileDescriptorSupplier())
              .addMethod(getCreateServiceAccountMethod())
              .addMethod(getListServiceAccountsMethod())
              .addMethod(getGetServiceAccountMethod())
              .addMethod(getUpdateServiceAccountMethod())
              .addMethod(getDeleteServiceAccountMethod())
              .addMethod(getCreateApiKeyMethod())
              .addMethod(getListApiKeysMethod())
              .addMethod(getRevokeApiKeyMethod())
              .build();
        }
      }
    }
    return result;
  }
}
