// The election committee's form and actions (/{slug}/committee): one schema
// for the browser's form and the server's action. Client-safe.
import { z } from "zod";
import { firstName, lastName, personEmail } from "./team-input";

/** The roles a committee member can hold; stored by key in committee_users.committee_role. */
export const COMMITTEE_ROLES = ["chair", "vice_chair", "secretary", "member", "observer"] as const;
export type CommitteeRole = (typeof COMMITTEE_ROLES)[number];

export const COMMITTEE_ROLE_LABELS: Record<CommitteeRole, string> = {
  chair: "Chair",
  vice_chair: "Vice chair",
  secretary: "Secretary",
  member: "Member",
  observer: "Observer",
};

export function committeeRoleLabel(role: string): string {
  return COMMITTEE_ROLE_LABELS[role as CommitteeRole] ?? role;
}

const memberId = z.uuid("That is not a committee member id.");

export const committeeMemberInput = z.object({
  firstName,
  lastName,
  email: personEmail,
  committeeRole: z.enum(COMMITTEE_ROLES, { error: "Choose a committee role." }),
});
export const committeeEditInput = committeeMemberInput.extend({ memberId });
export const committeeIdInput = z.object({ memberId });

export type CommitteeMemberInput = z.input<typeof committeeMemberInput>;
