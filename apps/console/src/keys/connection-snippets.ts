/** How to connect an MCP client to this gateway with a key: each snippet as it is pasted. */
export interface ConnectionSnippet {
  id: string;
  label: string;
  /** Where it goes, in a sentence. */
  where: string;
  text: string;
}

const SERVER_NAME = 'langflow-connect';

const json = (value: unknown): string => JSON.stringify(value, null, 2);

/** A header value on a shell command line, quoted for POSIX shells. */
function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'"'"'`)}'`;
}

export function connectionSnippets(origin: string, key: string): ConnectionSnippet[] {
  const mcp = `${origin}/mcp`;
  const sse = `${origin}/sse`;
  return [
    {
      id: 'langflow',
      label: 'LangFlow (Streamable HTTP)',
      where: 'LangFlow: MCP servers → Add MCP server → JSON, then paste.',
      text: json({ mcpServers: { [SERVER_NAME]: { url: mcp, headers: { 'x-api-key': key } } } }),
    },
    {
      id: 'langflow-sse',
      label: 'LangFlow (SSE, older versions)',
      where: 'LangFlow 1.4 to 1.6, which speak the older SSE transport: the same dialog, this JSON.',
      text: json({ mcpServers: { [SERVER_NAME]: { url: sse, headers: { 'x-api-key': key } } } }),
    },
    {
      id: 'inspector',
      label: 'MCP Inspector',
      where: 'A terminal: lists the tools this key may call.',
      text: `npx @modelcontextprotocol/inspector --cli ${mcp} --transport http --header ${shellQuote(`x-api-key: ${key}`)} --method tools/list`,
    },
    {
      id: 'claude-desktop',
      label: 'Claude Desktop',
      where: 'claude_desktop_config.json, through mcp-remote (the key stays in the env block).',
      text: json({
        mcpServers: {
          [SERVER_NAME]: {
            command: 'npx',
            args: ['mcp-remote', mcp, '--header', 'x-api-key:${LFC_API_KEY}'],
            env: { LFC_API_KEY: key },
          },
        },
      }),
    },
  ];
}
