package pbm.v2;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * The tenant's address book as mail clients read it — its live users,
 * resources, mailing lists and external contacts — and the management of
 * the external contacts.
 * Reading (SearchAddressBook, GetAddressBookEntry): any authenticated
 * account of the tenant, and superadmins; other tenants see nothing (their
 * requests answer PERMISSION_DENIED whatever the tenant holds).
 * Managing contacts: superadmins everywhere, admins inside their own tenant.
 * </pre>
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class AddressBookServiceGrpc {

  private AddressBookServiceGrpc() {}

  public static final java.lang.String SERVICE_NAME = "pbm.v2.AddressBookService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<pbm.v2.Addressbook.SearchAddressBookRequest,
      pbm.v2.Addressbook.SearchAddressBookResponse> getSearchAddressBookMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "SearchAddressBook",
      requestType = pbm.v2.Addressbook.SearchAddressBookRequest.class,
      responseType = pbm.v2.Addressbook.SearchAddressBookResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Addressbook.SearchAddressBookRequest,
      pbm.v2.Addressbook.SearchAddressBookResponse> getSearchAddressBookMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Addressbook.SearchAddressBookRequest, pbm.v2.Addressbook.SearchAddressBookResponse> getSearchAddressBookMethod;
    if ((getSearchAddressBookMethod = AddressBookServiceGrpc.getSearchAddressBookMethod) == null) {
      synchronized (AddressBookServiceGrpc.class) {
        if ((getSearchAddressBookMethod = AddressBookServiceGrpc.getSearchAddressBookMethod) == null) {
          AddressBookServiceGrpc.getSearchAddressBookMethod = getSearchAddressBookMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Addressbook.SearchAddressBookRequest, pbm.v2.Addressbook.SearchAddressBookResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "SearchAddressBook"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Addressbook.SearchAddressBookRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Addressbook.SearchAddressBookResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AddressBookServiceMethodDescriptorSupplier("SearchAddressBook"))
              .build();
        }
      }
    }
    return getSearchAddressBookMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Addressbook.GetAddressBookEntryRequest,
      pbm.v2.Addressbook.AddressBookEntry> getGetAddressBookEntryMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetAddressBookEntry",
      requestType = pbm.v2.Addressbook.GetAddressBookEntryRequest.class,
      responseType = pbm.v2.Addressbook.AddressBookEntry.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Addressbook.GetAddressBookEntryRequest,
      pbm.v2.Addressbook.AddressBookEntry> getGetAddressBookEntryMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Addressbook.GetAddressBookEntryRequest, pbm.v2.Addressbook.AddressBookEntry> getGetAddressBookEntryMethod;
    if ((getGetAddressBookEntryMethod = AddressBookServiceGrpc.getGetAddressBookEntryMethod) == null) {
      synchronized (AddressBookServiceGrpc.class) {
        if ((getGetAddressBookEntryMethod = AddressBookServiceGrpc.getGetAddressBookEntryMethod) == null) {
          AddressBookServiceGrpc.getGetAddressBookEntryMethod = getGetAddressBookEntryMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Addressbook.GetAddressBookEntryRequest, pbm.v2.Addressbook.AddressBookEntry>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetAddressBookEntry"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Addressbook.GetAddressBookEntryRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Addressbook.AddressBookEntry.getDefaultInstance()))
              .setSchemaDescriptor(new AddressBookServiceMethodDescriptorSupplier("GetAddressBookEntry"))
              .build();
        }
      }
    }
    return getGetAddressBookEntryMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Addressbook.ListContactsRequest,
      pbm.v2.Addressbook.ListContactsResponse> getListContactsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListContacts",
      requestType = pbm.v2.Addressbook.ListContactsRequest.class,
      responseType = pbm.v2.Addressbook.ListContactsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Addressbook.ListContactsRequest,
      pbm.v2.Addressbook.ListContactsResponse> getListContactsMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Addressbook.ListContactsRequest, pbm.v2.Addressbook.ListContactsResponse> getListContactsMethod;
    if ((getListContactsMethod = AddressBookServiceGrpc.getListContactsMethod) == null) {
      synchronized (AddressBookServiceGrpc.class) {
        if ((getListContactsMethod = AddressBookServiceGrpc.getListContactsMethod) == null) {
          AddressBookServiceGrpc.getListContactsMethod = getListContactsMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Addressbook.ListContactsRequest, pbm.v2.Addressbook.ListContactsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListContacts"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Addressbook.ListContactsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Addressbook.ListContactsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AddressBookServiceMethodDescriptorSupplier("ListContacts"))
              .build();
        }
      }
    }
    return getListContactsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Addressbook.GetContactRequest,
      pbm.v2.Addressbook.Contact> getGetContactMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetContact",
      requestType = pbm.v2.Addressbook.GetContactRequest.class,
      responseType = pbm.v2.Addressbook.Contact.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Addressbook.GetContactRequest,
      pbm.v2.Addressbook.Contact> getGetContactMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Addressbook.GetContactRequest, pbm.v2.Addressbook.Contact> getGetContactMethod;
    if ((getGetContactMethod = AddressBookServiceGrpc.getGetContactMethod) == null) {
      synchronized (AddressBookServiceGrpc.class) {
        if ((getGetContactMethod = AddressBookServiceGrpc.getGetContactMethod) == null) {
          AddressBookServiceGrpc.getGetContactMethod = getGetContactMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Addressbook.GetContactRequest, pbm.v2.Addressbook.Contact>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetContact"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Addressbook.GetContactRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Addressbook.Contact.getDefaultInstance()))
              .setSchemaDescriptor(new AddressBookServiceMethodDescriptorSupplier("GetContact"))
              .build();
        }
      }
    }
    return getGetContactMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Addressbook.CreateContactRequest,
      pbm.v2.Addressbook.Contact> getCreateContactMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateContact",
      requestType = pbm.v2.Addressbook.CreateContactRequest.class,
      responseType = pbm.v2.Addressbook.Contact.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Addressbook.CreateContactRequest,
      pbm.v2.Addressbook.Contact> getCreateContactMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Addressbook.CreateContactRequest, pbm.v2.Addressbook.Contact> getCreateContactMethod;
    if ((getCreateContactMethod = AddressBookServiceGrpc.getCreateContactMethod) == null) {
      synchronized (AddressBookServiceGrpc.class) {
        if ((getCreateContactMethod = AddressBookServiceGrpc.getCreateContactMethod) == null) {
          AddressBookServiceGrpc.getCreateContactMethod = getCreateContactMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Addressbook.CreateContactRequest, pbm.v2.Addressbook.Contact>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateContact"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Addressbook.CreateContactRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Addressbook.Contact.getDefaultInstance()))
              .setSchemaDescriptor(new AddressBookServiceMethodDescriptorSupplier("CreateContact"))
              .build();
        }
      }
    }
    return getCreateContactMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Addressbook.UpdateContactRequest,
      pbm.v2.Addressbook.Contact> getUpdateContactMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "UpdateContact",
      requestType = pbm.v2.Addressbook.UpdateContactRequest.class,
      responseType = pbm.v2.Addressbook.Contact.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Addressbook.UpdateContactRequest,
      pbm.v2.Addressbook.Contact> getUpdateContactMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Addressbook.UpdateContactRequest, pbm.v2.Addressbook.Contact> getUpdateContactMethod;
    if ((getUpdateContactMethod = AddressBookServiceGrpc.getUpdateContactMethod) == null) {
      synchronized (AddressBookServiceGrpc.class) {
        if ((getUpdateContactMethod = AddressBookServiceGrpc.getUpdateContactMethod) == null) {
          AddressBookServiceGrpc.getUpdateContactMethod = getUpdateContactMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Addressbook.UpdateContactRequest, pbm.v2.Addressbook.Contact>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "UpdateContact"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Addressbook.UpdateContactRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Addressbook.Contact.getDefaultInstance()))
              .setSchemaDescriptor(new AddressBookServiceMethodDescriptorSupplier("UpdateContact"))
              .build();
        }
      }
    }
    return getUpdateContactMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Addressbook.DeleteContactRequest,
      com.google.protobuf.Empty> getDeleteContactMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteContact",
      requestType = pbm.v2.Addressbook.DeleteContactRequest.class,
      responseType = com.google.protobuf.Empty.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Addressbook.DeleteContactRequest,
      com.google.protobuf.Empty> getDeleteContactMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Addressbook.DeleteContactRequest, com.google.protobuf.Empty> getDeleteContactMethod;
    if ((getDeleteContactMethod = AddressBookServiceGrpc.getDeleteContactMethod) == null) {
      synchronized (AddressBookServiceGrpc.class) {
        if ((getDeleteContactMethod = AddressBookServiceGrpc.getDeleteContactMethod) == null) {
          AddressBookServiceGrpc.getDeleteContactMethod = getDeleteContactMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Addressbook.DeleteContactRequest, com.google.protobuf.Empty>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteContact"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Addressbook.DeleteContactRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.google.protobuf.Empty.getDefaultInstance()))
              .setSchemaDescriptor(new AddressBookServiceMethodDescriptorSupplier("DeleteContact"))
              .build();
        }
      }
    }
    return getDeleteContactMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static AddressBookServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AddressBookServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AddressBookServiceStub>() {
        @java.lang.Override
        public AddressBookServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AddressBookServiceStub(channel, callOptions);
        }
      };
    return AddressBookServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static AddressBookServiceBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AddressBookServiceBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AddressBookServiceBlockingV2Stub>() {
        @java.lang.Override
        public AddressBookServiceBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AddressBookServiceBlockingV2Stub(channel, callOptions);
        }
      };
    return AddressBookServiceBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static AddressBookServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AddressBookServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AddressBookServiceBlockingStub>() {
        @java.lang.Override
        public AddressBookServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AddressBookServiceBlockingStub(channel, callOptions);
        }
      };
    return AddressBookServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static AddressBookServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AddressBookServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AddressBookServiceFutureStub>() {
        @java.lang.Override
        public AddressBookServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AddressBookServiceFutureStub(channel, callOptions);
        }
      };
    return AddressBookServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * The tenant's address book as mail clients read it — its live users,
   * resources, mailing lists and external contacts — and the management of
   * the external contacts.
   * Reading (SearchAddressBook, GetAddressBookEntry): any authenticated
   * account of the tenant, and superadmins; other tenants see nothing (their
   * requests answer PERMISSION_DENIED whatever the tenant holds).
   * Managing contacts: superadmins everywhere, admins inside their own tenant.
   * </pre>
   */
  public interface AsyncService {

    /**
     * <pre>
     * Search as you type: the entries whose address, or a word of whose name,
     * starts with `prefix` (case-insensitive), ordered by name then address,
     * paged. An empty prefix lists the whole book.
     * </pre>
     */
    default void searchAddressBook(pbm.v2.Addressbook.SearchAddressBookRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Addressbook.SearchAddressBookResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getSearchAddressBookMethod(), responseObserver);
    }

    /**
     * <pre>
     * One entry of the book by its address (NOT_FOUND when no entry shown in
     * any list has it).
     * </pre>
     */
    default void getAddressBookEntry(pbm.v2.Addressbook.GetAddressBookEntryRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Addressbook.AddressBookEntry> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetAddressBookEntryMethod(), responseObserver);
    }

    /**
     * <pre>
     * Lists the external contacts of a tenant, ordered by address.
     * </pre>
     */
    default void listContacts(pbm.v2.Addressbook.ListContactsRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Addressbook.ListContactsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListContactsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Reads one external contact.
     * </pre>
     */
    default void getContact(pbm.v2.Addressbook.GetContactRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Addressbook.Contact> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetContactMethod(), responseObserver);
    }

    /**
     * <pre>
     * Creates an external contact by hand (`source` is `manual`).
     * </pre>
     */
    default void createContact(pbm.v2.Addressbook.CreateContactRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Addressbook.Contact> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateContactMethod(), responseObserver);
    }

    /**
     * <pre>
     * Changes an external contact: fields by mask, and a new address.
     * </pre>
     */
    default void updateContact(pbm.v2.Addressbook.UpdateContactRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Addressbook.Contact> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getUpdateContactMethod(), responseObserver);
    }

    /**
     * <pre>
     * Deletes an external contact.
     * </pre>
     */
    default void deleteContact(pbm.v2.Addressbook.DeleteContactRequest request,
        io.grpc.stub.StreamObserver<com.google.protobuf.Empty> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteContactMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service AddressBookService.
   * <pre>
   * The tenant's address book as mail clients read it — its live users,
   * resources, mailing lists and external contacts — and the management of
   * the external contacts.
   * Reading (SearchAddressBook, GetAddressBookEntry): any authenticated
   * account of the tenant, and superadmins; other tenants see nothing (their
   * requests answer PERMISSION_DENIED whatever the tenant holds).
   * Managing contacts: superadmins everywhere, admins inside their own tenant.
   * </pre>
   */
  public static abstract class AddressBookServiceImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return AddressBookServiceGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service AddressBookService.
   * <pre>
   * The tenant's address book as mail clients read it — its live users,
   * resources, mailing lists and external contacts — and the management of
   * the external contacts.
   * Reading (SearchAddressBook, GetAddressBookEntry): any authenticated
   * account of the tenant, and superadmins; other tenants see nothing (their
   * requests answer PERMISSION_DENIED whatever the tenant holds).
   * Managing contacts: superadmins everywhere, admins inside their own tenant.
   * </pre>
   */
  public static final class AddressBookServiceStub
      extends io.grpc.stub.AbstractAsyncStub<AddressBookServiceStub> {
    private AddressBookServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AddressBookServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AddressBookServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Search as you type: the entries whose address, or a word of whose name,
     * starts with `prefix` (case-insensitive), ordered by name then address,
     * paged. An empty prefix lists the whole book.
     * </pre>
     */
    public void searchAddressBook(pbm.v2.Addressbook.SearchAddressBookRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Addressbook.SearchAddressBookResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getSearchAddressBookMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * One entry of the book by its address (NOT_FOUND when no entry shown in
     * any list has it).
     * </pre>
     */
    public void getAddressBookEntry(pbm.v2.Addressbook.GetAddressBookEntryRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Addressbook.AddressBookEntry> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetAddressBookEntryMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Lists the external contacts of a tenant, ordered by address.
     * </pre>
     */
    public void listContacts(pbm.v2.Addressbook.ListContactsRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Addressbook.ListContactsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListContactsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Reads one external contact.
     * </pre>
     */
    public void getContact(pbm.v2.Addressbook.GetContactRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Addressbook.Contact> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetContactMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Creates an external contact by hand (`source` is `manual`).
     * </pre>
     */
    public void createContact(pbm.v2.Addressbook.CreateContactRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Addressbook.Contact> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateContactMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Changes an external contact: fields by mask, and a new address.
     * </pre>
     */
    public void updateContact(pbm.v2.Addressbook.UpdateContactRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Addressbook.Contact> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getUpdateContactMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Deletes an external contact.
     * </pre>
     */
    public void deleteContact(pbm.v2.Addressbook.DeleteContactRequest request,
        io.grpc.stub.StreamObserver<com.google.protobuf.Empty> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteContactMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service AddressBookService.
   * <pre>
   * The tenant's address book as mail clients read it — its live users,
   * resources, mailing lists and external contacts — and the management of
   * the external contacts.
   * Reading (SearchAddressBook, GetAddressBookEntry): any authenticated
   * account of the tenant, and superadmins; other tenants see nothing (their
   * requests answer PERMISSION_DENIED whatever the tenant holds).
   * Managing contacts: superadmins everywhere, admins inside their own tenant.
   * </pre>
   */
  public static final class AddressBookServiceBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<AddressBookServiceBlockingV2Stub> {
    private AddressBookServiceBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AddressBookServiceBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AddressBookServiceBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * Search as you type: the entries whose address, or a word of whose name,
     * starts with `prefix` (case-insensitive), ordered by name then address,
     * paged. An empty prefix lists the whole book.
     * </pre>
     */
    public pbm.v2.Addressbook.SearchAddressBookResponse searchAddressBook(pbm.v2.Addressbook.SearchAddressBookRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getSearchAddressBookMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * One entry of the book by its address (NOT_FOUND when no entry shown in
     * any list has it).
     * </pre>
     */
    public pbm.v2.Addressbook.AddressBookEntry getAddressBookEntry(pbm.v2.Addressbook.GetAddressBookEntryRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetAddressBookEntryMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists the external contacts of a tenant, ordered by address.
     * </pre>
     */
    public pbm.v2.Addressbook.ListContactsResponse listContacts(pbm.v2.Addressbook.ListContactsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListContactsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Reads one external contact.
     * </pre>
     */
    public pbm.v2.Addressbook.Contact getContact(pbm.v2.Addressbook.GetContactRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetContactMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Creates an external contact by hand (`source` is `manual`).
     * </pre>
     */
    public pbm.v2.Addressbook.Contact createContact(pbm.v2.Addressbook.CreateContactRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCreateContactMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Changes an external contact: fields by mask, and a new address.
     * </pre>
     */
    public pbm.v2.Addressbook.Contact updateContact(pbm.v2.Addressbook.UpdateContactRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getUpdateContactMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Deletes an external contact.
     * </pre>
     */
    public com.google.protobuf.Empty deleteContact(pbm.v2.Addressbook.DeleteContactRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getDeleteContactMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service AddressBookService.
   * <pre>
   * The tenant's address book as mail clients read it — its live users,
   * resources, mailing lists and external contacts — and the management of
   * the external contacts.
   * Reading (SearchAddressBook, GetAddressBookEntry): any authenticated
   * account of the tenant, and superadmins; other tenants see nothing (their
   * requests answer PERMISSION_DENIED whatever the tenant holds).
   * Managing contacts: superadmins everywhere, admins inside their own tenant.
   * </pre>
   */
  public static final class AddressBookServiceBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<AddressBookServiceBlockingStub> {
    private AddressBookServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AddressBookServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AddressBookServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Search as you type: the entries whose address, or a word of whose name,
     * starts with `prefix` (case-insensitive), ordered by name then address,
     * paged. An empty prefix lists the whole book.
     * </pre>
     */
    public pbm.v2.Addressbook.SearchAddressBookResponse searchAddressBook(pbm.v2.Addressbook.SearchAddressBookRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getSearchAddressBookMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * One entry of the book by its address (NOT_FOUND when no entry shown in
     * any list has it).
     * </pre>
     */
    public pbm.v2.Addressbook.AddressBookEntry getAddressBookEntry(pbm.v2.Addressbook.GetAddressBookEntryRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetAddressBookEntryMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists the external contacts of a tenant, ordered by address.
     * </pre>
     */
    public pbm.v2.Addressbook.ListContactsResponse listContacts(pbm.v2.Addressbook.ListContactsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListContactsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Reads one external contact.
     * </pre>
     */
    public pbm.v2.Addressbook.Contact getContact(pbm.v2.Addressbook.GetContactRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetContactMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Creates an external contact by hand (`source` is `manual`).
     * </pre>
     */
    public pbm.v2.Addressbook.Contact createContact(pbm.v2.Addressbook.CreateContactRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateContactMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Changes an external contact: fields by mask, and a new address.
     * </pre>
     */
    public pbm.v2.Addressbook.Contact updateContact(pbm.v2.Addressbook.UpdateContactRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getUpdateContactMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Deletes an external contact.
     * </pre>
     */
    public com.google.protobuf.Empty deleteContact(pbm.v2.Addressbook.DeleteContactRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteContactMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service AddressBookService.
   * <pre>
   * The tenant's address book as mail clients read it — its live users,
   * resources, mailing lists and external contacts — and the management of
   * the external contacts.
   * Reading (SearchAddressBook, GetAddressBookEntry): any authenticated
   * account of the tenant, and superadmins; other tenants see nothing (their
   * requests answer PERMISSION_DENIED whatever the tenant holds).
   * Managing contacts: superadmins everywhere, admins inside their own tenant.
   * </pre>
   */
  public static final class AddressBookServiceFutureStub
      extends io.grpc.stub.AbstractFutureStub<AddressBookServiceFutureStub> {
    private AddressBookServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AddressBookServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AddressBookServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Search as you type: the entries whose address, or a word of whose name,
     * starts with `prefix` (case-insensitive), ordered by name then address,
     * paged. An empty prefix lists the whole book.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Addressbook.SearchAddressBookResponse> searchAddressBook(
        pbm.v2.Addressbook.SearchAddressBookRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getSearchAddressBookMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * One entry of the book by its address (NOT_FOUND when no entry shown in
     * any list has it).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Addressbook.AddressBookEntry> getAddressBookEntry(
        pbm.v2.Addressbook.GetAddressBookEntryRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetAddressBookEntryMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Lists the external contacts of a tenant, ordered by address.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Addressbook.ListContactsResponse> listContacts(
        pbm.v2.Addressbook.ListContactsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListContactsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Reads one external contact.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Addressbook.Contact> getContact(
        pbm.v2.Addressbook.GetContactRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetContactMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Creates an external contact by hand (`source` is `manual`).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Addressbook.Contact> createContact(
        pbm.v2.Addressbook.CreateContactRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateContactMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Changes an external contact: fields by mask, and a new address.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Addressbook.Contact> updateContact(
        pbm.v2.Addressbook.UpdateContactRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getUpdateContactMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Deletes an external contact.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.google.protobuf.Empty> deleteContact(
        pbm.v2.Addressbook.DeleteContactRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteContactMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_SEARCH_ADDRESS_BOOK = 0;
  private static final int METHODID_GET_ADDRESS_BOOK_ENTRY = 1;
  private static final int METHODID_LIST_CONTACTS = 2;
  private static final int METHODID_GET_CONTACT = 3;
  private static final int METHODID_CREATE_CONTACT = 4;
  private static final int METHODID_UPDATE_CONTACT = 5;
  private static final int METHODID_DELETE_CONTACT = 6;

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
        case METHODID_SEARCH_ADDRESS_BOOK:
          serviceImpl.searchAddressBook((pbm.v2.Addressbook.SearchAddressBookRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Addressbook.SearchAddressBookResponse>) responseObserver);
          break;
        case METHODID_GET_ADDRESS_BOOK_ENTRY:
          serviceImpl.getAddressBookEntry((pbm.v2.Addressbook.GetAddressBookEntryRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Addressbook.AddressBookEntry>) responseObserver);
          break;
        case METHODID_LIST_CONTACTS:
          serviceImpl.listContacts((pbm.v2.Addressbook.ListContactsRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Addressbook.ListContactsResponse>) responseObserver);
          break;
        case METHODID_GET_CONTACT:
          serviceImpl.getContact((pbm.v2.Addressbook.GetContactRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Addressbook.Contact>) responseObserver);
          break;
        case METHODID_CREATE_CONTACT:
          serviceImpl.createContact((pbm.v2.Addressbook.CreateContactRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Addressbook.Contact>) responseObserver);
          break;
        case METHODID_UPDATE_CONTACT:
          serviceImpl.updateContact((pbm.v2.Addressbook.UpdateContactRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Addressbook.Contact>) responseObserver);
          break;
        case METHODID_DELETE_CONTACT:
          serviceImpl.deleteContact((pbm.v2.Addressbook.DeleteContactRequest) request,
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
          getSearchAddressBookMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Addressbook.SearchAddressBookRequest,
              pbm.v2.Addressbook.SearchAddressBookResponse>(
                service, METHODID_SEARCH_ADDRESS_BOOK)))
        .addMethod(
          getGetAddressBookEntryMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Addressbook.GetAddressBookEntryRequest,
              pbm.v2.Addressbook.AddressBookEntry>(
                service, METHODID_GET_ADDRESS_BOOK_ENTRY)))
        .addMethod(
          getListContactsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Addressbook.ListContactsRequest,
              pbm.v2.Addressbook.ListContactsResponse>(
                service, METHODID_LIST_CONTACTS)))
        .addMethod(
          getGetContactMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Addressbook.GetContactRequest,
              pbm.v2.Addressbook.Contact>(
                service, METHODID_GET_CONTACT)))
        .addMethod(
          getCreateContactMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Addressbook.CreateContactRequest,
              pbm.v2.Addressbook.Contact>(
                service, METHODID_CREATE_CONTACT)))
        .addMethod(
          getUpdateContactMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Addressbook.UpdateContactRequest,
              pbm.v2.Addressbook.Contact>(
                service, METHODID_UPDATE_CONTACT)))
        .addMethod(
          getDeleteContactMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Addressbook.DeleteContactRequest,
              com.google.protobuf.Empty>(
                service, METHODID_DELETE_CONTACT)))
        .build();
  }

  private static abstract class AddressBookServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    AddressBookServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return pbm.v2.Addressbook.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("AddressBookService");
    }
  }

  private static final class AddressBookServiceFileDescriptorSupplier
      extends AddressBookServiceBaseDescriptorSupplier {
    AddressBookServiceFileDescriptorSupplier() {}
  }

  private static final class AddressBookServiceMethodDescriptorSupplier
      extends AddressBookServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    AddressBookServiceMethodDescriptorSupplier(java.lang.String methodName) {
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
      synchronized (AddressBookServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new AddressBookServiceFileDescriptorSupplier())
              .addMethod(getSearchAddressBookMethod())
              .addMethod(getGetAddressBookEntryMethod())
              .addMethod(getListContactsMethod())
              .addMethod(getGetContactMethod())
              .addMethod(getCreateContactMethod())
              .addMethod(getUpdateContactMethod())
              .addMethod(getDeleteContactMethod())
              .build();
        }
      }
    }
    return result;
  }
}
