import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";

export interface SubmittedProps {
  reference: string;
  email: string;
  address: string;
  /** False when the confirmation email could not be sent just now. */
  confirmationSent: boolean;
  confirmHours: number;
}

/** What the applicant sees once the application is stored: next, they confirm their email. */
export function Submitted({ reference, email, address, confirmationSent, confirmHours }: SubmittedProps) {
  return (
    <Card className="space-y-4">
      <div role="status" aria-live="polite" className="space-y-2">
        <p className="text-sm font-semibold text-emerald-700">Application received</p>
        <h2 className="text-xl font-bold">One more step: confirm your email address.</h2>
      </div>
      {confirmationSent ? (
        <p className="text-sm text-slate-700">
          We sent a confirmation link to <strong>{email}</strong>. Open it and press the button there within{" "}
          {confirmHours} hours; only then does the application go to a platform admin for review. Without confirmation
          it expires and the address is released.
        </p>
      ) : (
        <Alert tone="warning">
          We could not send the confirmation email to {email} just now. Write to us quoting the reference below, and we
          will help you confirm the application.
        </Alert>
      )}
      <div className="rounded-lg bg-slate-50 p-4 ring-1 ring-slate-200">
        <p className="text-sm text-slate-600">Your reference number</p>
        <p className="mt-1 font-mono text-2xl font-bold tracking-wider" data-testid="reference">
          {reference}
        </p>
      </div>
      <p className="text-sm text-slate-700">
        Once a platform admin approves the application, your space is created at{" "}
        <span className="font-mono">{address}</span> and you receive your sign-in details by email. Quote the reference
        if you write to us.
      </p>
      <Link href="/" className="inline-block text-sm font-semibold text-indigo-600 hover:text-indigo-500">
        ← Back to the home page
      </Link>
    </Card>
  );
}
