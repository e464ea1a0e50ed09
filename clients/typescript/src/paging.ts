/** AIP-158 paging: a List RPC followed to its last page. */

/**
 * Every item of a List RPC, page after page, to the end.
 *
 * `list` is a List method of a client (e.g. `pbm.users.listUsers`),
 * `request` its first request (`pageSize` sets the page length; it is not
 * modified), `items` picks the items of a page (`(page) => page.users`).
 * Pages are fetched lazily, following `nextPageToken` until it is empty.
 *
 * ```ts
 * for await (const user of paginate(pbm.users.listUsers, { tenantId: "default" }, (p) => p.users)) { … }
 * ```
 */
export async function* paginate<Req extends { pageToken?: string }, Page extends { nextPageToken: string }, Item>(
  list: (request: Req) => Promise<Page>,
  request: Req,
  items: (page: Page) => Iterable<Item>,
): AsyncGenerator<Item, void, undefined> {
  let next: Req = request;
  for (;;) {
    const page = await list(next);
    yield* items(page);
    if (page.nextPageToken === "") {
      return;
    }
    next = { ...request, pageToken: page.nextPageToken };
  }
}
