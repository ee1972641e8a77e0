// The soak's mixed traffic against the running portal, all over HTTP as a
// browser sends it: applications (the apply form's Server Action), approvals
// (the console's confirm-on-behalf and approve actions, which provision in the
// portal), tenant sign-ins (next-auth's credentials flow), tenant pages and
// admin pages. Started at a steady rate whatever the answers take (an open
// loop); every failure is counted with its kind.
import { randomBytes } from "node:crypto";
import { signIn } from "../http";
import { actionId, callAction } from "./actions";

export type Kind = "application" | "approval" | "sign-in" | "tenant page" | "admin page";

// Ten slots a cycle: one application and one approval, two sign-ins, three of each page kind.
const CYCLE: Kind[] = [
  "admin page",
  "tenant page",
  "sign-in",
  "admin page",
  "tenant page",
  "application",
  "admin page",
  "tenant page",
  "sign-in",
  "approval",
];
const ADMIN_PAGES = [
  "/admin",
  "/admin/applications",
  "/admin/applications?status=pending",
  "/admin/tenants",
  "/admin/audit",
];
const MAX_IN_FLIGHT = 32;

export interface SoakTenant {
  slug: string;
  email: string;
}

export interface TrafficReport {
  counts: Record<Kind, number>;
  latencies: Record<Kind, number[]>;
  errors: number;
  firstErrors: string[];
  approved: string[];
  /** Starts skipped because MAX_IN_FLIGHT requests were still open (the portal fell behind). */
  skipped: number;
}

export class Traffic {
  private readonly ids = {
    submit: actionId("app/(public)/apply/actions.ts", "submitApplicationAction"),
    confirm: actionId("app/admin/(console)/applications/[id]/actions.ts", "confirmOnBehalfAction"),
    approve: actionId("app/admin/(console)/applications/[id]/actions.ts", "approveApplicationAction"),
  };
  private readonly submitted: string[] = [];
  private readonly cookies = new Map<string, string>();
  private slot = 0;
  private inFlight = 0;
  readonly report: TrafficReport = {
    counts: { application: 0, approval: 0, "sign-in": 0, "tenant page": 0, "admin page": 0 },
    latencies: { application: [], approval: [], "sign-in": [], "tenant page": [], "admin page": [] },
    errors: 0,
    firstErrors: [],
    approved: [],
    skipped: 0,
  };

  constructor(
    private readonly base: string,
    private readonly adminCookie: string,
    private readonly tenants: SoakTenant[],
    private readonly password: string,
  ) {}

  /** Runs the traffic for `seconds` at `rate` requests a second; resolves when the last answer is in. */
  async run(seconds: number, rate: number): Promise<void> {
    const open = new Set<Promise<void>>();
    const end = Date.now() + seconds * 1000;
    const every = 1000 / rate;
    for (let next = Date.now(); next < end; next += every) {
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - Date.now())));
      if (this.inFlight >= MAX_IN_FLIGHT) {
        this.report.skipped++;
        continue;
      }
      const one = this.once(CYCLE[this.slot++ % CYCLE.length] as Kind);
      open.add(one);
      void one.finally(() => open.delete(one));
    }
    await Promise.all(open);
  }

  private async once(kind: Kind): Promise<void> {
    this.inFlight++;
    const started = performance.now();
    try {
      const done = await this.perform(kind);
      this.report.counts[done]++;
      this.report.latencies[done].push(performance.now() - started);
    } catch (error) {
      this.report.errors++;
      if (this.report.firstErrors.length < 10) this.report.firstErrors.push(`${kind}: ${(error as Error).message}`);
    } finally {
      this.inFlight--;
    }
  }

  private tenant(): SoakTenant {
    return this.tenants[Math.floor(Math.random() * this.tenants.length)] as SoakTenant;
  }

  private async perform(kind: Kind): Promise<Kind> {
    if (kind === "approval") {
      const id = this.submitted.shift();
      if (!id) return this.perform("admin page");
      const page = `/admin/applications/${id}`;
      await this.expectOk(callAction(this.base, page, this.ids.confirm, { applicationId: id }, this.adminCookie));
      await this.expectOk(callAction(this.base, page, this.ids.approve, { applicationId: id }, this.adminCookie));
      this.report.approved.push(id);
    } else if (kind === "application") {
      const slug = `soak-${randomBytes(4).toString("hex")}`;
      const input = {
        organizationName: `Soak ${slug}`,
        requestedSlug: slug,
        contactFirstName: "Soak",
        contactLastName: "Test",
        contactEmail: `owner@${slug}.example`,
        organizationType: "association",
        country: "DE",
        expectedVoters: 100,
      };
      const answer = await this.expectOk(callAction(this.base, "/apply", this.ids.submit, input));
      this.submitted.push((answer as { id: string }).id);
    } else if (kind === "sign-in") {
      const t = this.tenant();
      this.cookies.set(t.slug, await signIn(this.base, "tenant", { ...t, password: this.password }));
    } else if (kind === "tenant page") {
      const t = this.tenant();
      const cookie = this.cookies.get(t.slug);
      if (!cookie) return this.perform("sign-in");
      await this.page(`/${t.slug}`, cookie);
    } else {
      await this.page(ADMIN_PAGES[this.slot % ADMIN_PAGES.length] as string, this.adminCookie);
    }
    return kind;
  }

  private async page(path: string, cookie: string): Promise<void> {
    const response = await fetch(this.base + path, { headers: { cookie } });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
    if (response.url.includes("/login")) throw new Error(`${path} sent the session to the sign-in page`);
  }

  private async expectOk(call: Promise<Awaited<ReturnType<typeof callAction>>>): Promise<unknown> {
    const answer = await call;
    if (!answer.ok) throw new Error(`${answer.code}: ${answer.error}`);
    return answer.data;
  }
}
