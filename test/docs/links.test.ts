/**
 * Every relative link in the project's Markdown resolves: the file exists, and a `#fragment` names a heading of the
 * target (GitHub's anchor rules: lower case, punctuation dropped, spaces as hyphens).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { REPO_ROOT } from '../support/paths';

const DOCS = [
  'README.md', 'SECURITY.md', join('knowledge', 'README.md'),
  ...readdirSync(join(REPO_ROOT, 'docs')).filter((n) => n.endsWith('.md')).map((n) => join('docs', n)),
];

/** Fenced code blocks: a fence is a line of its own (inline ```` ``` ```` in prose is not one). */
const FENCED = /^[ \t]*```[\w-]*[ \t]*$[\s\S]*?^[ \t]*```[ \t]*$/gm;

export function anchorOf(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
}

function anchorsIn(file: string): Set<string> {
  const text = readFileSync(file, 'utf8').replace(FENCED, '');
  return new Set([...text.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => anchorOf(m[1])));
}

function linksIn(file: string): string[] {
  const text = readFileSync(file, 'utf8').replace(FENCED, '').replace(/`[^`\n]*`/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((l) => !/^(?:https?|mailto):/.test(l));
}

test.each(DOCS)('%s: every relative link resolves', (doc) => {
  const file = join(REPO_ROOT, doc);
  const broken: string[] = [];
  for (const link of linksIn(file)) {
    const [path, fragment] = link.split('#');
    const target = path ? join(dirname(file), decodeURIComponent(path)) : file;
    if (!existsSync(target)) broken.push(`${link} (no ${relative(REPO_ROOT, target)})`);
    else if (fragment && target.endsWith('.md') && !anchorsIn(target).has(fragment)) broken.push(`${link} (no heading #${fragment})`);
  }
  expect(broken).toEqual([]);
});

test('the anchor rule matches GitHub\'s for the headings we link', () => {
  expect(anchorOf('Checking Kerberos delegation in Active Directory (`lm-doctor check`, `/lm-check`)'))
    .toBe('checking-kerberos-delegation-in-active-directory-lm-doctor-check-lm-check');
  expect(anchorOf('Screenshots of error dialogs (OCR)')).toBe('screenshots-of-error-dialogs-ocr');
});
