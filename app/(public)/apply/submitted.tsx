import Link from "next/link";
import { Card } from "@/components/ui/card";

export interface SubmittedProps {
  reference: string;
  email: string;
  address: string;
}

/** What the applicant sees once the application is stored. */
export function Submitted({ reference, email, address }: SubmittedProps) {
  return (
    <Card className="space-y-4">
      <div role="status" aria-live="polite" className="space-y-2">
        <p className="text-sm font-semibold text-emerald-700">Application received</p>
        <h2 className="text-xl font-bold">Thank you. We will review your application.</h2>
      </div>
      <div className="rounded-lg bg-slate-50 p-4 ring-1 ring-slate-200">
        <p className="text-sm text-slate-600">Your reference number</p>
        <p className="mt-1 font-mono text-2xl font-bold tracking-wider" data-testid="reference">
          {reference}
        </p>
      </div>
      <p className="text-sm text-slate-700">
        We sent a confirmation to <strong>{email}</strong>. Once a platform admin approves the application, your space
        is created at <span className="font-mono">{address}</span> and you receive your sign-in details by email. Quote
        the reference if you write to us.
      </p>
      <Link href="/" className="inline-block text-sm font-semibold text-indigo-600 hover:text-indigo-500">
        ← Back to the home page
      </Link>
    </Card>
  );
}
