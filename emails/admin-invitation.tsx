// An invitation to become a platform admin. The link is a secret: the mailer
// stores this email with a placeholder for it (lib/mail/secrets.ts).
import { Button, Section, Text } from "@react-email/components";
import { colors, Detail, EmailLayout, paragraph } from "./components/layout";

export interface AdminInvitationProps {
  name: string;
  invitedBy: string;
  role: string;
  acceptUrl: string;
  expiresInHours: number;
}

export function AdminInvitationEmail(props: AdminInvitationProps) {
  return (
    <EmailLayout preview="You are invited to run the Election Platform" heading="You are invited as a platform admin">
      <Text style={paragraph}>Hello {props.name},</Text>
      <Text style={paragraph}>
        {props.invitedBy} invited you to the Election Platform's console, where platform admins review the organizations
        that apply and run their election spaces. Choose your password with this link to join:
      </Text>
      <Section style={{ textAlign: "center", margin: "8px 0 24px" }}>
        <Button
          href={props.acceptUrl}
          style={{
            backgroundColor: colors.accent,
            color: "#ffffff",
            padding: "12px 20px",
            borderRadius: "6px",
            fontWeight: 600,
          }}
        >
          Join as a platform admin
        </Button>
      </Section>
      <Text style={{ ...paragraph, fontSize: "13px", color: colors.muted }}>Or open: {props.acceptUrl}</Text>
      <Detail label="Role">{props.role}</Detail>
      <Text style={{ ...paragraph, marginTop: "16px" }}>
        The link works once and for {props.expiresInHours} hours. If you did not expect this, ignore it.
      </Text>
    </EmailLayout>
  );
}

AdminInvitationEmail.PreviewProps = {
  name: "Grace Hopper",
  invitedBy: "Ada Lovelace",
  role: "Reviewer",
  acceptUrl: "http://localhost:3000/admin/invite/Xq7vN2kRw9LpT4mZc8HbY3fJd6sGa1uE5oWi0yQn-Kt",
  expiresInHours: 72,
} satisfies AdminInvitationProps;

export default AdminInvitationEmail;
