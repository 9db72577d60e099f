-- Scheduling: configurable default travel model, and idempotency keys so a retried booking
-- request never books twice.

ALTER TABLE business_settings
  ADD COLUMN travel_road_factor real NOT NULL DEFAULT 1.35 CHECK (travel_road_factor BETWEEN 1 AND 3),
  ADD COLUMN travel_speed_kmh real NOT NULL DEFAULT 40 CHECK (travel_speed_kmh BETWEEN 5 AND 130);

-- The first request with a key stores its answer; a retry with the same key gets that answer.
CREATE TABLE idempotency_key (
  business_id uuid NOT NULL REFERENCES business (id) ON DELETE CASCADE,
  user_id text NOT NULL REFERENCES auth_user (id) ON DELETE CASCADE,
  key text NOT NULL CHECK (length(key) BETWEEN 8 AND 200),
  request_hash text NOT NULL,
  response jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (business_id, user_id, key)
);
CREATE INDEX idempotency_key_created_idx ON idempotency_key (created_at);
