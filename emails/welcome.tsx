// The welcome email sent when an organization's space is ready.
import { Body, Button, Container, Head, Heading, Hr, Html, Preview, Section, Text } from "@react-email/components";

export interface WelcomeEmailProps {
  organizationName: string;
  contactName: string;
  email: string;
  loginUrl: string;
  setupUrl: string;
  initialPassword: string;
  expiresInHours: number;
  /** Sent again by a platform admin: earlier links and passwords no longer work. */
  reissued?: boolean;
}

export function WelcomeEmail(props: WelcomeEmailProps) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{`${props.organizationName} is ready on the Election Platform`}</Preview>
      <Body style={{ backgroundColor: "#f8fafc", fontFamily: "system-ui, sans-serif", color: "#0f172a" }}>
        <Container style={{ backgroundColor: "#ffffff", padding: "32px", margin: "24px auto", maxWidth: "560px" }}>
          <Heading style={{ fontSize: "22px" }}>
            {props.reissued ? `A new way in to ${props.organizationName}` : `${props.organizationName} is ready`}
          </Heading>
          <Text>Hello {props.contactName},</Text>
          {props.reissued ? (
            <Text>
              A platform admin sent you a new setup link for your organization's election space; links and initial
              passwords sent to you before no longer work. Choose your password with this link (it works once and
              expires in {props.expiresInHours} hours):
            </Text>
          ) : (
            <Text>
              Your organization's election space has been created, with you as its first administrator. Choose your
              password with this link (it works once and expires in {props.expiresInHours} hours):
            </Text>
          )}
          <Section style={{ textAlign: "center", margin: "24px 0" }}>
            <Button
              href={props.setupUrl}
              style={{ backgroundColor: "#4f46e5", color: "#ffffff", padding: "12px 20px", borderRadius: "6px" }}
            >
              Set your password
            </Button>
          </Section>
          <Text style={{ fontSize: "13px", color: "#475569" }}>Or open: {props.setupUrl}</Text>
          <Hr />
          <Text>
            You can also sign in at {props.loginUrl} as {props.email} with the initial password{" "}
            <strong>{props.initialPassword}</strong>; you will be asked to change it straight away. It works only until
            the link expires.
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

WelcomeEmail.PreviewProps = {
  organizationName: "Acme Votes",
  contactName: "Ada Lovelace",
  email: "ada@example.org",
  loginUrl: "http://localhost:3000/acme-votes/login",
  setupUrl: "http://localhost:3000/setup-password/Xq7vN2kRw9LpT4mZc8HbY3fJd6sGa1uE5oWi0yQn-Kt",
  initialPassword: "Tq4h-8xZk-Pm2w-Rd7c",
  expiresInHours: 72,
} satisfies WelcomeEmailProps;

export default WelcomeEmail;
