import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { listTools } from '../api/tools';
import { ErrorAlert } from '../components/error-alert';
import { Page } from '../components/page';
import { Loading } from '../layout/layout';
import { ToolCard } from '../tools/tool-card';

/** The tools this person may call, with a form to try each one through the gateway. */
export default function ToolsPage() {
  const tools = useQuery({ queryKey: ['tools'], queryFn: listTools });
  const [filter, setFilter] = useState('');
  const filterId = useId();
  const needle = filter.trim().toLowerCase();
  const shown = tools.data?.filter(
    (tool) => needle === '' || `${tool.name} ${tool.title ?? ''} ${tool.description}`.toLowerCase().includes(needle),
  );
  return (
    <Page
      title="Tools"
      intro="The tools you may call, as MCP clients see them. Try one: the call goes through the gateway like any other."
    >
      <div className="field">
        <label htmlFor={filterId}>Filter</label>
        <input id={filterId} type="search" value={filter} onChange={(event) => setFilter(event.target.value)} />
      </div>
      <ErrorAlert error={tools.error} />
      {tools.isPending ? <Loading what="Loading the tools" /> : null}
      {shown ? (
        <>
          <p role="status">
            {shown.length} of {tools.data?.length ?? 0} tools
          </p>
          <ul className="tool-list">
            {shown.map((tool) => (
              <ToolCard key={tool.name} tool={tool} />
            ))}
          </ul>
        </>
      ) : null}
    </Page>
  );
}
