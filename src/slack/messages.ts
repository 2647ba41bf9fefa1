/**
 * Every sentence the Slack app shows to people, in one place (Fuse's errorMessages.ts style). Tests import these
 * instead of repeating the wording. Values that come from a paste or a user are escaped by the caller.
 */

export const COMMAND = '/lm-check';

export const MESSAGES = Object.freeze({
  noMatchOnMention:
    'No known live-migration error found in that message. Paste the full error text (Move-VM output, the event ' +
    'message or its HRESULT such as 0x8009030E) and mention me again.',
  outOfScopeOnMention: (what: string, source: string) => `Not a live-migration failure, as far as I can tell. ${what} (<${source}|source>)`,
  causeUnknownOnMention:
    'That says a live migration failed, but not why: it is only Hyper-V\'s failure wrapper. Paste the message that ' +
    'comes with it (the VMMS event or the next lines of the Move-VM error, for example event 21502\'s text or the ' +
    'HRESULT such as 0x8009030E) and mention me again.',
  channelRateLimited: (seconds: number) =>
    'I have answered many pastes in this channel in the last minute, so I am pausing here for a moment to avoid ' +
    `flooding it, and did not answer yours. Mention me with it again in ${seconds} s, or run \`lm-doctor diagnose\` on it.`,
  replyFallback: (title: string, confidence: string) => `lm-doctor: ${title} (confidence ${confidence})`,
  confidence: (pct: number) => `${pct}% confident`,
  foundInPaste: 'Found in the paste',
  causeHeading: 'Cause',
  fixHeading: 'Fix',
  verifyHeading: 'Verify',
  warningLabel: 'Warning:',
  matchedHeading: 'Matched',
  sourcesHeading: 'Sources',
  truncatedPaste: 'The paste was long; only its first 64 KiB were read.',
  stepsTrimmed: (n: number) => `${n} more step(s) did not fit in one Slack message.`,
  textTrimmed: 'This part was shortened to fit Slack.',
  fullEntryLink: (url: string, id: string) => `<${url}|Full entry: ${id}>`,
  fullEntryLocal: (id: string) => `Full entry: \`knowledge/${id}.md\`, or run \`lm-doctor diagnose\` on the paste.`,
  readFromImage: (line: string) => `:frame_with_picture: Read from the screenshot (check it against your image): \`${line}\``,
  snippetSkipped: 'A text file in the message was too large or unreadable; only its first part (if any) was read.',

  buttonFixed: 'That fixed it',
  buttonNotIt: 'Not it',
  buttonOthers: 'Show other matches',
  buttonShowEntry: 'Show this fix',
  feedbackThanks: 'Thanks! Noted that this fixed it.',
  notItNoAlternatives:
    'Thanks, noted. I have no other close match for that paste; post more of the error (the full Move-VM output or ' +
    'the Hyper-V-VMMS event) and mention me.',
  notItWithAlternatives: 'Thanks, noted. These also fit the paste:',
  otherMatches: 'Other entries that fit the paste:',
  noOtherMatches: 'No other entry fits that paste closely.',
  buttonThisWasIt: 'This was it',
  buttonNotLiveMigration: 'Not a live-migration failure',
  anotherCause: 'Another cause…',
  notItChoose: 'Thanks. What was it? Your answer is kept (the paste with names removed) so that lm-doctor learns from it:',
  mentionChoose: 'If you find out what it was, tell me here; I keep your answer (the paste with names removed) to learn from it:',
  choiceThanks: (what: string) => `Thanks! Noted: ${what}.`,
  choiceNotLiveMigration: 'not a live-migration failure',
  choiceExpired: 'Thanks. That reply is too old (or lm-doctor restarted since), so I could not keep your answer.',
  alternativeLine: (title: string, id: string) => `*${title}*  \`${id}\``,
  chosenByUser: (user: string) => `Shown at <@${user}>'s request`,
  entryGone: 'That knowledge entry is no longer available (the knowledge base changed since this reply).',
  entryAlreadyShown: 'You already asked for this fix in this thread, so I did not post it again.',
  entryShownPrivately: 'This channel has used up its replies for the minute, so I am showing this fix to you only.',

  adCheckHeading: 'AD delegation check',
  adCheckPointer: (args: string) => `Check Kerberos delegation in AD: \`${COMMAND} ${args}\``,
  adCheckTimedOut: (seconds: number, args: string) =>
    `The AD check did not finish within ${seconds} s; run \`${COMMAND} ${args}\` to try again.`,
  adCheckFailed: (reason: string, args: string) => `The AD check could not run: ${reason} Try \`${COMMAND} ${args}\` later.`,
  adPairVerdict: (source: string, destination: string, verdict: string) => `${source} → ${destination}: ${verdict}`,
  adNoFindings: 'No delegation problems found for this pair.',

  checkAck: (hosts: string[]) => `Checking ${hosts.join(', ')} in Active Directory…`,
  checkQueued: (ahead: number) =>
    `Queued behind ${ahead} other AD ${ahead === 1 ? 'check' : 'checks'}… your report follows when they are done.`,
  responseUrlRefused:
    'lm-doctor cannot answer this workspace: the reply address Slack gave is not on its list of Slack hosts. Ask the ' +
    'lm-doctor admins to add it to SLACK_RESPONSE_URL_HOSTS.',
  checkUsage: (problem: string) =>
    `${problem}\nUsage: \`${COMMAND} [public] HOST HOST [HOST …] [--storage] [--file-server NAME] [--mode kcd|rbcd]\` — e.g. \`${COMMAND} HV01 HV02\`. ` +
    'Names are NetBIOS names or FQDNs; `public` as the first word posts the report in the channel. The fix script grants ' +
    'the migration service only; `--storage` adds cifs for storage moves, `--file-server` cifs to an SMB file server, ' +
    '`--mode rbcd` resource-based delegation on each destination.',
  checkNotConfigured:
    'The AD check is not configured for this workspace. An admin sets LDAP_URL, LDAP_BIND_DN and ' +
    'LDAP_BIND_PASSWORD (a read-only account) where lm-doctor runs and restarts it; the README has the details. ' +
    'Meanwhile `lm-doctor check HOST HOST` on a domain-joined admin machine gives the same report.',
  checkRefusedChannel: `Sorry, \`${COMMAND}\` is not enabled in this channel. Ask the lm-doctor admins which channel to use.`,
  checkRefusedUser: `Sorry, you are not on the list of people who may run \`${COMMAND}\`. Ask the lm-doctor admins for access.`,
  checkRateLimited: (seconds: number) => `One check at a time, please: try again in ${seconds} s.`,
  checkChannelRateLimited: (seconds: number) =>
    `This channel has used up its AD checks for the minute; try again in ${seconds} s.`,
  reportFallback: (fails: number, warns: number, pairs: number) =>
    `AD delegation check: ${fails} failing, ${warns} with warnings, of ${pairs} pair(s)`,
  reportHeader: 'AD delegation check for live migration',
  reportMatrixLegend: 'Rows: source host, columns: destination. ok = ready, warn = works with caveats, FAIL = will not work.',
  reportAllPairsOk: (pairs: number) => `All ${pairs} ordered pairs are ready for Kerberos live migration.`,
  reportSummary: (hosts: number, pairs: number, fails: number, warns: number) =>
    `${hosts} hosts, ${pairs} ordered pairs: ${fails} failing, ${warns} with warnings, ${pairs - fails - warns} ok.`,
  reportFailingPairs: 'Failing pairs',
  reportMorePairs: (n: number) => `…and ${n} more pair(s); run \`lm-doctor check\` for the full list.`,
  reportFindings: 'Findings',
  reportFixScript: 'Fix script (PowerShell, run as a domain admin; review before running)',
  reportFixTrimmed: 'The script was cut to fit Slack; run `lm-doctor check --fix-script HOST …` for all of it.',
  reportHostsNotFound: (names: string) => `Not found in AD: ${names}`,
  reportOperator: 'Operator account',
});

/** Group names for the Home tab's list of classes, by the first word of the entry id; others show the word itself. */
const GROUP_LABELS: Readonly<Record<string, string>> = Object.freeze({
  cluster: 'Failover Cluster', migration: 'Migration settings and network', vm: 'The virtual machine',
  kcd: 'Kerberos constrained delegation', cpu: 'Processor compatibility', vswitch: 'Virtual switches',
  smb: 'SMB storage', scvmm: 'SCVMM', credssp: 'CredSSP',
});

/** The App Home tab. */
export const HOME = Object.freeze({
  title: 'lm-doctor: Hyper-V live-migration errors, explained',
  howTo: [
    '*How to use me*',
    '• *Paste* a failed live migration (Move-VM output, a Hyper-V-VMMS event, or just the HRESULT such as `0x8009030E`) in a channel I am in: I answer in the thread with the cause and the fix.',
    '• *Mention* me with a paste (`@lm-doctor …`) in any channel I am in; if I find nothing I say so.',
    `• \`${COMMAND} HV01 HV02\` checks Kerberos delegation between hosts in Active Directory and gives the fix script.`,
    '• *Diagnose with lm-doctor*: the message shortcut (a message\'s ⋮ menu) works on any message, also where I am not a member; then only you see the answer.',
    '• Under each answer, *That fixed it* and *Not it* tell me whether I was right; after *Not it*, pick the real cause so that I learn it.',
  ].join('\n'),
  classesHeading: (n: number) => `The ${n} failure classes I know`,
  classesCut: 'More classes did not fit here; see the knowledge base.',
  noKnowledgeUrl: 'Each class is a file `knowledge/<id>.md` (set LM_KNOWLEDGE_URL to link them here).',
  groupLabel: (prefix: string) => GROUP_LABELS[prefix] ?? prefix,
  otherGroup: 'Other',
  feedbackHeading: (days: number) => `Feedback in this workspace, last ${days} days`,
  feedbackFigures: (answers: number | undefined, rated: number, fixed: number, notIt: number, unanswered: number) =>
    `${answers === undefined ? '' : `*${answers}* answers posted; `}*${rated}* answers rated: *${fixed}* fixed it, *${notIt}* not it. *${unanswered}* unanswered mentions labelled by the person who asked.`,
  topCauses: 'Most frequent causes (confirmed or chosen)',
  feedbackNotStored: 'Feedback is not stored on this installation.',
  feedbackUnavailable: 'The feedback figures are not available right now.',
});
