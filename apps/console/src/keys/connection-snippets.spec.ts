import { connectionSnippets } from './connection-snippets';

const KEY = 'lfc_abc123';

function snippet(id: string) {
  const found = connectionSnippets('https://mcp.example.com', KEY).find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no snippet ${id}`);
  return found.text;
}

describe('connectionSnippets', () => {
  it('gives LangFlow the Streamable HTTP endpoint with the key as a header', () => {
    expect(JSON.parse(snippet('langflow'))).toEqual({
      mcpServers: { 'langflow-connect': { url: 'https://mcp.example.com/mcp', headers: { 'x-api-key': KEY } } },
    });
  });

  it('gives older LangFlow the SSE endpoint', () => {
    expect(JSON.parse(snippet('langflow-sse')).mcpServers['langflow-connect'].url).toBe('https://mcp.example.com/sse');
  });

  it('keeps the key out of the arguments Claude Desktop shows, in the env block instead', () => {
    const config = JSON.parse(snippet('claude-desktop')).mcpServers['langflow-connect'];
    expect(config.args).toEqual(['mcp-remote', 'https://mcp.example.com/mcp', '--header', 'x-api-key:${LFC_API_KEY}']);
    expect(config.env).toEqual({ LFC_API_KEY: KEY });
  });

  it('quotes the Inspector header for the shell', () => {
    expect(snippet('inspector')).toBe(
      `npx @modelcontextprotocol/inspector --cli https://mcp.example.com/mcp --transport http --header 'x-api-key: ${KEY}' --method tools/list`,
    );
  });
});
