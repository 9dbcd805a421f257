ALTER TABLE "bank_statement_lines" ADD COLUMN "match_reason" text;--> statement-breakpoint
ALTER TABLE "bank_statement_lines" ADD COLUMN "contract_id" uuid;--> statement-breakpoint
ALTER TABLE "bank_statement_lines" ADD COLUMN "flag" text;--> statement-breakpoint
ALTER TABLE "bank_statement_lines" ADD COLUMN "duplicate_receipt_id" uuid;--> statement-breakpoint
CREATE UNIQUE INDEX "receipts_statement_line_idx" ON "receipts" USING btree ("org_id","statement_line_id") WHERE "receipts"."statement_line_id" is not null;--> statement-breakpoint
ALTER TABLE "bank_statement_lines" ADD CONSTRAINT "bank_statement_lines_score_check" CHECK ("bank_statement_lines"."match_score" between 0 and 100);