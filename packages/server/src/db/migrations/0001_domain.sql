-- Arrivo domain schema, v1.
-- Every business-owned row carries business_id, and every child row references its parent through
-- (business_id, id), so a row can never point at another business's data. Portal and staff users
-- live in the auth tables; user_id columns hold their ids.

CREATE EXTENSION IF NOT EXISTS btree_gist;

-- Keeps updated_at honest without relying on every query to set it.
CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END $$;

-- ───────────── businesses ─────────────

CREATE TABLE business (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$'),
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  time_zone text NOT NULL CHECK (length(time_zone) BETWEEN 1 AND 64),
  phone text CHECK (length(phone) <= 40),
  website text CHECK (length(website) <= 500),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER business_touch BEFORE UPDATE ON business FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- Self-scheduling settings, one row per business (seeds: "self-scheduling settings").
CREATE TABLE business_settings (
  business_id uuid PRIMARY KEY REFERENCES business (id) ON DELETE CASCADE,
  asset_selection_enabled boolean NOT NULL DEFAULT true,
  additional_details_enabled boolean NOT NULL DEFAULT true,
  min_lead_minutes integer NOT NULL DEFAULT 120 CHECK (min_lead_minutes BETWEEN 0 AND 43200),
  max_lead_days integer NOT NULL DEFAULT 30 CHECK (max_lead_days BETWEEN 1 AND 365),
  slot_interval_minutes integer NOT NULL DEFAULT 30 CHECK (slot_interval_minutes BETWEEN 5 AND 240),
  arrival_window_minutes integer NOT NULL DEFAULT 60 CHECK (arrival_window_minutes BETWEEN 0 AND 480),
  change_cutoff_minutes integer NOT NULL DEFAULT 240 CHECK (change_cutoff_minutes BETWEEN 0 AND 20160),
  max_travel_minutes integer NOT NULL DEFAULT 60 CHECK (max_travel_minutes BETWEEN 1 AND 480),
  reminder_lead_minutes integer NOT NULL DEFAULT 1440 CHECK (reminder_lead_minutes BETWEEN 0 AND 20160),
  show_technician_name boolean NOT NULL DEFAULT true,
  show_technician_photo boolean NOT NULL DEFAULT true,
  show_technician_phone boolean NOT NULL DEFAULT false,
  tracking_enabled boolean NOT NULL DEFAULT true,
  survey_enabled boolean NOT NULL DEFAULT true,
  auto_invite text NOT NULL DEFAULT 'new_contacts' CHECK (auto_invite IN ('all_contacts', 'new_contacts', 'off')),
  invitation_ttl_hours integer NOT NULL DEFAULT 168 CHECK (invitation_ttl_hours BETWEEN 1 AND 2160),
  -- Exact origins (scheme://host[:port]) allowed to embed the elements; never a wildcard.
  allowed_origins text[] NOT NULL DEFAULT '{}'
    CHECK (array_position(allowed_origins, '*') IS NULL AND array_position(allowed_origins, NULL) IS NULL),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER business_settings_touch BEFORE UPDATE ON business_settings FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- Staff and customer roles of auth users within a business (customer = the seeds' "Web API User").
CREATE TABLE membership (
  business_id uuid NOT NULL REFERENCES business (id) ON DELETE CASCADE,
  user_id text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'dispatcher', 'technician', 'customer')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (business_id, user_id, role)
);
CREATE INDEX membership_user_idx ON membership (user_id);

-- ───────────── territories and skills ─────────────

-- A territory is a circle (centre + radius) or a polygon of [lon, lat] points (GeoJSON order).
CREATE TABLE territory (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  business_id uuid NOT NULL REFERENCES business (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 120),
  center_lat double precision CHECK (center_lat BETWEEN -90 AND 90),
  center_lon double precision CHECK (center_lon BETWEEN -180 AND 180),
  radius_km double precision CHECK (radius_km > 0 AND radius_km <= 1000),
  polygon jsonb CHECK (polygon IS NULL OR (jsonb_typeof(polygon) = 'array' AND jsonb_array_length(polygon) >= 3)),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (business_id, id),
  CHECK (
    (polygon IS NULL AND center_lat IS NOT NULL AND center_lon IS NOT NULL AND radius_km IS NOT NULL)
    OR (polygon IS NOT NULL AND center_lat IS NULL AND center_lon IS NULL AND radius_km IS NULL)
  )
);
CREATE UNIQUE INDEX territory_name_uq ON territory (business_id, lower(name));

CREATE TABLE skill (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  business_id uuid NOT NULL REFERENCES business (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 120),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (business_id, id)
);
CREATE UNIQUE INDEX skill_name_uq ON skill (business_id, lower(name));

-- ───────────── customers: accounts, contacts, functional locations, assets ─────────────

CREATE TABLE account (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  business_id uuid NOT NULL REFERENCES business (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  active boolean NOT NULL DEFAULT true,
  address_line1 text NOT NULL CHECK (length(address_line1) BETWEEN 1 AND 200),
  address_line2 text CHECK (length(address_line2) <= 200),
  city text NOT NULL CHECK (length(city) BETWEEN 1 AND 100),
  region text CHECK (length(region) <= 100),
  postal_code text CHECK (length(postal_code) <= 20),
  country text NOT NULL DEFAULT 'US' CHECK (country ~ '^[A-Z]{2}$'),
  lat double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lon double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
  territory_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (business_id, id),
  FOREIGN KEY (business_id, territory_id) REFERENCES territory (business_id, id) ON DELETE SET NULL (territory_id)
);
CREATE INDEX account_business_name_idx ON account (business_id, lower(name));
CREATE INDEX account_territory_idx ON account (territory_id) WHERE territory_id IS NOT NULL;
CREATE TRIGGER account_touch BEFORE UPDATE ON account FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

CREATE TABLE contact (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  business_id uuid NOT NULL REFERENCES business (id) ON DELETE CASCADE,
  account_id uuid NOT NULL,
  first_name text NOT NULL CHECK (length(btrim(first_name)) BETWEEN 1 AND 100),
  last_name text NOT NULL DEFAULT '' CHECK (length(last_name) <= 100),
  email text NOT NULL CHECK (email ~ '^[^@\s]+@[^@\s]+$' AND length(email) <= 254),
  phone text CHECK (length(phone) <= 40),
  -- The portal user this contact signed up as (set when an invitation is redeemed).
  user_id text,
  preferred_language text CHECK (preferred_language ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'),
  time_zone text CHECK (length(time_zone) BETWEEN 1 AND 64),
  notify_email boolean NOT NULL DEFAULT true,
  notify_sms boolean NOT NULL DEFAULT false,
  profile_completed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (business_id, id),
  FOREIGN KEY (business_id, account_id) REFERENCES account (business_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX contact_email_uq ON contact (business_id, lower(email));
CREATE UNIQUE INDEX contact_user_uq ON contact (business_id, user_id) WHERE user_id IS NOT NULL;
CREATE INDEX contact_account_idx ON contact (business_id, account_id);
CREATE TRIGGER contact_touch BEFORE UPDATE ON contact FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- Where an asset is installed when that is not the account's own address.
CREATE TABLE functional_location (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  business_id uuid NOT NULL REFERENCES business (id) ON DELETE CASCADE,
  account_id uuid NOT NULL,
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  address_line1 text NOT NULL CHECK (length(address_line1) BETWEEN 1 AND 200),
  address_line2 text CHECK (length(address_line2) <= 200),
  city text NOT NULL CHECK (length(city) BETWEEN 1 AND 100),
  region text CHECK (length(region) <= 100),
  postal_code text CHECK (length(postal_code) <= 20),
  country text NOT NULL DEFAULT 'US' CHECK (country ~ '^[A-Z]{2}$'),
  lat double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lon double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
  territory_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (business_id, id),
  FOREIGN KEY (business_id, account_id) REFERENCES account (business_id, id) ON DELETE CASCADE,
  FOREIGN KEY (business_id, territory_id) REFERENCES territory (business_id, id) ON DELETE SET NULL (territory_id)
);
CREATE INDEX functional_location_account_idx ON functional_location (business_id, account_id);

-- The seeds' "service products": equipment of the account that visits are booked for.
CREATE TABLE asset (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  business_id uuid NOT NULL REFERENCES business (id) ON DELETE CASCADE,
  account_id uuid NOT NULL,
  functional_location_id uuid,
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  serial_number text CHECK (length(serial_number) <= 100),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (business_id, id),
  FOREIGN KEY (business_id, account_id) REFERENCES account (business_id, id) ON DELETE CASCADE,
  FOREIGN KEY (business_id, functional_location_id) REFERENCES functional_location (business_id, id)
    ON DELETE SET NULL (functional_location_id)
);
CREATE INDEX asset_account_idx ON asset (business_id, account_id);
CREATE TRIGGER asset_touch BEFORE UPDATE ON asset FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- ───────────── service types ─────────────

-- The seeds' "incident types". key is stable for plugins; intake_fields describes extra questions.
CREATE TABLE service_type (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  business_id uuid NOT NULL REFERENCES business (id) ON DELETE CASCADE,
  key text NOT NULL CHECK (key ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 120),
  description text CHECK (length(description) <= 2000),
  duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 5 AND 1440),
  self_scheduling_enabled boolean NOT NULL DEFAULT true,
  intake_fields jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(intake_fields) = 'array'),
  plugin_id text,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (business_id, id),
  UNIQUE (business_id, key)
);
CREATE TRIGGER service_type_touch BEFORE UPDATE ON service_type FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

CREATE TABLE service_type_skill (
  business_id uuid NOT NULL,
  service_type_id uuid NOT NULL,
  skill_id uuid NOT NULL,
  PRIMARY KEY (business_id, service_type_id, skill_id),
  FOREIGN KEY (business_id, service_type_id) REFERENCES service_type (business_id, id) ON DELETE CASCADE,
  FOREIGN KEY (business_id, skill_id) REFERENCES skill (business_id, id) ON DELETE RESTRICT
);
CREATE INDEX service_type_skill_skill_idx ON service_type_skill (business_id, skill_id);

-- ───────────── technicians ("resources") ─────────────

CREATE TABLE resource (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  business_id uuid NOT NULL REFERENCES business (id) ON DELETE CASCADE,
  user_id text,
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 120),
  email text CHECK (email ~ '^[^@\s]+@[^@\s]+$' AND length(email) <= 254),
  phone text CHECK (length(phone) <= 40),
  photo_url text CHECK (length(photo_url) <= 1000),
  start_address text CHECK (length(start_address) <= 300),
  start_lat double precision NOT NULL CHECK (start_lat BETWEEN -90 AND 90),
  start_lon double precision NOT NULL CHECK (start_lon BETWEEN -180 AND 180),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (business_id, id)
);
CREATE UNIQUE INDEX resource_user_uq ON resource (business_id, user_id) WHERE user_id IS NOT NULL;
CREATE TRIGGER resource_touch BEFORE UPDATE ON resource FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

CREATE TABLE resource_skill (
  business_id uuid NOT NULL,
  resource_id uuid NOT NULL,
  skill_id uuid NOT NULL,
  PRIMARY KEY (business_id, resource_id, skill_id),
  FOREIGN KEY (business_id, resource_id) REFERENCES resource (business_id, id) ON DELETE CASCADE,
  FOREIGN KEY (business_id, skill_id) REFERENCES skill (business_id, id) ON DELETE CASCADE
);
CREATE INDEX resource_skill_skill_idx ON resource_skill (business_id, skill_id);

CREATE TABLE resource_territory (
  business_id uuid NOT NULL,
  resource_id uuid NOT NULL,
  territory_id uuid NOT NULL,
  PRIMARY KEY (business_id, resource_id, territory_id),
  FOREIGN KEY (business_id, resource_id) REFERENCES resource (business_id, id) ON DELETE CASCADE,
  FOREIGN KEY (business_id, territory_id) REFERENCES territory (business_id, id) ON DELETE CASCADE
);
CREATE INDEX resource_territory_territory_idx ON resource_territory (business_id, territory_id);

-- Weekly working hours in the business's time zone: ISO weekday (1 = Monday) and minutes since
-- local midnight, so a shift is the same wall-clock time across DST changes.
CREATE TABLE resource_working_hours (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  business_id uuid NOT NULL,
  resource_id uuid NOT NULL,
  weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  start_minute smallint NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
  end_minute smallint NOT NULL CHECK (end_minute BETWEEN 1 AND 1440),
  CHECK (start_minute < end_minute),
  FOREIGN KEY (business_id, resource_id) REFERENCES resource (business_id, id) ON DELETE CASCADE,
  EXCLUDE USING gist (resource_id WITH =, weekday WITH =, int4range(start_minute, end_minute) WITH &&)
);

CREATE TABLE resource_time_off (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  business_id uuid NOT NULL,
  resource_id uuid NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  reason text CHECK (length(reason) <= 500),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (starts_at < ends_at),
  FOREIGN KEY (business_id, resource_id) REFERENCES resource (business_id, id) ON DELETE CASCADE
);
CREATE INDEX resource_time_off_period_idx ON resource_time_off USING gist (resource_id, tstzrange(starts_at, ends_at));

-- ───────────── work orders and bookings ─────────────

CREATE TABLE work_order (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  business_id uuid NOT NULL REFERENCES business (id) ON DELETE CASCADE,
  -- Human-facing number, unique per business ("WO-1042").
  number bigint GENERATED ALWAYS AS IDENTITY,
  account_id uuid NOT NULL,
  asset_id uuid,
  service_type_id uuid NOT NULL,
  -- The seeds' "Reported By": the contact who booked; all notifications go to them.
  reported_by_contact_id uuid,
  address_line1 text NOT NULL CHECK (length(address_line1) BETWEEN 1 AND 200),
  address_line2 text CHECK (length(address_line2) <= 200),
  city text NOT NULL CHECK (length(city) BETWEEN 1 AND 100),
  region text CHECK (length(region) <= 100),
  postal_code text CHECK (length(postal_code) <= 20),
  country text NOT NULL DEFAULT 'US' CHECK (country ~ '^[A-Z]{2}$'),
  lat double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lon double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
  comments text CHECK (length(comments) <= 4000),
  intake jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(intake) = 'object'),
  source text NOT NULL CHECK (source IN ('portal', 'staff')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (business_id, id),
  UNIQUE (business_id, number),
  FOREIGN KEY (business_id, account_id) REFERENCES account (business_id, id) ON DELETE RESTRICT,
  FOREIGN KEY (business_id, asset_id) REFERENCES asset (business_id, id) ON DELETE SET NULL (asset_id),
  FOREIGN KEY (business_id, service_type_id) REFERENCES service_type (business_id, id) ON DELETE RESTRICT,
  FOREIGN KEY (business_id, reported_by_contact_id) REFERENCES contact (business_id, id)
    ON DELETE SET NULL (reported_by_contact_id)
);
CREATE INDEX work_order_account_idx ON work_order (business_id, account_id, created_at DESC);
CREATE TRIGGER work_order_touch BEFORE UPDATE ON work_order FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- arrival_at is the time the customer chose; the technician leaves travel_minutes earlier
-- (starts_at) and is busy until ends_at. Only non-canceled bookings occupy the calendar.
CREATE TABLE booking (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  business_id uuid NOT NULL REFERENCES business (id) ON DELETE CASCADE,
  work_order_id uuid NOT NULL,
  resource_id uuid NOT NULL,
  status text NOT NULL DEFAULT 'scheduled'
    CHECK (status IN ('scheduled', 'traveling', 'in_progress', 'completed', 'canceled')),
  arrival_at timestamptz NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  travel_minutes integer NOT NULL CHECK (travel_minutes BETWEEN 0 AND 1440),
  cancel_reason text CHECK (length(cancel_reason) <= 2000),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (business_id, id),
  CHECK (starts_at <= arrival_at AND arrival_at < ends_at),
  CHECK (starts_at = arrival_at - make_interval(mins => travel_minutes)),
  CHECK (status <> 'canceled' OR coalesce(length(btrim(cancel_reason)), 0) > 0),
  FOREIGN KEY (business_id, work_order_id) REFERENCES work_order (business_id, id) ON DELETE CASCADE,
  FOREIGN KEY (business_id, resource_id) REFERENCES resource (business_id, id) ON DELETE RESTRICT,
  CONSTRAINT booking_no_overlap EXCLUDE USING gist (
    business_id WITH =, resource_id WITH =, tstzrange(starts_at, ends_at) WITH &&
  ) WHERE (status <> 'canceled')
);
CREATE INDEX booking_work_order_idx ON booking (business_id, work_order_id);
CREATE INDEX booking_resource_time_idx ON booking (business_id, resource_id, starts_at);
CREATE TRIGGER booking_touch BEFORE UPDATE ON booking FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

CREATE TABLE booking_status_history (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  business_id uuid NOT NULL,
  booking_id uuid NOT NULL,
  from_status text CHECK (from_status IN ('scheduled', 'traveling', 'in_progress', 'completed', 'canceled')),
  to_status text NOT NULL CHECK (to_status IN ('scheduled', 'traveling', 'in_progress', 'completed', 'canceled')),
  changed_by_user_id text,
  note text CHECK (length(note) <= 2000),
  changed_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (business_id, booking_id) REFERENCES booking (business_id, id) ON DELETE CASCADE
);
CREATE INDEX booking_status_history_booking_idx ON booking_status_history (booking_id, changed_at);

-- ───────────── invitations ─────────────

-- Only a hash of the code is stored. email is kept beside contact_id so the "invite once per
-- email" rule survives a contact being deleted and added again.
CREATE TABLE invitation (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  business_id uuid NOT NULL REFERENCES business (id) ON DELETE CASCADE,
  contact_id uuid,
  email text NOT NULL CHECK (length(email) <= 254),
  code_hash bytea NOT NULL UNIQUE CHECK (length(code_hash) = 32),
  created_by_user_id text,
  expires_at timestamptz NOT NULL,
  redeemed_at timestamptz,
  redeemed_by_user_id text,
  revoked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (expires_at > created_at),
  CHECK ((redeemed_at IS NULL) = (redeemed_by_user_id IS NULL)),
  FOREIGN KEY (business_id, contact_id) REFERENCES contact (business_id, id) ON DELETE SET NULL (contact_id)
);
CREATE INDEX invitation_email_idx ON invitation (business_id, lower(email));
CREATE INDEX invitation_contact_idx ON invitation (contact_id) WHERE contact_id IS NOT NULL;

-- ───────────── tracking, feedback, notifications ─────────────

CREATE TABLE technician_location (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  business_id uuid NOT NULL,
  resource_id uuid NOT NULL,
  booking_id uuid,
  lat double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lon double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
  accuracy_m real CHECK (accuracy_m >= 0),
  heading_deg real CHECK (heading_deg >= 0 AND heading_deg < 360),
  speed_mps real CHECK (speed_mps >= 0),
  recorded_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (business_id, resource_id) REFERENCES resource (business_id, id) ON DELETE CASCADE,
  FOREIGN KEY (business_id, booking_id) REFERENCES booking (business_id, id) ON DELETE SET NULL (booking_id)
);
CREATE INDEX technician_location_latest_idx ON technician_location (resource_id, recorded_at DESC);

CREATE TABLE feedback (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  business_id uuid NOT NULL,
  booking_id uuid NOT NULL,
  contact_id uuid,
  rating smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
  comment text CHECK (length(comment) <= 4000),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (booking_id),
  FOREIGN KEY (business_id, booking_id) REFERENCES booking (business_id, id) ON DELETE CASCADE,
  FOREIGN KEY (business_id, contact_id) REFERENCES contact (business_id, id) ON DELETE SET NULL (contact_id)
);

-- Every message sent or attempted, on any channel. idempotency_key makes retries safe.
CREATE TABLE notification_log (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  business_id uuid NOT NULL REFERENCES business (id) ON DELETE CASCADE,
  booking_id uuid,
  contact_id uuid,
  channel text NOT NULL CHECK (channel ~ '^[a-z0-9][a-z0-9_.-]{0,62}$'),
  event text NOT NULL CHECK (length(event) BETWEEN 1 AND 100),
  recipient text NOT NULL CHECK (length(recipient) BETWEEN 1 AND 320),
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error text CHECK (length(last_error) <= 2000),
  idempotency_key text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  UNIQUE (business_id, idempotency_key),
  CHECK ((status = 'sent') = (sent_at IS NOT NULL)),
  FOREIGN KEY (business_id, booking_id) REFERENCES booking (business_id, id) ON DELETE SET NULL (booking_id),
  FOREIGN KEY (business_id, contact_id) REFERENCES contact (business_id, id) ON DELETE SET NULL (contact_id)
);
CREATE INDEX notification_log_booking_idx ON notification_log (booking_id) WHERE booking_id IS NOT NULL;
CREATE INDEX notification_log_pending_idx ON notification_log (created_at) WHERE status = 'queued';
