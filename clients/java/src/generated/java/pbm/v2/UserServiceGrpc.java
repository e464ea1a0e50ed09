package pbm.v2;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * Manages the users of a tenant.
 * Superadmins act in every tenant, admins in their own tenant only, and only
 * on accounts that are not superadmins. A user may read (GetUser) their own
 * profile; to change their password they use AuthService.ChangePassword.
 * Every address — primary address, alternate address, alias, and the
 * addresses of resources and mailing lists — is unique across the whole
 * installation; a collision answers ALREADY_EXISTS. Addresses must be in a
 * mail domain owned by the user's tenant.
 * Deletion is soft (§2.8.1): a deleted user disappears from lists and cannot
 * log in, its addresses stay reserved, and it can be restored with
 * UndeleteUser until the retention period (30 days) ends, after which a
 * background job purges it.
 * </pre>
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class UserServiceGrpc {

  private UserServiceGrpc() {}

  public static final java.lang.String SERVICE_NAME = "pbm.v2.UserService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<pbm.v2.Users.CreateUserRequest,
      pbm.v2.Users.User> getCreateUserMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateUser",
      requestType = pbm.v2.Users.CreateUserRequest.class,
      responseType = pbm.v2.Users.User.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Users.CreateUserRequest,
      pbm.v2.Users.User> getCreateUserMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Users.CreateUserRequest, pbm.v2.Users.User> getCreateUserMethod;
    if ((getCreateUserMethod = UserServiceGrpc.getCreateUserMethod) == null) {
      synchronized (UserServiceGrpc.class) {
        if ((getCreateUserMethod = UserServiceGrpc.getCreateUserMethod) == null) {
          UserServiceGrpc.getCreateUserMethod = getCreateUserMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Users.CreateUserRequest, pbm.v2.Users.User>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateUser"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Users.CreateUserRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Users.User.getDefaultInstance()))
              .setSchemaDescriptor(new UserServiceMethodDescriptorSupplier("CreateUser"))
              .build();
        }
      }
    }
    return getCreateUserMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Users.GetUserRequest,
      pbm.v2.Users.User> getGetUserMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetUser",
      requestType = pbm.v2.Users.GetUserRequest.class,
      responseType = pbm.v2.Users.User.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Users.GetUserRequest,
      pbm.v2.Users.User> getGetUserMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Users.GetUserRequest, pbm.v2.Users.User> getGetUserMethod;
    if ((getGetUserMethod = UserServiceGrpc.getGetUserMethod) == null) {
      synchronized (UserServiceGrpc.class) {
        if ((getGetUserMethod = UserServiceGrpc.getGetUserMethod) == null) {
          UserServiceGrpc.getGetUserMethod = getGetUserMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Users.GetUserRequest, pbm.v2.Users.User>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetUser"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Users.GetUserRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Users.User.getDefaultInstance()))
              .setSchemaDescriptor(new UserServiceMethodDescriptorSupplier("GetUser"))
              .build();
        }
      }
    }
    return getGetUserMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Users.ListUsersRequest,
      pbm.v2.Users.ListUsersResponse> getListUsersMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListUsers",
      requestType = pbm.v2.Users.ListUsersRequest.class,
      responseType = pbm.v2.Users.ListUsersResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Users.ListUsersRequest,
      pbm.v2.Users.ListUsersResponse> getListUsersMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Users.ListUsersRequest, pbm.v2.Users.ListUsersResponse> getListUsersMethod;
    if ((getListUsersMethod = UserServiceGrpc.getListUsersMethod) == null) {
      synchronized (UserServiceGrpc.class) {
        if ((getListUsersMethod = UserServiceGrpc.getListUsersMethod) == null) {
          UserServiceGrpc.getListUsersMethod = getListUsersMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Users.ListUsersRequest, pbm.v2.Users.ListUsersResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListUsers"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Users.ListUsersRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Users.ListUsersResponse.getDefaultInstance()))
              .setSchemaDescriptor(new UserServiceMethodDescriptorSupplier("ListUsers"))
              .build();
        }
      }
    }
    return getListUsersMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Users.StreamUsersRequest,
      pbm.v2.Users.User> getStreamUsersMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "StreamUsers",
      requestType = pbm.v2.Users.StreamUsersRequest.class,
      responseType = pbm.v2.Users.User.class,
      methodType = io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
  public static io.grpc.MethodDescriptor<pbm.v2.Users.StreamUsersRequest,
      pbm.v2.Users.User> getStreamUsersMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Users.StreamUsersRequest, pbm.v2.Users.User> getStreamUsersMethod;
    if ((getStreamUsersMethod = UserServiceGrpc.getStreamUsersMethod) == null) {
      synchronized (UserServiceGrpc.class) {
        if ((getStreamUsersMethod = UserServiceGrpc.getStreamUsersMethod) == null) {
          UserServiceGrpc.getStreamUsersMethod = getStreamUsersMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Users.StreamUsersRequest, pbm.v2.Users.User>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "StreamUsers"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Users.StreamUsersRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Users.User.getDefaultInstance()))
              .setSchemaDescriptor(new UserServiceMethodDescriptorSupplier("StreamUsers"))
              .build();
        }
      }
    }
    return getStreamUsersMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Users.UpdateUserRequest,
      pbm.v2.Users.User> getUpdateUserMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "UpdateUser",
      requestType = pbm.v2.Users.UpdateUserRequest.class,
      responseType = pbm.v2.Users.User.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Users.UpdateUserRequest,
      pbm.v2.Users.User> getUpdateUserMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Users.UpdateUserRequest, pbm.v2.Users.User> getUpdateUserMethod;
    if ((getUpdateUserMethod = UserServiceGrpc.getUpdateUserMethod) == null) {
      synchronized (UserServiceGrpc.class) {
        if ((getUpdateUserMethod = UserServiceGrpc.getUpdateUserMethod) == null) {
          UserServiceGrpc.getUpdateUserMethod = getUpdateUserMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Users.UpdateUserRequest, pbm.v2.Users.User>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "UpdateUser"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Users.UpdateUserRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Users.User.getDefaultInstance()))
              .setSchemaDescriptor(new UserServiceMethodDescriptorSupplier("UpdateUser"))
              .build();
        }
      }
    }
    return getUpdateUserMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Users.DeleteUserRequest,
      com.google.protobuf.Empty> getDeleteUserMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteUser",
      requestType = pbm.v2.Users.DeleteUserRequest.class,
      responseType = com.google.protobuf.Empty.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Users.DeleteUserRequest,
      com.google.protobuf.Empty> getDeleteUserMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Users.DeleteUserRequest, com.google.protobuf.Empty> getDeleteUserMethod;
    if ((getDeleteUserMethod = UserServiceGrpc.getDeleteUserMethod) == null) {
      synchronized (UserServiceGrpc.class) {
        if ((getDeleteUserMethod = UserServiceGrpc.getDeleteUserMethod) == null) {
          UserServiceGrpc.getDeleteUserMethod = getDeleteUserMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Users.DeleteUserRequest, com.google.protobuf.Empty>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteUser"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Users.DeleteUserRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.google.protobuf.Empty.getDefaultInstance()))
              .setSchemaDescriptor(new UserServiceMethodDescriptorSupplier("DeleteUser"))
              .build();
        }
      }
    }
    return getDeleteUserMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Users.UndeleteUserRequest,
      pbm.v2.Users.User> getUndeleteUserMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "UndeleteUser",
      requestType = pbm.v2.Users.UndeleteUserRequest.class,
      responseType = pbm.v2.Users.User.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Users.UndeleteUserRequest,
      pbm.v2.Users.User> getUndeleteUserMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Users.UndeleteUserRequest, pbm.v2.Users.User> getUndeleteUserMethod;
    if ((getUndeleteUserMethod = UserServiceGrpc.getUndeleteUserMethod) == null) {
      synchronized (UserServiceGrpc.class) {
        if ((getUndeleteUserMethod = UserServiceGrpc.getUndeleteUserMethod) == null) {
          UserServiceGrpc.getUndeleteUserMethod = getUndeleteUserMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Users.UndeleteUserRequest, pbm.v2.Users.User>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "UndeleteUser"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Users.UndeleteUserRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Users.User.getDefaultInstance()))
              .setSchemaDescriptor(new UserServiceMethodDescriptorSupplier("UndeleteUser"))
              .build();
        }
      }
    }
    return getUndeleteUserMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Users.ListDeletedUsersRequest,
      pbm.v2.Users.ListDeletedUsersResponse> getListDeletedUsersMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListDeletedUsers",
      requestType = pbm.v2.Users.ListDeletedUsersRequest.class,
      responseType = pbm.v2.Users.ListDeletedUsersResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Users.ListDeletedUsersRequest,
      pbm.v2.Users.ListDeletedUsersResponse> getListDeletedUsersMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Users.ListDeletedUsersRequest, pbm.v2.Users.ListDeletedUsersResponse> getListDeletedUsersMethod;
    if ((getListDeletedUsersMethod = UserServiceGrpc.getListDeletedUsersMethod) == null) {
      synchronized (UserServiceGrpc.class) {
        if ((getListDeletedUsersMethod = UserServiceGrpc.getListDeletedUsersMethod) == null) {
          UserServiceGrpc.getListDeletedUsersMethod = getListDeletedUsersMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Users.ListDeletedUsersRequest, pbm.v2.Users.ListDeletedUsersResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListDeletedUsers"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Users.ListDeletedUsersRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Users.ListDeletedUsersResponse.getDefaultInstance()))
              .setSchemaDescriptor(new UserServiceMethodDescriptorSupplier("ListDeletedUsers"))
              .build();
        }
      }
    }
    return getListDeletedUsersMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Users.SyncAddressBookRequest,
      pbm.v2.Users.SyncAddressBookResponse> getSyncAddressBookMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "SyncAddressBook",
      requestType = pbm.v2.Users.SyncAddressBookRequest.class,
      responseType = pbm.v2.Users.SyncAddressBookResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Users.SyncAddressBookRequest,
      pbm.v2.Users.SyncAddressBookResponse> getSyncAddressBookMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Users.SyncAddressBookRequest, pbm.v2.Users.SyncAddressBookResponse> getSyncAddressBookMethod;
    if ((getSyncAddressBookMethod = UserServiceGrpc.getSyncAddressBookMethod) == null) {
      synchronized (UserServiceGrpc.class) {
        if ((getSyncAddressBookMethod = UserServiceGrpc.getSyncAddressBookMethod) == null) {
          UserServiceGrpc.getSyncAddressBookMethod = getSyncAddressBookMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Users.SyncAddressBookRequest, pbm.v2.Users.SyncAddressBookResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "SyncAddressBook"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Users.SyncAddressBookRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Users.SyncAddressBookResponse.getDefaultInstance()))
              .setSchemaDescriptor(new UserServiceMethodDescriptorSupplier("SyncAddressBook"))
              .build();
        }
      }
    }
    return getSyncAddressBookMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Users.SyncAccountsRequest,
      pbm.v2.Users.SyncAccountsResponse> getSyncAccountsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "SyncAccounts",
      requestType = pbm.v2.Users.SyncAccountsRequest.class,
      responseType = pbm.v2.Users.SyncAccountsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Users.SyncAccountsRequest,
      pbm.v2.Users.SyncAccountsResponse> getSyncAccountsMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Users.SyncAccountsRequest, pbm.v2.Users.SyncAccountsResponse> getSyncAccountsMethod;
    if ((getSyncAccountsMethod = UserServiceGrpc.getSyncAccountsMethod) == null) {
      synchronized (UserServiceGrpc.class) {
        if ((getSyncAccountsMethod = UserServiceGrpc.getSyncAccountsMethod) == null) {
          UserServiceGrpc.getSyncAccountsMethod = getSyncAccountsMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Users.SyncAccountsRequest, pbm.v2.Users.SyncAccountsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "SyncAccounts"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Users.SyncAccountsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Users.SyncAccountsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new UserServiceMethodDescriptorSupplier("SyncAccounts"))
              .build();
        }
      }
    }
    return getSyncAccountsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Users.RunSyncRequest,
      pbm.v2.Users.SyncProgress> getRunSyncMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RunSync",
      requestType = pbm.v2.Users.RunSyncRequest.class,
      responseType = pbm.v2.Users.SyncProgress.class,
      methodType = io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
  public static io.grpc.MethodDescriptor<pbm.v2.Users.RunSyncRequest,
      pbm.v2.Users.SyncProgress> getRunSyncMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Users.RunSyncRequest, pbm.v2.Users.SyncProgress> getRunSyncMethod;
    if ((getRunSyncMethod = UserServiceGrpc.getRunSyncMethod) == null) {
      synchronized (UserServiceGrpc.class) {
        if ((getRunSyncMethod = UserServiceGrpc.getRunSyncMethod) == null) {
          UserServiceGrpc.getRunSyncMethod = getRunSyncMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Users.RunSyncRequest, pbm.v2.Users.SyncProgress>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RunSync"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Users.RunSyncRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Users.SyncProgress.getDefaultInstance()))
              .setSchemaDescriptor(new UserServiceMethodDescriptorSupplier("RunSync"))
              .build();
        }
      }
    }
    return getRunSyncMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Users.SetUserAvatarRequest,
      pbm.v2.Users.UserAvatar> getSetUserAvatarMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "SetUserAvatar",
      requestType = pbm.v2.Users.SetUserAvatarRequest.class,
      responseType = pbm.v2.Users.UserAvatar.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Users.SetUserAvatarRequest,
      pbm.v2.Users.UserAvatar> getSetUserAvatarMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Users.SetUserAvatarRequest, pbm.v2.Users.UserAvatar> getSetUserAvatarMethod;
    if ((getSetUserAvatarMethod = UserServiceGrpc.getSetUserAvatarMethod) == null) {
      synchronized (UserServiceGrpc.class) {
        if ((getSetUserAvatarMethod = UserServiceGrpc.getSetUserAvatarMethod) == null) {
          UserServiceGrpc.getSetUserAvatarMethod = getSetUserAvatarMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Users.SetUserAvatarRequest, pbm.v2.Users.UserAvatar>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "SetUserAvatar"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Users.SetUserAvatarRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Users.UserAvatar.getDefaultInstance()))
              .setSchemaDescriptor(new UserServiceMethodDescriptorSupplier("SetUserAvatar"))
              .build();
        }
      }
    }
    return getSetUserAvatarMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Users.GetUserAvatarRequest,
      pbm.v2.Users.UserAvatar> getGetUserAvatarMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetUserAvatar",
      requestType = pbm.v2.Users.GetUserAvatarRequest.class,
      responseType = pbm.v2.Users.UserAvatar.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Users.GetUserAvatarRequest,
      pbm.v2.Users.UserAvatar> getGetUserAvatarMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Users.GetUserAvatarRequest, pbm.v2.Users.UserAvatar> getGetUserAvatarMethod;
    if ((getGetUserAvatarMethod = UserServiceGrpc.getGetUserAvatarMethod) == null) {
      synchronized (UserServiceGrpc.class) {
        if ((getGetUserAvatarMethod = UserServiceGrpc.getGetUserAvatarMethod) == null) {
          UserServiceGrpc.getGetUserAvatarMethod = getGetUserAvatarMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Users.GetUserAvatarRequest, pbm.v2.Users.UserAvatar>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetUserAvatar"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Users.GetUserAvatarRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Users.UserAvatar.getDefaultInstance()))
              .setSchemaDescriptor(new UserServiceMethodDescriptorSupplier("GetUserAvatar"))
              .build();
        }
      }
    }
    return getGetUserAvatarMethod;
  }

  private static volatile io.grpc.MethodDescriptor<pbm.v2.Users.DeleteUserAvatarRequest,
      com.google.protobuf.Empty> getDeleteUserAvatarMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteUserAvatar",
      requestType = pbm.v2.Users.DeleteUserAvatarRequest.class,
      responseType = com.google.protobuf.Empty.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<pbm.v2.Users.DeleteUserAvatarRequest,
      com.google.protobuf.Empty> getDeleteUserAvatarMethod() {
    io.grpc.MethodDescriptor<pbm.v2.Users.DeleteUserAvatarRequest, com.google.protobuf.Empty> getDeleteUserAvatarMethod;
    if ((getDeleteUserAvatarMethod = UserServiceGrpc.getDeleteUserAvatarMethod) == null) {
      synchronized (UserServiceGrpc.class) {
        if ((getDeleteUserAvatarMethod = UserServiceGrpc.getDeleteUserAvatarMethod) == null) {
          UserServiceGrpc.getDeleteUserAvatarMethod = getDeleteUserAvatarMethod =
              io.grpc.MethodDescriptor.<pbm.v2.Users.DeleteUserAvatarRequest, com.google.protobuf.Empty>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteUserAvatar"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  pbm.v2.Users.DeleteUserAvatarRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.google.protobuf.Empty.getDefaultInstance()))
              .setSchemaDescriptor(new UserServiceMethodDescriptorSupplier("DeleteUserAvatar"))
              .build();
        }
      }
    }
    return getDeleteUserAvatarMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static UserServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<UserServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<UserServiceStub>() {
        @java.lang.Override
        public UserServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new UserServiceStub(channel, callOptions);
        }
      };
    return UserServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static UserServiceBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<UserServiceBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<UserServiceBlockingV2Stub>() {
        @java.lang.Override
        public UserServiceBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new UserServiceBlockingV2Stub(channel, callOptions);
        }
      };
    return UserServiceBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static UserServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<UserServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<UserServiceBlockingStub>() {
        @java.lang.Override
        public UserServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new UserServiceBlockingStub(channel, callOptions);
        }
      };
    return UserServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static UserServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<UserServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<UserServiceFutureStub>() {
        @java.lang.Override
        public UserServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new UserServiceFutureStub(channel, callOptions);
        }
      };
    return UserServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * Manages the users of a tenant.
   * Superadmins act in every tenant, admins in their own tenant only, and only
   * on accounts that are not superadmins. A user may read (GetUser) their own
   * profile; to change their password they use AuthService.ChangePassword.
   * Every address — primary address, alternate address, alias, and the
   * addresses of resources and mailing lists — is unique across the whole
   * installation; a collision answers ALREADY_EXISTS. Addresses must be in a
   * mail domain owned by the user's tenant.
   * Deletion is soft (§2.8.1): a deleted user disappears from lists and cannot
   * log in, its addresses stay reserved, and it can be restored with
   * UndeleteUser until the retention period (30 days) ends, after which a
   * background job purges it.
   * </pre>
   */
  public interface AsyncService {

    /**
     * <pre>
     * Creates a user. Required: `tenant_id`, `mail`, `password`, `given_name`,
     * `surname`.
     * </pre>
     */
    default void createUser(pbm.v2.Users.CreateUserRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Users.User> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateUserMethod(), responseObserver);
    }

    /**
     * <pre>
     * Reads a user by tenant and primary address.
     * </pre>
     */
    default void getUser(pbm.v2.Users.GetUserRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Users.User> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetUserMethod(), responseObserver);
    }

    /**
     * <pre>
     * Lists, searches and sorts the users of a tenant, with the total count.
     * </pre>
     */
    default void listUsers(pbm.v2.Users.ListUsersRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Users.ListUsersResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListUsersMethod(), responseObserver);
    }

    /**
     * <pre>
     * Streams every user of a tenant (or of every tenant, superadmin only) at
     * constant server memory, ordered by address. On SQL every user is read at
     * the revision of the header `pbm-revision` (WatchService); a stream not
     * read to its end within 10 minutes, which would hold that snapshot
     * longer, ends with RESOURCE_EXHAUSTED, reason STREAM_TOO_SLOW. On LDAP a
     * tenant of at most 50,000 users is read whole, like a list, before its
     * first user is sent, and the header tells the revision it was read at.
     * A stream that ends whole carries the trailer `pbm-revision` when all its
     * users were read at one revision (on SQL always, but for the streams past
     * the room the read pool leaves them; on LDAP as the header, or, for all
     * tenants or a larger tenant, when no write of the tenant overlapped the
     * reads): a watch from it neither misses nor repeats a change.
     * </pre>
     */
    default void streamUsers(pbm.v2.Users.StreamUsersRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Users.User> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getStreamUsersMethod(), responseObserver);
    }

    /**
     * <pre>
     * Changes the fields named by `update_mask`, adds and removes aliases, and
     * returns the user as stored. All of it is applied atomically.
     * </pre>
     */
    default void updateUser(pbm.v2.Users.UpdateUserRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Users.User> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getUpdateUserMethod(), responseObserver);
    }

    /**
     * <pre>
     * Soft-deletes a user.
     * </pre>
     */
    default void deleteUser(pbm.v2.Users.DeleteUserRequest request,
        io.grpc.stub.StreamObserver<com.google.protobuf.Empty> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteUserMethod(), responseObserver);
    }

    /**
     * <pre>
     * Restores a soft-deleted user with everything it had (aliases, quota,
     * password, status) while the retention period lasts.
     * </pre>
     */
    default void undeleteUser(pbm.v2.Users.UndeleteUserRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Users.User> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getUndeleteUserMethod(), responseObserver);
    }

    /**
     * <pre>
     * Lists the soft-deleted users of a tenant that can still be restored.
     * </pre>
     */
    default void listDeletedUsers(pbm.v2.Users.ListDeletedUsersRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Users.ListDeletedUsersResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListDeletedUsersMethod(), responseObserver);
    }

    /**
     * <pre>
     * Synchronises the tenant's address book from an external source
     * (`/v2/actions/cabsync/{tenant}/{ad,bitrix24}`, §2.15; admins of the
     * tenant, superadmins): the source's people become external contacts
     * (AddressBookService), keyed by the source's stable id; contacts of the
     * source deleted or disabled there are removed; objects the sync did not
     * make are never touched (conflicts are reported). ADDRESS_BOOK_SOURCE_AD
     * reads `services/ad/users/&#42;`; ADDRESS_BOOK_SOURCE_BITRIX24 the active
     * users of the portal of `services/bitrix24/&#42;` (REST `user.get` through
     * the incoming webhook).
     * </pre>
     */
    default void syncAddressBook(pbm.v2.Users.SyncAddressBookRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Users.SyncAddressBookResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getSyncAddressBookMethod(), responseObserver);
    }

    /**
     * <pre>
     * Makes the accounts of the tenant match the company directory
     * (`services/ad/accounts/&#42;`, guide §5.3; `POST /v2/actions/usersync/{tenant}/ad`):
     * creates, updates, blocks (disabled at the source) and soft-deletes
     * (deleted there, or no longer matched by the filter) the users the
     * directory owns, keyed by the entries' stable ids (a rename is an
     * update). Incremental (entries changed since the last pass) unless
     * `full`, the first pass, or `full_sync_interval` since the last full one;
     * only full passes remove. A second run changes nothing. `dry_run` reports
     * the plan and writes nothing. Admins of the tenant and superadmins.
     * FAILED_PRECONDITION when the directory does not own the tenant's
     * accounts or refuses pbm's bind (naming the setting); UNAVAILABLE naming
     * the host when it cannot be reached; nothing is changed then.
     * </pre>
     */
    default void syncAccounts(pbm.v2.Users.SyncAccountsRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Users.SyncAccountsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getSyncAccountsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Runs one of the syncs — the accounts of SyncAccounts, the address book
     * of SyncAddressBook, the lists of MailListService.SyncMailLists — and
     * streams its progress: a first message at once (phase CONNECTING), then
     * the phase and the counts as they grow, at most four messages a second
     * (a slow reader gets the newest state, and never holds the sync back),
     * and a last message with the phase DONE and the report. The same
     * rights, rules and errors as the call it stands for (an API key needs
     * that call's scope); when the sync fails the stream ends with its error.
     * A client that goes away stops the run, which leaves whole objects: the
     * next run completes it (see each sync's interruption rule).
     * </pre>
     */
    default void runSync(pbm.v2.Users.RunSyncRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Users.SyncProgress> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRunSyncMethod(), responseObserver);
    }

    /**
     * <pre>
     * Sets a user's picture (the avatar of §2.4 item 1). JPEG, PNG or WebP of
     * at most 4 MiB (the whole request also within the server's
     * `--max-request-bytes`, default 4 MiB) and 8192×8192 pixels; stored
     * re-encoded as a JPEG that fits in 512×512 (the aspect ratio kept, a
     * transparent background white). Anything else answers INVALID_ARGUMENT on
     * `image` and nothing is stored. Admins of the tenant (not on a
     * superadmin's account), superadmins, and every user for their own picture.
     * </pre>
     */
    default void setUserAvatar(pbm.v2.Users.SetUserAvatarRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Users.UserAvatar> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getSetUserAvatarMethod(), responseObserver);
    }

    /**
     * <pre>
     * Reads a user's picture (NOT_FOUND when the user has none). Any signed-in
     * account of the user's tenant, and superadmins.
     * </pre>
     */
    default void getUserAvatar(pbm.v2.Users.GetUserAvatarRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Users.UserAvatar> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetUserAvatarMethod(), responseObserver);
    }

    /**
     * <pre>
     * Removes a user's picture (NOT_FOUND when the user has none). Who may:
     * as SetUserAvatar.
     * </pre>
     */
    default void deleteUserAvatar(pbm.v2.Users.DeleteUserAvatarRequest request,
        io.grpc.stub.StreamObserver<com.google.protobuf.Empty> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteUserAvatarMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service UserService.
   * <pre>
   * Manages the users of a tenant.
   * Superadmins act in every tenant, admins in their own tenant only, and only
   * on accounts that are not superadmins. A user may read (GetUser) their own
   * profile; to change their password they use AuthService.ChangePassword.
   * Every address — primary address, alternate address, alias, and the
   * addresses of resources and mailing lists — is unique across the whole
   * installation; a collision answers ALREADY_EXISTS. Addresses must be in a
   * mail domain owned by the user's tenant.
   * Deletion is soft (§2.8.1): a deleted user disappears from lists and cannot
   * log in, its addresses stay reserved, and it can be restored with
   * UndeleteUser until the retention period (30 days) ends, after which a
   * background job purges it.
   * </pre>
   */
  public static abstract class UserServiceImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return UserServiceGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service UserService.
   * <pre>
   * Manages the users of a tenant.
   * Superadmins act in every tenant, admins in their own tenant only, and only
   * on accounts that are not superadmins. A user may read (GetUser) their own
   * profile; to change their password they use AuthService.ChangePassword.
   * Every address — primary address, alternate address, alias, and the
   * addresses of resources and mailing lists — is unique across the whole
   * installation; a collision answers ALREADY_EXISTS. Addresses must be in a
   * mail domain owned by the user's tenant.
   * Deletion is soft (§2.8.1): a deleted user disappears from lists and cannot
   * log in, its addresses stay reserved, and it can be restored with
   * UndeleteUser until the retention period (30 days) ends, after which a
   * background job purges it.
   * </pre>
   */
  public static final class UserServiceStub
      extends io.grpc.stub.AbstractAsyncStub<UserServiceStub> {
    private UserServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected UserServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new UserServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates a user. Required: `tenant_id`, `mail`, `password`, `given_name`,
     * `surname`.
     * </pre>
     */
    public void createUser(pbm.v2.Users.CreateUserRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Users.User> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateUserMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Reads a user by tenant and primary address.
     * </pre>
     */
    public void getUser(pbm.v2.Users.GetUserRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Users.User> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetUserMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Lists, searches and sorts the users of a tenant, with the total count.
     * </pre>
     */
    public void listUsers(pbm.v2.Users.ListUsersRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Users.ListUsersResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListUsersMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Streams every user of a tenant (or of every tenant, superadmin only) at
     * constant server memory, ordered by address. On SQL every user is read at
     * the revision of the header `pbm-revision` (WatchService); a stream not
     * read to its end within 10 minutes, which would hold that snapshot
     * longer, ends with RESOURCE_EXHAUSTED, reason STREAM_TOO_SLOW. On LDAP a
     * tenant of at most 50,000 users is read whole, like a list, before its
     * first user is sent, and the header tells the revision it was read at.
     * A stream that ends whole carries the trailer `pbm-revision` when all its
     * users were read at one revision (on SQL always, but for the streams past
     * the room the read pool leaves them; on LDAP as the header, or, for all
     * tenants or a larger tenant, when no write of the tenant overlapped the
     * reads): a watch from it neither misses nor repeats a change.
     * </pre>
     */
    public void streamUsers(pbm.v2.Users.StreamUsersRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Users.User> responseObserver) {
      io.grpc.stub.ClientCalls.asyncServerStreamingCall(
          getChannel().newCall(getStreamUsersMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Changes the fields named by `update_mask`, adds and removes aliases, and
     * returns the user as stored. All of it is applied atomically.
     * </pre>
     */
    public void updateUser(pbm.v2.Users.UpdateUserRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Users.User> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getUpdateUserMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Soft-deletes a user.
     * </pre>
     */
    public void deleteUser(pbm.v2.Users.DeleteUserRequest request,
        io.grpc.stub.StreamObserver<com.google.protobuf.Empty> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteUserMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Restores a soft-deleted user with everything it had (aliases, quota,
     * password, status) while the retention period lasts.
     * </pre>
     */
    public void undeleteUser(pbm.v2.Users.UndeleteUserRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Users.User> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getUndeleteUserMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Lists the soft-deleted users of a tenant that can still be restored.
     * </pre>
     */
    public void listDeletedUsers(pbm.v2.Users.ListDeletedUsersRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Users.ListDeletedUsersResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListDeletedUsersMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Synchronises the tenant's address book from an external source
     * (`/v2/actions/cabsync/{tenant}/{ad,bitrix24}`, §2.15; admins of the
     * tenant, superadmins): the source's people become external contacts
     * (AddressBookService), keyed by the source's stable id; contacts of the
     * source deleted or disabled there are removed; objects the sync did not
     * make are never touched (conflicts are reported). ADDRESS_BOOK_SOURCE_AD
     * reads `services/ad/users/&#42;`; ADDRESS_BOOK_SOURCE_BITRIX24 the active
     * users of the portal of `services/bitrix24/&#42;` (REST `user.get` through
     * the incoming webhook).
     * </pre>
     */
    public void syncAddressBook(pbm.v2.Users.SyncAddressBookRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Users.SyncAddressBookResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getSyncAddressBookMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Makes the accounts of the tenant match the company directory
     * (`services/ad/accounts/&#42;`, guide §5.3; `POST /v2/actions/usersync/{tenant}/ad`):
     * creates, updates, blocks (disabled at the source) and soft-deletes
     * (deleted there, or no longer matched by the filter) the users the
     * directory owns, keyed by the entries' stable ids (a rename is an
     * update). Incremental (entries changed since the last pass) unless
     * `full`, the first pass, or `full_sync_interval` since the last full one;
     * only full passes remove. A second run changes nothing. `dry_run` reports
     * the plan and writes nothing. Admins of the tenant and superadmins.
     * FAILED_PRECONDITION when the directory does not own the tenant's
     * accounts or refuses pbm's bind (naming the setting); UNAVAILABLE naming
     * the host when it cannot be reached; nothing is changed then.
     * </pre>
     */
    public void syncAccounts(pbm.v2.Users.SyncAccountsRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Users.SyncAccountsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getSyncAccountsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Runs one of the syncs — the accounts of SyncAccounts, the address book
     * of SyncAddressBook, the lists of MailListService.SyncMailLists — and
     * streams its progress: a first message at once (phase CONNECTING), then
     * the phase and the counts as they grow, at most four messages a second
     * (a slow reader gets the newest state, and never holds the sync back),
     * and a last message with the phase DONE and the report. The same
     * rights, rules and errors as the call it stands for (an API key needs
     * that call's scope); when the sync fails the stream ends with its error.
     * A client that goes away stops the run, which leaves whole objects: the
     * next run completes it (see each sync's interruption rule).
     * </pre>
     */
    public void runSync(pbm.v2.Users.RunSyncRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Users.SyncProgress> responseObserver) {
      io.grpc.stub.ClientCalls.asyncServerStreamingCall(
          getChannel().newCall(getRunSyncMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Sets a user's picture (the avatar of §2.4 item 1). JPEG, PNG or WebP of
     * at most 4 MiB (the whole request also within the server's
     * `--max-request-bytes`, default 4 MiB) and 8192×8192 pixels; stored
     * re-encoded as a JPEG that fits in 512×512 (the aspect ratio kept, a
     * transparent background white). Anything else answers INVALID_ARGUMENT on
     * `image` and nothing is stored. Admins of the tenant (not on a
     * superadmin's account), superadmins, and every user for their own picture.
     * </pre>
     */
    public void setUserAvatar(pbm.v2.Users.SetUserAvatarRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Users.UserAvatar> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getSetUserAvatarMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Reads a user's picture (NOT_FOUND when the user has none). Any signed-in
     * account of the user's tenant, and superadmins.
     * </pre>
     */
    public void getUserAvatar(pbm.v2.Users.GetUserAvatarRequest request,
        io.grpc.stub.StreamObserver<pbm.v2.Users.UserAvatar> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetUserAvatarMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Removes a user's picture (NOT_FOUND when the user has none). Who may:
     * as SetUserAvatar.
     * </pre>
     */
    public void deleteUserAvatar(pbm.v2.Users.DeleteUserAvatarRequest request,
        io.grpc.stub.StreamObserver<com.google.protobuf.Empty> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteUserAvatarMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service UserService.
   * <pre>
   * Manages the users of a tenant.
   * Superadmins act in every tenant, admins in their own tenant only, and only
   * on accounts that are not superadmins. A user may read (GetUser) their own
   * profile; to change their password they use AuthService.ChangePassword.
   * Every address — primary address, alternate address, alias, and the
   * addresses of resources and mailing lists — is unique across the whole
   * installation; a collision answers ALREADY_EXISTS. Addresses must be in a
   * mail domain owned by the user's tenant.
   * Deletion is soft (§2.8.1): a deleted user disappears from lists and cannot
   * log in, its addresses stay reserved, and it can be restored with
   * UndeleteUser until the retention period (30 days) ends, after which a
   * background job purges it.
   * </pre>
   */
  public static final class UserServiceBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<UserServiceBlockingV2Stub> {
    private UserServiceBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected UserServiceBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new UserServiceBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates a user. Required: `tenant_id`, `mail`, `password`, `given_name`,
     * `surname`.
     * </pre>
     */
    public pbm.v2.Users.User createUser(pbm.v2.Users.CreateUserRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCreateUserMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Reads a user by tenant and primary address.
     * </pre>
     */
    public pbm.v2.Users.User getUser(pbm.v2.Users.GetUserRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetUserMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists, searches and sorts the users of a tenant, with the total count.
     * </pre>
     */
    public pbm.v2.Users.ListUsersResponse listUsers(pbm.v2.Users.ListUsersRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListUsersMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Streams every user of a tenant (or of every tenant, superadmin only) at
     * constant server memory, ordered by address. On SQL every user is read at
     * the revision of the header `pbm-revision` (WatchService); a stream not
     * read to its end within 10 minutes, which would hold that snapshot
     * longer, ends with RESOURCE_EXHAUSTED, reason STREAM_TOO_SLOW. On LDAP a
     * tenant of at most 50,000 users is read whole, like a list, before its
     * first user is sent, and the header tells the revision it was read at.
     * A stream that ends whole carries the trailer `pbm-revision` when all its
     * users were read at one revision (on SQL always, but for the streams past
     * the room the read pool leaves them; on LDAP as the header, or, for all
     * tenants or a larger tenant, when no write of the tenant overlapped the
     * reads): a watch from it neither misses nor repeats a change.
     * </pre>
     */
    @io.grpc.ExperimentalApi("https://github.com/grpc/grpc-java/issues/10918")
    public io.grpc.stub.BlockingClientCall<?, pbm.v2.Users.User>
        streamUsers(pbm.v2.Users.StreamUsersRequest request) {
      return io.grpc.stub.ClientCalls.blockingV2ServerStreamingCall(
          getChannel(), getStreamUsersMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Changes the fields named by `update_mask`, adds and removes aliases, and
     * returns the user as stored. All of it is applied atomically.
     * </pre>
     */
    public pbm.v2.Users.User updateUser(pbm.v2.Users.UpdateUserRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getUpdateUserMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Soft-deletes a user.
     * </pre>
     */
    public com.google.protobuf.Empty deleteUser(pbm.v2.Users.DeleteUserRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getDeleteUserMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Restores a soft-deleted user with everything it had (aliases, quota,
     * password, status) while the retention period lasts.
     * </pre>
     */
    public pbm.v2.Users.User undeleteUser(pbm.v2.Users.UndeleteUserRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getUndeleteUserMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists the soft-deleted users of a tenant that can still be restored.
     * </pre>
     */
    public pbm.v2.Users.ListDeletedUsersResponse listDeletedUsers(pbm.v2.Users.ListDeletedUsersRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListDeletedUsersMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Synchronises the tenant's address book from an external source
     * (`/v2/actions/cabsync/{tenant}/{ad,bitrix24}`, §2.15; admins of the
     * tenant, superadmins): the source's people become external contacts
     * (AddressBookService), keyed by the source's stable id; contacts of the
     * source deleted or disabled there are removed; objects the sync did not
     * make are never touched (conflicts are reported). ADDRESS_BOOK_SOURCE_AD
     * reads `services/ad/users/&#42;`; ADDRESS_BOOK_SOURCE_BITRIX24 the active
     * users of the portal of `services/bitrix24/&#42;` (REST `user.get` through
     * the incoming webhook).
     * </pre>
     */
    public pbm.v2.Users.SyncAddressBookResponse syncAddressBook(pbm.v2.Users.SyncAddressBookRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getSyncAddressBookMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Makes the accounts of the tenant match the company directory
     * (`services/ad/accounts/&#42;`, guide §5.3; `POST /v2/actions/usersync/{tenant}/ad`):
     * creates, updates, blocks (disabled at the source) and soft-deletes
     * (deleted there, or no longer matched by the filter) the users the
     * directory owns, keyed by the entries' stable ids (a rename is an
     * update). Incremental (entries changed since the last pass) unless
     * `full`, the first pass, or `full_sync_interval` since the last full one;
     * only full passes remove. A second run changes nothing. `dry_run` reports
     * the plan and writes nothing. Admins of the tenant and superadmins.
     * FAILED_PRECONDITION when the directory does not own the tenant's
     * accounts or refuses pbm's bind (naming the setting); UNAVAILABLE naming
     * the host when it cannot be reached; nothing is changed then.
     * </pre>
     */
    public pbm.v2.Users.SyncAccountsResponse syncAccounts(pbm.v2.Users.SyncAccountsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getSyncAccountsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Runs one of the syncs — the accounts of SyncAccounts, the address book
     * of SyncAddressBook, the lists of MailListService.SyncMailLists — and
     * streams its progress: a first message at once (phase CONNECTING), then
     * the phase and the counts as they grow, at most four messages a second
     * (a slow reader gets the newest state, and never holds the sync back),
     * and a last message with the phase DONE and the report. The same
     * rights, rules and errors as the call it stands for (an API key needs
     * that call's scope); when the sync fails the stream ends with its error.
     * A client that goes away stops the run, which leaves whole objects: the
     * next run completes it (see each sync's interruption rule).
     * </pre>
     */
    @io.grpc.ExperimentalApi("https://github.com/grpc/grpc-java/issues/10918")
    public io.grpc.stub.BlockingClientCall<?, pbm.v2.Users.SyncProgress>
        runSync(pbm.v2.Users.RunSyncRequest request) {
      return io.grpc.stub.ClientCalls.blockingV2ServerStreamingCall(
          getChannel(), getRunSyncMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Sets a user's picture (the avatar of §2.4 item 1). JPEG, PNG or WebP of
     * at most 4 MiB (the whole request also within the server's
     * `--max-request-bytes`, default 4 MiB) and 8192×8192 pixels; stored
     * re-encoded as a JPEG that fits in 512×512 (the aspect ratio kept, a
     * transparent background white). Anything else answers INVALID_ARGUMENT on
     * `image` and nothing is stored. Admins of the tenant (not on a
     * superadmin's account), superadmins, and every user for their own picture.
     * </pre>
     */
    public pbm.v2.Users.UserAvatar setUserAvatar(pbm.v2.Users.SetUserAvatarRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getSetUserAvatarMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Reads a user's picture (NOT_FOUND when the user has none). Any signed-in
     * account of the user's tenant, and superadmins.
     * </pre>
     */
    public pbm.v2.Users.UserAvatar getUserAvatar(pbm.v2.Users.GetUserAvatarRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetUserAvatarMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Removes a user's picture (NOT_FOUND when the user has none). Who may:
     * as SetUserAvatar.
     * </pre>
     */
    public com.google.protobuf.Empty deleteUserAvatar(pbm.v2.Users.DeleteUserAvatarRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getDeleteUserAvatarMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service UserService.
   * <pre>
   * Manages the users of a tenant.
   * Superadmins act in every tenant, admins in their own tenant only, and only
   * on accounts that are not superadmins. A user may read (GetUser) their own
   * profile; to change their password they use AuthService.ChangePassword.
   * Every address — primary address, alternate address, alias, and the
   * addresses of resources and mailing lists — is unique across the whole
   * installation; a collision answers ALREADY_EXISTS. Addresses must be in a
   * mail domain owned by the user's tenant.
   * Deletion is soft (§2.8.1): a deleted user disappears from lists and cannot
   * log in, its addresses stay reserved, and it can be restored with
   * UndeleteUser until the retention period (30 days) ends, after which a
   * background job purges it.
   * </pre>
   */
  public static final class UserServiceBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<UserServiceBlockingStub> {
    private UserServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected UserServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new UserServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates a user. Required: `tenant_id`, `mail`, `password`, `given_name`,
     * `surname`.
     * </pre>
     */
    public pbm.v2.Users.User createUser(pbm.v2.Users.CreateUserRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateUserMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Reads a user by tenant and primary address.
     * </pre>
     */
    public pbm.v2.Users.User getUser(pbm.v2.Users.GetUserRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetUserMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists, searches and sorts the users of a tenant, with the total count.
     * </pre>
     */
    public pbm.v2.Users.ListUsersResponse listUsers(pbm.v2.Users.ListUsersRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListUsersMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Streams every user of a tenant (or of every tenant, superadmin only) at
     * constant server memory, ordered by address. On SQL every user is read at
     * the revision of the header `pbm-revision` (WatchService); a stream not
     * read to its end within 10 minutes, which would hold that snapshot
     * longer, ends with RESOURCE_EXHAUSTED, reason STREAM_TOO_SLOW. On LDAP a
     * tenant of at most 50,000 users is read whole, like a list, before its
     * first user is sent, and the header tells the revision it was read at.
     * A stream that ends whole carries the trailer `pbm-revision` when all its
     * users were read at one revision (on SQL always, but for the streams past
     * the room the read pool leaves them; on LDAP as the header, or, for all
     * tenants or a larger tenant, when no write of the tenant overlapped the
     * reads): a watch from it neither misses nor repeats a change.
     * </pre>
     */
    public java.util.Iterator<pbm.v2.Users.User> streamUsers(
        pbm.v2.Users.StreamUsersRequest request) {
      return io.grpc.stub.ClientCalls.blockingServerStreamingCall(
          getChannel(), getStreamUsersMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Changes the fields named by `update_mask`, adds and removes aliases, and
     * returns the user as stored. All of it is applied atomically.
     * </pre>
     */
    public pbm.v2.Users.User updateUser(pbm.v2.Users.UpdateUserRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getUpdateUserMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Soft-deletes a user.
     * </pre>
     */
    public com.google.protobuf.Empty deleteUser(pbm.v2.Users.DeleteUserRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteUserMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Restores a soft-deleted user with everything it had (aliases, quota,
     * password, status) while the retention period lasts.
     * </pre>
     */
    public pbm.v2.Users.User undeleteUser(pbm.v2.Users.UndeleteUserRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getUndeleteUserMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists the soft-deleted users of a tenant that can still be restored.
     * </pre>
     */
    public pbm.v2.Users.ListDeletedUsersResponse listDeletedUsers(pbm.v2.Users.ListDeletedUsersRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListDeletedUsersMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Synchronises the tenant's address book from an external source
     * (`/v2/actions/cabsync/{tenant}/{ad,bitrix24}`, §2.15; admins of the
     * tenant, superadmins): the source's people become external contacts
     * (AddressBookService), keyed by the source's stable id; contacts of the
     * source deleted or disabled there are removed; objects the sync did not
     * make are never touched (conflicts are reported). ADDRESS_BOOK_SOURCE_AD
     * reads `services/ad/users/&#42;`; ADDRESS_BOOK_SOURCE_BITRIX24 the active
     * users of the portal of `services/bitrix24/&#42;` (REST `user.get` through
     * the incoming webhook).
     * </pre>
     */
    public pbm.v2.Users.SyncAddressBookResponse syncAddressBook(pbm.v2.Users.SyncAddressBookRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getSyncAddressBookMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Makes the accounts of the tenant match the company directory
     * (`services/ad/accounts/&#42;`, guide §5.3; `POST /v2/actions/usersync/{tenant}/ad`):
     * creates, updates, blocks (disabled at the source) and soft-deletes
     * (deleted there, or no longer matched by the filter) the users the
     * directory owns, keyed by the entries' stable ids (a rename is an
     * update). Incremental (entries changed since the last pass) unless
     * `full`, the first pass, or `full_sync_interval` since the last full one;
     * only full passes remove. A second run changes nothing. `dry_run` reports
     * the plan and writes nothing. Admins of the tenant and superadmins.
     * FAILED_PRECONDITION when the directory does not own the tenant's
     * accounts or refuses pbm's bind (naming the setting); UNAVAILABLE naming
     * the host when it cannot be reached; nothing is changed then.
     * </pre>
     */
    public pbm.v2.Users.SyncAccountsResponse syncAccounts(pbm.v2.Users.SyncAccountsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getSyncAccountsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Runs one of the syncs — the accounts of SyncAccounts, the address book
     * of SyncAddressBook, the lists of MailListService.SyncMailLists — and
     * streams its progress: a first message at once (phase CONNECTING), then
     * the phase and the counts as they grow, at most four messages a second
     * (a slow reader gets the newest state, and never holds the sync back),
     * and a last message with the phase DONE and the report. The same
     * rights, rules and errors as the call it stands for (an API key needs
     * that call's scope); when the sync fails the stream ends with its error.
     * A client that goes away stops the run, which leaves whole objects: the
     * next run completes it (see each sync's interruption rule).
     * </pre>
     */
    public java.util.Iterator<pbm.v2.Users.SyncProgress> runSync(
        pbm.v2.Users.RunSyncRequest request) {
      return io.grpc.stub.ClientCalls.blockingServerStreamingCall(
          getChannel(), getRunSyncMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Sets a user's picture (the avatar of §2.4 item 1). JPEG, PNG or WebP of
     * at most 4 MiB (the whole request also within the server's
     * `--max-request-bytes`, default 4 MiB) and 8192×8192 pixels; stored
     * re-encoded as a JPEG that fits in 512×512 (the aspect ratio kept, a
     * transparent background white). Anything else answers INVALID_ARGUMENT on
     * `image` and nothing is stored. Admins of the tenant (not on a
     * superadmin's account), superadmins, and every user for their own picture.
     * </pre>
     */
    public pbm.v2.Users.UserAvatar setUserAvatar(pbm.v2.Users.SetUserAvatarRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getSetUserAvatarMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Reads a user's picture (NOT_FOUND when the user has none). Any signed-in
     * account of the user's tenant, and superadmins.
     * </pre>
     */
    public pbm.v2.Users.UserAvatar getUserAvatar(pbm.v2.Users.GetUserAvatarRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetUserAvatarMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Removes a user's picture (NOT_FOUND when the user has none). Who may:
     * as SetUserAvatar.
     * </pre>
     */
    public com.google.protobuf.Empty deleteUserAvatar(pbm.v2.Users.DeleteUserAvatarRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteUserAvatarMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service UserService.
   * <pre>
   * Manages the users of a tenant.
   * Superadmins act in every tenant, admins in their own tenant only, and only
   * on accounts that are not superadmins. A user may read (GetUser) their own
   * profile; to change their password they use AuthService.ChangePassword.
   * Every address — primary address, alternate address, alias, and the
   * addresses of resources and mailing lists — is unique across the whole
   * installation; a collision answers ALREADY_EXISTS. Addresses must be in a
   * mail domain owned by the user's tenant.
   * Deletion is soft (§2.8.1): a deleted user disappears from lists and cannot
   * log in, its addresses stay reserved, and it can be restored with
   * UndeleteUser until the retention period (30 days) ends, after which a
   * background job purges it.
   * </pre>
   */
  public static final class UserServiceFutureStub
      extends io.grpc.stub.AbstractFutureStub<UserServiceFutureStub> {
    private UserServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected UserServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new UserServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates a user. Required: `tenant_id`, `mail`, `password`, `given_name`,
     * `surname`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Users.User> createUser(
        pbm.v2.Users.CreateUserRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateUserMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Reads a user by tenant and primary address.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Users.User> getUser(
        pbm.v2.Users.GetUserRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetUserMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Lists, searches and sorts the users of a tenant, with the total count.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Users.ListUsersResponse> listUsers(
        pbm.v2.Users.ListUsersRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListUsersMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Changes the fields named by `update_mask`, adds and removes aliases, and
     * returns the user as stored. All of it is applied atomically.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Users.User> updateUser(
        pbm.v2.Users.UpdateUserRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getUpdateUserMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Soft-deletes a user.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.google.protobuf.Empty> deleteUser(
        pbm.v2.Users.DeleteUserRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteUserMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Restores a soft-deleted user with everything it had (aliases, quota,
     * password, status) while the retention period lasts.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Users.User> undeleteUser(
        pbm.v2.Users.UndeleteUserRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getUndeleteUserMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Lists the soft-deleted users of a tenant that can still be restored.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Users.ListDeletedUsersResponse> listDeletedUsers(
        pbm.v2.Users.ListDeletedUsersRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListDeletedUsersMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Synchronises the tenant's address book from an external source
     * (`/v2/actions/cabsync/{tenant}/{ad,bitrix24}`, §2.15; admins of the
     * tenant, superadmins): the source's people become external contacts
     * (AddressBookService), keyed by the source's stable id; contacts of the
     * source deleted or disabled there are removed; objects the sync did not
     * make are never touched (conflicts are reported). ADDRESS_BOOK_SOURCE_AD
     * reads `services/ad/users/&#42;`; ADDRESS_BOOK_SOURCE_BITRIX24 the active
     * users of the portal of `services/bitrix24/&#42;` (REST `user.get` through
     * the incoming webhook).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Users.SyncAddressBookResponse> syncAddressBook(
        pbm.v2.Users.SyncAddressBookRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getSyncAddressBookMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Makes the accounts of the tenant match the company directory
     * (`services/ad/accounts/&#42;`, guide §5.3; `POST /v2/actions/usersync/{tenant}/ad`):
     * creates, updates, blocks (disabled at the source) and soft-deletes
     * (deleted there, or no longer matched by the filter) the users the
     * directory owns, keyed by the entries' stable ids (a rename is an
     * update). Incremental (entries changed since the last pass) unless
     * `full`, the first pass, or `full_sync_interval` since the last full one;
     * only full passes remove. A second run changes nothing. `dry_run` reports
     * the plan and writes nothing. Admins of the tenant and superadmins.
     * FAILED_PRECONDITION when the directory does not own the tenant's
     * accounts or refuses pbm's bind (naming the setting); UNAVAILABLE naming
     * the host when it cannot be reached; nothing is changed then.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Users.SyncAccountsResponse> syncAccounts(
        pbm.v2.Users.SyncAccountsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getSyncAccountsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Sets a user's picture (the avatar of §2.4 item 1). JPEG, PNG or WebP of
     * at most 4 MiB (the whole request also within the server's
     * `--max-request-bytes`, default 4 MiB) and 8192×8192 pixels; stored
     * re-encoded as a JPEG that fits in 512×512 (the aspect ratio kept, a
     * transparent background white). Anything else answers INVALID_ARGUMENT on
     * `image` and nothing is stored. Admins of the tenant (not on a
     * superadmin's account), superadmins, and every user for their own picture.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Users.UserAvatar> setUserAvatar(
        pbm.v2.Users.SetUserAvatarRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getSetUserAvatarMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Reads a user's picture (NOT_FOUND when the user has none). Any signed-in
     * account of the user's tenant, and superadmins.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<pbm.v2.Users.UserAvatar> getUserAvatar(
        pbm.v2.Users.GetUserAvatarRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetUserAvatarMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Removes a user's picture (NOT_FOUND when the user has none). Who may:
     * as SetUserAvatar.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.google.protobuf.Empty> deleteUserAvatar(
        pbm.v2.Users.DeleteUserAvatarRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteUserAvatarMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_CREATE_USER = 0;
  private static final int METHODID_GET_USER = 1;
  private static final int METHODID_LIST_USERS = 2;
  private static final int METHODID_STREAM_USERS = 3;
  private static final int METHODID_UPDATE_USER = 4;
  private static final int METHODID_DELETE_USER = 5;
  private static final int METHODID_UNDELETE_USER = 6;
  private static final int METHODID_LIST_DELETED_USERS = 7;
  private static final int METHODID_SYNC_ADDRESS_BOOK = 8;
  private static final int METHODID_SYNC_ACCOUNTS = 9;
  private static final int METHODID_RUN_SYNC = 10;
  private static final int METHODID_SET_USER_AVATAR = 11;
  private static final int METHODID_GET_USER_AVATAR = 12;
  private static final int METHODID_DELETE_USER_AVATAR = 13;

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
        case METHODID_CREATE_USER:
          serviceImpl.createUser((pbm.v2.Users.CreateUserRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Users.User>) responseObserver);
          break;
        case METHODID_GET_USER:
          serviceImpl.getUser((pbm.v2.Users.GetUserRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Users.User>) responseObserver);
          break;
        case METHODID_LIST_USERS:
          serviceImpl.listUsers((pbm.v2.Users.ListUsersRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Users.ListUsersResponse>) responseObserver);
          break;
        case METHODID_STREAM_USERS:
          serviceImpl.streamUsers((pbm.v2.Users.StreamUsersRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Users.User>) responseObserver);
          break;
        case METHODID_UPDATE_USER:
          serviceImpl.updateUser((pbm.v2.Users.UpdateUserRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Users.User>) responseObserver);
          break;
        case METHODID_DELETE_USER:
          serviceImpl.deleteUser((pbm.v2.Users.DeleteUserRequest) request,
              (io.grpc.stub.StreamObserver<com.google.protobuf.Empty>) responseObserver);
          break;
        case METHODID_UNDELETE_USER:
          serviceImpl.undeleteUser((pbm.v2.Users.UndeleteUserRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Users.User>) responseObserver);
          break;
        case METHODID_LIST_DELETED_USERS:
          serviceImpl.listDeletedUsers((pbm.v2.Users.ListDeletedUsersRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Users.ListDeletedUsersResponse>) responseObserver);
          break;
        case METHODID_SYNC_ADDRESS_BOOK:
          serviceImpl.syncAddressBook((pbm.v2.Users.SyncAddressBookRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Users.SyncAddressBookResponse>) responseObserver);
          break;
        case METHODID_SYNC_ACCOUNTS:
          serviceImpl.syncAccounts((pbm.v2.Users.SyncAccountsRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Users.SyncAccountsResponse>) responseObserver);
          break;
        case METHODID_RUN_SYNC:
          serviceImpl.runSync((pbm.v2.Users.RunSyncRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Users.SyncProgress>) responseObserver);
          break;
        case METHODID_SET_USER_AVATAR:
          serviceImpl.setUserAvatar((pbm.v2.Users.SetUserAvatarRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Users.UserAvatar>) responseObserver);
          break;
        case METHODID_GET_USER_AVATAR:
          serviceImpl.getUserAvatar((pbm.v2.Users.GetUserAvatarRequest) request,
              (io.grpc.stub.StreamObserver<pbm.v2.Users.UserAvatar>) responseObserver);
          break;
        case METHODID_DELETE_USER_AVATAR:
          serviceImpl.deleteUserAvatar((pbm.v2.Users.DeleteUserAvatarRequest) request,
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
          getCreateUserMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Users.CreateUserRequest,
              pbm.v2.Users.User>(
                service, METHODID_CREATE_USER)))
        .addMethod(
          getGetUserMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Users.GetUserRequest,
              pbm.v2.Users.User>(
                service, METHODID_GET_USER)))
        .addMethod(
          getListUsersMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Users.ListUsersRequest,
              pbm.v2.Users.ListUsersResponse>(
                service, METHODID_LIST_USERS)))
        .addMethod(
          getStreamUsersMethod(),
          io.grpc.stub.ServerCalls.asyncServerStreamingCall(
            new MethodHandlers<
              pbm.v2.Users.StreamUsersRequest,
              pbm.v2.Users.User>(
                service, METHODID_STREAM_USERS)))
        .addMethod(
          getUpdateUserMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Users.UpdateUserRequest,
              pbm.v2.Users.User>(
                service, METHODID_UPDATE_USER)))
        .addMethod(
          getDeleteUserMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Users.DeleteUserRequest,
              com.google.protobuf.Empty>(
                service, METHODID_DELETE_USER)))
        .addMethod(
          getUndeleteUserMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Users.UndeleteUserRequest,
              pbm.v2.Users.User>(
                service, METHODID_UNDELETE_USER)))
        .addMethod(
          getListDeletedUsersMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Users.ListDeletedUsersRequest,
              pbm.v2.Users.ListDeletedUsersResponse>(
                service, METHODID_LIST_DELETED_USERS)))
        .addMethod(
          getSyncAddressBookMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Users.SyncAddressBookRequest,
              pbm.v2.Users.SyncAddressBookResponse>(
                service, METHODID_SYNC_ADDRESS_BOOK)))
        .addMethod(
          getSyncAccountsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Users.SyncAccountsRequest,
              pbm.v2.Users.SyncAccountsResponse>(
                service, METHODID_SYNC_ACCOUNTS)))
        .addMethod(
          getRunSyncMethod(),
          io.grpc.stub.ServerCalls.asyncServerStreamingCall(
            new MethodHandlers<
              pbm.v2.Users.RunSyncRequest,
              pbm.v2.Users.SyncProgress>(
                service, METHODID_RUN_SYNC)))
        .addMethod(
          getSetUserAvatarMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Users.SetUserAvatarRequest,
              pbm.v2.Users.UserAvatar>(
                service, METHODID_SET_USER_AVATAR)))
        .addMethod(
          getGetUserAvatarMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Users.GetUserAvatarRequest,
              pbm.v2.Users.UserAvatar>(
                service, METHODID_GET_USER_AVATAR)))
        .addMethod(
          getDeleteUserAvatarMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              pbm.v2.Users.DeleteUserAvatarRequest,
              com.google.protobuf.Empty>(
                service, METHODID_DELETE_USER_AVATAR)))
        .build();
  }

  private static abstract class UserServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    UserServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return pbm.v2.Users.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("UserService");
    }
  }

  private static final class UserServiceFileDescriptorSupplier
      extends UserServiceBaseDescriptorSupplier {
    UserServiceFileDescriptorSupplier() {}
  }

  private static final class UserServiceMethodDescriptorSupplier
      extends UserServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    UserServiceMethodDescriptorSupplier(java.lang.String methodName) {
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
      synchronized (UserServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new UserServiceFileDescriptorSupplier())
              .addMethod(getCreateUserMethod())
              .addMethod(getGetUserMethod())
              .addMethod(getListUsersMethod())
              .addMethod(getStreamUsersMethod())
              .addMethod(getUpdateUserMethod())
              .addMethod(getDeleteUserMethod())
              .addMethod(getUndeleteUserMethod())
              .addMethod(getListDeletedUsersMethod())
              .addMethod(getSyncAddressBookMethod())
              .addMethod(getSyncAccountsMethod())
              .addMethod(getRunSyncMethod())
              .addMethod(getSetUserAvatarMethod())
              .addMethod(getGetUserAvatarMethod())
              .addMethod(getDeleteUserAvatarMethod())
              .build();
        }
      }
    }
    return result;
  }
}
