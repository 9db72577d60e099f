-- The arrival notice ("Your technician is arriving"), switchable per business like the other messages.
ALTER TABLE business_settings ADD COLUMN notify_arriving boolean NOT NULL DEFAULT true;
