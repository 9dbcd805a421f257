DROP INDEX "deals_stage_idx";--> statement-breakpoint
CREATE INDEX "deals_status_stage_amount_idx" ON "deals" USING btree ("org_id","status","stage_id","amount","id","unit_id","owner_id");