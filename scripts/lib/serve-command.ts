// How to start the portal's server (scripts/serve.ts) as a child process:
// Node itself with tsx's loader and our module hooks, so signals reach the
// server directly (no npx or tsx wrapper process in between).
export const SERVE = ["--import", "tsx", "--import", "./scripts/node/hooks.mjs", "scripts/serve.ts"];
