-- A counter per business that changes whenever anything the availability engine reads about its
-- calendars changes (bookings, time off, a visit's place), so servers may keep the visits and
-- time off they loaded for a day and still never offer a time from stale data: each slots request
-- reads the counter in the same statement (same snapshot) as its settings.
--
-- The triggers are deferred to commit: the counter row is locked only for the last moment of a
-- transaction, after every row lock it takes, so it adds no waiting inside the booking transaction
-- and cannot join a lock cycle.
CREATE TABLE calendar_version (
  business_id uuid PRIMARY KEY REFERENCES business (id) ON DELETE CASCADE,
  version bigint NOT NULL DEFAULT 0
);
INSERT INTO calendar_version (business_id) SELECT id FROM business;

CREATE FUNCTION bump_calendar_version() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  b uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.business_id ELSE NEW.business_id END;
BEGIN
  -- A business being deleted takes its bookings with it; there is no counter left to bump.
  INSERT INTO calendar_version AS c (business_id, version)
  SELECT b, 1 WHERE EXISTS (SELECT 1 FROM business WHERE id = b)
  ON CONFLICT (business_id) DO UPDATE SET version = c.version + 1;
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER booking_calendar_version
  AFTER INSERT OR DELETE OR UPDATE OF status, resource_id, starts_at, arrival_at, ends_at, work_order_id ON booking
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_calendar_version();
CREATE CONSTRAINT TRIGGER resource_time_off_calendar_version
  AFTER INSERT OR DELETE OR UPDATE ON resource_time_off
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_calendar_version();
CREATE CONSTRAINT TRIGGER work_order_calendar_version
  AFTER UPDATE OF lat, lon ON work_order
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_calendar_version();
