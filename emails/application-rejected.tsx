// Sent when a platform admin rejects an application, with the admin's reason.
import { Section, Text } from "@react-email/components";
import { colors, Detail, EmailLayout, paragraph } from "./components/layout";

export interface ApplicationRejectedProps {
  organizationName: string;
  contactFirstName: string;
  reference: string;
  reason: string;
}

export function ApplicationRejectedEmail(props: ApplicationRejectedProps) {
  return (
    <EmailLayout
      preview={`Your application for ${props.organizationName} (${props.reference}) was not approved`}
      heading="Your application was not approved"
    >
      <Text style={paragraph}>Hello {props.contactFirstName},</Text>
      <Text style={paragraph}>
        We have reviewed the application for an election space for {props.organizationName} and cannot approve it. The
        reviewer gave this reason:
      </Text>
      <Section style={{ borderLeft: `3px solid ${colors.accent}`, padding: "4px 0 4px 16px", margin: "0 0 16px" }}>
        <Text style={{ ...paragraph, whiteSpace: "pre-line", margin: 0 }}>{props.reason}</Text>
      </Section>
      <Detail label="Reference">{props.reference}</Detail>
      <Text style={{ ...paragraph, marginTop: "16px" }}>
        You are welcome to apply again once the reason above has been addressed: the address you asked for has been
        released, so a new application may request it.
      </Text>
    </EmailLayout>
  );
}

ApplicationRejectedEmail.PreviewProps = {
  organizationName: "Students' Union of Example University",
  contactFirstName: "Ada",
  reference: "APP-7K3M-Q9XD",
  reason: "We could not confirm that you represent the organization.\nPlease apply from an official address.",
} satisfies ApplicationRejectedProps;

export default ApplicationRejectedEmail;
