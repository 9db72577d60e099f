-- "Manage your visit" links: confirmation, reminder and reschedule messages carry one, which opens
-- that one visit in the portal without signing in. Only the SHA-256 of the 256-bit token is kept
-- (the message itself, sealed in notification_log, holds the link, so a retry or a resend sends
-- the same one). A link works while its visit is not over and it is not revoked; a password reset
-- of the contact's portal user revokes every link sent to that contact.
CREATE TABLE manage_link (
  token_hash text PRIMARY KEY CHECK (length(token_hash) BETWEEN 40 AND 64),
  business_id uuid NOT NULL,
  booking_id uuid NOT NULL,
  -- The contact the message went to (the work order's Reported By when it was sent).
  contact_id uuid NOT NULL,
  -- The message that carried it.
  notification_id uuid REFERENCES notification_log (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  FOREIGN KEY (business_id, booking_id) REFERENCES booking (business_id, id) ON DELETE CASCADE,
  FOREIGN KEY (business_id, contact_id) REFERENCES contact (business_id, id) ON DELETE CASCADE
);
CREATE INDEX manage_link_booking_idx ON manage_link (business_id, booking_id);
CREATE INDEX manage_link_contact_idx ON manage_link (contact_id) WHERE revoked_at IS NULL;
