// The most connections one portal process opens to the database servers:
// the landlord pool, the pool all tenant clients share, and the small pool for
// raw work (CREATE DATABASE, migrations).
import "server-only";
import { env } from "../env";
import { SERVER_POOL_SIZE } from "./server";

export function connectionCap(): number {
  const config = env();
  return config.LANDLORD_POOL_SIZE + config.TENANT_POOL_SIZE + SERVER_POOL_SIZE;
}
