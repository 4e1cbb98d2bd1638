import { BadRequestException, NotFoundException } from '@nestjs/common';
import { DomainError } from './domain-error';
import { errorBody, toDomainError } from './error-mapping';

describe('toDomainError', () => {
  it('keeps domain errors as they are', () => {
    const error = new DomainError('unknown_tool', 'no such tool');
    expect(toDomainError(error)).toBe(error);
  });

  it('maps fastify body errors to their codes', () => {
    expect(toDomainError({ code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413, message: 'too big' }).status).toBe(413);
    expect(toDomainError({ code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode: 415 }).code).toBe(
      'unsupported_media_type',
    );
  });

  it('maps Nest HTTP exceptions by status', () => {
    expect(toDomainError(new NotFoundException()).code).toBe('not_found');
    expect(toDomainError(new BadRequestException('bad')).code).toBe('invalid_request');
  });

  it('maps PostgreSQL refusals of a value to 4xx, naming the columns but never the values', () => {
    // The fields pg's DatabaseError carries (TypeORM's QueryFailedError copies them).
    const database = (code: string, detail?: string) =>
      Object.assign(new Error('db'), { code, detail, severity: 'ERROR' });
    const taken = toDomainError(database('23505', 'Key (username)=(alice@example.com) already exists.'));
    expect(taken).toMatchObject({
      code: 'conflict',
      status: 409,
      message: 'a record with the same username already exists',
    });
    expect(taken.message).not.toContain('alice');
    expect(toDomainError(database('22001')).status).toBe(400);
    expect(toDomainError(database('22021')).message).toMatch(/NUL/);
    expect(toDomainError(database('22P02')).code).toBe('validation_failed');
    // Anything else from the database is the server's fault, and says nothing about it.
    expect(toDomainError(database('53300')).code).toBe('internal_error');
    expect(toDomainError(database('42P01')).code).toBe('internal_error');
    // A five-character code without the driver's fields is not taken for one.
    expect(toDomainError({ code: '23505' }).code).toBe('internal_error');
  });

  it('never leaks the message of an unexpected error', () => {
    const mapped = toDomainError(new Error('password=hunter2 in a stack'));
    expect(mapped.code).toBe('internal_error');
    expect(mapped.message).not.toContain('hunter2');
  });
});

describe('errorBody', () => {
  it('renders a JSON-RPC error with the mapped code', () => {
    const body = errorBody(new DomainError('malformed_json', 'Parse error'), 'req-1', 'jsonrpc');
    expect(body).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32700, message: 'Parse error', data: { reason: 'malformed_json', requestId: 'req-1' } },
    });
  });

  it('renders a REST error naming the reason', () => {
    expect(errorBody(new DomainError('invalid_api_key', 'Invalid API key'), 'r', 'rest')).toEqual({
      error: { code: 'invalid_api_key', message: 'Invalid API key', requestId: 'r' },
    });
  });
});
