-- Access hardening: rate-limit windows know when they end (so old ones can be pruned), sessions
-- belong to the business they were started at, and external sign-ins run as flows a browser
-- started.

ALTER TABLE rate_limit ADD COLUMN expires_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX rate_limit_expires_at_idx ON rate_limit (expires_at);

-- A token acts only at its business (null until bound: the OpenID Connect callback creates the
-- session before we know which business's flow it belongs to, and such a session is refused).
ALTER TABLE auth_session ADD COLUMN business_id uuid REFERENCES business (id) ON DELETE CASCADE;

-- An external sign-in in progress: created at start for the browser holding the flow cookie
-- (only its SHA-256 is kept), given the one-time code's SHA-256 at completion, consumed by the
-- exchange. The code is valid only for this business and the origin of return_to.
CREATE TABLE external_sign_in_flow (
  id_hash text PRIMARY KEY,
  business_id uuid NOT NULL REFERENCES business (id) ON DELETE CASCADE,
  return_to text NOT NULL CHECK (length(return_to) <= 2000),
  code_hash text UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX external_sign_in_flow_expires_at_idx ON external_sign_in_flow (expires_at);
