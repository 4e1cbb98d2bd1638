package langflowconnect

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

// The five tasks against a running suite: LFC_BASE_URL (the gateway, with the key and cost APIs on
// its origin) and LFC_ADMIN_KEY (a key with admin:keys). Without them these tests skip; the
// repository's e2e test (test/clients/sdks.e2e-spec.ts) starts a suite and sets both.

func suite(t *testing.T) (baseURL string, admin *Client) {
	t.Helper()
	baseURL = os.Getenv("LFC_BASE_URL")
	if baseURL == "" {
		t.Skip("LFC_BASE_URL and LFC_ADMIN_KEY name a running suite (set by test/clients/sdks.e2e-spec.ts)")
	}
	return baseURL, NewClient(baseURL, WithAPIKey(os.Getenv("LFC_ADMIN_KEY")))
}

func keyName() string {
	random := make([]byte, 6)
	_, _ = rand.Read(random)
	return "sdk-go-" + hex.EncodeToString(random)
}

func newKey(t *testing.T, admin *Client, request CreateAPIKeyRequest) *IssuedAPIKey {
	t.Helper()
	request.Name = keyName()
	issued, err := admin.CreateAPIKey(context.Background(), request)
	if err != nil {
		t.Fatal(err)
	}
	return issued
}

func wantAPIError(t *testing.T, err error, status int, code string) *APIError {
	t.Helper()
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Status != status || apiErr.Code != code {
		t.Fatalf("want a %d %s *APIError, got %v", status, code, err)
	}
	return apiErr
}

func TestAPIListsTheToolsWithTheirSchemasAndAnnotations(t *testing.T) {
	_, admin := suite(t)
	tools, err := admin.ListTools(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]Tool{}
	for _, tool := range tools {
		byName[tool.Name] = tool
	}
	ping, ok := byName["ping"]
	if _, file := byName["read_file"]; !ok || !file {
		t.Fatalf("ping and read_file missing from %v", tools)
	}
	if ping.InputSchema["type"] != "object" || !ping.Annotations.ReadOnlyHint || ping.Annotations.DestructiveHint {
		t.Fatalf("unexpected ping %+v", ping)
	}
}

func TestAPICallsAToolAndReadsItsStructuredAnswer(t *testing.T) {
	_, admin := suite(t)
	result, err := admin.CallTool(context.Background(), "ping", map[string]interface{}{"message": "from Go"})
	if err != nil {
		t.Fatal(err)
	}
	if result.IsError || result.StructuredContent["pong"] != true || result.StructuredContent["message"] != "from Go" ||
		result.Content[0]["type"] != "text" {
		t.Fatalf("unexpected result %+v", result)
	}
}

func TestAPIAnUnknownToolIsAnAPIErrorWithTheErrorBody(t *testing.T) {
	_, admin := suite(t)
	_, err := admin.CallTool(context.Background(), "no_such_tool", nil)
	apiErr := wantAPIError(t, err, 404, "unknown_tool")
	if apiErr.Message != "Unknown tool: no_such_tool" || apiErr.Details["tool"] != "no_such_tool" || apiErr.RequestID == "" {
		t.Fatalf("unexpected error %+v", apiErr)
	}
}

func TestAPIAnUnknownKeyIsUnauthenticated(t *testing.T) {
	baseURL, _ := suite(t)
	_, err := NewClient(baseURL, WithAPIKey("lfc_"+strings.Repeat("B", 43))).ListTools(context.Background())
	wantAPIError(t, err, 401, "invalid_api_key")
}

func TestAPIAnAPIKeyAlsoWorksAsABearerToken(t *testing.T) {
	baseURL, _ := suite(t)
	if _, err := NewClient(baseURL, WithBearerToken(os.Getenv("LFC_ADMIN_KEY"))).ListTools(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestAPICreatesAKeyThatWorksAndRevokesIt(t *testing.T) {
	baseURL, admin := suite(t)
	issued := newKey(t, admin, CreateAPIKeyRequest{
		Scopes: []string{"ping"}, RateLimitPerMinute: PerWindow(50), RateLimitPerHour: Unlimited,
	})
	limits := issued.APIKey.RateLimits
	if !strings.HasPrefix(issued.Key, "lfc_") || limits.PerMinute == nil || *limits.PerMinute != 50 || limits.PerHour != nil ||
		issued.APIKey.RevokedAt != nil {
		t.Fatalf("unexpected key %+v", issued)
	}
	tools, err := NewClient(baseURL, WithAPIKey(issued.Key)).ListTools(context.Background())
	if err != nil || len(tools) != 1 || tools[0].Name != "ping" {
		t.Fatalf("tools %v, err %v", tools, err)
	}
	revoked, err := admin.RevokeAPIKey(context.Background(), issued.APIKey.ID)
	if err != nil {
		t.Fatal(err)
	}
	if revoked.ID != issued.APIKey.ID || revoked.RevokedAt == nil || revoked.RevokedAt.Before(revoked.CreatedAt) {
		t.Fatalf("unexpected revoked key %+v", revoked)
	}
}

func TestAPIARevokedKeyIsRefused(t *testing.T) {
	baseURL, admin := suite(t)
	// Never used before its revocation, so no gateway holds it: the refusal does not wait on an announcement.
	issued := newKey(t, admin, CreateAPIKeyRequest{Scopes: []string{"ping"}})
	if _, err := admin.RevokeAPIKey(context.Background(), issued.APIKey.ID); err != nil {
		t.Fatal(err)
	}
	_, err := NewClient(baseURL, WithAPIKey(issued.Key)).CallTool(context.Background(), "ping", nil)
	wantAPIError(t, err, 401, "invalid_api_key")
}

func TestAPIAKeyWithoutTheScopeIsDeniedKeyManagement(t *testing.T) {
	baseURL, admin := suite(t)
	toolsOnly := NewClient(baseURL, WithAPIKey(newKey(t, admin, CreateAPIKeyRequest{Scopes: []string{"ping"}}).Key))
	_, err := toolsOnly.CreateAPIKey(context.Background(), CreateAPIKeyRequest{Name: keyName()})
	wantAPIError(t, err, 403, "insufficient_scope")
}

func TestAPIOverTheRateLimitIsA429WithRetryAfter(t *testing.T) {
	baseURL, admin := suite(t)
	key := newKey(t, admin, CreateAPIKeyRequest{Scopes: []string{"ping"}, RateLimitPerMinute: PerWindow(1)}).Key
	if _, err := NewClient(baseURL, WithAPIKey(key)).CallTool(context.Background(), "ping", nil); err != nil {
		t.Fatal(err)
	}
	// The retry is bounded: the server's delay (the rest of the minute) is more than zero, so no wait.
	limited := NewClient(baseURL, WithAPIKey(key), WithRetry(3, 0))
	_, err := limited.CallTool(context.Background(), "ping", nil)
	apiErr := wantAPIError(t, err, 429, "rate_limited")
	if !apiErr.HasRetryAfter || apiErr.RetryAfter <= 0 || apiErr.RetryAfter > time.Minute || apiErr.Details["limit"] != float64(1) {
		t.Fatalf("unexpected error %+v", apiErr)
	}
}

func TestAPIACostSummaryOfAFreshKey(t *testing.T) {
	baseURL, admin := suite(t)
	client := NewClient(baseURL, WithAPIKey(newKey(t, admin, CreateAPIKeyRequest{}).Key))
	summary, err := client.CostSummary(context.Background(), CostSummaryQuery{Period: "last_day", GroupBy: "model"})
	if err != nil {
		t.Fatal(err)
	}
	if summary.Scope != "key" || summary.Currency != "USD" || summary.GroupBy == nil || *summary.GroupBy != "model" ||
		!summary.From.Before(summary.To) || summary.Totals.CostUSD != "0" || summary.Totals.Records != 0 || len(summary.Groups) != 0 {
		t.Fatalf("unexpected summary %+v", summary)
	}
}

func TestAPICostSummaryOverAnExplicitWindow(t *testing.T) {
	_, admin := suite(t)
	to := time.Now().UTC().Truncate(time.Second)
	summary, err := admin.CostSummary(context.Background(), CostSummaryQuery{From: to.Add(-time.Hour), To: to})
	if err != nil {
		t.Fatal(err)
	}
	if !summary.From.Equal(to.Add(-time.Hour)) || !summary.To.Equal(to) || summary.GroupBy != nil {
		t.Fatalf("unexpected summary %+v", summary)
	}
}

func TestAPIABadCostQueryNamesWhatWasWrong(t *testing.T) {
	_, admin := suite(t)
	_, err := admin.CostSummary(context.Background(), CostSummaryQuery{Period: "fortnight"})
	if apiErr := wantAPIError(t, err, 400, "validation_failed"); !strings.Contains(apiErr.Message, "period") {
		t.Fatalf("message %q does not name the period", apiErr.Message)
	}
}
