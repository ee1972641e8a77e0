// The owners' digest: every problem since the previous digest, grouped by
// kind (failed provisioning runs; later failed backups and full servers),
// each with a link to where it is dealt with. At most one an hour.
import { Button, Hr, Link, Section, Text } from "@react-email/components";
import { colors, EmailLayout, paragraph } from "./components/layout";

export interface OwnerDigestItem {
  subject: string;
  /** When it happened, written out. */
  at: string;
  facts: { label: string; value: string }[];
  reason: string;
  link: string;
}

export interface OwnerDigestProps {
  /** The end of the period the digest covers, written out. */
  until: string;
  consoleUrl: string;
  sections: { heading: string; items: OwnerDigestItem[] }[];
}

const small = { ...paragraph, fontSize: "13px", margin: "0 0 4px" };

export function OwnerDigestEmail(props: OwnerDigestProps) {
  const count = props.sections.reduce((n, s) => n + s.items.length, 0);
  return (
    <EmailLayout
      preview={`${count === 1 ? "1 problem" : `${count} problems`} on the Election Platform`}
      heading="What needs your attention"
      footer="You receive this email because you are an owner of the Election Platform. Owners get at most one digest an hour, and none when nothing went wrong."
    >
      <Text style={paragraph}>
        Since the previous digest, up to {props.until}, the platform recorded{" "}
        {count === 1 ? "this problem" : "these problems"}:
      </Text>
      {props.sections.map((section) => (
        <Section key={section.heading} style={{ margin: "0 0 16px" }}>
          <Text style={{ ...paragraph, fontWeight: 600, margin: "0 0 8px" }}>
            {section.heading} ({section.items.length})
          </Text>
          {section.items.map((item) => (
            <Section
              key={`${item.link}-${item.at}`}
              style={{ borderLeft: `3px solid ${colors.accent}`, padding: "4px 0 4px 12px", margin: "0 0 12px" }}
            >
              <Text style={{ ...small, fontWeight: 600 }}>{item.subject}</Text>
              <Text style={{ ...small, color: colors.muted }}>{item.at}</Text>
              {item.facts.map((fact) => (
                <Text key={fact.label} style={small}>
                  <span style={{ color: colors.muted }}>{fact.label}: </span>
                  {fact.value}
                </Text>
              ))}
              <Text style={{ ...small, whiteSpace: "pre-line" }}>{item.reason}</Text>
              <Link href={item.link} style={{ fontSize: "13px", color: colors.accent }}>
                Open in the console
              </Link>
            </Section>
          ))}
        </Section>
      ))}
      <Hr style={{ borderColor: "#e2e8f0", margin: "8px 0 16px" }} />
      <Section style={{ textAlign: "center" }}>
        <Button
          href={props.consoleUrl}
          style={{
            backgroundColor: colors.accent,
            color: "#ffffff",
            padding: "10px 18px",
            borderRadius: "6px",
            fontWeight: 600,
          }}
        >
          Open the console
        </Button>
      </Section>
    </EmailLayout>
  );
}

OwnerDigestEmail.PreviewProps = {
  until: "28 Nov 2026, 10:59 UTC",
  consoleUrl: "http://localhost:3000/admin",
  sections: [
    {
      heading: "Provisioning runs that failed for good",
      items: [
        {
          subject: "Lakeside Rowing Club (APP-7K3M-Q9XD)",
          at: "28 Nov 2026, 10:12 UTC",
          facts: [
            { label: "Address", value: "/lakeside" },
            { label: "Step", value: "Create database" },
            { label: "Run", value: "attempt 1" },
          ],
          reason: "Create database failed: ER_DBACCESS_DENIED_ERROR: Access denied for user 'portal'@'%'",
          link: "http://localhost:3000/admin/applications/1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed",
        },
      ],
    },
  ],
} satisfies OwnerDigestProps;

export default OwnerDigestEmail;
