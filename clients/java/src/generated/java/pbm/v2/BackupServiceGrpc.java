package pbm.v2;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * Exports and imports the directory and the settings. Superadmin only;
 * every export, import, dump and restore is audited. The LDIF is the
 * entries pbm's LDAP backend writes, under the root DN `psn/cab/root_dn`
 * (default `dc=pbm,dc=local`); exports and dumps hold secrets (password
 * hashes, TLS private keys, secret settings); so do snapshots.
 * </pre>
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class BackupServiceGrpc {

  private BackupServiceGrpc() {}

  public static final java.lang.String SERVICE_NAME = "pbm.v2.BackupService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<pbm.v2.Backup.ExportDirectoryRequest,
      pbm.v2.Backup.DataChunk> getExportDirectoryMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ExportDirectory",
      requestType = pbm.v2.Backup.ExportDirectoryRequest.class,
      responseType = pbm.v2.Backup.DataChunk.class,
      methodType = io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
  public static io.grpc.MethodDescriptor<pbm.v2.Backup.ExportDirectoryRequest,
      pbm.v2.Backup.DataChunk> getExportDirectoryMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Backup.ExportDirectoryRequest, pbm.v2.Backup.DataChunk> getExportDirectoryMethod;
    if ((getExportDirectoryMethod = BackupServiceGrpc.getExportDirectoryMethod) == null) {
      synchronized (BackupServiceGrpc.class) {
        if ((getExportDirectoryMethod = BackupServiceGrpc.getExportDirectoryMethod) == null) {
          BackupServiceGrpc.getExportDirectoryMethod = getExportDirectoryMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Backup.ExportDirectoryRequest, pbm.v2.Backup.DataChunk>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ExportDirectory"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Backup.ExportDirectoryRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Backup.DataChunk.getDefaultInstance()))
              .setSchemaDescriptor(new BackupServiceMethodDescriptorSupplier("ExportDirectory"))
              .build();
        }
      }
    }
    return getExportDirectoryMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Backup.ImportDirectoryRequest,
      pbm.v2.Backup.ImportProgress> getImportDirectoryMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ImportDirectory",
      requestType = pbm.v2.Backup.ImportDirectoryRequest.class,
      responseType = pbm.v2.Backup.ImportProgress.class,
      methodType = io.grpc.MethodDescriptor.MethodType.BIDI_STREAMING)
  public static io.grpc.MethodDescriptor<pbm.v2.Backup.ImportDirectoryRequest,
      pbm.v2.Backup.ImportProgress> getImportDirectoryMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Backup.ImportDirectoryRequest, pbm.v2.Backup.ImportProgress> getImportDirectoryMethod;
    if ((getImportDirectoryMethod = BackupServiceGrpc.getImportDirectoryMethod) == null) {
      synchronized (BackupServiceGrpc.class) {
        if ((getImportDirectoryMethod = BackupServiceGrpc.getImportDirectoryMethod) == null) {
          BackupServiceGrpc.getImportDirectoryMethod = getImportDirectoryMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Backup.ImportDirectoryRequest, pbm.v2.Backup.ImportProgress>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.BIDI_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ImportDirectory"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Backup.ImportDirectoryRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Backup.ImportProgress.getDefaultInstance()))
              .setSchemaDescriptor(new BackupServiceMethodDescriptorSupplier("ImportDirectory"))
              .build();
        }
      }
    }
    return getImportDirectoryMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Backup.DumpSettingsRequest,
      pbm.v2.Backup.DataChunk> getDumpSettingsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DumpSettings",
      requestType = pbm.v2.Backup.DumpSettingsRequest.class,
      responseType = pbm.v2.Backup.DataChunk.class,
      methodType = io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
  public static io.grpc.MethodDescriptor<pbm.v2.Backup.DumpSettingsRequest,
      pbm.v2.Backup.DataChunk> getDumpSettingsMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Backup.DumpSettingsRequest, pbm.v2.Backup.DataChunk> getDumpSettingsMethod;
    if ((getDumpSettingsMethod = BackupServiceGrpc.getDumpSettingsMethod) == null) {
      synchronized (BackupServiceGrpc.class) {
        if ((getDumpSettingsMethod = BackupServiceGrpc.getDumpSettingsMethod) == null) {
          BackupServiceGrpc.getDumpSettingsMethod = getDumpSettingsMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Backup.DumpSettingsRequest, pbm.v2.Backup.DataChunk>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DumpSettings"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Backup.DumpSettingsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Backup.DataChunk.getDefaultInstance()))
              .setSchemaDescriptor(new BackupServiceMethodDescriptorSupplier("DumpSettings"))
              .build();
        }
      }
    }
    return getDumpSettingsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Backup.RestoreSettingsRequest,
      pbm.v2.Backup.RestoreSettingsResponse> getRestoreSettingsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RestoreSettings",
      requestType = pbm.v2.Backup.RestoreSettingsRequest.class,
      responseType = pbm.v2.Backup.RestoreSettingsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.CLIENT_STREAMING)
  public static io.grpc.MethodDescriptor<pbm.v2.Backup.RestoreSettingsRequest,
      pbm.v2.Backup.RestoreSettingsResponse> getRestoreSettingsMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Backup.RestoreSettingsRequest, pbm.v2.Backup.RestoreSettingsResponse> getRestoreSettingsMethod;
    if ((getRestoreSettingsMethod = BackupServiceGrpc.getRestoreSettingsMethod) == null) {
      synchronized (BackupServiceGrpc.class) {
        if ((getRestoreSettingsMethod = BackupServiceGrpc.getRestoreSettingsMethod) == null) {
          BackupServiceGrpc.getRestoreSettingsMethod = getRestoreSettingsMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Backup.RestoreSettingsRequest, pbm.v2.Backup.RestoreSettingsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.CLIENT_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RestoreSettings"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Backup.RestoreSettingsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Backup.RestoreSettingsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new BackupServiceMethodDescriptorSupplier("RestoreSettings"))
              .build();
        }
      }
    }
    return getRestoreSettingsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Backup.CreateSnapshotRequest,
      pbm.v2.Backup.DataChunk> getCreateSnapshotMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateSnapshot",
      requestType = pbm.v2.Backup.CreateSnapshotRequest.class,
      responseType = pbm.v2.Backup.DataChunk.class,
      methodType = io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
  public static io.grpc.MethodDescriptor<pbm.v2.Backup.CreateSnapshotRequest,
      pbm.v2.Backup.DataChunk> getCreateSnapshotMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Backup.CreateSnapshotRequest, pbm.v2.Backup.DataChunk> getCreateSnapshotMethod;
    if ((getCreateSnapshotMethod = BackupServiceGrpc.getCreateSnapshotMethod) == null) {
      synchronized (BackupServiceGrpc.class) {
        if ((getCreateSnapshotMethod = BackupServiceGrpc.getCreateSnapshotMethod) == null) {
          BackupServiceGrpc.getCreateSnapshotMethod = getCreateSnapshotMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Backup.CreateSnapshotRequest, pbm.v2.Backup.DataChunk>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateSnapshot"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Backup.CreateSnapshotRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Backup.DataChunk.getDefaultInstance()))
              .setSchemaDescriptor(new BackupServiceMethodDescriptorSupplier("CreateSnapshot"))
              .build();
        }
      }
    }
    return getCreateSnapshotMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Backup.RestoreSnapshotRequest,
      pbm.v2.Backup.ImportProgress> getRestoreSnapshotMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RestoreSnapshot",
      requestType = pbm.v2.Backup.RestoreSnapshotRequest.class,
      responseType = pbm.v2.Backup.ImportProgress.class,
      methodType = io.grpc.MethodDescriptor.MethodType.BIDI_STREAMING)
  public static io.grpc.MethodDescriptor<pbm.v2.Backup.RestoreSnapshotRequest,
      pbm.v2.Backup.ImportProgress> getRestoreSnapshotMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Backup.RestoreSnapshotRequest, pbm.v2.Backup.ImportProgress> getRestoreSnapshotMethod;
    if ((getRestoreSnapshotMethod = BackupServiceGrpc.getRestoreSnapshotMethod) == null) {
      synchronized (BackupServiceGrpc.class) {
        if ((getRestoreSnapshotMethod = BackupServiceGrpc.getRestoreSnapshotMethod) == null) {
          BackupServiceGrpc.getRestoreSnapshotMethod = getRestoreSnapshotMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Backup.RestoreSnapshotRequest, pbm.v2.Backup.ImportProgress>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.BIDI_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RestoreSnapshot"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Backup.RestoreSnapshotRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Backup.ImportProgress.getDefaultInstance()))
              .setSchemaDescriptor(new BackupServiceMethodDescriptorSupplier("RestoreSnapshot"))
              .build();
        }
      }
    }
    return getRestoreSnapshotMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static BackupServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<BackupServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<BackupServiceStub>() {
        @java.lang.Override
        public BackupServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new BackupServiceStub(channel, callOptions);
        }
      };
    return BackupServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static BackupServiceBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<BackupServiceBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<BackupServiceBlockingV2Stub>() {
        @java.lang.Override
        public BackupServiceBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new BackupServiceBlockingV2Stub(channel, callOptions);
        }
      };
    return BackupServiceBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static BackupServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<BackupServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<BackupServiceBlockingStub>() {
        @java.lang.Override
        public BackupServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new BackupServiceBlockingStub(channel, callOptions);
        }
      };
    return BackupServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static BackupServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<BackupServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<BackupServiceFutureStub>() {
        @java.lang.Override
        public BackupServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new BackupServiceFutureStub(channel, callOptions);
        }
      };
    return BackupServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * Exports and imports the directory and the settings. Superadmin only;
   * every export, import, dump and restore is audited. The LDIF is the
   * entries pbm's LDAP backend writes, under the root DN `psn/cab/root_dn`
   * (default `dc=pbm,dc=local`); exports and dumps hold secrets (password
   * hashes, TLS private keys, secret settings); so do snapshots.
   * </pre>
   */
  public interface AsyncService {

    /**
     * <pre>
     * Streams the directory (everything, or one tenant) as LDIF (RFC 2849).
     * </pre>
     */
    default void exportDirectory(pbm.v2.Backup.ExportDirectoryRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Backup.DataChunk> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getExportDirectoryMethod(), responseObserver);
    }

    /**
     * <pre>
     * Imports LDIF. The first message carries the options, the following ones
     * the LDIF bytes; progress is streamed back. The whole input is validated
     * before anything changes: INVALID_ARGUMENT names the first bad line.
     * </pre>
     */
    default io.grpc.stub.StreamObserver<pbm.v2.Backup.ImportDirectoryRequest> importDirectory(
        io.grpc.stub.StreamObserver<pbm.v2.Backup.ImportProgress> responseObserver) {
      return io.grpc.stub.ServerCalls.asyncUnimplementedStreamingCall(getImportDirectoryMethod(), responseObserver);
    }

    /**
     * <pre>
     * Streams every setting in the format `etcdctl get --prefix ''` writes
     * (key line, value line).
     * </pre>
     */
    default void dumpSettings(pbm.v2.Backup.DumpSettingsRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Backup.DataChunk> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDumpSettingsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Restores settings from that format: every key pbm declares is validated
     * before any is written; keys of other services are skipped.
     * </pre>
     */
    default io.grpc.stub.StreamObserver<pbm.v2.Backup.RestoreSettingsRequest> restoreSettings(
        io.grpc.stub.StreamObserver<pbm.v2.Backup.RestoreSettingsResponse> responseObserver) {
      return io.grpc.stub.ServerCalls.asyncUnimplementedStreamingCall(getRestoreSettingsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Streams a snapshot: a tar archive of the directory (LDIF), the runtime
     * settings (`etcdctl get` format) and the audit trail (JSON lines), with a
     * manifest holding each member's SHA-256, all as they were at one point in
     * time: the changes made through this server wait while it is read.
     * </pre>
     */
    default void createSnapshot(pbm.v2.Backup.CreateSnapshotRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Backup.DataChunk> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateSnapshotMethod(), responseObserver);
    }

    /**
     * <pre>
     * Restores a snapshot into an empty installation (no tenant, or only what
     * the first start creates, which is removed), on any backend. Everything is
     * checked before anything changes; FAILED_PRECONDITION when the
     * installation is not empty. Progress is that of the directory import; an
     * interrupted restore is resumed with its import_id and the same archive.
     * </pre>
     */
    default io.grpc.stub.StreamObserver<pbm.v2.Backup.RestoreSnapshotRequest> restoreSnapshot(
        io.grpc.stub.StreamObserver<pbm.v2.Backup.ImportProgress> responseObserver) {
      return io.grpc.stub.ServerCalls.asyncUnimplementedStreamingCall(getRestoreSnapshotMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service BackupService.
   * <pre>
   * Exports and imports the directory and the settings. Superadmin only;
   * every export, import, dump and restore is audited. The LDIF is the
   * entries pbm's LDAP backend writes, under the root DN `psn/cab/root_dn`
   * (default `dc=pbm,dc=local`); exports and dumps hold secrets (password
   * hashes, TLS private keys, secret settings); so do snapshots.
   * </pre>
   */
  public static abstract class BackupServiceImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return BackupServiceGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service BackupService.
   * <pre>
   * Exports and imports the directory and the settings. Superadmin only;
   * every export, import, dump and restore is audited. The LDIF is the
   * entries pbm's LDAP backend writes, under the root DN `psn/cab/root_dn`
   * (default `dc=pbm,dc=local`); exports and dumps hold secrets (password
   * hashes, TLS private keys, secret settings); so do snapshots.
   * </pre>
   */
  public static final class BackupServiceStub
      extends io.grpc.stub.AbstractAsyncStub<BackupServiceStub> {
    private BackupServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected BackupServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new BackupServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Streams the directory (everything, or one tenant) as LDIF (RFC 2849).
     * </pre>
     */
    public void exportDirectory(pbm.v2.Backup.ExportDirectoryRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Backup.DataChunk> responseObserver) {
      io.grpc.stub.ClientCalls.asyncServerStreamingCall(
          getChannel().newCall(getExportDirectoryMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Imports LDIF. The first message carries the options, the following ones
     * the LDIF bytes; progress is streamed back. The whole input is validated
     * before anything changes: INVALID_ARGUMENT names the first bad line.
     * </pre>
     */
    public io.grpc.stub.StreamObserver<pbm.v2.Backup.ImportDirectoryRequest> importDirectory(
        io.grpc.stub.StreamObserver<pbm.v2.Backup.ImportProgress> responseObserver) {
      return io.grpc.stub.ClientCalls.asyncBidiStreamingCall(
          getChannel().newCall(getImportDirectoryMethod(), getCallOptions()), responseObserver);
    }

    /**
     * <pre>
     * Streams every setting in the format `etcdctl get --prefix ''` writes
     * (key line, value line).
     * </pre>
     */
    public void dumpSettings(pbm.v2.Backup.DumpSettingsRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Backup.DataChunk> responseObserver) {
      io.grpc.stub.ClientCalls.asyncServerStreamingCall(
          getChannel().newCall(getDumpSettingsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Restores settings from that format: every key pbm declares is validated
     * before any is written; keys of other services are skipped.
     * </pre>
     */
    public io.grpc.stub.StreamObserver<pbm.v2.Backup.RestoreSettingsRequest> restoreSettings(
        io.grpc.stub.StreamObserver<pbm.v2.Backup.RestoreSettingsResponse> responseObserver) {
      return io.grpc.stub.ClientCalls.asyncClientStreamingCall(
          getChannel().newCall(getRestoreSettingsMethod(), getCallOptions()), responseObserver);
    }

    /**
     * <pre>
     * Streams a snapshot: a tar archive of the directory (LDIF), the runtime
     * settings (`etcdctl get` format) and the audit trail (JSON lines), with a
     * manifest holding each member's SHA-256, all as they were at one point in
     * time: the changes made through this server wait while it is read.
     * </pre>
     */
    public void createSnapshot(pbm.v2.Backup.CreateSnapshotRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Backup.DataChunk> responseObserver) {
      io.grpc.stub.ClientCalls.asyncServerStreamingCall(
          getChannel().newCall(getCreateSnapshotMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Restores a snapshot into an empty installation (no tenant, or only what
     * the first start creates, which is removed), on any backend. Everything is
     * checked before anything changes; FAILED_PRECONDITION when the
     * installation is not empty. Progress is that of the directory import; an
     * interrupted restore is resumed with its import_id and the same archive.
     * </pre>
     */
    public io.grpc.stub.StreamObserver<pbm.v2.Backup.RestoreSnapshotRequest> restoreSnapshot(
        io.grpc.stub.StreamObserver<pbm.v2.Backup.ImportProgress> responseObserver) {
      return io.grpc.stub.ClientCalls.asyncBidiStreamingCall(
          getChannel().newCall(getRestoreSnapshotMethod(), getCallOptions()), responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service BackupService.
   * <pre>
   * Exports and imports the directory and the settings. Superadmin only;
   * every export, import, dump and restore is audited. The LDIF is the
   * entries pbm's LDAP backend writes, under the root DN `psn/cab/root_dn`
   * (default `dc=pbm,dc=local`); exports and dumps hold secrets (password
   * hashes, TLS private keys, secret settings); so do snapshots.
   * </pre>
   */
  public static final class BackupServiceBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<BackupServiceBlockingV2Stub> {
    private BackupServiceBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected BackupServiceBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new BackupServiceBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * Streams the directory (everything, or one tenant) as LDIF (RFC 2849).
     * </pre>
     */
    @io.grpc.ExperimentalApi("https://github.com/grpc/grpc-java/issues/10918")
    public io.grpc.stub.BlockingClientCall<?, pbm.v2.Backup.DataChunk>
        exportDirectory(pbm.v2.Backup.ExportDirectoryRequest request) {
      return io.grpc.stub.ClientCalls.blockingV2ServerStreamingCall(
          getChannel(), getExportDirectoryMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Imports LDIF. The first message carries the options, the following ones
     * the LDIF bytes; progress is streamed back. The whole input is validated
     * before anything changes: INVALID_ARGUMENT names the first bad line.
     * </pre>
     */
    @io.grpc.ExperimentalApi("https://github.com/grpc/grpc-java/issues/10918")
    public io.grpc.stub.BlockingClientCall<pbm.v2.Backup.ImportDirectoryRequest, pbm.v2.Backup.ImportProgress>
        importDirectory() {
      return io.grpc.stub.ClientCalls.blockingBidiStreamingCall(
          getChannel(), getImportDirectoryMethod(), getCallOptions());
    }

    /**
     * <pre>
     * Streams every setting in the format `etcdctl get --prefix ''` writes
     * (key line, value line).
     * </pre>
     */
    @io.grpc.ExperimentalApi("https://github.com/grpc/grpc-java/issues/10918")
    public io.grpc.stub.BlockingClientCall<?, pbm.v2.Backup.DataChunk>
        dumpSettings(pbm.v2.Backup.DumpSettingsRequest request) {
      return io.grpc.stub.ClientCalls.blockingV2ServerStreamingCall(
          getChannel(), getDumpSettingsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Restores settings from that format: every key pbm declares is validated
     * before any is written; keys of other services are skipped.
     * </pre>
     */
    @io.grpc.ExperimentalApi("https://github.com/grpc/grpc-java/issues/10918")
    public io.grpc.stub.BlockingClientCall<pbm.v2.Backup.RestoreSettingsRequest, pbm.v2.Backup.RestoreSettingsResponse>
        restoreSettings() {
      return io.grpc.stub.ClientCalls.blockingClientStreamingCall(
          getChannel(), getRestoreSettingsMethod(), getCallOptions());
    }

    /**
     * <pre>
     * Streams a snapshot: a tar archive of the directory (LDIF), the runtime
     * settings (`etcdctl get` format) and the audit trail (JSON lines), with a
     * manifest holding each member's SHA-256, all as they were at one point in
     * time: the changes made through this server wait while it is read.
     * </pre>
     */
    @io.grpc.ExperimentalApi("https://github.com/grpc/grpc-java/issues/10918")
    public io.grpc.stub.BlockingClientCall<?, pbm.v2.Backup.DataChunk>
        createSnapshot(pbm.v2.Backup.CreateSnapshotRequest request) {
      return io.grpc.stub.ClientCalls.blockingV2ServerStreamingCall(
          getChannel(), getCreateSnapshotMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Restores a snapshot into an empty installation (no tenant, or only what
     * the first start creates, which is removed), on any backend. Everything is
     * checked before anything changes; FAILED_PRECONDITION when the
     * installation is not empty. Progress is that of the directory import; an
     * interrupted restore is resumed with its import_id and the same archive.
     * </pre>
     */
    @io.grpc.ExperimentalApi("https://github.com/grpc/grpc-java/issues/10918")
    public io.grpc.stub.BlockingClientCall<pbm.v2.Backup.RestoreSnapshotRequest, pbm.v2.Backup.ImportProgress>
        restoreSnapshot() {
      return io.grpc.stub.ClientCalls.blockingBidiStreamingCall(
          getChannel(), getRestoreSnapshotMethod(), getCallOptions());
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service BackupService.
   * <pre>
   * Exports and imports the directory and the settings. Superadmin only;
   * every export, import, dump and restore is audited. The LDIF is the
   * entries pbm's LDAP backend writes, under the root DN `psn/cab/root_dn`
   * (default `dc=pbm,dc=local`); exports and dumps hold secrets (password
   * hashes, TLS private keys, secret settings); so do snapshots.
   * </pre>
   */
  public static final class BackupServiceBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<BackupServiceBlockingStub> {
    private BackupServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected BackupServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new BackupServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Streams the directory (everything, or one tenant) as LDIF (RFC 2849).
     * </pre>
     */
    public java.util.Iterator<pbm.v2.Backup.DataChunk> exportDirectory(
        pbm.v2.Backup.ExportDirectoryRequest request) {
      return io.grpc.stub.ClientCalls.blockingServerStreamingCall(
          getChannel(), getExportDirectoryMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Streams every setting in the format `etcdctl get --prefix ''` writes
     * (key line, value line).
     * </pre>
     */
    public java.util.Iterator<pbm.v2.Backup.DataChunk> dumpSettings(
        pbm.v2.Backup.DumpSettingsRequest request) {
      return io.grpc.stub.ClientCalls.blockingServerStreamingCall(
          getChannel(), getDumpSettingsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Streams a snapshot: a tar archive of the directory (LDIF), the runtime
     * settings (`etcdctl get` format) and the audit trail (JSON lines), with a
     * manifest holding each member's SHA-256, all as they were at one point in
     * time: the changes made through this server wait while it is read.
     * </pre>
     */
    public java.util.Iterator<pbm.v2.Backup.DataChunk> createSnapshot(
        pbm.v2.Backup.CreateSnapshotRequest request) {
      return io.grpc.stub.ClientCalls.blockingServerStreamingCall(
          getChannel(), getCreateSnapshotMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service BackupService.
   * <pre>
   * Exports and imports the directory and the settings. Superadmin only;
   * every export, import, dump and restore is audited. The LDIF is the
   * entries pbm's LDAP backend writes, under the root DN `psn/cab/root_dn`
   * (default `dc=pbm,dc=local`); exports and dumps hold secrets (password
   * hashes, TLS private keys, secret settings); so do snapshots.
   * </pre>
   */
  public static final class BackupServiceFutureStub
      extends io.grpc.stub.AbstractFutureStub<BackupServiceFutureStub> {
    private BackupServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected BackupServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new BackupServiceFutureStub(channel, callOptions);
    }
  }

  private static final int METHODID_EXPORT_DIRECTORY = 0;
  private static final int METHODID_DUMP_SETTINGS = 1;
  private static final int METHODID_CREATE_SNAPSHOT = 2;
  private static final int METHODID_IMPORT_DIRECTORY = 3;
  private static final int METHODID_RESTORE_SETTINGS = 4;
  private static final int METHODID_RESTORE_SNAPSHOT = 5;

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
        case METHODID_EXPORT_DIRECTORY:
          serviceImpl.exportDirectory((pbm.v2.Backup.ExportDirectoryRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Backup.DataChunk>) responseObserver);
          break;
        case METHODID_DUMP_SETTINGS:
          serviceImpl.dumpSettings((pbm.v2.Backup.DumpSettingsRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Backup.DataChunk>) responseObserver);
          break;
        case METHODID_CREATE_SNAPSHOT:
          serviceImpl.createSnapshot((pbm.v2.Backup.CreateSnapshotRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Backup.DataChunk>) responseObserver);
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
        case METHODID_IMPORT_DIRECTORY:
          return (io.grpc.stub.StreamObserver<Req>) serviceImpl.importDirectory(
              (io.grpc.stub.StreamObserver<pbm.v2.Backup.ImportProgress>) responseObserver);
        case METHODID_RESTORE_SETTINGS:
          return (io.grpc.stub.StreamObserver<Req>) serviceImpl.restoreSettings(
              (io.grpc.stub.StreamObserver<pbm.v2.Backup.RestoreSettingsResponse>) responseObserver);
        case METHODID_RESTORE_SNAPSHOT:
          return (io.grpc.stub.StreamObserver<Req>) serviceImpl.restoreSnapshot(
              (io.grpc.stub.StreamObserver<pbm.v2.Backup.ImportProgress>) responseObserver);
        default:
          throw new AssertionError();
      }
    }
  }

  public static final io.grpc.ServerServiceDefinition bindService(AsyncService service) {
    return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
        .addMethod(
          getExportDirectoryMethod(),
          io.grpc.stub.ServerCalls.asyncServerStreamingCall(
            new MethodHandlers<
              pbm.v2.Backup.ExportDirectoryRequest,
              pbm.v2.Backup.DataChunk>(
                service, METHODID_EXPORT_DIRECTORY)))
        .addMethod(
          getImportDirectoryMethod(),
          io.grpc.stub.ServerCalls.asyncBidiStreamingCall(
            new MethodHandlers<
              pbm.v2.Backup.ImportDirectoryRequest,
              pbm.v2.Backup.ImportProgress>(
                service, METHODID_IMPORT_DIRECTORY)))
        .addMethod(
          getDumpSettingsMethod(),
          io.grpc.stub.ServerCalls.asyncServerStreamingCall(
            new MethodHandlers<
              pbm.v2.Backup.DumpSettingsRequest,
              pbm.v2.Backup.DataChunk>(
                service, METHODID_DUMP_SETTINGS)))
        .addMethod(
          getRestoreSettingsMethod(),
          io.grpc.stub.ServerCalls.asyncClientStreamingCall(
            new MethodHandlers<
              pbm.v2.Backup.RestoreSettingsRequest,
              pbm.v2.Backup.RestoreSettingsResponse>(
                service, METHODID_RESTORE_SETTINGS)))
        .addMethod(
          getCreateSnapshotMethod(),
          io.grpc.stub.ServerCalls.asyncServerStreamingCall(
            new MethodHandlers<
              pbm.v2.Backup.CreateSnapshotRequest,
              pbm.v2.Backup.DataChunk>(
                service, METHODID_CREATE_SNAPSHOT)))
        .addMethod(
          getRestoreSnapshotMethod(),
          io.grpc.stub.ServerCalls.asyncBidiStreamingCall(
            new MethodHandlers<
              pbm.v2.Backup.RestoreSnapshotRequest,
              pbm.v2.Backup.ImportProgress>(
                service, METHODID_RESTORE_SNAPSHOT)))
        .build();
  }

  private static abstract class BackupServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    BackupServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return pbm.v2.Backup.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("BackupService");
    }
  }

  private static final class BackupServiceFileDescriptorSupplier
      extends BackupServiceBaseDescriptorSupplier {
    BackupServiceFileDescriptorSupplier() {}
  }

  private static final class BackupServiceMethodDescriptorSupplier
      extends BackupServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    BackupServiceMethodDescriptorSupplier(java.lang.String methodName) {
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
      synchronized (BackupServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new BackupServiceFileDescriptorSupplier())
              .addMethod(getExportDirectoryMethod())
              .addMethod(getImportDirectoryMethod())
              .addMethod(getDumpSettingsMethod())
              .addMethod(getRestoreSettingsMethod())
              .addMethod(getCreateSnapshotMethod())
              .addMethod(getRestoreSnapshotMethod())
              .build();
        }
      }
    }
    return result;
  }
}
