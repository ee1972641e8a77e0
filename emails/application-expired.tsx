// Sent when a confirmed application expires because nobody reviewed it in
// time. Like every automatic email, it carries no text the visitor wrote but
// the organization's name (React escapes it).
import { Text } from "@react-email/components";
import { Detail, EmailLayout, paragraph } from "./components/layout";

export interface ApplicationExpiredProps {
  organizationName: string;
  reference: string;
  pendingDays: number;
  applyUrl: string;
}

export function ApplicationExpiredEmail(props: ApplicationExpiredProps) {
  return (
    <EmailLayout preview={`Your application ${props.reference} has expired`} heading="Your application has expired">
      <Text style={paragraph}>
        The application for an election space for {props.organizationName} was not reviewed within {props.pendingDays}{" "}
        days, so it has expired. We are sorry that it took us this long.
      </Text>
      <Detail label="Reference">{props.reference}</Detail>
      <Text style={{ ...paragraph, marginTop: "16px" }}>
        The address you asked for has been released. You are welcome to apply again at {props.applyUrl}; quote the
        reference above if you write to us about it.
      </Text>
    </EmailLayout>
  );
}

ApplicationExpiredEmail.PreviewProps = {
  organizationName: "Students' Union of Example University",
  reference: "APP-7K3M-Q9XD",
  pendingDays: 30,
  applyUrl: "http://localhost:3000/apply",
} satisfies ApplicationExpiredProps;

export default ApplicationExpiredEmail;
