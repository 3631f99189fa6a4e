#!/usr/bin/env node
// Sends one correctly signed (Standard Webhooks) ticket-resolved event to the pipeline, so you can
// see the whole flow without signing by hand. Reads Csat__WebhookSecret from the environment or
// from local.settings.json (else the sample file).
//
//   node scripts/send-ticket.mjs --help
import { createHmac, randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const usage = `Sends one signed ticket-resolved event to the pipeline (Standard Webhooks).

Usage: node scripts/send-ticket.mjs [options]

  --ticket <id>       the ticket's id (default: T-<now>)
  --email <address>   the customer's address (default: ann@example.org)
  --name <name>       the customer's name (default: Ann)
  --subject <text>    the ticket's subject (default: Server unreachable)
  --agent <name>      who solved it (default: Patrick)
  --channel <name>    phone, email, chat… (default: phone)
  --company <name>    the customer's organisation (default: none)
  --url <base>        the pipeline (default: $CSAT_URL or http://localhost:7071)
  --help              this text

Signs with Csat__WebhookSecret from the environment, else local.settings.json (else the sample).
Exits 0 when the pipeline accepted the event, 1 when it refused it or could not be reached, 2 on bad usage.`;

let args;
try {
  ({ values: args } = parseArgs({
    options: {
      ticket: { type: "string", default: `T-${Date.now()}` },
      email: { type: "string", default: "ann@example.org" },
      name: { type: "string", default: "Ann" },
      subject: { type: "string", default: "Server unreachable" },
      agent: { type: "string", default: "Patrick" },
      channel: { type: "string", default: "phone" },
      company: { type: "string" },
      url: { type: "string", default: process.env.CSAT_URL ?? "http://localhost:7071" },
      help: { type: "boolean", short: "h", default: false },
    },
  }));
} catch (error) {
  console.error(`${error.message}\n\n${usage}`);
  process.exit(2);
}

if (args.help) {
  console.log(usage);
  process.exit(0);
}

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const settingsFile = ["local.settings.json", "local.settings.sample.json"].map((f) => join(root, f)).find(existsSync);
const secret = process.env.Csat__WebhookSecret ?? JSON.parse(readFileSync(settingsFile, "utf8")).Values?.Csat__WebhookSecret;
if (!secret?.startsWith("whsec_")) {
  console.error("No Csat__WebhookSecret found in the environment or local.settings.json.");
  process.exit(2);
}

const body = JSON.stringify({
  ticketId: args.ticket,
  customer: { email: args.email, name: args.name },
  subject: args.subject,
  agent: args.agent,
  channel: args.channel,
  company: args.company,
  resolvedAt: new Date().toISOString(),
});
const id = `msg_${randomUUID()}`;
const timestamp = Math.floor(Date.now() / 1000).toString();
const signature = createHmac("sha256", Buffer.from(secret.slice("whsec_".length), "base64"))
  .update(`${id}.${timestamp}.${body}`)
  .digest("base64");

let response;
try {
  response = await fetch(new URL("/api/tickets/resolved", args.url), {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "webhook-id": id,
      "webhook-timestamp": timestamp,
      "webhook-signature": `v1,${signature}`,
    },
    body,
  });
} catch (error) {
  console.error(`Could not reach ${args.url}: ${error.cause?.message ?? error.message} (is ./run.sh running?)`);
  process.exit(1);
}

console.log(`${response.status} ${await response.text()}`);
process.exit(response.ok ? 0 : 1);
