package org.coopt.workbench.ssl.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/**
 * DINO loss (Caron et al. 2021, Eq. 1–4 and Alg. 1; METHOD.md §6: T_s = 0.1, T_t 0.04→0.07, centre
 * EMA m = 0.9), as solo-learn's {@code DINOLoss} with two global views.
 *
 * <pre>
 *   P_t(w) = softmax((sg(t_w) − c) / T_t),   log P_s(v) = log softmax(s_v / T_s)
 *   ℓ(w, v) = −(1/B) Σ_i Σ_k P_t(w)_ik · log P_s(v)_ik
 *   L = ½ [ ℓ(1, 2) + ℓ(2, 1) ]                          (teacher view w ≠ student view v)
 *   c ← m·c + (1 − m) · mean over both views and the batch of t     (after each step)
 *   T_t(step) = T_t0 + (T_t1 − T_t0) · min(step / warmup, 1)        (linear warm-up, then constant)
 * </pre>
 * s = student head outputs, t = teacher (momentum) head outputs, both B×K; c is 1×K.
 */
public final class DinoLoss {
    public static final float STUDENT_TEMPERATURE = 0.1f;
    public static final float TEACHER_TEMPERATURE_START = 0.04f;
    public static final float TEACHER_TEMPERATURE_END = 0.07f;
    public static final float CENTER_MOMENTUM = 0.9f;

    private DinoLoss() {}

    /** ℓ(w, v) for one teacher view and one student view. */
    public static NDArray loss(NDArray student, NDArray teacher, NDArray center,
                               float studentTemperature, float teacherTemperature) {
        NDArray pt = teacher.stopGradient().sub(Ops.detached(center, teacher)).div(teacherTemperature).softmax(1);
        NDArray logPs = student.div(studentTemperature).logSoftmax(1);
        return pt.mul(logPs).sum(new int[] {1}).mean().neg();
    }

    /** ½ [ℓ(t₁ → s₂) + ℓ(t₂ → s₁)]. */
    public static NDArray symmetric(NDArray s1, NDArray s2, NDArray t1, NDArray t2, NDArray center,
                                    float studentTemperature, float teacherTemperature) {
        return loss(s2, t1, center, studentTemperature, teacherTemperature)
                .add(loss(s1, t2, center, studentTemperature, teacherTemperature)).mul(0.5f);
    }

    /** The new centre m·c + (1 − m)·mean(t₁ ∪ t₂) (a new array on {@code t1}'s manager; detached). */
    public static NDArray updatedCenter(NDArray center, NDArray t1, NDArray t2, float momentum) {
        NDArray batchMean = NDArrays.concat(new NDList(t1, t2), 0).stopGradient().mean(new int[] {0}, true);
        return Ops.detached(center, t1).mul(momentum).add(batchMean.mul(1 - momentum));
    }

    /** T_t at {@code step}: linear from {@code start} to {@code end} over {@code warmupSteps}, then {@code end}. */
    public static float teacherTemperature(long step, long warmupSteps, float start, float end) {
        if (warmupSteps <= 0 || step >= warmupSteps) {
            return end;
        }
        return start + (end - start) * (float) step / warmupSteps;
    }
}
