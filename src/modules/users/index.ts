export { ROLES, STAFF_ROLES, isStaffRole, type Role } from './roles';
export {
  accountState,
  createPendingUser,
  findSessionUser,
  findUserByEmail,
  findUserById,
  getUser,
  listSupplierUsers,
  listUsers,
  setOwnLocale,
  setUserDisabled,
  unlockUser,
  updateUser,
  userCounts,
  type AccountState,
  type UserView,
} from './users.service';
export {
  authenticate,
  changeOwnPassword,
  clearPassword,
  setPasswordFromLink,
  type SignInResult,
} from './credentials.service';
