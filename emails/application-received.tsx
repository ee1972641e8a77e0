// Sent once the applicant has confirmed their email: the application is now in
// the review queue. Only then does an email carry more of what they typed
// (their name, the address they asked for): the recipient has shown it is theirs.
import { Button, Section, Text } from "@react-email/components";
import { colors, Detail, EmailLayout, paragraph } from "./components/layout";

export interface ApplicationReceivedProps {
  organizationName: string;
  contactFirstName: string;
  reference: string;
  /** The address the organization asked for, e.g. https://vote.example.org/acme. */
  requestedAddress: string;
  /** The applicant's own status page (a secret link: the mailer fills it in on the way out). */
  statusUrl?: string;
}

export function ApplicationReceivedEmail(props: ApplicationReceivedProps) {
  return (
    <EmailLayout
      preview={`${props.organizationName}'s application (${props.reference}) is waiting for review`}
      heading="We received your application"
    >
      <Text style={paragraph}>Hello {props.contactFirstName},</Text>
      <Text style={paragraph}>
        Thank you for confirming your email address. Your application for an election space for {props.organizationName}{" "}
        is now in the review queue. A platform admin reviews every application; we will write to you at this address
        once yours has been reviewed.
      </Text>
      <Section style={{ margin: "8px 0 16px" }}>
        <Detail label="Reference">{props.reference}</Detail>
        <Detail label="Organization">{props.organizationName}</Detail>
        <Detail label="Requested address">{props.requestedAddress}</Detail>
      </Section>
      {props.statusUrl && (
        <>
          <Text style={paragraph}>You can see where your application stands at any time, with no account:</Text>
          <Section style={{ textAlign: "center", margin: "8px 0 16px" }}>
            <Button
              href={props.statusUrl}
              style={{
                backgroundColor: colors.accent,
                color: "#ffffff",
                padding: "12px 20px",
                borderRadius: "6px",
                fontWeight: 600,
              }}
            >
              See your application's status
            </Button>
          </Section>
          <Text style={{ ...paragraph, fontSize: "13px", color: colors.muted }}>
            Or open: {props.statusUrl}. Keep this link to yourself: anyone who has it can see the status.
          </Text>
        </>
      )}
      <Text style={paragraph}>Quote the reference if you write to us about this application.</Text>
    </EmailLayout>
  );
}

ApplicationReceivedEmail.PreviewProps = {
  organizationName: "Students' Union of Example University",
  contactFirstName: "Ada",
  reference: "APP-7K3M-Q9XD",
  requestedAddress: "http://localhost:3000/example-su",
  statusUrl: "http://localhost:3000/apply/status/Wq3vN8kRx2LpT5mZc7HbY4fJd9sGa6uE1oWi0yQnKt",
} satisfies ApplicationReceivedProps;

export default ApplicationReceivedEmail;
