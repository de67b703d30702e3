package org.coopt.experiments.pipeline;

import java.util.Map;
import org.coopt.workbench.coopt.Simulation;
import org.coopt.workbench.eval.ProbeResult;
import org.coopt.workbench.train.TrainingCurve;

/**
 * What one pre-training method produced in one cell.
 *
 * @param method          "coopt" or an SSL method name
 * @param probe           linear-probe result (mean ± std over the last 3 probe epochs)
 * @param pretrainSeconds wall time of pre-training (METHOD.md §7): target extraction + uniformity +
 *                        alignment + student training for CoOpt; SSL training for the baselines.
 *                        Per-epoch monitoring is excluded.
 * @param stageSeconds    the parts of {@code pretrainSeconds}
 * @param curve           per-epoch loss, images/s and monitor accuracy (the training-dynamics curve)
 * @param protocol        for CoOpt, what the platform's steps reported (reports, alignment, uploads); else null
 */
public record MethodOutcome(String method, ProbeResult probe, double pretrainSeconds, Map<String, Double> stageSeconds,
                            TrainingCurve curve, Simulation.Protocol protocol) {
    /** An outcome without a CoOpt protocol (SSL baselines, references). */
    public MethodOutcome(String method, ProbeResult probe, double pretrainSeconds, Map<String, Double> stageSeconds,
                         TrainingCurve curve) {
        this(method, probe, pretrainSeconds, stageSeconds, curve, null);
    }

    /** The CoOpt protocol of this outcome; an error for outcomes that have none. */
    public Simulation.Protocol requireProtocol() {
        if (protocol == null) {
            throw new IllegalStateException(method + " ran no CoOpt protocol");
        }
        return protocol;
    }

    MethodOutcome withProtocol(Simulation.Protocol p) {
        return new MethodOutcome(method, probe, pretrainSeconds, stageSeconds, curve, p);
    }
}
