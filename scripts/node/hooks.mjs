// Node module hooks for the command-line scripts (tsx --import): `server-only`
// resolves to an empty module, as it does for Next's server bundles.
import { register } from "node:module";

register("./resolve.mjs", import.meta.url);
