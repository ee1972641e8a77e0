// `tenants admins:create <email> [--role R]`, `admins:reset-password <email>`,
// `admins:reset-2fa <email>`: the operator's way back in when no owner can
// sign in (lost authenticator, forgotten password, the last owner disabled).
// Each is audited with the operator as the actor; a generated password is
// printed once and kept nowhere else in readable form.
import { adminIdByEmail, createAdmin, resetAdminPassword, resetAdminTwoFactor } from "@/lib/platform/admin-accounts";
import { adminEmail, platformRole } from "@/lib/platform/admin-input";
import { type Command, str, UsageError, type Values } from "../command";
import { println } from "../output";

function emailOf(positionals: string[]): string {
  const parsed = adminEmail.safeParse(positionals[0] ?? "");
  if (!parsed.success) throw new UsageError(`"${positionals[0] ?? ""}" is not an email address`);
  return parsed.data;
}

function roleOf(values: Values) {
  const parsed = platformRole.safeParse(str(values, "role") ?? "viewer");
  if (!parsed.success) throw new UsageError(`--role must be owner, reviewer or viewer (got "${str(values, "role")}")`);
  return parsed.data;
}

export const adminsCreateCommand: Command = {
  options: { role: { type: "string" } },
  positionals: 1,
  argument: "email address",
  async run({ positionals, values, io, actor }) {
    const email = emailOf(positionals);
    const role = roleOf(values);
    const created = await createAdmin(email, role, actor);
    println(io.stdout, `Created platform admin ${created.email} (${role}) with password: ${created.password}`);
    println(io.stdout, "Shown once: hand it over safely. They can change it at /admin/account.");
    return 0;
  },
};

export const adminsResetPasswordCommand: Command = {
  options: {},
  positionals: 1,
  argument: "email address",
  async run({ positionals, io, actor }) {
    const reset = await resetAdminPassword(emailOf(positionals), actor);
    println(io.stdout, `New password for ${reset.email}: ${reset.password}`);
    println(io.stdout, "Shown once. The account is active again and every session of it has ended.");
    return 0;
  },
};

export const adminsResetTwoFactorCommand: Command = {
  options: {},
  positionals: 1,
  argument: "email address",
  async run({ positionals, io, actor }) {
    const email = emailOf(positionals);
    await resetAdminTwoFactor(await adminIdByEmail(email), actor);
    println(io.stdout, `Two-factor sign-in is off for ${email}; every session of it has ended.`);
    println(io.stdout, "They sign in with their password alone, and enrol again where two-factor is required.");
    return 0;
  },
};
