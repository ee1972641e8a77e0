import type { Metadata } from "next";
import Link from "next/link";
import { env } from "@/lib/env";
import { countryOptions } from "@/lib/platform/applications/countries";
import { ORGANIZATION_TYPES } from "@/lib/platform/applications/input";
import { ApplyForm } from "./apply-form";

export const metadata: Metadata = { title: "Apply for your organization" };
// APP_URL is read when the page is served, not when it is built.
export const dynamic = "force-dynamic";

export default function ApplyPage() {
  return (
    <main className="mx-auto max-w-2xl px-6 py-12">
      <Link href="/" className="text-sm font-semibold text-indigo-600">
        Election Platform
      </Link>
      <h1 className="mt-2 text-3xl font-bold tracking-tight">Apply for your organization</h1>
      <p className="mt-2 text-slate-600">
        Tell us about your organization. We email the contact person a link to confirm the address; then a platform
        admin reviews the application. Once approved, your organization gets its own space with its own database and an
        admin account for the contact person.
      </p>
      <div className="mt-8">
        <ApplyForm
          countries={countryOptions()}
          organizationTypes={ORGANIZATION_TYPES}
          appUrl={env().APP_URL}
          confirmHours={env().APPLICATION_CONFIRM_TTL_HOURS}
        />
      </div>
    </main>
  );
}
