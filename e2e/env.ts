// What the e2e server and the tests agree on.
export const E2E_DATABASE = process.env.E2E_DATABASE ?? "election_e2e";
export const E2E_ADMIN = { email: "admin@e2e.test", password: "e2e admin password" };
