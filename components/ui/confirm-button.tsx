"use client";
// A button that asks once more before it acts: the first click arms it (its
// label becomes the question), the second runs `onConfirm`. It disarms by
// itself after a few seconds or when focus leaves it, so a stray click later
// does nothing.
import { type ReactNode, useEffect, useState } from "react";
import { Button, type ButtonProps } from "./button";

const DISARM_MS = 6000;

export function ConfirmButton({
  confirmLabel,
  onConfirm,
  children,
  variant = "secondary",
  ...props
}: Omit<ButtonProps, "onClick"> & { confirmLabel: ReactNode; onConfirm: () => void }) {
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    if (!armed) return;
    const timer = setTimeout(() => setArmed(false), DISARM_MS);
    return () => clearTimeout(timer);
  }, [armed]);
  return (
    <Button
      {...props}
      variant={armed ? "danger" : variant}
      aria-live="polite"
      onBlur={() => setArmed(false)}
      onClick={() => {
        if (!armed) return setArmed(true);
        setArmed(false);
        onConfirm();
      }}
    >
      {armed ? confirmLabel : children}
    </Button>
  );
}
