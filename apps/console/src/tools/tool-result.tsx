import { ContentBlockSchema } from '@lfc/contracts';
import { z } from 'zod';
import { TimedResult } from '../api/tools';
import { costOf } from './schema-form';

type Block = z.infer<typeof ContentBlockSchema>;

function ContentBlock({ block }: { block: Block }) {
  if (block.type === 'text' && typeof block.text === 'string') return <pre>{block.text}</pre>;
  if (block.type === 'image' && typeof block.data === 'string' && typeof block.mimeType === 'string') {
    return <img src={`data:${block.mimeType};base64,${block.data}`} alt="Image the tool returned" />;
  }
  return <pre>{JSON.stringify(block, null, 2)}</pre>;
}

/** What a call answered: its content, structured result, how long it took and what it cost. */
export function ToolResultView({ timed }: { timed: TimedResult }) {
  const { result, latencyMs } = timed;
  const cost = costOf(result.structuredContent);
  return (
    <section
      className={result.isError ? 'card tool-result-error' : 'card'}
      aria-label="Result"
      data-testid="tool-result"
    >
      <h3>{result.isError ? 'The tool reported an error' : 'Result'}</h3>
      <dl className="figures">
        <div>
          <dt>Status</dt>
          <dd>
            <span className={result.isError ? 'badge badge-danger' : 'badge badge-success'}>
              {result.isError ? 'error' : 'ok'}
            </span>
          </dd>
        </div>
        <div>
          <dt>Latency</dt>
          <dd data-testid="tool-latency">{Math.round(latencyMs)} ms</dd>
        </div>
        {cost === null ? null : (
          <div>
            <dt>Cost</dt>
            <dd>{cost} USD</dd>
          </div>
        )}
      </dl>
      {result.content.map((block, index) => (
        <ContentBlock key={index} block={block} />
      ))}
      {result.structuredContent ? (
        <>
          <h4>Structured content</h4>
          <pre>{JSON.stringify(result.structuredContent, null, 2)}</pre>
        </>
      ) : null}
    </section>
  );
}
