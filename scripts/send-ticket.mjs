#!/usr/bin/env node
// Sends one correctly signed (Standard Webhooks) ticket-resolved event to the pipeline, so you can
// see the whole flow without signing by hand. Reads Csat__WebhookSecret from the environment or
// from local.settings.json (else the sample file).
//
//   node scripts/send-ticket.mjs [--ticket T-1001] [--email ann@example.org] [--name Ann]
//        [--subject "Server unreachable"] [--agent Patrick] [--channel phone] [--url http://localhost:7071]
import { createHmac, randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const { values: args } = parseArgs({
  options: {
    ticket: { type: "string", default: `T-${Date.now()}` },
    email: { type: "string", default: "ann@example.org" },
    name: { type: "string", default: "Ann" },
    subject: { type: "string", default: "Server unreachable" },
    agent: { type: "string", default: "Patrick" },
    channel: { type: "string", default: "phone" },
    url: { type: "string", default: process.env.CSAT_URL ?? "http://localhost:7071" },
  },
});

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
  resolvedAt: new Date().toISOString(),
});
const id = `msg_${randomUUID()}`;
const timestamp = Math.floor(Date.now() / 1000).toString();
const signature = createHmac("sha256", Buffer.from(secret.slice("whsec_".length), "base64"))
  .update(`${id}.${timestamp}.${body}`)
  .digest("base64");

const response = await fetch(new URL("/api/tickets/resolved", args.url), {
  method: "POST",
  headers: {
    "content-type": "application/json",
    "webhook-id": id,
    "webhook-timestamp": timestamp,
    "webhook-signature": `v1,${signature}`,
  },
  body,
});
console.log(`${response.status} ${await response.text()}`);
process.exit(response.ok ? 0 : 1);
