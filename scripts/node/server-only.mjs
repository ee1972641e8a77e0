// What `import "server-only"` resolves to outside Next (the command line, the
// tests): nothing. Inside Next the real package stops a client bundle from
// importing a server module; outside it there is no client bundle to protect.
export {};
