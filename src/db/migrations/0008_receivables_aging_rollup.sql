CREATE TABLE "rollup"."receivables_aging" (
	"org_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"owner_id" uuid NOT NULL,
	"due_date" date,
	"installment_count" bigint NOT NULL,
	"outstanding" bigint NOT NULL,
	CONSTRAINT "receivables_aging_key" UNIQUE NULLS NOT DISTINCT("org_id","unit_id","owner_id","due_date")
);
--> statement-breakpoint
CREATE INDEX "receivables_aging_owner_idx" ON "rollup"."receivables_aging" USING btree ("org_id","owner_id");--> statement-breakpoint
-- Keeps rollup.receivables_aging current in the transaction of every installment write: statement
-- triggers with transition tables (a bulk insert sums its rows once), keys written in sorted order so
-- two writers lock them in one order; an update that moves nothing writes nothing. An installment
-- counts while its status is 'open' and its contract is in force (active, completed, terminated).
CREATE FUNCTION rollup.receivables_aging_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO rollup.receivables_aging AS r (org_id, unit_id, owner_id, due_date, installment_count, outstanding)
    SELECT i.org_id, i.unit_id, i.owner_id, i.due_date, count(*), sum(i.amount - i.collected)
      FROM new_rows i JOIN contracts c ON c.org_id = i.org_id AND c.id = i.contract_id
     WHERE i.status = 'open' AND c.status IN ('active', 'completed', 'terminated')
     GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT ON CONSTRAINT receivables_aging_key DO UPDATE SET
      installment_count = r.installment_count + excluded.installment_count,
      outstanding = r.outstanding + excluded.outstanding;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO rollup.receivables_aging AS r (org_id, unit_id, owner_id, due_date, installment_count, outstanding)
    SELECT i.org_id, i.unit_id, i.owner_id, i.due_date, -count(*), -sum(i.amount - i.collected)
      FROM old_rows i JOIN contracts c ON c.org_id = i.org_id AND c.id = i.contract_id
     WHERE i.status = 'open' AND c.status IN ('active', 'completed', 'terminated')
     GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT ON CONSTRAINT receivables_aging_key DO UPDATE SET
      installment_count = r.installment_count + excluded.installment_count,
      outstanding = r.outstanding + excluded.outstanding;
  ELSE
    INSERT INTO rollup.receivables_aging AS r (org_id, unit_id, owner_id, due_date, installment_count, outstanding)
    SELECT org_id, unit_id, owner_id, due_date, sum(n), sum(amt)
      FROM (
        SELECT i.org_id, i.unit_id, i.owner_id, i.due_date, -1 AS n, -(i.amount - i.collected) AS amt
          FROM old_rows i JOIN contracts c ON c.org_id = i.org_id AND c.id = i.contract_id
         WHERE i.status = 'open' AND c.status IN ('active', 'completed', 'terminated')
        UNION ALL
        SELECT i.org_id, i.unit_id, i.owner_id, i.due_date, 1, i.amount - i.collected
          FROM new_rows i JOIN contracts c ON c.org_id = i.org_id AND c.id = i.contract_id
         WHERE i.status = 'open' AND c.status IN ('active', 'completed', 'terminated')
      ) delta
     GROUP BY 1, 2, 3, 4
    HAVING sum(n) <> 0 OR sum(amt) <> 0
     ORDER BY 1, 2, 3, 4
    ON CONFLICT ON CONSTRAINT receivables_aging_key DO UPDATE SET
      installment_count = r.installment_count + excluded.installment_count,
      outstanding = r.outstanding + excluded.outstanding;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER installments_aging_insert AFTER INSERT ON installments REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rollup.receivables_aging_apply();
--> statement-breakpoint
CREATE TRIGGER installments_aging_update AFTER UPDATE ON installments REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rollup.receivables_aging_apply();
--> statement-breakpoint
CREATE TRIGGER installments_aging_delete AFTER DELETE ON installments REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rollup.receivables_aging_apply();
--> statement-breakpoint
-- A contract entering or leaving the in-force states adds or takes away its open installments.
CREATE FUNCTION rollup.receivables_aging_contract_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  direction integer := CASE WHEN NEW.status IN ('active', 'completed', 'terminated') THEN 1 ELSE -1 END;
BEGIN
  INSERT INTO rollup.receivables_aging AS r (org_id, unit_id, owner_id, due_date, installment_count, outstanding)
  SELECT i.org_id, i.unit_id, i.owner_id, i.due_date, direction * count(*), direction * sum(i.amount - i.collected)
    FROM installments i
   WHERE i.org_id = NEW.org_id AND i.contract_id = NEW.id AND i.status = 'open'
   GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT ON CONSTRAINT receivables_aging_key DO UPDATE SET
    installment_count = r.installment_count + excluded.installment_count,
    outstanding = r.outstanding + excluded.outstanding;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER contracts_aging_status AFTER UPDATE OF status ON contracts
  FOR EACH ROW WHEN ((OLD.status IN ('active', 'completed', 'terminated')) IS DISTINCT FROM (NEW.status IN ('active', 'completed', 'terminated')))
  EXECUTE FUNCTION rollup.receivables_aging_contract_changed();
--> statement-breakpoint
-- Recounts the aging rollup of one org (all of it when org is null): the rebuild command. The SHARE
-- locks wait for installment and contract writes in flight and hold new ones until the end.
CREATE FUNCTION rollup.receivables_aging_recount(org uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE installments, contracts IN SHARE MODE;
  DELETE FROM rollup.receivables_aging WHERE org IS NULL OR org_id = org;
  INSERT INTO rollup.receivables_aging (org_id, unit_id, owner_id, due_date, installment_count, outstanding)
  SELECT i.org_id, i.unit_id, i.owner_id, i.due_date, count(*), sum(i.amount - i.collected)
    FROM installments i JOIN contracts c ON c.org_id = i.org_id AND c.id = i.contract_id
   WHERE i.status = 'open' AND c.status IN ('active', 'completed', 'terminated') AND (org IS NULL OR i.org_id = org)
   GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION rollup.receivables_aging_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE rollup.receivables_aging;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER installments_aging_truncate AFTER TRUNCATE ON installments
  FOR EACH STATEMENT EXECUTE FUNCTION rollup.receivables_aging_truncated();
--> statement-breakpoint
SELECT rollup.receivables_aging_recount(NULL);
