package org.coopt.workbench.prior;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import java.util.LinkedHashMap;
import java.util.Map;
import org.coopt.workbench.engine.Engines;
import org.coopt.workbench.nn.Architectures;
import org.coopt.workbench.nn.Architectures.ArchSpec;

/**
 * The "random" prior (METHOD.md §5): an untrained network, DJL's default initialisation drawn after seeding
 * the engine's generator with {@code seed}, so the same seed gives the same weights (and content hash).
 */
public final class RandomPrior {
    private RandomPrior() {}

    /** An untrained backbone of {@code spec}, kind {@code random}, id {@code <arch>-w<width>-random-s<seed>}. */
    public static BlockPrior create(ArchSpec spec, long seed) {
        Block block = Architectures.backbone(spec);
        NDManager manager = NDManager.newBaseManager(Engines.device());
        synchronized (Engine.class) {
            Engines.get().setRandomSeed((int) (seed ^ (seed >>> 32)));
            block.initialize(manager, DataType.FLOAT32, BlockPrior.inputShape(spec));
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("seed", seed);
        meta.put("trained", false);
        return BlockPrior.ofOwned(spec.name() + "-w" + spec.width() + "-random-s" + seed, "random", block, spec, meta,
                manager);
    }
}
