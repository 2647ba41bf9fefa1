/** Shared literals for the Slack tests: one place, not pasted into every file. */
export const BOT_TOKEN = 'xoxb-test-token';
export const APP_TOKEN = 'xapp-1-A1-test';
export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const BOT_ID = 'BBOT';
export const BOT_USER_ID = 'UBOT';
export const TEAM_ID = 'T1';
export const CHANNEL = 'C0OPS';
export const USER = 'U0ALICE';
