/**
 * A signed command or button payload names the `response_url` lm-doctor answers through. It is only ever POSTed to
 * when its origin is one of Slack's (`https://hooks.slack.com`, plus SLACK_RESPONSE_URL_HOSTS for GovSlack or an
 * Enterprise proxy), so a payload cannot make lm-doctor send reports, or requests at all, to any other host.
 */

/** True when `url` is an absolute URL on one of `origins` (scheme, host and port), with no user name or password. */
export function isAllowedResponseUrl(url: unknown, origins: readonly string[]): boolean {
  if (typeof url !== 'string' || url.length > 2000) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.username === '' && parsed.password === '' && origins.includes(parsed.origin);
}

/** The host a refused response_url named, for the log line (never its path, which identifies the request). */
export function responseUrlHost(url: unknown): string {
  try {
    return new URL(String(url)).host.slice(0, 253);
  } catch {
    return 'not a URL';
  }
}
