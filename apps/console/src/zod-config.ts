import { z } from 'zod';

// zod compiles object parsers with `new Function` where it may, and decides so when each schema is
// built. The console's CSP forbids eval (even zod's probe for it is reported as a violation), so
// this module runs first, before any contract schema is built.
z.config({ jitless: true });
