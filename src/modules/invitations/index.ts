export {
  acceptLink,
  checkLink,
  inviteUser,
  listInvitations,
  resendInvitation,
  revokeInvitation,
  sendPasswordReset,
  setPasswordUrl,
  type InvitationView,
  type LinkState,
} from './invitations.service';
