// The accessibility attributes a form control needs to point at its hint and
// error, matching the ids that components/ui/field.tsx gives them.
export function controlAria(id: string, { error, hint }: { error?: string; hint?: boolean }) {
  const describedBy = [error ? `${id}-error` : hint ? `${id}-hint` : null].filter(Boolean).join(" ");
  return {
    id,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy || undefined,
  } as const;
}
