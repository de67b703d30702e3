package org.coopt.workbench.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import org.coopt.workbench.coopt.OptimizedDataset;
import org.coopt.workbench.data.ImageDataset;
import org.coopt.workbench.nn.Architectures;
import org.coopt.workbench.nn.Architectures.ArchSpec;

/**
 * Trains a CoOpt student (METHOD.md §5) on an optimized dataset: the images are the source samples named
 * by {@code ids.npy} (row r ↔ sample ids[r]), the targets the memory-mapped rows of {@code targets.npy};
 * {@link StudentObjective} on a fresh backbone of {@code arch}, {@link TrainingLoop} with the settings.
 */
public final class StudentTraining {
    private StudentTraining() {}

    /**
     * The trained student.
     *
     * @param backbone the trained backbone (parameters on the caller's manager)
     * @param spec     its architecture
     * @param curve    per-epoch loss, images/s, monitor accuracy
     * @param seconds  training wall time (monitoring excluded)
     */
    public record Result(Block backbone, ArchSpec spec, TrainingCurve curve, double seconds) {
    }

    /** The source samples in optimized-dataset row order (a subset view of {@code source}). */
    public static ImageDataset images(OptimizedDataset optimized, ImageDataset source) {
        long[] ids = optimized.ids();
        int[] idx = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= source.size()) {
                throw new IllegalArgumentException("optimized dataset " + optimized.dir() + " names sample " + ids[i]
                        + ", outside " + source.name() + " (" + source.size() + " samples)");
            }
            idx[i] = (int) ids[i];
        }
        return source.subset(idx, source.name() + "-optimized");
    }

    /** Targets by row of the optimized dataset, read from the memory map per batch. */
    public static TargetSource targets(OptimizedDataset optimized) {
        return new TargetSource() {
            @Override
            public int size() {
                return optimized.size();
            }

            @Override
            public int dim() {
                return optimized.dim();
            }

            @Override
            public NDArray rows(NDManager manager, int[] indices) {
                return optimized.targets(manager, indices);
            }
        };
    }

    /**
     * Trains a student of {@code arch} (channels and image size taken from the data) for the settings.
     *
     * @param keep manager that will own the student's parameters (and optimizer state)
     */
    public static Result train(OptimizedDataset optimized, ImageDataset source, String arch, int width,
                               TrainSettings settings, long seed, EpochMonitor monitor, NDManager keep) {
        ImageDataset images = images(optimized, source);
        ArchSpec spec = new ArchSpec(arch, width, images.channels(), images.height());
        Block backbone = Architectures.backbone(spec);
        long t0 = System.nanoTime();
        try (TrainingLoop loop = new TrainingLoop(new StudentObjective(backbone, optimized.dim()), settings,
                new Shape(images.channels(), images.height(), images.width()), keep)) {
            TrainingCurve curve = loop.fit(images, targets(optimized), seed, monitor);
            return new Result(backbone, spec, curve, curve.points().isEmpty() ? (System.nanoTime() - t0) / 1e9
                    : curve.last().wallSeconds());
        }
    }
}
