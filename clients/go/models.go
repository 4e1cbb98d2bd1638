package langflowconnect

import (
	"encoding/json"
	"time"
)

// Tool is a tool the caller may call, as tools/list describes it.
type Tool struct {
	Name         string                 `json:"name"`
	Title        string                 `json:"title,omitempty"`
	Description  string                 `json:"description"`
	InputSchema  map[string]interface{} `json:"inputSchema"`
	OutputSchema map[string]interface{} `json:"outputSchema,omitempty"`
	Annotations  ToolAnnotations        `json:"annotations"`
}

// ToolAnnotations are MCP's hints about what a tool does.
type ToolAnnotations struct {
	Title           string `json:"title,omitempty"`
	ReadOnlyHint    bool   `json:"readOnlyHint"`
	DestructiveHint bool   `json:"destructiveHint"`
	IdempotentHint  bool   `json:"idempotentHint"`
	OpenWorldHint   bool   `json:"openWorldHint"`
}

// ToolCallResult is what a tool answered. IsError is the tool's own failure, not a refused request
// (those are *APIError).
type ToolCallResult struct {
	Content           []map[string]interface{} `json:"content"`
	StructuredContent map[string]interface{}   `json:"structuredContent,omitempty"`
	IsError           bool                     `json:"isError"`
	Meta              map[string]interface{}   `json:"_meta,omitempty"`
}

// RateLimits are requests per minute and per hour; nil is unlimited.
type RateLimits struct {
	PerMinute *int `json:"perMinute"`
	PerHour   *int `json:"perHour"`
}

// APIKey is an API key as listings show it: never its secret.
type APIKey struct {
	ID                      string     `json:"id"`
	Name                    string     `json:"name"`
	Prefix                  string     `json:"prefix"`
	UserID                  string     `json:"userId"`
	Role                    string     `json:"role"`
	Scopes                  []string   `json:"scopes"`
	RateLimits              RateLimits `json:"rateLimits"`
	AllowedIPs              []string   `json:"allowedIps"`
	ConfirmDestructiveCalls bool       `json:"confirmDestructiveCalls"`
	CreatedAt               time.Time  `json:"createdAt"`
	ExpiresAt               *time.Time `json:"expiresAt"`
	RevokedAt               *time.Time `json:"revokedAt"`
	LastUsedAt              *time.Time `json:"lastUsedAt"`
	ReplacedBy              *string    `json:"replacedBy"`
}

// IssuedAPIKey is a created key: Key is its secret, in this answer and never again.
type IssuedAPIKey struct {
	Key    string `json:"key"`
	APIKey APIKey `json:"apiKey"`
}

// Limit is a new key's rate limit: PerWindow(n) requests, or Unlimited. A nil *Limit leaves it to
// the server.
type Limit struct{ requests *int }

// PerWindow is a limit of n requests per minute or hour.
func PerWindow(n int) *Limit { return &Limit{requests: &n} }

// Unlimited is no limit at all (the creating credential must be unlimited too).
var Unlimited = &Limit{}

// MarshalJSON writes the number of requests, or null for Unlimited.
func (l Limit) MarshalJSON() ([]byte, error) { return json.Marshal(l.requests) }

// CreateAPIKeyRequest describes a new key; zero values leave a setting to the server.
type CreateAPIKeyRequest struct {
	Name                    string     `json:"name"`
	Scopes                  []string   `json:"scopes,omitempty"`
	Role                    string     `json:"role,omitempty"`
	UserID                  string     `json:"userId,omitempty"`
	RateLimitPerMinute      *Limit     `json:"rateLimitPerMinute,omitempty"`
	RateLimitPerHour        *Limit     `json:"rateLimitPerHour,omitempty"`
	AllowedIPs              []string   `json:"allowedIps,omitempty"`
	ConfirmDestructiveCalls *bool      `json:"confirmDestructiveCalls,omitempty"`
	ExpiresAt               *time.Time `json:"expiresAt,omitempty"`
}

// CostSummaryQuery chooses the period and grouping of a cost summary; zero values are the server's
// defaults (the last 30 days, ungrouped, the caller's key).
type CostSummaryQuery struct {
	// Period is last_hour, last_day, last_7_days or last_30_days (instead of From/To).
	Period string
	From   time.Time
	To     time.Time
	// GroupBy is model, operation_type, day or key.
	GroupBy string
	// Scope is key, user or all (admins).
	Scope string
}

// CostAggregate is spend and tokens. CostUSD is a decimal string ("0.0125"), exact to the cent and
// beyond: parse it with math/big or a decimal package, not float64, when it matters.
type CostAggregate struct {
	CostUSD      string `json:"costUsd"`
	InputTokens  int64  `json:"inputTokens"`
	OutputTokens int64  `json:"outputTokens"`
	TotalTokens  int64  `json:"totalTokens"`
	Records      int64  `json:"records"`
	// UnknownModelRecords counts usage of models without a price: in the tokens, not in the cost.
	UnknownModelRecords int64 `json:"unknownModelRecords"`
}

// CostGroup is one group of a summary; Key is nil for usage without one (grouped by key: a person
// signed in without a key).
type CostGroup struct {
	CostAggregate
	Key *string `json:"key"`
}

// CostSummary is spend and tokens over [From, To), in total and per group.
type CostSummary struct {
	Scope    string        `json:"scope"`
	From     time.Time     `json:"from"`
	To       time.Time     `json:"to"`
	GroupBy  *string       `json:"groupBy"`
	Currency string        `json:"currency"`
	Totals   CostAggregate `json:"totals"`
	Groups   []CostGroup   `json:"groups"`
}
