export { ROLES, STAFF_ROLES, isStaffRole, type Role } from './roles';
export {
  accountState,
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
