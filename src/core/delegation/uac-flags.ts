/**
 * userAccountControl bits the check reads. Meanings: ADSI ADS_USER_FLAG_ENUM
 * (learn.microsoft.com/windows/win32/api/iads/ne-iads-ads_user_flag_enum) and the gMSA delegation page
 * (learn.microsoft.com/windows-server/security/group-managed-service-accounts/configure-kerberos-delegation-group-managed-service-accounts).
 */
export const UAC = Object.freeze({
  ACCOUNTDISABLE: 0x2,
  /** Unconstrained delegation ("Trust this computer for delegation to any service"). */
  TRUSTED_FOR_DELEGATION: 0x80000,
  /** "Account is sensitive and cannot be delegated". */
  NOT_DELEGATED: 0x100000,
  /** Protocol transition ("Use any authentication protocol"). */
  TRUSTED_TO_AUTH_FOR_DELEGATION: 0x1000000,
});

export function hasFlag(userAccountControl: number, flag: number): boolean {
  return (userAccountControl & flag) !== 0;
}
