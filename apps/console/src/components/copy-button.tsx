import { useState } from 'react';
import { useAnnounce } from './announcer';

/** Copies text to the clipboard; says so on the button and to screen readers. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const announce = useAnnounce();
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="button-secondary"
      onClick={() => {
        navigator.clipboard.writeText(text).then(
          () => {
            setCopied(true);
            announce('Copied to the clipboard');
            setTimeout(() => setCopied(false), 2000);
          },
          () => announce('The browser did not allow copying; select the text and copy it yourself'),
        );
      }}
    >
      {copied ? 'Copied' : label}
    </button>
  );
}
