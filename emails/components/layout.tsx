// The frame every platform email shares: preview line, card, heading, footer.
// Inline styles only, because mail clients ignore most stylesheets.
import { Body, Container, Head, Heading, Hr, Html, Preview, Text } from "@react-email/components";
import type { CSSProperties, ReactNode } from "react";

export const colors = { text: "#0f172a", muted: "#64748b", accent: "#4f46e5", page: "#f8fafc" } as const;

export const paragraph: CSSProperties = { fontSize: "15px", lineHeight: "24px", margin: "0 0 16px" };

export function EmailLayout({
  preview,
  heading,
  children,
  footer,
}: {
  preview: string;
  heading: string;
  children: ReactNode;
  /** Why the recipient gets this email; by default, as an application's contact. */
  footer?: ReactNode;
}) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{preview}</Preview>
      <Body
        style={{ backgroundColor: colors.page, fontFamily: "system-ui, -apple-system, sans-serif", color: colors.text }}
      >
        <Container style={{ backgroundColor: "#ffffff", padding: "32px", margin: "24px auto", maxWidth: "560px" }}>
          <Text style={{ ...paragraph, color: colors.accent, fontWeight: 600, fontSize: "13px" }}>
            Election Platform
          </Text>
          <Heading style={{ fontSize: "22px", lineHeight: "30px", margin: "0 0 20px" }}>{heading}</Heading>
          {children}
          <Hr style={{ borderColor: "#e2e8f0", margin: "24px 0" }} />
          <Text style={{ ...paragraph, color: colors.muted, fontSize: "12px", margin: 0 }}>
            {footer ??
              "You receive this email because your address was given as the contact on an application to the Election Platform. If that was not you, you can ignore this email."}
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

/** A label and value line, e.g. "Reference: APP-7K3M-Q9XD". */
export function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Text style={{ ...paragraph, margin: "0 0 6px" }}>
      <span style={{ color: colors.muted }}>{label}: </span>
      <strong>{children}</strong>
    </Text>
  );
}
