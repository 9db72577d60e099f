-- The feedback survey: answers beyond the rating, survey links from the Completed message, the
-- survey settings, and the Completed message's switch.

-- What a customer sends, once per visit. Technician and service type come from the visit.
ALTER TABLE feedback
  ADD COLUMN recommend smallint CHECK (recommend BETWEEN 0 AND 10),
  ADD COLUMN answers jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(answers) = 'object'),
  -- Signed in at the portal, or through the survey link of the Completed message.
  ADD COLUMN via text NOT NULL DEFAULT 'portal' CHECK (via IN ('portal', 'link'));
-- Once per visit, scoped to the business like every other unique constraint.
ALTER TABLE feedback DROP CONSTRAINT feedback_booking_id_key;
ALTER TABLE feedback ADD CONSTRAINT feedback_booking_key UNIQUE (business_id, booking_id);
CREATE INDEX feedback_business_created_idx ON feedback (business_id, created_at DESC);

-- Survey links: only the SHA-256 of the token is kept. `used_at` is set by the one submission
-- the link allows; the link still shows what was sent until it expires.
CREATE TABLE survey_link_token (
  token_hash text PRIMARY KEY CHECK (length(token_hash) BETWEEN 40 AND 64),
  business_id uuid NOT NULL,
  booking_id uuid NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (business_id, booking_id) REFERENCES booking (business_id, id) ON DELETE CASCADE
);
CREATE INDEX survey_link_token_booking_idx ON survey_link_token (business_id, booking_id);
CREATE INDEX survey_link_token_expires_idx ON survey_link_token (expires_at);

-- The survey settings (core's surveySettingsSchema; whether surveys are offered at all stays
-- `survey_enabled`), and the Completed message's switch.
ALTER TABLE business_settings
  ADD COLUMN survey_low_score_threshold smallint NOT NULL DEFAULT 2 CHECK (survey_low_score_threshold BETWEEN 1 AND 4),
  ADD COLUMN survey_alert_email text CHECK (length(survey_alert_email) <= 320),
  ADD COLUMN survey_offer_follow_up boolean NOT NULL DEFAULT true,
  ADD COLUMN survey_link_ttl_days smallint NOT NULL DEFAULT 14 CHECK (survey_link_ttl_days BETWEEN 1 AND 90),
  ADD COLUMN survey_questions jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(survey_questions) = 'array'),
  ADD COLUMN show_technician_rating boolean NOT NULL DEFAULT false,
  ADD COLUMN technician_rating_minimum real NOT NULL DEFAULT 4.5 CHECK (technician_rating_minimum BETWEEN 1 AND 5),
  ADD COLUMN technician_rating_min_count integer NOT NULL DEFAULT 5 CHECK (technician_rating_min_count BETWEEN 1 AND 1000),
  ADD COLUMN notify_completed boolean NOT NULL DEFAULT true;
