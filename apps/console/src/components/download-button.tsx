import { useMutation } from '@tanstack/react-query';
import { download } from '../api/download';
import { useAnnounce } from './announcer';
import { ErrorAlert } from './error-alert';

/** Downloads an export of the API (CSV), says so when done, and shows why when it fails. */
export function DownloadButton({ path, fileName, label }: { path: string; fileName: string; label: string }) {
  const announce = useAnnounce();
  const save = useMutation({
    mutationFn: () => download(path, fileName),
    onSuccess: (name) => announce(`Downloaded ${name}`),
  });
  return (
    <div className="download">
      <button type="button" className="button-secondary" disabled={save.isPending} onClick={() => save.mutate()}>
        {save.isPending ? 'Preparing…' : label}
      </button>
      <ErrorAlert error={save.error} />
    </div>
  );
}
