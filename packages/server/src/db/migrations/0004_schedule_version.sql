-- A counter per business that changes whenever anything the availability engine reads about its
-- technicians or territories changes, so servers may cache that configuration and still never
-- offer a time from stale data (each request reads the counter with the settings it reads anyway).

ALTER TABLE business_settings ADD COLUMN schedule_version bigint NOT NULL DEFAULT 0;

CREATE FUNCTION bump_schedule_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE business_settings SET schedule_version = schedule_version + 1
  WHERE business_id = (CASE WHEN TG_OP = 'DELETE' THEN OLD.business_id ELSE NEW.business_id END);
  RETURN NULL;
END $$;

CREATE TRIGGER resource_schedule_version AFTER INSERT OR UPDATE OR DELETE ON resource
  FOR EACH ROW EXECUTE FUNCTION bump_schedule_version();
CREATE TRIGGER resource_skill_schedule_version AFTER INSERT OR UPDATE OR DELETE ON resource_skill
  FOR EACH ROW EXECUTE FUNCTION bump_schedule_version();
CREATE TRIGGER resource_territory_schedule_version AFTER INSERT OR UPDATE OR DELETE ON resource_territory
  FOR EACH ROW EXECUTE FUNCTION bump_schedule_version();
CREATE TRIGGER resource_working_hours_schedule_version AFTER INSERT OR UPDATE OR DELETE ON resource_working_hours
  FOR EACH ROW EXECUTE FUNCTION bump_schedule_version();
CREATE TRIGGER territory_schedule_version AFTER INSERT OR UPDATE OR DELETE ON territory
  FOR EACH ROW EXECUTE FUNCTION bump_schedule_version();
