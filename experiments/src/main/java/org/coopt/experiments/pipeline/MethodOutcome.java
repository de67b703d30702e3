package org.coopt.experiments.pipeline;

import java.util.Map;
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
 */
public record MethodOutcome(String method, ProbeResult probe, double pretrainSeconds, Map<String, Double> stageSeconds,
                            TrainingCurve curve) {}
