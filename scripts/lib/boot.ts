// Shared start of every command-line script: load .env files the way Next
// does, validate configuration, and turn a known error into one clear line.
import nextEnv from "@next/env";
import { type Env, env } from "@/lib/env";
import { isAppError } from "@/lib/errors";

export function boot(): Env {
  nextEnv.loadEnvConfig(process.cwd(), process.env.NODE_ENV !== "production", { info: () => {}, error: console.error });
  const config = env();
  process.env.NEXTAUTH_URL ??= config.APP_URL; // next-auth reads it from the environment
  return config;
}

/** Runs a script's main, printing known errors as one line and exiting non-zero. */
export function run(main: () => Promise<number | undefined> | Promise<void>): void {
  main().then(
    (code) => process.exit(code ?? 0),
    (error: unknown) => {
      if (isAppError(error)) console.error(`✖ ${error.message}`);
      else console.error(error);
      process.exit(1);
    },
  );
}
