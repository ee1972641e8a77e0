"use server";
// Public on purpose: the token in the invitation link is the proof. Every
// export here is callable from any client, so each is built with `action`
// (validated input); acceptInvitation refuses an unknown, used, withdrawn or
// expired token.
import { action } from "@/lib/actions";
import { acceptInvitation } from "@/lib/platform/admin-accounts";
import { acceptInvitationInput } from "@/lib/platform/admin-input";

export const acceptInvitationAction = action(acceptInvitationInput, ({ token, password }, { request }) =>
  // The new admin is the actor; acceptInvitation fills in who they are once their row exists.
  acceptInvitation(token, password, { type: "platform_admin", ip: request.ip, userAgent: request.userAgent }),
);
