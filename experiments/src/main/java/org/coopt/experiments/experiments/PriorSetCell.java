package org.coopt.experiments.experiments;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.coopt.experiments.CellContext;
import org.coopt.experiments.ResultRow;
import org.coopt.experiments.pipeline.Budget;
import org.coopt.experiments.pipeline.CooptSettings;
import org.coopt.experiments.pipeline.MethodOutcome;
import org.coopt.experiments.pipeline.Pipeline;
import org.coopt.experiments.pipeline.Rows;
import org.coopt.experiments.pipeline.Workload;
import org.coopt.experiments.pipeline.ZooPriors;
import org.coopt.workbench.coopt.Alignment;
import org.coopt.workbench.coopt.ParticipantParallelism;
import org.coopt.workbench.coopt.Participant;
import org.coopt.workbench.coopt.Platform;
import org.coopt.workbench.coopt.PlatformSettings;
import org.coopt.workbench.coopt.ProtocolMessages.ParticipantReport;
import org.coopt.workbench.run.Seeds;
import org.coopt.workbench.zoo.ZooEntry;

/**
 * One CoOpt cell over a named list of zoo priors (participant k holds prior k, K = list size), shared
 * by the experiments that vary the prior set (table2, table3, table5, fig5b), and the reference cells of METHOD.md
 * §7b ({@link #reference}) that those and table4, fig5d and fig6 add to their variants. Besides the standard
 * {@link Rows} metrics it records, from each participant's {@code report.json}:
 * <ul>
 *   <li>{@code participant_s:k}: participant k's optimize step (feature extraction of its 1/K share and of
 *       S, uniformity, projection) in seconds;</li>
 *   <li>{@code participant_max_s}, {@code participant_sum_s}: their maximum and sum;</li>
 *   <li>{@code optimize_parallel_s} = stage_s:optimize − (wall time of the participants' optimize steps together)
 *       + participant_max_s: the optimization wall time when each of the K participants has its own machine (as
 *       in the protocol); platform steps (alignment, upload, merge) stay serial. Exact when this process ran the
 *       participants one after another (each measured on all cores, as Tab. 2 does); when they ran some at a time
 *       ({@code participant_workers} &gt; 1) each was measured on its share of the cores, next to the others, so
 *       participant_max_s and this value are upper bounds;</li>
 *   <li>{@code prior_acc_mean}: mean zoo probe accuracy (%) of the priors used.</li>
 * </ul>
 */
final class PriorSetCell {
    private PriorSetCell() {}

    /**
     * Runs CoOpt with {@code priorIds} on {@code w} under budget {@code b} and returns the tidy rows; the participants
     * optimize in parallel where cores allow ({@link ParticipantParallelism#auto(int)}).
     */
    static List<ResultRow> coopt(String experiment, String variant, long seed, Workload w, List<String> priorIds,
                                 CooptSettings coopt, Budget b, CellContext ctx) throws IOException {
        return coopt(experiment, variant, seed, w, priorIds, coopt, b, ctx, ParticipantParallelism.auto(priorIds.size()));
    }

    /** {@link #coopt(String, String, long, Workload, List, CooptSettings, Budget, CellContext)} on {@code schedule}. */
    static List<ResultRow> coopt(String experiment, String variant, long seed, Workload w, List<String> priorIds,
                                 CooptSettings coopt, Budget b, CellContext ctx, ParticipantParallelism schedule)
            throws IOException {
        PlatformSettings ps = coopt.platform(priorIds.size(), ctx.seeds());
        MethodOutcome o = Pipeline.cooptZoo(w, priorIds, ps, b, ctx.seeds(), ctx.scratch(), schedule);
        List<ResultRow> rows = new ArrayList<>(Rows.of(experiment, variant, seed, o));
        double max = 0;
        double sum = 0;
        for (int k = 0; k < priorIds.size(); k++) {
            ParticipantReport r = o.requireProtocol().reports().get(k);
            rows.add(new ResultRow(experiment, variant, seed, "participant_s:" + k, r.seconds()));
            max = Math.max(max, r.seconds());
            sum += r.seconds();
        }
        double optimize = o.stageSeconds().getOrDefault("optimize", sum);
        rows.add(new ResultRow(experiment, variant, seed, "participant_max_s", max));
        rows.add(new ResultRow(experiment, variant, seed, "participant_sum_s", sum));
        double together = o.requireProtocol().participantsSeconds();
        rows.add(new ResultRow(experiment, variant, seed, "optimize_parallel_s", optimize - together + max));
        double acc = 0;
        for (String id : priorIds) {
            ZooEntry e = ZooPriors.entry(w.zooPreset(), id);
            acc += 100 * e.probeAccuracy();
        }
        rows.add(new ResultRow(experiment, variant, seed, "prior_acc_mean", acc / priorIds.size()));
        return rows;
    }

    /**
     * The reference variants of an experiment's config (METHOD.md §7b), validated: null gives none; every name must
     * be one of {@link Pipeline#REFERENCES}, and {@code coopt-human} only where {@code humanAllowed} (the
     * experiment runs CoOpt with one fixed prior list that the human prior can replace).
     */
    static List<String> references(String experiment, List<String> references, boolean humanAllowed) {
        List<String> out = references == null ? List.of() : List.copyOf(references);
        for (String r : out) {
            if (!Pipeline.REFERENCES.contains(r)) {
                throw new IllegalArgumentException(experiment + ": unknown reference '" + r + "'; known: "
                        + String.join(", ", Pipeline.REFERENCES));
            }
            if (Pipeline.COOPT_HUMAN.equals(r) && !humanAllowed) {
                throw new IllegalArgumentException(experiment + ": reference coopt-human is not supported here; "
                        + "use raw-pixels, untrained or supervised");
            }
        }
        if (out.stream().distinct().count() != out.size()) {
            throw new IllegalArgumentException(experiment + ": references must not repeat, got " + out);
        }
        return out;
    }

    /**
     * A reference cell (METHOD.md §7b) under budget {@code b}: {@code raw-pixels} (probe on the pixels),
     * {@code untrained} (the budget's backbone at its seeded initialisation) or {@code supervised} (the budget's
     * backbone trained with cross-entropy on the true labels, the ceiling). {@code coopt-human} needs the
     * experiment's priors and is run by the experiment through {@link #coopt}.
     */
    static List<ResultRow> reference(String experiment, String variant, String reference, long seed, Workload w,
                                     Budget b, Seeds seeds) {
        MethodOutcome o = switch (reference) {
            case Pipeline.RAW_PIXELS -> Pipeline.rawPixels(w, b, seeds);
            case Pipeline.UNTRAINED -> Pipeline.untrained(w, b, seeds);
            case Pipeline.SUPERVISED -> Pipeline.supervised(w, b, seeds);
            default -> throw new IllegalArgumentException(experiment + ": no reference cell for '" + reference + "'");
        };
        return Rows.of(experiment, variant, seed, o);
    }

    /** An SSL baseline cell under the same budget. */
    static List<ResultRow> ssl(String experiment, String variant, String method, long seed, Workload w, Budget b,
                               CellContext ctx) {
        return Rows.of(experiment, variant, seed, Pipeline.ssl(method, w, b, ctx.seeds()));
    }
}
