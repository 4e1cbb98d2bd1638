import { IssuedApiKey } from '@lfc/contracts';
import { useEffect, useRef } from 'react';
import { CopyButton } from '../components/copy-button';
import { Tabs } from '../components/tabs';
import { connectionSnippets } from './connection-snippets';

/**
 * A key just created or rotated: the secret, which no one can read again after this, and how to
 * paste it into LangFlow and other MCP clients. The console keeps it nowhere.
 */
export function IssuedKeyPanel({ issued, onDone }: { issued: IssuedApiKey; onDone: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [issued]);
  const snippets = connectionSnippets(window.location.origin, issued.key);
  return (
    <section className="card" aria-labelledby="issued-key-title" data-testid="issued-key">
      <h2 id="issued-key-title" ref={heading} tabIndex={-1}>
        Key “{issued.apiKey.name}” is ready
      </h2>
      <div className="alert alert-warning">
        <p>Copy the key now. It is shown only this once: neither the console nor the server can show it again.</p>
      </div>
      <div className="secret">
        <code data-testid="issued-key-secret">{issued.key}</code>
        <CopyButton text={issued.key} label="Copy key" />
      </div>
      <h3>Add to LangFlow</h3>
      <Tabs
        label="Client"
        tabs={snippets.map((snippet) => ({
          id: snippet.id,
          label: snippet.label,
          content: (
            <>
              <p className="hint">{snippet.where}</p>
              <pre data-testid={`snippet-${snippet.id}`}>{snippet.text}</pre>
              <CopyButton text={snippet.text} label={`Copy ${snippet.label}`} />
            </>
          ),
        }))}
      />
      <div className="actions">
        <button type="button" onClick={onDone}>
          I have saved the key
        </button>
      </div>
    </section>
  );
}
