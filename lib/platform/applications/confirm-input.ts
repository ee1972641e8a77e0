// The confirmation link's token as its page posts it back (client-safe: no database here).
import { z } from "zod";

export const confirmationInput = z.object({ token: z.string().min(1).max(200) });
