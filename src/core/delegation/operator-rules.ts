import type { Finding, OperatorAccount, OperatorResult } from './types';
import { UAC, hasFlag } from './uac-flags';

/**
 * Checks the admin who starts migrations. Source: MS-SFU 3.2.5.1.2 (no forwardable S4U2self ticket for a
 * "sensitive" user; the RBCD exception applies only to non-sensitive users) and "Protected Users Security Group"
 * (learn.microsoft.com/windows-server/security/credentials-protection-and-management/protected-users-security-group:
 * members cannot be delegated with unconstrained or constrained delegation).
 */
export function evaluateOperator(input: string, account: OperatorAccount | undefined): OperatorResult {
  if (!account) {
    return {
      input, found: false,
      findings: [{ code: 'operator-not-found', severity: 'warn', message: `No user account found for operator ${input}.` }],
    };
  }
  const findings: Finding[] = [];
  const who = account.sAMAccountName;
  if (hasFlag(account.userAccountControl, UAC.NOT_DELEGATED)) {
    findings.push({
      code: 'operator-sensitive', severity: 'fail',
      message: `${who} is marked "Account is sensitive and cannot be delegated": every delegated move started by ${who} ` +
        `from another machine fails; start it on the source host, or use another account.`,
    });
  }
  if (account.protectedUsers) {
    findings.push({
      code: 'operator-protected-user', severity: 'fail',
      message: `${who} is in Protected Users (directly or through a nested group): its credentials cannot be delegated, ` +
        `so moves started by ${who} from another machine fail; start it on the source host, or use another account.`,
    });
  }
  return { input, found: true, account, findings };
}
