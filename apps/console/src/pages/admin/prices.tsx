import { ModelPrice, ModelPriceInputSchema } from '@lfc/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { RefObject, SubmitEvent, useDeferredValue, useRef, useState } from 'react';
import { listPrices, setPrice } from '../../api/admin';
import { useAnnounce } from '../../components/announcer';
import { DataTable } from '../../components/data-table';
import { ErrorAlert } from '../../components/error-alert';
import { Checkbox, TextField } from '../../components/field';
import { Loaded } from '../../components/loaded';
import { Page } from '../../components/page';
import { FieldErrors, check } from '../../forms';

const PRICES_KEY = ['prices'];

/** The model price table: what each model costs per million tokens, and a form to set a new price. */
export default function PricesPage() {
  const [history, setHistory] = useState(false);
  const [filter, setFilter] = useState('');
  const deferredFilter = useDeferredValue(filter.trim().toLowerCase());
  const [editing, setEditing] = useState<ModelPrice>();
  const form = useRef<HTMLFormElement>(null);
  const prices = useQuery({
    queryKey: [...PRICES_KEY, { history }],
    queryFn: ({ signal }) => listPrices(history, signal),
    placeholderData: keepPreviousData,
  });

  return (
    <Page
      title="Prices"
      intro="USD per million tokens. Usage is charged at the price in effect when it is recorded; a new price holds from today (UTC) on."
    >
      <PriceForm key={editing ? `${editing.model}@${editing.effectiveFrom}` : 'new'} from={editing} formRef={form} />
      <div className="filters card">
        <TextField
          label="Find a model or provider"
          type="search"
          value={filter}
          onChange={setFilter}
          autoComplete="off"
        />
        <Checkbox
          label="Show earlier prices too"
          checked={history}
          onChange={setHistory}
          hint="Every dated price, newest first"
        />
      </div>
      <Loaded query={prices} what="prices">
        {(list) => {
          const shown = list.filter(
            (price) =>
              deferredFilter === '' ||
              price.model.toLowerCase().includes(deferredFilter) ||
              price.provider.toLowerCase().includes(deferredFilter),
          );
          return shown.length === 0 ? (
            <p className="empty">{list.length === 0 ? 'No prices are set.' : 'No price matches.'}</p>
          ) : (
            <DataTable
              caption={`${shown.length} ${shown.length === 1 ? 'price' : 'prices'}`}
              rows={shown}
              rowKey={(price) => `${price.model}@${price.effectiveFrom}`}
              columns={[
                { header: 'Model', cell: (price) => <code>{price.model}</code> },
                { header: 'Provider', cell: (price) => price.provider },
                { header: 'Input', numeric: true, cell: (price) => `$${price.inputUsdPerMillion}` },
                { header: 'Output', numeric: true, cell: (price) => `$${price.outputUsdPerMillion}` },
                { header: 'From', cell: (price) => price.effectiveFrom },
                {
                  header: 'Actions',
                  cell: (price) => (
                    <button
                      type="button"
                      className="button-secondary"
                      aria-label={`Set a new price for ${price.model}`}
                      onClick={() => {
                        setEditing(price);
                        form.current?.scrollIntoView({ block: 'start' });
                      }}
                    >
                      New price
                    </button>
                  ),
                },
              ]}
            />
          );
        }}
      </Loaded>
    </Page>
  );
}

function PriceForm({ from, formRef }: { from?: ModelPrice; formRef: RefObject<HTMLFormElement | null> }) {
  const announce = useAnnounce();
  const queryClient = useQueryClient();
  const [model, setModel] = useState(from?.model ?? '');
  const [provider, setProvider] = useState(from?.provider ?? '');
  const [input, setInput] = useState(from?.inputUsdPerMillion ?? '');
  const [output, setOutput] = useState(from?.outputUsdPerMillion ?? '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const save = useMutation({
    mutationFn: setPrice,
    onSuccess: async (price) => {
      announce(`Price of ${price.model} set from ${price.effectiveFrom}`);
      await queryClient.invalidateQueries({ queryKey: PRICES_KEY });
    },
  });
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const checked = check(ModelPriceInputSchema, {
      model: model.trim(),
      provider: provider.trim(),
      inputUsdPerMillion: input.trim(),
      outputUsdPerMillion: output.trim(),
    });
    setErrors(checked.ok ? {} : checked.errors);
    if (checked.ok) save.mutate(checked.data);
  };
  return (
    <form ref={formRef} className="card" onSubmit={submit} noValidate aria-labelledby="price-form-heading">
      <h2 id="price-form-heading">Set a price</h2>
      <p className="hint">It holds from today (UTC) on; usage recorded before keeps the price it was charged at.</p>
      <div className="row">
        <TextField
          label="Model"
          required
          autoFocus={from !== undefined}
          value={model}
          onChange={setModel}
          error={errors.model}
          autoComplete="off"
          hint="e.g. gpt-4o"
        />
        <TextField
          label="Provider"
          required
          value={provider}
          onChange={setProvider}
          error={errors.provider}
          autoComplete="off"
          hint="e.g. openai"
        />
      </div>
      <div className="row">
        <TextField
          label="Input, USD per million tokens"
          inputMode="decimal"
          required
          value={input}
          onChange={setInput}
          error={errors.inputUsdPerMillion}
          autoComplete="off"
        />
        <TextField
          label="Output, USD per million tokens"
          inputMode="decimal"
          required
          value={output}
          onChange={setOutput}
          error={errors.outputUsdPerMillion}
          autoComplete="off"
        />
      </div>
      <ErrorAlert error={save.error} />
      {save.isSuccess ? (
        <div className="alert alert-success" role="status">
          <p>
            {save.data.model} costs ${save.data.inputUsdPerMillion} in and ${save.data.outputUsdPerMillion} out per
            million tokens from {save.data.effectiveFrom}.
          </p>
        </div>
      ) : null}
      <div className="actions">
        <button type="submit" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save price'}
        </button>
      </div>
    </form>
  );
}
