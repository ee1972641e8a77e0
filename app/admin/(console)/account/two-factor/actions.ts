"use server";
// Turning two-factor on. adminAction("account.self") works before two-factor is
// on, which is the point: an admin made to enrol can reach only this and their account.
import { adminAction } from "@/lib/actions";
import { noInput, totpCodeInput } from "@/lib/platform/admin-input";
import { confirmTotpEnrolment, startTotpEnrolment } from "@/lib/platform/two-factor";

// An action, not the page's GET: a prefetch or a reload must not replace the secret being scanned.
export const startEnrolmentAction = adminAction("account.self", noInput, async (_input, { session }) => {
  const { uri, qrSvg, secret } = await startTotpEnrolment(BigInt(session.userId), session.email);
  return { uri, secret, qrImage: `data:image/svg+xml;base64,${Buffer.from(qrSvg).toString("base64")}` };
});

// No revalidation: a refreshed page would show "on" and unmount the codes before they are saved.
export const confirmEnrolmentAction = adminAction(
  "account.self",
  totpCodeInput,
  async ({ code }, { session, actor }) => ({
    recoveryCodes: await confirmTotpEnrolment(BigInt(session.userId), code, actor),
  }),
);
