"""The PL/pgSQL function of the nightly recompute, as it was first installed (status_eval v1).

The SQL text is written here, not imported from app code, so this migration means the same
whatever the code becomes; later versions of the function come in later migrations.
"""

from django.db import migrations

STATUS_EVAL_SQL = r"""
CREATE OR REPLACE FUNCTION status_eval(
    paid varbit, counted varbit, state varbit, exempt varbit, canc varbit,
    m int, w int, look_end int, grace int[], extg int[], exta int[], amounts numeric[],
    mshi boolean,
    OUT status text, OUT reason text, OUT care text, OUT covered_mask int,
    OUT state_mask int, OUT debt_mask int, OUT debt_amount numeric, OUT lapses_on int)
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $fn$
-- Bit strings: position p (0-based, leftmost first) is one month; positions before the first
-- rule's month are marked in canc (not owed). m is today's month, w the window, look_end the
-- last month the grace look-ahead reaches. Arrays are indexed by position + 1.
DECLARE
    cov varbit := (paid | state) & ~canc;           -- bullet 1: covered (and owed)
    cnt varbit := counted & ~state & ~canc;         -- counted for the 60-month run
    deb varbit := ~(paid | state) & ~canc;          -- owed and not covered
    a varbit; gp varbit; g varbit; t text; t2 text;
    s int; x int; k int; step int; len int; gr int;
    block_run int := 0; last_run int := 0; dcount int := 0;
    past boolean; in_grace boolean := false;
BEGIN
    covered_mask := (substring(cov FROM m - w + 1 FOR w)::bit(32)::int >> (32 - w))
        & ((1 << w) - 1);
    state_mask := (substring(state & ~canc FROM m - w + 1 FOR w)::bit(32)::int >> (32 - w))
        & ((1 << w) - 1);
    debt_amount := 0;
    lapses_on := NULL;
    IF get_bit(exempt, m) = 1 THEN                  -- bullet 5: entitled, never owing
        status := 'exempt'; reason := 'exempt_category'; debt_mask := 0;
        care := CASE WHEN mshi THEN 'mshi' ELSE 'gvfmc' END;
        RETURN;
    END IF;
    debt_mask := (substring(deb FROM m - w + 1 FOR w)::bit(32)::int >> (32 - w))
        & ((1 << w) - 1);
    IF debt_mask <> 0 THEN                          -- bullet 2
        FOR k IN 0 .. w - 1 LOOP
            IF (debt_mask >> (w - 1 - k)) & 1 = 1 THEN
                debt_amount := debt_amount + amounts[k + 1];
            END IF;
        END LOOP;
    END IF;
    IF get_bit(state, m) = 1 AND get_bit(canc, m) = 0 THEN
        status := 'insured'; reason := 'state_paid_category';
    ELSIF covered_mask = (1 << w) - 1 THEN          -- Gain at m by the past: settled
        status := 'insured'; reason := 'paid_12_past_months';
    ELSE
        -- bullet 3: a[p] = cov[p-w+1 .. p] all covered, by doubling
        a := cov; k := 1;
        WHILE k < w LOOP
            step := least(k, w - k);
            a := a & (a >> step);
            k := k + step;
        END LOOP;
        gp := a >> 1;                               -- Gain by the past at p: a[p-1]
        g := gp | (a << (w - 1));                   -- ... or by the future: a[p+w-1]
        t := rtrim(substring(g FROM 1 FOR m + 1)::text, '0');
        s := length(t) - 1;                         -- the latest Gain month <= m
        IF s < 0 THEN
            status := 'not_insured';
            reason := CASE WHEN position('1' IN cov::text) > 0 THEN 'debt' ELSE 'no_payments' END;
        ELSE
            past := get_bit(gp, s) = 1;
            -- the run of bullet 4 through month s-1: the block of covered months ending there
            t := substring(cov FROM 1 FOR s)::text;
            IF right(t, 1) = '1' THEN
                len := length(t) - length(rtrim(t, '1'));
                block_run := bit_count(substring(cnt FROM s - len + 1 FOR len));
                last_run := block_run;
            ELSE
                t2 := rtrim(t, '0');
                len := length(t2) - length(rtrim(t2, '1'));
                last_run := CASE WHEN len > 0
                    THEN bit_count(substring(cnt FROM length(t2) - len + 1 FOR len)) ELSE 0 END;
            END IF;
            status := 'insured';
            reason := CASE WHEN past THEN 'paid_12_past_months' ELSE 'prepaid_12_months' END;
            x := s + 1;
            WHILE x <= look_end AND (x <= m OR in_grace) LOOP
                IF get_bit(cov, x - 1) = 1 THEN
                    block_run := block_run + get_bit(cnt, x - 1);
                    last_run := block_run;
                ELSE
                    block_run := 0;
                END IF;
                IF x > m AND get_bit(g, x) = 1 THEN  -- a new Gain (look-ahead only)
                    s := x; dcount := 0;
                ELSE
                    dcount := dcount + get_bit(deb, x - 1);
                    IF x - 1 - w >= s THEN
                        dcount := dcount - get_bit(deb, x - 1 - w);
                    END IF;
                    gr := grace[x + 1];
                    IF extg[x + 1] > 0 AND last_run >= exta[x + 1] THEN
                        gr := extg[x + 1];
                    END IF;
                    IF dcount >= gr THEN            -- bullet 4: Lapse
                        IF x <= m THEN
                            status := 'not_insured'; reason := 'debt';
                        ELSE
                            lapses_on := x;
                        END IF;
                        EXIT;
                    END IF;
                END IF;
                IF x = m AND dcount > 0 THEN       -- bullet 6: in grace
                    reason := 'grace_period'; in_grace := true;
                END IF;
                x := x + 1;
            END LOOP;
        END IF;
    END IF;
    care := CASE WHEN status <> 'not_insured' AND mshi THEN 'mshi' ELSE 'gvfmc' END;
END
$fn$;
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(STATUS_EVAL_SQL, params=None)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "DROP FUNCTION IF EXISTS status_eval(varbit, varbit, varbit, varbit, varbit, int, "
            "int, int, int[], int[], int[], numeric[], boolean)"
        )


class Migration(migrations.Migration):
    dependencies = [("status", "0004_categories_rules_roles")]

    operations = [migrations.RunPython(install, uninstall)]
