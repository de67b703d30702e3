package org.coopt.experiments.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.coopt.experiments.ResultRow;
import org.coopt.workbench.train.CurvePoint;

/**
 * Turns a {@link MethodOutcome} into tidy rows. Metrics: {@code probe_acc} (test accuracy, %, mean of
 * the last 3 probe epochs), {@code probe_std}, {@code probe_train_acc} (%, the probe on its own train split),
 * {@code probe_train_loss}, {@code probe_epochs} (epochs until the probe's loss plateaued), {@code probe_converged} (1 when it plateaued, 0 when
 * it hit the epoch cap still improving), {@code pretrain_s}, {@code stage_s:NAME} per stage, and
 * the training curve as rows with step E (the epoch) of {@code curve_wall_s}, {@code curve_acc} (monitor
 * accuracy, %) and {@code curve_loss}. The curve's wall time counts from the start of pre-training:
 * for CoOpt it includes the optimization (extraction, uniformity, alignment) done before the student's
 * first step, so the curves of all methods share one clock. A CoOpt outcome also records how its participants'
 * optimize steps ran: {@code participant_workers} (participants at a time; 1 = one after another) and
 * {@code participant_threads} (PyTorch intra-op threads of each).
 */
public final class Rows {
    /** The metric naming how many participants optimized at a time (1 = serial). */
    public static final String PARTICIPANT_WORKERS = "participant_workers";

    private Rows() {}

    public static List<ResultRow> of(String experiment, String variant, long seed, MethodOutcome o) {
        List<ResultRow> rows = new ArrayList<>();
        rows.add(new ResultRow(experiment, variant, seed, "probe_acc", 100 * o.probe().accuracy()));
        rows.add(new ResultRow(experiment, variant, seed, "probe_std", 100 * o.probe().std()));
        rows.add(new ResultRow(experiment, variant, seed, "probe_train_acc", 100 * o.probe().trainAccuracy()));
        rows.add(new ResultRow(experiment, variant, seed, "probe_train_loss", o.probe().trainLoss()));
        rows.add(new ResultRow(experiment, variant, seed, "probe_epochs", o.probe().epochsRun()));
        rows.add(new ResultRow(experiment, variant, seed, "probe_converged", o.probe().converged() ? 1 : 0));
        rows.add(new ResultRow(experiment, variant, seed, "pretrain_s", o.pretrainSeconds()));
        o.stageSeconds().forEach((k, v) -> rows.add(new ResultRow(experiment, variant, seed, "stage_s:" + k, v)));
        if (o.protocol() != null) {
            rows.add(new ResultRow(experiment, variant, seed, PARTICIPANT_WORKERS, o.protocol().parallelism().workers()));
            rows.add(new ResultRow(experiment, variant, seed, "participant_threads",
                    o.protocol().parallelism().threadsPerWorker()));
        }
        double before = o.pretrainSeconds() - o.stageSeconds().getOrDefault("train", 0.0);
        for (CurvePoint p : o.curve().points()) {
            rows.add(new ResultRow(experiment, variant, seed, "curve_wall_s", before + p.wallSeconds(), p.epoch()));
            rows.add(new ResultRow(experiment, variant, seed, "curve_loss", p.loss(), p.epoch()));
            if (!Double.isNaN(p.accuracy())) {
                rows.add(new ResultRow(experiment, variant, seed, "curve_acc", 100 * p.accuracy(), p.epoch()));
            }
        }
        return rows;
    }
}
