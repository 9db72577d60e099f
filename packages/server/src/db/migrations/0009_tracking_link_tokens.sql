-- Tracking links: several tokens per visit. The visit's link (expiry, extra minutes, block) stays
-- one row in tracking_link; its tokens move to tracking_link_token. A link staff sent before
-- departure keeps working when the visit starts Traveling, which adds a token for the "on the
-- way" message instead of replacing the link; a block covers every token of the visit and stops
-- new ones being added automatically (only staff creating a new link lifts it).
CREATE TABLE tracking_link_token (
  token_hash text PRIMARY KEY CHECK (length(token_hash) BETWEEN 40 AND 64),
  business_id uuid NOT NULL,
  booking_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (business_id, booking_id) REFERENCES tracking_link (business_id, booking_id) ON DELETE CASCADE
);
CREATE INDEX tracking_link_token_booking_idx ON tracking_link_token (business_id, booking_id);

INSERT INTO tracking_link_token (token_hash, business_id, booking_id, created_at)
SELECT token_hash, business_id, booking_id, created_at FROM tracking_link;

ALTER TABLE tracking_link DROP COLUMN token_hash;
