package pbm.v2;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * Follows the directory's changes. Every committed change of a tenant, mail
 * domain, user, resource group, resource, mailing list or web domain has a
 * revision: one number per installation, increasing in commit order.
 * List, then watch: every response of pbm carries the header `pbm-revision`.
 * A list, and StreamUsers (on LDAP of one tenant of at most 50,000 users),
 * answer the revision they were read at: a watch from it neither misses nor
 * repeats a change. StreamUsers also tells that revision in its trailer
 * `pbm-revision` when it ends, on LDAP for all tenants or a larger tenant
 * too if no write of the tenant overlapped it. Other responses (those LDAP
 * streams' headers; a read of a directory in LDAP that a write of its tenant
 * overlapped in each of its three attempts, the last with the tenant's
 * writes paused on every replica) answer the revision the replica had
 * followed the log to when the request started: a watch from it misses
 * nothing, and a change made while the list was read can come once more as
 * an event (its object in its latest state, which a mirror applies again).
 * </pre>
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class WatchServiceGrpc {

  private WatchServiceGrpc() {}

  public static final java.lang.String SERVICE_NAME = "pbm.v2.WatchService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<pbm.v2.Watch.WatchDirectoryRequest,
      pbm.v2.Watch.DirectoryEvent> getWatchDirectoryMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "WatchDirectory",
      requestType = pbm.v2.Watch.WatchDirectoryRequest.class,
      responseType = pbm.v2.Watch.DirectoryEvent.class,
      methodType = io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
  public static io.grpc.MethodDescriptor<pbm.v2.Watch.WatchDirectoryRequest,
      pbm.v2.Watch.DirectoryEvent> getWatchDirectoryMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Watch.WatchDirectoryRequest, pbm.v2.Watch.DirectoryEvent> getWatchDirectoryMethod;
    if ((getWatchDirectoryMethod = WatchServiceGrpc.getWatchDirectoryMethod) == null) {
      synchronized (WatchServiceGrpc.class) {
        if ((getWatchDirectoryMethod = WatchServiceGrpc.getWatchDirectoryMethod) == null) {
          WatchServiceGrpc.getWatchDirectoryMethod = getWatchDirectoryMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Watch.WatchDirectoryRequest, pbm.v2.Watch.DirectoryEvent>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "WatchDirectory"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Watch.WatchDirectoryRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Watch.DirectoryEvent.getDefaultInstance()))
              .setSchemaDescriptor(new WatchServiceMethodDescriptorSupplier("WatchDirectory"))
              .build();
        }
      }
    }
    return getWatchDirectoryMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static WatchServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<WatchServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<WatchServiceStub>() {
        @java.lang.Override
        public WatchServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new WatchServiceStub(channel, callOptions);
        }
      };
    return WatchServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static WatchServiceBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<WatchServiceBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<WatchServiceBlockingV2Stub>() {
        @java.lang.Override
        public WatchServiceBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new WatchServiceBlockingV2Stub(channel, callOptions);
        }
      };
    return WatchServiceBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static WatchServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<WatchServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<WatchServiceBlockingStub>() {
        @java.lang.Override
        public WatchServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new WatchServiceBlockingStub(channel, callOptions);
        }
      };
    return WatchServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static WatchServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<WatchServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<WatchServiceFutureStub>() {
        @java.lang.Override
        public WatchServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new WatchServiceFutureStub(channel, callOptions);
        }
      };
    return WatchServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * Follows the directory's changes. Every committed change of a tenant, mail
   * domain, user, resource group, resource, mailing list or web domain has a
   * revision: one number per installation, increasing in commit order.
   * List, then watch: every response of pbm carries the header `pbm-revision`.
   * A list, and StreamUsers (on LDAP of one tenant of at most 50,000 users),
   * answer the revision they were read at: a watch from it neither misses nor
   * repeats a change. StreamUsers also tells that revision in its trailer
   * `pbm-revision` when it ends, on LDAP for all tenants or a larger tenant
   * too if no write of the tenant overlapped it. Other responses (those LDAP
   * streams' headers; a read of a directory in LDAP that a write of its tenant
   * overlapped in each of its three attempts, the last with the tenant's
   * writes paused on every replica) answer the revision the replica had
   * followed the log to when the request started: a watch from it misses
   * nothing, and a change made while the list was read can come once more as
   * an event (its object in its latest state, which a mirror applies again).
   * </pre>
   */
  public interface AsyncService {

    /**
     * <pre>
     * Streams the changes after `since_revision`, in revision order, then
     * every new one, with a bookmark every 5 s while idle. A superadmin
     * watches every tenant and the web domains, or one tenant; a tenant admin
     * their own tenant only. A revision older than the log keeps (7 days by
     * default, `pbm/changes/retention_days`) answers FAILED_PRECONDITION with
     * reason RESYNC_REQUIRED and the current revision in
     * `ErrorInfo.metadata["current_revision"]`. A watcher that leaves its
     * events untaken for 10 s is ended with RESOURCE_EXHAUSTED, reason
     * WATCHER_TOO_SLOW, and `metadata["resume_from"]`; a store that cannot be
     * reached ends every watch with UNAVAILABLE. Either way the client resumes
     * from the last revision it received, and loses nothing.
     * </pre>
     */
    default void watchDirectory(pbm.v2.Watch.WatchDirectoryRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Watch.DirectoryEvent> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getWatchDirectoryMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service WatchService.
   * <pre>
   * Follows the directory's changes. Every committed change of a tenant, mail
   * domain, user, resource group, resource, mailing list or web domain has a
   * revision: one number per installation, increasing in commit order.
   * List, then watch: every response of pbm carries the header `pbm-revision`.
   * A list, and StreamUsers (on LDAP of one tenant of at most 50,000 users),
   * answer the revision they were read at: a watch from it neither misses nor
   * repeats a change. StreamUsers also tells that revision in its trailer
   * `pbm-revision` when it ends, on LDAP for all tenants or a larger tenant
   * too if no write of the tenant overlapped it. Other responses (those LDAP
   * streams' headers; a read of a directory in LDAP that a write of its tenant
   * overlapped in each of its three attempts, the last with the tenant's
   * writes paused on every replica) answer the revision the replica had
   * followed the log to when the request started: a watch from it misses
   * nothing, and a change made while the list was read can come once more as
   * an event (its object in its latest state, which a mirror applies again).
   * </pre>
   */
  public static abstract class WatchServiceImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return WatchServiceGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service WatchService.
   * <pre>
   * Follows the directory's changes. Every committed change of a tenant, mail
   * domain, user, resource group, resource, mailing list or web domain has a
   * revision: one number per installation, increasing in commit order.
   * List, then watch: every response of pbm carries the header `pbm-revision`.
   * A list, and StreamUsers (on LDAP of one tenant of at most 50,000 users),
   * answer the revision they were read at: a watch from it neither misses nor
   * repeats a change. StreamUsers also tells that revision in its trailer
   * `pbm-revision` when it ends, on LDAP for all tenants or a larger tenant
   * too if no write of the tenant overlapped it. Other responses (those LDAP
   * streams' headers; a read of a directory in LDAP that a write of its tenant
   * overlapped in each of its three attempts, the last with the tenant's
   * writes paused on every replica) answer the revision the replica had
   * followed the log to when the request started: a watch from it misses
   * nothing, and a change made while the list was read can come once more as
   * an event (its object in its latest state, which a mirror applies again).
   * </pre>
   */
  public static final class WatchServiceStub
      extends io.grpc.stub.AbstractAsyncStub<WatchServiceStub> {
    private WatchServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected WatchServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new WatchServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Streams the changes after `since_revision`, in revision order, then
     * every new one, with a bookmark every 5 s while idle. A superadmin
     * watches every tenant and the web domains, or one tenant; a tenant admin
     * their own tenant only. A revision older than the log keeps (7 days by
     * default, `pbm/changes/retention_days`) answers FAILED_PRECONDITION with
     * reason RESYNC_REQUIRED and the current revision in
     * `ErrorInfo.metadata["current_revision"]`. A watcher that leaves its
     * events untaken for 10 s is ended with RESOURCE_EXHAUSTED, reason
     * WATCHER_TOO_SLOW, and `metadata["resume_from"]`; a store that cannot be
     * reached ends every watch with UNAVAILABLE. Either way the client resumes
     * from the last revision it received, and loses nothing.
     * </pre>
     */
    public void watchDirectory(pbm.v2.Watch.WatchDirectoryRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Watch.DirectoryEvent> responseObserver) {
      io.grpc.stub.ClientCalls.asyncServerStreamingCall(
          getChannel().newCall(getWatchDirectoryMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service WatchService.
   * <pre>
   * Follows the directory's changes. Every committed change of a tenant, mail
   * domain, user, resource group, resource, mailing list or web domain has a
   * revision: one number per installation, increasing in commit order.
   * List, then watch: every response of pbm carries the header `pbm-revision`.
   * A list, and StreamUsers (on LDAP of one tenant of at most 50,000 users),
   * answer the revision they were read at: a watch from it neither misses nor
   * repeats a change. StreamUsers also tells that revision in its trailer
   * `pbm-revision` when it ends, on LDAP for all tenants or a larger tenant
   * too if no write of the tenant overlapped it. Other responses (those LDAP
   * streams' headers; a read of a directory in LDAP that a write of its tenant
   * overlapped in each of its three attempts, the last with the tenant's
   * writes paused on every replica) answer the revision the replica had
   * followed the log to when the request started: a watch from it misses
   * nothing, and a change made while the list was read can come once more as
   * an event (its object in its latest state, which a mirror applies again).
   * </pre>
   */
  public static final class WatchServiceBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<WatchServiceBlockingV2Stub> {
    private WatchServiceBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected WatchServiceBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new WatchServiceBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * Streams the changes after `since_revision`, in revision order, then
     * every new one, with a bookmark every 5 s while idle. A superadmin
     * watches every tenant and the web domains, or one tenant; a tenant admin
     * their own tenant only. A revision older than the log keeps (7 days by
     * default, `pbm/changes/retention_days`) answers FAILED_PRECONDITION with
     * reason RESYNC_REQUIRED and the current revision in
     * `ErrorInfo.metadata["current_revision"]`. A watcher that leaves its
     * events untaken for 10 s is ended with RESOURCE_EXHAUSTED, reason
     * WATCHER_TOO_SLOW, and `metadata["resume_from"]`; a store that cannot be
     * reached ends every watch with UNAVAILABLE. Either way the client resumes
     * from the last revision it received, and loses nothing.
     * </pre>
     */
    @io.grpc.ExperimentalApi("https://github.com/grpc/grpc-java/issues/10918")
    public io.grpc.stub.BlockingClientCall<?, pbm.v2.Watch.DirectoryEvent>
        watchDirectory(pbm.v2.Watch.WatchDirectoryRequest request) {
      return io.grpc.stub.ClientCalls.blockingV2ServerStreamingCall(
          getChannel(), getWatchDirectoryMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service WatchService.
   * <pre>
   * Follows the directory's changes. Every committed change of a tenant, mail
   * domain, user, resource group, resource, mailing list or web domain has a
   * revision: one number per installation, increasing in commit order.
   * List, then watch: every response of pbm carries the header `pbm-revision`.
   * A list, and StreamUsers (on LDAP of one tenant of at most 50,000 users),
   * answer the revision they were read at: a watch from it neither misses nor
   * repeats a change. StreamUsers also tells that revision in its trailer
   * `pbm-revision` when it ends, on LDAP for all tenants or a larger tenant
   * too if no write of the tenant overlapped it. Other responses (those LDAP
   * streams' headers; a read of a directory in LDAP that a write of its tenant
   * overlapped in each of its three attempts, the last with the tenant's
   * writes paused on every replica) answer the revision the replica had
   * followed the log to when the request started: a watch from it misses
   * nothing, and a change made while the list was read can come once more as
   * an event (its object in its latest state, which a mirror applies again).
   * </pre>
   */
  public static final class WatchServiceBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<WatchServiceBlockingStub> {
    private WatchServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected WatchServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new WatchServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Streams the changes after `since_revision`, in revision order, then
     * every new one, with a bookmark every 5 s while idle. A superadmin
     * watches every tenant and the web domains, or one tenant; a tenant admin
     * their own tenant only. A revision older than the log keeps (7 days by
     * default, `pbm/changes/retention_days`) answers FAILED_PRECONDITION with
     * reason RESYNC_REQUIRED and the current revision in
     * `ErrorInfo.metadata["current_revision"]`. A watcher that leaves its
     * events untaken for 10 s is ended with RESOURCE_EXHAUSTED, reason
     * WATCHER_TOO_SLOW, and `metadata["resume_from"]`; a store that cannot be
     * reached ends every watch with UNAVAILABLE. Either way the client resumes
     * from the last revision it received, and loses nothing.
     * </pre>
     */
    public java.util.Iterator<pbm.v2.Watch.DirectoryEvent> watchDirectory(
        pbm.v2.Watch.WatchDirectoryRequest request) {
      return io.grpc.stub.ClientCalls.blockingServerStreamingCall(
          getChannel(), getWatchDirectoryMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service WatchService.
   * <pre>
   * Follows the directory's changes. Every committed change of a tenant, mail
   * domain, user, resource group, resource, mailing list or web domain has a
   * revision: one number per installation, increasing in commit order.
   * List, then watch: every response of pbm carries the header `pbm-revision`.
   * A list, and StreamUsers (on LDAP of one tenant of at most 50,000 users),
   * answer the revision they were read at: a watch from it neither misses nor
   * repeats a change. StreamUsers also tells that revision in its trailer
   * `pbm-revision` when it ends, on LDAP for all tenants or a larger tenant
   * too if no write of the tenant overlapped it. Other responses (those LDAP
   * streams' headers; a read of a directory in LDAP that a write of its tenant
   * overlapped in each of its three attempts, the last with the tenant's
   * writes paused on every replica) answer the revision the replica had
   * followed the log to when the request started: a watch from it misses
   * nothing, and a change made while the list was read can come once more as
   * an event (its object in its latest state, which a mirror applies again).
   * </pre>
   */
  public static final class WatchServiceFutureStub
      extends io.grpc.stub.AbstractFutureStub<WatchServiceFutureStub> {
    private WatchServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected WatchServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new WatchServiceFutureStub(channel, callOptions);
    }
  }

  private static final int METHODID_WATCH_DIRECTORY = 0;

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
        case METHODID_WATCH_DIRECTORY:
          serviceImpl.watchDirectory((pbm.v2.Watch.WatchDirectoryRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Watch.DirectoryEvent>) responseObserver);
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
          getWatchDirectoryMethod(),
          io.grpc.stub.ServerCalls.asyncServerStreamingCall(
            new MethodHandlers<
              pbm.v2.Watch.WatchDirectoryRequest,
              pbm.v2.Watch.DirectoryEvent>(
                service, METHODID_WATCH_DIRECTORY)))
        .build();
  }

  private static abstract class WatchServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    WatchServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return pbm.v2.Watch.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("WatchService");
    }
  }

  private static final class WatchServiceFileDescriptorSupplier
      extends WatchServiceBaseDescriptorSupplier {
    WatchServiceFileDescriptorSupplier() {}
  }

  private static final class WatchServiceMethodDescriptorSupplier
      extends WatchServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    WatchServiceMethodDescriptorSupplier(java.lang.String methodName) {
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
      synchronized (WatchServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new WatchServiceFileDescriptorSupplier())
              .addMethod(getWatchDirectoryMethod())
              .build();
        }
      }
    }
    return result;
  }
}
