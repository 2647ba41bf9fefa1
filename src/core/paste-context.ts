/**
 * Reads the context of a paste: is it about Hyper-V / migration, does it name another product, does it report a
 * failure at all. These decide between a reply and silence (reference/failure-taxonomy.md, eval README "null").
 */

/** Words that only appear when people talk about Hyper-V moves. */
const HYPERV = [
  /\blive[ -]?migrat\w*/, /\bquick migration\b/, /\bstorage migration\b/, /\bshared[ -]nothing\b/, /\bmove-vm\w*/,
  /\bcompare-vm\b/, /\bmove-clustervirtualmachinerole\b/, /\bhyper-?v\b/, /\bvmms\b/, /\bvirtual machine management service\b/,
  /\bvirtual machine migration\b/, /\bmigration (?:source|destination)\b/, /\b(?:set|get)-vmhost\b/, /\bvmswitch\b/,
  /\bfailover ?cluster/, /\bcluster shared volume\b/, /\bcsv\b/, /\b(?:scvmm|vmm)\b/, /\bwindows admin center\b/, /\bwac\b/,
  /\bazure (?:local|stack hci)\b/, /\bs2d\b/, /\blm\b/, /\bdrain\w*\b/, /\bplanned virtual machine\b/, /\bvmrs\b|\bavhdx?\b|\bvhdx?\b|\bvhds\b/,
  /\b(?:win(?:dows)? ?server|ws) ?20(?:12|16|19|22|25)\b/, /\bcau\b/, /\bmigrat\w* (?:network|limit)\b/,
  /\bvirtual (?:dvd|floppy|hard disk|switch|network adapter)\b/, /\bhardware profile\b/, /\bvirtualization platform\b/,
  /\b(?:host )?rating\b/, /\b(?:0|zero) stars?\b/, /\bvmconnect\b/, /\bworker process\b/,
  /\bvirtualmachinemigration\w*/, /\bkcd\b/, /\bconstrained delegation\b/, /\bdelegation tab\b/,
  /\bmsds-allowedtodelegateto\b/, /\bmicrosoft virtual system migration service\b/, /\bhv[a-z]?-?[a-z-]{0,60}\d+\b/,
  /\bmigration rapide\b/, /\bmigration dynamique\b/, /\bmigraci[oó]n (?:en vivo|r[aá]pida)\b/, /\bmigra[cç][aã]o (?:ao vivo|din[aâ]mica)\b/,
  /\bmigrazione (?:live|in tempo reale)\b/, /\b(?:live|speicher|schnell)migration\b/, /\bverschieben\b/, /\bd[ée]placement\b/,
];

/** Hyper-V work that is not a move (export, import, checkpoint, replica, VM start); its errors are not ours. */
// A VM that won't start is ours only when a move is mentioned (saved state after a failed quick migration).
const OTHER_OPERATION = /\b(export-vm|konnte nicht gestartet werden|n'a pas pu d[ée]marrer|power (?:cut|loss|outage|failure)|ups (?:ran dry|died|failed)|hard powered off|lost power|restor(?:e|ed|ing) (?:\S+ )?from (?:a |the |last night'?s |yesterday'?s )?backup|inspect disk|import-vm|checkpoint-vm|hyper-v replica|enable-vmreplication|during export|failed to (?:export|import)|importing|attempting to checkpoint|checkpoints? cannot be created|create (?:a |the )?(?:backup |production )?checkpoint|start-vm|failed to start|(?:won'?t|will not|does ?n[o']?t|did ?n[o']?t) (?:auto-?)?start)\b/;
/** The author says outright that no move is involved. */
const NOT_MIGRATION = /\b(?:no|not|isn'?t|without) (?:a |an )?hyper-?v\b|\bnothing hyper-?v[- ]specific\b|\bno live[ -]migrations?\b|\b(?:haven'?t|have not|didn'?t|did not|never) (?:even )?(?:tried|try|attempted) to (?:move|migrate)\b|\bkeine (?:live-?)?migration\b|\bkeine verschiebung\b|\b(?:pas de|aucune|sans) migration\b|\bnot (?:a |an )?(?:migration|move|moving|migrating)\b|\bno (?:moves?|migrations?)(?: involved| happening)?\b|\b(?:nobody|no one|no-one) (?:is |was |'s )?(?:moving|migrating)\b|\b(?:nobody|no one|no-one) (?:moved|migrated)(?! (?:them|it|those|these|the \w+) back)\b|\bnothing (?:is |was |'s )?(?:being )?(?:live[ -])?(?:moved|migrated|moving|migrating)\b|\bno (?:vms?|virtual machines?) (?:are|is|was|were) (?:being )?(?:moved|migrated|moving|migrating)\b|\bnot (?:trying|going|planning|looking) to (?:move|migrate)\b|\bwithout (?:any )?(?:move|migration)\b/;
/** Words that only name a VM move: shared by MOVING and VM_MOVE. */
const MOVE_TERMS = String.raw`migrat|move-vm|move-cluster\w*|-destinationhost\b|verschieb|d[ée]pla|\bdrain|\blms?\b|\b(?:source|destination) (?:host|node|server)|\btarget (?:host|node)`;
/** Words that say a move is involved after all. */
const MOVING = new RegExp(String.raw`${MOVE_TERMS}|-includestorage\b|\bget \S+ (?:moved |over )?(?:over )?to (?:the )?(?:standalone|new|other|\S+\d)\b|\bmov(?:e|ed|es|ing)\b|\bfrom the source\b|\bgo back to\b|\bplace(?:ment)?\b|\bmig-tcp|\bfailover\b`);

/** A VM going somewhere: what makes a VM-start or checkpoint error ours ("moved the parent vhdx" is not enough). */
const VM_MOVE = new RegExp(String.raw`${MOVE_TERMS}|\bmov(?:e|ed|es|ing) (?:the |a |this )?(?:vm|virtual machine|clustered role|role)\b|\bmov(?:e|ed|es|ing) (?:\S+ ){0,2}(?:to|from|onto|back|over|across)\b`);

/** A weaker hint: a move of some kind is being discussed. */
const MIGRATION = /migra[tcz]|\bnodo\b|\bmov(?:e|es|ed|ing)\b|\bvm\b|\bnode\w*\b|\bcluster\w*\b|\bvirtual machine\b/;

/** Other products whose errors share codes or words with ours (eval README: null class). */
const FOREIGN = [
  /\bgit\b/, /\bgithub\b/, /\bgitlab\b/, /\bcurl\b/, /\bschannel\b/, /\bsql server\b/, /\bsqlcmd\b/, /\bssms\b/,
  /\blogin failed for user\b/, /\bmssqlsvc\b/, /\bcannot generate sspi context\b/, /\blinked server\b/, /\brepadmin\b/, /\bad replication\b/, /\badmt\b/, /\bvmotion\b/,
  /\bvmware\b/, /\bvcenter\b/, /\besxi\b/, /\bvsphere\b/, /\bproxmox\b/, /\bqm migrate\b/, /\blibvirt\b/, /\bvirsh\b/,
  /\bqemu\b/, /\bxenserver\b/, /\bxcp-ng\b/, /\bkubectl\b/, /\bkubernetes\b/, /\bk8s\b/, /\bnew-moverequest\b/,
  /\bmailbox\b/, /\bveeam (?:installer|rescan|transport|proxy)\b/, /\bazure migrate\b/, /\bsite recovery\b/, /\bstorage migration service\b/, /\bsms cutover\b/,
  /\bflyway\b/, /\bentity framework\b/, /\bdotnet ef\b/, /\bintune\b/, /\boutlook\b/, /\bencryption oracle\b/,
  /\bremote desktop connection\b/, /\bmstsc\b/, /\bcloudstack\b/, /\bopenstack\b/, /\bnova\b/, /\bazcopy\b/,
  /\bpostgres\w*\b/, /\bmysql\b/, /\boracle db\b/, /\bnutanix\b/, /\bahv\b/, /\bvirtualbox\b/, /\biis\b(?! or winrm)/,
  /\bapp ?pool\b/, /\brdsh?\b/, /\bremote desktop session host\b/, /\bdocker\b/, /\brobocopy\b/, /\bwsl2?\b/, /\bdev laptop\b/,
  /\bsccm\b/, /\bconfigmgr\b/, /\bcommvault\b/, /\bvpn laptop\b/, /\bmapping the drive\b/, /\bteams\b/, /\bsharepoint\b/, /\bjenkins\b/,
];

/** Sentences that report success or plans, not a failure. */
const FAILURE = /fail|error|\bdie (?:instantly|immediately|right|at|with|after|halfway|on|when)\b|\bdies\b|\bdied\b|\bblocks?\b|stopped working|incompatib|permission|says no\b|is not available|isn'?t available|bricht .{0,20}\bab\b|plante|plantage|abgelehnt|abbruch|bricht ab|blows? up|n'a plus|ne (?:marche|fonctionne) (?:plus|pas)|funktioniert nicht|\bko\b|loses|losing|stops|mismatch|frozen|(?:0|zero) stars?|but not\b|one way only|only one direction|instead of|freez|skips?\b|skipped|greys? out|grayed|(?:does|did|is|was|do)n'?t (?:even )?(?:work|show|list|appear|move|migrat|start|come|get|respond|see|support|reach|exist|match)|won'?t|kicked|disconnect|dropp|timed out|unreachable|\bdark\b|scheitert|fehlgeschlagen|fehler|nicht|\bfalla\b|\bfall[oó]\b|\bno est[aá] disponible\b|\bnon (?:è )?disponibile\b|échou|echou|échec|erreur|impossible|geht (?:das|nicht)|not (?:allowed|listed|shown|possible|move)|only .{0,40} (?:moves?|works?)|no (?:network|connectivity|ping)|(?:doesn'?t|don'?t|won'?t|never|not a single .{0,40}) (?:go|goes|get|gets|went|got) through|nothing can|is there (?:any )?way|can (?:we|i) (?:live )?migrate|\bcan'?t\b|cannot|could not|couldn'?t|won'?t|unable|refus|denied|not (?:work|possible|supported|compatible|available|reachable|found|recogni|granted)|doesn'?t work|broken|\bdies\b|\bdied\b|stuck|time[sd]? ?out|\bhang(?:s|ing)?\b|\bhung\b|\bbail(?:s|ed)?\b|\bchok(?:es|ed)\b|\bissue|problem|complain|throws?|0x[0-9a-f]{4}|\bhr=|unreachable|lost|drops?|not (?:reach|respond)|no longer|\bwarn/;

/** Wording that says nothing is wrong ("nothing's broken yet", "no errors so far"), which cancels a failure word. */
const NO_FAILURE = /nothing(?:'s| is)? (?:broken|failing|wrong)|no (?:errors?|failures?|issues?|problems?) (?:yet|so far)|nothing(?:'s| has)? (?:failed|broken)(?: yet)?|\bpreemptive(?:ly)?\b|\bpost-?mortem\b|\bno open actions\b/;

/** A closed or expected event, not a live failure: post-incident reviews, "closing the ticket", change-record notes. */
const SETTLED = /\bpost[- ]?incident review\b|\bpir\b|\bincident (?:summary|review|report|write-?up)\b|\bsummary of .{0,40}\bincident\b|\bclos(?:ing|ed) (?:the |this )?(?:ticket|incident|case)\b|\bstatus:? (?:closed|resolved)\b|\b(?:zero|no) (?:more )?(?:failures|errors|issues) since\b|\bjust noting\b|\bfor the change record\b|(?:^|\s)\^ ?expected\b|\bthis (?:is|was) expected\b|\blessons learned\b|\bchangelog\b|\brelease notes\b|\bfrom our (?:\w+ )?(?:runbook|wiki|kb)\b|\bwiki page\b|\bbefore i publish\b|\bjust documenting\b|\bbefore (?:the )?handover\b/;
/** Sharing an article: with a link in the paste, these words mean "read this", not "help". */
const SHARING = /\b(?:pinning|pinned|sharing|fyi|worth (?:a )?read(?:ing)?|good (?:read|article|write-?up|explanation)|bookmark\w*|explains why|for reference|in case anyone)\b/;

export interface PasteContext {
  hyperV: boolean;
  /** A non-migration Hyper-V operation the paste is about ("export", "VM start"), if any. */
  otherOperation?: string;
  moving: boolean;
  /** A VM is moved somewhere (stricter than `moving`). */
  vmMove: boolean;
  /** The author says no move is involved ("not a migration", "no moves involved"). */
  notMigration: boolean;
  migration: boolean;
  foreign: string[];
  failure: boolean;
  /** A post-incident review or a note about an expected event. */
  settled: boolean;
  /** An article shared with a link ("pinning this, explains why…"). */
  sharedLink: boolean;
}

/** All of FOREIGN in one pass over the paste. */
const ANY_FOREIGN = new RegExp(FOREIGN.map((re) => `(?:${re.source})`).join('|'), 'g');

/** `hasLink`: the paste held a URL (normalisation removes them from `folded`). */
export function readPasteContext(folded: string, hasLink = false): PasteContext {
  const foreign: string[] = [];
  ANY_FOREIGN.lastIndex = 0;
  for (let m = ANY_FOREIGN.exec(folded); m; m = ANY_FOREIGN.exec(folded)) {
    // "k8s-worker-3" or "git-runner01" is a machine name, not the product.
    if (folded[m.index + m[0].length] !== '-' && folded[m.index - 1] !== '-' && !foreign.includes(m[0])) foreign.push(m[0]);
    if (m[0].length === 0) ANY_FOREIGN.lastIndex++;
  }
  return {
    otherOperation: OTHER_OPERATION.exec(folded)?.[1],
    moving: MOVING.test(folded),
    vmMove: VM_MOVE.test(folded),
    notMigration: NOT_MIGRATION.test(folded),
    hyperV: HYPERV.some((re) => re.test(folded)),
    migration: MIGRATION.test(folded),
    foreign,
    failure: FAILURE.test(folded) && !NO_FAILURE.test(folded),
    settled: SETTLED.test(folded),
    sharedLink: hasLink && SHARING.test(folded),
  };
}
