/**
 * The synthetic screenshot set for OCR tests and bench:ocr: error dialogs, Event Viewer and console screens
 * carrying the verbatim error texts of knowledge entries (scrubbed names: HV01…, contoso.local), and screens
 * without an error that must stay silent. `variants()` multiplies screens by Windows DPI, font and noise.
 */
import type { RenderOptions } from './render-screenshot';

export type Layout = 'hyperv-dialog' | 'cluster-dialog' | 'event-viewer' | 'console' | 'desktop' | 'chart' | 'photo' | 'vm-list';

export interface ScreenSpec {
  id: string;
  /** The knowledge entry the screen must diagnose as; null when it must stay silent. */
  expect: string | null;
  layout: Layout;
  caption: string;
  /** Task dialog main instruction (blue), or the first message box line. */
  instruction?: string;
  /** Message paragraphs; each is word-wrapped to the dialog width. */
  body: string[];
  width?: number;
  event?: { id: number; source: string; log: string; level?: string };
  eventRows?: string[][];
  eventCount?: number;
  logged?: string;
  computer?: string;
  /** Console lines before the error record. */
  prompt?: string[];
}

const HA = { source: 'Hyper-V-High-Availability', log: 'Microsoft-Windows-Hyper-V-High-Availability-Admin' };
const VMMS = { source: 'Hyper-V-VMMS', log: 'Microsoft-Windows-Hyper-V-VMMS-Admin' };

export const ERROR_SCREENS: ScreenSpec[] = [
  {
    id: 'credssp-dialog', expect: 'credssp-double-hop', layout: 'hyperv-dialog', caption: 'Hyper-V Manager',
    instruction: 'An error occurred while attempting to move the virtual machine.',
    body: [
      "Virtual machine migration operation for 'WEB03' failed at migration source 'HV11'. (Virtual machine ID 0B7A4E21-1C55-4F0B-9E2A-3D1F6C0B8A11)",
      "Failed to establish a connection with host 'HV12': No credentials are available in the security package (0x8009030E).",
    ],
  },
  {
    id: 'credssp-event', expect: 'credssp-double-hop', layout: 'event-viewer', caption: 'Event Viewer',
    event: { id: 21024, ...VMMS },
    body: [
      "Virtual machine migration operation for 'WEB03' failed at migration source 'HV11'. (Virtual machine ID 0B7A4E21-1C55-4F0B-9E2A-3D1F6C0B8A11)",
      "Failed to establish a connection with host 'HV12': No credentials are available in the security package (0x8009030E).",
    ],
    computer: 'HV11.contoso.local',
  },
  {
    id: 'possible-owner-dialog', expect: 'cluster-not-possible-owner', layout: 'cluster-dialog', caption: 'Failover Cluster Manager',
    instruction: "The action 'Move' did not complete.",
    body: [
      'Error Code: 0x80071398',
      'The operation failed because either the specified cluster node is not the owner of the group, or the node is not a possible owner of the group.',
    ],
  },
  {
    id: 'port-6600-dialog', expect: 'migration-port-6600-unreachable', layout: 'hyperv-dialog', caption: 'Move Wizard',
    instruction: 'The operation failed.',
    body: [
      "Virtual machine migration operation for 'web-fe-03' failed at migration source 'HV01'. (Virtual machine ID 3F2A9C10-7D44-4E8B-A1B6-52E0C9D7F318)",
      "The Virtual Machine Management Service failed to establish a connection for a Virtual Machine migration with host 'HV02': A connection attempt failed because the connected party did not properly respond after a period of time, or established connection failed because connected host has failed to respond. (0x8007274C).",
    ],
  },
  {
    id: 'clock-skew-dialog', expect: 'kerberos-clock-skew', layout: 'hyperv-dialog', caption: 'Hyper-V Manager',
    instruction: 'An error occurred while attempting to move the virtual machine.',
    body: [
      "Virtual machine migration operation for 'SQL01' failed at migration source 'HV02'. (Virtual machine ID 4E7B2D19-A08C-4F35-8B6E-1C9D3A5F7E02)",
      "The Virtual Machine Management Service failed to establish a connection for a Virtual Machine migration with host 'HV01': The clocks on the client and server machines are skewed. (0x80090324).",
    ],
  },
  {
    id: 'spn-event', expect: 'spn-target-principal-incorrect', layout: 'event-viewer', caption: 'Event Viewer',
    event: { id: 21502, ...HA },
    body: [
      "Live migration of 'Virtual Machine SQL01' failed.",
      "Virtual machine migration operation for 'SQL01' failed at migration source 'HV01'. (Virtual machine ID 2F8A0C6D-3B51-4E97-A4C2-7D1E9B05F368)",
      "The Virtual Machine Management Service failed to establish a connection for a Virtual Machine migration with host 'HV04': The target principal name is incorrect. (0x80090322).",
    ],
  },
  {
    id: 'memory-dialog', expect: 'insufficient-memory-destination', layout: 'hyperv-dialog', caption: 'Hyper-V Manager',
    instruction: 'An error occurred while attempting to move the virtual machine.',
    body: [
      "Virtual machine migration operation for 'SQL01' failed at migration destination 'HV02'. (Virtual machine ID 4C1D7F0A-9B3E-4E62-8D51-0F2A6B7C9E14)",
      "'SQL01' could not initialize memory: Ran out of memory (0x8007000E).",
    ],
  },
  {
    id: 'cpu-features-dialog', expect: 'cpu-feature-mismatch', layout: 'hyperv-dialog', caption: 'Move Wizard', width: 520,
    instruction: 'The virtual machine is not compatible with the destination.',
    body: [
      "The virtual machine 'web-fe-03' is not compatible with physical computer 'HV02'.",
      "Virtual machine 'web-fe-03' is using processor-specific features not supported on host 'HV02'. To allow for migration of this virtual machine to a server with a different processor, modify the virtual machine settings to limit the processor features used by the virtual machine.",
    ],
  },
  {
    id: 'vswitch-dialog', expect: 'vswitch-missing-on-destination', layout: 'hyperv-dialog', caption: 'Move Wizard',
    instruction: 'The virtual machine is not compatible with the destination.',
    body: ["The virtual machine 'web-fe-03' is not compatible with physical computer 'HV02'.", "Could not find Ethernet switch 'vSwitch-Prod'."],
  },
  {
    id: 'storage-path-event', expect: 'storage-path-not-accessible', layout: 'event-viewer', caption: 'Event Viewer',
    event: { id: 21502, ...HA },
    body: [
      "Live migration of 'Virtual Machine SQL01' failed.",
      "'SQL01': Attachment 'D:\\VMs\\SQL01\\SQL01-data.vhdx' failed to open because of error: 'The system cannot find the path specified.' (0x80070003).",
    ],
  },
  {
    id: 'cluster-resource-event', expect: 'cluster-vm-resource-failed', layout: 'event-viewer', caption: 'Event Viewer',
    event: { id: 1069, source: 'FailoverClustering', log: 'System' },
    body: [
      "Cluster resource 'Virtual Machine web-fe-03' of type 'Virtual Machine' in clustered role 'web-fe-03' failed.",
      'Based on the failure policies for the resource and role, the cluster service may try to bring the resource online on this node or move the group to another node of the cluster and then restart it.',
    ],
    computer: 'NODE3.contoso.local',
  },
  {
    id: 'node-paused-dialog', expect: 'cluster-node-unavailable', layout: 'cluster-dialog', caption: 'Failover Cluster Manager',
    instruction: "The action 'Live Migration' did not complete.",
    body: ['Error Code: 0x800713CE', 'The cluster node is paused.'],
  },
  {
    id: 'admin-rights-dialog', expect: 'hyperv-admin-rights-missing', layout: 'hyperv-dialog', caption: 'Hyper-V Manager',
    instruction: "An error occurred while attempting to connect to server 'HV02'.",
    body: [
      'You do not have the required permission to complete this task. Contact the administrator of the authorization policy for the computer \'HV02\'.',
    ],
  },
  {
    id: 'socket-event', expect: 'socket-access-forbidden', layout: 'event-viewer', caption: 'Event Viewer',
    event: { id: 21502, ...HA },
    body: [
      "Live migration of 'Virtual Machine SQL01' failed.",
      "The Virtual Machine Management Service failed to establish a connection for a Virtual Machine migration with host 'HV02': An attempt was made to access a socket in a way forbidden by its access permissions. (0x8007271D).",
    ],
  },
  {
    id: 'iso-event', expect: 'iso-media-attached', layout: 'event-viewer', caption: 'Event Viewer',
    event: { id: 21502, ...HA },
    body: [
      "Live migration of 'Virtual Machine SQL01' failed.",
      "'SQL01' Synthetic SCSI Controller (Instance ID 83F8638B-8DCA-4152-9EDA-2CA8B33039B4): Failed to restore with Error 'A virtual disk support provider for the specified file was not found.' (0xC03A0014).",
    ],
  },
  {
    id: 'invalid-state-dialog', expect: 'vm-invalid-state', layout: 'cluster-dialog', caption: 'Failover Cluster Manager',
    instruction: "The action 'Move' did not complete.",
    body: ['Error Code: 0x8007139F', 'The group or resource is not in the correct state to perform the requested operation.'],
  },
  {
    id: 'possible-owner-console', expect: 'cluster-not-possible-owner', layout: 'console', caption: 'Administrator: Windows PowerShell',
    prompt: ["PS C:\\> Move-ClusterVirtualMachineRole -Name 'web-fe-03' -Node S2D-N2 -MigrationType Live"],
    body: [
      "Move-ClusterVirtualMachineRole : An error occurred while moving the clustered role 'web-fe-03'.",
      'The operation failed because either the specified cluster node is not the owner of the group, or the node is not a possible owner of the group',
      'At line:1 char:1',
      "+ Move-ClusterVirtualMachineRole -Name 'web-fe-03' -Node S2D-N2 -MigrationType Live",
      '    + CategoryInfo          : NotSpecified: (:) [Move-ClusterVirtualMachineRole], ClusterCmdletException',
      '    + FullyQualifiedErrorId : Move-ClusterVirtualMachineRole,Microsoft.FailoverClusters.PowerShell.MoveClusterVirtualMachineRoleCommand',
    ],
  },
  // German and French Windows: the SSPI message is Windows' own text (knowledge/credssp-double-hop.md, localized); the
  // wrapper lines around it are our translations, so only the localized message and the code can carry the match.
  {
    id: 'credssp-dialog-de', expect: 'credssp-double-hop', layout: 'hyperv-dialog', caption: 'Hyper-V-Manager',
    instruction: 'Beim Verschieben des virtuellen Computers ist ein Fehler aufgetreten.',
    body: [
      "Fehler beim Migrationsvorgang für den virtuellen Computer 'WEB03' auf der Migrationsquelle 'HV11'.",
      "Fehler beim Herstellen einer Verbindung mit dem Host 'HV12': Im Sicherheitspaket sind keine Anmeldeinformationen verfügbar (0x8009030E).",
    ],
  },
  {
    id: 'credssp-dialog-fr', expect: 'credssp-double-hop', layout: 'hyperv-dialog', caption: 'Gestionnaire Hyper-V',
    instruction: "Une erreur s'est produite lors du déplacement de l'ordinateur virtuel.",
    body: [
      "L'opération de migration de l'ordinateur virtuel 'WEB03' a échoué à la source de migration 'HV11'.",
      "Échec de la connexion à l'hôte 'HV12' : Aucune information d'identification n'est disponible dans le package de sécurité (0x8009030E).",
    ],
  },
];

export const SILENT_SCREENS: ScreenSpec[] = [
  { id: 'desktop', expect: null, layout: 'desktop', caption: '', body: [] },
  { id: 'cpu-chart', expect: null, layout: 'chart', caption: '', body: [] },
  { id: 'photo', expect: null, layout: 'photo', caption: '', body: [] },
  { id: 'vm-list', expect: null, layout: 'vm-list', caption: 'Hyper-V Manager', body: [] },
  {
    id: 'vm-started-event', expect: null, layout: 'event-viewer', caption: 'Event Viewer',
    event: { id: 18500, source: 'Hyper-V-Worker', log: 'Microsoft-Windows-Hyper-V-Worker-Admin', level: 'Information' },
    eventRows: [['Information', '3/14/2025 9:41:07 AM', 'Hyper-V-Worker', '18500', 'None']],
    body: ["'SQL01' started successfully. (Virtual machine ID 4C1D7F0A-9B3E-4E62-8D51-0F2A6B7C9E14)"],
  },
];

export interface ScreenVariant {
  /** `<screen id>@<dpi>[-alt][-jpeg]`, used in test names and bench output. */
  name: string;
  spec: ScreenSpec;
  options: RenderOptions;
}

const DPI: Array<[string, number]> = [['100', 1], ['125', 1.25], ['150', 1.5]];

/**
 * Every screen at 100 %, 125 % and 150 %; the 125 % copy uses DejaVu Sans with noise and JPEG compression, the
 * 150 % copy light noise, so each screen meets each kind of damage once. `quick` keeps one copy per screen, with
 * the DPI and damage rotating through the list.
 */
export function variants(screens: ScreenSpec[], quick = false): ScreenVariant[] {
  const out: ScreenVariant[] = [];
  screens.forEach((spec, i) => {
    const dpis = quick ? [DPI[i % DPI.length]] : DPI;
    for (const [label, scale] of dpis) {
      const damaged = label === '125';
      const options: RenderOptions = {
        scale,
        format: damaged ? 'jpeg' : 'png',
        jpegQuality: 70,
        noise: damaged ? 12 : label === '150' ? 6 : 0,
        altFont: damaged,
        seed: i + 1,
      };
      out.push({ name: `${spec.id}@${label}${damaged ? '-alt-jpeg' : ''}`, spec, options });
    }
  });
  return out;
}

/**
 * Window captures shrunk to 75 % of 100 % DPI (9 px text), as an RDP window with smart sizing or an image editor
 * leaves them; every fourth one as JPEG.
 */
export function shrunkVariants(screens: ScreenSpec[]): ScreenVariant[] {
  return screens.map((spec, i) => {
    const options: RenderOptions = { scale: 0.75, format: i % 4 === 3 ? 'jpeg' : 'png', jpegQuality: 80, seed: i + 1 };
    return { name: `${spec.id}@75-shrunk${options.format === 'jpeg' ? '-jpeg' : ''}`, spec, options };
  });
}

/**
 * Whole-screen captures (1920×1080 with the window in the middle, as Print Screen or Snipping Tool's full-screen
 * mode gives them): the text is as small as in the window, the image much larger. 100 % and 125 % alternate.
 */
export function fullScreenVariants(screens: ScreenSpec[]): ScreenVariant[] {
  return screens.map((spec, i) => {
    const [label, scale] = DPI[i % 2];
    const options: RenderOptions = { scale, format: i % 4 === 1 ? 'jpeg' : 'png', jpegQuality: 80, noise: 4, fullScreen: true, seed: i + 1 };
    return { name: `${spec.id}@${label}-fullscreen${options.format === 'jpeg' ? '-jpeg' : ''}`, spec, options };
  });
}
