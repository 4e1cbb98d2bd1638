// Package langflowconnect is a typed client for LangFlow Connect's REST API: list and call tools,
// create and revoke API keys, and read cost summaries. It needs nothing beyond the standard library.
//
// MCP clients (github.com/modelcontextprotocol/go-sdk) speak to /mcp; this package covers the REST
// side that MCP has no words for (keys, costs) and plain scripted tool calls.
package langflowconnect

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Version is this client's version, sent in its User-Agent.
const Version = "0.1.0"

// Client calls one LangFlow Connect deployment. It is safe for concurrent use.
type Client struct {
	baseURL      string
	header       http.Header
	httpClient   *http.Client
	maxRetries   int
	maxRetryWait time.Duration
	sleep        func(ctx context.Context, wait time.Duration) error
}

// Option configures a Client.
type Option func(*Client)

// WithAPIKey authenticates with an API key, sent as the x-api-key header.
func WithAPIKey(key string) Option {
	return func(c *Client) { c.header.Set("x-api-key", key) }
}

// WithBearerToken authenticates with Authorization: Bearer (an access token, or an API key).
func WithBearerToken(token string) Option {
	return func(c *Client) { c.header.Set("authorization", "Bearer "+token) }
}

// WithHTTPClient sends requests with the given client (timeouts, proxies, TLS); the default is a
// client with a 30 s timeout.
func WithHTTPClient(httpClient *http.Client) Option {
	return func(c *Client) { c.httpClient = httpClient }
}

// WithRetry retries a 429 (or a 503 with Retry-After: overloaded) after the delay the server gave,
// up to maxRetries times, provided that delay is at most maxWait; otherwise the *APIError is
// returned at once. Those refusals happen before any work, so a retried tool call runs once.
func WithRetry(maxRetries int, maxWait time.Duration) Option {
	return func(c *Client) { c.maxRetries, c.maxRetryWait = maxRetries, maxWait }
}

// NewClient returns a client for baseURL, the gateway's address (e.g. https://mcp.example.com): it
// serves the tools and, behind an ingress or with LFC_PUBLIC_API_PROXY, the key and cost APIs.
func NewClient(baseURL string, options ...Option) *Client {
	c := &Client{
		baseURL:    strings.TrimRight(baseURL, "/"),
		header:     http.Header{},
		httpClient: &http.Client{Timeout: 30 * time.Second},
		sleep:      sleep,
	}
	c.header.Set("accept", "application/json")
	c.header.Set("user-agent", "langflow-connect-go/"+Version)
	for _, option := range options {
		option(c)
	}
	return c
}

// ListTools answers the tools this credential may call.
func (c *Client) ListTools(ctx context.Context) ([]Tool, error) {
	var answer struct {
		Tools []Tool `json:"tools"`
	}
	err := c.do(ctx, http.MethodPost, "/api/v1/tools/list", struct{}{}, &answer)
	return answer.Tools, err
}

// CallTool calls a tool; a failure of the tool itself is IsError in the result, not an error.
func (c *Client) CallTool(ctx context.Context, name string, arguments map[string]interface{}) (*ToolCallResult, error) {
	if arguments == nil {
		arguments = map[string]interface{}{}
	}
	body := struct {
		Name      string                 `json:"name"`
		Arguments map[string]interface{} `json:"arguments"`
	}{name, arguments}
	var result ToolCallResult
	if err := c.do(ctx, http.MethodPost, "/api/v1/tools/call", body, &result); err != nil {
		return nil, err
	}
	return &result, nil
}

// CreateAPIKey creates a key (needs the admin:keys scope).
func (c *Client) CreateAPIKey(ctx context.Context, request CreateAPIKeyRequest) (*IssuedAPIKey, error) {
	var issued IssuedAPIKey
	if err := c.do(ctx, http.MethodPost, "/api/v1/auth/keys", request, &issued); err != nil {
		return nil, err
	}
	return &issued, nil
}

// RevokeAPIKey revokes a key at once, on every gateway, and answers it with RevokedAt set.
func (c *Client) RevokeAPIKey(ctx context.Context, keyID string) (*APIKey, error) {
	var key APIKey
	if err := c.do(ctx, http.MethodDelete, "/api/v1/auth/keys/"+url.PathEscape(keyID), nil, &key); err != nil {
		return nil, err
	}
	return &key, nil
}

// CostSummary answers spend and tokens over a period (default: the last 30 days).
func (c *Client) CostSummary(ctx context.Context, query CostSummaryQuery) (*CostSummary, error) {
	values := url.Values{}
	for name, value := range map[string]string{"period": query.Period, "groupBy": query.GroupBy, "scope": query.Scope} {
		if value != "" {
			values.Set(name, value)
		}
	}
	for name, value := range map[string]time.Time{"from": query.From, "to": query.To} {
		if !value.IsZero() {
			values.Set(name, value.Format(time.RFC3339Nano))
		}
	}
	path := "/api/v1/cost/summary"
	if len(values) > 0 {
		path += "?" + values.Encode()
	}
	var summary CostSummary
	if err := c.do(ctx, http.MethodGet, path, nil, &summary); err != nil {
		return nil, err
	}
	return &summary, nil
}

// do sends one operation, retrying as WithRetry allows, and decodes the answer into out.
func (c *Client) do(ctx context.Context, method, path string, body interface{}, out interface{}) error {
	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return fmt.Errorf("langflow-connect: encoding the request: %w", err)
		}
	}
	for retries := 0; ; retries++ {
		response, answer, err := c.send(ctx, method, path, payload)
		if err != nil {
			return err
		}
		if response.StatusCode < 400 {
			if err := json.Unmarshal(answer, out); err != nil {
				return fmt.Errorf("langflow-connect: reading the answer of %s %s: %w", method, path, err)
			}
			return nil
		}
		apiErr := apiErrorOf(response, answer)
		if !c.retries(apiErr, retries) {
			return apiErr
		}
		if err := c.sleep(ctx, apiErr.RetryAfter); err != nil {
			return err
		}
	}
}

func (c *Client) retries(apiErr *APIError, retriesDone int) bool {
	retryable := apiErr.Status == http.StatusTooManyRequests || apiErr.Status == http.StatusServiceUnavailable
	return retryable && apiErr.HasRetryAfter && retriesDone < c.maxRetries && apiErr.RetryAfter <= c.maxRetryWait
}

func (c *Client) send(ctx context.Context, method, path string, payload []byte) (*http.Response, []byte, error) {
	var reader io.Reader
	if payload != nil {
		reader = bytes.NewReader(payload)
	}
	request, err := http.NewRequestWithContext(ctx, method, c.baseURL+path, reader)
	if err != nil {
		return nil, nil, fmt.Errorf("langflow-connect: %w", err)
	}
	request.Header = c.header.Clone()
	if payload != nil {
		request.Header.Set("content-type", "application/json")
	}
	response, err := c.httpClient.Do(request)
	if err != nil {
		return nil, nil, fmt.Errorf("langflow-connect: %s %s: %w", method, path, err)
	}
	defer response.Body.Close()
	answer, err := io.ReadAll(response.Body)
	if err != nil {
		return nil, nil, fmt.Errorf("langflow-connect: reading the answer of %s %s: %w", method, path, err)
	}
	return response, answer, nil
}

// sleep waits for the given time, or less when ctx ends first.
func sleep(ctx context.Context, wait time.Duration) error {
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
