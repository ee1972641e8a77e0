// Shared start of every command-line script: load .env files the way Next
// does, validate configuration, and turn a known error into one clear line.
import { type Env, loadEnvFiles, setEnv } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { ensureLocalSecrets } from "./local-secrets";

export function boot(log: (line: string) => void = () => {}): Env {
  loadEnvFiles();
  ensureLocalSecrets(log);
  const config = setEnv({});
  // next-auth reads its own address from the environment.
  return setEnv({ NEXTAUTH_URL: config.NEXTAUTH_URL ?? config.APP_URL });
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
