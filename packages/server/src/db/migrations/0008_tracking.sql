-- Live tracking: settings, the fixes of a visit's trail, the arriving notice, tracking links.

ALTER TABLE business_settings
  -- A fix this close to the visit's place (metres) means the technician is arriving.
  ADD COLUMN arriving_radius_m integer NOT NULL DEFAULT 300 CHECK (arriving_radius_m BETWEEN 25 AND 5000),
  -- Fixes older than this are deleted, whatever the visit's status.
  ADD COLUMN location_retention_hours integer NOT NULL DEFAULT 24 CHECK (location_retention_hours BETWEEN 1 AND 720),
  -- A tracking link (and the visit's fixes) outlive the Traveling status by this long.
  ADD COLUMN tracking_link_grace_minutes integer NOT NULL DEFAULT 30 CHECK (tracking_link_grace_minutes BETWEEN 0 AND 1440);

-- The trail of one visit, newest first; and pruning by age.
CREATE INDEX technician_location_booking_idx ON technician_location (booking_id, recorded_at DESC) WHERE booking_id IS NOT NULL;
CREATE INDEX technician_location_recorded_idx ON technician_location (recorded_at);

-- When the technician first came within the arriving radius: the arriving notice goes out once.
ALTER TABLE booking ADD COLUMN arriving_at timestamptz;

-- One tracking link per visit (a new one replaces the old). Only the SHA-256 of the token is kept.
-- expires_at is null while the link follows the visit (open while it is Traveling); leaving
-- Traveling sets it to the grace period's end; staff may extend, expire or block it.
CREATE TABLE tracking_link (
  business_id uuid NOT NULL,
  booking_id uuid NOT NULL,
  token_hash text NOT NULL UNIQUE CHECK (length(token_hash) BETWEEN 40 AND 64),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by_user_id text,
  expires_at timestamptz,
  -- Minutes staff added while the link still followed the visit: added to the grace period.
  extra_minutes integer NOT NULL DEFAULT 0 CHECK (extra_minutes BETWEEN 0 AND 100000),
  blocked_at timestamptz,
  PRIMARY KEY (business_id, booking_id),
  FOREIGN KEY (business_id, booking_id) REFERENCES booking (business_id, id) ON DELETE CASCADE
);
CREATE INDEX tracking_link_expires_idx ON tracking_link (expires_at) WHERE expires_at IS NOT NULL;
