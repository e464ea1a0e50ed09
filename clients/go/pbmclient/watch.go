package pbmclient

import (
	"context"
	"io"
	"strconv"
	"time"

	pbmv2 "github.com/pbm-mail/pbm/clients/go/gen/pbm/v2"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
)

// The ErrorInfo reasons of the change feed that WatchDirectory handles.
const (
	// ReasonResyncRequired: the revision is older than the log keeps; list again.
	ReasonResyncRequired = "RESYNC_REQUIRED"
	// ReasonWatcherTooSlow: the watcher left its events untaken for 10 s.
	ReasonWatcherTooSlow = "WATCHER_TOO_SLOW"
)

// WatchOptions are the options of WatchDirectory.
type WatchOptions struct {
	// Since is the revision to watch from (e.g. the pbm-revision header of a
	// list); 0: from now.
	Since int64
	// TenantID is one tenant; empty: every tenant the caller may see.
	TenantID string
	// Kinds are the kinds wanted; empty: every kind.
	Kinds []pbmv2.ObjectKind
	// OnResync is called on RESYNC_REQUIRED with the server's current
	// revision: it lists again and returns the revision to watch from. Nil:
	// the error ends the watch (Err returns it).
	OnResync func(ctx context.Context, currentRevision int64) (int64, error)
	// Bookmarks makes Next return BOOKMARK events too (they always advance
	// the position).
	Bookmarks bool
	// MinBackoff is the first wait before a resume (default 200 ms), doubled
	// after each failed try up to MaxBackoff (default 10 s).
	MinBackoff, MaxBackoff time.Duration
}

// DirectoryWatch is a resumable watch of WatchService.WatchDirectory, made by
// WatchDirectory. It hides the stream's ends that the server's contract says
// to resume from:
//
//   - UNAVAILABLE (store unreachable, server going away) and
//     RESOURCE_EXHAUSTED WATCHER_TOO_SLOW: the watch is opened again from the
//     last revision received (or ErrorInfo "resume_from"), after a bounded
//     exponential back-off;
//   - FAILED_PRECONDITION RESYNC_REQUIRED: OnResync(currentRevision) is
//     called; without it the error ends the watch.
//
// BOOKMARKs advance the resume position. Every other error ends the watch as
// an *Error. Use it like a bufio.Scanner:
//
//	w := pbmclient.WatchDirectory(ctx, c.Watch, pbmclient.WatchOptions{Since: rev, OnResync: relist})
//	defer w.Close()
//	for w.Next() {
//		apply(w.Event())
//	}
//	if err := w.Err(); err != nil { … }
//
// A DirectoryWatch is used from one goroutine, except Close, which may be
// called from any.
type DirectoryWatch struct {
	stub   pbmv2.WatchServiceClient
	opts   WatchOptions
	ctx    context.Context
	cancel context.CancelFunc
	parent context.Context

	stream     pbmv2.WatchService_WatchDirectoryClient
	event      *pbmv2.DirectoryEvent
	err        error
	done       bool
	backoff    time.Duration
	revision   int64
	reconnects int
	resyncs    int
}

// WatchDirectory watches the directory from opts.Since, resuming after
// dropped streams. stub is a Client's Watch (or any WatchServiceClient). The
// watch ends when ctx ends (Err then returns ctx.Err()) or on Close (Err nil).
func WatchDirectory(ctx context.Context, stub pbmv2.WatchServiceClient, opts WatchOptions) *DirectoryWatch {
	if opts.MinBackoff <= 0 {
		opts.MinBackoff = 200 * time.Millisecond
	}
	if opts.MaxBackoff <= 0 {
		opts.MaxBackoff = 10 * time.Second
	}
	if opts.MaxBackoff < opts.MinBackoff {
		opts.MaxBackoff = opts.MinBackoff
	}
	inner, cancel := context.WithCancel(ctx)
	return &DirectoryWatch{
		stub: stub, opts: opts, ctx: inner, cancel: cancel, parent: ctx,
		backoff: opts.MinBackoff, revision: opts.Since,
	}
}

// Next waits for the next event; false when the watch has ended (see Err).
func (w *DirectoryWatch) Next() bool {
	for !w.done {
		if w.ctx.Err() != nil {
			return w.finish(nil)
		}
		if w.stream == nil {
			stream, err := w.stub.WatchDirectory(w.ctx, &pbmv2.WatchDirectoryRequest{
				SinceRevision: w.revision, TenantId: w.opts.TenantID, Kinds: w.opts.Kinds,
			})
			if err != nil {
				if !w.recover(err) {
					return false
				}
				continue
			}
			w.stream = stream
		}
		event, err := w.stream.Recv()
		if err == io.EOF {
			// The server ended the stream without an error: nothing more will come.
			return w.finish(nil)
		}
		if err != nil {
			w.stream = nil
			if !w.recover(err) {
				return false
			}
			continue
		}
		w.backoff = w.opts.MinBackoff
		if event.GetRevision() > w.revision {
			w.revision = event.GetRevision()
		}
		if event.GetType() != pbmv2.DirectoryEvent_TYPE_BOOKMARK || w.opts.Bookmarks {
			w.event = event
			return true
		}
	}
	return false
}

// recover handles the error that ended a stream: true when the watch goes on.
func (w *DirectoryWatch) recover(raw error) bool {
	if w.ctx.Err() != nil {
		return w.finish(nil)
	}
	err := FromError(raw)
	meta := errorMetadata(err)
	switch {
	case err.Code == codes.FailedPrecondition && err.Reason == ReasonResyncRequired:
		if w.opts.OnResync == nil {
			return w.finish(err)
		}
		current, _ := strconv.ParseInt(meta["current_revision"], 10, 64)
		w.resyncs++
		next, rerr := w.opts.OnResync(w.ctx, current)
		if rerr != nil {
			return w.finish(rerr)
		}
		w.revision = next
		return true
	case err.Code == codes.Unavailable || (err.Code == codes.ResourceExhausted && err.Reason == ReasonWatcherTooSlow):
		if from, perr := strconv.ParseInt(meta["resume_from"], 10, 64); perr == nil && from > w.revision {
			w.revision = from
		}
		w.reconnects++
		timer := time.NewTimer(w.backoff)
		defer timer.Stop()
		select {
		case <-timer.C:
		case <-w.ctx.Done():
			return w.finish(nil)
		}
		w.backoff = min(w.backoff*2, w.opts.MaxBackoff)
		return true
	default:
		return w.finish(err)
	}
}

// finish ends the watch with err (nil: closed, or ended by the server);
// the parent context's end is reported as its error. Returns false.
func (w *DirectoryWatch) finish(err error) bool {
	if err == nil && w.parent.Err() != nil {
		err = w.parent.Err()
	}
	w.done, w.err, w.event = true, err, nil
	w.cancel()
	return false
}

// Event is the event Next has just returned true for.
func (w *DirectoryWatch) Event() *pbmv2.DirectoryEvent { return w.event }

// Err is why the watch ended: nil after Close or a stream the server ended
// cleanly; the context's error when it ended; otherwise an *Error (or the
// error OnResync returned).
func (w *DirectoryWatch) Err() error { return w.err }

// Revision is the resume position: the last revision received (or the one to
// resume from); 0 before the first event of a watch from now.
func (w *DirectoryWatch) Revision() int64 { return w.revision }

// Reconnects is how many times the stream was opened again.
func (w *DirectoryWatch) Reconnects() int { return w.reconnects }

// Resyncs is how many times OnResync was called.
func (w *DirectoryWatch) Resyncs() int { return w.resyncs }

// Close ends the watch: the current stream is cancelled and Next returns false.
func (w *DirectoryWatch) Close() { w.cancel() }

// errorMetadata is the google.rpc.ErrorInfo metadata of err (none: empty).
func errorMetadata(err *Error) map[string]string {
	if err == nil || err.status == nil {
		return map[string]string{}
	}
	for _, detail := range err.status.Details() {
		if info, ok := detail.(*errdetails.ErrorInfo); ok {
			return info.GetMetadata()
		}
	}
	return map[string]string{}
}
