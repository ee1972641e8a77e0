// The server half of the password policy: the rules that need what only the
// server knows. The initial password is printed in every welcome email, so it
// can never become anyone's chosen password; reusing the current password
// would make a forced change meaningless.
import "server-only";
import { env } from "../env";
import { AppError } from "../errors";
import { verifyPassword } from "../passwords";
import { passwordProblems } from "./password-policy";

function refuse(message: string): never {
  throw new AppError("INVALID_INPUT", message, { fieldErrors: { password: [message] } });
}

/** Throws INVALID_INPUT (on the `password` field) unless the password may replace `currentHash`. */
export async function checkNewPassword(password: string, currentHash: string): Promise<void> {
  const problems = passwordProblems(password);
  if (problems.length > 0) {
    throw new AppError("INVALID_INPUT", "Choose a stronger password.", { fieldErrors: { password: problems } });
  }
  if (password === env().INITIAL_ADMIN_PASSWORD) {
    refuse("Choose a password of your own, not the initial password from the welcome email.");
  }
  if (await verifyPassword(password, currentHash)) {
    refuse("Choose a password different from your current one.");
  }
}
