-- Version 14.
--
-- Dispatch (issue 16): the route engine a plan asked for (hgs | ortools | best-of), kept for its re-plans,
-- and the one whose plan it is. New columns at the end of route_plans, with defaults: plans made before
-- this version were all solved by HGS.

ALTER TABLE "route_plans" ADD COLUMN "engine" TEXT NOT NULL DEFAULT 'hgs';
ALTER TABLE "route_plans" ADD COLUMN "solved_by" TEXT NOT NULL DEFAULT 'hgs';
