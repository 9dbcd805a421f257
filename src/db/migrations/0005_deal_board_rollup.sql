CREATE SCHEMA "rollup";
--> statement-breakpoint
CREATE TABLE "rollup"."deal_board" (
	"org_id" uuid NOT NULL,
	"stage_id" uuid NOT NULL,
	"owner_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"close_month" date,
	"deal_count" bigint NOT NULL,
	"amount" bigint NOT NULL,
	"weighted_amount" bigint NOT NULL,
	CONSTRAINT "deal_board_key" UNIQUE NULLS NOT DISTINCT("org_id","stage_id","owner_id","unit_id","close_month")
);
--> statement-breakpoint
CREATE INDEX "deal_board_owner_idx" ON "rollup"."deal_board" USING btree ("org_id","owner_id");
--> statement-breakpoint
-- Weighted amount of one deal, as core/pipeline/money.ts weightedAmount: amount × probability (basis
-- points), rounded half away from zero, once per deal.
CREATE FUNCTION rollup.weighted_amount(amount bigint, probability_bp integer) RETURNS numeric
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN sign(amount) * div(2 * abs(amount)::numeric * probability_bp + 10000, 20000);
--> statement-breakpoint
-- Keeps rollup.deal_board current in the transaction of every deal write. Statement triggers with
-- transition tables: a bulk insert (import, restore, demo seed) sums its rows once, not once per row.
-- Keys are written in sorted order, so two writers touching the same keys lock them in one order.
-- An update that moves nothing between keys nor changes a sum writes nothing.
CREATE FUNCTION rollup.deal_board_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO rollup.deal_board AS r
      (org_id, stage_id, owner_id, unit_id, close_month, deal_count, amount, weighted_amount)
    SELECT d.org_id, d.stage_id, d.owner_id, d.unit_id, date_trunc('month', d.expected_close_date)::date, count(*), sum(d.amount),
           sum(rollup.weighted_amount(d.amount, coalesce(d.probability_bp, s.probability_bp)))
      FROM new_rows d JOIN pipeline_stages s ON s.org_id = d.org_id AND s.id = d.stage_id
     WHERE d.status = 'open'
     GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT ON CONSTRAINT deal_board_key DO UPDATE SET
      deal_count = r.deal_count + excluded.deal_count,
      amount = r.amount + excluded.amount,
      weighted_amount = r.weighted_amount + excluded.weighted_amount;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO rollup.deal_board AS r
      (org_id, stage_id, owner_id, unit_id, close_month, deal_count, amount, weighted_amount)
    SELECT d.org_id, d.stage_id, d.owner_id, d.unit_id, date_trunc('month', d.expected_close_date)::date, -count(*), -sum(d.amount),
           -sum(rollup.weighted_amount(d.amount, coalesce(d.probability_bp, s.probability_bp)))
      FROM old_rows d JOIN pipeline_stages s ON s.org_id = d.org_id AND s.id = d.stage_id
     WHERE d.status = 'open'
     GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT ON CONSTRAINT deal_board_key DO UPDATE SET
      deal_count = r.deal_count + excluded.deal_count,
      amount = r.amount + excluded.amount,
      weighted_amount = r.weighted_amount + excluded.weighted_amount;
  ELSE
    INSERT INTO rollup.deal_board AS r
      (org_id, stage_id, owner_id, unit_id, close_month, deal_count, amount, weighted_amount)
    SELECT org_id, stage_id, owner_id, unit_id, close_month, sum(n), sum(amt), sum(w)
      FROM (
        SELECT d.org_id, d.stage_id, d.owner_id, d.unit_id, date_trunc('month', d.expected_close_date)::date AS close_month, -1 AS n, -d.amount AS amt,
               -rollup.weighted_amount(d.amount, coalesce(d.probability_bp, s.probability_bp)) AS w
          FROM old_rows d JOIN pipeline_stages s ON s.org_id = d.org_id AND s.id = d.stage_id
         WHERE d.status = 'open'
        UNION ALL
        SELECT d.org_id, d.stage_id, d.owner_id, d.unit_id, date_trunc('month', d.expected_close_date)::date, 1, d.amount,
               rollup.weighted_amount(d.amount, coalesce(d.probability_bp, s.probability_bp))
          FROM new_rows d JOIN pipeline_stages s ON s.org_id = d.org_id AND s.id = d.stage_id
         WHERE d.status = 'open'
      ) delta
     GROUP BY 1, 2, 3, 4, 5
    HAVING sum(n) <> 0 OR sum(amt) <> 0 OR sum(w) <> 0
     ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT ON CONSTRAINT deal_board_key DO UPDATE SET
      deal_count = r.deal_count + excluded.deal_count,
      amount = r.amount + excluded.amount,
      weighted_amount = r.weighted_amount + excluded.weighted_amount;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER deals_board_insert AFTER INSERT ON deals REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rollup.deal_board_apply();
--> statement-breakpoint
CREATE TRIGGER deals_board_update AFTER UPDATE ON deals REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rollup.deal_board_apply();
--> statement-breakpoint
CREATE TRIGGER deals_board_delete AFTER DELETE ON deals REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rollup.deal_board_apply();
--> statement-breakpoint
-- Recounts the board rollup of one org (all of it when org is null) from the deals: the rebuild
-- command, and a stage whose default probability changed. The SHARE lock waits for deal writes in
-- flight and holds new ones until this transaction ends, so no write is counted twice or missed.
CREATE FUNCTION rollup.deal_board_recount(org uuid, stage uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE deals IN SHARE MODE;
  DELETE FROM rollup.deal_board
   WHERE (org IS NULL OR org_id = org) AND (stage IS NULL OR stage_id = stage);
  INSERT INTO rollup.deal_board
    (org_id, stage_id, owner_id, unit_id, close_month, deal_count, amount, weighted_amount)
  SELECT d.org_id, d.stage_id, d.owner_id, d.unit_id, date_trunc('month', d.expected_close_date)::date, count(*), sum(d.amount),
         sum(rollup.weighted_amount(d.amount, coalesce(d.probability_bp, s.probability_bp)))
    FROM deals d JOIN pipeline_stages s ON s.org_id = d.org_id AND s.id = d.stage_id
   WHERE d.status = 'open' AND (org IS NULL OR d.org_id = org) AND (stage IS NULL OR d.stage_id = stage)
   GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION rollup.deal_board_stage_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM rollup.deal_board_recount(NEW.org_id, NEW.id);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER pipeline_stages_board_probability AFTER UPDATE OF probability_bp ON pipeline_stages
  FOR EACH ROW WHEN (OLD.probability_bp IS DISTINCT FROM NEW.probability_bp)
  EXECUTE FUNCTION rollup.deal_board_stage_changed();
--> statement-breakpoint
CREATE FUNCTION rollup.deal_board_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE rollup.deal_board;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER deals_board_truncate AFTER TRUNCATE ON deals
  FOR EACH STATEMENT EXECUTE FUNCTION rollup.deal_board_truncated();
--> statement-breakpoint
SELECT rollup.deal_board_recount(NULL, NULL);
