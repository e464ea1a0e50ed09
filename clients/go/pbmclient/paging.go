package pbmclient

import (
	"context"
	"fmt"
	"iter"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Page is a response of an AIP-158 List RPC.
type Page interface {
	proto.Message
	GetNextPageToken() string
}

// All iterates over every item of a List RPC, page after page, to the end.
//
// list is a List method of a generated client (e.g. c.Users.ListUsers), req
// its first request (PageSize sets the page length; req is not modified),
// items picks the items of a page (e.g. (*pbmv2.ListUsersResponse).GetUsers).
// Pages are fetched lazily, following next_page_token until it is empty. The
// first error is yielded with a zero item and ends the iteration.
//
//	for user, err := range pbmclient.All(ctx, c.Users.ListUsers, req, (*pbmv2.ListUsersResponse).GetUsers) { … }
func All[Req proto.Message, P Page, Item any](
	ctx context.Context,
	list func(context.Context, Req, ...grpc.CallOption) (P, error),
	req Req,
	items func(P) []Item,
	opts ...grpc.CallOption,
) iter.Seq2[Item, error] {
	return func(yield func(Item, error) bool) {
		var zero Item
		field := req.ProtoReflect().Descriptor().Fields().ByName("page_token")
		if field == nil || field.Kind() != protoreflect.StringKind {
			yield(zero, fmt.Errorf("pbmclient.All: %s has no string field page_token", req.ProtoReflect().Descriptor().FullName()))
			return
		}
		next := req
		for {
			page, err := list(ctx, next, opts...)
			if err != nil {
				yield(zero, err)
				return
			}
			for _, item := range items(page) {
				if !yield(item, nil) {
					return
				}
			}
			token := page.GetNextPageToken()
			if token == "" {
				return
			}
			next = proto.Clone(req).(Req)
			next.ProtoReflect().Set(field, protoreflect.ValueOfString(token))
		}
	}
}
