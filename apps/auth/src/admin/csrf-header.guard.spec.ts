import { ExecutionContext } from '@nestjs/common';
import { CsrfHeaderGuard } from './csrf-header.guard';

const contextWith = (headers: Record<string, string>) =>
  ({ switchToHttp: () => ({ getRequest: () => ({ headers }) }) }) as unknown as ExecutionContext;

describe('CsrfHeaderGuard', () => {
  const guard = new CsrfHeaderGuard();

  it('lets a request carrying x-lfc-csrf: 1 through', () => {
    expect(guard.canActivate(contextWith({ 'x-lfc-csrf': '1' }))).toBe(true);
  });

  it('refuses a request without the header, or with another value (403 csrf_header_missing naming it)', () => {
    const refused: Record<string, string>[] = [
      {},
      { 'x-lfc-csrf': '' },
      { 'x-lfc-csrf': 'true' },
      { 'x-requested-with': 'XMLHttpRequest' },
    ];
    for (const headers of refused) {
      expect(() => guard.canActivate(contextWith(headers))).toThrow(
        expect.objectContaining({
          code: 'csrf_header_missing',
          status: 403,
          message: expect.stringContaining('x-lfc-csrf: 1'),
        }),
      );
    }
  });
});
