package pbm.client;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** Every item of an AIP-158 List RPC, page after page, to the last page. */
public final class Paging {
  private Paging() {}

  /**
   * Iterates over every item of a List RPC, fetching pages lazily and following {@code
   * next_page_token} until it is empty.
   *
   * <pre>{@code
   * for (User u : Paging.all(pbm.users()::listUsers, request, ListUsersResponse::getUsersList)) { ... }
   * }</pre>
   *
   * @param list a List method of a stub, e.g. {@code pbm.users()::listUsers}
   * @param request the first request ({@code page_size} sets the page length); not modified
   * @param items picks the items of a page, e.g. {@code ListUsersResponse::getUsersList}
   * @throws IllegalArgumentException when the request has no string field {@code page_token}
   */
  public static <Req extends Message, Resp extends Message, Item> Iterable<Item> all(
      Function<Req, Resp> list, Req request, Function<Resp, List<Item>> items) {
    FieldDescriptor pageToken = request.getDescriptorForType().findFieldByName("page_token");
    if (pageToken == null || pageToken.getJavaType() != FieldDescriptor.JavaType.STRING) {
      throw new IllegalArgumentException(
          request.getDescriptorForType().getFullName() + " has no string field page_token");
    }
    return () -> new Iterator<Item>() {
      private Req next = request;
      private Iterator<Item> page = List.<Item>of().iterator();

      @Override
      public boolean hasNext() {
        while (!page.hasNext() && next != null) {
          Resp response = PbmClient.call(() -> list.apply(next));
          page = items.apply(response).iterator();
          FieldDescriptor nextToken = response.getDescriptorForType().findFieldByName("next_page_token");
          String token = nextToken == null ? "" : (String) response.getField(nextToken);
          @SuppressWarnings("unchecked")
          Req following = token.isEmpty() ? null : (Req) request.toBuilder().setField(pageToken, token).build();
          next = following;
        }
        return page.hasNext();
      }

      @Override
      public Item next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return page.next();
      }
    };
  }

  /** {@link #all} as a sequential {@link Stream}. */
  public static <Req extends Message, Resp extends Message, Item> Stream<Item> stream(
      Function<Req, Resp> list, Req request, Function<Resp, List<Item>> items) {
    return StreamSupport.stream(all(list, request, items).spliterator(), false);
  }
}
