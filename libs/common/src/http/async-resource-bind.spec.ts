import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import { useLeanAsyncResourceBind } from './async-resource-bind';

describe('useLeanAsyncResourceBind', () => {
  /** The prototype's bind as installed now (read off the descriptor: it is called only with an explicit `this`). */
  const installedBind = () => Object.getOwnPropertyDescriptor(AsyncResource.prototype, 'bind')?.value as unknown;
  const nodeBind = installedBind() as AsyncResource['bind'];
  beforeEach(() => useLeanAsyncResourceBind());
  afterEach(() => {
    AsyncResource.prototype.bind = nodeBind;
  });

  it('replaces Node’s bind, once however often it is called', () => {
    useLeanAsyncResourceBind();
    expect(installedBind()).not.toBe(nodeBind);
    const installed = installedBind();
    useLeanAsyncResourceBind();
    expect(installedBind()).toBe(installed);
  });

  it('runs the bound function in the async context the resource was made in', () => {
    const storage = new AsyncLocalStorage<string>();
    const bound = storage.run('request 1', () => new AsyncResource('test').bind(() => storage.getStore()));
    expect(storage.run('request 2', bound)).toBe('request 1');
    expect(bound()).toBe('request 1');
  });

  it('passes the arguments and returns the result', () => {
    const bound = new AsyncResource('test').bind((a: number, b: string) => `${b}${a * 2}`);
    expect(bound(21, 'x')).toBe('x42');
  });

  it('keeps the caller’s this without thisArg, and thisArg when given', () => {
    function whoAmI(this: { name: string } | undefined): string | undefined {
      return this?.name;
    }
    const resource = new AsyncResource('test');
    const unbound = { name: 'caller', method: resource.bind(whoAmI) };
    expect(unbound.method()).toBe('caller');
    // Node's bind takes a thisArg, which @types/node leaves out.
    const given = Reflect.apply(installedBind() as () => void, resource, [whoAmI, { name: 'given' }]) as typeof whoAmI;
    const fixed = { name: 'caller', method: given };
    expect(fixed.method()).toBe('given');
  });

  it('keeps the function’s length (libraries tell callback styles apart by it)', () => {
    const resource = new AsyncResource('test');
    expect(resource.bind((a: number, b: number, c: number) => a + b + c).length).toBe(3);
    expect(AsyncResource.bind((a: number) => a).length).toBe(1);
  });

  it('fails as Node does for something that is not a function', () => {
    const resource = new AsyncResource('test');
    expect(() => resource.bind('not a function' as unknown as () => void)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }),
    );
  });

  it('leaves out the deprecated asyncResource accessor Node builds on every call', () => {
    const bound = new AsyncResource('test').bind(() => undefined);
    expect(Object.getOwnPropertyDescriptor(bound, 'asyncResource')).toBeUndefined();
    expect(
      Object.getOwnPropertyDescriptor(
        Reflect.apply(nodeBind, new AsyncResource('test'), [() => undefined]) as object,
        'asyncResource',
      ),
    ).toBeDefined();
  });
});
