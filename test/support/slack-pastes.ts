/** Pastes used by the Slack tests (scrubbed, in the shape people paste them). */

/** Move-VM started from a workstation with CredSSP: credssp-double-hop (adCheck), source HV11, destination HV12. */
export const CREDSSP_PASTE = [
  "Move-VM : Virtual machine migration operation for 'WEB03' failed at migration source 'HV11'. (Virtual machine ID 0B7A4E21-1C55-4F0B-9E2A-3D1F6C0B8A11)",
  "Failed to establish a connection with host 'HV12': No credentials are available in the security package (0x8009030E).",
  '    + CategoryInfo          : NotSpecified: (:) [Move-VM], VirtualizationException',
  '    + FullyQualifiedErrorId : OperationFailed,Microsoft.HyperV.PowerShell.Commands.MoveVM',
].join('\n');

/** Out of memory on the destination: insufficient-memory-destination (no adCheck). */
export const MEMORY_PASTE = [
  "Move-VM : Virtual machine migration operation for 'SQL01' failed at migration destination 'HV02'. (Virtual machine ID 4C1D7F0A-9B3E-4E62-8D51-0F2A6B7C9E14)",
  "'SQL01' could not initialize memory: Ran out of memory (0x8007000E). (Virtual machine ID 4C1D7F0A-9B3E-4E62-8D51-0F2A6B7C9E14)",
  '    + CategoryInfo          : NotSpecified: (:) [Move-VM], VirtualizationException',
].join('\n');

export const CHATTER = [
  'anyone up for lunch?',
  'the migration to the new ticketing system is done, thanks all',
  'I restarted HV01 after patching, looks fine',
];
