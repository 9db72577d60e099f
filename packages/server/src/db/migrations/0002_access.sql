-- Access: the auth tables better-auth works on (their shape is what better-auth 1.7 plans for
-- Arrivo's options; a test checks it still plans nothing), links from our rows to users,
-- shared rate-limit counters, and the development mailbox.

CREATE TABLE auth_user (
  id text PRIMARY KEY,
  name text NOT NULL,
  email text NOT NULL UNIQUE,
  email_verified boolean NOT NULL,
  image text,
  created_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE auth_session (
  id text PRIMARY KEY,
  expires_at timestamptz NOT NULL,
  token text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at timestamptz NOT NULL,
  ip_address text,
  user_agent text,
  user_id text NOT NULL REFERENCES auth_user (id) ON DELETE CASCADE
);
CREATE INDEX auth_session_user_id_idx ON auth_session (user_id);

CREATE TABLE auth_account (
  id text PRIMARY KEY,
  account_id text NOT NULL,
  provider_id text NOT NULL,
  user_id text NOT NULL REFERENCES auth_user (id) ON DELETE CASCADE,
  access_token text,
  refresh_token text,
  id_token text,
  access_token_expires_at timestamptz,
  refresh_token_expires_at timestamptz,
  scope text,
  password text,
  created_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at timestamptz NOT NULL
);
CREATE INDEX auth_account_user_id_idx ON auth_account (user_id);

CREATE TABLE auth_verification (
  id text PRIMARY KEY,
  identifier text NOT NULL,
  value text NOT NULL,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX auth_verification_identifier_idx ON auth_verification (identifier);

-- Our rows that name a user now point at one.
ALTER TABLE membership ADD FOREIGN KEY (user_id) REFERENCES auth_user (id) ON DELETE CASCADE;
ALTER TABLE contact ADD FOREIGN KEY (user_id) REFERENCES auth_user (id) ON DELETE SET NULL;
ALTER TABLE resource ADD FOREIGN KEY (user_id) REFERENCES auth_user (id) ON DELETE SET NULL;

-- Fixed-window counters for sign-in, redeem and reset attempts; in the database so every
-- instance sees the same counts. Old windows are overwritten in place.
CREATE TABLE rate_limit (
  key text PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 300),
  window_started_at timestamptz NOT NULL,
  hits integer NOT NULL CHECK (hits >= 0)
);

-- Emails "sent" when no SMTP server is configured, readable at /dev/mailbox.
CREATE TABLE dev_mail (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  to_address text NOT NULL,
  from_address text NOT NULL,
  subject text NOT NULL,
  text_body text NOT NULL,
  html_body text,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- The page that hosts a business's portal, for links in emails (absolute, or a path on this server).
ALTER TABLE business_settings ADD COLUMN portal_url text CHECK (length(portal_url) <= 1000);
