-- An enterprises import writes one enterprise, one permit and their change history per file row
-- (issue 3 benchmark: 100,000 and 1,000,000 rows). The three foreign keys below ran one check per
-- inserted row (an SPI query and a row lock each: about 1.5 s of server time per 100,000 rows, a
-- sixth of the import). They are replaced by checks that run once per statement over its new rows
-- (transition tables), with the same SQLSTATE (23503 foreign_key_violation), plus rules that make
-- the referenced side stable so no lock is needed: divisions and key industries are never deleted
-- nor re-keyed (reference data, only ever added to), enterprises are never deleted (0018) nor
-- re-keyed.
ALTER TABLE "enterprises" DROP CONSTRAINT "enterprises_division_code_divisions_code_fk";
--> statement-breakpoint
ALTER TABLE "enterprises" DROP CONSTRAINT "enterprises_key_industry_key_industries_key_fk";
--> statement-breakpoint
ALTER TABLE "permits" DROP CONSTRAINT "permits_enterprise_id_enterprises_id_fk";
--> statement-breakpoint
CREATE FUNCTION "enterprises_references"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad text;
BEGIN
  SELECT n."division_code" INTO bad FROM new_rows n
    WHERE NOT EXISTS (SELECT 1 FROM "divisions" d WHERE d."code" = n."division_code") LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'insert or update on table "enterprises" violates the reference to "divisions": division_code % is not a known division', bad
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  SELECT n."key_industry" INTO bad FROM new_rows n
    WHERE n."key_industry" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "key_industries" k WHERE k."key" = n."key_industry") LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'insert or update on table "enterprises" violates the reference to "key_industries": key_industry % is not a known key industry', bad
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "enterprises_references_insert" AFTER INSERT ON "enterprises" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "enterprises_references"();
--> statement-breakpoint
CREATE TRIGGER "enterprises_references_update" AFTER UPDATE ON "enterprises" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "enterprises_references"();
--> statement-breakpoint
CREATE FUNCTION "permits_references"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad integer;
BEGIN
  SELECT n."enterprise_id" INTO bad FROM new_rows n
    WHERE NOT EXISTS (SELECT 1 FROM "enterprises" e WHERE e."id" = n."enterprise_id") LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'insert or update on table "permits" violates the reference to "enterprises": enterprise_id % is not a known enterprise', bad
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "permits_references_insert" AFTER INSERT ON "permits" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "permits_references"();
--> statement-breakpoint
CREATE TRIGGER "permits_references_update" AFTER UPDATE ON "permits" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "permits_references"();
--> statement-breakpoint
-- The referenced keys never go away. TRUNCATE is refused too (a foreign key refused it before).
CREATE FUNCTION "reference_keys_stable"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    RAISE EXCEPTION 'table % cannot be truncated: enterprises refer to its rows', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'a row of % cannot be deleted: enterprises may refer to it (reference data is only ever added to)', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
  END IF;
  -- TG_ARGV[0]: the key column of the table.
  IF to_jsonb(NEW) -> TG_ARGV[0] IS DISTINCT FROM to_jsonb(OLD) -> TG_ARGV[0] THEN
    RAISE EXCEPTION 'the key of a row of % cannot change: other rows refer to it', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "divisions_keys_stable" BEFORE DELETE OR UPDATE OF "code" ON "divisions" FOR EACH ROW EXECUTE FUNCTION "reference_keys_stable"('code');
--> statement-breakpoint
CREATE TRIGGER "divisions_not_truncated" BEFORE TRUNCATE ON "divisions" FOR EACH STATEMENT EXECUTE FUNCTION "reference_keys_stable"();
--> statement-breakpoint
CREATE TRIGGER "key_industries_keys_stable" BEFORE DELETE OR UPDATE OF "key" ON "key_industries" FOR EACH ROW EXECUTE FUNCTION "reference_keys_stable"('key');
--> statement-breakpoint
CREATE TRIGGER "key_industries_not_truncated" BEFORE TRUNCATE ON "key_industries" FOR EACH STATEMENT EXECUTE FUNCTION "reference_keys_stable"();
--> statement-breakpoint
CREATE TRIGGER "enterprises_id_stable" BEFORE UPDATE OF "id" ON "enterprises" FOR EACH ROW EXECUTE FUNCTION "reference_keys_stable"('id');
--> statement-breakpoint
-- TRUNCATE of enterprises (test resets; 0018 leaves it allowed) takes their permits with it, as
-- the foreign key's ON DELETE CASCADE did: no permit is left naming an id that may be reused.
CREATE FUNCTION "enterprises_truncate_permits"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE "permits";
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "enterprises_truncate_permits" BEFORE TRUNCATE ON "enterprises" FOR EACH STATEMENT EXECUTE FUNCTION "enterprises_truncate_permits"();
--> statement-breakpoint
-- Read whole only (the history tab): json keeps the text as written and is cheaper to build than jsonb.
ALTER TABLE "change_history" ALTER COLUMN "changes" SET DATA TYPE json;
--> statement-breakpoint
-- Only the import read history by (entity_type, entity_id), to tell what it inserted; it now probes
-- change_history_enterprise_idx (enterprise_id, at) with the import's time. One index fewer to
-- write for every history row (two per enterprises-file row).
DROP INDEX "change_history_entity_idx";
