// Sent when a platform admin closes an application whose provisioning failed,
// with the admin's reason. Nothing else the visitor typed but the
// organization's name: the reason is the admin's words.
import { Section, Text } from "@react-email/components";
import { colors, Detail, EmailLayout, paragraph } from "./components/layout";

export interface ApplicationClosedProps {
  organizationName: string;
  reference: string;
  reason: string;
  /** Where to apply again. */
  applyUrl: string;
}

export function ApplicationClosedEmail(props: ApplicationClosedProps) {
  return (
    <EmailLayout
      preview={`The application for ${props.organizationName} (${props.reference}) was closed`}
      heading="Your application was closed"
    >
      <Text style={paragraph}>Hello,</Text>
      <Text style={paragraph}>
        Your application for an election space for {props.organizationName} was approved, but we could not set the space
        up, and a platform admin has now closed the application. They gave this reason:
      </Text>
      <Section style={{ borderLeft: `3px solid ${colors.accent}`, padding: "4px 0 4px 16px", margin: "0 0 16px" }}>
        <Text style={{ ...paragraph, whiteSpace: "pre-line", margin: 0 }}>{props.reason}</Text>
      </Section>
      <Detail label="Reference">{props.reference}</Detail>
      <Text style={{ ...paragraph, marginTop: "16px" }}>
        The address you asked for has been released. You are welcome to apply again at {props.applyUrl}.
      </Text>
    </EmailLayout>
  );
}

ApplicationClosedEmail.PreviewProps = {
  organizationName: "Students' Union of Example University",
  reference: "APP-7K3M-Q9XD",
  reason: "Your space could not be created on our servers this week.\nPlease apply again next month.",
  applyUrl: "http://localhost:3000/apply",
} satisfies ApplicationClosedProps;

export default ApplicationClosedEmail;
