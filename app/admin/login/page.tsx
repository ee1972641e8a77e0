import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentSession } from "@/lib/auth/session";
import { PlatformLoginForm } from "./login-form";

export const metadata: Metadata = { title: "Platform admin sign-in" };

export default async function AdminLoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const session = await currentSession();
  const { next } = await searchParams;
  const target = next?.startsWith("/admin") ? next : "/admin/applications";
  if (session?.realm === "platform") redirect(target);
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center px-6">
      <h1 className="text-2xl font-bold tracking-tight">Platform admin sign-in</h1>
      <p className="mt-1 text-sm text-slate-600">Review applications and watch provisioning.</p>
      <div className="mt-6">
        <PlatformLoginForm next={target} />
      </div>
    </main>
  );
}
