import { apiResponse } from './http';

/**
 * Saves an export (CSV) the API serves. A plain link cannot carry the access token, which lives in
 * memory only, so the file is fetched like any other call and handed to the browser as a blob.
 */
export async function download(path: string, fallbackName: string): Promise<string> {
  const response = await apiResponse(path, { headers: { accept: 'text/csv' } });
  const blob = await response.blob();
  const name = fileNameOf(response.headers.get('content-disposition')) ?? fallbackName;
  const url = URL.createObjectURL(blob);
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    // The click has started the download; the blob need not outlive this turn of the event loop.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
  return name;
}

/** The name the server gave the file (`attachment; filename="usage.csv"`), when it is a plain one. */
function fileNameOf(disposition: string | null): string | undefined {
  const quoted = disposition?.split(';').find((part) => part.trim().startsWith('filename='));
  const name = quoted?.trim().slice('filename='.length).replace(/^"|"$/g, '');
  return name && /^[\w.-]{1,100}$/.test(name) ? name : undefined;
}
