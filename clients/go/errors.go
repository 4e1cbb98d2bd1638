package langflowconnect

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// APIError is a refusal by the API (a 4xx or 5xx answer) with the error body every service shares.
// Branch on Status (401 unauthenticated, 403 denied, 429 rate limited) or on Code, the stable
// machine-readable part (invalid_api_key, insufficient_scope, rate_limited, unknown_tool, ...):
//
//	var apiErr *langflowconnect.APIError
//	if errors.As(err, &apiErr) && apiErr.Status == http.StatusTooManyRequests { ... apiErr.RetryAfter ... }
type APIError struct {
	Status    int
	Code      string
	Message   string
	RequestID string
	Details   map[string]interface{}
	// RetryAfter is the server's Retry-After; zero when it gave none (HasRetryAfter tells which).
	RetryAfter    time.Duration
	HasRetryAfter bool
}

func (e *APIError) Error() string {
	return fmt.Sprintf("langflow-connect: %d %s: %s", e.Status, e.Code, e.Message)
}

type errorBody struct {
	Error *struct {
		Code      string                 `json:"code"`
		Message   string                 `json:"message"`
		RequestID string                 `json:"requestId"`
		Details   map[string]interface{} `json:"details"`
	} `json:"error"`
}

func apiErrorOf(response *http.Response, body []byte) *APIError {
	apiErr := &APIError{Status: response.StatusCode, RequestID: response.Header.Get("x-request-id")}
	apiErr.RetryAfter, apiErr.HasRetryAfter = retryAfter(response.Header, time.Now())
	var parsed errorBody
	if json.Unmarshal(body, &parsed) == nil && parsed.Error != nil && parsed.Error.Code != "" {
		apiErr.Code, apiErr.Message, apiErr.Details = parsed.Error.Code, parsed.Error.Message, parsed.Error.Details
		if parsed.Error.RequestID != "" {
			apiErr.RequestID = parsed.Error.RequestID
		}
		return apiErr
	}
	// Not one of ours (a proxy in between, say): the status is all there is to go on.
	text := string(body)
	if len(text) > 500 {
		text = text[:500]
	}
	apiErr.Code, apiErr.Message = "http_"+strconv.Itoa(response.StatusCode), text
	return apiErr
}

// retryAfter reads Retry-After as delay-seconds or an HTTP date.
func retryAfter(header http.Header, now time.Time) (time.Duration, bool) {
	value := strings.TrimSpace(header.Get("retry-after"))
	if value == "" {
		return 0, false
	}
	if seconds, err := strconv.Atoi(value); err == nil && seconds >= 0 {
		return time.Duration(seconds) * time.Second, true
	}
	when, err := http.ParseTime(value)
	if err != nil {
		return 0, false
	}
	if wait := when.Sub(now); wait > 0 {
		return wait, true
	}
	return 0, true
}
