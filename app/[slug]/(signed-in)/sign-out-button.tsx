"use client";

import { signOut } from "next-auth/react";
import { Button } from "@/components/ui/button";

export function SignOutButton({ slug }: { slug: string }) {
  return (
    <Button variant="ghost" onClick={() => void signOut({ callbackUrl: `/${slug}/login` })}>
      Sign out
    </Button>
  );
}
