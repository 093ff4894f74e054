-- Road-network travel matrices kept for re-plans and other servers (docs/dispatch.md, "Road distances").
CREATE TABLE "travel_matrices" (
    "matrix_key" TEXT NOT NULL CONSTRAINT "pk_travel_matrices" PRIMARY KEY,
    "points" INTEGER NOT NULL,
    "created_at" INTEGER NOT NULL,
    "distance_km" BLOB NOT NULL,
    "time_seconds" BLOB NOT NULL
);
CREATE INDEX "ix_travel_matrices_created_at" ON "travel_matrices" ("created_at");
