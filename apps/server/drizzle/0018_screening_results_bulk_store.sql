-- Screening results are written in bulk (≈ 150,000 rows per region-wide run at 1,000,000
-- enterprises, issue 4 benchmark). The foreign key enterprise_id → enterprises took a key-share lock
-- on one enterprises row per result (a WAL record each: about a third of a run's time at 1M); it is
-- replaced by a stronger rule that needs no per-row check: an enterprise is never deleted (one that
-- stops is closed: status 'closed'); its screening results, audits, lists and change history keep
-- referring to it. TRUNCATE (tests, restores) is not a row delete and is not affected.
CREATE FUNCTION "enterprises_never_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'enterprise % (%) cannot be deleted: enterprises are closed (status closed), never deleted', OLD."id", OLD."uscc"
    USING ERRCODE = 'restrict_violation';
END
$$;
--> statement-breakpoint
CREATE TRIGGER "enterprises_never_deleted" BEFORE DELETE ON "enterprises" FOR EACH ROW EXECUTE FUNCTION "enterprises_never_deleted"();
--> statement-breakpoint
ALTER TABLE "screening_results" DROP CONSTRAINT "screening_results_enterprise_id_enterprises_id_fk";
--> statement-breakpoint
-- Read whole only (evidence drawer, lists): json input is validated, not rebuilt into jsonb.
ALTER TABLE "screening_results" ALTER COLUMN "reasons" SET DATA TYPE json;
