// What the provider reported for a sent email (Resend's webhooks): delivered,
// bounced or complained, with the provider's words on hover. Nothing until it reports.
import { Badge, type BadgeTone } from "@/components/ui/badge";

const TONES: Record<string, BadgeTone> = { delivered: "green", bounced: "red", complained: "yellow" };

export function DeliveryBadge({ delivery }: { delivery: { state: string; detail: string | null } | null }) {
  if (!delivery) return null;
  return (
    <span title={delivery.detail ?? undefined} data-delivery={delivery.state}>
      <Badge tone={TONES[delivery.state] ?? "gray"}>{delivery.state}</Badge>
    </span>
  );
}
