-- Notification templates: a business's own wording of a message in a language, and its colours.

-- The wording of one message in one language; a null part keeps the built-in wording. Plain text
-- with {placeholders}: rendered escaped into the layout, which adds every link itself.
CREATE TABLE notification_template (
  business_id uuid NOT NULL REFERENCES business (id) ON DELETE CASCADE,
  message text NOT NULL CHECK (message ~ '^[a-z][a-z_]{0,39}$'),
  language text NOT NULL CHECK (language ~ '^[a-z]{2,3}$'),
  subject text CHECK (char_length(subject) BETWEEN 1 AND 200 AND subject !~ '[\r\n]'),
  body text CHECK (char_length(body) BETWEEN 1 AND 5000),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by_user_id text,
  PRIMARY KEY (business_id, message, language),
  CHECK (subject IS NOT NULL OR body IS NOT NULL)
);
CREATE TRIGGER notification_template_touch BEFORE UPDATE ON notification_template FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- The emails' header and button colours; null: the default colour, and white or black text.
ALTER TABLE business_settings
  ADD COLUMN brand_color text CHECK (brand_color ~ '^#[0-9a-f]{6}$'),
  ADD COLUMN brand_text_color text CHECK (brand_text_color ~ '^#[0-9a-f]{6}$');
