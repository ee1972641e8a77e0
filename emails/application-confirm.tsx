// Sent when an application arrives, before anyone has shown that this address
// is theirs: so it carries no text the visitor wrote but the organization's
// name (React escapes it), and no contact names, note or requested address.
// The link is a secret: the mailer stores this email with a placeholder for it.
import { Button, Section, Text } from "@react-email/components";
import { colors, Detail, EmailLayout, paragraph } from "./components/layout";

export interface ApplicationConfirmProps {
  organizationName: string;
  reference: string;
  confirmUrl: string;
  expiresInHours: number;
}

export function ApplicationConfirmEmail(props: ApplicationConfirmProps) {
  return (
    <EmailLayout preview={`Confirm your email address (${props.reference})`} heading="Confirm your email address">
      <Text style={paragraph}>
        An application for an election space for {props.organizationName} was made on the Election Platform with this
        email address as the contact. Confirm that the address is yours, and the application goes to a platform admin
        for review.
      </Text>
      <Section style={{ textAlign: "center", margin: "8px 0 24px" }}>
        <Button
          href={props.confirmUrl}
          style={{
            backgroundColor: colors.accent,
            color: "#ffffff",
            padding: "12px 20px",
            borderRadius: "6px",
            fontWeight: 600,
          }}
        >
          Confirm my email address
        </Button>
      </Section>
      <Text style={{ ...paragraph, fontSize: "13px", color: colors.muted }}>Or open: {props.confirmUrl}</Text>
      <Detail label="Reference">{props.reference}</Detail>
      <Text style={{ ...paragraph, marginTop: "16px" }}>
        The link works once and for {props.expiresInHours} hours. If you did not apply, ignore this email: the
        application expires unconfirmed and we will not write to you about it again.
      </Text>
    </EmailLayout>
  );
}

ApplicationConfirmEmail.PreviewProps = {
  organizationName: "Students' Union of Example University",
  reference: "APP-7K3M-Q9XD",
  confirmUrl: "http://localhost:3000/apply/confirm/Xq7vN2kRw9LpT4mZc8HbY3fJd6sGa1uE5oWi0yQn-Kt",
  expiresInHours: 24,
} satisfies ApplicationConfirmProps;

export default ApplicationConfirmEmail;
