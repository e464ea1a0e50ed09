package pbm.v2;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * Reads, changes and watches settings. Superadmin only.
 * A value in force comes from, in increasing precedence: the built-in
 * default, the TOML file, the environment (`PBM_SETTING__*`), and the runtime
 * source — etcd when pbm runs with `--etcd-endpoints`, else pbm's own store.
 * PutSetting and DeleteSetting write the runtime source; changes made there
 * directly (`etcdctl put`) take effect within a second too. Values are
 * validated per key (and across keys, e.g. min_length &lt;= max_length); a
 * refused value changes nothing. Secrets (passwords, tokens) read as
 * `********`.
 * </pre>
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class SettingsServiceGrpc {

  private SettingsServiceGrpc() {}

  public static final java.lang.String SERVICE_NAME = "pbm.v2.SettingsService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<pbm.v2.Settings.GetSettingRequest,
      pbm.v2.Settings.Setting> getGetSettingMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetSetting",
      requestType = pbm.v2.Settings.GetSettingRequest.class,
      responseType = pbm.v2.Settings.Setting.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Settings.GetSettingRequest,
      pbm.v2.Settings.Setting> getGetSettingMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Settings.GetSettingRequest, pbm.v2.Settings.Setting> getGetSettingMethod;
    if ((getGetSettingMethod = SettingsServiceGrpc.getGetSettingMethod) == null) {
      synchronized (SettingsServiceGrpc.class) {
        if ((getGetSettingMethod = SettingsServiceGrpc.getGetSettingMethod) == null) {
          SettingsServiceGrpc.getGetSettingMethod = getGetSettingMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Settings.GetSettingRequest, pbm.v2.Settings.Setting>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetSetting"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Settings.GetSettingRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Settings.Setting.getDefaultInstance()))
              .setSchemaDescriptor(new SettingsServiceMethodDescriptorSupplier("GetSetting"))
              .build();
        }
      }
    }
    return getGetSettingMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Settings.ListSettingsRequest,
      pbm.v2.Settings.ListSettingsResponse> getListSettingsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListSettings",
      requestType = pbm.v2.Settings.ListSettingsRequest.class,
      responseType = pbm.v2.Settings.ListSettingsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Settings.ListSettingsRequest,
      pbm.v2.Settings.ListSettingsResponse> getListSettingsMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Settings.ListSettingsRequest, pbm.v2.Settings.ListSettingsResponse> getListSettingsMethod;
    if ((getListSettingsMethod = SettingsServiceGrpc.getListSettingsMethod) == null) {
      synchronized (SettingsServiceGrpc.class) {
        if ((getListSettingsMethod = SettingsServiceGrpc.getListSettingsMethod) == null) {
          SettingsServiceGrpc.getListSettingsMethod = getListSettingsMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Settings.ListSettingsRequest, pbm.v2.Settings.ListSettingsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListSettings"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Settings.ListSettingsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Settings.ListSettingsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new SettingsServiceMethodDescriptorSupplier("ListSettings"))
              .build();
        }
      }
    }
    return getListSettingsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Settings.PutSettingRequest,
      pbm.v2.Settings.Setting> getPutSettingMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "PutSetting",
      requestType = pbm.v2.Settings.PutSettingRequest.class,
      responseType = pbm.v2.Settings.Setting.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Settings.PutSettingRequest,
      pbm.v2.Settings.Setting> getPutSettingMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Settings.PutSettingRequest, pbm.v2.Settings.Setting> getPutSettingMethod;
    if ((getPutSettingMethod = SettingsServiceGrpc.getPutSettingMethod) == null) {
      synchronized (SettingsServiceGrpc.class) {
        if ((getPutSettingMethod = SettingsServiceGrpc.getPutSettingMethod) == null) {
          SettingsServiceGrpc.getPutSettingMethod = getPutSettingMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Settings.PutSettingRequest, pbm.v2.Settings.Setting>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "PutSetting"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Settings.PutSettingRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Settings.Setting.getDefaultInstance()))
              .setSchemaDescriptor(new SettingsServiceMethodDescriptorSupplier("PutSetting"))
              .build();
        }
      }
    }
    return getPutSettingMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Settings.DeleteSettingRequest,
      pbm.v2.Settings.Setting> getDeleteSettingMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteSetting",
      requestType = pbm.v2.Settings.DeleteSettingRequest.class,
      responseType = pbm.v2.Settings.Setting.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Settings.DeleteSettingRequest,
      pbm.v2.Settings.Setting> getDeleteSettingMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Settings.DeleteSettingRequest, pbm.v2.Settings.Setting> getDeleteSettingMethod;
    if ((getDeleteSettingMethod = SettingsServiceGrpc.getDeleteSettingMethod) == null) {
      synchronized (SettingsServiceGrpc.class) {
        if ((getDeleteSettingMethod = SettingsServiceGrpc.getDeleteSettingMethod) == null) {
          SettingsServiceGrpc.getDeleteSettingMethod = getDeleteSettingMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Settings.DeleteSettingRequest, pbm.v2.Settings.Setting>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteSetting"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Settings.DeleteSettingRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Settings.Setting.getDefaultInstance()))
              .setSchemaDescriptor(new SettingsServiceMethodDescriptorSupplier("DeleteSetting"))
              .build();
        }
      }
    }
    return getDeleteSettingMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Settings.WatchSettingsRequest,
      pbm.v2.Settings.Setting> getWatchSettingsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "WatchSettings",
      requestType = pbm.v2.Settings.WatchSettingsRequest.class,
      responseType = pbm.v2.Settings.Setting.class,
      methodType = io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
  public static io.grpc.MethodDescriptor<pbm.v2.Settings.WatchSettingsRequest,
      pbm.v2.Settings.Setting> getWatchSettingsMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Settings.WatchSettingsRequest, pbm.v2.Settings.Setting> getWatchSettingsMethod;
    if ((getWatchSettingsMethod = SettingsServiceGrpc.getWatchSettingsMethod) == null) {
      synchronized (SettingsServiceGrpc.class) {
        if ((getWatchSettingsMethod = SettingsServiceGrpc.getWatchSettingsMethod) == null) {
          SettingsServiceGrpc.getWatchSettingsMethod = getWatchSettingsMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Settings.WatchSettingsRequest, pbm.v2.Settings.Setting>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "WatchSettings"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Settings.WatchSettingsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Settings.Setting.getDefaultInstance()))
              .setSchemaDescriptor(new SettingsServiceMethodDescriptorSupplier("WatchSettings"))
              .build();
        }
      }
    }
    return getWatchSettingsMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static SettingsServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<SettingsServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<SettingsServiceStub>() {
        @java.lang.Override
        public SettingsServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new SettingsServiceStub(channel, callOptions);
        }
      };
    return SettingsServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static SettingsServiceBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<SettingsServiceBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<SettingsServiceBlockingV2Stub>() {
        @java.lang.Override
        public SettingsServiceBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new SettingsServiceBlockingV2Stub(channel, callOptions);
        }
      };
    return SettingsServiceBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static SettingsServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<SettingsServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<SettingsServiceBlockingStub>() {
        @java.lang.Override
        public SettingsServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new SettingsServiceBlockingStub(channel, callOptions);
        }
      };
    return SettingsServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static SettingsServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<SettingsServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<SettingsServiceFutureStub>() {
        @java.lang.Override
        public SettingsServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new SettingsServiceFutureStub(channel, callOptions);
        }
      };
    return SettingsServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * Reads, changes and watches settings. Superadmin only.
   * A value in force comes from, in increasing precedence: the built-in
   * default, the TOML file, the environment (`PBM_SETTING__*`), and the runtime
   * source — etcd when pbm runs with `--etcd-endpoints`, else pbm's own store.
   * PutSetting and DeleteSetting write the runtime source; changes made there
   * directly (`etcdctl put`) take effect within a second too. Values are
   * validated per key (and across keys, e.g. min_length &lt;= max_length); a
   * refused value changes nothing. Secrets (passwords, tokens) read as
   * `********`.
   * </pre>
   */
  public interface AsyncService {

    /**
     * <pre>
     * Reads one key.
     * </pre>
     */
    default void getSetting(pbm.v2.Settings.GetSettingRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Settings.Setting> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetSettingMethod(), responseObserver);
    }

    /**
     * <pre>
     * Lists the keys starting with a prefix, in key order.
     * </pre>
     */
    default void listSettings(pbm.v2.Settings.ListSettingsRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Settings.ListSettingsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListSettingsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Sets a key at runtime; returns it as now in force.
     * </pre>
     */
    default void putSetting(pbm.v2.Settings.PutSettingRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Settings.Setting> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getPutSettingMethod(), responseObserver);
    }

    /**
     * <pre>
     * Removes a key's runtime value (back to the file, environment or
     * default); returns it as now in force.
     * </pre>
     */
    default void deleteSetting(pbm.v2.Settings.DeleteSettingRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Settings.Setting> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteSettingMethod(), responseObserver);
    }

    /**
     * <pre>
     * Streams every change of a key starting with a prefix, from now on.
     * </pre>
     */
    default void watchSettings(pbm.v2.Settings.WatchSettingsRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Settings.Setting> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getWatchSettingsMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service SettingsService.
   * <pre>
   * Reads, changes and watches settings. Superadmin only.
   * A value in force comes from, in increasing precedence: the built-in
   * default, the TOML file, the environment (`PBM_SETTING__*`), and the runtime
   * source — etcd when pbm runs with `--etcd-endpoints`, else pbm's own store.
   * PutSetting and DeleteSetting write the runtime source; changes made there
   * directly (`etcdctl put`) take effect within a second too. Values are
   * validated per key (and across keys, e.g. min_length &lt;= max_length); a
   * refused value changes nothing. Secrets (passwords, tokens) read as
   * `********`.
   * </pre>
   */
  public static abstract class SettingsServiceImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return SettingsServiceGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service SettingsService.
   * <pre>
   * Reads, changes and watches settings. Superadmin only.
   * A value in force comes from, in increasing precedence: the built-in
   * default, the TOML file, the environment (`PBM_SETTING__*`), and the runtime
   * source — etcd when pbm runs with `--etcd-endpoints`, else pbm's own store.
   * PutSetting and DeleteSetting write the runtime source; changes made there
   * directly (`etcdctl put`) take effect within a second too. Values are
   * validated per key (and across keys, e.g. min_length &lt;= max_length); a
   * refused value changes nothing. Secrets (passwords, tokens) read as
   * `********`.
   * </pre>
   */
  public static final class SettingsServiceStub
      extends io.grpc.stub.AbstractAsyncStub<SettingsServiceStub> {
    private SettingsServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected SettingsServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new SettingsServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Reads one key.
     * </pre>
     */
    public void getSetting(pbm.v2.Settings.GetSettingRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Settings.Setting> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetSettingMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Lists the keys starting with a prefix, in key order.
     * </pre>
     */
    public void listSettings(pbm.v2.Settings.ListSettingsRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Settings.ListSettingsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListSettingsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Sets a key at runtime; returns it as now in force.
     * </pre>
     */
    public void putSetting(pbm.v2.Settings.PutSettingRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Settings.Setting> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getPutSettingMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Removes a key's runtime value (back to the file, environment or
     * default); returns it as now in force.
     * </pre>
     */
    public void deleteSetting(pbm.v2.Settings.DeleteSettingRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Settings.Setting> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteSettingMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Streams every change of a key starting with a prefix, from now on.
     * </pre>
     */
    public void watchSettings(pbm.v2.Settings.WatchSettingsRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Settings.Setting> responseObserver) {
      io.grpc.stub.ClientCalls.asyncServerStreamingCall(
          getChannel().newCall(getWatchSettingsMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service SettingsService.
   * <pre>
   * Reads, changes and watches settings. Superadmin only.
   * A value in force comes from, in increasing precedence: the built-in
   * default, the TOML file, the environment (`PBM_SETTING__*`), and the runtime
   * source — etcd when pbm runs with `--etcd-endpoints`, else pbm's own store.
   * PutSetting and DeleteSetting write the runtime source; changes made there
   * directly (`etcdctl put`) take effect within a second too. Values are
   * validated per key (and across keys, e.g. min_length &lt;= max_length); a
   * refused value changes nothing. Secrets (passwords, tokens) read as
   * `********`.
   * </pre>
   */
  public static final class SettingsServiceBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<SettingsServiceBlockingV2Stub> {
    private SettingsServiceBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected SettingsServiceBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new SettingsServiceBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * Reads one key.
     * </pre>
     */
    public pbm.v2.Settings.Setting getSetting(pbm.v2.Settings.GetSettingRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetSettingMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists the keys starting with a prefix, in key order.
     * </pre>
     */
    public pbm.v2.Settings.ListSettingsResponse listSettings(pbm.v2.Settings.ListSettingsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListSettingsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Sets a key at runtime; returns it as now in force.
     * </pre>
     */
    public pbm.v2.Settings.Setting putSetting(pbm.v2.Settings.PutSettingRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getPutSettingMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Removes a key's runtime value (back to the file, environment or
     * default); returns it as now in force.
     * </pre>
     */
    public pbm.v2.Settings.Setting deleteSetting(pbm.v2.Settings.DeleteSettingRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getDeleteSettingMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Streams every change of a key starting with a prefix, from now on.
     * </pre>
     */
    @io.grpc.ExperimentalApi("https://github.com/grpc/grpc-java/issues/10918")
    public io.grpc.stub.BlockingClientCall<?, pbm.v2.Settings.Setting>
        watchSettings(pbm.v2.Settings.WatchSettingsRequest request) {
      return io.grpc.stub.ClientCalls.blockingV2ServerStreamingCall(
          getChannel(), getWatchSettingsMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service SettingsService.
   * <pre>
   * Reads, changes and watches settings. Superadmin only.
   * A value in force comes from, in increasing precedence: the built-in
   * default, the TOML file, the environment (`PBM_SETTING__*`), and the runtime
   * source — etcd when pbm runs with `--etcd-endpoints`, else pbm's own store.
   * PutSetting and DeleteSetting write the runtime source; changes made there
   * directly (`etcdctl put`) take effect within a second too. Values are
   * validated per key (and across keys, e.g. min_length &lt;= max_length); a
   * refused value changes nothing. Secrets (passwords, tokens) read as
   * `********`.
   * </pre>
   */
  public static final class SettingsServiceBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<SettingsServiceBlockingStub> {
    private SettingsServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected SettingsServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new SettingsServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Reads one key.
     * </pre>
     */
    public pbm.v2.Settings.Setting getSetting(pbm.v2.Settings.GetSettingRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetSettingMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists the keys starting with a prefix, in key order.
     * </pre>
     */
    public pbm.v2.Settings.ListSettingsResponse listSettings(pbm.v2.Settings.ListSettingsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListSettingsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Sets a key at runtime; returns it as now in force.
     * </pre>
     */
    public pbm.v2.Settings.Setting putSetting(pbm.v2.Settings.PutSettingRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getPutSettingMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Removes a key's runtime value (back to the file, environment or
     * default); returns it as now in force.
     * </pre>
     */
    public pbm.v2.Settings.Setting deleteSetting(pbm.v2.Settings.DeleteSettingRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteSettingMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Streams every change of a key starting with a prefix, from now on.
     * </pre>
     */
    public java.util.Iterator<pbm.v2.Settings.Setting> watchSettings(
        pbm.v2.Settings.WatchSettingsRequest request) {
      return io.grpc.stub.ClientCalls.blockingServerStreamingCall(
          getChannel(), getWatchSettingsMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service SettingsService.
   * <pre>
   * Reads, changes and watches settings. Superadmin only.
   * A value in force comes from, in increasing precedence: the built-in
   * default, the TOML file, the environment (`PBM_SETTING__*`), and the runtime
   * source — etcd when pbm runs with `--etcd-endpoints`, else pbm's own store.
   * PutSetting and DeleteSetting write the runtime source; changes made there
   * directly (`etcdctl put`) take effect within a second too. Values are
   * validated per key (and across keys, e.g. min_length &lt;= max_length); a
   * refused value changes nothing. Secrets (passwords, tokens) read as
   * `********`.
   * </pre>
   */
  public static final class SettingsServiceFutureStub
      extends io.grpc.stub.AbstractFutureStub<SettingsServiceFutureStub> {
    private SettingsServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected SettingsServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new SettingsServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Reads one key.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Settings.Setting> getSetting(
        pbm.v2.Settings.GetSettingRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetSettingMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Lists the keys starting with a prefix, in key order.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Settings.ListSettingsResponse> listSettings(
        pbm.v2.Settings.ListSettingsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListSettingsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Sets a key at runtime; returns it as now in force.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Settings.Setting> putSetting(
        pbm.v2.Settings.PutSettingRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getPutSettingMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Removes a key's runtime value (back to the file, environment or
     * default); returns it as now in force.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Settings.Setting> deleteSetting(
        pbm.v2.Settings.DeleteSettingRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteSettingMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_GET_SETTING = 0;
  private static final int METHODID_LIST_SETTINGS = 1;
  private static final int METHODID_PUT_SETTING = 2;
  private static final int METHODID_DELETE_SETTING = 3;
  private static final int METHODID_WATCH_SETTINGS = 4;

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
        case METHODID_GET_SETTING:
          serviceImpl.getSetting((pbm.v2.Settings.GetSettingRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Settings.Setting>) responseObserver);
          break;
        case METHODID_LIST_SETTINGS:
          serviceImpl.listSettings((pbm.v2.Settings.ListSettingsRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Settings.ListSettingsResponse>) responseObserver);
          break;
        case METHODID_PUT_SETTING:
          serviceImpl.putSetting((pbm.v2.Settings.PutSettingRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Settings.Setting>) responseObserver);
          break;
        case METHODID_DELETE_SETTING:
          serviceImpl.deleteSetting((pbm.v2.Settings.DeleteSettingRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Settings.Setting>) responseObserver);
          break;
        case METHODID_WATCH_SETTINGS:
          serviceImpl.watchSettings((pbm.v2.Settings.WatchSettingsRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Settings.Setting>) responseObserver);
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
          getGetSettingMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Settings.GetSettingRequest,
              pbm.v2.Settings.Setting>(
                service, METHODID_GET_SETTING)))
        .addMethod(
          getListSettingsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Settings.ListSettingsRequest,
              pbm.v2.Settings.ListSettingsResponse>(
                service, METHODID_LIST_SETTINGS)))
        .addMethod(
          getPutSettingMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Settings.PutSettingRequest,
              pbm.v2.Settings.Setting>(
                service, METHODID_PUT_SETTING)))
        .addMethod(
          getDeleteSettingMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Settings.DeleteSettingRequest,
              pbm.v2.Settings.Setting>(
                service, METHODID_DELETE_SETTING)))
        .addMethod(
          getWatchSettingsMethod(),
          io.grpc.stub.ServerCalls.asyncServerStreamingCall(
            new MethodHandlers<
              pbm.v2.Settings.WatchSettingsRequest,
              pbm.v2.Settings.Setting>(
                service, METHODID_WATCH_SETTINGS)))
        .build();
  }

  private static abstract class SettingsServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    SettingsServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return pbm.v2.Settings.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("SettingsService");
    }
  }

  private static final class SettingsServiceFileDescriptorSupplier
      extends SettingsServiceBaseDescriptorSupplier {
    SettingsServiceFileDescriptorSupplier() {}
  }

  private static final class SettingsServiceMethodDescriptorSupplier
      extends SettingsServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    SettingsServiceMethodDescriptorSupplier(java.lang.String methodName) {
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
      synchronized (SettingsServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new SettingsServiceFileDescriptorSupplier())
              .addMethod(getGetSettingMethod())
              .addMethod(getListSettingsMethod())
              .addMethod(getPutSettingMethod())
              .addMethod(getDeleteSettingMethod())
              .addMethod(getWatchSettingsMethod())
              .build();
        }
      }
    }
    return result;
  }
}
