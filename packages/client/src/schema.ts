// Generated from docs/openapi.json by openapi-typescript: do not edit.
// Regenerate with `npm run client:generate` (after `npm run openapi` changes the document).

export interface paths {
    "/.well-known/jwks.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Public signing keys, so any service can verify access tokens
         * @description Public signing keys, so any service can verify access tokens
         */
        get: operations["getJwks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/.well-known/oauth-protected-resource": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * RFC 9728 protected-resource metadata, where 401 challenges point clients
         * @description RFC 9728 protected-resource metadata, where 401 challenges point clients
         */
        get: operations["getProtectedResourceMetadata"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/.well-known/oauth-protected-resource/mcp": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * RFC 9728 protected-resource metadata of the /mcp endpoint
         * @description RFC 9728 protected-resource metadata of the /mcp endpoint
         */
        get: operations["getMcpProtectedResourceMetadata"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Request audit records, newest first; follow nextCursor for the next page
         * @description Request audit records, newest first; follow nextCursor for the next page
         */
        get: operations["listRequestAudit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/export.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Request audit records as CSV, newest first
         * @description Request audit records as CSV, newest first
         */
        get: operations["exportRequestAudit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Check one writer’s request audit hash chain over a seq range
         * @description Check one writer’s request audit hash chain over a seq range
         */
        get: operations["verifyRequestAudit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/writers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The gateways that wrote request audit records, each with its own hash chain
         * @description The gateways that wrote request audit records, each with its own hash chain
         */
        get: operations["listRequestAuditWriters"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Audit records of changes to users and keys, newest first; follow nextCursor for the next page
         * @description Audit records of changes to users and keys, newest first; follow nextCursor for the next page
         */
        get: operations["listAuthAudit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/audit/export.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The same records as CSV (with seq, details and hashes), newest first
         * @description The same records as CSV (with seq, details and hashes), newest first
         */
        get: operations["exportAuthAudit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/audit/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Check the hash chain over a seq range; reports the first missing, relinked or altered record
         * @description Check the hash chain over a seq range; reports the first missing, relinked or altered record
         */
        get: operations["verifyAuthAudit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * API keys: your own, or everyone’s for admins
         * @description API keys: your own, or everyone’s for admins
         */
        get: operations["listApiKeys"];
        put?: never;
        /**
         * Create an API key; its secret is in this answer and nowhere else
         * @description Create an API key; its secret is in this answer and nowhere else
         */
        post: operations["createApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke an API key
         * @description Revoke an API key
         */
        delete: operations["revokeApiKey"];
        options?: never;
        head?: never;
        /**
         * Change an API key’s name, scopes, limits, allowed addresses or expiry
         * @description Change an API key’s name, scopes, limits, allowed addresses or expiry
         */
        patch: operations["updateApiKey"];
        trace?: never;
    };
    "/api/v1/auth/keys/{id}/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A new secret for the key; the old one keeps working for the grace period
         * @description A new secret for the key; the old one keeps working for the grace period
         */
        post: operations["rotateApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Exchange email and password (and a one-time code when enrolled) for an access token; repeated failures are throttled (429, Retry-After)
         * @description Exchange email and password (and a one-time code when enrolled) for an access token; repeated failures are throttled (429, Retry-After)
         */
        post: operations["login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The user and credential making this call
         * @description The user and credential making this call
         */
        get: operations["getMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/me/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Set a new password; needs a fresh login (an access token, not an API key)
         * @description Set a new password; needs a fresh login (an access token, not an API key)
         */
        post: operations["changePassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/me/recovery-codes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * New recovery codes, shown once; the previous ones stop working; needs a current code or a recovery code and a fresh login (an access token)
         * @description New recovery codes, shown once; the previous ones stop working; needs a current code or a recovery code and a fresh login (an access token)
         */
        post: operations["regenerateRecoveryCodes"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/me/totp": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start enrolling a TOTP second factor; needs a fresh login (an access token, not an API key)
         * @description Start enrolling a TOTP second factor; needs a fresh login (an access token, not an API key)
         */
        post: operations["enrolTotp"];
        /**
         * Remove the second factor with a current code or a recovery code; needs a fresh login (an access token)
         * @description Remove the second factor with a current code or a recovery code; needs a fresh login (an access token)
         */
        delete: operations["removeTotp"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/me/totp/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Confirm the second factor with a code; returns recovery codes once; needs a fresh login
         * @description Confirm the second factor with a code; returns recovery codes once; needs a fresh login
         */
        post: operations["confirmTotp"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Self-service registration (role user), when enabled by LFC_SELF_REGISTRATION
         * @description Self-service registration (role user), when enabled by LFC_SELF_REGISTRATION
         */
        post: operations["register"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in from a browser: the login’s body and checks; answers an access token and sets the HttpOnly refresh cookie
         * @description Sign in from a browser: the login’s body and checks; answers an access token and sets the HttpOnly refresh cookie
         */
        post: operations["signIn"];
        /**
         * Sign out: the refresh cookie’s session is revoked and the cookie cleared
         * @description Sign out: the refresh cookie’s session is revoked and the cookie cleared
         */
        delete: operations["signOut"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/session/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A new access token for the refresh cookie, which is replaced (each works once)
         * @description A new access token for the refresh cookie, which is replaced (each works once)
         */
        post: operations["refreshSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/setup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Set the bootstrap admin’s password with the one-time setup link, and sign in
         * @description Set the bootstrap admin’s password with the one-time setup link, and sign in
         */
        post: operations["completeSetup"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/setup/inspect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Whose password a setup link sets, and until when; 410 setup_link_invalid when unknown, used or expired
         * @description Whose password a setup link sets, and until when; 410 setup_link_invalid when unknown, used or expired
         */
        post: operations["inspectSetupLink"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sign-in-options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What the sign-in page may offer (self-registration), without signing in
         * @description What the sign-in page may offer (self-registration), without signing in
         */
        get: operations["getSignInOptions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/signing-keys/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A new signing key for access tokens (admins); tokens signed with the previous one stay valid
         * @description A new signing key for access tokens (admins); tokens signed with the previous one stay valid
         */
        post: operations["rotateSigningKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every user (admins)
         * @description Every user (admins)
         */
        get: operations["listUsers"];
        put?: never;
        /**
         * Create a user (admins)
         * @description Create a user (admins)
         */
        post: operations["createUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change a user’s role, name or whether it is active (admins)
         * @description Change a user’s role, name or whether it is active (admins)
         */
        patch: operations["updateUser"];
        trace?: never;
    };
    "/api/v1/cost/budgets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Budgets with this month’s spend and the alerts they raised
         * @description Budgets with this month’s spend and the alerts they raised
         */
        get: operations["listBudgets"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/cost/budgets/{scope}/{subjectId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set the monthly budget of a key or user
         * @description Set the monthly budget of a key or user
         */
        put: operations["setBudget"];
        post?: never;
        /**
         * Remove the budget of a key or user
         * @description Remove the budget of a key or user
         */
        delete: operations["deleteBudget"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/cost/export.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The summary as CSV (grouped by day unless told otherwise), with a TOTAL line
         * @description The summary as CSV (grouped by day unless told otherwise), with a TOTAL line
         */
        get: operations["exportCostSummary"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/cost/prices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Prices in effect today per model, or every dated price with history=true
         * @description Prices in effect today per model, or every dated price with history=true
         */
        get: operations["listModelPrices"];
        /**
         * Set a model’s price from a date on (replaces the price of the same model and date)
         * @description Set a model’s price from a date on (replaces the price of the same model and date)
         */
        put: operations["setModelPrice"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/cost/series": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Spend and tokens per hour (24h) or day (7d, 30d), split by model, key or operation type
         * @description Spend and tokens per hour (24h) or day (7d, 30d), split by model, key or operation type
         */
        get: operations["getCostSeries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/cost/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Spend and tokens over a period, optionally grouped
         * @description Spend and tokens over a period, optionally grouped
         */
        get: operations["getCostSummary"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tools/call": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Call a tool: { name, arguments } in, the tool’s result out; a JSON-RPC tools/call is answered in kind
         * @description A plain body is a `ToolCallRequest`, one variant per tool (discriminated by `name`). A JSON-RPC 2.0 envelope
         *     (`ToolsCallRpcRequest`) is answered with a JSON-RPC response, whose refusals are JSON-RPC errors with HTTP 200.
         *     A call that needs the person’s confirmation is a 428 `confirmation_required` carrying the tool’s question;
         *     repeat it with `confirmed: true` once they said yes.
         *
         *     | tool | title | call | result |
         *     | --- | --- | --- | --- |
         *     | `analyze_code` | Analyze code | `AnalyzeCodeCall` | `AnalyzeCodeResult` |
         *     | `estimate_cost` | Estimate cost | `EstimateCostCall` | `EstimateCostResult` |
         *     | `get_cost_summary` | Cost summary | `GetCostSummaryCall` | `GetCostSummaryResult` |
         *     | `list_model_prices` | List model prices | `ListModelPricesCall` | `ListModelPricesResult` |
         *     | `track_token_usage` | Track token usage | `TrackTokenUsageCall` | `TrackTokenUsageResult` |
         *     | `append_file` | Append to file | `AppendFileCall` | `AppendFileResult` |
         *     | `delete_file` | Delete file | `DeleteFileCall` | `DeleteFileResult` |
         *     | `list_files` | List files | `ListFilesCall` | `ListFilesResult` |
         *     | `presign_download` | Presigned download URL | `PresignDownloadCall` | `PresignDownloadResult` |
         *     | `presign_upload` | Presigned upload URL | `PresignUploadCall` | `PresignUploadResult` |
         *     | `read_file` | Read file | `ReadFileCall` | `ReadFileResult` |
         *     | `stat_file` | File information | `StatFileCall` | `StatFileResult` |
         *     | `stream_files` | Read file in chunks | `StreamFilesCall` | `StreamFilesResult` |
         *     | `write_file` | Write file | `WriteFileCall` | `WriteFileResult` |
         *     | `get_system_health` | System health | `GetSystemHealthCall` | `GetSystemHealthResult` |
         *     | `get_system_status` | System status | `GetSystemStatusCall` | `GetSystemStatusResult` |
         *     | `ping` | Ping | `PingCall` | `PingResult` |
         */
        post: operations["callTool"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tools/list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tools this credential may call, with their input and output schemas
         * @description The tools this credential may call, with their input and output schemas
         */
        get: operations["listTools"];
        put?: never;
        /**
         * The tools this credential may call; a JSON-RPC tools/list request is answered in kind
         * @description Any body other than a JSON-RPC 2.0 envelope (or none) answers the plain list; an envelope answers a JSON-RPC response.
         */
        post: operations["listToolsPost"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/usage/breakdown": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Tool calls, errors and latency per tool or key
         * @description Tool calls, errors and latency per tool or key
         */
        get: operations["getUsageBreakdown"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/usage/export.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The usage breakdown as CSV
         * @description The usage breakdown as CSV
         */
        get: operations["exportUsage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/usage/series": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Tool calls per hour or day, split by tool or key
         * @description Tool calls per hour or day, split by tool or key
         */
        get: operations["getUsageSeries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tools/list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The original server’s tool list; use GET /api/v1/tools/list
         * @deprecated
         * @description The original server’s tool list; use GET /api/v1/tools/list
         */
        get: operations["listToolsDeprecated"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tools/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One tool of the original server’s list; use GET /api/v1/tools/list
         * @deprecated
         * @description One tool of the original server’s list; use GET /api/v1/tools/list
         */
        get: operations["describeToolDeprecated"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        AccessToken: {
            accessToken: string;
            expiresIn: number;
            /** @constant */
            tokenType: "Bearer";
        };
        AnalyzeCodeArguments: {
            /** @description Source text to analyse instead of a stored file (at most 1048576 bytes of UTF-8) */
            content?: string;
            /** @description Name of the inline content (e.g. "main.go"); its extension helps detect the language */
            filename?: string;
            /**
             * @description Analyse as this language instead of detecting it
             * @enum {string}
             */
            language?: "typescript" | "javascript" | "python" | "go" | "java" | "kotlin" | "swift" | "scala" | "rust" | "c" | "cpp" | "csharp" | "ruby" | "php" | "shell" | "sql" | "json" | "yaml" | "toml" | "markdown" | "html" | "xml" | "css" | "dockerfile" | "makefile";
            /** @description A file in your file space to analyse, e.g. "src/server.ts" */
            path?: string;
        };
        /** @description A call of analyze_code: Static analysis of one source file, stored in your file space (path) or given inline (content, optional filename): language (from extension and content), lines of code/comment/blank, functions and classes with line ranges, imports, cyclomatic complexity per function (average and maximum), and TODO/FIXME/HACK/XXX comments with line numbers. TypeScript and JavaScript are parsed with the TypeScript compiler; Python, Go, Java, Kotlin, Swift, Scala, Rust, C, C++, C#, Ruby, PHP and shell with tree-sitter grammars; other formats get line counts and findings. At most 1048576 bytes; analyses run one at a time per caller while others wait. */
        AnalyzeCodeCall: {
            arguments?: components["schemas"]["AnalyzeCodeArguments"];
            /**
             * @description The person confirmed this very call (after a 428 confirmation_required)
             * @default false
             */
            confirmed?: boolean;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            name: "analyze_code";
        };
        AnalyzeCodeOutput: {
            /**
             * @description How functions and complexity were found: the TypeScript compiler, a tree-sitter grammar, or not at all
             * @enum {string}
             */
            analyzer: "typescript-compiler" | "tree-sitter" | "lines-only";
            averageComplexity: number;
            bytes: number;
            classes: {
                endLine: number;
                /** @enum {string} */
                kind: "class" | "interface" | "struct" | "enum" | "record" | "trait" | "impl" | "object" | "protocol" | "extension" | "actor" | "module";
                line: number;
                methods: string[];
                name: string;
            }[];
            /** @description Totals before any list was cut */
            counts: {
                classes: number;
                findings: number;
                functions: number;
                imports: number;
            };
            /** @enum {string} */
            detectedBy: "argument" | "extension" | "filename" | "shebang" | "content" | "none";
            findings: {
                /** @enum {string} */
                kind: "TODO" | "FIXME" | "HACK" | "XXX";
                line: number;
                text: string;
            }[];
            functions: {
                /** @description Cyclomatic complexity: 1 + decision points */
                complexity: number;
                endLine: number;
                /** @enum {string} */
                kind: "function" | "method" | "constructor" | "getter" | "setter" | "arrow";
                line: number;
                name: string;
                /** @description Enclosing class, or enclosing function for a nested one */
                parent?: string;
            }[];
            imports: {
                line: number;
                /** @description Module, package, header or file, as written, without quotes */
                module: string;
            }[];
            /** @enum {string} */
            language: "typescript" | "javascript" | "python" | "go" | "java" | "kotlin" | "swift" | "scala" | "rust" | "c" | "cpp" | "csharp" | "ruby" | "php" | "shell" | "sql" | "json" | "yaml" | "toml" | "markdown" | "html" | "xml" | "css" | "dockerfile" | "makefile" | "unknown";
            lines: {
                blank: number;
                code: number;
                comment: number;
                total: number;
            };
            maxComplexity: number;
            /** @description The analysed stored file, as you named it */
            path?: string;
            /** @description A list was cut at 1000 entries */
            truncated: boolean;
        };
        /** @description What a call of analyze_code answers */
        AnalyzeCodeResult: {
            /** @description MCP result metadata, e.g. deprecated arguments the call used */
            _meta?: Record<string, never>;
            content: components["schemas"]["ContentBlock"][];
            /** @description true: the tool failed; content says why */
            isError: boolean;
            structuredContent?: components["schemas"]["AnalyzeCodeOutput"];
        };
        ApiKeyList: {
            allowedIps: string[];
            confirmDestructiveCalls: boolean;
            /** Format: date-time */
            createdAt: string;
            expiresAt: string | null;
            /** Format: uuid */
            id: string;
            lastUsedAt: string | null;
            name: string;
            prefix: string;
            rateLimits: {
                perHour: number | null;
                perMinute: number | null;
            };
            replacedBy: string | null;
            revokedAt: string | null;
            /** @enum {string} */
            role: "admin" | "developer" | "user";
            scopes: string[];
            /** Format: uuid */
            userId: string;
        }[];
        ApiKeyView: {
            allowedIps: string[];
            confirmDestructiveCalls: boolean;
            /** Format: date-time */
            createdAt: string;
            expiresAt: string | null;
            /** Format: uuid */
            id: string;
            lastUsedAt: string | null;
            name: string;
            prefix: string;
            rateLimits: {
                perHour: number | null;
                perMinute: number | null;
            };
            replacedBy: string | null;
            revokedAt: string | null;
            /** @enum {string} */
            role: "admin" | "developer" | "user";
            scopes: string[];
            /** Format: uuid */
            userId: string;
        };
        AppendFileArguments: {
            /** @description Content to add at the end */
            content: string;
            /** @description Media type if the file is created; must match an existing file */
            content_type?: string;
            /**
             * @description utf8 for text; base64 for binary content
             * @default utf8
             * @enum {string}
             */
            encoding?: "utf8" | "base64";
            /** @description Path of the file inside your own file space, relative, "/"-separated, e.g. "reports/2025/summary.md" */
            path: string;
        };
        /** @description A call of append_file: Adds content to the end of a file in your file space, creating it when missing. At most 10485760 bytes per call and 104857600 bytes in the file. Of appends to one file at the same moment, one lands and the others fail with a conflict (nothing is lost); try them again. */
        AppendFileCall: {
            arguments: components["schemas"]["AppendFileArguments"];
            /**
             * @description The person confirmed this very call (after a 428 confirmation_required)
             * @default false
             */
            confirmed?: boolean;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            name: "append_file";
        };
        AppendFileOutput: {
            appendedBytes: number;
            contentType: string;
            /** @description Whether the file did not exist before */
            created: boolean;
            etag?: string;
            /** @description ISO 8601 */
            modifiedAt: string;
            path: string;
            /** @description Bytes */
            size: number;
        };
        /** @description What a call of append_file answers */
        AppendFileResult: {
            /** @description MCP result metadata, e.g. deprecated arguments the call used */
            _meta?: Record<string, never>;
            content: components["schemas"]["ContentBlock"][];
            /** @description true: the tool failed; content says why */
            isError: boolean;
            structuredContent?: components["schemas"]["AppendFileOutput"];
        };
        AuthAuditPage: {
            nextCursor: string | null;
            records: {
                action: string;
                details: {
                    [key: string]: unknown;
                };
                hash: string;
                id: string;
                ipAddress: string | null;
                keyId: string | null;
                prevHash: string;
                requestId: string | null;
                resource: string | null;
                seq: number;
                /** Format: date-time */
                timestamp: string;
                userId: string | null;
            }[];
        };
        AuthChainVerification: {
            checked: number;
            firstBreak: {
                id?: string;
                /** @enum {string} */
                reason: "missing record" | "link to previous record broken" | "record altered";
                seq: number;
            } | null;
            head: {
                hash: string;
                seq: number;
            } | null;
            ok: boolean;
        };
        BrowserSession: {
            accessToken: string;
            expiresIn: number;
            /** @constant */
            tokenType: "Bearer";
            user: {
                /** Format: date-time */
                createdAt: string;
                email: string;
                /** Format: uuid */
                id: string;
                isActive: boolean;
                /** @enum {string} */
                role: "admin" | "developer" | "user";
                totpEnabled: boolean;
                username: string;
            };
        };
        BudgetList: {
            budgets: {
                alerts: {
                    /** Format: date-time */
                    raisedAt: string;
                    spentUsd: string;
                    threshold: 80 | 100;
                    webhookDeliveredAt: string | null;
                }[];
                blockWhenExceeded: boolean;
                confirmOverrun: boolean;
                /** Format: date-time */
                createdAt: string;
                exceeded: boolean;
                id: string;
                monthlyLimitUsd: string;
                percentUsed: number;
                /** @enum {string} */
                scope: "key" | "user";
                spentUsd: string;
                subjectId: string;
                /** Format: date-time */
                updatedAt: string;
            }[];
        };
        BudgetStatus: {
            blockWhenExceeded: boolean;
            confirmOverrun: boolean;
            /** Format: date-time */
            createdAt: string;
            exceeded: boolean;
            id: string;
            monthlyLimitUsd: string;
            percentUsed: number;
            /** @enum {string} */
            scope: "key" | "user";
            spentUsd: string;
            subjectId: string;
            /** Format: date-time */
            updatedAt: string;
        };
        ChangePassword: {
            currentPassword?: string;
            newPassword: string;
        };
        CompleteSetup: {
            password: string;
            token: string;
        };
        ConfirmTotp: {
            code: string;
        };
        ContentBlock: {
            /** @description text, image, resource, … */
            type: string;
        } & {
            [key: string]: unknown;
        };
        CostSeries: {
            bucketSeconds: number;
            /** @constant */
            currency: "USD";
            /** Format: date-time */
            from: string;
            omittedGroups: number;
            points: {
                costUsd: string;
                group: string | null;
                /** Format: date-time */
                start: string;
                totalTokens: number;
            }[];
            /** @enum {string} */
            range: "24h" | "7d" | "30d";
            /** @enum {string} */
            scope: "key" | "user" | "all";
            /** @enum {string} */
            splitBy: "model" | "key" | "operation_type";
            /** Format: date-time */
            to: string;
        };
        CostSummary: {
            /** @constant */
            currency: "USD";
            /** Format: date-time */
            from: string;
            groupBy: ("model" | "operation_type" | "day" | "key") | null;
            groups: {
                costUsd: string;
                inputTokens: number;
                key: string | null;
                outputTokens: number;
                records: number;
                totalTokens: number;
                unknownModelRecords: number;
            }[];
            /** @enum {string} */
            scope: "key" | "user" | "all";
            /** Format: date-time */
            to: string;
            totals: {
                costUsd: string;
                inputTokens: number;
                outputTokens: number;
                records: number;
                totalTokens: number;
                unknownModelRecords: number;
            };
        };
        CreateApiKey: {
            allowedIps?: string[];
            confirmDestructiveCalls?: boolean;
            expiresAt?: string | null;
            name: string;
            rateLimitPerHour?: number | null;
            rateLimitPerMinute?: number | null;
            /** @enum {string} */
            role?: "admin" | "developer" | "user";
            scopes?: string[];
            /** Format: uuid */
            userId?: string;
        };
        CreateUser: {
            /** Format: email */
            email: string;
            password?: string;
            /**
             * @default user
             * @enum {string}
             */
            role?: "admin" | "developer" | "user";
            username?: string;
        };
        DeleteFileArguments: {
            /** @description Path of the file inside your own file space, relative, "/"-separated, e.g. "reports/2025/summary.md" */
            path: string;
        };
        /** @description A call of delete_file: Deletes a file from your file space. Deleting a missing file succeeds with deleted: false. */
        DeleteFileCall: {
            arguments: components["schemas"]["DeleteFileArguments"];
            /**
             * @description The person confirmed this very call (after a 428 confirmation_required)
             * @default false
             */
            confirmed?: boolean;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            name: "delete_file";
        };
        DeleteFileOutput: {
            /** @description Whether a file was there to delete */
            deleted: boolean;
            path: string;
        };
        /** @description What a call of delete_file answers */
        DeleteFileResult: {
            /** @description MCP result metadata, e.g. deprecated arguments the call used */
            _meta?: Record<string, never>;
            content: components["schemas"]["ContentBlock"][];
            /** @description true: the tool failed; content says why */
            isError: boolean;
            structuredContent?: components["schemas"]["DeleteFileOutput"];
        };
        /**
         * @description Every failure a caller can act on, with the HTTP status it is answered with and the JSON-RPC error code
         *     it carries in the JSON-RPC form (where the code is `error.data.reason`):
         *
         *     | code | HTTP status | JSON-RPC code |
         *     | --- | --- | --- |
         *     | `invalid_request` | 400 | -32600 |
         *     | `malformed_json` | 400 | -32700 |
         *     | `validation_failed` | 400 | -32602 |
         *     | `session_required` | 400 | -32000 |
         *     | `unsupported_protocol_version` | 400 | -32022 |
         *     | `header_mismatch` | 400 | -32020 |
         *     | `missing_client_capability` | 400 | -32021 |
         *     | `missing_api_key` | 401 | -32001 |
         *     | `invalid_api_key` | 401 | -32001 |
         *     | `invalid_service_token` | 401 | -32001 |
         *     | `invalid_caller_claim` | 401 | -32001 |
         *     | `invalid_token` | 401 | -32001 |
         *     | `expired_token` | 401 | -32001 |
         *     | `revoked_token` | 401 | -32001 |
         *     | `invalid_credentials` | 401 | -32001 |
         *     | `session_ended` | 401 | -32001 |
         *     | `forbidden` | 403 | -32001 |
         *     | `service_not_allowed` | 403 | -32001 |
         *     | `forbidden_origin` | 403 | -32000 |
         *     | `ip_not_allowed` | 403 | -32001 |
         *     | `insufficient_scope` | 403 | -32001 |
         *     | `insufficient_role` | 403 | -32001 |
         *     | `exceeds_creator` | 403 | -32001 |
         *     | `fresh_login_required` | 403 | -32001 |
         *     | `csrf_header_missing` | 403 | -32001 |
         *     | `not_found` | 404 | -32601 |
         *     | `session_not_found` | 404 | -32001 |
         *     | `unknown_tool` | 404 | -32602 |
         *     | `method_not_found` | 404 | -32601 |
         *     | `method_not_allowed` | 405 | -32000 |
         *     | `not_acceptable` | 406 | -32000 |
         *     | `conflict` | 409 | -32000 |
         *     | `setup_link_invalid` | 410 | -32001 |
         *     | `payload_too_large` | 413 | -32000 |
         *     | `confirmation_required` | 428 | -32000 |
         *     | `unsupported_media_type` | 415 | -32000 |
         *     | `rate_limited` | 429 | -32000 |
         *     | `too_many_sessions` | 429 | -32000 |
         *     | `too_many_streams` | 429 | -32000 |
         *     | `internal_error` | 500 | -32603 |
         *     | `dependency_unavailable` | 503 | -32603 |
         *     | `bad_gateway` | 502 | -32603 |
         *     | `shutting_down` | 503 | -32000 |
         *     | `overloaded` | 503 | -32000 |
         *     | `deadline_exceeded` | 504 | -32001 |
         * @enum {string}
         */
        ErrorCode: "invalid_request" | "malformed_json" | "validation_failed" | "session_required" | "unsupported_protocol_version" | "header_mismatch" | "missing_client_capability" | "missing_api_key" | "invalid_api_key" | "invalid_service_token" | "invalid_caller_claim" | "invalid_token" | "expired_token" | "revoked_token" | "invalid_credentials" | "session_ended" | "forbidden" | "service_not_allowed" | "forbidden_origin" | "ip_not_allowed" | "insufficient_scope" | "insufficient_role" | "exceeds_creator" | "fresh_login_required" | "csrf_header_missing" | "not_found" | "session_not_found" | "unknown_tool" | "method_not_found" | "method_not_allowed" | "not_acceptable" | "conflict" | "setup_link_invalid" | "payload_too_large" | "confirmation_required" | "unsupported_media_type" | "rate_limited" | "too_many_sessions" | "too_many_streams" | "internal_error" | "dependency_unavailable" | "bad_gateway" | "shutting_down" | "overloaded" | "deadline_exceeded";
        ErrorResponse: {
            error: {
                code: components["schemas"]["ErrorCode"];
                details?: {
                    [key: string]: unknown;
                };
                message: string;
                requestId?: string;
            };
        };
        EstimateCostArguments: {
            /** @description Prompt (input) tokens */
            input_tokens: number;
            /** @description Model name, e.g. gpt-4o or gemini-2.5-flash */
            model: string;
            /**
             * @description Completion (output) tokens
             * @default 0
             */
            output_tokens?: number;
        };
        /** @description A call of estimate_cost: What a call with these token counts would cost at the model’s current list price (USD, exact decimals). An unknown model estimates to 0 with known: false. */
        EstimateCostCall: {
            arguments: components["schemas"]["EstimateCostArguments"];
            /**
             * @description The person confirmed this very call (after a 428 confirmation_required)
             * @default false
             */
            confirmed?: boolean;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            name: "estimate_cost";
        };
        EstimateCostOutput: {
            /** @constant */
            currency: "USD";
            inputCostUsd: string;
            inputTokens: number;
            inputUsdPerMillion: string | null;
            known: boolean;
            model: string;
            outputCostUsd: string;
            outputTokens: number;
            outputUsdPerMillion: string | null;
            pricedAs: string | null;
            provider: string | null;
            totalCostUsd: string;
        };
        /** @description What a call of estimate_cost answers */
        EstimateCostResult: {
            /** @description MCP result metadata, e.g. deprecated arguments the call used */
            _meta?: Record<string, never>;
            content: components["schemas"]["ContentBlock"][];
            /** @description true: the tool failed; content says why */
            isError: boolean;
            structuredContent?: components["schemas"]["EstimateCostOutput"];
        };
        GetCostSummaryArguments: {
            /**
             * Format: date-time
             * @description Start (ISO 8601, inclusive)
             */
            from?: string;
            /**
             * @description Break the totals down by this
             * @enum {string}
             */
            group_by?: "model" | "operation_type" | "day" | "key";
            /**
             * @description Rolling period ending now; not together with from/to
             * @enum {string}
             */
            period?: "last_hour" | "last_day" | "last_7_days" | "last_30_days";
            /**
             * @description Whose usage: key, user, or all (admins)
             * @enum {string}
             */
            scope?: "key" | "user" | "all";
            /**
             * Format: date-time
             * @description End (ISO 8601, exclusive); default now
             */
            to?: string;
        };
        /** @description A call of get_cost_summary: Spend (USD, exact decimals) and tokens over a period — last_hour, last_day, last_7_days, last_30_days (default), or from/to — optionally grouped by model, operation_type, day or key. Scope: key (the calling API key, default), user (all keys of the caller), or all (admins only). */
        GetCostSummaryCall: {
            arguments?: components["schemas"]["GetCostSummaryArguments"];
            /**
             * @description The person confirmed this very call (after a 428 confirmation_required)
             * @default false
             */
            confirmed?: boolean;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            name: "get_cost_summary";
        };
        GetCostSummaryOutput: {
            /** @constant */
            currency: "USD";
            /** Format: date-time */
            from: string;
            groupBy: ("model" | "operation_type" | "day" | "key") | null;
            groups: {
                costUsd: string;
                inputTokens: number;
                key: string | null;
                outputTokens: number;
                records: number;
                totalTokens: number;
                unknownModelRecords: number;
            }[];
            /** @enum {string} */
            scope: "key" | "user" | "all";
            /** Format: date-time */
            to: string;
            totals: {
                costUsd: string;
                inputTokens: number;
                outputTokens: number;
                records: number;
                totalTokens: number;
                unknownModelRecords: number;
            };
        };
        /** @description What a call of get_cost_summary answers */
        GetCostSummaryResult: {
            /** @description MCP result metadata, e.g. deprecated arguments the call used */
            _meta?: Record<string, never>;
            content: components["schemas"]["ContentBlock"][];
            /** @description true: the tool failed; content says why */
            isError: boolean;
            structuredContent?: components["schemas"]["GetCostSummaryOutput"];
        };
        GetSystemHealthArguments: Record<string, never>;
        /** @description A call of get_system_health: Checks every LangFlow Connect service and dependency live (the four services, their databases, Redis, the blob store), each with its status and latency; the overall status is the worst of them. */
        GetSystemHealthCall: {
            arguments?: components["schemas"]["GetSystemHealthArguments"];
            /**
             * @description The person confirmed this very call (after a 428 confirmation_required)
             * @default false
             */
            confirmed?: boolean;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            name: "get_system_health";
        };
        GetSystemHealthOutput: {
            checkedAt: string;
            checks: {
                latencyMs: number;
                message?: string;
                name: string;
                /** @enum {string} */
                status: "healthy" | "degraded" | "unhealthy";
            }[];
            /** @enum {string} */
            status: "healthy" | "degraded" | "unhealthy";
        };
        /** @description What a call of get_system_health answers */
        GetSystemHealthResult: {
            /** @description MCP result metadata, e.g. deprecated arguments the call used */
            _meta?: Record<string, never>;
            content: components["schemas"]["ContentBlock"][];
            /** @description true: the tool failed; content says why */
            isError: boolean;
            structuredContent?: components["schemas"]["GetSystemHealthOutput"];
        };
        GetSystemStatusArguments: Record<string, never>;
        /** @description A call of get_system_status: Live process and host figures of the tool executor (top level) and of every other service (services): uptime, CPU time and load, memory, event-loop delay, open connections, version. */
        GetSystemStatusCall: {
            arguments?: components["schemas"]["GetSystemStatusArguments"];
            /**
             * @description The person confirmed this very call (after a 428 confirmation_required)
             * @default false
             */
            confirmed?: boolean;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            name: "get_system_status";
        };
        GetSystemStatusOutput: {
            cpu: {
                systemSeconds: number;
                userSeconds: number;
            };
            eventLoopDelayMs: {
                max: number;
                mean: number;
                p99: number;
            };
            host: {
                arch: string;
                cpuCount: number;
                freeMemoryBytes: number;
                hostname: string;
                loadAverage: number[];
                platform: string;
                totalMemoryBytes: number;
                uptimeSeconds: number;
            };
            memory: {
                externalBytes: number;
                heapTotalBytes: number;
                heapUsedBytes: number;
                rssBytes: number;
            };
            node: string;
            openConnections: number;
            pid: number;
            service: string;
            services: ({
                cpu: {
                    systemSeconds: number;
                    userSeconds: number;
                };
                eventLoopDelayMs: {
                    max: number;
                    mean: number;
                    p99: number;
                };
                host: {
                    arch: string;
                    cpuCount: number;
                    freeMemoryBytes: number;
                    hostname: string;
                    loadAverage: number[];
                    platform: string;
                    totalMemoryBytes: number;
                    uptimeSeconds: number;
                };
                memory: {
                    externalBytes: number;
                    heapTotalBytes: number;
                    heapUsedBytes: number;
                    rssBytes: number;
                };
                node: string;
                openConnections: number;
                pid: number;
                service: string;
                uptimeSeconds: number;
                version: string;
            } | {
                error: string;
                service: string;
            })[];
            uptimeSeconds: number;
            version: string;
        };
        /** @description What a call of get_system_status answers */
        GetSystemStatusResult: {
            /** @description MCP result metadata, e.g. deprecated arguments the call used */
            _meta?: Record<string, never>;
            content: components["schemas"]["ContentBlock"][];
            /** @description true: the tool failed; content says why */
            isError: boolean;
            structuredContent?: components["schemas"]["GetSystemStatusOutput"];
        };
        InspectSetupLink: {
            token: string;
        };
        IssuedApiKey: {
            apiKey: {
                allowedIps: string[];
                confirmDestructiveCalls: boolean;
                /** Format: date-time */
                createdAt: string;
                expiresAt: string | null;
                /** Format: uuid */
                id: string;
                lastUsedAt: string | null;
                name: string;
                prefix: string;
                rateLimits: {
                    perHour: number | null;
                    perMinute: number | null;
                };
                replacedBy: string | null;
                revokedAt: string | null;
                /** @enum {string} */
                role: "admin" | "developer" | "user";
                scopes: string[];
                /** Format: uuid */
                userId: string;
            };
            key: string;
        };
        /** @description A refused JSON-RPC request: the error code is the JSON-RPC code of the error table, data.reason its code */
        JsonRpcErrorResponse: {
            error: {
                code: number;
                data?: {
                    reason?: components["schemas"]["ErrorCode"];
                    requestId?: string;
                };
                message: string;
            };
            id: components["schemas"]["JsonRpcId"] | null;
            /** @constant */
            jsonrpc: "2.0";
        };
        /** @description The JSON-RPC request id */
        JsonRpcId: string | number;
        Jwks: {
            keys: ({
                alg?: string;
                kid: string;
                kty: string;
            } & {
                [key: string]: unknown;
            })[];
        };
        ListFilesArguments: {
            /** @description nextCursor of the previous page */
            cursor?: string;
            /**
             * @description Entries per page (files and folders together)
             * @default 100
             */
            limit?: number;
            /**
             * @description Folder to list, relative ("" or "." for the top of your file space)
             * @default
             */
            path?: string;
            /**
             * @description Include files in sub-folders at any depth
             * @default false
             */
            recursive?: boolean;
        };
        /** @description A call of list_files: Lists the files in a folder of your file space (names, sizes, modification times) and, unless recursive, its sub-folders. Sorted by path; pass nextCursor back as cursor for the next page. */
        ListFilesCall: {
            arguments?: components["schemas"]["ListFilesArguments"];
            /**
             * @description The person confirmed this very call (after a 428 confirmation_required)
             * @default false
             */
            confirmed?: boolean;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            name: "list_files";
        };
        ListFilesOutput: {
            directories: {
                name: string;
                path: string;
            }[];
            files: {
                etag?: string;
                modifiedAt: string;
                /** @description Path relative to the listed folder */
                name: string;
                path: string;
                size: number;
            }[];
            nextCursor?: string;
            path: string;
            recursive: boolean;
        };
        /** @description What a call of list_files answers */
        ListFilesResult: {
            /** @description MCP result metadata, e.g. deprecated arguments the call used */
            _meta?: Record<string, never>;
            content: components["schemas"]["ContentBlock"][];
            /** @description true: the tool failed; content says why */
            isError: boolean;
            structuredContent?: components["schemas"]["ListFilesOutput"];
        };
        ListModelPricesArguments: {
            /**
             * @description Include prices no longer in effect
             * @default false
             */
            history?: boolean;
            /** @description Only this exact model name */
            model?: string;
            /** @description Only this provider, e.g. openai */
            provider?: string;
        };
        /** @description A call of list_model_prices: The price table used for cost accounting: input and output USD per million tokens per model, with the date each price took effect. Filter by provider (openai, anthropic, google, mistral, meta) or model; history lists past prices too. */
        ListModelPricesCall: {
            arguments?: components["schemas"]["ListModelPricesArguments"];
            /**
             * @description The person confirmed this very call (after a 428 confirmation_required)
             * @default false
             */
            confirmed?: boolean;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            name: "list_model_prices";
        };
        ListModelPricesOutput: {
            count: number;
            prices: {
                /** @constant */
                currency: "USD";
                /** Format: date */
                effectiveFrom: string;
                inputUsdPerMillion: string;
                model: string;
                outputUsdPerMillion: string;
                provider: string;
            }[];
        };
        /** @description What a call of list_model_prices answers */
        ListModelPricesResult: {
            /** @description MCP result metadata, e.g. deprecated arguments the call used */
            _meta?: Record<string, never>;
            content: components["schemas"]["ContentBlock"][];
            /** @description true: the tool failed; content says why */
            isError: boolean;
            structuredContent?: components["schemas"]["ListModelPricesOutput"];
        };
        Login: {
            /** Format: email */
            email: string;
            password: string;
            recoveryCode?: string;
            totpCode?: string;
        };
        ModelPrice: {
            /** @constant */
            currency: "USD";
            /** Format: date */
            effectiveFrom: string;
            inputUsdPerMillion: string;
            model: string;
            outputUsdPerMillion: string;
            provider: string;
        };
        ModelPriceList: {
            prices: {
                /** @constant */
                currency: "USD";
                /** Format: date */
                effectiveFrom: string;
                inputUsdPerMillion: string;
                model: string;
                outputUsdPerMillion: string;
                provider: string;
            }[];
        };
        PingArguments: {
            /** @description Text to echo back */
            message?: string;
        };
        /** @description A call of ping: Checks that the tool executor answers. Echoes an optional message with the server time. */
        PingCall: {
            arguments?: components["schemas"]["PingArguments"];
            /**
             * @description The person confirmed this very call (after a 428 confirmation_required)
             * @default false
             */
            confirmed?: boolean;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            name: "ping";
        };
        PingOutput: {
            message?: string;
            /** @constant */
            pong: true;
            serverTime: string;
        };
        /** @description What a call of ping answers */
        PingResult: {
            /** @description MCP result metadata, e.g. deprecated arguments the call used */
            _meta?: Record<string, never>;
            content: components["schemas"]["ContentBlock"][];
            /** @description true: the tool failed; content says why */
            isError: boolean;
            structuredContent?: components["schemas"]["PingOutput"];
        };
        PresignDownloadArguments: {
            /**
             * @description Seconds the URL stays valid (at most one hour)
             * @default 900
             */
            expires_in_seconds?: number;
            /** @description Path of the file inside your own file space, relative, "/"-separated, e.g. "reports/2025/summary.md" */
            path: string;
        };
        /** @description A call of presign_download: Returns a URL that downloads a file of your file space with a plain HTTP GET (no API key needed), valid for at most one hour. The file is served as an attachment. */
        PresignDownloadCall: {
            arguments: components["schemas"]["PresignDownloadArguments"];
            /**
             * @description The person confirmed this very call (after a 428 confirmation_required)
             * @default false
             */
            confirmed?: boolean;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            name: "presign_download";
        };
        PresignDownloadOutput: {
            contentType: string;
            etag?: string;
            expiresAt: string;
            /** @constant */
            method: "GET";
            /** @description ISO 8601 */
            modifiedAt: string;
            path: string;
            /** @description Bytes */
            size: number;
            url: string;
        };
        /** @description What a call of presign_download answers */
        PresignDownloadResult: {
            /** @description MCP result metadata, e.g. deprecated arguments the call used */
            _meta?: Record<string, never>;
            content: components["schemas"]["ContentBlock"][];
            /** @description true: the tool failed; content says why */
            isError: boolean;
            structuredContent?: components["schemas"]["PresignDownloadOutput"];
        };
        PresignUploadArguments: {
            /** @description Media type the upload must carry; it is part of the signature */
            content_type: string;
            /**
             * @description Seconds the URL stays valid (at most one hour)
             * @default 900
             */
            expires_in_seconds?: number;
            /** @description Path of the file inside your own file space, relative, "/"-separated, e.g. "reports/2025/summary.md" */
            path: string;
            /** @description Exact size of the upload in bytes; part of the signature */
            size: number;
        };
        /** @description A call of presign_upload: Returns a URL that uploads one file of exactly the given size and content type into your file space with a plain HTTP PUT (no API key needed), valid for at most one hour. Up to 104857600 bytes. Send the returned headers with the PUT. An upload replaces an existing file at that path. Your files may take 1073741824 bytes in all; the size counts from when the URL is issued. */
        PresignUploadCall: {
            arguments: components["schemas"]["PresignUploadArguments"];
            /**
             * @description The person confirmed this very call (after a 428 confirmation_required)
             * @default false
             */
            confirmed?: boolean;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            name: "presign_upload";
        };
        PresignUploadOutput: {
            expiresAt: string;
            /** @description Headers the PUT must carry */
            headers: {
                [key: string]: string;
            };
            /** @constant */
            method: "PUT";
            path: string;
            url: string;
        };
        /** @description What a call of presign_upload answers */
        PresignUploadResult: {
            /** @description MCP result metadata, e.g. deprecated arguments the call used */
            _meta?: Record<string, never>;
            content: components["schemas"]["ContentBlock"][];
            /** @description true: the tool failed; content says why */
            isError: boolean;
            structuredContent?: components["schemas"]["PresignUploadOutput"];
        };
        ProtectedResourceMetadata: {
            /** @description empty: API keys travel in X-API-Key or as a bearer token; access tokens come from /api/v1/auth/login */
            authorization_servers: string[];
            bearer_methods_supported: "header"[];
            /** @description the MCP endpoint these credentials are for */
            resource: string;
            resource_documentation: string;
            resource_name: string;
        };
        ReadFileArguments: {
            /**
             * @description utf8 for text; base64 for binary content
             * @default utf8
             * @enum {string}
             */
            encoding?: "utf8" | "base64";
            /** @description Path of the file inside your own file space, relative, "/"-separated, e.g. "reports/2025/summary.md" */
            path: string;
            /** @description Byte range to read (inclusive, as in HTTP Range) */
            range?: {
                /** @description Last byte, inclusive; the end of the file when omitted */
                end?: number;
                /** @description First byte, from 0 */
                start: number;
            };
        };
        /** @description A call of read_file: Reads a file from your file space, whole or a byte range, as UTF-8 text or base64. At most 10485760 bytes per call; use a range, stream_files or presign_download for more. */
        ReadFileCall: {
            arguments: components["schemas"]["ReadFileArguments"];
            /**
             * @description The person confirmed this very call (after a 428 confirmation_required)
             * @default false
             */
            confirmed?: boolean;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            name: "read_file";
        };
        ReadFileOutput: {
            content: string;
            contentType: string;
            /** @enum {string} */
            encoding: "utf8" | "base64";
            etag?: string;
            /** @description ISO 8601 */
            modifiedAt: string;
            path: string;
            /** @description Bytes returned, inclusive */
            range: {
                end: number;
                start: number;
            };
            /** @description Bytes */
            size: number;
        };
        /** @description What a call of read_file answers */
        ReadFileResult: {
            /** @description MCP result metadata, e.g. deprecated arguments the call used */
            _meta?: Record<string, never>;
            content: components["schemas"]["ContentBlock"][];
            /** @description true: the tool failed; content says why */
            isError: boolean;
            structuredContent?: components["schemas"]["ReadFileOutput"];
        };
        RecoveryCodes: {
            recoveryCodes: string[];
        };
        Register: {
            /** Format: email */
            email: string;
            password: string;
            username?: string;
        };
        RequestAuditPage: {
            nextCursor: string | null;
            records: {
                action: string;
                details: {
                    [key: string]: unknown;
                };
                hash: string;
                id: string;
                ipAddress: string | null;
                keyId: string | null;
                latencyMs: number;
                prevHash: string;
                requestId: string;
                resource: string | null;
                seq: number;
                statusCode: number;
                /** Format: date-time */
                timestamp: string;
                userAgent: string | null;
                userId: string | null;
                writerId: string;
            }[];
        };
        RequestAuditWriters: {
            writers: {
                firstSeq: number;
                /** Format: date-time */
                lastAt: string;
                lastSeq: number;
                writerId: string;
            }[];
        };
        RequestChainVerification: {
            checked: number;
            deadLettered?: number;
            firstBreak: {
                id?: string;
                /** @enum {string} */
                reason: "missing record" | "link to previous record broken" | "record altered";
                seq: number;
            } | null;
            ok: boolean;
        };
        RotateApiKey: {
            graceSeconds?: number;
        };
        RotatedSigningKey: {
            kid: string;
        };
        SecondFactorProof: {
            code?: string;
            recoveryCode?: string;
        };
        SetBudget: {
            /** @description refuse usage and tool calls once the limit is spent (default false) */
            blockWhenExceeded?: boolean;
            /** @description ask the person to confirm usage (track_token_usage) that would take spend from below the limit to at or above it (default false) */
            confirmOverrun?: boolean;
            /** @description monthly limit in USD as a decimal string, e.g. "250.00" */
            monthlyLimitUsd: string;
        };
        SetModelPrice: {
            /** Format: date */
            effectiveFrom?: string;
            inputUsdPerMillion: string;
            model: string;
            outputUsdPerMillion: string;
            provider: string;
        };
        SetupLinkInfo: {
            email: string;
            /** Format: date-time */
            expiresAt: string;
        };
        SignInOptions: {
            selfRegistration: boolean;
        };
        StatFileArguments: {
            /** @description Path of the file inside your own file space, relative, "/"-separated, e.g. "reports/2025/summary.md" */
            path: string;
        };
        /** @description A call of stat_file: Tells whether a file exists in your file space, and its size, content type, modification time and ETag. */
        StatFileCall: {
            arguments: components["schemas"]["StatFileArguments"];
            /**
             * @description The person confirmed this very call (after a 428 confirmation_required)
             * @default false
             */
            confirmed?: boolean;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            name: "stat_file";
        };
        StatFileOutput: {
            contentType?: string;
            etag?: string;
            exists: boolean;
            /** @description ISO 8601 */
            modifiedAt?: string;
            path: string;
            /** @description Bytes */
            size?: number;
        };
        /** @description What a call of stat_file answers */
        StatFileResult: {
            /** @description MCP result metadata, e.g. deprecated arguments the call used */
            _meta?: Record<string, never>;
            content: components["schemas"]["ContentBlock"][];
            /** @description true: the tool failed; content says why */
            isError: boolean;
            structuredContent?: components["schemas"]["StatFileOutput"];
        };
        StreamFilesArguments: {
            /**
             * @description Bytes per chunk
             * @default 262144
             */
            chunk_size?: number;
            /**
             * @description utf8 for text; base64 for binary content
             * @default utf8
             * @enum {string}
             */
            encoding?: "utf8" | "base64";
            /**
             * @description Bytes to read in this call at most
             * @default 10485760
             */
            max_bytes?: number;
            /**
             * @description Byte to start at
             * @default 0
             */
            offset?: number;
            /** @description Path of the file inside your own file space, relative, "/"-separated, e.g. "reports/2025/summary.md" */
            path: string;
        };
        /** @description A call of stream_files: Reads a large file in chunks from a byte offset, reporting progress after each chunk and stopping when cancelled. Returns at most max_bytes (up to 10485760) per call; when more remains, call again with offset = nextOffset. Text chunks never split a UTF-8 character. */
        StreamFilesCall: {
            arguments: components["schemas"]["StreamFilesArguments"];
            /**
             * @description The person confirmed this very call (after a 428 confirmation_required)
             * @default false
             */
            confirmed?: boolean;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            name: "stream_files";
        };
        StreamFilesOutput: {
            bytesRead: number;
            chunks: {
                content: string;
                length: number;
                offset: number;
            }[];
            /** @description Whether the end of the file was reached */
            complete: boolean;
            contentType: string;
            /** @enum {string} */
            encoding: "utf8" | "base64";
            etag?: string;
            /** @description ISO 8601 */
            modifiedAt: string;
            /** @description Offset of the next call when the file is not complete */
            nextOffset?: number;
            offset: number;
            path: string;
            /** @description Of the bytes read in this call */
            sha256: string;
            /** @description Bytes */
            size: number;
        };
        /** @description What a call of stream_files answers */
        StreamFilesResult: {
            /** @description MCP result metadata, e.g. deprecated arguments the call used */
            _meta?: Record<string, never>;
            content: components["schemas"]["ContentBlock"][];
            /** @description true: the tool failed; content says why */
            isError: boolean;
            structuredContent?: components["schemas"]["StreamFilesOutput"];
        };
        /** @description A tool call: `name` says which tool, and with it what `arguments` must be */
        ToolCallRequest: components["schemas"]["AnalyzeCodeCall"] | components["schemas"]["EstimateCostCall"] | components["schemas"]["GetCostSummaryCall"] | components["schemas"]["ListModelPricesCall"] | components["schemas"]["TrackTokenUsageCall"] | components["schemas"]["AppendFileCall"] | components["schemas"]["DeleteFileCall"] | components["schemas"]["ListFilesCall"] | components["schemas"]["PresignDownloadCall"] | components["schemas"]["PresignUploadCall"] | components["schemas"]["ReadFileCall"] | components["schemas"]["StatFileCall"] | components["schemas"]["StreamFilesCall"] | components["schemas"]["WriteFileCall"] | components["schemas"]["GetSystemHealthCall"] | components["schemas"]["GetSystemStatusCall"] | components["schemas"]["PingCall"];
        /** @description What a tool call answers; a call of a tool answers that tool’s result (see ToolCallRequest) */
        ToolCallResult: components["schemas"]["AnalyzeCodeResult"] | components["schemas"]["EstimateCostResult"] | components["schemas"]["GetCostSummaryResult"] | components["schemas"]["ListModelPricesResult"] | components["schemas"]["TrackTokenUsageResult"] | components["schemas"]["AppendFileResult"] | components["schemas"]["DeleteFileResult"] | components["schemas"]["ListFilesResult"] | components["schemas"]["PresignDownloadResult"] | components["schemas"]["PresignUploadResult"] | components["schemas"]["ReadFileResult"] | components["schemas"]["StatFileResult"] | components["schemas"]["StreamFilesResult"] | components["schemas"]["WriteFileResult"] | components["schemas"]["GetSystemHealthResult"] | components["schemas"]["GetSystemStatusResult"] | components["schemas"]["PingResult"];
        ToolDescriptor: {
            annotations: {
                destructiveHint: boolean;
                idempotentHint: boolean;
                openWorldHint: boolean;
                readOnlyHint: boolean;
                title?: string;
            };
            description: string;
            inputSchema: {
                [key: string]: unknown;
            };
            name: string;
            outputSchema?: {
                [key: string]: unknown;
            };
            title?: string;
        };
        ToolList: {
            tools: {
                annotations: {
                    destructiveHint: boolean;
                    idempotentHint: boolean;
                    openWorldHint: boolean;
                    readOnlyHint: boolean;
                    title?: string;
                };
                description: string;
                inputSchema: {
                    [key: string]: unknown;
                };
                name: string;
                outputSchema?: {
                    [key: string]: unknown;
                };
                title?: string;
            }[];
        };
        /** @description tools/call as a JSON-RPC 2.0 request; answered in kind */
        ToolsCallRpcRequest: {
            id: components["schemas"]["JsonRpcId"];
            /** @constant */
            jsonrpc: "2.0";
            /** @constant */
            method: "tools/call";
            params: components["schemas"]["ToolCallRequest"];
        };
        ToolsCallRpcResponse: {
            id: components["schemas"]["JsonRpcId"];
            /** @constant */
            jsonrpc: "2.0";
            result: components["schemas"]["ToolCallResult"];
        } | components["schemas"]["JsonRpcErrorResponse"];
        /** @description tools/list as a JSON-RPC 2.0 request; answered in kind */
        ToolsListRpcRequest: {
            id: components["schemas"]["JsonRpcId"];
            /** @constant */
            jsonrpc: "2.0";
            /** @constant */
            method: "tools/list";
        };
        ToolsListRpcResponse: {
            id: components["schemas"]["JsonRpcId"];
            /** @constant */
            jsonrpc: "2.0";
            result: components["schemas"]["ToolList"];
        } | components["schemas"]["JsonRpcErrorResponse"];
        TotpEnrolment: {
            otpauthUrl: string;
            secret: string;
        };
        TrackTokenUsageArguments: {
            /** @description Prompt (input) tokens */
            input_tokens: number;
            /** @description Model name as the provider calls it, e.g. gpt-4o-mini or claude-sonnet-4-20250514 */
            model: string;
            /** @description Your id of the LLM call (e.g. the provider’s response id); the idempotency key */
            operation_id: string;
            /**
             * @description Kind of call, e.g. completion, embedding, agent_step
             * @default completion
             */
            operation_type?: string;
            /** @description Completion (output) tokens */
            output_tokens: number;
        };
        /** @description A call of track_token_usage: Records the tokens one LLM call used and what it cost at the model’s list price. Idempotent by operation_id per API key: retrying with the same operation_id never counts twice, and other usage under an operation_id already recorded is refused. Unknown models are recorded at cost 0 and flagged. Refused when a blocking monthly budget of the key or user is used up; asks you first when it would take a budget that wants overruns confirmed past its monthly limit. */
        TrackTokenUsageCall: {
            arguments: components["schemas"]["TrackTokenUsageArguments"];
            /**
             * @description The person confirmed this very call (after a 428 confirmation_required)
             * @default false
             */
            confirmed?: boolean;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            name: "track_token_usage";
        };
        TrackTokenUsageOutput: {
            created: boolean;
            record: {
                costUsd: string;
                id: string;
                inputTokens: number;
                keyId: string | null;
                model: string;
                modelKnown: boolean;
                operationId: string;
                operationType: string;
                outputTokens: number;
                overrunConfirmed: boolean;
                /** Format: date-time */
                recordedAt: string;
                totalTokens: number;
                userId: string | null;
            };
        };
        /** @description What a call of track_token_usage answers */
        TrackTokenUsageResult: {
            /** @description MCP result metadata, e.g. deprecated arguments the call used */
            _meta?: Record<string, never>;
            content: components["schemas"]["ContentBlock"][];
            /** @description true: the tool failed; content says why */
            isError: boolean;
            structuredContent?: components["schemas"]["TrackTokenUsageOutput"];
        };
        UpdateApiKey: {
            allowedIps?: string[];
            confirmDestructiveCalls?: boolean;
            expiresAt?: string | null;
            name?: string;
            rateLimitPerHour?: number | null;
            rateLimitPerMinute?: number | null;
            scopes?: string[];
        };
        UpdateUser: {
            isActive?: boolean;
            /** @enum {string} */
            role?: "admin" | "developer" | "user";
        };
        UsageBreakdown: {
            /** @enum {string} */
            by: "key" | "tool";
            /** Format: date-time */
            from: string;
            /** @enum {string} */
            range: "24h" | "7d" | "30d";
            rows: {
                calls: number;
                errors: number;
                key: string | null;
                p50Ms: number | null;
                p95Ms: number | null;
            }[];
            /** Format: date-time */
            to: string;
        };
        UsageSeries: {
            bucketSeconds: number;
            /** Format: date-time */
            from: string;
            points: {
                calls: number;
                errors: number;
                p50Ms: number | null;
                p95Ms: number | null;
                /** Format: date-time */
                start: string;
            }[];
            /** @enum {string} */
            range: "24h" | "7d" | "30d";
            /** Format: date-time */
            to: string;
        };
        UserList: {
            /** Format: date-time */
            createdAt: string;
            email: string;
            /** Format: uuid */
            id: string;
            isActive: boolean;
            /** @enum {string} */
            role: "admin" | "developer" | "user";
            totpEnabled: boolean;
            username: string;
        }[];
        UserView: {
            /** Format: date-time */
            createdAt: string;
            email: string;
            /** Format: uuid */
            id: string;
            isActive: boolean;
            /** @enum {string} */
            role: "admin" | "developer" | "user";
            totpEnabled: boolean;
            username: string;
        };
        WriteFileArguments: {
            /** @description The whole new content */
            content: string;
            /** @description Media type such as "text/csv" or "application/pdf"; guessed from the extension when omitted */
            content_type?: string;
            /**
             * @description utf8 for text; base64 for binary content
             * @default utf8
             * @enum {string}
             */
            encoding?: "utf8" | "base64";
            /** @description Path of the file inside your own file space, relative, "/"-separated, e.g. "reports/2025/summary.md" */
            path: string;
        };
        /** @description A call of write_file: Creates or replaces a file in your file space with the given content (UTF-8 text or base64). At most 10485760 bytes; larger files go through presign_upload. A refused write leaves any existing file unchanged. Your files may take 1073741824 bytes in all. */
        WriteFileCall: {
            arguments: components["schemas"]["WriteFileArguments"];
            /**
             * @description The person confirmed this very call (after a 428 confirmation_required)
             * @default false
             */
            confirmed?: boolean;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            name: "write_file";
        };
        WriteFileOutput: {
            contentType: string;
            etag?: string;
            /** @description ISO 8601 */
            modifiedAt: string;
            path: string;
            /** @description Bytes */
            size: number;
        };
        /** @description What a call of write_file answers */
        WriteFileResult: {
            /** @description MCP result metadata, e.g. deprecated arguments the call used */
            _meta?: Record<string, never>;
            content: components["schemas"]["ContentBlock"][];
            /** @description true: the tool failed; content says why */
            isError: boolean;
            structuredContent?: components["schemas"]["WriteFileOutput"];
        };
    };
    responses: {
        /** @description Refused with one of: invalid_request, malformed_json, validation_failed, session_required, unsupported_protocol_version, header_mismatch, missing_client_capability */
        Error400: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description Refused with one of: missing_api_key, invalid_api_key, invalid_service_token, invalid_caller_claim, invalid_token, expired_token, revoked_token, invalid_credentials, session_ended */
        Error401: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description Refused with one of: forbidden, service_not_allowed, forbidden_origin, ip_not_allowed, insufficient_scope, insufficient_role, exceeds_creator, fresh_login_required, csrf_header_missing */
        Error403: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description Refused with one of: not_found, session_not_found, unknown_tool, method_not_found */
        Error404: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description Refused with one of: method_not_allowed */
        Error405: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description Refused with one of: not_acceptable */
        Error406: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description Refused with one of: conflict */
        Error409: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description Refused with one of: setup_link_invalid */
        Error410: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description Refused with one of: payload_too_large */
        Error413: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description Refused with one of: unsupported_media_type */
        Error415: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description Refused with one of: confirmation_required */
        Error428: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description Refused with one of: rate_limited, too_many_sessions, too_many_streams */
        Error429: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description Refused with one of: internal_error */
        Error500: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description Refused with one of: bad_gateway */
        Error502: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description Refused with one of: dependency_unavailable, shutting_down, overloaded */
        Error503: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description Refused with one of: deadline_exceeded */
        Error504: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getJwks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Jwks"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            429: components["responses"]["Error429"];
            500: components["responses"]["Error500"];
            503: components["responses"]["Error503"];
        };
    };
    getProtectedResourceMetadata: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProtectedResourceMetadata"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            429: components["responses"]["Error429"];
            500: components["responses"]["Error500"];
            503: components["responses"]["Error503"];
        };
    };
    getMcpProtectedResourceMetadata: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProtectedResourceMetadata"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            429: components["responses"]["Error429"];
            500: components["responses"]["Error500"];
            503: components["responses"]["Error503"];
        };
    };
    listRequestAudit: {
        parameters: {
            query?: {
                keyId?: string;
                userId?: string;
                action?: string;
                status?: number;
                /** @description ISO 8601 instant, inclusive */
                from?: string;
                /** @description ISO 8601 instant, exclusive */
                to?: string;
                /** @description the nextCursor of the previous page */
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RequestAuditPage"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            429: components["responses"]["Error429"];
            500: components["responses"]["Error500"];
            503: components["responses"]["Error503"];
        };
    };
    exportRequestAudit: {
        parameters: {
            query?: {
                keyId?: string;
                userId?: string;
                action?: string;
                status?: number;
                /** @description ISO 8601 instant, inclusive */
                from?: string;
                /** @description ISO 8601 instant, exclusive */
                to?: string;
                /** @description the nextCursor of the previous page */
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description CSV */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            429: components["responses"]["Error429"];
            500: components["responses"]["Error500"];
            503: components["responses"]["Error503"];
        };
    };
    verifyRequestAudit: {
        parameters: {
            query: {
                writerId: string;
                fromSeq?: number;
                /** @description default: the last record */
                toSeq?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RequestChainVerification"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            429: components["responses"]["Error429"];
            500: components["responses"]["Error500"];
            503: components["responses"]["Error503"];
        };
    };
    listRequestAuditWriters: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RequestAuditWriters"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            429: components["responses"]["Error429"];
            500: components["responses"]["Error500"];
            503: components["responses"]["Error503"];
        };
    };
    listAuthAudit: {
        parameters: {
            query?: {
                /** @description the API key that made the change */
                keyId?: string;
                /** @description the user who made the change */
                userId?: string;
                /** @description e.g. api_key.create, user.update */
                action?: string;
                /** @description e.g. api_key:<id>, user:<id> */
                resource?: string;
                /** @description ISO 8601 instant, inclusive */
                from?: string;
                /** @description ISO 8601 instant, exclusive */
                to?: string;
                /** @description the nextCursor of the previous page */
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuthAuditPage"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            429: components["responses"]["Error429"];
            500: components["responses"]["Error500"];
            503: components["responses"]["Error503"];
        };
    };
    exportAuthAudit: {
        parameters: {
            query?: {
                /** @description the API key that made the change */
                keyId?: string;
                /** @description the user who made the change */
                userId?: string;
                /** @description e.g. api_key.create, user.update */
                action?: string;
                /** @description e.g. api_key:<id>, user:<id> */
                resource?: string;
                /** @description ISO 8601 instant, inclusive */
                from?: string;
                /** @description ISO 8601 instant, exclusive */
                to?: string;
                /** @description the nextCursor of the previous page */
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description CSV */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            429: components["responses"]["Error429"];
            500: components["responses"]["Error500"];
            503: components["responses"]["Error503"];
        };
    };
    verifyAuthAudit: {
        parameters: {
            query?: {
                fromSeq?: number;
                /** @description default: the last record */
                toSeq?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuthChainVerification"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            429: components["responses"]["Error429"];
            500: components["responses"]["Error500"];
            503: components["responses"]["Error503"];
        };
    };
    listApiKeys: {
        parameters: {
            query?: {
                userId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyList"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            429: components["responses"]["Error429"];
            500: components["responses"]["Error500"];
            503: components["responses"]["Error503"];
        };
    };
    createApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateApiKey"];
            };
        };
        responses: {
            /** @description Done */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IssuedApiKey"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            429: components["responses"]["Error429"];
            500: components["responses"]["Error500"];
            503: components["responses"]["Error503"];
        };
    };
    revokeApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyView"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            429: components["responses"]["Error429"];
            500: components["responses"]["Error500"];
            503: components["responses"]["Error503"];
        };
    };
    updateApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateApiKey"];
            };
        };
        responses: {
            /** @description Done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyView"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            429: components["responses"]["Error429"];
            500: components["responses"]["Error500"];
            503: components["responses"]["Error503"];
        };
    };
    rotateApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["RotateApiKey"];
            };
        };
        responses: {
            /** @description Done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IssuedApiKey"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            429: components["responses"]["Error429"];
            500: components["responses"]["Error500"];
            503: components["responses"]["Error503"];
        };
    };
    login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Login"];
            };
        };
        responses: {
            /** @description Done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccessToken"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            429: components["responses"]["Error429"];
            500: components["responses"]["Error500"];
            503: components["responses"]["Error503"];
        };
    };
    getMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            429: components["responses"]["Error429"];
            500: components["responses"]["Error500"];
            503: components["responses"]["Error503"];
        };
    };
    changePassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChangePassword"];
            };
        };
        responses: {
            /** @description Done; no content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            429: components["responses"]["Error429"];
            500: components["responses"]["Error500"];
            503: components["responses"]["Error503"];
        };
    };
    regenerateRecoveryCodes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SecondFactorProof"];
            };
        };
        responses: {
            /** @description Done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecoveryCodes"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            429: components["responses"]["Error429"];
            500: components["responses"]["Error500"];
            503: components["responses"]["Error503"];
        };
    };
    enrolTotp: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TotpEnrolment"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            429: components["responses"]["Error429"];
            500: components["responses"]["Error500"];
            503: components["responses"]["Error503"];
        };
    };
    removeTotp: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SecondFactorProof"];
            };
        };
        responses: {
            /** @description Done; no content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            429: components["responses"]["Error429"];
            500: components["responses"]["Error500"];
            503: components["responses"]["Error503"];
        };
    };
    confirmTotp: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConfirmTotp"];
            };
        };
        responses: {
            /** @description Done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecoveryCodes"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            429: components["responses"]["Error429"];
            500: components["responses"]["Error500"];
            503: components["responses"]["Error503"];
        };
    };
    register: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Register"];
            };
        };
        responses: {
            /** @description Done */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserView"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            429: components["responses"]["Error429"];
            500: components["responses"]["Error500"];
            503: components["responses"]["Error503"];
        };
    };
    signIn: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Login"];
            };
        };
        responses: {
            /** @description Done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BrowserSession"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            429: components["responses"]["Error429"];
            500: components["responses"]["Error500"];
            503: components["responses"]["Error503"];
        };
    };
    signOut: {
        parameters: {
            query?: never;
            header: {
                /** @description Any value a page can send from its own origin (1), which no cross-site form can */
                "x-lfc-csrf": "1";
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            429: components["responses"]["Error429"];
            500: components["responses"]["Error500"];
            503: components["responses"]["Error503"];
        };
    };
    refreshSession: {
        parameters: {
            query?: never;
            header: {
                /** @description Any value a page can send from its own origin (1), which no cross-site form can */
                "x-lfc-csrf": "1";
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BrowserSession"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            429: components["responses"]["Error429"];
            500: components["responses"]["Error500"];
            503: components["responses"]["Error503"];
        };
    };
    completeSetup: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CompleteSetup"];
            };
        };
        responses: {
            /** @description Done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BrowserSession"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            429: components["responses"]["Error429"];
            500: components["responses"]["Error500"];
            503: components["responses"]["Error503"];
        };
    };
    inspectSetupLink: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["InspectSetupLink"];
            };
        };
        responses: {
            /** @description Done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SetupLinkInfo"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            429: components["responses"]["Error429"];
            500: components["responses"]["Error500"];
            503: components["responses"]["Error503"];
        };
    };
    getSignInOptions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignInOptions"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            429: components["responses"]["Error429"];
            500: components["responses"]["Error500"];
            503: components["responses"]["Error503"];
        };
    };
    rotateSigningKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RotatedSigningKey"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            429: components["responses"]["Error429"];
            500: components["responses"]["Error500"];
            503: components["responses"]["Error503"];
        };
    };
    listUsers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserList"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            429: components["responses"]["Error429"];
            500: components["responses"]["Error500"];
            503: components["responses"]["Error503"];
        };
    };
    createUser: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateUser"];
            };
        };
        responses: {
            /** @description Done */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserView"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            429: components["responses"]["Error429"];
            500: components["responses"]["Error500"];
            503: components["responses"]["Error503"];
        };
    };
    updateUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateUser"];
            };
        };
        responses: {
            /** @description Done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserView"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            429: components["responses"]["Error429"];
            500: components["responses"]["Error500"];
            503: components["responses"]["Error503"];
        };
    };
    listBudgets: {
        parameters: {
            query?: {
                /** @description key or user */
                scope?: "key" | "user";
                /** @description the key id or user id */
                subjectId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BudgetList"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            429: components["responses"]["Error429"];
            500: components["responses"]["Error500"];
            503: components["responses"]["Error503"];
        };
    };
    setBudget: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                scope: "key" | "user";
                subjectId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SetBudget"];
            };
        };
        responses: {
            /** @description Done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BudgetStatus"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            429: components["responses"]["Error429"];
            500: components["responses"]["Error500"];
            503: components["responses"]["Error503"];
        };
    };
    deleteBudget: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                scope: "key" | "user";
                subjectId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            429: components["responses"]["Error429"];
            500: components["responses"]["Error500"];
            503: components["responses"]["Error503"];
        };
    };
    exportCostSummary: {
        parameters: {
            query?: {
                /** @description rolling period ending now (default last_30_days) */
                period?: "last_hour" | "last_day" | "last_7_days" | "last_30_days";
                /** @description ISO 8601 instant, inclusive (instead of period) */
                from?: string;
                /** @description ISO 8601 instant, exclusive (default now) */
                to?: string;
                groupBy?: "model" | "operation_type" | "day" | "key";
                /** @description key (default with an API key), user, or all (admins) */
                scope?: "key" | "user" | "all";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description CSV */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            429: components["responses"]["Error429"];
            500: components["responses"]["Error500"];
            503: components["responses"]["Error503"];
        };
    };
    listModelPrices: {
        parameters: {
            query?: {
                /** @description e.g. openai, anthropic */
                provider?: string;
                /** @description one model, e.g. gpt-4o */
                model?: string;
                /** @description true: every dated price, newest first, not only the one in effect today */
                history?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelPriceList"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            429: components["responses"]["Error429"];
            500: components["responses"]["Error500"];
            503: components["responses"]["Error503"];
        };
    };
    setModelPrice: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SetModelPrice"];
            };
        };
        responses: {
            /** @description Done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelPrice"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            429: components["responses"]["Error429"];
            500: components["responses"]["Error500"];
            503: components["responses"]["Error503"];
        };
    };
    getCostSeries: {
        parameters: {
            query?: {
                range?: "24h" | "7d" | "30d";
                splitBy?: "model" | "key" | "operation_type";
                scope?: "key" | "user" | "all";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CostSeries"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            429: components["responses"]["Error429"];
            500: components["responses"]["Error500"];
            503: components["responses"]["Error503"];
        };
    };
    getCostSummary: {
        parameters: {
            query?: {
                /** @description rolling period ending now (default last_30_days) */
                period?: "last_hour" | "last_day" | "last_7_days" | "last_30_days";
                /** @description ISO 8601 instant, inclusive (instead of period) */
                from?: string;
                /** @description ISO 8601 instant, exclusive (default now) */
                to?: string;
                groupBy?: "model" | "operation_type" | "day" | "key";
                /** @description key (default with an API key), user, or all (admins) */
                scope?: "key" | "user" | "all";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CostSummary"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            429: components["responses"]["Error429"];
            500: components["responses"]["Error500"];
            503: components["responses"]["Error503"];
        };
    };
    callTool: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ToolCallRequest"] | components["schemas"]["ToolsCallRpcRequest"];
            };
        };
        responses: {
            /** @description The tool’s result (isError: true when the tool failed), plain or as a JSON-RPC response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ToolCallResult"] | components["schemas"]["ToolsCallRpcResponse"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            428: components["responses"]["Error428"];
            429: components["responses"]["Error429"];
            500: components["responses"]["Error500"];
            502: components["responses"]["Error502"];
            503: components["responses"]["Error503"];
            504: components["responses"]["Error504"];
        };
    };
    listTools: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ToolList"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            429: components["responses"]["Error429"];
            500: components["responses"]["Error500"];
            503: components["responses"]["Error503"];
        };
    };
    listToolsPost: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["ToolsListRpcRequest"] | Record<string, never>;
            };
        };
        responses: {
            /** @description The list, plain or as a JSON-RPC response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ToolList"] | components["schemas"]["ToolsListRpcResponse"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            428: components["responses"]["Error428"];
            429: components["responses"]["Error429"];
            500: components["responses"]["Error500"];
            502: components["responses"]["Error502"];
            503: components["responses"]["Error503"];
            504: components["responses"]["Error504"];
        };
    };
    getUsageBreakdown: {
        parameters: {
            query: {
                range?: "24h" | "7d" | "30d";
                scope?: "own" | "all";
                keyId?: string;
                tool?: string;
                by: "key" | "tool";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UsageBreakdown"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            429: components["responses"]["Error429"];
            500: components["responses"]["Error500"];
            503: components["responses"]["Error503"];
        };
    };
    exportUsage: {
        parameters: {
            query: {
                range?: "24h" | "7d" | "30d";
                scope?: "own" | "all";
                keyId?: string;
                tool?: string;
                by: "key" | "tool";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description CSV */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            429: components["responses"]["Error429"];
            500: components["responses"]["Error500"];
            503: components["responses"]["Error503"];
        };
    };
    getUsageSeries: {
        parameters: {
            query?: {
                range?: "24h" | "7d" | "30d";
                scope?: "own" | "all";
                keyId?: string;
                tool?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UsageSeries"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            429: components["responses"]["Error429"];
            500: components["responses"]["Error500"];
            503: components["responses"]["Error503"];
        };
    };
    listToolsDeprecated: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ToolList"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            429: components["responses"]["Error429"];
            500: components["responses"]["Error500"];
            503: components["responses"]["Error503"];
        };
    };
    describeToolDeprecated: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ToolDescriptor"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            429: components["responses"]["Error429"];
            500: components["responses"]["Error500"];
            503: components["responses"]["Error503"];
        };
    };
}
