// The most connections one portal process opens to the server the landlord
// shares with tenants: the landlord pool, every tenant connection (at most
// TENANT_CONNECTION_CAP across all servers, so all of them could be on this
// one), and the small pool for raw work (CREATE DATABASE, migrations).
import "server-only";
import { env } from "../env";
import { SERVER_POOL_SIZE } from "./server";

export function connectionCap(): number {
  const config = env();
  return config.LANDLORD_POOL_SIZE + config.TENANT_CONNECTION_CAP + SERVER_POOL_SIZE;
}
