// The layer rules (ARCHITECTURE.md), checked by dependency-cruiser in `npm test`.
// A module may import from its own layer or the layers below it, never above:
//
//   1. app/, scripts/, instrumentation.ts, proxy.ts   composition roots and routes
//   2. inngest/                                        the Inngest client, events, functions
//   3. components/                                     presentational UI
//   4. lib/actions.ts, lib/auth/                       action clients, sessions
//   5. lib/operations/                                 operations on the fleet
//   6. lib/provisioning/                               the provisioning workflow
//   7. lib/tenant-auth/                                a tenant's users and sessions
//   8. lib/platform/                                   the landlord's domain
//   9. lib/db/, lib/mail/, lib/*.ts                    infrastructure
//  10. emails/                                         pure React Email templates
//
// bench/, tests/, e2e/ and *.test.ts(x) beside the code are outside the rules as
// importers. Type-only imports count for the layers (a type is part of a
// module's contract) except where a rule says otherwise.
//
// Parsing: TypeScript 7 has no compiler API, so dependency-cruiser's "tsc" parser
// is unavailable and it would fall back to acorn without saying so (acorn sees
// no `import type`). `parser: "swc"` uses @swc/core; tests/dependency-rules.test.ts
// fails if swc is not what parses our files.
//
// Running: `npm run deps` (scripts/check-deps.mjs, through the API: the
// command line of dependency-cruiser 18 refuses Node 20).

/** The lib layers, each as a regular expression on the resolved path. */
const LAYER = {
  actions: "^lib/actions\\.ts$",
  auth: "^lib/auth/",
  operations: "^lib/operations/",
  provisioning: "^lib/provisioning/",
  tenantAuth: "^lib/tenant-auth/",
  platform: "^lib/platform/",
  // lib/db, lib/mail and the files directly in lib/ (lib/actions.ts excepted).
  infra: ["^lib/(db|mail)/", "^lib/(?!actions\\.ts$)[^/]+\\.(ts|tsx)$"],
};

/** Above every lib layer: routes, roots, the driver, the UI, and code that only tests or measures. */
const ABOVE_LIB = "^(app|components|inngest|scripts|bench|tests|e2e)/";

/**
 * What a component may import from lib/ as a value: modules written to be
 * bundled for the browser (schemas, input parsers, the password policy) and the
 * error type. Anything else in lib/ may touch a database, a secret or the mailer.
 */
const CLIENT_SAFE = [
  "^lib/password-policy\\.ts$",
  "^lib/platform/permissions\\.ts$",
  "^lib/.*-input\\.ts$",
  "^lib/.*/schemas/",
  "^lib/.*\\.schema\\.ts$",
  "^lib/errors\\.ts$",
];

/** @type {import("dependency-cruiser").IConfiguration} */
const config = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment:
        "Modules that import each other, directly or round a loop, cannot be understood, tested or moved apart. " +
        "Type-only imports are left out: they are erased before anything runs, so they make no load-order " +
        "trap, and the layer rules below still see them.",
      from: { pathNot: "(^|/)node_modules/" },
      to: {
        circular: true,
        dependencyTypesNot: ["type-only"],
        viaOnly: { dependencyTypesNot: ["type-only"] },
      },
    },
    {
      name: "no-unresolvable",
      severity: "error",
      comment:
        "An import that does not resolve (a typo, a moved file, a broken @/ alias) would slip past every " +
        "path rule here; tsc reports it too, but this check must not pass on a graph it could not build.",
      from: { pathNot: "(^|/)node_modules/" },
      to: { couldNotResolve: true },
    },
    {
      name: "lib-not-up",
      severity: "error",
      comment:
        "lib/ is the domain and its infrastructure: routes, the Inngest driver, the UI, scripts and tests " +
        "call it, never the other way round. Start a workflow through an injected driver, not by importing inngest/.",
      from: { path: "^lib/" },
      to: { path: ABOVE_LIB },
    },
    {
      name: "emails-pure",
      severity: "error",
      comment:
        "Email templates render from their props alone (each has preview props), so they import no " +
        "domain code, route, component or driver.",
      from: { path: "^emails/" },
      to: { path: ["^lib/", ABOVE_LIB] },
    },
    {
      name: "infra-not-domain",
      severity: "error",
      comment:
        "Infrastructure (lib/db, lib/mail, lib/*.ts) knows databases, mail and configuration, not the " +
        "platform, tenants or provisioning; pass what it needs as arguments.",
      from: { path: LAYER.infra },
      to: { path: [LAYER.platform, LAYER.tenantAuth, LAYER.provisioning, LAYER.operations, LAYER.auth, LAYER.actions] },
    },
    {
      name: "platform-below",
      severity: "error",
      comment: "The platform context (landlord database) sits below tenant auth, provisioning and operations.",
      from: { path: LAYER.platform },
      to: { path: [LAYER.tenantAuth, LAYER.provisioning, LAYER.operations, LAYER.auth, LAYER.actions] },
    },
    {
      name: "tenant-auth-below",
      severity: "error",
      comment:
        "Tenant auth (each tenant's own database) may use the platform and infrastructure, not the workflow, " +
        "operations or the sign-in realms of lib/auth.",
      from: { path: LAYER.tenantAuth },
      to: { path: [LAYER.provisioning, LAYER.operations, LAYER.auth, LAYER.actions] },
    },
    {
      name: "provisioning-below",
      severity: "error",
      comment: "Provisioning bridges platform and tenant auth; operations, sessions and action clients sit above it.",
      from: { path: LAYER.provisioning },
      to: { path: [LAYER.operations, LAYER.auth, LAYER.actions] },
    },
    {
      name: "operations-below",
      severity: "error",
      comment: "Fleet operations serve the command line and the admin pages; they take the actor as an argument.",
      from: { path: LAYER.operations },
      to: { path: [LAYER.auth, LAYER.actions] },
    },
    {
      name: "components-no-server",
      severity: "error",
      comment:
        "components/ is presentational and may end up in a browser bundle: from lib/ it imports only " +
        "client-safe modules (schemas, *-input.ts, the password policy, the error type). Type-only imports " +
        "are allowed (erased at build time, e.g. ActionResult from lib/actions.ts); a page in app/ loads " +
        "the data and passes it in.",
      from: { path: "^components/" },
      to: { path: "^lib/", pathNot: CLIENT_SAFE, dependencyTypesNot: ["type-only"] },
    },
    {
      name: "components-not-up",
      severity: "error",
      comment: "Components are used by routes, never the reverse; they do not reach the Inngest driver or scripts.",
      from: { path: "^components/" },
      to: { path: "^(app|inngest|scripts|bench|tests|e2e)/" },
    },
    {
      name: "inngest-thin",
      severity: "error",
      comment:
        "The Inngest driver orchestrates steps that live in lib/provisioning; it does not import routes, " +
        "components or scripts.",
      from: { path: "^inngest/" },
      to: { path: "^(app|components|scripts|bench|tests|e2e)/" },
    },
  ],
  options: {
    parser: "swc",
    tsConfig: { fileName: "tsconfig.json" },
    // Prisma's generated clients and packages are seen as targets but not read.
    doNotFollow: { path: ["(^|/)node_modules/", "^lib/generated/"] },
    // Unit tests beside the code are importers outside the rules, like tests/.
    exclude: { path: ["\\.test\\.tsx?$", "(^|/)__snapshots__/"] },
    moduleSystems: ["es6", "cjs"],
    enhancedResolveOptions: {
      extensions: [".ts", ".tsx", ".js", ".mjs"],
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      mainFields: ["module", "main", "types", "typings"],
    },
    skipAnalysisNotInRules: true,
  },
};

module.exports = config;
