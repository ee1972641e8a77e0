// Every function the portal serves at /api/inngest.
import { provisionTenant } from "./provision-tenant";
import { sweepProvisioning } from "./sweep-provisioning";

export const INNGEST_FUNCTIONS = [provisionTenant, sweepProvisioning];
