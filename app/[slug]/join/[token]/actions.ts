"use server";
// Public on purpose: the token in the invitation link is the proof. Every
// export here is callable from any client, so each is built with `action`
// (validated input); joinWithInvitation looks the token up in the database of
// the slug's tenant only and refuses an unknown, used, withdrawn or expired one.
import { action } from "@/lib/actions";
import { joinWithInvitation } from "@/lib/tenant-auth/join";
import { joinInput } from "@/lib/tenant-auth/team-input";

export const joinAction = action(joinInput, ({ slug, token, password }, { request }) =>
  joinWithInvitation(slug, token, password, request),
);
