import Link from "next/link";

export default function HomePage() {
  return (
    <main className="mx-auto flex min-h-screen max-w-3xl flex-col justify-center px-6 py-16">
      <p className="text-sm font-semibold text-indigo-600">Election Platform</p>
      <h1 className="mt-2 text-4xl font-bold tracking-tight">
        Run your organization's elections in a space of its own
      </h1>
      <p className="mt-4 text-lg text-slate-600">
        Apply for your organization's election space. Once approved, you get your own database, your own admin account
        and a sign-in page at your own address.
      </p>
      <div className="mt-8 flex flex-wrap gap-3">
        <Link
          href="/apply"
          className="rounded-md bg-indigo-600 px-4 py-2.5 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500"
        >
          Apply for your organization
        </Link>
        <Link
          href="/admin/login"
          className="rounded-md px-4 py-2.5 text-sm font-semibold text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-white"
        >
          Platform admin sign-in
        </Link>
      </div>
    </main>
  );
}
