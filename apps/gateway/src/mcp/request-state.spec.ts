import fc from 'fast-check';
import { RequestBinding, RequestStateCodec } from './request-state';

const SECRET = 'request-state-spec-secret';
const binding: RequestBinding = {
  principal: 'key:k1',
  method: 'tools/call',
  tool: 'delete_file',
  arguments: { path: 'notes/a.txt', options: { b: 1, a: [1, 2] } },
};

describe('RequestStateCodec', () => {
  let now = 1_000_000;
  const codec = () => new RequestStateCodec(SECRET, 300_000, () => now);

  beforeEach(() => {
    now = 1_000_000;
  });

  it('accepts its own state for the same caller, method, tool and arguments (in any key order)', () => {
    const state = codec().issue(binding);
    expect(() =>
      codec().verify(state, { ...binding, arguments: { options: { a: [1, 2], b: 1 }, path: 'notes/a.txt' } }),
    ).not.toThrow();
  });

  it('refuses another caller, tool, method or arguments, naming why', () => {
    const state = codec().issue(binding);
    const refusal = (other: Partial<RequestBinding>) => {
      try {
        codec().verify(state, { ...binding, ...other });
        return undefined;
      } catch (error) {
        return error as { code: string; message: string };
      }
    };
    expect(refusal({ principal: 'key:k2' })).toMatchObject({
      code: 'validation_failed',
      message: 'Invalid params: requestState was issued to another caller',
    });
    expect(refusal({ tool: 'write_file' })?.message).toMatch(/another tool or other arguments/);
    expect(refusal({ method: 'prompts/get' })?.message).toMatch(/another tool or other arguments/);
    expect(refusal({ arguments: { path: 'notes/b.txt' } })?.message).toMatch(/another tool or other arguments/);
  });

  it('refuses a state past its lifetime', () => {
    const state = codec().issue(binding);
    now += 299_999;
    expect(() => codec().verify(state, binding)).not.toThrow();
    now += 1;
    expect(() => codec().verify(state, binding)).toThrow(/has expired/);
  });

  it('refuses a state signed with another secret, and garbage', () => {
    const foreign = new RequestStateCodec('another secret', 300_000, () => now).issue(binding);
    expect(() => codec().verify(foreign, binding)).toThrow(/not one this server issued, or was altered/);
    for (const garbage of ['', '.', 'abc', 'a.b.c', `${'x'.repeat(40)}.${'y'.repeat(43)}`]) {
      expect(() => codec().verify(garbage, binding)).toThrow(/requestState/);
    }
  });

  it('refuses any state with one character changed', () => {
    const state = codec().issue(binding);
    fc.assert(
      fc.property(fc.nat({ max: state.length - 1 }), fc.integer({ min: 1, max: 127 }), (index, shift) => {
        const changed = String.fromCharCode((state.charCodeAt(index) + shift) % 128);
        const tampered = state.slice(0, index) + changed + state.slice(index + 1);
        if (tampered === state) return;
        expect(() => codec().verify(tampered, binding)).toThrow(/requestState/);
      }),
      { numRuns: 500 },
    );
  });
});
