-- Notifications: booking messages to the work order's Reported By contact, through the job queue.

-- Each message kind can be switched off per business (all on by default).
ALTER TABLE business_settings
  ADD COLUMN notify_confirmation boolean NOT NULL DEFAULT true,
  ADD COLUMN notify_rescheduled boolean NOT NULL DEFAULT true,
  ADD COLUMN notify_canceled boolean NOT NULL DEFAULT true,
  ADD COLUMN notify_on_the_way boolean NOT NULL DEFAULT true,
  ADD COLUMN notify_reminder boolean NOT NULL DEFAULT true,
  -- Accounts and service types whose visits send no booking messages at all.
  ADD COLUMN notify_excluded_account_ids uuid[] NOT NULL DEFAULT '{}' CHECK (cardinality(notify_excluded_account_ids) <= 1000),
  ADD COLUMN notify_excluded_service_type_ids uuid[] NOT NULL DEFAULT '{}' CHECK (cardinality(notify_excluded_service_type_ids) <= 1000);

-- The SEQUENCE of the visit's calendar entry (.ics): raised by every update sent to the customer.
ALTER TABLE booking ADD COLUMN calendar_sequence integer NOT NULL DEFAULT 0 CHECK (calendar_sequence >= 0);

-- The delivery log now also holds each message until it is delivered: its kind, its content
-- (sealed: it may carry a tracking link) and a dead state after the last attempt.
ALTER TABLE notification_log DROP CONSTRAINT notification_log_status_check;
ALTER TABLE notification_log ADD CONSTRAINT notification_log_status_check CHECK (status IN ('queued', 'sent', 'failed', 'dead'));
ALTER TABLE notification_log
  ADD COLUMN message text CHECK (message ~ '^[a-z][a-z_]{0,39}$'),
  ADD COLUMN language text CHECK (language ~ '^[a-z]{2,3}$'),
  ADD COLUMN sealed_content text,
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX notification_log_business_idx ON notification_log (business_id, created_at DESC);
CREATE TRIGGER notification_log_touch BEFORE UPDATE ON notification_log FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- The dev mailbox keeps attachments too (the calendar file of a confirmation).
ALTER TABLE dev_mail ADD COLUMN attachments jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(attachments) = 'array');
