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
  type LinkCheck,
  type LinkState,
} from './invitations.service';
