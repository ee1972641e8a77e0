// Puts a Server Action's field errors on the react-hook-form fields they
// belong to, so the server's refusal reads like the browser's own validation.
import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import type { ActionResult } from "@/lib/actions";

/** Returns true when at least one error was placed on a field of the form. */
export function applyServerErrors<T extends FieldValues>(
  setError: UseFormSetError<T>,
  result: Extract<ActionResult<unknown>, { ok: false }>,
  fields: readonly Path<T>[],
): boolean {
  let placed = false;
  for (const [key, messages] of Object.entries(result.fieldErrors ?? {})) {
    const field = fields.find((f) => f === key);
    if (field && messages[0]) {
      setError(field, { type: "server", message: messages[0] }, { shouldFocus: !placed });
      placed = true;
    }
  }
  return placed;
}
