-- Version 16.
--
-- People's accounts for the web console (issue 18): PBKDF2 password hashes, TOTP two-factor with hashed
-- recovery codes, lockout; sessions are api_tokens rows that expire.

ALTER TABLE "api_tokens" ADD COLUMN "expires_at" INTEGER NULL;

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
