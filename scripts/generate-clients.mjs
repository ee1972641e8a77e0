// postinstall: generates the landlord and tenant Prisma clients.
// PRISMA_SCHEMA_ENGINE_BINARY=/bin/true stops the CLI from trying to download
// the schema engine (unreachable here, and unused: migrations are our own SQL
// runner's work). `generate` does not need that engine.
import { execFileSync } from "node:child_process";

const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: "/bin/true", PRISMA_HIDE_UPDATE_MESSAGE: "1" };
for (const schema of ["prisma/landlord/schema.prisma", "prisma/tenant/schema.prisma"]) {
  execFileSync("npx", ["--no-install", "prisma", "generate", "--schema", schema], { stdio: "inherit", env });
}
