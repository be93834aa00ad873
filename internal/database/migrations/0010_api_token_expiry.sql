-- API tokens expire (issue 12). expires_at is the end of the token's last
-- day, 23:59:59 Europe/Amsterdam. Tokens made before this migration have
-- none; account.UserByToken lets them expire 90 days after created_at, the
-- default term, so no token lives for ever.
ALTER TABLE api_tokens ADD COLUMN expires_at {{timestamp}}
--;
CREATE INDEX api_tokens_user ON api_tokens (user_id, id)
