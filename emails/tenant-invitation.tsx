// An invitation to join an organization's election space, sent by one of its
// admins. The link is a secret: the mailer stores this email with a
// placeholder for it (lib/mail/secrets.ts).
import { Button, Section, Text } from "@react-email/components";
import { colors, Detail, EmailLayout, paragraph } from "./components/layout";

export interface TenantInvitationProps {
  organizationName: string;
  name: string;
  invitedBy: string;
  role: string;
  joinUrl: string;
  expiresInHours: number;
}

export function TenantInvitationEmail(props: TenantInvitationProps) {
  return (
    <EmailLayout
      preview={`You are invited to ${props.organizationName} on the Election Platform`}
      heading={`Join ${props.organizationName}`}
    >
      <Text style={paragraph}>Hello {props.name},</Text>
      <Text style={paragraph}>
        {props.invitedBy} invited you to {props.organizationName}'s election space on the Election Platform. Choose your
        password with this link to join:
      </Text>
      <Section style={{ textAlign: "center", margin: "8px 0 24px" }}>
        <Button
          href={props.joinUrl}
          style={{
            backgroundColor: colors.accent,
            color: "#ffffff",
            padding: "12px 20px",
            borderRadius: "6px",
            fontWeight: 600,
          }}
        >
          Join {props.organizationName}
        </Button>
      </Section>
      <Text style={{ ...paragraph, fontSize: "13px", color: colors.muted }}>Or open: {props.joinUrl}</Text>
      <Detail label="Role">{props.role}</Detail>
      <Text style={{ ...paragraph, marginTop: "16px" }}>
        The link works once and for {props.expiresInHours} hours. If you did not expect this, ignore it.
      </Text>
    </EmailLayout>
  );
}

TenantInvitationEmail.PreviewProps = {
  organizationName: "Lakeside Rowing Club",
  name: "Grace Hopper",
  invitedBy: "ada@lakeside.example.org",
  role: "Committee member",
  joinUrl: "http://localhost:3000/lakeside/join/Xq7vN2kRw9LpT4mZc8HbY3fJd6sGa1uE5oWi0yQn-Kt",
  expiresInHours: 72,
} satisfies TenantInvitationProps;

export default TenantInvitationEmail;
