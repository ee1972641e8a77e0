// `npm run deps`: the layer rules of .dependency-cruiser.cjs over the given
// paths, through dependency-cruiser's API. (Its command line refuses Node 20,
// whose engines field says ^22; the API runs here. On Node 22+
// `npx depcruise --config .dependency-cruiser.cjs <paths>` is the same check.)
// Exits 1 on any violation.
import { createRequire } from "node:module";
import { cruise } from "dependency-cruiser";
import extractDepcruiseOptions from "dependency-cruiser/config-utl/extract-depcruise-options";

const config = createRequire(import.meta.url).resolve("../.dependency-cruiser.cjs");
const options = await extractDepcruiseOptions(config);
const { output, exitCode } = await cruise(process.argv.slice(2), { ...options, outputType: "err" });
process.stdout.write(String(output));
process.exitCode = exitCode > 0 ? 1 : 0;
