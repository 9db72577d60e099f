-- Domain events travel on pg-boss (its own schema, `pgboss`, which it installs and upgrades
-- itself). This table makes subscribers idempotent: a subscriber handles an event only if it can
-- claim (event, subscriber) here, in the same transaction as its own writes, so a redelivered
-- event is never handled twice by the same subscriber.
CREATE TABLE event_delivery (
  event_id uuid NOT NULL,
  subscriber text NOT NULL CHECK (subscriber ~ '^[a-z0-9][a-z0-9_.:-]{0,99}$'),
  event_name text NOT NULL CHECK (length(event_name) BETWEEN 1 AND 100),
  business_id uuid REFERENCES business (id) ON DELETE CASCADE,
  handled_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (event_id, subscriber)
);
CREATE INDEX event_delivery_handled_idx ON event_delivery (handled_at);

-- notification_log is the delivery audit log only (what was sent to whom, how many attempts,
-- the last error); queueing and retries are pg-boss's, idempotency is event_delivery's.
DROP INDEX notification_log_pending_idx;
COMMENT ON TABLE notification_log IS 'Delivery audit log: one row per message (channel, recipient, attempts, last error, sent_at). Not a queue.';
