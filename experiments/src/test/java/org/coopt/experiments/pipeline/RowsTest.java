package org.coopt.experiments.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.coopt.experiments.ResultRow;
import org.coopt.workbench.eval.ProbeResult;
import org.coopt.workbench.eval.ProbeSettings;
import org.coopt.workbench.train.CurvePoint;
import org.coopt.workbench.train.TrainingCurve;
import org.junit.jupiter.api.Test;

class RowsTest {

    @Test
    void curveClockIncludesOptimizationBeforeTheFirstStepAndAccuracyIsPercent() {
        TrainingCurve curve = new TrainingCurve();
        curve.add(new CurvePoint("coopt-student", 1, 10, 5.0, 0.4, 100, 0.7, "knn20"));
        curve.add(new CurvePoint("coopt-student", 2, 20, 10.0, 0.3, 100, 0.8, "knn20"));
        Map<String, Double> stages = new LinkedHashMap<>();
        stages.put("optimize", 3.0);
        stages.put("train", 10.0);
        ProbeResult probe = new ProbeResult(0.81, 0.002, new double[] {0.8, 0.81, 0.82}, 0.9, 1.0, ProbeSettings.defaults(), 0.3,
                new double[] {0.5, 0.4, 0.3}, true);
        List<ResultRow> rows = Rows.of("t", "coopt", 0, new MethodOutcome("coopt", probe, 13.0, stages, curve));
        Map<String, Double> m = new LinkedHashMap<>();
        rows.forEach(r -> m.put(r.hasStep() ? r.metric() + "@" + r.step() : r.metric(), r.value()));
        assertTrue(rows.stream().noneMatch(r -> r.metric().contains("@")), "no step packed into a metric name");
        assertEquals(81.0, m.get("probe_acc"), 1e-9);
        assertEquals(0.2, m.get("probe_std"), 1e-9);
        assertEquals(13.0, m.get("pretrain_s"), 1e-9);
        assertEquals(3.0, m.get("stage_s:optimize"), 1e-9);
        assertEquals(8.0, m.get("curve_wall_s@1"), 1e-9);  // 3 s of optimization + 5 s of training
        assertEquals(13.0, m.get("curve_wall_s@2"), 1e-9);
        assertEquals(80.0, m.get("curve_acc@2"), 1e-9);
    }
}
