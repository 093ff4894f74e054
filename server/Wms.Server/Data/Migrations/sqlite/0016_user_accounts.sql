-- Version 16.
--
-- People's accounts for the web console (issue 18): PBKDF2 password hashes, TOTP two-factor with hashed
-- recovery codes, lockout; sessions are api_tokens rows that expire.

-- ADD COLUMN would leave api_tokens' text unlike the model's create script, so it is rebuilt (nothing
-- references it), keeping its ids and its AUTOINCREMENT sequence.
CREATE TABLE "ef_temp_api_tokens" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_api_tokens" PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "roles" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL,
    "created_by" TEXT NOT NULL,
    "revoked_at" INTEGER NULL,
    "expires_at" INTEGER NULL
);
INSERT INTO "ef_temp_api_tokens" ("id", "name", "token_hash", "roles", "created_at", "created_by", "revoked_at")
SELECT "id", "name", "token_hash", "roles", "created_at", "created_by", "revoked_at" FROM "api_tokens";
DELETE FROM "sqlite_sequence" WHERE "name" = 'ef_temp_api_tokens';
INSERT INTO "sqlite_sequence" ("name", "seq") SELECT 'ef_temp_api_tokens', "seq" FROM "sqlite_sequence" WHERE "name" = 'api_tokens';
DROP TABLE "api_tokens";
ALTER TABLE "ef_temp_api_tokens" RENAME TO "api_tokens";
CREATE INDEX "ix_api_tokens_name" ON "api_tokens" ("name");
CREATE UNIQUE INDEX "ix_api_tokens_token_hash" ON "api_tokens" ("token_hash");

CREATE TABLE "users" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_users" PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "roles" TEXT NOT NULL,
    "totp_secret" TEXT NOT NULL,
    "totp_pending_secret" TEXT NOT NULL,
    "totp_last_step" INTEGER NOT NULL,
    "recovery_code_hashes" TEXT NOT NULL,
    "failed_attempts" INTEGER NOT NULL,
    "locked_until" INTEGER NULL,
    "created_at" INTEGER NOT NULL,
    "created_by" TEXT NOT NULL
);

CREATE UNIQUE INDEX "ix_users_name" ON "users" ("name");
