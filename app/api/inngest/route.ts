import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { provisionTenant } from "@/inngest/functions/provision-tenant";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT } = serve({ client: inngest, functions: [provisionTenant] });
