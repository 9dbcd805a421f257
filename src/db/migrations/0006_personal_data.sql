ALTER TABLE "orgs" ADD COLUMN "personal_data_access" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "marketing_consent" boolean;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "marketing_consent_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "marketing_consent_channel" text;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "erased_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "marketing_consent" boolean;--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "marketing_consent_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "marketing_consent_channel" text;--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "erased_at" timestamp with time zone;--> statement-breakpoint
-- Audit payloads no longer hold contacts' and leads' identifiers (services/audit/record-audit.ts
-- redacts them on write), so that erasing a person never has to rewrite the append-only trail. The
-- entries written before this migration are redacted once, here, with the guard lifted for the
-- duration of this one statement (docs/personal-data.md).
ALTER TABLE "audit_log" DISABLE TRIGGER "audit_log_no_update_delete";--> statement-breakpoint
UPDATE "audit_log" SET "changes" = (
  SELECT jsonb_object_agg(e.key, CASE WHEN e.key IN ('mobile', 'email', 'wechat')
    THEN '{"before":"[redacted]","after":"[redacted]"}'::jsonb ELSE e.value END)
  FROM jsonb_each("changes") e
) WHERE "entity" IN ('contact', 'lead') AND "changes" ?| ARRAY['mobile', 'email', 'wechat'];--> statement-breakpoint
ALTER TABLE "audit_log" ENABLE TRIGGER "audit_log_no_update_delete";
