// What each connection sends, request after request: the plan's scenarios as request mixes. A
// connection cycles through its mix in order, so every kind of request has an equal share.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../lib.mjs';
import { SEED_PATH } from './population.mjs';

const MCP_VERSION = '2025-11-25';

function facadeCall(label, name, args) {
  return {
    label,
    method: 'POST',
    path: '/api/v1/tools/call',
    body: JSON.stringify({ name, arguments: args }),
  };
}

function mcpRequest(label, method, params) {
  return {
    label,
    method: 'POST',
    path: '/mcp',
    mcp: true,
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, ...(params ? { params } : {}) }),
  };
}

/** The headers of `template` for a connection with `identity` ({ apiKey, sessionId }). */
export function headersOf(template, identity) {
  return {
    'x-api-key': identity.apiKey,
    ...(template.body || template.dynamicBody ? { 'content-type': 'application/json' } : {}),
    ...(template.mcp
      ? {
          accept: 'application/json, text/event-stream',
          'mcp-session-id': identity.sessionId,
          'mcp-protocol-version': MCP_VERSION,
        }
      : {}),
  };
}

/**
 * The request kinds. `track_token_usage` gets a fresh operation id per call (the same id would be
 * an idempotent replay, which records nothing); `runId` keeps ids of separate runs apart.
 */
export function requestKinds(runId) {
  // A fixture of the analyser's own tests: 1.5 KB of Python, analysed with its tree-sitter grammar.
  const source = readFileSync(join(ROOT, 'apps/tool-executor/src/tools/code/fixtures/inventory.py'), 'utf8');
  let operations = 0;
  const usage = () =>
    JSON.stringify({
      name: 'track_token_usage',
      arguments: {
        operation_id: `load-${runId}-${++operations}`,
        model: 'gpt-4o-mini',
        input_tokens: 1200,
        output_tokens: 300,
      },
    });
  return {
    facadeList: { label: 'tools/list (facade)', method: 'GET', path: '/api/v1/tools/list' },
    mcpList: mcpRequest('tools/list (MCP)', 'tools/list'),
    read: facadeCall('read_file (facade)', 'read_file', { path: SEED_PATH }),
    write: facadeCall('write_file (facade)', 'write_file', {
      path: 'load/written.txt',
      content: 'written under load\n'.repeat(54),
    }),
    analyze: facadeCall('analyze_code (facade)', 'analyze_code', { content: source, filename: 'inventory.py' }),
    track: { label: 'track_token_usage (facade)', method: 'POST', path: '/api/v1/tools/call', dynamicBody: usage },
    mcpRead: mcpRequest('read_file (MCP)', 'tools/call', { name: 'read_file', arguments: { path: SEED_PATH } }),
    mcpPing: mcpRequest('ping (MCP)', 'tools/call', { name: 'ping', arguments: {} }),
    facadePing: facadeCall('ping (facade)', 'ping', {}),
  };
}

/** The mixes by name: what a connection of each scenario sends in turn. */
export function mixes(runId) {
  const kinds = requestKinds(runId);
  return {
    discovery: [kinds.facadeList, kinds.mcpList],
    execution: [kinds.read, kinds.write, kinds.analyze, kinds.track],
    // A quarter discovery, the rest tool calls: the execution mix through the facade, two calls over MCP.
    mixed: [
      kinds.mcpList,
      kinds.read,
      kinds.write,
      kinds.mcpRead,
      kinds.facadeList,
      kinds.analyze,
      kinds.track,
      kinds.mcpPing,
    ],
    'facade-ping': [kinds.facadePing],
    'mcp-ping': [kinds.mcpPing],
  };
}
