package pbm.v2;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * Manages resource groups and the bookable resources (meeting rooms, ...)
 * in them. Superadmins everywhere, admins inside their own tenant.
 * </pre>
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class ResourceServiceGrpc {

  private ResourceServiceGrpc() {}

  public static final java.lang.String SERVICE_NAME = "pbm.v2.ResourceService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<pbm.v2.Resources.ListResourceGroupsRequest,
      pbm.v2.Resources.ListResourceGroupsResponse> getListResourceGroupsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListResourceGroups",
      requestType = pbm.v2.Resources.ListResourceGroupsRequest.class,
      responseType = pbm.v2.Resources.ListResourceGroupsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Resources.ListResourceGroupsRequest,
      pbm.v2.Resources.ListResourceGroupsResponse> getListResourceGroupsMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Resources.ListResourceGroupsRequest, pbm.v2.Resources.ListResourceGroupsResponse> getListResourceGroupsMethod;
    if ((getListResourceGroupsMethod = ResourceServiceGrpc.getListResourceGroupsMethod) == null) {
      synchronized (ResourceServiceGrpc.class) {
        if ((getListResourceGroupsMethod = ResourceServiceGrpc.getListResourceGroupsMethod) == null) {
          ResourceServiceGrpc.getListResourceGroupsMethod = getListResourceGroupsMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Resources.ListResourceGroupsRequest, pbm.v2.Resources.ListResourceGroupsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListResourceGroups"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Resources.ListResourceGroupsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Resources.ListResourceGroupsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ResourceServiceMethodDescriptorSupplier("ListResourceGroups"))
              .build();
        }
      }
    }
    return getListResourceGroupsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Resources.GetResourceGroupRequest,
      pbm.v2.Resources.ResourceGroup> getGetResourceGroupMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetResourceGroup",
      requestType = pbm.v2.Resources.GetResourceGroupRequest.class,
      responseType = pbm.v2.Resources.ResourceGroup.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Resources.GetResourceGroupRequest,
      pbm.v2.Resources.ResourceGroup> getGetResourceGroupMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Resources.GetResourceGroupRequest, pbm.v2.Resources.ResourceGroup> getGetResourceGroupMethod;
    if ((getGetResourceGroupMethod = ResourceServiceGrpc.getGetResourceGroupMethod) == null) {
      synchronized (ResourceServiceGrpc.class) {
        if ((getGetResourceGroupMethod = ResourceServiceGrpc.getGetResourceGroupMethod) == null) {
          ResourceServiceGrpc.getGetResourceGroupMethod = getGetResourceGroupMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Resources.GetResourceGroupRequest, pbm.v2.Resources.ResourceGroup>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetResourceGroup"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Resources.GetResourceGroupRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Resources.ResourceGroup.getDefaultInstance()))
              .setSchemaDescriptor(new ResourceServiceMethodDescriptorSupplier("GetResourceGroup"))
              .build();
        }
      }
    }
    return getGetResourceGroupMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Resources.CreateResourceGroupRequest,
      pbm.v2.Resources.ResourceGroup> getCreateResourceGroupMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateResourceGroup",
      requestType = pbm.v2.Resources.CreateResourceGroupRequest.class,
      responseType = pbm.v2.Resources.ResourceGroup.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Resources.CreateResourceGroupRequest,
      pbm.v2.Resources.ResourceGroup> getCreateResourceGroupMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Resources.CreateResourceGroupRequest, pbm.v2.Resources.ResourceGroup> getCreateResourceGroupMethod;
    if ((getCreateResourceGroupMethod = ResourceServiceGrpc.getCreateResourceGroupMethod) == null) {
      synchronized (ResourceServiceGrpc.class) {
        if ((getCreateResourceGroupMethod = ResourceServiceGrpc.getCreateResourceGroupMethod) == null) {
          ResourceServiceGrpc.getCreateResourceGroupMethod = getCreateResourceGroupMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Resources.CreateResourceGroupRequest, pbm.v2.Resources.ResourceGroup>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateResourceGroup"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Resources.CreateResourceGroupRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Resources.ResourceGroup.getDefaultInstance()))
              .setSchemaDescriptor(new ResourceServiceMethodDescriptorSupplier("CreateResourceGroup"))
              .build();
        }
      }
    }
    return getCreateResourceGroupMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Resources.RenameResourceGroupRequest,
      pbm.v2.Resources.ResourceGroup> getRenameResourceGroupMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RenameResourceGroup",
      requestType = pbm.v2.Resources.RenameResourceGroupRequest.class,
      responseType = pbm.v2.Resources.ResourceGroup.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Resources.RenameResourceGroupRequest,
      pbm.v2.Resources.ResourceGroup> getRenameResourceGroupMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Resources.RenameResourceGroupRequest, pbm.v2.Resources.ResourceGroup> getRenameResourceGroupMethod;
    if ((getRenameResourceGroupMethod = ResourceServiceGrpc.getRenameResourceGroupMethod) == null) {
      synchronized (ResourceServiceGrpc.class) {
        if ((getRenameResourceGroupMethod = ResourceServiceGrpc.getRenameResourceGroupMethod) == null) {
          ResourceServiceGrpc.getRenameResourceGroupMethod = getRenameResourceGroupMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Resources.RenameResourceGroupRequest, pbm.v2.Resources.ResourceGroup>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RenameResourceGroup"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Resources.RenameResourceGroupRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Resources.ResourceGroup.getDefaultInstance()))
              .setSchemaDescriptor(new ResourceServiceMethodDescriptorSupplier("RenameResourceGroup"))
              .build();
        }
      }
    }
    return getRenameResourceGroupMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Resources.DeleteResourceGroupRequest,
      com.google.protobuf.Empty> getDeleteResourceGroupMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteResourceGroup",
      requestType = pbm.v2.Resources.DeleteResourceGroupRequest.class,
      responseType = com.google.protobuf.Empty.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Resources.DeleteResourceGroupRequest,
      com.google.protobuf.Empty> getDeleteResourceGroupMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Resources.DeleteResourceGroupRequest, com.google.protobuf.Empty> getDeleteResourceGroupMethod;
    if ((getDeleteResourceGroupMethod = ResourceServiceGrpc.getDeleteResourceGroupMethod) == null) {
      synchronized (ResourceServiceGrpc.class) {
        if ((getDeleteResourceGroupMethod = ResourceServiceGrpc.getDeleteResourceGroupMethod) == null) {
          ResourceServiceGrpc.getDeleteResourceGroupMethod = getDeleteResourceGroupMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Resources.DeleteResourceGroupRequest, com.google.protobuf.Empty>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteResourceGroup"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Resources.DeleteResourceGroupRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.google.protobuf.Empty.getDefaultInstance()))
              .setSchemaDescriptor(new ResourceServiceMethodDescriptorSupplier("DeleteResourceGroup"))
              .build();
        }
      }
    }
    return getDeleteResourceGroupMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Resources.ListResourcesRequest,
      pbm.v2.Resources.ListResourcesResponse> getListResourcesMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListResources",
      requestType = pbm.v2.Resources.ListResourcesRequest.class,
      responseType = pbm.v2.Resources.ListResourcesResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Resources.ListResourcesRequest,
      pbm.v2.Resources.ListResourcesResponse> getListResourcesMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Resources.ListResourcesRequest, pbm.v2.Resources.ListResourcesResponse> getListResourcesMethod;
    if ((getListResourcesMethod = ResourceServiceGrpc.getListResourcesMethod) == null) {
      synchronized (ResourceServiceGrpc.class) {
        if ((getListResourcesMethod = ResourceServiceGrpc.getListResourcesMethod) == null) {
          ResourceServiceGrpc.getListResourcesMethod = getListResourcesMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Resources.ListResourcesRequest, pbm.v2.Resources.ListResourcesResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListResources"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Resources.ListResourcesRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Resources.ListResourcesResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ResourceServiceMethodDescriptorSupplier("ListResources"))
              .build();
        }
      }
    }
    return getListResourcesMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Resources.GetResourceRequest,
      pbm.v2.Resources.Resource> getGetResourceMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetResource",
      requestType = pbm.v2.Resources.GetResourceRequest.class,
      responseType = pbm.v2.Resources.Resource.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Resources.GetResourceRequest,
      pbm.v2.Resources.Resource> getGetResourceMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Resources.GetResourceRequest, pbm.v2.Resources.Resource> getGetResourceMethod;
    if ((getGetResourceMethod = ResourceServiceGrpc.getGetResourceMethod) == null) {
      synchronized (ResourceServiceGrpc.class) {
        if ((getGetResourceMethod = ResourceServiceGrpc.getGetResourceMethod) == null) {
          ResourceServiceGrpc.getGetResourceMethod = getGetResourceMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Resources.GetResourceRequest, pbm.v2.Resources.Resource>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetResource"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Resources.GetResourceRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Resources.Resource.getDefaultInstance()))
              .setSchemaDescriptor(new ResourceServiceMethodDescriptorSupplier("GetResource"))
              .build();
        }
      }
    }
    return getGetResourceMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Resources.CreateResourceRequest,
      pbm.v2.Resources.Resource> getCreateResourceMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateResource",
      requestType = pbm.v2.Resources.CreateResourceRequest.class,
      responseType = pbm.v2.Resources.Resource.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Resources.CreateResourceRequest,
      pbm.v2.Resources.Resource> getCreateResourceMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Resources.CreateResourceRequest, pbm.v2.Resources.Resource> getCreateResourceMethod;
    if ((getCreateResourceMethod = ResourceServiceGrpc.getCreateResourceMethod) == null) {
      synchronized (ResourceServiceGrpc.class) {
        if ((getCreateResourceMethod = ResourceServiceGrpc.getCreateResourceMethod) == null) {
          ResourceServiceGrpc.getCreateResourceMethod = getCreateResourceMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Resources.CreateResourceRequest, pbm.v2.Resources.Resource>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateResource"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Resources.CreateResourceRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Resources.Resource.getDefaultInstance()))
              .setSchemaDescriptor(new ResourceServiceMethodDescriptorSupplier("CreateResource"))
              .build();
        }
      }
    }
    return getCreateResourceMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Resources.UpdateResourceRequest,
      pbm.v2.Resources.Resource> getUpdateResourceMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "UpdateResource",
      requestType = pbm.v2.Resources.UpdateResourceRequest.class,
      responseType = pbm.v2.Resources.Resource.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Resources.UpdateResourceRequest,
      pbm.v2.Resources.Resource> getUpdateResourceMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Resources.UpdateResourceRequest, pbm.v2.Resources.Resource> getUpdateResourceMethod;
    if ((getUpdateResourceMethod = ResourceServiceGrpc.getUpdateResourceMethod) == null) {
      synchronized (ResourceServiceGrpc.class) {
        if ((getUpdateResourceMethod = ResourceServiceGrpc.getUpdateResourceMethod) == null) {
          ResourceServiceGrpc.getUpdateResourceMethod = getUpdateResourceMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Resources.UpdateResourceRequest, pbm.v2.Resources.Resource>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "UpdateResource"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Resources.UpdateResourceRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Resources.Resource.getDefaultInstance()))
              .setSchemaDescriptor(new ResourceServiceMethodDescriptorSupplier("UpdateResource"))
              .build();
        }
      }
    }
    return getUpdateResourceMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Resources.DeleteResourceRequest,
      com.google.protobuf.Empty> getDeleteResourceMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteResource",
      requestType = pbm.v2.Resources.DeleteResourceRequest.class,
      responseType = com.google.protobuf.Empty.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Resources.DeleteResourceRequest,
      com.google.protobuf.Empty> getDeleteResourceMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Resources.DeleteResourceRequest, com.google.protobuf.Empty> getDeleteResourceMethod;
    if ((getDeleteResourceMethod = ResourceServiceGrpc.getDeleteResourceMethod) == null) {
      synchronized (ResourceServiceGrpc.class) {
        if ((getDeleteResourceMethod = ResourceServiceGrpc.getDeleteResourceMethod) == null) {
          ResourceServiceGrpc.getDeleteResourceMethod = getDeleteResourceMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Resources.DeleteResourceRequest, com.google.protobuf.Empty>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteResource"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Resources.DeleteResourceRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.google.protobuf.Empty.getDefaultInstance()))
              .setSchemaDescriptor(new ResourceServiceMethodDescriptorSupplier("DeleteResource"))
              .build();
        }
      }
    }
    return getDeleteResourceMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static ResourceServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<ResourceServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<ResourceServiceStub>() {
        @java.lang.Override
        public ResourceServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new ResourceServiceStub(channel, callOptions);
        }
      };
    return ResourceServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static ResourceServiceBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<ResourceServiceBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<ResourceServiceBlockingV2Stub>() {
        @java.lang.Override
        public ResourceServiceBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new ResourceServiceBlockingV2Stub(channel, callOptions);
        }
      };
    return ResourceServiceBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static ResourceServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<ResourceServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<ResourceServiceBlockingStub>() {
        @java.lang.Override
        public ResourceServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new ResourceServiceBlockingStub(channel, callOptions);
        }
      };
    return ResourceServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static ResourceServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<ResourceServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<ResourceServiceFutureStub>() {
        @java.lang.Override
        public ResourceServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new ResourceServiceFutureStub(channel, callOptions);
        }
      };
    return ResourceServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * Manages resource groups and the bookable resources (meeting rooms, ...)
   * in them. Superadmins everywhere, admins inside their own tenant.
   * </pre>
   */
  public interface AsyncService {

    /**
     * <pre>
     * Lists the resource groups of a tenant, ordered by name.
     * </pre>
     */
    default void listResourceGroups(pbm.v2.Resources.ListResourceGroupsRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Resources.ListResourceGroupsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListResourceGroupsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Reads one resource group.
     * </pre>
     */
    default void getResourceGroup(pbm.v2.Resources.GetResourceGroupRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Resources.ResourceGroup> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetResourceGroupMethod(), responseObserver);
    }

    /**
     * <pre>
     * Creates a resource group.
     * </pre>
     */
    default void createResourceGroup(pbm.v2.Resources.CreateResourceGroupRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Resources.ResourceGroup> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateResourceGroupMethod(), responseObserver);
    }

    /**
     * <pre>
     * Renames a resource group; its resources move with it.
     * </pre>
     */
    default void renameResourceGroup(pbm.v2.Resources.RenameResourceGroupRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Resources.ResourceGroup> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRenameResourceGroupMethod(), responseObserver);
    }

    /**
     * <pre>
     * Deletes a resource group and, in the same transaction, its resources.
     * </pre>
     */
    default void deleteResourceGroup(pbm.v2.Resources.DeleteResourceGroupRequest request,
        io.grpc.stub.StreamObserver<com.google.protobuf.Empty> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteResourceGroupMethod(), responseObserver);
    }

    /**
     * <pre>
     * Lists the resources of a group, ordered by address.
     * </pre>
     */
    default void listResources(pbm.v2.Resources.ListResourcesRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Resources.ListResourcesResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListResourcesMethod(), responseObserver);
    }

    /**
     * <pre>
     * Reads one resource.
     * </pre>
     */
    default void getResource(pbm.v2.Resources.GetResourceRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Resources.Resource> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetResourceMethod(), responseObserver);
    }

    /**
     * <pre>
     * Creates a resource in a group.
     * </pre>
     */
    default void createResource(pbm.v2.Resources.CreateResourceRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Resources.Resource> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateResourceMethod(), responseObserver);
    }

    /**
     * <pre>
     * Changes a resource; its address and group cannot change.
     * </pre>
     */
    default void updateResource(pbm.v2.Resources.UpdateResourceRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Resources.Resource> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getUpdateResourceMethod(), responseObserver);
    }

    /**
     * <pre>
     * Deletes a resource.
     * </pre>
     */
    default void deleteResource(pbm.v2.Resources.DeleteResourceRequest request,
        io.grpc.stub.StreamObserver<com.google.protobuf.Empty> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteResourceMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service ResourceService.
   * <pre>
   * Manages resource groups and the bookable resources (meeting rooms, ...)
   * in them. Superadmins everywhere, admins inside their own tenant.
   * </pre>
   */
  public static abstract class ResourceServiceImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return ResourceServiceGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service ResourceService.
   * <pre>
   * Manages resource groups and the bookable resources (meeting rooms, ...)
   * in them. Superadmins everywhere, admins inside their own tenant.
   * </pre>
   */
  public static final class ResourceServiceStub
      extends io.grpc.stub.AbstractAsyncStub<ResourceServiceStub> {
    private ResourceServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected ResourceServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new ResourceServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Lists the resource groups of a tenant, ordered by name.
     * </pre>
     */
    public void listResourceGroups(pbm.v2.Resources.ListResourceGroupsRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Resources.ListResourceGroupsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListResourceGroupsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Reads one resource group.
     * </pre>
     */
    public void getResourceGroup(pbm.v2.Resources.GetResourceGroupRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Resources.ResourceGroup> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetResourceGroupMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Creates a resource group.
     * </pre>
     */
    public void createResourceGroup(pbm.v2.Resources.CreateResourceGroupRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Resources.ResourceGroup> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateResourceGroupMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Renames a resource group; its resources move with it.
     * </pre>
     */
    public void renameResourceGroup(pbm.v2.Resources.RenameResourceGroupRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Resources.ResourceGroup> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRenameResourceGroupMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Deletes a resource group and, in the same transaction, its resources.
     * </pre>
     */
    public void deleteResourceGroup(pbm.v2.Resources.DeleteResourceGroupRequest request,
        io.grpc.stub.StreamObserver<com.google.protobuf.Empty> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteResourceGroupMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Lists the resources of a group, ordered by address.
     * </pre>
     */
    public void listResources(pbm.v2.Resources.ListResourcesRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Resources.ListResourcesResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListResourcesMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Reads one resource.
     * </pre>
     */
    public void getResource(pbm.v2.Resources.GetResourceRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Resources.Resource> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetResourceMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Creates a resource in a group.
     * </pre>
     */
    public void createResource(pbm.v2.Resources.CreateResourceRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Resources.Resource> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateResourceMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Changes a resource; its address and group cannot change.
     * </pre>
     */
    public void updateResource(pbm.v2.Resources.UpdateResourceRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Resources.Resource> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getUpdateResourceMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Deletes a resource.
     * </pre>
     */
    public void deleteResource(pbm.v2.Resources.DeleteResourceRequest request,
        io.grpc.stub.StreamObserver<com.google.protobuf.Empty> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteResourceMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service ResourceService.
   * <pre>
   * Manages resource groups and the bookable resources (meeting rooms, ...)
   * in them. Superadmins everywhere, admins inside their own tenant.
   * </pre>
   */
  public static final class ResourceServiceBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<ResourceServiceBlockingV2Stub> {
    private ResourceServiceBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected ResourceServiceBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new ResourceServiceBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * Lists the resource groups of a tenant, ordered by name.
     * </pre>
     */
    public pbm.v2.Resources.ListResourceGroupsResponse listResourceGroups(pbm.v2.Resources.ListResourceGroupsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListResourceGroupsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Reads one resource group.
     * </pre>
     */
    public pbm.v2.Resources.ResourceGroup getResourceGroup(pbm.v2.Resources.GetResourceGroupRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetResourceGroupMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Creates a resource group.
     * </pre>
     */
    public pbm.v2.Resources.ResourceGroup createResourceGroup(pbm.v2.Resources.CreateResourceGroupRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCreateResourceGroupMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Renames a resource group; its resources move with it.
     * </pre>
     */
    public pbm.v2.Resources.ResourceGroup renameResourceGroup(pbm.v2.Resources.RenameResourceGroupRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getRenameResourceGroupMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Deletes a resource group and, in the same transaction, its resources.
     * </pre>
     */
    public com.google.protobuf.Empty deleteResourceGroup(pbm.v2.Resources.DeleteResourceGroupRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getDeleteResourceGroupMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists the resources of a group, ordered by address.
     * </pre>
     */
    public pbm.v2.Resources.ListResourcesResponse listResources(pbm.v2.Resources.ListResourcesRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListResourcesMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Reads one resource.
     * </pre>
     */
    public pbm.v2.Resources.Resource getResource(pbm.v2.Resources.GetResourceRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetResourceMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Creates a resource in a group.
     * </pre>
     */
    public pbm.v2.Resources.Resource createResource(pbm.v2.Resources.CreateResourceRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCreateResourceMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Changes a resource; its address and group cannot change.
     * </pre>
     */
    public pbm.v2.Resources.Resource updateResource(pbm.v2.Resources.UpdateResourceRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getUpdateResourceMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Deletes a resource.
     * </pre>
     */
    public com.google.protobuf.Empty deleteResource(pbm.v2.Resources.DeleteResourceRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getDeleteResourceMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service ResourceService.
   * <pre>
   * Manages resource groups and the bookable resources (meeting rooms, ...)
   * in them. Superadmins everywhere, admins inside their own tenant.
   * </pre>
   */
  public static final class ResourceServiceBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<ResourceServiceBlockingStub> {
    private ResourceServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected ResourceServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new ResourceServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Lists the resource groups of a tenant, ordered by name.
     * </pre>
     */
    public pbm.v2.Resources.ListResourceGroupsResponse listResourceGroups(pbm.v2.Resources.ListResourceGroupsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListResourceGroupsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Reads one resource group.
     * </pre>
     */
    public pbm.v2.Resources.ResourceGroup getResourceGroup(pbm.v2.Resources.GetResourceGroupRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetResourceGroupMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Creates a resource group.
     * </pre>
     */
    public pbm.v2.Resources.ResourceGroup createResourceGroup(pbm.v2.Resources.CreateResourceGroupRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateResourceGroupMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Renames a resource group; its resources move with it.
     * </pre>
     */
    public pbm.v2.Resources.ResourceGroup renameResourceGroup(pbm.v2.Resources.RenameResourceGroupRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRenameResourceGroupMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Deletes a resource group and, in the same transaction, its resources.
     * </pre>
     */
    public com.google.protobuf.Empty deleteResourceGroup(pbm.v2.Resources.DeleteResourceGroupRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteResourceGroupMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists the resources of a group, ordered by address.
     * </pre>
     */
    public pbm.v2.Resources.ListResourcesResponse listResources(pbm.v2.Resources.ListResourcesRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListResourcesMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Reads one resource.
     * </pre>
     */
    public pbm.v2.Resources.Resource getResource(pbm.v2.Resources.GetResourceRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetResourceMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Creates a resource in a group.
     * </pre>
     */
    public pbm.v2.Resources.Resource createResource(pbm.v2.Resources.CreateResourceRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateResourceMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Changes a resource; its address and group cannot change.
     * </pre>
     */
    public pbm.v2.Resources.Resource updateResource(pbm.v2.Resources.UpdateResourceRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getUpdateResourceMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Deletes a resource.
     * </pre>
     */
    public com.google.protobuf.Empty deleteResource(pbm.v2.Resources.DeleteResourceRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteResourceMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service ResourceService.
   * <pre>
   * Manages resource groups and the bookable resources (meeting rooms, ...)
   * in them. Superadmins everywhere, admins inside their own tenant.
   * </pre>
   */
  public static final class ResourceServiceFutureStub
      extends io.grpc.stub.AbstractFutureStub<ResourceServiceFutureStub> {
    private ResourceServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected ResourceServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new ResourceServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Lists the resource groups of a tenant, ordered by name.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Resources.ListResourceGroupsResponse> listResourceGroups(
        pbm.v2.Resources.ListResourceGroupsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListResourceGroupsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Reads one resource group.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Resources.ResourceGroup> getResourceGroup(
        pbm.v2.Resources.GetResourceGroupRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetResourceGroupMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Creates a resource group.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Resources.ResourceGroup> createResourceGroup(
        pbm.v2.Resources.CreateResourceGroupRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateResourceGroupMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Renames a resource group; its resources move with it.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Resources.ResourceGroup> renameResourceGroup(
        pbm.v2.Resources.RenameResourceGroupRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRenameResourceGroupMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Deletes a resource group and, in the same transaction, its resources.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.google.protobuf.Empty> deleteResourceGroup(
        pbm.v2.Resources.DeleteResourceGroupRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteResourceGroupMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Lists the resources of a group, ordered by address.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Resources.ListResourcesResponse> listResources(
        pbm.v2.Resources.ListResourcesRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListResourcesMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Reads one resource.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Resources.Resource> getResource(
        pbm.v2.Resources.GetResourceRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetResourceMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Creates a resource in a group.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Resources.Resource> createResource(
        pbm.v2.Resources.CreateResourceRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateResourceMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Changes a resource; its address and group cannot change.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Resources.Resource> updateResource(
        pbm.v2.Resources.UpdateResourceRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getUpdateResourceMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Deletes a resource.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.google.protobuf.Empty> deleteResource(
        pbm.v2.Resources.DeleteResourceRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteResourceMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_LIST_RESOURCE_GROUPS = 0;
  private static final int METHODID_GET_RESOURCE_GROUP = 1;
  private static final int METHODID_CREATE_RESOURCE_GROUP = 2;
  private static final int METHODID_RENAME_RESOURCE_GROUP = 3;
  private static final int METHODID_DELETE_RESOURCE_GROUP = 4;
  private static final int METHODID_LIST_RESOURCES = 5;
  private static final int METHODID_GET_RESOURCE = 6;
  private static final int METHODID_CREATE_RESOURCE = 7;
  private static final int METHODID_UPDATE_RESOURCE = 8;
  private static final int METHODID_DELETE_RESOURCE = 9;

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
        case METHODID_LIST_RESOURCE_GROUPS:
          serviceImpl.listResourceGroups((pbm.v2.Resources.ListResourceGroupsRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Resources.ListResourceGroupsResponse>) responseObserver);
          break;
        case METHODID_GET_RESOURCE_GROUP:
          serviceImpl.getResourceGroup((pbm.v2.Resources.GetResourceGroupRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Resources.ResourceGroup>) responseObserver);
          break;
        case METHODID_CREATE_RESOURCE_GROUP:
          serviceImpl.createResourceGroup((pbm.v2.Resources.CreateResourceGroupRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Resources.ResourceGroup>) responseObserver);
          break;
        case METHODID_RENAME_RESOURCE_GROUP:
          serviceImpl.renameResourceGroup((pbm.v2.Resources.RenameResourceGroupRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Resources.ResourceGroup>) responseObserver);
          break;
        case METHODID_DELETE_RESOURCE_GROUP:
          serviceImpl.deleteResourceGroup((pbm.v2.Resources.DeleteResourceGroupRequest) request,
              (io.grpc.stub.StreamObserver<com.google.protobuf.Empty>) responseObserver);
          break;
        case METHODID_LIST_RESOURCES:
          serviceImpl.listResources((pbm.v2.Resources.ListResourcesRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Resources.ListResourcesResponse>) responseObserver);
          break;
        case METHODID_GET_RESOURCE:
          serviceImpl.getResource((pbm.v2.Resources.GetResourceRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Resources.Resource>) responseObserver);
          break;
        case METHODID_CREATE_RESOURCE:
          serviceImpl.createResource((pbm.v2.Resources.CreateResourceRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Resources.Resource>) responseObserver);
          break;
        case METHODID_UPDATE_RESOURCE:
          serviceImpl.updateResource((pbm.v2.Resources.UpdateResourceRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Resources.Resource>) responseObserver);
          break;
        case METHODID_DELETE_RESOURCE:
          serviceImpl.deleteResource((pbm.v2.Resources.DeleteResourceRequest) request,
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
          getListResourceGroupsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Resources.ListResourceGroupsRequest,
              pbm.v2.Resources.ListResourceGroupsResponse>(
                service, METHODID_LIST_RESOURCE_GROUPS)))
        .addMethod(
          getGetResourceGroupMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Resources.GetResourceGroupRequest,
              pbm.v2.Resources.ResourceGroup>(
                service, METHODID_GET_RESOURCE_GROUP)))
        .addMethod(
          getCreateResourceGroupMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Resources.CreateResourceGroupRequest,
              pbm.v2.Resources.ResourceGroup>(
                service, METHODID_CREATE_RESOURCE_GROUP)))
        .addMethod(
          getRenameResourceGroupMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Resources.RenameResourceGroupRequest,
              pbm.v2.Resources.ResourceGroup>(
                service, METHODID_RENAME_RESOURCE_GROUP)))
        .addMethod(
          getDeleteResourceGroupMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Resources.DeleteResourceGroupRequest,
              com.google.protobuf.Empty>(
                service, METHODID_DELETE_RESOURCE_GROUP)))
        .addMethod(
          getListResourcesMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Resources.ListResourcesRequest,
              pbm.v2.Resources.ListResourcesResponse>(
                service, METHODID_LIST_RESOURCES)))
        .addMethod(
          getGetResourceMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Resources.GetResourceRequest,
              pbm.v2.Resources.Resource>(
                service, METHODID_GET_RESOURCE)))
        .addMethod(
          getCreateResourceMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Resources.CreateResourceRequest,
              pbm.v2.Resources.Resource>(
                service, METHODID_CREATE_RESOURCE)))
        .addMethod(
          getUpdateResourceMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Resources.UpdateResourceRequest,
              pbm.v2.Resources.Resource>(
                service, METHODID_UPDATE_RESOURCE)))
        .addMethod(
          getDeleteResourceMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Resources.DeleteResourceRequest,
              com.google.protobuf.Empty>(
                service, METHODID_DELETE_RESOURCE)))
        .build();
  }

  private static abstract class ResourceServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    ResourceServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return pbm.v2.Resources.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("ResourceService");
    }
  }

  private static final class ResourceServiceFileDescriptorSupplier
      extends ResourceServiceBaseDescriptorSupplier {
    ResourceServiceFileDescriptorSupplier() {}
  }

  private static final class ResourceServiceMethodDescriptorSupplier
      extends ResourceServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    ResourceServiceMethodDescriptorSupplier(java.lang.String methodName) {
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
      synchronized (ResourceServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new ResourceServiceFileDescriptorSupplier())
              .addMethod(getListResourceGroupsMethod())
              .addMethod(getGetResourceGroupMethod())
              .addMethod(getCreateResourceGroupMethod())
              .addMethod(getRenameResourceGroupMethod())
              .addMethod(getDeleteResourceGroupMethod())
              .addMethod(getListResourcesMethod())
              .addMethod(getGetResourceMethod())
              .addMethod(getCreateResourceMethod())
              .addMethod(getUpdateResourceMethod())
              .addMethod(getDeleteResourceMethod())
              .build();
        }
      }
    }
    return result;
  }
}
