package org.coopt.experiments.experiments;

/**
 * The main job, {@code ./coopt demo}: CoOpt with several participants (one zoo prior each) against BYOL
 * on Fashion-MNIST's unlabelled pool, under the same budget (table1's protocol restricted to these two
 * methods, sized to finish in minutes on 2 CPU cores).
 */
public final class Demo extends Table1 {
    @Override
    public String id() {
        return "demo";
    }

    @Override
    public String title() {
        return "The main job: CoOpt (4 participants, zoo priors) vs BYOL, same budget";
    }
}
