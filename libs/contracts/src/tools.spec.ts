import { ToolCallRequestSchema } from './tools';

describe('ToolCallRequestSchema', () => {
  const caller = { userId: '00000000-0000-0000-0000-000000000001', role: 'user', tenant: 'user-1', keyId: null };

  it('refuses a name outside MCP’s rule, so the executor never looks one up', () => {
    for (const name of ['', 'a'.repeat(129), 'read file', '../etc', 'admin:keys']) {
      const parsed = ToolCallRequestSchema.safeParse({ name, arguments: {}, caller });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.path).toEqual(['name']);
    }
  });

  it('accepts names of up to 128 letters, digits, _ . and -', () => {
    expect(ToolCallRequestSchema.safeParse({ name: `read_file.v2-${'x'.repeat(115)}`, caller }).success).toBe(true);
  });
});
