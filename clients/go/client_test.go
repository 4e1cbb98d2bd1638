package langflowconnect

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// Retry-After handling and error bodies, against answers made up in-process (no suite needed).

const limited = `{"error":{"code":"rate_limited","message":"Rate limit exceeded","requestId":"req-1","details":{"limit":1}}}`

type answer struct {
	status     int
	retryAfter string
	body       string
}

// fake answers each request with the next of answers (the last one repeats) and counts them.
func fake(t *testing.T, answers ...answer) (*httptest.Server, *int) {
	t.Helper()
	requests := 0
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next := answers[len(answers)-1]
		if requests < len(answers) {
			next = answers[requests]
		}
		requests++
		if next.retryAfter != "" {
			w.Header().Set("retry-after", next.retryAfter)
		}
		w.Header().Set("content-type", "application/json")
		w.WriteHeader(next.status)
		_, _ = w.Write([]byte(next.body))
	}))
	t.Cleanup(server.Close)
	return server, &requests
}

// recording makes a client whose waits are recorded instead of slept.
func recording(url string, options ...Option) (*Client, *[]time.Duration) {
	client := NewClient(url, append([]Option{WithAPIKey("lfc_test")}, options...)...)
	waits := &[]time.Duration{}
	client.sleep = func(_ context.Context, wait time.Duration) error {
		*waits = append(*waits, wait)
		return nil
	}
	return client, waits
}

func asAPIError(t *testing.T, err error) *APIError {
	t.Helper()
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("want an *APIError, got %v", err)
	}
	return apiErr
}

func TestWithoutRetriesA429IsReturnedWithItsRetryAfter(t *testing.T) {
	server, _ := fake(t, answer{429, "7", limited})
	client, waits := recording(server.URL)
	_, err := client.ListTools(context.Background())
	apiErr := asAPIError(t, err)
	if apiErr.Status != 429 || apiErr.Code != "rate_limited" || apiErr.RequestID != "req-1" ||
		apiErr.RetryAfter != 7*time.Second || !apiErr.HasRetryAfter || apiErr.Details["limit"] != float64(1) {
		t.Fatalf("unexpected error %+v", apiErr)
	}
	if len(*waits) != 0 {
		t.Fatalf("waited %v without retries", *waits)
	}
}

func TestRetriesAfterTheDelayTheServerGave(t *testing.T) {
	server, requests := fake(t, answer{429, "2", limited}, answer{429, "3", limited}, answer{200, "", `{"tools":[]}`})
	client, waits := recording(server.URL, WithRetry(2, time.Minute))
	if _, err := client.ListTools(context.Background()); err != nil {
		t.Fatal(err)
	}
	if *requests != 3 || len(*waits) != 2 || (*waits)[0] != 2*time.Second || (*waits)[1] != 3*time.Second {
		t.Fatalf("requests %d, waits %v", *requests, *waits)
	}
}

func TestGivesUpAfterMaxRetries(t *testing.T) {
	server, requests := fake(t, answer{429, "1", limited})
	client, _ := recording(server.URL, WithRetry(2, time.Minute))
	_, err := client.ListTools(context.Background())
	if asAPIError(t, err).Status != 429 || *requests != 3 {
		t.Fatalf("err %v after %d requests", err, *requests)
	}
}

func TestDoesNotWaitLongerThanMaxWait(t *testing.T) {
	server, requests := fake(t, answer{429, "120", limited})
	client, waits := recording(server.URL, WithRetry(5, 30*time.Second))
	_, err := client.ListTools(context.Background())
	if asAPIError(t, err).RetryAfter != 120*time.Second || *requests != 1 || len(*waits) != 0 {
		t.Fatalf("err %v after %d requests, waits %v", err, *requests, *waits)
	}
}

func TestReadsRetryAfterAsAnHTTPDate(t *testing.T) {
	now := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	header := http.Header{"Retry-After": {now.Add(30 * time.Second).Format(http.TimeFormat)}}
	if wait, ok := retryAfter(header, now); !ok || wait != 30*time.Second {
		t.Fatalf("wait %v, %v", wait, ok)
	}
}

func TestA503WithoutRetryAfterIsNotRetried(t *testing.T) {
	server, requests := fake(t, answer{503, "", `{"error":{"code":"dependency_unavailable","message":"auth is down"}}`})
	client, _ := recording(server.URL, WithRetry(3, time.Minute))
	_, err := client.ListTools(context.Background())
	if asAPIError(t, err).Code != "dependency_unavailable" || *requests != 1 {
		t.Fatalf("err %v after %d requests", err, *requests)
	}
}

func TestAnAnswerThatIsNotAnErrorBodyKeepsItsStatus(t *testing.T) {
	server, _ := fake(t, answer{403, "", "<html>denied by the proxy</html>"})
	client, _ := recording(server.URL)
	_, err := client.ListTools(context.Background())
	if apiErr := asAPIError(t, err); apiErr.Code != "http_403" || apiErr.Message != "<html>denied by the proxy</html>" {
		t.Fatalf("unexpected error %+v", apiErr)
	}
}

func TestAWaitEndsWithItsContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Fatalf("want context.Canceled, got %v", err)
	}
}

func TestSendsTheCredentialItWasGiven(t *testing.T) {
	seen := make(chan http.Header, 2)
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen <- r.Header.Clone()
		_, _ = w.Write([]byte(`{"tools":[]}`))
	}))
	defer server.Close()
	for _, option := range []Option{WithAPIKey("lfc_test"), WithBearerToken("tok")} {
		if _, err := NewClient(server.URL, option).ListTools(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if key, bearer := (<-seen).Get("x-api-key"), (<-seen).Get("authorization"); key != "lfc_test" || bearer != "Bearer tok" {
		t.Fatalf("x-api-key %q, authorization %q", key, bearer)
	}
}
