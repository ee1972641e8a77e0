// A tenant user asked for a new password at /{slug}/forgot-password. The link
// is a secret: the mailer stores this email with a placeholder for it.
import { Button, Section, Text } from "@react-email/components";
import { colors, EmailLayout, paragraph } from "./components/layout";

export interface PasswordResetProps {
  organizationName: string;
  email: string;
  resetUrl: string;
  expiresInMinutes: number;
}

export function PasswordResetEmail(props: PasswordResetProps) {
  return (
    <EmailLayout
      preview={`Choose a new password for ${props.organizationName}`}
      heading="Choose a new password"
      footer={`You receive this email because someone asked for a new password for ${props.email} in ${props.organizationName}'s election space. If that was not you, ignore it: your password stays as it is.`}
    >
      <Text style={paragraph}>Hello,</Text>
      <Text style={paragraph}>
        Someone, probably you, asked to reset the password of {props.email} in {props.organizationName}'s election
        space. Choose a new one with this link:
      </Text>
      <Section style={{ textAlign: "center", margin: "8px 0 24px" }}>
        <Button
          href={props.resetUrl}
          style={{
            backgroundColor: colors.accent,
            color: "#ffffff",
            padding: "12px 20px",
            borderRadius: "6px",
            fontWeight: 600,
          }}
        >
          Choose a new password
        </Button>
      </Section>
      <Text style={{ ...paragraph, fontSize: "13px", color: colors.muted }}>Or open: {props.resetUrl}</Text>
      <Text style={paragraph}>
        The link works once and for {props.expiresInMinutes} minutes. Using it signs you out everywhere else.
      </Text>
    </EmailLayout>
  );
}

PasswordResetEmail.PreviewProps = {
  organizationName: "Students' Union of Example University",
  email: "ada@example.org",
  resetUrl: "http://localhost:3000/example-su/reset-password/Pq8vN2kRw9LpT4mZc8HbY3fJd6sGa1uE5oWi0yQnXz",
  expiresInMinutes: 60,
} satisfies PasswordResetProps;

export default PasswordResetEmail;
