package pbm.v2;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * Manages mailing lists (distribution groups). Superadmins everywhere,
 * admins inside their own tenant.
 * </pre>
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class MailListServiceGrpc {

  private MailListServiceGrpc() {}

  public static final java.lang.String SERVICE_NAME = "pbm.v2.MailListService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<pbm.v2.Maillists.ListMailListsRequest,
      pbm.v2.Maillists.ListMailListsResponse> getListMailListsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListMailLists",
      requestType = pbm.v2.Maillists.ListMailListsRequest.class,
      responseType = pbm.v2.Maillists.ListMailListsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Maillists.ListMailListsRequest,
      pbm.v2.Maillists.ListMailListsResponse> getListMailListsMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Maillists.ListMailListsRequest, pbm.v2.Maillists.ListMailListsResponse> getListMailListsMethod;
    if ((getListMailListsMethod = MailListServiceGrpc.getListMailListsMethod) == null) {
      synchronized (MailListServiceGrpc.class) {
        if ((getListMailListsMethod = MailListServiceGrpc.getListMailListsMethod) == null) {
          MailListServiceGrpc.getListMailListsMethod = getListMailListsMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Maillists.ListMailListsRequest, pbm.v2.Maillists.ListMailListsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListMailLists"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Maillists.ListMailListsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Maillists.ListMailListsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MailListServiceMethodDescriptorSupplier("ListMailLists"))
              .build();
        }
      }
    }
    return getListMailListsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Maillists.GetMailListRequest,
      pbm.v2.Maillists.MailList> getGetMailListMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetMailList",
      requestType = pbm.v2.Maillists.GetMailListRequest.class,
      responseType = pbm.v2.Maillists.MailList.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Maillists.GetMailListRequest,
      pbm.v2.Maillists.MailList> getGetMailListMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Maillists.GetMailListRequest, pbm.v2.Maillists.MailList> getGetMailListMethod;
    if ((getGetMailListMethod = MailListServiceGrpc.getGetMailListMethod) == null) {
      synchronized (MailListServiceGrpc.class) {
        if ((getGetMailListMethod = MailListServiceGrpc.getGetMailListMethod) == null) {
          MailListServiceGrpc.getGetMailListMethod = getGetMailListMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Maillists.GetMailListRequest, pbm.v2.Maillists.MailList>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetMailList"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Maillists.GetMailListRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Maillists.MailList.getDefaultInstance()))
              .setSchemaDescriptor(new MailListServiceMethodDescriptorSupplier("GetMailList"))
              .build();
        }
      }
    }
    return getGetMailListMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Maillists.CreateMailListRequest,
      pbm.v2.Maillists.MailList> getCreateMailListMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateMailList",
      requestType = pbm.v2.Maillists.CreateMailListRequest.class,
      responseType = pbm.v2.Maillists.MailList.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Maillists.CreateMailListRequest,
      pbm.v2.Maillists.MailList> getCreateMailListMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Maillists.CreateMailListRequest, pbm.v2.Maillists.MailList> getCreateMailListMethod;
    if ((getCreateMailListMethod = MailListServiceGrpc.getCreateMailListMethod) == null) {
      synchronized (MailListServiceGrpc.class) {
        if ((getCreateMailListMethod = MailListServiceGrpc.getCreateMailListMethod) == null) {
          MailListServiceGrpc.getCreateMailListMethod = getCreateMailListMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Maillists.CreateMailListRequest, pbm.v2.Maillists.MailList>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateMailList"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Maillists.CreateMailListRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Maillists.MailList.getDefaultInstance()))
              .setSchemaDescriptor(new MailListServiceMethodDescriptorSupplier("CreateMailList"))
              .build();
        }
      }
    }
    return getCreateMailListMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Maillists.UpdateMailListRequest,
      pbm.v2.Maillists.MailList> getUpdateMailListMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "UpdateMailList",
      requestType = pbm.v2.Maillists.UpdateMailListRequest.class,
      responseType = pbm.v2.Maillists.MailList.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Maillists.UpdateMailListRequest,
      pbm.v2.Maillists.MailList> getUpdateMailListMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Maillists.UpdateMailListRequest, pbm.v2.Maillists.MailList> getUpdateMailListMethod;
    if ((getUpdateMailListMethod = MailListServiceGrpc.getUpdateMailListMethod) == null) {
      synchronized (MailListServiceGrpc.class) {
        if ((getUpdateMailListMethod = MailListServiceGrpc.getUpdateMailListMethod) == null) {
          MailListServiceGrpc.getUpdateMailListMethod = getUpdateMailListMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Maillists.UpdateMailListRequest, pbm.v2.Maillists.MailList>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "UpdateMailList"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Maillists.UpdateMailListRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Maillists.MailList.getDefaultInstance()))
              .setSchemaDescriptor(new MailListServiceMethodDescriptorSupplier("UpdateMailList"))
              .build();
        }
      }
    }
    return getUpdateMailListMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Maillists.DeleteMailListRequest,
      com.google.protobuf.Empty> getDeleteMailListMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteMailList",
      requestType = pbm.v2.Maillists.DeleteMailListRequest.class,
      responseType = com.google.protobuf.Empty.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Maillists.DeleteMailListRequest,
      com.google.protobuf.Empty> getDeleteMailListMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Maillists.DeleteMailListRequest, com.google.protobuf.Empty> getDeleteMailListMethod;
    if ((getDeleteMailListMethod = MailListServiceGrpc.getDeleteMailListMethod) == null) {
      synchronized (MailListServiceGrpc.class) {
        if ((getDeleteMailListMethod = MailListServiceGrpc.getDeleteMailListMethod) == null) {
          MailListServiceGrpc.getDeleteMailListMethod = getDeleteMailListMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Maillists.DeleteMailListRequest, com.google.protobuf.Empty>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteMailList"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Maillists.DeleteMailListRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.google.protobuf.Empty.getDefaultInstance()))
              .setSchemaDescriptor(new MailListServiceMethodDescriptorSupplier("DeleteMailList"))
              .build();
        }
      }
    }
    return getDeleteMailListMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Maillists.SyncMailListsRequest,
      pbm.v2.Maillists.SyncMailListsResponse> getSyncMailListsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "SyncMailLists",
      requestType = pbm.v2.Maillists.SyncMailListsRequest.class,
      responseType = pbm.v2.Maillists.SyncMailListsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Maillists.SyncMailListsRequest,
      pbm.v2.Maillists.SyncMailListsResponse> getSyncMailListsMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Maillists.SyncMailListsRequest, pbm.v2.Maillists.SyncMailListsResponse> getSyncMailListsMethod;
    if ((getSyncMailListsMethod = MailListServiceGrpc.getSyncMailListsMethod) == null) {
      synchronized (MailListServiceGrpc.class) {
        if ((getSyncMailListsMethod = MailListServiceGrpc.getSyncMailListsMethod) == null) {
          MailListServiceGrpc.getSyncMailListsMethod = getSyncMailListsMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Maillists.SyncMailListsRequest, pbm.v2.Maillists.SyncMailListsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "SyncMailLists"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Maillists.SyncMailListsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Maillists.SyncMailListsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MailListServiceMethodDescriptorSupplier("SyncMailLists"))
              .build();
        }
      }
    }
    return getSyncMailListsMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static MailListServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<MailListServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<MailListServiceStub>() {
        @java.lang.Override
        public MailListServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new MailListServiceStub(channel, callOptions);
        }
      };
    return MailListServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static MailListServiceBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<MailListServiceBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<MailListServiceBlockingV2Stub>() {
        @java.lang.Override
        public MailListServiceBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new MailListServiceBlockingV2Stub(channel, callOptions);
        }
      };
    return MailListServiceBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static MailListServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<MailListServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<MailListServiceBlockingStub>() {
        @java.lang.Override
        public MailListServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new MailListServiceBlockingStub(channel, callOptions);
        }
      };
    return MailListServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static MailListServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<MailListServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<MailListServiceFutureStub>() {
        @java.lang.Override
        public MailListServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new MailListServiceFutureStub(channel, callOptions);
        }
      };
    return MailListServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * Manages mailing lists (distribution groups). Superadmins everywhere,
   * admins inside their own tenant.
   * </pre>
   */
  public interface AsyncService {

    /**
     * <pre>
     * Lists the mailing lists of a tenant, ordered by address.
     * </pre>
     */
    default void listMailLists(pbm.v2.Maillists.ListMailListsRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Maillists.ListMailListsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListMailListsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Reads one mailing list with its members.
     * </pre>
     */
    default void getMailList(pbm.v2.Maillists.GetMailListRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Maillists.MailList> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetMailListMethod(), responseObserver);
    }

    /**
     * <pre>
     * Creates a mailing list.
     * </pre>
     */
    default void createMailList(pbm.v2.Maillists.CreateMailListRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Maillists.MailList> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateMailListMethod(), responseObserver);
    }

    /**
     * <pre>
     * Changes a mailing list: fields by mask, members added and removed, and
     * a new address. All of it is applied atomically.
     * </pre>
     */
    default void updateMailList(pbm.v2.Maillists.UpdateMailListRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Maillists.MailList> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getUpdateMailListMethod(), responseObserver);
    }

    /**
     * <pre>
     * Deletes a mailing list.
     * </pre>
     */
    default void deleteMailList(pbm.v2.Maillists.DeleteMailListRequest request,
        io.grpc.stub.StreamObserver<com.google.protobuf.Empty> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteMailListMethod(), responseObserver);
    }

    /**
     * <pre>
     * Synchronises the tenant's lists from the company directory's groups
     * (`services/ad/groups/&#42;`, `/v2/actions/groupsync/{tenant}/ad`, §2.15;
     * admins of the tenant, superadmins): each group matched by the filter
     * becomes a list at its address (renamed by `rename_emails`, else
     * `rename_domains`) with its members resolved by address; a group in
     * `cab_exclusions` is kept out of the address book; an `aliases` address
     * becomes a hidden list whose one member is the list. Keyed by the
     * groups' stable ids (a rename is an update); a group deleted at the
     * source or no longer matched removes its list; lists the sync did not
     * make are never touched (conflicts are reported). A second run changes
     * nothing; `dry_run` reports the plan and writes nothing. UserService.RunSync
     * runs it with a progress stream.
     * </pre>
     */
    default void syncMailLists(pbm.v2.Maillists.SyncMailListsRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Maillists.SyncMailListsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getSyncMailListsMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service MailListService.
   * <pre>
   * Manages mailing lists (distribution groups). Superadmins everywhere,
   * admins inside their own tenant.
   * </pre>
   */
  public static abstract class MailListServiceImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return MailListServiceGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service MailListService.
   * <pre>
   * Manages mailing lists (distribution groups). Superadmins everywhere,
   * admins inside their own tenant.
   * </pre>
   */
  public static final class MailListServiceStub
      extends io.grpc.stub.AbstractAsyncStub<MailListServiceStub> {
    private MailListServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected MailListServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new MailListServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Lists the mailing lists of a tenant, ordered by address.
     * </pre>
     */
    public void listMailLists(pbm.v2.Maillists.ListMailListsRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Maillists.ListMailListsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListMailListsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Reads one mailing list with its members.
     * </pre>
     */
    public void getMailList(pbm.v2.Maillists.GetMailListRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Maillists.MailList> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetMailListMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Creates a mailing list.
     * </pre>
     */
    public void createMailList(pbm.v2.Maillists.CreateMailListRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Maillists.MailList> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateMailListMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Changes a mailing list: fields by mask, members added and removed, and
     * a new address. All of it is applied atomically.
     * </pre>
     */
    public void updateMailList(pbm.v2.Maillists.UpdateMailListRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Maillists.MailList> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getUpdateMailListMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Deletes a mailing list.
     * </pre>
     */
    public void deleteMailList(pbm.v2.Maillists.DeleteMailListRequest request,
        io.grpc.stub.StreamObserver<com.google.protobuf.Empty> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteMailListMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Synchronises the tenant's lists from the company directory's groups
     * (`services/ad/groups/&#42;`, `/v2/actions/groupsync/{tenant}/ad`, §2.15;
     * admins of the tenant, superadmins): each group matched by the filter
     * becomes a list at its address (renamed by `rename_emails`, else
     * `rename_domains`) with its members resolved by address; a group in
     * `cab_exclusions` is kept out of the address book; an `aliases` address
     * becomes a hidden list whose one member is the list. Keyed by the
     * groups' stable ids (a rename is an update); a group deleted at the
     * source or no longer matched removes its list; lists the sync did not
     * make are never touched (conflicts are reported). A second run changes
     * nothing; `dry_run` reports the plan and writes nothing. UserService.RunSync
     * runs it with a progress stream.
     * </pre>
     */
    public void syncMailLists(pbm.v2.Maillists.SyncMailListsRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Maillists.SyncMailListsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getSyncMailListsMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service MailListService.
   * <pre>
   * Manages mailing lists (distribution groups). Superadmins everywhere,
   * admins inside their own tenant.
   * </pre>
   */
  public static final class MailListServiceBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<MailListServiceBlockingV2Stub> {
    private MailListServiceBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected MailListServiceBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new MailListServiceBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * Lists the mailing lists of a tenant, ordered by address.
     * </pre>
     */
    public pbm.v2.Maillists.ListMailListsResponse listMailLists(pbm.v2.Maillists.ListMailListsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListMailListsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Reads one mailing list with its members.
     * </pre>
     */
    public pbm.v2.Maillists.MailList getMailList(pbm.v2.Maillists.GetMailListRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetMailListMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Creates a mailing list.
     * </pre>
     */
    public pbm.v2.Maillists.MailList createMailList(pbm.v2.Maillists.CreateMailListRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCreateMailListMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Changes a mailing list: fields by mask, members added and removed, and
     * a new address. All of it is applied atomically.
     * </pre>
     */
    public pbm.v2.Maillists.MailList updateMailList(pbm.v2.Maillists.UpdateMailListRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getUpdateMailListMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Deletes a mailing list.
     * </pre>
     */
    public com.google.protobuf.Empty deleteMailList(pbm.v2.Maillists.DeleteMailListRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getDeleteMailListMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Synchronises the tenant's lists from the company directory's groups
     * (`services/ad/groups/&#42;`, `/v2/actions/groupsync/{tenant}/ad`, §2.15;
     * admins of the tenant, superadmins): each group matched by the filter
     * becomes a list at its address (renamed by `rename_emails`, else
     * `rename_domains`) with its members resolved by address; a group in
     * `cab_exclusions` is kept out of the address book; an `aliases` address
     * becomes a hidden list whose one member is the list. Keyed by the
     * groups' stable ids (a rename is an update); a group deleted at the
     * source or no longer matched removes its list; lists the sync did not
     * make are never touched (conflicts are reported). A second run changes
     * nothing; `dry_run` reports the plan and writes nothing. UserService.RunSync
     * runs it with a progress stream.
     * </pre>
     */
    public pbm.v2.Maillists.SyncMailListsResponse syncMailLists(pbm.v2.Maillists.SyncMailListsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getSyncMailListsMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service MailListService.
   * <pre>
   * Manages mailing lists (distribution groups). Superadmins everywhere,
   * admins inside their own tenant.
   * </pre>
   */
  public static final class MailListServiceBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<MailListServiceBlockingStub> {
    private MailListServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected MailListServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new MailListServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Lists the mailing lists of a tenant, ordered by address.
     * </pre>
     */
    public pbm.v2.Maillists.ListMailListsResponse listMailLists(pbm.v2.Maillists.ListMailListsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListMailListsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Reads one mailing list with its members.
     * </pre>
     */
    public pbm.v2.Maillists.MailList getMailList(pbm.v2.Maillists.GetMailListRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetMailListMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Creates a mailing list.
     * </pre>
     */
    public pbm.v2.Maillists.MailList createMailList(pbm.v2.Maillists.CreateMailListRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateMailListMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Changes a mailing list: fields by mask, members added and removed, and
     * a new address. All of it is applied atomically.
     * </pre>
     */
    public pbm.v2.Maillists.MailList updateMailList(pbm.v2.Maillists.UpdateMailListRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getUpdateMailListMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Deletes a mailing list.
     * </pre>
     */
    public com.google.protobuf.Empty deleteMailList(pbm.v2.Maillists.DeleteMailListRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteMailListMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Synchronises the tenant's lists from the company directory's groups
     * (`services/ad/groups/&#42;`, `/v2/actions/groupsync/{tenant}/ad`, §2.15;
     * admins of the tenant, superadmins): each group matched by the filter
     * becomes a list at its address (renamed by `rename_emails`, else
     * `rename_domains`) with its members resolved by address; a group in
     * `cab_exclusions` is kept out of the address book; an `aliases` address
     * becomes a hidden list whose one member is the list. Keyed by the
     * groups' stable ids (a rename is an update); a group deleted at the
     * source or no longer matched removes its list; lists the sync did not
     * make are never touched (conflicts are reported). A second run changes
     * nothing; `dry_run` reports the plan and writes nothing. UserService.RunSync
     * runs it with a progress stream.
     * </pre>
     */
    public pbm.v2.Maillists.SyncMailListsResponse syncMailLists(pbm.v2.Maillists.SyncMailListsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getSyncMailListsMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service MailListService.
   * <pre>
   * Manages mailing lists (distribution groups). Superadmins everywhere,
   * admins inside their own tenant.
   * </pre>
   */
  public static final class MailListServiceFutureStub
      extends io.grpc.stub.AbstractFutureStub<MailListServiceFutureStub> {
    private MailListServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected MailListServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new MailListServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Lists the mailing lists of a tenant, ordered by address.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Maillists.ListMailListsResponse> listMailLists(
        pbm.v2.Maillists.ListMailListsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListMailListsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Reads one mailing list with its members.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Maillists.MailList> getMailList(
        pbm.v2.Maillists.GetMailListRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetMailListMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Creates a mailing list.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Maillists.MailList> createMailList(
        pbm.v2.Maillists.CreateMailListRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateMailListMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Changes a mailing list: fields by mask, members added and removed, and
     * a new address. All of it is applied atomically.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Maillists.MailList> updateMailList(
        pbm.v2.Maillists.UpdateMailListRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getUpdateMailListMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Deletes a mailing list.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.google.protobuf.Empty> deleteMailList(
        pbm.v2.Maillists.DeleteMailListRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteMailListMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Synchronises the tenant's lists from the company directory's groups
     * (`services/ad/groups/&#42;`, `/v2/actions/groupsync/{tenant}/ad`, §2.15;
     * admins of the tenant, superadmins): each group matched by the filter
     * becomes a list at its address (renamed by `rename_emails`, else
     * `rename_domains`) with its members resolved by address; a group in
     * `cab_exclusions` is kept out of the address book; an `aliases` address
     * becomes a hidden list whose one member is the list. Keyed by the
     * groups' stable ids (a rename is an update); a group deleted at the
     * source or no longer matched removes its list; lists the sync did not
     * make are never touched (conflicts are reported). A second run changes
     * nothing; `dry_run` reports the plan and writes nothing. UserService.RunSync
     * runs it with a progress stream.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Maillists.SyncMailListsResponse> syncMailLists(
        pbm.v2.Maillists.SyncMailListsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getSyncMailListsMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_LIST_MAIL_LISTS = 0;
  private static final int METHODID_GET_MAIL_LIST = 1;
  private static final int METHODID_CREATE_MAIL_LIST = 2;
  private static final int METHODID_UPDATE_MAIL_LIST = 3;
  private static final int METHODID_DELETE_MAIL_LIST = 4;
  private static final int METHODID_SYNC_MAIL_LISTS = 5;

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
        case METHODID_LIST_MAIL_LISTS:
          serviceImpl.listMailLists((pbm.v2.Maillists.ListMailListsRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Maillists.ListMailListsResponse>) responseObserver);
          break;
        case METHODID_GET_MAIL_LIST:
          serviceImpl.getMailList((pbm.v2.Maillists.GetMailListRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Maillists.MailList>) responseObserver);
          break;
        case METHODID_CREATE_MAIL_LIST:
          serviceImpl.createMailList((pbm.v2.Maillists.CreateMailListRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Maillists.MailList>) responseObserver);
          break;
        case METHODID_UPDATE_MAIL_LIST:
          serviceImpl.updateMailList((pbm.v2.Maillists.UpdateMailListRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Maillists.MailList>) responseObserver);
          break;
        case METHODID_DELETE_MAIL_LIST:
          serviceImpl.deleteMailList((pbm.v2.Maillists.DeleteMailListRequest) request,
              (io.grpc.stub.StreamObserver<com.google.protobuf.Empty>) responseObserver);
          break;
        case METHODID_SYNC_MAIL_LISTS:
          serviceImpl.syncMailLists((pbm.v2.Maillists.SyncMailListsRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Maillists.SyncMailListsResponse>) responseObserver);
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
          getListMailListsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Maillists.ListMailListsRequest,
              pbm.v2.Maillists.ListMailListsResponse>(
                service, METHODID_LIST_MAIL_LISTS)))
        .addMethod(
          getGetMailListMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Maillists.GetMailListRequest,
              pbm.v2.Maillists.MailList>(
                service, METHODID_GET_MAIL_LIST)))
        .addMethod(
          getCreateMailListMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Maillists.CreateMailListRequest,
              pbm.v2.Maillists.MailList>(
                service, METHODID_CREATE_MAIL_LIST)))
        .addMethod(
          getUpdateMailListMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Maillists.UpdateMailListRequest,
              pbm.v2.Maillists.MailList>(
                service, METHODID_UPDATE_MAIL_LIST)))
        .addMethod(
          getDeleteMailListMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Maillists.DeleteMailListRequest,
              com.google.protobuf.Empty>(
                service, METHODID_DELETE_MAIL_LIST)))
        .addMethod(
          getSyncMailListsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Maillists.SyncMailListsRequest,
              pbm.v2.Maillists.SyncMailListsResponse>(
                service, METHODID_SYNC_MAIL_LISTS)))
        .build();
  }

  private static abstract class MailListServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    MailListServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return pbm.v2.Maillists.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("MailListService");
    }
  }

  private static final class MailListServiceFileDescriptorSupplier
      extends MailListServiceBaseDescriptorSupplier {
    MailListServiceFileDescriptorSupplier() {}
  }

  private static final class MailListServiceMethodDescriptorSupplier
      extends MailListServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    MailListServiceMethodDescriptorSupplier(java.lang.String methodName) {
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
      synchronized (MailListServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new MailListServiceFileDescriptorSupplier())
              .addMethod(getListMailListsMethod())
              .addMethod(getGetMailListMethod())
              .addMethod(getCreateMailListMethod())
              .addMethod(getUpdateMailListMethod())
              .addMethod(getDeleteMailListMethod())
              .addMethod(getSyncMailListsMethod())
              .build();
        }
      }
    }
    return result;
  }
}
