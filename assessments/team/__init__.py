"""The team of a member state: members, roles and invitations."""
