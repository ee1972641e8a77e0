import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Election Platform", template: "%s · Election Platform" },
  description: "Your organization's own space for running elections.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request: its scripts carry the nonce of that
  // request's Content-Security-Policy (proxy.ts). A page prerendered at build
  // time would have scripts with no nonce, and the browser would refuse them.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">{children}</body>
    </html>
  );
}
