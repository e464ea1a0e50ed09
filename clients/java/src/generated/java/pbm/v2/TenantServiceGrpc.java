package pbm.v2;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * Manages tenants. Superadmin only, except that an admin may read their own
 * tenant (GetTenant, and ListTenants answers just that one).
 * </pre>
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class TenantServiceGrpc {

  private TenantServiceGrpc() {}

  public static final java.lang.String SERVICE_NAME = "pbm.v2.TenantService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<pbm.v2.Tenants.ListTenantsRequest,
      pbm.v2.Tenants.ListTenantsResponse> getListTenantsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListTenants",
      requestType = pbm.v2.Tenants.ListTenantsRequest.class,
      responseType = pbm.v2.Tenants.ListTenantsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Tenants.ListTenantsRequest,
      pbm.v2.Tenants.ListTenantsResponse> getListTenantsMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Tenants.ListTenantsRequest, pbm.v2.Tenants.ListTenantsResponse> getListTenantsMethod;
    if ((getListTenantsMethod = TenantServiceGrpc.getListTenantsMethod) == null) {
      synchronized (TenantServiceGrpc.class) {
        if ((getListTenantsMethod = TenantServiceGrpc.getListTenantsMethod) == null) {
          TenantServiceGrpc.getListTenantsMethod = getListTenantsMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Tenants.ListTenantsRequest, pbm.v2.Tenants.ListTenantsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListTenants"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Tenants.ListTenantsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Tenants.ListTenantsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TenantServiceMethodDescriptorSupplier("ListTenants"))
              .build();
        }
      }
    }
    return getListTenantsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Tenants.GetTenantRequest,
      pbm.v2.Tenants.Tenant> getGetTenantMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetTenant",
      requestType = pbm.v2.Tenants.GetTenantRequest.class,
      responseType = pbm.v2.Tenants.Tenant.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Tenants.GetTenantRequest,
      pbm.v2.Tenants.Tenant> getGetTenantMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Tenants.GetTenantRequest, pbm.v2.Tenants.Tenant> getGetTenantMethod;
    if ((getGetTenantMethod = TenantServiceGrpc.getGetTenantMethod) == null) {
      synchronized (TenantServiceGrpc.class) {
        if ((getGetTenantMethod = TenantServiceGrpc.getGetTenantMethod) == null) {
          TenantServiceGrpc.getGetTenantMethod = getGetTenantMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Tenants.GetTenantRequest, pbm.v2.Tenants.Tenant>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetTenant"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Tenants.GetTenantRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Tenants.Tenant.getDefaultInstance()))
              .setSchemaDescriptor(new TenantServiceMethodDescriptorSupplier("GetTenant"))
              .build();
        }
      }
    }
    return getGetTenantMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Tenants.CreateTenantRequest,
      pbm.v2.Tenants.Tenant> getCreateTenantMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateTenant",
      requestType = pbm.v2.Tenants.CreateTenantRequest.class,
      responseType = pbm.v2.Tenants.Tenant.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Tenants.CreateTenantRequest,
      pbm.v2.Tenants.Tenant> getCreateTenantMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Tenants.CreateTenantRequest, pbm.v2.Tenants.Tenant> getCreateTenantMethod;
    if ((getCreateTenantMethod = TenantServiceGrpc.getCreateTenantMethod) == null) {
      synchronized (TenantServiceGrpc.class) {
        if ((getCreateTenantMethod = TenantServiceGrpc.getCreateTenantMethod) == null) {
          TenantServiceGrpc.getCreateTenantMethod = getCreateTenantMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Tenants.CreateTenantRequest, pbm.v2.Tenants.Tenant>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateTenant"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Tenants.CreateTenantRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Tenants.Tenant.getDefaultInstance()))
              .setSchemaDescriptor(new TenantServiceMethodDescriptorSupplier("CreateTenant"))
              .build();
        }
      }
    }
    return getCreateTenantMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Tenants.UpdateTenantRequest,
      pbm.v2.Tenants.Tenant> getUpdateTenantMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "UpdateTenant",
      requestType = pbm.v2.Tenants.UpdateTenantRequest.class,
      responseType = pbm.v2.Tenants.Tenant.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Tenants.UpdateTenantRequest,
      pbm.v2.Tenants.Tenant> getUpdateTenantMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Tenants.UpdateTenantRequest, pbm.v2.Tenants.Tenant> getUpdateTenantMethod;
    if ((getUpdateTenantMethod = TenantServiceGrpc.getUpdateTenantMethod) == null) {
      synchronized (TenantServiceGrpc.class) {
        if ((getUpdateTenantMethod = TenantServiceGrpc.getUpdateTenantMethod) == null) {
          TenantServiceGrpc.getUpdateTenantMethod = getUpdateTenantMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Tenants.UpdateTenantRequest, pbm.v2.Tenants.Tenant>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "UpdateTenant"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Tenants.UpdateTenantRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Tenants.Tenant.getDefaultInstance()))
              .setSchemaDescriptor(new TenantServiceMethodDescriptorSupplier("UpdateTenant"))
              .build();
        }
      }
    }
    return getUpdateTenantMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Tenants.DeleteTenantRequest,
      com.google.protobuf.Empty> getDeleteTenantMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteTenant",
      requestType = pbm.v2.Tenants.DeleteTenantRequest.class,
      responseType = com.google.protobuf.Empty.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Tenants.DeleteTenantRequest,
      com.google.protobuf.Empty> getDeleteTenantMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Tenants.DeleteTenantRequest, com.google.protobuf.Empty> getDeleteTenantMethod;
    if ((getDeleteTenantMethod = TenantServiceGrpc.getDeleteTenantMethod) == null) {
      synchronized (TenantServiceGrpc.class) {
        if ((getDeleteTenantMethod = TenantServiceGrpc.getDeleteTenantMethod) == null) {
          TenantServiceGrpc.getDeleteTenantMethod = getDeleteTenantMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Tenants.DeleteTenantRequest, com.google.protobuf.Empty>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteTenant"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Tenants.DeleteTenantRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.google.protobuf.Empty.getDefaultInstance()))
              .setSchemaDescriptor(new TenantServiceMethodDescriptorSupplier("DeleteTenant"))
              .build();
        }
      }
    }
    return getDeleteTenantMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static TenantServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<TenantServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<TenantServiceStub>() {
        @java.lang.Override
        public TenantServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new TenantServiceStub(channel, callOptions);
        }
      };
    return TenantServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static TenantServiceBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<TenantServiceBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<TenantServiceBlockingV2Stub>() {
        @java.lang.Override
        public TenantServiceBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new TenantServiceBlockingV2Stub(channel, callOptions);
        }
      };
    return TenantServiceBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static TenantServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<TenantServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<TenantServiceBlockingStub>() {
        @java.lang.Override
        public TenantServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new TenantServiceBlockingStub(channel, callOptions);
        }
      };
    return TenantServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static TenantServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<TenantServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<TenantServiceFutureStub>() {
        @java.lang.Override
        public TenantServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new TenantServiceFutureStub(channel, callOptions);
        }
      };
    return TenantServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * Manages tenants. Superadmin only, except that an admin may read their own
   * tenant (GetTenant, and ListTenants answers just that one).
   * </pre>
   */
  public interface AsyncService {

    /**
     * <pre>
     * Lists tenants, ordered by id.
     * </pre>
     */
    default void listTenants(pbm.v2.Tenants.ListTenantsRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Tenants.ListTenantsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListTenantsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Reads one tenant.
     * </pre>
     */
    default void getTenant(pbm.v2.Tenants.GetTenantRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Tenants.Tenant> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetTenantMethod(), responseObserver);
    }

    /**
     * <pre>
     * Creates a tenant and its first mail domain, which becomes its default
     * domain. Without `tenant_id` an id is derived from the domain.
     * </pre>
     */
    default void createTenant(pbm.v2.Tenants.CreateTenantRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Tenants.Tenant> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateTenantMethod(), responseObserver);
    }

    /**
     * <pre>
     * Changes `display_name` and/or `lang`.
     * </pre>
     */
    default void updateTenant(pbm.v2.Tenants.UpdateTenantRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Tenants.Tenant> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getUpdateTenantMethod(), responseObserver);
    }

    /**
     * <pre>
     * Deletes a tenant. A tenant that still has users, resources, lists or
     * domains other than its default one is deleted only with `force`, which
     * removes everything in it in one transaction. A tenant holding a
     * superadmin account cannot be deleted.
     * </pre>
     */
    default void deleteTenant(pbm.v2.Tenants.DeleteTenantRequest request,
        io.grpc.stub.StreamObserver<com.google.protobuf.Empty> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteTenantMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service TenantService.
   * <pre>
   * Manages tenants. Superadmin only, except that an admin may read their own
   * tenant (GetTenant, and ListTenants answers just that one).
   * </pre>
   */
  public static abstract class TenantServiceImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return TenantServiceGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service TenantService.
   * <pre>
   * Manages tenants. Superadmin only, except that an admin may read their own
   * tenant (GetTenant, and ListTenants answers just that one).
   * </pre>
   */
  public static final class TenantServiceStub
      extends io.grpc.stub.AbstractAsyncStub<TenantServiceStub> {
    private TenantServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected TenantServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new TenantServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Lists tenants, ordered by id.
     * </pre>
     */
    public void listTenants(pbm.v2.Tenants.ListTenantsRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Tenants.ListTenantsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListTenantsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Reads one tenant.
     * </pre>
     */
    public void getTenant(pbm.v2.Tenants.GetTenantRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Tenants.Tenant> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetTenantMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Creates a tenant and its first mail domain, which becomes its default
     * domain. Without `tenant_id` an id is derived from the domain.
     * </pre>
     */
    public void createTenant(pbm.v2.Tenants.CreateTenantRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Tenants.Tenant> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateTenantMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Changes `display_name` and/or `lang`.
     * </pre>
     */
    public void updateTenant(pbm.v2.Tenants.UpdateTenantRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Tenants.Tenant> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getUpdateTenantMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Deletes a tenant. A tenant that still has users, resources, lists or
     * domains other than its default one is deleted only with `force`, which
     * removes everything in it in one transaction. A tenant holding a
     * superadmin account cannot be deleted.
     * </pre>
     */
    public void deleteTenant(pbm.v2.Tenants.DeleteTenantRequest request,
        io.grpc.stub.StreamObserver<com.google.protobuf.Empty> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteTenantMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service TenantService.
   * <pre>
   * Manages tenants. Superadmin only, except that an admin may read their own
   * tenant (GetTenant, and ListTenants answers just that one).
   * </pre>
   */
  public static final class TenantServiceBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<TenantServiceBlockingV2Stub> {
    private TenantServiceBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected TenantServiceBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new TenantServiceBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * Lists tenants, ordered by id.
     * </pre>
     */
    public pbm.v2.Tenants.ListTenantsResponse listTenants(pbm.v2.Tenants.ListTenantsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListTenantsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Reads one tenant.
     * </pre>
     */
    public pbm.v2.Tenants.Tenant getTenant(pbm.v2.Tenants.GetTenantRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetTenantMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Creates a tenant and its first mail domain, which becomes its default
     * domain. Without `tenant_id` an id is derived from the domain.
     * </pre>
     */
    public pbm.v2.Tenants.Tenant createTenant(pbm.v2.Tenants.CreateTenantRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCreateTenantMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Changes `display_name` and/or `lang`.
     * </pre>
     */
    public pbm.v2.Tenants.Tenant updateTenant(pbm.v2.Tenants.UpdateTenantRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getUpdateTenantMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Deletes a tenant. A tenant that still has users, resources, lists or
     * domains other than its default one is deleted only with `force`, which
     * removes everything in it in one transaction. A tenant holding a
     * superadmin account cannot be deleted.
     * </pre>
     */
    public com.google.protobuf.Empty deleteTenant(pbm.v2.Tenants.DeleteTenantRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getDeleteTenantMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service TenantService.
   * <pre>
   * Manages tenants. Superadmin only, except that an admin may read their own
   * tenant (GetTenant, and ListTenants answers just that one).
   * </pre>
   */
  public static final class TenantServiceBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<TenantServiceBlockingStub> {
    private TenantServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected TenantServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new TenantServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Lists tenants, ordered by id.
     * </pre>
     */
    public pbm.v2.Tenants.ListTenantsResponse listTenants(pbm.v2.Tenants.ListTenantsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListTenantsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Reads one tenant.
     * </pre>
     */
    public pbm.v2.Tenants.Tenant getTenant(pbm.v2.Tenants.GetTenantRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetTenantMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Creates a tenant and its first mail domain, which becomes its default
     * domain. Without `tenant_id` an id is derived from the domain.
     * </pre>
     */
    public pbm.v2.Tenants.Tenant createTenant(pbm.v2.Tenants.CreateTenantRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateTenantMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Changes `display_name` and/or `lang`.
     * </pre>
     */
    public pbm.v2.Tenants.Tenant updateTenant(pbm.v2.Tenants.UpdateTenantRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getUpdateTenantMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Deletes a tenant. A tenant that still has users, resources, lists or
     * domains other than its default one is deleted only with `force`, which
     * removes everything in it in one transaction. A tenant holding a
     * superadmin account cannot be deleted.
     * </pre>
     */
    public com.google.protobuf.Empty deleteTenant(pbm.v2.Tenants.DeleteTenantRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteTenantMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service TenantService.
   * <pre>
   * Manages tenants. Superadmin only, except that an admin may read their own
   * tenant (GetTenant, and ListTenants answers just that one).
   * </pre>
   */
  public static final class TenantServiceFutureStub
      extends io.grpc.stub.AbstractFutureStub<TenantServiceFutureStub> {
    private TenantServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected TenantServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new TenantServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Lists tenants, ordered by id.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Tenants.ListTenantsResponse> listTenants(
        pbm.v2.Tenants.ListTenantsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListTenantsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Reads one tenant.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Tenants.Tenant> getTenant(
        pbm.v2.Tenants.GetTenantRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetTenantMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Creates a tenant and its first mail domain, which becomes its default
     * domain. Without `tenant_id` an id is derived from the domain.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Tenants.Tenant> createTenant(
        pbm.v2.Tenants.CreateTenantRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateTenantMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Changes `display_name` and/or `lang`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Tenants.Tenant> updateTenant(
        pbm.v2.Tenants.UpdateTenantRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getUpdateTenantMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Deletes a tenant. A tenant that still has users, resources, lists or
     * domains other than its default one is deleted only with `force`, which
     * removes everything in it in one transaction. A tenant holding a
     * superadmin account cannot be deleted.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.google.protobuf.Empty> deleteTenant(
        pbm.v2.Tenants.DeleteTenantRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteTenantMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_LIST_TENANTS = 0;
  private static final int METHODID_GET_TENANT = 1;
  private static final int METHODID_CREATE_TENANT = 2;
  private static final int METHODID_UPDATE_TENANT = 3;
  private static final int METHODID_DELETE_TENANT = 4;

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
        case METHODID_LIST_TENANTS:
          serviceImpl.listTenants((pbm.v2.Tenants.ListTenantsRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Tenants.ListTenantsResponse>) responseObserver);
          break;
        case METHODID_GET_TENANT:
          serviceImpl.getTenant((pbm.v2.Tenants.GetTenantRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Tenants.Tenant>) responseObserver);
          break;
        case METHODID_CREATE_TENANT:
          serviceImpl.createTenant((pbm.v2.Tenants.CreateTenantRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Tenants.Tenant>) responseObserver);
          break;
        case METHODID_UPDATE_TENANT:
          serviceImpl.updateTenant((pbm.v2.Tenants.UpdateTenantRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Tenants.Tenant>) responseObserver);
          break;
        case METHODID_DELETE_TENANT:
          serviceImpl.deleteTenant((pbm.v2.Tenants.DeleteTenantRequest) request,
              (io.grpc.stub.StreamObserver<com.google.protobuf.Empty>) responseObserver);
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
          getListTenantsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Tenants.ListTenantsRequest,
              pbm.v2.Tenants.ListTenantsResponse>(
                service, METHODID_LIST_TENANTS)))
        .addMethod(
          getGetTenantMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Tenants.GetTenantRequest,
              pbm.v2.Tenants.Tenant>(
                service, METHODID_GET_TENANT)))
        .addMethod(
          getCreateTenantMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Tenants.CreateTenantRequest,
              pbm.v2.Tenants.Tenant>(
                service, METHODID_CREATE_TENANT)))
        .addMethod(
          getUpdateTenantMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Tenants.UpdateTenantRequest,
              pbm.v2.Tenants.Tenant>(
                service, METHODID_UPDATE_TENANT)))
        .addMethod(
          getDeleteTenantMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Tenants.DeleteTenantRequest,
              com.google.protobuf.Empty>(
                service, METHODID_DELETE_TENANT)))
        .build();
  }

  private static abstract class TenantServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    TenantServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return pbm.v2.Tenants.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("TenantService");
    }
  }

  private static final class TenantServiceFileDescriptorSupplier
      extends TenantServiceBaseDescriptorSupplier {
    TenantServiceFileDescriptorSupplier() {}
  }

  private static final class TenantServiceMethodDescriptorSupplier
      extends TenantServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    TenantServiceMethodDescriptorSupplier(java.lang.String methodName) {
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
      synchronized (TenantServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new TenantServiceFileDescriptorSupplier())
              .addMethod(getListTenantsMethod())
              .addMethod(getGetTenantMethod())
              .addMethod(getCreateTenantMethod())
              .addMethod(getUpdateTenantMethod())
              .addMethod(getDeleteTenantMethod())
              .build();
        }
      }
    }
    return result;
  }
}
