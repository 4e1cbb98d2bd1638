// The seed of the console benches (bench/console-reports.mjs, bench/console-pages.mjs): audit
// records and ledger rows over the last 30 days across 50 keys of 10 users, 20 tools and 5 models,
// one INSERT … SELECT generate_series per table, around one developer with a real key.

export const KEYS = 50;
export const USERS = 10;
export const TOOLS = 20;
export const MODELS = [
  ['gpt-4o', '2.5', '10'],
  ['gpt-4o-mini', '0.15', '0.6'],
  ['claude-sonnet-4', '3', '15'],
  ['claude-haiku-4-5', '1', '5'],
  ['claude-opus-4', '15', '75'],
];

async function call(url, method, path, apiKey, body) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { 'x-api-key': apiKey, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/**
 * A developer with a real key (and a password when given, to sign in to the console); the keys and
 * users of the seed around them, 5 keys per user.
 */
export async function people(suite, { password, email = 'reports-bench@example.com', keyName = 'reports-bench' } = {}) {
  const auth = `http://127.0.0.1:${suite.authPort}`;
  const developer = await call(auth, 'POST', '/api/v1/auth/users', suite.apiKey, {
    email,
    role: 'developer',
    ...(password ? { password } : {}),
  });
  const created = await call(auth, 'POST', '/api/v1/auth/keys', suite.apiKey, {
    name: keyName,
    userId: developer.id,
    rateLimitPerMinute: null,
    rateLimitPerHour: null,
  });
  return { developerId: developer.id, developerKey: created.key, developerKeyId: created.apiKey.id };
}

/** `count` rows each, one statement per table; the first user's first key is the developer's real one. */
export async function seed(db, { developerId, developerKeyId }, count) {
  await db.query('SELECT setseed(0.42)');
  const { rows } = await db.query(
    `SELECT slot, CASE WHEN slot = 1 THEN $1::uuid ELSE gen_random_uuid() END AS key_id,
            CASE WHEN slot <= 5 THEN $2::uuid ELSE user_ids[(slot - 1) / 5 + 1] END AS user_id
       FROM generate_series(1, $3::int) AS slot,
            (SELECT array_agg(gen_random_uuid()) AS user_ids FROM generate_series(1, $4::int)) AS users`,
    [developerKeyId, developerId, KEYS, USERS],
  );
  const keyIds = rows.map((row) => row.key_id);
  const userIds = rows.map((row) => row.user_id);
  const started = performance.now();
  // 90 % tool calls over the four tool-call actions; the rest lists. 4 % refused (404, 500), 3 % tool errors.
  await db.query(
    `WITH keys AS (SELECT * FROM unnest($1::uuid[], $2::uuid[]) WITH ORDINALITY AS k (key_id, user_id, slot))
     INSERT INTO gateway.audit_logs (id, writer_id, seq, timestamp, key_id, user_id, action, resource, ip_address,
                                     user_agent, status_code, latency_ms, request_id, details, prev_hash, hash)
     SELECT gen_random_uuid(), 'bench-seed', s.g, s.at, keys.key_id, keys.user_id,
            CASE WHEN s.g % 10 = 0 THEN 'POST /mcp tools/list'
                 ELSE (ARRAY['POST /mcp tools/call', 'POST /api/v1/tools/call', 'POST /messages tools/call',
                             'POST /api/v1/tools/call tools/call'])[1 + s.g % 4] END,
            CASE WHEN s.g % 10 <> 0 THEN 'tool_' || s.tool END,
            '127.0.0.1', 'bench-seed',
            CASE WHEN s.g % 50 = 0 THEN 500 WHEN s.g % 25 = 0 THEN 404 ELSE 200 END,
            round((1 + 400 * s.r * s.r)::numeric, 3), 'seed-' || s.g,
            CASE WHEN s.g % 33 = 0 THEN '{"via": "api_key", "toolError": true}' ELSE '{"via": "api_key"}' END::jsonb,
            repeat('0', 64), repeat('0', 64)
       FROM (SELECT g, now() - random() * interval '30 days' AS at, 1 + floor(random() * $3)::int AS slot,
                    floor(random() * $4)::int AS tool, random() AS r
               FROM generate_series(1, $5::int) AS g) AS s
       JOIN keys ON keys.slot = s.slot`,
    [keyIds, userIds, KEYS, TOOLS, count],
  );
  const auditSeconds = (performance.now() - started) / 1000;
  const ledgerStarted = performance.now();
  await db.query(
    `WITH keys AS (SELECT * FROM unnest($1::uuid[], $2::uuid[]) WITH ORDINALITY AS k (key_id, user_id, slot)),
          models AS (SELECT * FROM unnest($3::text[], $4::numeric[], $5::numeric[]) WITH ORDINALITY AS m (model, input_price, output_price, slot))
     INSERT INTO accounting.cost_tracking (user_id, key_id, tenant, operation_id, operation_type, model, model_known,
                                           input_tokens, output_tokens, tokens_used, cost_usd, timestamp)
     SELECT keys.user_id, keys.key_id, 'user-' || keys.user_id, 'seed-' || s.g,
            (ARRAY['completion', 'embedding', 'agent_step'])[1 + s.g % 3], models.model, true,
            s.input, s.output, s.input + s.output,
            (s.input * models.input_price + s.output * models.output_price) / 1000000, s.at
       FROM (SELECT g, now() - random() * interval '30 days' AS at, 1 + floor(random() * $6)::int AS key_slot,
                    1 + floor(random() * $7)::int AS model_slot, floor(random() * 4000)::int AS input,
                    floor(random() * 1000)::int AS output
               FROM generate_series(1, $8::int) AS g) AS s
       JOIN keys ON keys.slot = s.key_slot
       JOIN models ON models.slot = s.model_slot`,
    [
      keyIds,
      userIds,
      MODELS.map((model) => model[0]),
      MODELS.map((model) => model[1]),
      MODELS.map((model) => model[2]),
      KEYS,
      MODELS.length,
      count,
    ],
  );
  const ledgerSeconds = (performance.now() - ledgerStarted) / 1000;
  // What autovacuum does within a minute of such an insert; without statistics the planner guesses.
  await db.query('ANALYZE gateway.audit_logs');
  await db.query('ANALYZE accounting.cost_tracking');
  return { auditSeconds, ledgerSeconds };
}
