package pbmclient

import (
	"errors"
	"fmt"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// FieldViolation is one bad field of a request
// (google.rpc.BadRequest.FieldViolation).
type FieldViolation struct {
	// Field is the request field path, e.g. "user.mail".
	Field string
	// Description says what is wrong, for humans.
	Description string
	// Reason is "REQUIRED" or "INVALID".
	Reason string
}

// Error is a failed pbm call with its google.rpc details decoded. Every call
// made through a Client returns one (get it with errors.As); status.Code and
// status.FromError still work on it.
type Error struct {
	// Code is the gRPC status code.
	Code codes.Code
	// Message is the status message.
	Message string
	// Reason is the google.rpc.ErrorInfo reason, e.g. "TOKEN_EXPIRED";
	// empty when none was sent.
	Reason string
	// Violations lists the google.rpc.BadRequest field violations of an
	// INVALID_ARGUMENT answer, in the server's order.
	Violations []FieldViolation

	status *status.Status
}

// Error implements error.
func (e *Error) Error() string {
	return fmt.Sprintf("pbm: %s: %s", e.Code, e.Message)
}

// GRPCStatus makes status.FromError and status.Code see the original status.
func (e *Error) GRPCStatus() *status.Status {
	return e.status
}

// Fields returns the paths of the bad fields, e.g. ["user.password"].
func (e *Error) Fields() []string {
	fields := make([]string, len(e.Violations))
	for i, v := range e.Violations {
		fields[i] = v.Field
	}
	return fields
}

// FromError decodes a gRPC error into an *Error. It returns nil for nil, the
// error itself when it already is an *Error, and an *Error of code Unknown
// for an error that carries no gRPC status.
func FromError(err error) *Error {
	if err == nil {
		return nil
	}
	var pe *Error
	if errors.As(err, &pe) {
		return pe
	}
	st := status.Convert(err)
	pe = &Error{Code: st.Code(), Message: st.Message(), status: st}
	for _, detail := range st.Details() {
		switch d := detail.(type) {
		case *errdetails.ErrorInfo:
			if pe.Reason == "" {
				pe.Reason = d.GetReason()
			}
		case *errdetails.BadRequest:
			for _, v := range d.GetFieldViolations() {
				pe.Violations = append(pe.Violations, FieldViolation{
					Field:       v.GetField(),
					Description: v.GetDescription(),
					Reason:      v.GetReason(),
				})
			}
		}
	}
	return pe
}

// Violations returns the field violations of err (none: nil).
func Violations(err error) []FieldViolation {
	if pe := FromError(err); pe != nil {
		return pe.Violations
	}
	return nil
}

// Reason returns the google.rpc.ErrorInfo reason of err (none: "").
func Reason(err error) string {
	if pe := FromError(err); pe != nil {
		return pe.Reason
	}
	return ""
}

// convert turns errors that carry a gRPC status into *Error; others (nil,
// io.EOF at the end of a stream) pass unchanged.
func convert(err error) error {
	if _, ok := status.FromError(err); !ok || err == nil {
		return err
	}
	return FromError(err)
}
