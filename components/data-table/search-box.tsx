"use client";
// A search field that updates ?q= 300 ms after typing stops (replacing the
// history entry, so Back does not step through every keystroke).
import { useEffect, useRef, useState } from "react";
import { Input } from "@/components/ui/input";
import { useUrlState } from "./use-url-state";

export function SearchBox({
  label,
  placeholder,
  maxLength = 100,
}: {
  label: string;
  placeholder?: string;
  maxLength?: number;
}) {
  const { searchParams, navigate } = useUrlState();
  const current = searchParams.get("q") ?? "";
  const [value, setValue] = useState(current);
  const last = useRef(current);

  // Follow the URL when it changes from elsewhere (Back, a tab link).
  useEffect(() => {
    if (current !== last.current) {
      last.current = current;
      setValue(current);
    }
  }, [current]);

  useEffect(() => {
    const q = value.trim();
    if (q === last.current) return;
    const timer = setTimeout(() => {
      last.current = q;
      navigate({ q: q || null }, { replace: true });
    }, 300);
    return () => clearTimeout(timer);
  }, [value, navigate]);

  return (
    <div className="w-full sm:max-w-sm">
      <label htmlFor="table-search" className="sr-only">
        {label}
      </label>
      <Input
        id="table-search"
        type="search"
        value={value}
        maxLength={maxLength}
        placeholder={placeholder}
        onChange={(event) => setValue(event.target.value)}
      />
    </div>
  );
}
