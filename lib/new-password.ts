// The server half of the password policy: the rules that need what only the
// server knows. A new password may not be the user's current one: while that
// is the initial password from their email, reusing it would leave a password
// that sat in an inbox; afterwards it would make a forced change meaningless.
import "server-only";
import { AppError } from "./errors";
import { passwordProblems } from "./password-policy";
import { verifyPassword } from "./passwords";

function refuse(message: string): never {
  throw new AppError("INVALID_INPUT", message, { fieldErrors: { password: [message] } });
}

/**
 * Throws INVALID_INPUT (on the `password` field) unless the password may
 * replace `current.hash`; `current.initial`: that hash is of an emailed initial password.
 */
export async function checkNewPassword(password: string, current: { hash: string; initial: boolean }): Promise<void> {
  const problems = passwordProblems(password);
  if (problems.length > 0) {
    throw new AppError("INVALID_INPUT", "Choose a stronger password.", { fieldErrors: { password: problems } });
  }
  if (await verifyPassword(password, current.hash)) {
    refuse(
      current.initial
        ? "Choose a password of your own, not the initial password from the email."
        : "Choose a password different from your current one.",
    );
  }
}
