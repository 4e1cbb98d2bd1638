import { useId } from 'react';
import { CopyButton } from './copy-button';

function download(codes: string[]): void {
  const blob = new Blob([`LangFlow Connect recovery codes\n\n${codes.join('\n')}\n`], { type: 'text/plain' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = 'langflow-connect-recovery-codes.txt';
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Recovery codes, shown once: each signs in once when the phone is not at hand. */
export function RecoveryCodesPanel({ codes }: { codes: string[] }) {
  const titleId = useId();
  return (
    <section className="card" aria-labelledby={titleId}>
      <h2 id={titleId}>Recovery codes</h2>
      <p>
        Keep these somewhere safe. Each one signs you in once instead of an app code. They are shown only now; new ones
        replace all of them.
      </p>
      <ul className="recovery-codes" data-testid="recovery-codes">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      <div className="actions">
        <CopyButton text={codes.join('\n')} label="Copy codes" />
        <button type="button" className="button-secondary" onClick={() => download(codes)}>
          Download as a file
        </button>
      </div>
    </section>
  );
}
