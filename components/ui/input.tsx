import type { InputHTMLAttributes, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";
import { cn } from "./cn";

const base =
  "block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset " +
  "placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-indigo-600 disabled:bg-slate-50";

function ring(invalid?: boolean) {
  return invalid ? "ring-rose-400" : "ring-slate-300";
}

export function Input({ className, "aria-invalid": invalid, ...props }: InputHTMLAttributes<HTMLInputElement>) {
  return <input {...props} aria-invalid={invalid} className={cn(base, ring(Boolean(invalid)), className)} />;
}

export function Textarea({
  className,
  "aria-invalid": invalid,
  ...props
}: TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <textarea {...props} aria-invalid={invalid} className={cn(base, ring(Boolean(invalid)), className)} />;
}

export function Select({ className, "aria-invalid": invalid, ...props }: SelectHTMLAttributes<HTMLSelectElement>) {
  return <select {...props} aria-invalid={invalid} className={cn(base, ring(Boolean(invalid)), className)} />;
}
