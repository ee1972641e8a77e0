// The landlord database's Prisma client: one shared instance per process.
// Password hashes are omitted unless a query asks for them.
import "server-only";
import { PrismaMariaDb } from "@prisma/adapter-mariadb";
import { env } from "../env";
import { PrismaClient } from "../generated/landlord/client";
import { landlordDatabase } from "./server";

function create() {
  const { database, ...server } = landlordDatabase();
  const adapter = new PrismaMariaDb({
    ...server,
    database,
    connectionLimit: env().LANDLORD_POOL_SIZE,
    idleTimeout: 60,
    minimumIdle: 1, // 0 makes mariadb 3.4.5 never open a connection
  });
  return new PrismaClient({ adapter, omit: { user: { passwordHash: true } } });
}

export type LandlordClient = ReturnType<typeof create>;

// Kept on globalThis so Next's dev reloads do not open a pool per reload.
const holder = globalThis as unknown as { landlordClient?: LandlordClient };

export function landlord(): LandlordClient {
  holder.landlordClient ??= create();
  return holder.landlordClient;
}

export async function disconnectLandlord(): Promise<void> {
  const client = holder.landlordClient;
  holder.landlordClient = undefined;
  await client?.$disconnect();
}

/** The client inside `landlord().$transaction(async (tx) => ...)`. */
export type LandlordTx = Omit<LandlordClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;
