package pbm.v2;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * Searches, reads, expunges and recalls messages, shares folders and reads
 * quotas, through Dovecot's doveadm HTTP API (`services/doveadm/&#42;`).
 * Who may do what: superadmins everything; admins act on mailboxes whose
 * address is in a mail domain of their own tenant (an owner mask is confined
 * to those domains: `*` means every mailbox of the tenant, a mask naming
 * another tenant's domain is PERMISSION_DENIED); operations over all users
 * are superadmin only. Users may recall messages they sent (From one of
 * their addresses) from mailboxes of their tenant, and read their own quota.
 * Errors: INVALID_ARGUMENT for a bad request (nothing reaches Dovecot), NOT_FOUND
 * for an unknown mailbox owner, folder or message, UNAVAILABLE when Dovecot
 * cannot be reached or fails temporarily, FAILED_PRECONDITION when the mail
 * store is not configured or recall is switched off. Every expunge, recall
 * and ACL change is audited with its query and counts.
 * </pre>
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class MailServiceGrpc {

  private MailServiceGrpc() {}

  public static final java.lang.String SERVICE_NAME = "pbm.v2.MailService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<pbm.v2.Mail.SearchMessagesRequest,
      pbm.v2.Mail.MessageHit> getSearchMessagesMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "SearchMessages",
      requestType = pbm.v2.Mail.SearchMessagesRequest.class,
      responseType = pbm.v2.Mail.MessageHit.class,
      methodType = io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
  public static io.grpc.MethodDescriptor<pbm.v2.Mail.SearchMessagesRequest,
      pbm.v2.Mail.MessageHit> getSearchMessagesMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Mail.SearchMessagesRequest, pbm.v2.Mail.MessageHit> getSearchMessagesMethod;
    if ((getSearchMessagesMethod = MailServiceGrpc.getSearchMessagesMethod) == null) {
      synchronized (MailServiceGrpc.class) {
        if ((getSearchMessagesMethod = MailServiceGrpc.getSearchMessagesMethod) == null) {
          MailServiceGrpc.getSearchMessagesMethod = getSearchMessagesMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Mail.SearchMessagesRequest, pbm.v2.Mail.MessageHit>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "SearchMessages"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Mail.SearchMessagesRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Mail.MessageHit.getDefaultInstance()))
              .setSchemaDescriptor(new MailServiceMethodDescriptorSupplier("SearchMessages"))
              .build();
        }
      }
    }
    return getSearchMessagesMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Mail.FetchMessagesRequest,
      pbm.v2.Mail.FetchedMessage> getFetchMessagesMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "FetchMessages",
      requestType = pbm.v2.Mail.FetchMessagesRequest.class,
      responseType = pbm.v2.Mail.FetchedMessage.class,
      methodType = io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
  public static io.grpc.MethodDescriptor<pbm.v2.Mail.FetchMessagesRequest,
      pbm.v2.Mail.FetchedMessage> getFetchMessagesMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Mail.FetchMessagesRequest, pbm.v2.Mail.FetchedMessage> getFetchMessagesMethod;
    if ((getFetchMessagesMethod = MailServiceGrpc.getFetchMessagesMethod) == null) {
      synchronized (MailServiceGrpc.class) {
        if ((getFetchMessagesMethod = MailServiceGrpc.getFetchMessagesMethod) == null) {
          MailServiceGrpc.getFetchMessagesMethod = getFetchMessagesMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Mail.FetchMessagesRequest, pbm.v2.Mail.FetchedMessage>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "FetchMessages"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Mail.FetchMessagesRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Mail.FetchedMessage.getDefaultInstance()))
              .setSchemaDescriptor(new MailServiceMethodDescriptorSupplier("FetchMessages"))
              .build();
        }
      }
    }
    return getFetchMessagesMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Mail.ExpungeMessagesRequest,
      pbm.v2.Mail.ExpungeMessagesResponse> getExpungeMessagesMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ExpungeMessages",
      requestType = pbm.v2.Mail.ExpungeMessagesRequest.class,
      responseType = pbm.v2.Mail.ExpungeMessagesResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Mail.ExpungeMessagesRequest,
      pbm.v2.Mail.ExpungeMessagesResponse> getExpungeMessagesMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Mail.ExpungeMessagesRequest, pbm.v2.Mail.ExpungeMessagesResponse> getExpungeMessagesMethod;
    if ((getExpungeMessagesMethod = MailServiceGrpc.getExpungeMessagesMethod) == null) {
      synchronized (MailServiceGrpc.class) {
        if ((getExpungeMessagesMethod = MailServiceGrpc.getExpungeMessagesMethod) == null) {
          MailServiceGrpc.getExpungeMessagesMethod = getExpungeMessagesMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Mail.ExpungeMessagesRequest, pbm.v2.Mail.ExpungeMessagesResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ExpungeMessages"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Mail.ExpungeMessagesRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Mail.ExpungeMessagesResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MailServiceMethodDescriptorSupplier("ExpungeMessages"))
              .build();
        }
      }
    }
    return getExpungeMessagesMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Mail.RecallMessageRequest,
      pbm.v2.Mail.RecallMessageResponse> getRecallMessageMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RecallMessage",
      requestType = pbm.v2.Mail.RecallMessageRequest.class,
      responseType = pbm.v2.Mail.RecallMessageResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Mail.RecallMessageRequest,
      pbm.v2.Mail.RecallMessageResponse> getRecallMessageMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Mail.RecallMessageRequest, pbm.v2.Mail.RecallMessageResponse> getRecallMessageMethod;
    if ((getRecallMessageMethod = MailServiceGrpc.getRecallMessageMethod) == null) {
      synchronized (MailServiceGrpc.class) {
        if ((getRecallMessageMethod = MailServiceGrpc.getRecallMessageMethod) == null) {
          MailServiceGrpc.getRecallMessageMethod = getRecallMessageMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Mail.RecallMessageRequest, pbm.v2.Mail.RecallMessageResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RecallMessage"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Mail.RecallMessageRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Mail.RecallMessageResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MailServiceMethodDescriptorSupplier("RecallMessage"))
              .build();
        }
      }
    }
    return getRecallMessageMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Mail.SetMailboxAclRequest,
      pbm.v2.Mail.MailboxAcl> getSetMailboxAclMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "SetMailboxAcl",
      requestType = pbm.v2.Mail.SetMailboxAclRequest.class,
      responseType = pbm.v2.Mail.MailboxAcl.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Mail.SetMailboxAclRequest,
      pbm.v2.Mail.MailboxAcl> getSetMailboxAclMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Mail.SetMailboxAclRequest, pbm.v2.Mail.MailboxAcl> getSetMailboxAclMethod;
    if ((getSetMailboxAclMethod = MailServiceGrpc.getSetMailboxAclMethod) == null) {
      synchronized (MailServiceGrpc.class) {
        if ((getSetMailboxAclMethod = MailServiceGrpc.getSetMailboxAclMethod) == null) {
          MailServiceGrpc.getSetMailboxAclMethod = getSetMailboxAclMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Mail.SetMailboxAclRequest, pbm.v2.Mail.MailboxAcl>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "SetMailboxAcl"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Mail.SetMailboxAclRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Mail.MailboxAcl.getDefaultInstance()))
              .setSchemaDescriptor(new MailServiceMethodDescriptorSupplier("SetMailboxAcl"))
              .build();
        }
      }
    }
    return getSetMailboxAclMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Mail.GetMailboxAclRequest,
      pbm.v2.Mail.MailboxAcl> getGetMailboxAclMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetMailboxAcl",
      requestType = pbm.v2.Mail.GetMailboxAclRequest.class,
      responseType = pbm.v2.Mail.MailboxAcl.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Mail.GetMailboxAclRequest,
      pbm.v2.Mail.MailboxAcl> getGetMailboxAclMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Mail.GetMailboxAclRequest, pbm.v2.Mail.MailboxAcl> getGetMailboxAclMethod;
    if ((getGetMailboxAclMethod = MailServiceGrpc.getGetMailboxAclMethod) == null) {
      synchronized (MailServiceGrpc.class) {
        if ((getGetMailboxAclMethod = MailServiceGrpc.getGetMailboxAclMethod) == null) {
          MailServiceGrpc.getGetMailboxAclMethod = getGetMailboxAclMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Mail.GetMailboxAclRequest, pbm.v2.Mail.MailboxAcl>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetMailboxAcl"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Mail.GetMailboxAclRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Mail.MailboxAcl.getDefaultInstance()))
              .setSchemaDescriptor(new MailServiceMethodDescriptorSupplier("GetMailboxAcl"))
              .build();
        }
      }
    }
    return getGetMailboxAclMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Mail.DeleteMailboxAclRequest,
      com.google.protobuf.Empty> getDeleteMailboxAclMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteMailboxAcl",
      requestType = pbm.v2.Mail.DeleteMailboxAclRequest.class,
      responseType = com.google.protobuf.Empty.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Mail.DeleteMailboxAclRequest,
      com.google.protobuf.Empty> getDeleteMailboxAclMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Mail.DeleteMailboxAclRequest, com.google.protobuf.Empty> getDeleteMailboxAclMethod;
    if ((getDeleteMailboxAclMethod = MailServiceGrpc.getDeleteMailboxAclMethod) == null) {
      synchronized (MailServiceGrpc.class) {
        if ((getDeleteMailboxAclMethod = MailServiceGrpc.getDeleteMailboxAclMethod) == null) {
          MailServiceGrpc.getDeleteMailboxAclMethod = getDeleteMailboxAclMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Mail.DeleteMailboxAclRequest, com.google.protobuf.Empty>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteMailboxAcl"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Mail.DeleteMailboxAclRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.google.protobuf.Empty.getDefaultInstance()))
              .setSchemaDescriptor(new MailServiceMethodDescriptorSupplier("DeleteMailboxAcl"))
              .build();
        }
      }
    }
    return getDeleteMailboxAclMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Mail.GetMailboxQuotaRequest,
      pbm.v2.Mail.MailboxQuota> getGetMailboxQuotaMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetMailboxQuota",
      requestType = pbm.v2.Mail.GetMailboxQuotaRequest.class,
      responseType = pbm.v2.Mail.MailboxQuota.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Mail.GetMailboxQuotaRequest,
      pbm.v2.Mail.MailboxQuota> getGetMailboxQuotaMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Mail.GetMailboxQuotaRequest, pbm.v2.Mail.MailboxQuota> getGetMailboxQuotaMethod;
    if ((getGetMailboxQuotaMethod = MailServiceGrpc.getGetMailboxQuotaMethod) == null) {
      synchronized (MailServiceGrpc.class) {
        if ((getGetMailboxQuotaMethod = MailServiceGrpc.getGetMailboxQuotaMethod) == null) {
          MailServiceGrpc.getGetMailboxQuotaMethod = getGetMailboxQuotaMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Mail.GetMailboxQuotaRequest, pbm.v2.Mail.MailboxQuota>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetMailboxQuota"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Mail.GetMailboxQuotaRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Mail.MailboxQuota.getDefaultInstance()))
              .setSchemaDescriptor(new MailServiceMethodDescriptorSupplier("GetMailboxQuota"))
              .build();
        }
      }
    }
    return getGetMailboxQuotaMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static MailServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<MailServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<MailServiceStub>() {
        @java.lang.Override
        public MailServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new MailServiceStub(channel, callOptions);
        }
      };
    return MailServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static MailServiceBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<MailServiceBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<MailServiceBlockingV2Stub>() {
        @java.lang.Override
        public MailServiceBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new MailServiceBlockingV2Stub(channel, callOptions);
        }
      };
    return MailServiceBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static MailServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<MailServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<MailServiceBlockingStub>() {
        @java.lang.Override
        public MailServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new MailServiceBlockingStub(channel, callOptions);
        }
      };
    return MailServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static MailServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<MailServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<MailServiceFutureStub>() {
        @java.lang.Override
        public MailServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new MailServiceFutureStub(channel, callOptions);
        }
      };
    return MailServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * Searches, reads, expunges and recalls messages, shares folders and reads
   * quotas, through Dovecot's doveadm HTTP API (`services/doveadm/&#42;`).
   * Who may do what: superadmins everything; admins act on mailboxes whose
   * address is in a mail domain of their own tenant (an owner mask is confined
   * to those domains: `*` means every mailbox of the tenant, a mask naming
   * another tenant's domain is PERMISSION_DENIED); operations over all users
   * are superadmin only. Users may recall messages they sent (From one of
   * their addresses) from mailboxes of their tenant, and read their own quota.
   * Errors: INVALID_ARGUMENT for a bad request (nothing reaches Dovecot), NOT_FOUND
   * for an unknown mailbox owner, folder or message, UNAVAILABLE when Dovecot
   * cannot be reached or fails temporarily, FAILED_PRECONDITION when the mail
   * store is not configured or recall is switched off. Every expunge, recall
   * and ACL change is audited with its query and counts.
   * </pre>
   */
  public interface AsyncService {

    /**
     * <pre>
     * Streams the messages matching a query (guide §2.16.2), owner by owner.
     * </pre>
     */
    default void searchMessages(pbm.v2.Mail.SearchMessagesRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Mail.MessageHit> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getSearchMessagesMethod(), responseObserver);
    }

    /**
     * <pre>
     * Returns the text, headers or body of messages by mailbox GUID and UID
     * (guide §2.16.3); NOT_FOUND when none of the UIDs exists.
     * </pre>
     */
    default void fetchMessages(pbm.v2.Mail.FetchMessagesRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Mail.FetchedMessage> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getFetchMessagesMethod(), responseObserver);
    }

    /**
     * <pre>
     * Removes the messages matching a query (guide §2.16.4); `dry_run` only
     * reports them. Exactly the messages counted are removed.
     * </pre>
     */
    default void expungeMessages(pbm.v2.Mail.ExpungeMessagesRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Mail.ExpungeMessagesResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getExpungeMessagesMethod(), responseObserver);
    }

    /**
     * <pre>
     * Recalls a sent message by Message-ID from the given mailboxes (guide
     * §2.16.4.1, `POST /v2/actions/expunge`). FAILED_PRECONDITION when
     * `psn/common/revoke_email` is off, or `force` is asked while
     * `psn/common/force_revoke` is off.
     * </pre>
     */
    default void recallMessage(pbm.v2.Mail.RecallMessageRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Mail.RecallMessageResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRecallMessageMethod(), responseObserver);
    }

    /**
     * <pre>
     * Grants rights on an owner's folder to a grantee (replacing the grantee's
     * previous rights) and subscribes the grantee to `shared/&lt;owner&gt;/&lt;folder&gt;`
     * (guide §2.16.5). Returns the folder's ACL afterwards.
     * </pre>
     */
    default void setMailboxAcl(pbm.v2.Mail.SetMailboxAclRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Mail.MailboxAcl> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getSetMailboxAclMethod(), responseObserver);
    }

    /**
     * <pre>
     * Reads the ACL of an owner's folder.
     * </pre>
     */
    default void getMailboxAcl(pbm.v2.Mail.GetMailboxAclRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Mail.MailboxAcl> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetMailboxAclMethod(), responseObserver);
    }

    /**
     * <pre>
     * Removes a grantee's rights on an owner's folder and unsubscribes the
     * grantee from it; NOT_FOUND when the grantee has no entry.
     * </pre>
     */
    default void deleteMailboxAcl(pbm.v2.Mail.DeleteMailboxAclRequest request,
        io.grpc.stub.StreamObserver<com.google.protobuf.Empty> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteMailboxAclMethod(), responseObserver);
    }

    /**
     * <pre>
     * Reads the quota usage and limit of a mailbox (guide §5.3.1).
     * </pre>
     */
    default void getMailboxQuota(pbm.v2.Mail.GetMailboxQuotaRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Mail.MailboxQuota> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetMailboxQuotaMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service MailService.
   * <pre>
   * Searches, reads, expunges and recalls messages, shares folders and reads
   * quotas, through Dovecot's doveadm HTTP API (`services/doveadm/&#42;`).
   * Who may do what: superadmins everything; admins act on mailboxes whose
   * address is in a mail domain of their own tenant (an owner mask is confined
   * to those domains: `*` means every mailbox of the tenant, a mask naming
   * another tenant's domain is PERMISSION_DENIED); operations over all users
   * are superadmin only. Users may recall messages they sent (From one of
   * their addresses) from mailboxes of their tenant, and read their own quota.
   * Errors: INVALID_ARGUMENT for a bad request (nothing reaches Dovecot), NOT_FOUND
   * for an unknown mailbox owner, folder or message, UNAVAILABLE when Dovecot
   * cannot be reached or fails temporarily, FAILED_PRECONDITION when the mail
   * store is not configured or recall is switched off. Every expunge, recall
   * and ACL change is audited with its query and counts.
   * </pre>
   */
  public static abstract class MailServiceImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return MailServiceGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service MailService.
   * <pre>
   * Searches, reads, expunges and recalls messages, shares folders and reads
   * quotas, through Dovecot's doveadm HTTP API (`services/doveadm/&#42;`).
   * Who may do what: superadmins everything; admins act on mailboxes whose
   * address is in a mail domain of their own tenant (an owner mask is confined
   * to those domains: `*` means every mailbox of the tenant, a mask naming
   * another tenant's domain is PERMISSION_DENIED); operations over all users
   * are superadmin only. Users may recall messages they sent (From one of
   * their addresses) from mailboxes of their tenant, and read their own quota.
   * Errors: INVALID_ARGUMENT for a bad request (nothing reaches Dovecot), NOT_FOUND
   * for an unknown mailbox owner, folder or message, UNAVAILABLE when Dovecot
   * cannot be reached or fails temporarily, FAILED_PRECONDITION when the mail
   * store is not configured or recall is switched off. Every expunge, recall
   * and ACL change is audited with its query and counts.
   * </pre>
   */
  public static final class MailServiceStub
      extends io.grpc.stub.AbstractAsyncStub<MailServiceStub> {
    private MailServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected MailServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new MailServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Streams the messages matching a query (guide §2.16.2), owner by owner.
     * </pre>
     */
    public void searchMessages(pbm.v2.Mail.SearchMessagesRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Mail.MessageHit> responseObserver) {
      io.grpc.stub.ClientCalls.asyncServerStreamingCall(
          getChannel().newCall(getSearchMessagesMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Returns the text, headers or body of messages by mailbox GUID and UID
     * (guide §2.16.3); NOT_FOUND when none of the UIDs exists.
     * </pre>
     */
    public void fetchMessages(pbm.v2.Mail.FetchMessagesRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Mail.FetchedMessage> responseObserver) {
      io.grpc.stub.ClientCalls.asyncServerStreamingCall(
          getChannel().newCall(getFetchMessagesMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Removes the messages matching a query (guide §2.16.4); `dry_run` only
     * reports them. Exactly the messages counted are removed.
     * </pre>
     */
    public void expungeMessages(pbm.v2.Mail.ExpungeMessagesRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Mail.ExpungeMessagesResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getExpungeMessagesMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Recalls a sent message by Message-ID from the given mailboxes (guide
     * §2.16.4.1, `POST /v2/actions/expunge`). FAILED_PRECONDITION when
     * `psn/common/revoke_email` is off, or `force` is asked while
     * `psn/common/force_revoke` is off.
     * </pre>
     */
    public void recallMessage(pbm.v2.Mail.RecallMessageRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Mail.RecallMessageResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRecallMessageMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Grants rights on an owner's folder to a grantee (replacing the grantee's
     * previous rights) and subscribes the grantee to `shared/&lt;owner&gt;/&lt;folder&gt;`
     * (guide §2.16.5). Returns the folder's ACL afterwards.
     * </pre>
     */
    public void setMailboxAcl(pbm.v2.Mail.SetMailboxAclRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Mail.MailboxAcl> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getSetMailboxAclMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Reads the ACL of an owner's folder.
     * </pre>
     */
    public void getMailboxAcl(pbm.v2.Mail.GetMailboxAclRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Mail.MailboxAcl> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetMailboxAclMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Removes a grantee's rights on an owner's folder and unsubscribes the
     * grantee from it; NOT_FOUND when the grantee has no entry.
     * </pre>
     */
    public void deleteMailboxAcl(pbm.v2.Mail.DeleteMailboxAclRequest request,
        io.grpc.stub.StreamObserver<com.google.protobuf.Empty> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteMailboxAclMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Reads the quota usage and limit of a mailbox (guide §5.3.1).
     * </pre>
     */
    public void getMailboxQuota(pbm.v2.Mail.GetMailboxQuotaRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Mail.MailboxQuota> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetMailboxQuotaMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service MailService.
   * <pre>
   * Searches, reads, expunges and recalls messages, shares folders and reads
   * quotas, through Dovecot's doveadm HTTP API (`services/doveadm/&#42;`).
   * Who may do what: superadmins everything; admins act on mailboxes whose
   * address is in a mail domain of their own tenant (an owner mask is confined
   * to those domains: `*` means every mailbox of the tenant, a mask naming
   * another tenant's domain is PERMISSION_DENIED); operations over all users
   * are superadmin only. Users may recall messages they sent (From one of
   * their addresses) from mailboxes of their tenant, and read their own quota.
   * Errors: INVALID_ARGUMENT for a bad request (nothing reaches Dovecot), NOT_FOUND
   * for an unknown mailbox owner, folder or message, UNAVAILABLE when Dovecot
   * cannot be reached or fails temporarily, FAILED_PRECONDITION when the mail
   * store is not configured or recall is switched off. Every expunge, recall
   * and ACL change is audited with its query and counts.
   * </pre>
   */
  public static final class MailServiceBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<MailServiceBlockingV2Stub> {
    private MailServiceBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected MailServiceBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new MailServiceBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * Streams the messages matching a query (guide §2.16.2), owner by owner.
     * </pre>
     */
    @io.grpc.ExperimentalApi("https://github.com/grpc/grpc-java/issues/10918")
    public io.grpc.stub.BlockingClientCall<?, pbm.v2.Mail.MessageHit>
        searchMessages(pbm.v2.Mail.SearchMessagesRequest request) {
      return io.grpc.stub.ClientCalls.blockingV2ServerStreamingCall(
          getChannel(), getSearchMessagesMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns the text, headers or body of messages by mailbox GUID and UID
     * (guide §2.16.3); NOT_FOUND when none of the UIDs exists.
     * </pre>
     */
    @io.grpc.ExperimentalApi("https://github.com/grpc/grpc-java/issues/10918")
    public io.grpc.stub.BlockingClientCall<?, pbm.v2.Mail.FetchedMessage>
        fetchMessages(pbm.v2.Mail.FetchMessagesRequest request) {
      return io.grpc.stub.ClientCalls.blockingV2ServerStreamingCall(
          getChannel(), getFetchMessagesMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Removes the messages matching a query (guide §2.16.4); `dry_run` only
     * reports them. Exactly the messages counted are removed.
     * </pre>
     */
    public pbm.v2.Mail.ExpungeMessagesResponse expungeMessages(pbm.v2.Mail.ExpungeMessagesRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getExpungeMessagesMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Recalls a sent message by Message-ID from the given mailboxes (guide
     * §2.16.4.1, `POST /v2/actions/expunge`). FAILED_PRECONDITION when
     * `psn/common/revoke_email` is off, or `force` is asked while
     * `psn/common/force_revoke` is off.
     * </pre>
     */
    public pbm.v2.Mail.RecallMessageResponse recallMessage(pbm.v2.Mail.RecallMessageRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getRecallMessageMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Grants rights on an owner's folder to a grantee (replacing the grantee's
     * previous rights) and subscribes the grantee to `shared/&lt;owner&gt;/&lt;folder&gt;`
     * (guide §2.16.5). Returns the folder's ACL afterwards.
     * </pre>
     */
    public pbm.v2.Mail.MailboxAcl setMailboxAcl(pbm.v2.Mail.SetMailboxAclRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getSetMailboxAclMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Reads the ACL of an owner's folder.
     * </pre>
     */
    public pbm.v2.Mail.MailboxAcl getMailboxAcl(pbm.v2.Mail.GetMailboxAclRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetMailboxAclMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Removes a grantee's rights on an owner's folder and unsubscribes the
     * grantee from it; NOT_FOUND when the grantee has no entry.
     * </pre>
     */
    public com.google.protobuf.Empty deleteMailboxAcl(pbm.v2.Mail.DeleteMailboxAclRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getDeleteMailboxAclMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Reads the quota usage and limit of a mailbox (guide §5.3.1).
     * </pre>
     */
    public pbm.v2.Mail.MailboxQuota getMailboxQuota(pbm.v2.Mail.GetMailboxQuotaRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetMailboxQuotaMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service MailService.
   * <pre>
   * Searches, reads, expunges and recalls messages, shares folders and reads
   * quotas, through Dovecot's doveadm HTTP API (`services/doveadm/&#42;`).
   * Who may do what: superadmins everything; admins act on mailboxes whose
   * address is in a mail domain of their own tenant (an owner mask is confined
   * to those domains: `*` means every mailbox of the tenant, a mask naming
   * another tenant's domain is PERMISSION_DENIED); operations over all users
   * are superadmin only. Users may recall messages they sent (From one of
   * their addresses) from mailboxes of their tenant, and read their own quota.
   * Errors: INVALID_ARGUMENT for a bad request (nothing reaches Dovecot), NOT_FOUND
   * for an unknown mailbox owner, folder or message, UNAVAILABLE when Dovecot
   * cannot be reached or fails temporarily, FAILED_PRECONDITION when the mail
   * store is not configured or recall is switched off. Every expunge, recall
   * and ACL change is audited with its query and counts.
   * </pre>
   */
  public static final class MailServiceBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<MailServiceBlockingStub> {
    private MailServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected MailServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new MailServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Streams the messages matching a query (guide §2.16.2), owner by owner.
     * </pre>
     */
    public java.util.Iterator<pbm.v2.Mail.MessageHit> searchMessages(
        pbm.v2.Mail.SearchMessagesRequest request) {
      return io.grpc.stub.ClientCalls.blockingServerStreamingCall(
          getChannel(), getSearchMessagesMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns the text, headers or body of messages by mailbox GUID and UID
     * (guide §2.16.3); NOT_FOUND when none of the UIDs exists.
     * </pre>
     */
    public java.util.Iterator<pbm.v2.Mail.FetchedMessage> fetchMessages(
        pbm.v2.Mail.FetchMessagesRequest request) {
      return io.grpc.stub.ClientCalls.blockingServerStreamingCall(
          getChannel(), getFetchMessagesMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Removes the messages matching a query (guide §2.16.4); `dry_run` only
     * reports them. Exactly the messages counted are removed.
     * </pre>
     */
    public pbm.v2.Mail.ExpungeMessagesResponse expungeMessages(pbm.v2.Mail.ExpungeMessagesRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getExpungeMessagesMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Recalls a sent message by Message-ID from the given mailboxes (guide
     * §2.16.4.1, `POST /v2/actions/expunge`). FAILED_PRECONDITION when
     * `psn/common/revoke_email` is off, or `force` is asked while
     * `psn/common/force_revoke` is off.
     * </pre>
     */
    public pbm.v2.Mail.RecallMessageResponse recallMessage(pbm.v2.Mail.RecallMessageRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRecallMessageMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Grants rights on an owner's folder to a grantee (replacing the grantee's
     * previous rights) and subscribes the grantee to `shared/&lt;owner&gt;/&lt;folder&gt;`
     * (guide §2.16.5). Returns the folder's ACL afterwards.
     * </pre>
     */
    public pbm.v2.Mail.MailboxAcl setMailboxAcl(pbm.v2.Mail.SetMailboxAclRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getSetMailboxAclMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Reads the ACL of an owner's folder.
     * </pre>
     */
    public pbm.v2.Mail.MailboxAcl getMailboxAcl(pbm.v2.Mail.GetMailboxAclRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetMailboxAclMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Removes a grantee's rights on an owner's folder and unsubscribes the
     * grantee from it; NOT_FOUND when the grantee has no entry.
     * </pre>
     */
    public com.google.protobuf.Empty deleteMailboxAcl(pbm.v2.Mail.DeleteMailboxAclRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteMailboxAclMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Reads the quota usage and limit of a mailbox (guide §5.3.1).
     * </pre>
     */
    public pbm.v2.Mail.MailboxQuota getMailboxQuota(pbm.v2.Mail.GetMailboxQuotaRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetMailboxQuotaMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service MailService.
   * <pre>
   * Searches, reads, expunges and recalls messages, shares folders and reads
   * quotas, through Dovecot's doveadm HTTP API (`services/doveadm/&#42;`).
   * Who may do what: superadmins everything; admins act on mailboxes whose
   * address is in a mail domain of their own tenant (an owner mask is confined
   * to those domains: `*` means every mailbox of the tenant, a mask naming
   * another tenant's domain is PERMISSION_DENIED); operations over all users
   * are superadmin only. Users may recall messages they sent (From one of
   * their addresses) from mailboxes of their tenant, and read their own quota.
   * Errors: INVALID_ARGUMENT for a bad request (nothing reaches Dovecot), NOT_FOUND
   * for an unknown mailbox owner, folder or message, UNAVAILABLE when Dovecot
   * cannot be reached or fails temporarily, FAILED_PRECONDITION when the mail
   * store is not configured or recall is switched off. Every expunge, recall
   * and ACL change is audited with its query and counts.
   * </pre>
   */
  public static final class MailServiceFutureStub
      extends io.grpc.stub.AbstractFutureStub<MailServiceFutureStub> {
    private MailServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected MailServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new MailServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Removes the messages matching a query (guide §2.16.4); `dry_run` only
     * reports them. Exactly the messages counted are removed.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Mail.ExpungeMessagesResponse> expungeMessages(
        pbm.v2.Mail.ExpungeMessagesRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getExpungeMessagesMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Recalls a sent message by Message-ID from the given mailboxes (guide
     * §2.16.4.1, `POST /v2/actions/expunge`). FAILED_PRECONDITION when
     * `psn/common/revoke_email` is off, or `force` is asked while
     * `psn/common/force_revoke` is off.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Mail.RecallMessageResponse> recallMessage(
        pbm.v2.Mail.RecallMessageRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRecallMessageMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Grants rights on an owner's folder to a grantee (replacing the grantee's
     * previous rights) and subscribes the grantee to `shared/&lt;owner&gt;/&lt;folder&gt;`
     * (guide §2.16.5). Returns the folder's ACL afterwards.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Mail.MailboxAcl> setMailboxAcl(
        pbm.v2.Mail.SetMailboxAclRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getSetMailboxAclMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Reads the ACL of an owner's folder.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Mail.MailboxAcl> getMailboxAcl(
        pbm.v2.Mail.GetMailboxAclRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetMailboxAclMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Removes a grantee's rights on an owner's folder and unsubscribes the
     * grantee from it; NOT_FOUND when the grantee has no entry.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.google.protobuf.Empty> deleteMailboxAcl(
        pbm.v2.Mail.DeleteMailboxAclRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteMailboxAclMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Reads the quota usage and limit of a mailbox (guide §5.3.1).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Mail.MailboxQuota> getMailboxQuota(
        pbm.v2.Mail.GetMailboxQuotaRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetMailboxQuotaMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_SEARCH_MESSAGES = 0;
  private static final int METHODID_FETCH_MESSAGES = 1;
  private static final int METHODID_EXPUNGE_MESSAGES = 2;
  private static final int METHODID_RECALL_MESSAGE = 3;
  private static final int METHODID_SET_MAILBOX_ACL = 4;
  private static final int METHODID_GET_MAILBOX_ACL = 5;
  private static final int METHODID_DELETE_MAILBOX_ACL = 6;
  private static final int METHODID_GET_MAILBOX_QUOTA = 7;

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
        case METHODID_SEARCH_MESSAGES:
          serviceImpl.searchMessages((pbm.v2.Mail.SearchMessagesRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Mail.MessageHit>) responseObserver);
          break;
        case METHODID_FETCH_MESSAGES:
          serviceImpl.fetchMessages((pbm.v2.Mail.FetchMessagesRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Mail.FetchedMessage>) responseObserver);
          break;
        case METHODID_EXPUNGE_MESSAGES:
          serviceImpl.expungeMessages((pbm.v2.Mail.ExpungeMessagesRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Mail.ExpungeMessagesResponse>) responseObserver);
          break;
        case METHODID_RECALL_MESSAGE:
          serviceImpl.recallMessage((pbm.v2.Mail.RecallMessageRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Mail.RecallMessageResponse>) responseObserver);
          break;
        case METHODID_SET_MAILBOX_ACL:
          serviceImpl.setMailboxAcl((pbm.v2.Mail.SetMailboxAclRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Mail.MailboxAcl>) responseObserver);
          break;
        case METHODID_GET_MAILBOX_ACL:
          serviceImpl.getMailboxAcl((pbm.v2.Mail.GetMailboxAclRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Mail.MailboxAcl>) responseObserver);
          break;
        case METHODID_DELETE_MAILBOX_ACL:
          serviceImpl.deleteMailboxAcl((pbm.v2.Mail.DeleteMailboxAclRequest) request,
              (io.grpc.stub.StreamObserver<com.google.protobuf.Empty>) responseObserver);
          break;
        case METHODID_GET_MAILBOX_QUOTA:
          serviceImpl.getMailboxQuota((pbm.v2.Mail.GetMailboxQuotaRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Mail.MailboxQuota>) responseObserver);
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
          getSearchMessagesMethod(),
          io.grpc.stub.ServerCalls.asyncServerStreamingCall(
            new MethodHandlers<
              pbm.v2.Mail.SearchMessagesRequest,
              pbm.v2.Mail.MessageHit>(
                service, METHODID_SEARCH_MESSAGES)))
        .addMethod(
          getFetchMessagesMethod(),
          io.grpc.stub.ServerCalls.asyncServerStreamingCall(
            new MethodHandlers<
              pbm.v2.Mail.FetchMessagesRequest,
              pbm.v2.Mail.FetchedMessage>(
                service, METHODID_FETCH_MESSAGES)))
        .addMethod(
          getExpungeMessagesMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Mail.ExpungeMessagesRequest,
              pbm.v2.Mail.ExpungeMessagesResponse>(
                service, METHODID_EXPUNGE_MESSAGES)))
        .addMethod(
          getRecallMessageMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Mail.RecallMessageRequest,
              pbm.v2.Mail.RecallMessageResponse>(
                service, METHODID_RECALL_MESSAGE)))
        .addMethod(
          getSetMailboxAclMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Mail.SetMailboxAclRequest,
              pbm.v2.Mail.MailboxAcl>(
                service, METHODID_SET_MAILBOX_ACL)))
        .addMethod(
          getGetMailboxAclMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Mail.GetMailboxAclRequest,
              pbm.v2.Mail.MailboxAcl>(
                service, METHODID_GET_MAILBOX_ACL)))
        .addMethod(
          getDeleteMailboxAclMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Mail.DeleteMailboxAclRequest,
              com.google.protobuf.Empty>(
                service, METHODID_DELETE_MAILBOX_ACL)))
        .addMethod(
          getGetMailboxQuotaMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Mail.GetMailboxQuotaRequest,
              pbm.v2.Mail.MailboxQuota>(
                service, METHODID_GET_MAILBOX_QUOTA)))
        .build();
  }

  private static abstract class MailServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    MailServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return pbm.v2.Mail.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("MailService");
    }
  }

  private static final class MailServiceFileDescriptorSupplier
      extends MailServiceBaseDescriptorSupplier {
    MailServiceFileDescriptorSupplier() {}
  }

  private static final class MailServiceMethodDescriptorSupplier
      extends MailServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    MailServiceMethodDescriptorSupplier(java.lang.String methodName) {
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
      synchronized (MailServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new MailServiceFileDescriptorSupplier())
              .addMethod(getSearchMessagesMethod())
              .addMethod(getFetchMessagesMethod())
              .addMethod(getExpungeMessagesMethod())
              .addMethod(getRecallMessageMethod())
              .addMethod(getSetMailboxAclMethod())
              .addMethod(getGetMailboxAclMethod())
              .addMethod(getDeleteMailboxAclMethod())
              .addMethod(getGetMailboxQuotaMethod())
              .build();
        }
      }
    }
    return result;
  }
}
