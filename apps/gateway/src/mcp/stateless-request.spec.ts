import { DomainError } from '@lfc/common';
import { META, claimsStatelessEra, parseStatelessRequest } from './stateless-request';

const envelope = { [META.protocolVersion]: '2026-07-28', [META.clientCapabilities]: {} };
const headers = (method: string, extra: Record<string, string> = {}) => ({
  'mcp-protocol-version': '2026-07-28',
  'mcp-method': method,
  ...extra,
});
const request = (method: string, params: Record<string, unknown> = {}) => ({
  jsonrpc: '2.0',
  id: 1,
  method,
  params: { ...params, _meta: { ...envelope, ...((params._meta as object | undefined) ?? {}) } },
});

function refusal(body: unknown, sent: Record<string, string | string[]>): DomainError {
  try {
    parseStatelessRequest(body, sent);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('claimsStatelessEra', () => {
  it('takes a request whose _meta names a protocol version, whatever its headers say', () => {
    expect(claimsStatelessEra(request('tools/list'), {})).toBe(true);
    expect(claimsStatelessEra(request('initialize'), { 'mcp-protocol-version': '2025-11-25' })).toBe(true);
  });

  it('takes a body that lost its envelope when the header names a stateless revision (so it is told what is missing)', () => {
    expect(claimsStatelessEra({ jsonrpc: '2.0', id: 1, method: 'server/discover', params: {} }, headers('x'))).toBe(
      true,
    );
    expect(claimsStatelessEra({ jsonrpc: '2.0', id: 1, method: 'x' }, { 'mcp-protocol-version': '2027-01-01' })).toBe(
      true,
    );
  });

  it('leaves a header that names no revision date to the session revisions, which call it unsupported', () => {
    for (const version of ['bogus', 'latest', 'v999.0.0', '9999', 'X'])
      expect(claimsStatelessEra({ jsonrpc: '2.0', id: 1, method: 'x' }, { 'mcp-protocol-version': version })).toBe(
        false,
      );
  });

  it('leaves initialize, session requests and batches without the envelope to the session revisions', () => {
    const initialize = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25' } };
    expect(claimsStatelessEra(initialize, headers('initialize'))).toBe(false);
    expect(
      claimsStatelessEra({ jsonrpc: '2.0', id: 2, method: 'tools/list' }, { 'mcp-protocol-version': '2025-11-25' }),
    ).toBe(false);
    expect(claimsStatelessEra([{ jsonrpc: '2.0', id: 2, method: 'tools/list' }], headers('tools/list'))).toBe(false);
    expect(claimsStatelessEra(undefined, {})).toBe(false);
  });

  it('takes a batch holding an enveloped message, so that it is refused rather than served as a session batch', () => {
    expect(claimsStatelessEra([request('tools/list')], {})).toBe(true);
    expect(refusal([request('tools/list')], headers('tools/list'))).toMatchObject({ code: 'invalid_request' });
  });
});

describe('parseStatelessRequest', () => {
  it('reads a valid request: id, method, params, version, capabilities and the caller trace', () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01';
    const parsed = parseStatelessRequest(
      request('tools/call', { name: 'ping', arguments: {}, _meta: { traceparent } }),
      headers('tools/call', { 'mcp-name': 'ping' }),
    );
    expect(parsed).toMatchObject({
      id: 1,
      method: 'tools/call',
      protocolVersion: '2026-07-28',
      clientCapabilities: {},
      traceparent,
    });
    expect(parsed.params.name).toBe('ping');
  });

  it.each([
    ['no _meta', { jsonrpc: '2.0', id: 1, method: 'server/discover', params: {} }, ['_meta']],
    [
      'no protocol version',
      { jsonrpc: '2.0', id: 1, method: 'server/discover', params: { _meta: { [META.clientCapabilities]: {} } } },
      [META.protocolVersion],
    ],
    [
      'no client capabilities',
      { jsonrpc: '2.0', id: 1, method: 'server/discover', params: { _meta: { [META.protocolVersion]: '2026-07-28' } } },
      [META.clientCapabilities],
    ],
  ])('refuses a request with %s as -32602, naming what is missing', (_name, body, missing) => {
    const error = refusal(body, headers('server/discover'));
    expect(error).toMatchObject({ code: 'validation_failed', status: 400, jsonRpcCode: -32602 });
    expect(error.details).toEqual({ envelope: { missing } });
  });

  it('serves a request without clientInfo (clients should send it, servers must not require it)', () => {
    expect(parseStatelessRequest(request('server/discover'), headers('server/discover')).method).toBe(
      'server/discover',
    );
  });

  it('checks a version header that disagrees with the body before the version itself (-32020, not -32022)', () => {
    const body = request('server/discover', { _meta: { [META.protocolVersion]: 'v999.0.0' } });
    expect(refusal(body, headers('server/discover'))).toMatchObject({ code: 'header_mismatch', jsonRpcCode: -32020 });
  });

  it('refuses a revision it does not speak with -32022, the supported list and the requested one', () => {
    const body = request('server/discover', { _meta: { [META.protocolVersion]: 'v999.0.0' } });
    const error = refusal(body, headers('server/discover', { 'mcp-protocol-version': 'v999.0.0' }));
    expect(error).toMatchObject({ code: 'unsupported_protocol_version', status: 400, jsonRpcCode: -32022 });
    expect(error.details).toEqual({ supported: ['2026-07-28'], requested: 'v999.0.0' });
  });

  it('bounds a long requested version before echoing it', () => {
    const long = `2027-${'x'.repeat(10_000)}`;
    const body = request('server/discover', { _meta: { [META.protocolVersion]: long } });
    const error = refusal(body, headers('server/discover', { 'mcp-protocol-version': long }));
    expect(String(error.details?.requested).length).toBeLessThan(100);
    expect(error.message.length).toBeLessThan(200);
  });

  it.each([
    ['MCP-Protocol-Version missing', 'tools/list', { 'mcp-method': 'tools/list' }],
    ['Mcp-Method missing', 'tools/list', { 'mcp-protocol-version': '2026-07-28' }],
    ['Mcp-Method disagreeing', 'tools/list', headers('tools/call')],
    ['Mcp-Method in another case (values are case-sensitive)', 'tools/list', headers('TOOLS/LIST')],
    ['Mcp-Name missing on tools/call', 'tools/call', headers('tools/call')],
    ['Mcp-Name disagreeing', 'tools/call', headers('tools/call', { 'mcp-name': 'read_file' })],
    ['Mcp-Name in broken base64', 'tools/call', headers('tools/call', { 'mcp-name': '=?base64?***?=' })],
  ])('refuses %s with -32020', (_name, method, sent) => {
    const body = request(method, method === 'tools/call' ? { name: 'ping' } : {});
    expect(refusal(body, sent)).toMatchObject({ code: 'header_mismatch', status: 400, jsonRpcCode: -32020 });
  });

  it('refuses a header sent twice rather than choosing one', () => {
    const body = request('tools/list');
    expect(refusal(body, { ...headers('tools/list'), 'mcp-method': ['tools/list', 'tools/call'] })).toMatchObject({
      code: 'header_mismatch',
    });
  });

  it('trims whitespace around header values and decodes the base64 form of Mcp-Name', () => {
    const name = 'ping';
    const body = request('tools/call', { name });
    expect(() =>
      parseStatelessRequest(body, headers('tools/call', { 'mcp-name': `  ${name}  `, 'mcp-method': ' tools/call ' })),
    ).not.toThrow();
    const encoded = `=?base64?${Buffer.from(name).toString('base64')}?=`;
    expect(() => parseStatelessRequest(body, headers('tools/call', { 'mcp-name': encoded }))).not.toThrow();
  });

  it('refuses what is not one JSON-RPC request or notification', () => {
    expect(refusal({ jsonrpc: '2.0', id: 1, result: {} }, headers('x'))).toMatchObject({ code: 'invalid_request' });
    expect(refusal({ jsonrpc: '1.0', id: 1, method: 'x' }, headers('x'))).toMatchObject({ code: 'invalid_request' });
    expect(refusal({ jsonrpc: '2.0', id: {}, method: 'x' }, headers('x'))).toMatchObject({ code: 'invalid_request' });
    expect(refusal({ jsonrpc: '2.0', id: 1, method: 'x', params: [1] }, headers('x'))).toMatchObject({
      code: 'invalid_request',
    });
  });

  it('reads a notification as a request without an id', () => {
    const { id: _id, ...notification } = request('notifications/x');
    expect(parseStatelessRequest(notification, headers('notifications/x')).id).toBe(undefined);
  });
});
