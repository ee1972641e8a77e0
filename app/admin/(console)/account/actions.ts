"use server";
// The signed-in admin's own account. Built with adminAction("account.self"), so
// each checks the session row on the server first, and works even before
// two-factor is on (an admin made to enrol must still reach these).
import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/actions";
import { changePasswordInput } from "@/lib/password-policy";
import { changeOwnPassword, signOutOtherSessions } from "@/lib/platform/admin-accounts";
import { noInput } from "@/lib/platform/admin-input";
import { replaceRecoveryCodes } from "@/lib/platform/two-factor";

export const signOutOtherSessionsAction = adminAction("account.self", noInput, async (_input, { session, actor }) => {
  const ended = await signOutOtherSessions(BigInt(session.userId), session.sessionId, actor);
  revalidatePath("/admin/account");
  return { ended };
});

export const changeOwnPasswordAction = adminAction(
  "account.self",
  changePasswordInput,
  async ({ currentPassword, password }, { session, actor }) => {
    const { sessionsEnded } = await changeOwnPassword(
      BigInt(session.userId),
      { currentPassword, password },
      session.sessionId,
      actor,
    );
    revalidatePath("/admin/account");
    return { sessionsEnded };
  },
);

// No revalidation: the codes are shown once, by the component that asked for them.
export const newRecoveryCodesAction = adminAction("account.self", noInput, async (_input, { session }) => ({
  codes: await replaceRecoveryCodes(BigInt(session.userId)),
}));
