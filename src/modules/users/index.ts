export { ROLES, STAFF_ROLES, isStaffRole, type Role } from './roles';
export {
  accountState,
  activeAdminIds,
  createPendingUser,
  findSessionUser,
  findUserByEmail,
  findUserById,
  getUser,
  listStaffUsers,
  listSupplierUsers,
  listUsers,
  setOwnLocale,
  setUserDisabled,
  unlockUser,
  updateUser,
  userCounts,
  vendorUsersBySupplier,
  type AccountState,
  type StaffMember,
  type UserView,
} from './users.service';
export {
  authenticate,
  changeOwnPassword,
  clearPassword,
  setPasswordFromLink,
  type SignInResult,
} from './credentials.service';
export {
  confirmMfaEnrolment,
  disableOwnMfa,
  isMfaRequiredFor,
  ownMfaStatus,
  regenerateRecoveryCodes,
  resetMfaByAdmin,
  startMfaEnrolment,
  type MfaEnrolment,
  type MfaStatus,
} from './mfa.service';
export { FEW_RECOVERY_CODES, groupedSecret } from './mfa-codes';
export { checkSecondFactor, type SecondFactorMethod, type SecondFactorResult } from './second-factor.service';
