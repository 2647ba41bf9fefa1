'use strict';
/**
 * Preloaded into the real `lm-doctor serve` by the process-fault tests (NODE_OPTIONS=--require …), never in
 * production: SIGUSR2 throws an uncaught exception and SIGHUP rejects a promise nobody handles, each from a fresh
 * tick and with the bot token in the message, so the tests can check what the process does with a fault and that
 * the secret is scrubbed.
 */
const token = process.env.SLACK_BOT_TOKEN;
process.on('SIGUSR2', () => {
  setImmediate(() => { throw new Error(`injected uncaught exception (token ${token})`); });
});
process.on('SIGHUP', () => {
  setImmediate(() => { void Promise.reject(new Error(`injected unhandled rejection (token ${token})`)); });
});
