package pbm.v2;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * Manages the mail domains of tenants and the web domains (with their TLS
 * certificates) of the installation.
 * Mail domains: superadmins everywhere, admins inside their own tenant. A
 * domain name has 2–63 characters of Latin letters, digits, `.` and `-`, is
 * stored lower-case and belongs to exactly one tenant. Every tenant has
 * exactly one default domain: the first one, until another is made default.
 * Web domains: superadmin only. No read ever returns a private key.
 * </pre>
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class DomainServiceGrpc {

  private DomainServiceGrpc() {}

  public static final java.lang.String SERVICE_NAME = "pbm.v2.DomainService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<pbm.v2.Domains.ListMailDomainsRequest,
      pbm.v2.Domains.ListMailDomainsResponse> getListMailDomainsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListMailDomains",
      requestType = pbm.v2.Domains.ListMailDomainsRequest.class,
      responseType = pbm.v2.Domains.ListMailDomainsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Domains.ListMailDomainsRequest,
      pbm.v2.Domains.ListMailDomainsResponse> getListMailDomainsMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Domains.ListMailDomainsRequest, pbm.v2.Domains.ListMailDomainsResponse> getListMailDomainsMethod;
    if ((getListMailDomainsMethod = DomainServiceGrpc.getListMailDomainsMethod) == null) {
      synchronized (DomainServiceGrpc.class) {
        if ((getListMailDomainsMethod = DomainServiceGrpc.getListMailDomainsMethod) == null) {
          DomainServiceGrpc.getListMailDomainsMethod = getListMailDomainsMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Domains.ListMailDomainsRequest, pbm.v2.Domains.ListMailDomainsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListMailDomains"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Domains.ListMailDomainsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Domains.ListMailDomainsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new DomainServiceMethodDescriptorSupplier("ListMailDomains"))
              .build();
        }
      }
    }
    return getListMailDomainsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Domains.GetMailDomainRequest,
      pbm.v2.Domains.MailDomain> getGetMailDomainMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetMailDomain",
      requestType = pbm.v2.Domains.GetMailDomainRequest.class,
      responseType = pbm.v2.Domains.MailDomain.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Domains.GetMailDomainRequest,
      pbm.v2.Domains.MailDomain> getGetMailDomainMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Domains.GetMailDomainRequest, pbm.v2.Domains.MailDomain> getGetMailDomainMethod;
    if ((getGetMailDomainMethod = DomainServiceGrpc.getGetMailDomainMethod) == null) {
      synchronized (DomainServiceGrpc.class) {
        if ((getGetMailDomainMethod = DomainServiceGrpc.getGetMailDomainMethod) == null) {
          DomainServiceGrpc.getGetMailDomainMethod = getGetMailDomainMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Domains.GetMailDomainRequest, pbm.v2.Domains.MailDomain>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetMailDomain"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Domains.GetMailDomainRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Domains.MailDomain.getDefaultInstance()))
              .setSchemaDescriptor(new DomainServiceMethodDescriptorSupplier("GetMailDomain"))
              .build();
        }
      }
    }
    return getGetMailDomainMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Domains.CreateMailDomainRequest,
      pbm.v2.Domains.MailDomain> getCreateMailDomainMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateMailDomain",
      requestType = pbm.v2.Domains.CreateMailDomainRequest.class,
      responseType = pbm.v2.Domains.MailDomain.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Domains.CreateMailDomainRequest,
      pbm.v2.Domains.MailDomain> getCreateMailDomainMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Domains.CreateMailDomainRequest, pbm.v2.Domains.MailDomain> getCreateMailDomainMethod;
    if ((getCreateMailDomainMethod = DomainServiceGrpc.getCreateMailDomainMethod) == null) {
      synchronized (DomainServiceGrpc.class) {
        if ((getCreateMailDomainMethod = DomainServiceGrpc.getCreateMailDomainMethod) == null) {
          DomainServiceGrpc.getCreateMailDomainMethod = getCreateMailDomainMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Domains.CreateMailDomainRequest, pbm.v2.Domains.MailDomain>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateMailDomain"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Domains.CreateMailDomainRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Domains.MailDomain.getDefaultInstance()))
              .setSchemaDescriptor(new DomainServiceMethodDescriptorSupplier("CreateMailDomain"))
              .build();
        }
      }
    }
    return getCreateMailDomainMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Domains.UpdateMailDomainRequest,
      pbm.v2.Domains.MailDomain> getUpdateMailDomainMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "UpdateMailDomain",
      requestType = pbm.v2.Domains.UpdateMailDomainRequest.class,
      responseType = pbm.v2.Domains.MailDomain.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Domains.UpdateMailDomainRequest,
      pbm.v2.Domains.MailDomain> getUpdateMailDomainMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Domains.UpdateMailDomainRequest, pbm.v2.Domains.MailDomain> getUpdateMailDomainMethod;
    if ((getUpdateMailDomainMethod = DomainServiceGrpc.getUpdateMailDomainMethod) == null) {
      synchronized (DomainServiceGrpc.class) {
        if ((getUpdateMailDomainMethod = DomainServiceGrpc.getUpdateMailDomainMethod) == null) {
          DomainServiceGrpc.getUpdateMailDomainMethod = getUpdateMailDomainMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Domains.UpdateMailDomainRequest, pbm.v2.Domains.MailDomain>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "UpdateMailDomain"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Domains.UpdateMailDomainRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Domains.MailDomain.getDefaultInstance()))
              .setSchemaDescriptor(new DomainServiceMethodDescriptorSupplier("UpdateMailDomain"))
              .build();
        }
      }
    }
    return getUpdateMailDomainMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Domains.DeleteMailDomainRequest,
      com.google.protobuf.Empty> getDeleteMailDomainMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteMailDomain",
      requestType = pbm.v2.Domains.DeleteMailDomainRequest.class,
      responseType = com.google.protobuf.Empty.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Domains.DeleteMailDomainRequest,
      com.google.protobuf.Empty> getDeleteMailDomainMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Domains.DeleteMailDomainRequest, com.google.protobuf.Empty> getDeleteMailDomainMethod;
    if ((getDeleteMailDomainMethod = DomainServiceGrpc.getDeleteMailDomainMethod) == null) {
      synchronized (DomainServiceGrpc.class) {
        if ((getDeleteMailDomainMethod = DomainServiceGrpc.getDeleteMailDomainMethod) == null) {
          DomainServiceGrpc.getDeleteMailDomainMethod = getDeleteMailDomainMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Domains.DeleteMailDomainRequest, com.google.protobuf.Empty>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteMailDomain"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Domains.DeleteMailDomainRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.google.protobuf.Empty.getDefaultInstance()))
              .setSchemaDescriptor(new DomainServiceMethodDescriptorSupplier("DeleteMailDomain"))
              .build();
        }
      }
    }
    return getDeleteMailDomainMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Domains.SetDefaultMailDomainRequest,
      pbm.v2.Domains.MailDomain> getSetDefaultMailDomainMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "SetDefaultMailDomain",
      requestType = pbm.v2.Domains.SetDefaultMailDomainRequest.class,
      responseType = pbm.v2.Domains.MailDomain.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Domains.SetDefaultMailDomainRequest,
      pbm.v2.Domains.MailDomain> getSetDefaultMailDomainMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Domains.SetDefaultMailDomainRequest, pbm.v2.Domains.MailDomain> getSetDefaultMailDomainMethod;
    if ((getSetDefaultMailDomainMethod = DomainServiceGrpc.getSetDefaultMailDomainMethod) == null) {
      synchronized (DomainServiceGrpc.class) {
        if ((getSetDefaultMailDomainMethod = DomainServiceGrpc.getSetDefaultMailDomainMethod) == null) {
          DomainServiceGrpc.getSetDefaultMailDomainMethod = getSetDefaultMailDomainMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Domains.SetDefaultMailDomainRequest, pbm.v2.Domains.MailDomain>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "SetDefaultMailDomain"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Domains.SetDefaultMailDomainRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Domains.MailDomain.getDefaultInstance()))
              .setSchemaDescriptor(new DomainServiceMethodDescriptorSupplier("SetDefaultMailDomain"))
              .build();
        }
      }
    }
    return getSetDefaultMailDomainMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Domains.ListWebDomainsRequest,
      pbm.v2.Domains.ListWebDomainsResponse> getListWebDomainsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListWebDomains",
      requestType = pbm.v2.Domains.ListWebDomainsRequest.class,
      responseType = pbm.v2.Domains.ListWebDomainsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Domains.ListWebDomainsRequest,
      pbm.v2.Domains.ListWebDomainsResponse> getListWebDomainsMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Domains.ListWebDomainsRequest, pbm.v2.Domains.ListWebDomainsResponse> getListWebDomainsMethod;
    if ((getListWebDomainsMethod = DomainServiceGrpc.getListWebDomainsMethod) == null) {
      synchronized (DomainServiceGrpc.class) {
        if ((getListWebDomainsMethod = DomainServiceGrpc.getListWebDomainsMethod) == null) {
          DomainServiceGrpc.getListWebDomainsMethod = getListWebDomainsMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Domains.ListWebDomainsRequest, pbm.v2.Domains.ListWebDomainsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListWebDomains"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Domains.ListWebDomainsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Domains.ListWebDomainsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new DomainServiceMethodDescriptorSupplier("ListWebDomains"))
              .build();
        }
      }
    }
    return getListWebDomainsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Domains.GetWebDomainRequest,
      pbm.v2.Domains.WebDomain> getGetWebDomainMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetWebDomain",
      requestType = pbm.v2.Domains.GetWebDomainRequest.class,
      responseType = pbm.v2.Domains.WebDomain.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Domains.GetWebDomainRequest,
      pbm.v2.Domains.WebDomain> getGetWebDomainMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Domains.GetWebDomainRequest, pbm.v2.Domains.WebDomain> getGetWebDomainMethod;
    if ((getGetWebDomainMethod = DomainServiceGrpc.getGetWebDomainMethod) == null) {
      synchronized (DomainServiceGrpc.class) {
        if ((getGetWebDomainMethod = DomainServiceGrpc.getGetWebDomainMethod) == null) {
          DomainServiceGrpc.getGetWebDomainMethod = getGetWebDomainMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Domains.GetWebDomainRequest, pbm.v2.Domains.WebDomain>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetWebDomain"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Domains.GetWebDomainRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Domains.WebDomain.getDefaultInstance()))
              .setSchemaDescriptor(new DomainServiceMethodDescriptorSupplier("GetWebDomain"))
              .build();
        }
      }
    }
    return getGetWebDomainMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Domains.CreateWebDomainRequest,
      pbm.v2.Domains.WebDomain> getCreateWebDomainMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateWebDomain",
      requestType = pbm.v2.Domains.CreateWebDomainRequest.class,
      responseType = pbm.v2.Domains.WebDomain.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Domains.CreateWebDomainRequest,
      pbm.v2.Domains.WebDomain> getCreateWebDomainMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Domains.CreateWebDomainRequest, pbm.v2.Domains.WebDomain> getCreateWebDomainMethod;
    if ((getCreateWebDomainMethod = DomainServiceGrpc.getCreateWebDomainMethod) == null) {
      synchronized (DomainServiceGrpc.class) {
        if ((getCreateWebDomainMethod = DomainServiceGrpc.getCreateWebDomainMethod) == null) {
          DomainServiceGrpc.getCreateWebDomainMethod = getCreateWebDomainMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Domains.CreateWebDomainRequest, pbm.v2.Domains.WebDomain>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateWebDomain"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Domains.CreateWebDomainRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Domains.WebDomain.getDefaultInstance()))
              .setSchemaDescriptor(new DomainServiceMethodDescriptorSupplier("CreateWebDomain"))
              .build();
        }
      }
    }
    return getCreateWebDomainMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Domains.UpdateWebDomainRequest,
      pbm.v2.Domains.WebDomain> getUpdateWebDomainMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "UpdateWebDomain",
      requestType = pbm.v2.Domains.UpdateWebDomainRequest.class,
      responseType = pbm.v2.Domains.WebDomain.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Domains.UpdateWebDomainRequest,
      pbm.v2.Domains.WebDomain> getUpdateWebDomainMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Domains.UpdateWebDomainRequest, pbm.v2.Domains.WebDomain> getUpdateWebDomainMethod;
    if ((getUpdateWebDomainMethod = DomainServiceGrpc.getUpdateWebDomainMethod) == null) {
      synchronized (DomainServiceGrpc.class) {
        if ((getUpdateWebDomainMethod = DomainServiceGrpc.getUpdateWebDomainMethod) == null) {
          DomainServiceGrpc.getUpdateWebDomainMethod = getUpdateWebDomainMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Domains.UpdateWebDomainRequest, pbm.v2.Domains.WebDomain>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "UpdateWebDomain"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Domains.UpdateWebDomainRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Domains.WebDomain.getDefaultInstance()))
              .setSchemaDescriptor(new DomainServiceMethodDescriptorSupplier("UpdateWebDomain"))
              .build();
        }
      }
    }
    return getUpdateWebDomainMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Domains.DeleteWebDomainRequest,
      com.google.protobuf.Empty> getDeleteWebDomainMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteWebDomain",
      requestType = pbm.v2.Domains.DeleteWebDomainRequest.class,
      responseType = com.google.protobuf.Empty.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Domains.DeleteWebDomainRequest,
      com.google.protobuf.Empty> getDeleteWebDomainMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Domains.DeleteWebDomainRequest, com.google.protobuf.Empty> getDeleteWebDomainMethod;
    if ((getDeleteWebDomainMethod = DomainServiceGrpc.getDeleteWebDomainMethod) == null) {
      synchronized (DomainServiceGrpc.class) {
        if ((getDeleteWebDomainMethod = DomainServiceGrpc.getDeleteWebDomainMethod) == null) {
          DomainServiceGrpc.getDeleteWebDomainMethod = getDeleteWebDomainMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Domains.DeleteWebDomainRequest, com.google.protobuf.Empty>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteWebDomain"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Domains.DeleteWebDomainRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.google.protobuf.Empty.getDefaultInstance()))
              .setSchemaDescriptor(new DomainServiceMethodDescriptorSupplier("DeleteWebDomain"))
              .build();
        }
      }
    }
    return getDeleteWebDomainMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static DomainServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<DomainServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<DomainServiceStub>() {
        @java.lang.Override
        public DomainServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new DomainServiceStub(channel, callOptions);
        }
      };
    return DomainServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static DomainServiceBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<DomainServiceBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<DomainServiceBlockingV2Stub>() {
        @java.lang.Override
        public DomainServiceBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new DomainServiceBlockingV2Stub(channel, callOptions);
        }
      };
    return DomainServiceBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static DomainServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<DomainServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<DomainServiceBlockingStub>() {
        @java.lang.Override
        public DomainServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new DomainServiceBlockingStub(channel, callOptions);
        }
      };
    return DomainServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static DomainServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<DomainServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<DomainServiceFutureStub>() {
        @java.lang.Override
        public DomainServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new DomainServiceFutureStub(channel, callOptions);
        }
      };
    return DomainServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * Manages the mail domains of tenants and the web domains (with their TLS
   * certificates) of the installation.
   * Mail domains: superadmins everywhere, admins inside their own tenant. A
   * domain name has 2–63 characters of Latin letters, digits, `.` and `-`, is
   * stored lower-case and belongs to exactly one tenant. Every tenant has
   * exactly one default domain: the first one, until another is made default.
   * Web domains: superadmin only. No read ever returns a private key.
   * </pre>
   */
  public interface AsyncService {

    /**
     * <pre>
     * Lists the mail domains of a tenant, ordered by name.
     * </pre>
     */
    default void listMailDomains(pbm.v2.Domains.ListMailDomainsRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Domains.ListMailDomainsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListMailDomainsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Reads one mail domain.
     * </pre>
     */
    default void getMailDomain(pbm.v2.Domains.GetMailDomainRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Domains.MailDomain> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetMailDomainMethod(), responseObserver);
    }

    /**
     * <pre>
     * Adds a mail domain to a tenant.
     * </pre>
     */
    default void createMailDomain(pbm.v2.Domains.CreateMailDomainRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Domains.MailDomain> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateMailDomainMethod(), responseObserver);
    }

    /**
     * <pre>
     * Changes `display_name`, `description` or `associated_domain`.
     * </pre>
     */
    default void updateMailDomain(pbm.v2.Domains.UpdateMailDomainRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Domains.MailDomain> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getUpdateMailDomainMethod(), responseObserver);
    }

    /**
     * <pre>
     * Deletes a mail domain. The default domain is never deleted: while the
     * tenant has other domains, make another one the default first; a
     * tenant's only domain stays until the tenant is deleted. A domain still
     * used by addresses is refused (FAILED_PRECONDITION with the counts)
     * unless `force`.
     * </pre>
     */
    default void deleteMailDomain(pbm.v2.Domains.DeleteMailDomainRequest request,
        io.grpc.stub.StreamObserver<com.google.protobuf.Empty> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteMailDomainMethod(), responseObserver);
    }

    /**
     * <pre>
     * Makes a mail domain the tenant's default domain.
     * </pre>
     */
    default void setDefaultMailDomain(pbm.v2.Domains.SetDefaultMailDomainRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Domains.MailDomain> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getSetDefaultMailDomainMethod(), responseObserver);
    }

    /**
     * <pre>
     * Lists the web domains, ordered by name.
     * </pre>
     */
    default void listWebDomains(pbm.v2.Domains.ListWebDomainsRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Domains.ListWebDomainsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListWebDomainsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Reads one web domain (certificate details, never the key).
     * </pre>
     */
    default void getWebDomain(pbm.v2.Domains.GetWebDomainRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Domains.WebDomain> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetWebDomainMethod(), responseObserver);
    }

    /**
     * <pre>
     * Adds a web domain with its key and certificate. Both PEM texts must
     * parse; the key (RSA &gt;= 2048 bits, ECDSA P-256/P-384 or Ed25519,
     * unencrypted) must be the private half of the leaf certificate; the chain
     * must be leaf first, each certificate issued by the next; the leaf's
     * subjectAltName must cover `name` (a wildcard covers one label) and it
     * must be valid now. Each problem is a field violation on
     * `web_domain.private_key_pem` or `web_domain.certificate_pem`.
     * </pre>
     */
    default void createWebDomain(pbm.v2.Domains.CreateWebDomainRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Domains.WebDomain> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateWebDomainMethod(), responseObserver);
    }

    /**
     * <pre>
     * Replaces the key and certificate of a web domain.
     * </pre>
     */
    default void updateWebDomain(pbm.v2.Domains.UpdateWebDomainRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Domains.WebDomain> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getUpdateWebDomainMethod(), responseObserver);
    }

    /**
     * <pre>
     * Deletes a web domain.
     * </pre>
     */
    default void deleteWebDomain(pbm.v2.Domains.DeleteWebDomainRequest request,
        io.grpc.stub.StreamObserver<com.google.protobuf.Empty> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteWebDomainMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service DomainService.
   * <pre>
   * Manages the mail domains of tenants and the web domains (with their TLS
   * certificates) of the installation.
   * Mail domains: superadmins everywhere, admins inside their own tenant. A
   * domain name has 2–63 characters of Latin letters, digits, `.` and `-`, is
   * stored lower-case and belongs to exactly one tenant. Every tenant has
   * exactly one default domain: the first one, until another is made default.
   * Web domains: superadmin only. No read ever returns a private key.
   * </pre>
   */
  public static abstract class DomainServiceImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return DomainServiceGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service DomainService.
   * <pre>
   * Manages the mail domains of tenants and the web domains (with their TLS
   * certificates) of the installation.
   * Mail domains: superadmins everywhere, admins inside their own tenant. A
   * domain name has 2–63 characters of Latin letters, digits, `.` and `-`, is
   * stored lower-case and belongs to exactly one tenant. Every tenant has
   * exactly one default domain: the first one, until another is made default.
   * Web domains: superadmin only. No read ever returns a private key.
   * </pre>
   */
  public static final class DomainServiceStub
      extends io.grpc.stub.AbstractAsyncStub<DomainServiceStub> {
    private DomainServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected DomainServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new DomainServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Lists the mail domains of a tenant, ordered by name.
     * </pre>
     */
    public void listMailDomains(pbm.v2.Domains.ListMailDomainsRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Domains.ListMailDomainsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListMailDomainsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Reads one mail domain.
     * </pre>
     */
    public void getMailDomain(pbm.v2.Domains.GetMailDomainRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Domains.MailDomain> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetMailDomainMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Adds a mail domain to a tenant.
     * </pre>
     */
    public void createMailDomain(pbm.v2.Domains.CreateMailDomainRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Domains.MailDomain> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateMailDomainMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Changes `display_name`, `description` or `associated_domain`.
     * </pre>
     */
    public void updateMailDomain(pbm.v2.Domains.UpdateMailDomainRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Domains.MailDomain> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getUpdateMailDomainMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Deletes a mail domain. The default domain is never deleted: while the
     * tenant has other domains, make another one the default first; a
     * tenant's only domain stays until the tenant is deleted. A domain still
     * used by addresses is refused (FAILED_PRECONDITION with the counts)
     * unless `force`.
     * </pre>
     */
    public void deleteMailDomain(pbm.v2.Domains.DeleteMailDomainRequest request,
        io.grpc.stub.StreamObserver<com.google.protobuf.Empty> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteMailDomainMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Makes a mail domain the tenant's default domain.
     * </pre>
     */
    public void setDefaultMailDomain(pbm.v2.Domains.SetDefaultMailDomainRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Domains.MailDomain> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getSetDefaultMailDomainMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Lists the web domains, ordered by name.
     * </pre>
     */
    public void listWebDomains(pbm.v2.Domains.ListWebDomainsRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Domains.ListWebDomainsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListWebDomainsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Reads one web domain (certificate details, never the key).
     * </pre>
     */
    public void getWebDomain(pbm.v2.Domains.GetWebDomainRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Domains.WebDomain> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetWebDomainMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Adds a web domain with its key and certificate. Both PEM texts must
     * parse; the key (RSA &gt;= 2048 bits, ECDSA P-256/P-384 or Ed25519,
     * unencrypted) must be the private half of the leaf certificate; the chain
     * must be leaf first, each certificate issued by the next; the leaf's
     * subjectAltName must cover `name` (a wildcard covers one label) and it
     * must be valid now. Each problem is a field violation on
     * `web_domain.private_key_pem` or `web_domain.certificate_pem`.
     * </pre>
     */
    public void createWebDomain(pbm.v2.Domains.CreateWebDomainRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Domains.WebDomain> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateWebDomainMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Replaces the key and certificate of a web domain.
     * </pre>
     */
    public void updateWebDomain(pbm.v2.Domains.UpdateWebDomainRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Domains.WebDomain> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getUpdateWebDomainMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Deletes a web domain.
     * </pre>
     */
    public void deleteWebDomain(pbm.v2.Domains.DeleteWebDomainRequest request,
        io.grpc.stub.StreamObserver<com.google.protobuf.Empty> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteWebDomainMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service DomainService.
   * <pre>
   * Manages the mail domains of tenants and the web domains (with their TLS
   * certificates) of the installation.
   * Mail domains: superadmins everywhere, admins inside their own tenant. A
   * domain name has 2–63 characters of Latin letters, digits, `.` and `-`, is
   * stored lower-case and belongs to exactly one tenant. Every tenant has
   * exactly one default domain: the first one, until another is made default.
   * Web domains: superadmin only. No read ever returns a private key.
   * </pre>
   */
  public static final class DomainServiceBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<DomainServiceBlockingV2Stub> {
    private DomainServiceBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected DomainServiceBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new DomainServiceBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * Lists the mail domains of a tenant, ordered by name.
     * </pre>
     */
    public pbm.v2.Domains.ListMailDomainsResponse listMailDomains(pbm.v2.Domains.ListMailDomainsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListMailDomainsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Reads one mail domain.
     * </pre>
     */
    public pbm.v2.Domains.MailDomain getMailDomain(pbm.v2.Domains.GetMailDomainRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetMailDomainMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Adds a mail domain to a tenant.
     * </pre>
     */
    public pbm.v2.Domains.MailDomain createMailDomain(pbm.v2.Domains.CreateMailDomainRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCreateMailDomainMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Changes `display_name`, `description` or `associated_domain`.
     * </pre>
     */
    public pbm.v2.Domains.MailDomain updateMailDomain(pbm.v2.Domains.UpdateMailDomainRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getUpdateMailDomainMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Deletes a mail domain. The default domain is never deleted: while the
     * tenant has other domains, make another one the default first; a
     * tenant's only domain stays until the tenant is deleted. A domain still
     * used by addresses is refused (FAILED_PRECONDITION with the counts)
     * unless `force`.
     * </pre>
     */
    public com.google.protobuf.Empty deleteMailDomain(pbm.v2.Domains.DeleteMailDomainRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getDeleteMailDomainMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Makes a mail domain the tenant's default domain.
     * </pre>
     */
    public pbm.v2.Domains.MailDomain setDefaultMailDomain(pbm.v2.Domains.SetDefaultMailDomainRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getSetDefaultMailDomainMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists the web domains, ordered by name.
     * </pre>
     */
    public pbm.v2.Domains.ListWebDomainsResponse listWebDomains(pbm.v2.Domains.ListWebDomainsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListWebDomainsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Reads one web domain (certificate details, never the key).
     * </pre>
     */
    public pbm.v2.Domains.WebDomain getWebDomain(pbm.v2.Domains.GetWebDomainRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetWebDomainMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Adds a web domain with its key and certificate. Both PEM texts must
     * parse; the key (RSA &gt;= 2048 bits, ECDSA P-256/P-384 or Ed25519,
     * unencrypted) must be the private half of the leaf certificate; the chain
     * must be leaf first, each certificate issued by the next; the leaf's
     * subjectAltName must cover `name` (a wildcard covers one label) and it
     * must be valid now. Each problem is a field violation on
     * `web_domain.private_key_pem` or `web_domain.certificate_pem`.
     * </pre>
     */
    public pbm.v2.Domains.WebDomain createWebDomain(pbm.v2.Domains.CreateWebDomainRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCreateWebDomainMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Replaces the key and certificate of a web domain.
     * </pre>
     */
    public pbm.v2.Domains.WebDomain updateWebDomain(pbm.v2.Domains.UpdateWebDomainRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getUpdateWebDomainMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Deletes a web domain.
     * </pre>
     */
    public com.google.protobuf.Empty deleteWebDomain(pbm.v2.Domains.DeleteWebDomainRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getDeleteWebDomainMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service DomainService.
   * <pre>
   * Manages the mail domains of tenants and the web domains (with their TLS
   * certificates) of the installation.
   * Mail domains: superadmins everywhere, admins inside their own tenant. A
   * domain name has 2–63 characters of Latin letters, digits, `.` and `-`, is
   * stored lower-case and belongs to exactly one tenant. Every tenant has
   * exactly one default domain: the first one, until another is made default.
   * Web domains: superadmin only. No read ever returns a private key.
   * </pre>
   */
  public static final class DomainServiceBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<DomainServiceBlockingStub> {
    private DomainServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected DomainServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new DomainServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Lists the mail domains of a tenant, ordered by name.
     * </pre>
     */
    public pbm.v2.Domains.ListMailDomainsResponse listMailDomains(pbm.v2.Domains.ListMailDomainsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListMailDomainsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Reads one mail domain.
     * </pre>
     */
    public pbm.v2.Domains.MailDomain getMailDomain(pbm.v2.Domains.GetMailDomainRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetMailDomainMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Adds a mail domain to a tenant.
     * </pre>
     */
    public pbm.v2.Domains.MailDomain createMailDomain(pbm.v2.Domains.CreateMailDomainRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateMailDomainMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Changes `display_name`, `description` or `associated_domain`.
     * </pre>
     */
    public pbm.v2.Domains.MailDomain updateMailDomain(pbm.v2.Domains.UpdateMailDomainRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getUpdateMailDomainMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Deletes a mail domain. The default domain is never deleted: while the
     * tenant has other domains, make another one the default first; a
     * tenant's only domain stays until the tenant is deleted. A domain still
     * used by addresses is refused (FAILED_PRECONDITION with the counts)
     * unless `force`.
     * </pre>
     */
    public com.google.protobuf.Empty deleteMailDomain(pbm.v2.Domains.DeleteMailDomainRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteMailDomainMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Makes a mail domain the tenant's default domain.
     * </pre>
     */
    public pbm.v2.Domains.MailDomain setDefaultMailDomain(pbm.v2.Domains.SetDefaultMailDomainRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getSetDefaultMailDomainMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists the web domains, ordered by name.
     * </pre>
     */
    public pbm.v2.Domains.ListWebDomainsResponse listWebDomains(pbm.v2.Domains.ListWebDomainsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListWebDomainsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Reads one web domain (certificate details, never the key).
     * </pre>
     */
    public pbm.v2.Domains.WebDomain getWebDomain(pbm.v2.Domains.GetWebDomainRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetWebDomainMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Adds a web domain with its key and certificate. Both PEM texts must
     * parse; the key (RSA &gt;= 2048 bits, ECDSA P-256/P-384 or Ed25519,
     * unencrypted) must be the private half of the leaf certificate; the chain
     * must be leaf first, each certificate issued by the next; the leaf's
     * subjectAltName must cover `name` (a wildcard covers one label) and it
     * must be valid now. Each problem is a field violation on
     * `web_domain.private_key_pem` or `web_domain.certificate_pem`.
     * </pre>
     */
    public pbm.v2.Domains.WebDomain createWebDomain(pbm.v2.Domains.CreateWebDomainRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateWebDomainMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Replaces the key and certificate of a web domain.
     * </pre>
     */
    public pbm.v2.Domains.WebDomain updateWebDomain(pbm.v2.Domains.UpdateWebDomainRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getUpdateWebDomainMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Deletes a web domain.
     * </pre>
     */
    public com.google.protobuf.Empty deleteWebDomain(pbm.v2.Domains.DeleteWebDomainRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteWebDomainMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service DomainService.
   * <pre>
   * Manages the mail domains of tenants and the web domains (with their TLS
   * certificates) of the installation.
   * Mail domains: superadmins everywhere, admins inside their own tenant. A
   * domain name has 2–63 characters of Latin letters, digits, `.` and `-`, is
   * stored lower-case and belongs to exactly one tenant. Every tenant has
   * exactly one default domain: the first one, until another is made default.
   * Web domains: superadmin only. No read ever returns a private key.
   * </pre>
   */
  public static final class DomainServiceFutureStub
      extends io.grpc.stub.AbstractFutureStub<DomainServiceFutureStub> {
    private DomainServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected DomainServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new DomainServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Lists the mail domains of a tenant, ordered by name.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Domains.ListMailDomainsResponse> listMailDomains(
        pbm.v2.Domains.ListMailDomainsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListMailDomainsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Reads one mail domain.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Domains.MailDomain> getMailDomain(
        pbm.v2.Domains.GetMailDomainRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetMailDomainMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Adds a mail domain to a tenant.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Domains.MailDomain> createMailDomain(
        pbm.v2.Domains.CreateMailDomainRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateMailDomainMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Changes `display_name`, `description` or `associated_domain`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Domains.MailDomain> updateMailDomain(
        pbm.v2.Domains.UpdateMailDomainRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getUpdateMailDomainMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Deletes a mail domain. The default domain is never deleted: while the
     * tenant has other domains, make another one the default first; a
     * tenant's only domain stays until the tenant is deleted. A domain still
     * used by addresses is refused (FAILED_PRECONDITION with the counts)
     * unless `force`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.google.protobuf.Empty> deleteMailDomain(
        pbm.v2.Domains.DeleteMailDomainRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteMailDomainMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Makes a mail domain the tenant's default domain.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Domains.MailDomain> setDefaultMailDomain(
        pbm.v2.Domains.SetDefaultMailDomainRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getSetDefaultMailDomainMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Lists the web domains, ordered by name.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Domains.ListWebDomainsResponse> listWebDomains(
        pbm.v2.Domains.ListWebDomainsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListWebDomainsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Reads one web domain (certificate details, never the key).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Domains.WebDomain> getWebDomain(
        pbm.v2.Domains.GetWebDomainRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetWebDomainMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Adds a web domain with its key and certificate. Both PEM texts must
     * parse; the key (RSA &gt;= 2048 bits, ECDSA P-256/P-384 or Ed25519,
     * unencrypted) must be the private half of the leaf certificate; the chain
     * must be leaf first, each certificate issued by the next; the leaf's
     * subjectAltName must cover `name` (a wildcard covers one label) and it
     * must be valid now. Each problem is a field violation on
     * `web_domain.private_key_pem` or `web_domain.certificate_pem`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Domains.WebDomain> createWebDomain(
        pbm.v2.Domains.CreateWebDomainRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateWebDomainMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Replaces the key and certificate of a web domain.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Domains.WebDomain> updateWebDomain(
        pbm.v2.Domains.UpdateWebDomainRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getUpdateWebDomainMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Deletes a web domain.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.google.protobuf.Empty> deleteWebDomain(
        pbm.v2.Domains.DeleteWebDomainRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteWebDomainMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_LIST_MAIL_DOMAINS = 0;
  private static final int METHODID_GET_MAIL_DOMAIN = 1;
  private static final int METHODID_CREATE_MAIL_DOMAIN = 2;
  private static final int METHODID_UPDATE_MAIL_DOMAIN = 3;
  private static final int METHODID_DELETE_MAIL_DOMAIN = 4;
  private static final int METHODID_SET_DEFAULT_MAIL_DOMAIN = 5;
  private static final int METHODID_LIST_WEB_DOMAINS = 6;
  private static final int METHODID_GET_WEB_DOMAIN = 7;
  private static final int METHODID_CREATE_WEB_DOMAIN = 8;
  private static final int METHODID_UPDATE_WEB_DOMAIN = 9;
  private static final int METHODID_DELETE_WEB_DOMAIN = 10;

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
        case METHODID_LIST_MAIL_DOMAINS:
          serviceImpl.listMailDomains((pbm.v2.Domains.ListMailDomainsRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Domains.ListMailDomainsResponse>) responseObserver);
          break;
        case METHODID_GET_MAIL_DOMAIN:
          serviceImpl.getMailDomain((pbm.v2.Domains.GetMailDomainRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Domains.MailDomain>) responseObserver);
          break;
        case METHODID_CREATE_MAIL_DOMAIN:
          serviceImpl.createMailDomain((pbm.v2.Domains.CreateMailDomainRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Domains.MailDomain>) responseObserver);
          break;
        case METHODID_UPDATE_MAIL_DOMAIN:
          serviceImpl.updateMailDomain((pbm.v2.Domains.UpdateMailDomainRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Domains.MailDomain>) responseObserver);
          break;
        case METHODID_DELETE_MAIL_DOMAIN:
          serviceImpl.deleteMailDomain((pbm.v2.Domains.DeleteMailDomainRequest) request,
              (io.grpc.stub.StreamObserver<com.google.protobuf.Empty>) responseObserver);
          break;
        case METHODID_SET_DEFAULT_MAIL_DOMAIN:
          serviceImpl.setDefaultMailDomain((pbm.v2.Domains.SetDefaultMailDomainRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Domains.MailDomain>) responseObserver);
          break;
        case METHODID_LIST_WEB_DOMAINS:
          serviceImpl.listWebDomains((pbm.v2.Domains.ListWebDomainsRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Domains.ListWebDomainsResponse>) responseObserver);
          break;
        case METHODID_GET_WEB_DOMAIN:
          serviceImpl.getWebDomain((pbm.v2.Domains.GetWebDomainRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Domains.WebDomain>) responseObserver);
          break;
        case METHODID_CREATE_WEB_DOMAIN:
          serviceImpl.createWebDomain((pbm.v2.Domains.CreateWebDomainRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Domains.WebDomain>) responseObserver);
          break;
        case METHODID_UPDATE_WEB_DOMAIN:
          serviceImpl.updateWebDomain((pbm.v2.Domains.UpdateWebDomainRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Domains.WebDomain>) responseObserver);
          break;
        case METHODID_DELETE_WEB_DOMAIN:
          serviceImpl.deleteWebDomain((pbm.v2.Domains.DeleteWebDomainRequest) request,
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
          getListMailDomainsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Domains.ListMailDomainsRequest,
              pbm.v2.Domains.ListMailDomainsResponse>(
                service, METHODID_LIST_MAIL_DOMAINS)))
        .addMethod(
          getGetMailDomainMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Domains.GetMailDomainRequest,
              pbm.v2.Domains.MailDomain>(
                service, METHODID_GET_MAIL_DOMAIN)))
        .addMethod(
          getCreateMailDomainMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Domains.CreateMailDomainRequest,
              pbm.v2.Domains.MailDomain>(
                service, METHODID_CREATE_MAIL_DOMAIN)))
        .addMethod(
          getUpdateMailDomainMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Domains.UpdateMailDomainRequest,
              pbm.v2.Domains.MailDomain>(
                service, METHODID_UPDATE_MAIL_DOMAIN)))
        .addMethod(
          getDeleteMailDomainMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Domains.DeleteMailDomainRequest,
              com.google.protobuf.Empty>(
                service, METHODID_DELETE_MAIL_DOMAIN)))
        .addMethod(
          getSetDefaultMailDomainMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Domains.SetDefaultMailDomainRequest,
              pbm.v2.Domains.MailDomain>(
                service, METHODID_SET_DEFAULT_MAIL_DOMAIN)))
        .addMethod(
          getListWebDomainsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Domains.ListWebDomainsRequest,
              pbm.v2.Domains.ListWebDomainsResponse>(
                service, METHODID_LIST_WEB_DOMAINS)))
        .addMethod(
          getGetWebDomainMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Domains.GetWebDomainRequest,
              pbm.v2.Domains.WebDomain>(
                service, METHODID_GET_WEB_DOMAIN)))
        .addMethod(
          getCreateWebDomainMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Domains.CreateWebDomainRequest,
              pbm.v2.Domains.WebDomain>(
                service, METHODID_CREATE_WEB_DOMAIN)))
        .addMethod(
          getUpdateWebDomainMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Domains.UpdateWebDomainRequest,
              pbm.v2.Domains.WebDomain>(
                service, METHODID_UPDATE_WEB_DOMAIN)))
        .addMethod(
          getDeleteWebDomainMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Domains.DeleteWebDomainRequest,
              com.google.protobuf.Empty>(
                service, METHODID_DELETE_WEB_DOMAIN)))
        .build();
  }

  private static abstract class DomainServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    DomainServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return pbm.v2.Domains.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("DomainService");
    }
  }

  private static final class DomainServiceFileDescriptorSupplier
      extends DomainServiceBaseDescriptorSupplier {
    DomainServiceFileDescriptorSupplier() {}
  }

  private static final class DomainServiceMethodDescriptorSupplier
      extends DomainServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    DomainServiceMethodDescriptorSupplier(java.lang.String methodName) {
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
      synchronized (DomainServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new DomainServiceFileDescriptorSupplier())
              .addMethod(getListMailDomainsMethod())
              .addMethod(getGetMailDomainMethod())
              .addMethod(getCreateMailDomainMethod())
              .addMethod(getUpdateMailDomainMethod())
              .addMethod(getDeleteMailDomainMethod())
              .addMethod(getSetDefaultMailDomainMethod())
              .addMethod(getListWebDomainsMethod())
              .addMethod(getGetWebDomainMethod())
              .addMethod(getCreateWebDomainMethod())
              .addMethod(getUpdateWebDomainMethod())
              .addMethod(getDeleteWebDomainMethod())
              .build();
        }
      }
    }
    return result;
  }
}
