"use client";
// Recovery codes, shown once: the server keeps only their hashes. Download
// saves them as a text file; Copy puts them on the clipboard.
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

export function RecoveryCodes({ codes, email }: { codes: string[]; email: string }) {
  const [copied, setCopied] = useState<boolean>();
  const text = [
    `Election Platform recovery codes for ${email}`,
    "Each code signs you in once, in place of the code from your authenticator app.",
    "",
    ...codes,
    "",
  ].join("\n");

  function download() {
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = "election-platform-recovery-codes.txt";
    link.click();
    URL.revokeObjectURL(url);
  }

  return (
    <div className="space-y-3">
      <Alert tone="warning">
        Save these recovery codes now: they are shown only this once. Each one signs you in once if you lose your
        authenticator.
      </Alert>
      <ol
        aria-label="Recovery codes"
        className="grid grid-cols-2 gap-x-6 gap-y-1 rounded-lg bg-slate-50 p-4 font-mono text-sm text-slate-900 ring-1 ring-slate-200"
      >
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ol>
      <div className="flex flex-wrap items-center gap-3">
        <Button variant="secondary" onClick={download}>
          Download
        </Button>
        <Button
          variant="secondary"
          onClick={() =>
            navigator.clipboard.writeText(text).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          Copy
        </Button>
        {copied !== undefined && (
          <span role="status" className="text-sm text-slate-600">
            {copied ? "Copied." : "Could not copy: select the codes and copy them yourself."}
          </span>
        )}
      </div>
    </div>
  );
}
