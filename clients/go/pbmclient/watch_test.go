// WatchDirectory against the live pbm: resume after a dropped stream, resync.
//
// The drop is simulated by a stub that cuts the first live stream after two
// events with UNAVAILABLE (as a server going away does). RESYNC_REQUIRED
// cannot be produced from outside (the log is pruned after days), so the
// resync test puts a stub in front of the live one that answers it once, as
// pbm does. The same tests as the Python client's tests/test_watch.py.
package pbmclient_test

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"testing"
	"time"

	pbmv2 "github.com/pbm-mail/pbm/clients/go/gen/pbm/v2"
	"github.com/pbm-mail/pbm/clients/go/pbmclient"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

func revisionOf(t *testing.T, c *pbmclient.Client, tenantID string) int64 {
	t.Helper()
	var header metadata.MD
	if _, err := c.Tenants.GetTenant(context.Background(), &pbmv2.GetTenantRequest{TenantId: tenantID}, grpc.Header(&header)); err != nil {
		t.Fatal(err)
	}
	values := header.Get("pbm-revision")
	if len(values) != 1 {
		t.Fatalf("pbm-revision header: %v", values)
	}
	rev, err := strconv.ParseInt(values[0], 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	// The header is where the replica's log follower stands, which can trail
	// this test's own writes by a moment; a watch opened "now" starts with a
	// bookmark at the latest committed revision, which does not.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	stream, err := c.Watch.WatchDirectory(ctx, &pbmv2.WatchDirectoryRequest{TenantId: tenantID})
	if err != nil {
		t.Fatal(err)
	}
	bookmark, err := stream.Recv()
	if err != nil {
		t.Fatal(err)
	}
	return max(rev, bookmark.GetRevision())
}

func renameTenant(t *testing.T, c *pbmclient.Client, tenantID, name string) {
	t.Helper()
	_, err := c.Tenants.UpdateTenant(context.Background(), &pbmv2.UpdateTenantRequest{
		Tenant:     &pbmv2.Tenant{Id: tenantID, DisplayName: name},
		UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"display_name"}},
	})
	if err != nil {
		t.Fatal(err)
	}
}

func watchError(t *testing.T, code codes.Code, reason string, meta map[string]string) error {
	t.Helper()
	st, err := status.New(code, reason).WithDetails(&errdetails.ErrorInfo{Reason: reason, Domain: "pbm", Metadata: meta})
	if err != nil {
		t.Fatal(err)
	}
	return st.Err()
}

// dropping is the live stub, whose first stream is cut after `after` events.
type dropping struct {
	pbmv2.WatchServiceClient
	after    int
	cut      error
	requests []int64
}

func (d *dropping) WatchDirectory(ctx context.Context, in *pbmv2.WatchDirectoryRequest, opts ...grpc.CallOption) (grpc.ServerStreamingClient[pbmv2.DirectoryEvent], error) {
	d.requests = append(d.requests, in.GetSinceRevision())
	if len(d.requests) > 1 {
		return d.WatchServiceClient.WatchDirectory(ctx, in, opts...)
	}
	ctx, cancel := context.WithCancel(ctx)
	stream, err := d.WatchServiceClient.WatchDirectory(ctx, in, opts...)
	if err != nil {
		cancel()
		return nil, err
	}
	return &cutStream{ServerStreamingClient: stream, cancel: cancel, left: d.after, cut: d.cut}, nil
}

type cutStream struct {
	grpc.ServerStreamingClient[pbmv2.DirectoryEvent]
	cancel context.CancelFunc
	left   int
	cut    error
}

func (s *cutStream) Recv() (*pbmv2.DirectoryEvent, error) {
	if s.left == 0 {
		s.cancel()
		return nil, s.cut
	}
	event, err := s.ServerStreamingClient.Recv()
	if err == nil && event.GetType() != pbmv2.DirectoryEvent_TYPE_BOOKMARK {
		s.left--
	}
	return event, err
}

func TestWatchResumesAfterDroppedStream(t *testing.T) {
	c := connect(t, env(t, "PBM_ADDR"), pbmclient.Options{})
	tenant := newTenant(t, c)
	since := revisionOf(t, c, tenant.GetId())
	names := []string{"renamed 0", "renamed 1", "renamed 2", "renamed 3", "renamed 4"}
	for _, name := range names {
		renameTenant(t, c, tenant.GetId(), name)
	}
	stub := &dropping{WatchServiceClient: c.Watch, after: 2, cut: watchError(t, codes.Unavailable, "", nil)}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	w := pbmclient.WatchDirectory(ctx, stub, pbmclient.WatchOptions{Since: since, TenantID: tenant.GetId(), MinBackoff: 10 * time.Millisecond})
	var events []*pbmv2.DirectoryEvent
	for w.Next() {
		events = append(events, w.Event())
		if len(events) == len(names) {
			w.Close()
		}
	}
	if err := w.Err(); err != nil {
		t.Fatalf("the watch ended with %v", err)
	}
	if len(events) != len(names) {
		t.Fatalf("%d events, want %d", len(events), len(names))
	}
	revisions := make([]int64, len(events))
	var got []string
	for i, e := range events {
		revisions[i] = e.GetRevision()
		got = append(got, e.GetTenant().GetDisplayName())
		if e.GetType() != pbmv2.DirectoryEvent_TYPE_MODIFIED || e.GetTenantId() != tenant.GetId() {
			t.Errorf("event %d: %v", i, e)
		}
	}
	if w.Reconnects() != 1 {
		t.Errorf("reconnects = %d, want 1", w.Reconnects())
	}
	if want := []int64{since, revisions[1]}; !slices.Equal(stub.requests, want) {
		t.Errorf("requests from %v, want %v", stub.requests, want)
	}
	sorted := slices.Clone(revisions)
	slices.Sort(sorted)
	if !slices.Equal(revisions, slices.Compact(sorted)) {
		t.Errorf("an event lost or repeated: revisions %v", revisions)
	}
	// Each event carries the tenant as it is when sent (its latest state),
	// not as it was at that revision.
	for i, name := range got {
		if name != names[len(names)-1] {
			t.Errorf("event %d: tenant named %q, want its latest name %q", i, name, names[len(names)-1])
		}
	}
	if w.Revision() != revisions[len(revisions)-1] {
		t.Errorf("revision %d, want %d", w.Revision(), revisions[len(revisions)-1])
	}
}

// stale answers RESYNC_REQUIRED to its first call, then is the live stub.
type stale struct {
	pbmv2.WatchServiceClient
	err      error
	requests []int64
}

func (s *stale) WatchDirectory(ctx context.Context, in *pbmv2.WatchDirectoryRequest, opts ...grpc.CallOption) (grpc.ServerStreamingClient[pbmv2.DirectoryEvent], error) {
	s.requests = append(s.requests, in.GetSinceRevision())
	if len(s.requests) == 1 || s.WatchServiceClient == nil {
		return nil, s.err
	}
	return s.WatchServiceClient.WatchDirectory(ctx, in, opts...)
}

func TestWatchResyncThenWatchOn(t *testing.T) {
	c := connect(t, env(t, "PBM_ADDR"), pbmclient.Options{})
	tenant := newTenant(t, c)
	stub := &stale{WatchServiceClient: c.Watch,
		err: watchError(t, codes.FailedPrecondition, "RESYNC_REQUIRED", map[string]string{"current_revision": "123"})}
	var relisted []int64
	relist := func(_ context.Context, current int64) (int64, error) {
		relisted = append(relisted, current)
		rev := revisionOf(t, c, tenant.GetId())
		renameTenant(t, c, tenant.GetId(), "after resync")
		return rev, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	w := pbmclient.WatchDirectory(ctx, stub, pbmclient.WatchOptions{Since: 1, TenantID: tenant.GetId(), OnResync: relist})
	defer w.Close()
	// A read's revision may lag the reader's own writes (the replica applies
	// the log behind its commits), so the tenant's creation can come again
	// before the rename: a list then a watch misses nothing, it may repeat.
	var event *pbmv2.DirectoryEvent
	for event == nil && w.Next() {
		if e := w.Event(); e.GetType() == pbmv2.DirectoryEvent_TYPE_MODIFIED {
			event = e
		}
	}
	if event == nil {
		t.Fatalf("no MODIFIED event: %v", w.Err())
	}
	w.Close()
	if w.Next() || w.Err() != nil {
		t.Errorf("after Close: Next true or Err %v", w.Err())
	}
	if !slices.Equal(relisted, []int64{123}) || w.Resyncs() != 1 {
		t.Errorf("relisted %v, resyncs %d", relisted, w.Resyncs())
	}
	if len(stub.requests) != 2 || stub.requests[0] != 1 || stub.requests[1] <= 1 {
		t.Errorf("requests from %v", stub.requests)
	}
	if event.GetType() != pbmv2.DirectoryEvent_TYPE_MODIFIED || event.GetTenant().GetDisplayName() != "after resync" {
		t.Errorf("event %v", event)
	}
}

func TestWatchResyncWithoutCallbackFails(t *testing.T) {
	stub := &stale{err: watchError(t, codes.FailedPrecondition, "RESYNC_REQUIRED", map[string]string{"current_revision": "7"})}
	w := pbmclient.WatchDirectory(context.Background(), stub, pbmclient.WatchOptions{Since: 1})
	if w.Next() {
		t.Fatal("an event from a stale watch")
	}
	var pe *pbmclient.Error
	if !errors.As(w.Err(), &pe) || pe.Code != codes.FailedPrecondition || pe.Reason != "RESYNC_REQUIRED" {
		t.Fatalf("err %v", w.Err())
	}
}
