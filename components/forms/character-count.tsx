// "123 / 2000" under a text area; turns red past the limit. Read out politely
// only when near the limit, so a screen reader is not interrupted on every key.
import { cn } from "@/components/ui/cn";

export function CharacterCount({ id, length, max }: { id: string; length: number; max: number }) {
  const near = length > max * 0.9;
  return (
    <span
      id={id}
      aria-live={near ? "polite" : "off"}
      className={cn("block text-right text-xs tabular-nums", length > max ? "text-rose-600" : "text-slate-500")}
    >
      {length.toLocaleString("en")} / {max.toLocaleString("en")}
    </span>
  );
}
