-- A one-time message a console page shows once after a redirect (src/console/flash.ts): a new key's
-- secret, sealed with a key only the session's cookie token can derive, and cleared on first view.
ALTER TABLE console_sessions ADD COLUMN flash TEXT;
