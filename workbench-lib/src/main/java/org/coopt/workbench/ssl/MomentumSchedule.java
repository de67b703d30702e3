package org.coopt.workbench.ssl;

/**
 * Cosine schedule of the EMA coefficient (BYOL, Grill et al. 2020, Sec. 3.2; METHOD.md §6):
 * <pre>
 *   τ_k = τ_end − (τ_end − τ_base) · (cos(π·k/K) + 1) / 2,     k = 0..K (training steps)
 * </pre>
 * τ_0 = τ_base, τ_K = τ_end. Defaults: BYOL 0.99→1.0, MoCo v2 0.99→0.999, DINO 0.996→1.0.
 */
public record MomentumSchedule(double base, double end) {
    public MomentumSchedule {
        if (!(base >= 0 && base <= 1 && end >= 0 && end <= 1)) {
            throw new IllegalArgumentException("EMA coefficients must be in [0, 1], got " + base + " → " + end);
        }
    }

    public static final MomentumSchedule BYOL = new MomentumSchedule(0.99, 1.0);
    public static final MomentumSchedule MOCO = new MomentumSchedule(0.99, 0.999);
    public static final MomentumSchedule DINO = new MomentumSchedule(0.996, 1.0);

    /** τ at step k of K (k is clamped to [0, K]). */
    public double tau(long k, long total) {
        if (total <= 0) {
            return end;
        }
        double x = Math.min(Math.max(k, 0), total);
        return end - (end - base) * (Math.cos(Math.PI * x / total) + 1) / 2;
    }
}
