package org.coopt.workbench.coopt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.coopt.workbench.util.UserInputException;
import org.coopt.workbench.coopt.ProtocolMessages.Manifest;
import org.coopt.workbench.io.MappedNpy;
import org.coopt.workbench.io.Npy;
import org.coopt.workbench.util.Json;

/**
 * The optimized dataset, CoOpt's shareable artifact: a folder with {@code targets.npy} (float32 N×d),
 * {@code ids.npy} (int64 sample indices into the source dataset) and {@code manifest.json}
 * ({@link Manifest}). Loads in Python with {@code numpy.load}; here the arrays are memory-mapped, so
 * targets for millions of samples never sit on the Java heap.
 */
public final class OptimizedDataset implements AutoCloseable {
    private final Path dir;
    private final Manifest manifest;
    private final MappedNpy targets;
    private final MappedNpy ids;

    private OptimizedDataset(Path dir, Manifest manifest, MappedNpy targets, MappedNpy ids) {
        this.dir = dir;
        this.manifest = manifest;
        this.targets = targets;
        this.ids = ids;
    }

    public static OptimizedDataset open(Path dir) throws IOException {
        Path json = dir.resolve("manifest.json");
        if (!Files.isRegularFile(json)) {
            throw new UserInputException(dir + " is not an optimized dataset (no manifest.json)");
        }
        Manifest m = Json.read(json, Manifest.class);
        MappedNpy t = Npy.mapMatrix(dir.resolve("targets.npy"), "targets");
        MappedNpy i = Npy.map(dir.resolve("ids.npy"));
        if (i.dtype() != Npy.DType.INT64 || i.rows() != t.rows() || t.cols() != m.dim()) {
            throw new UserInputException(dir + ": ids " + i.header() + " and targets " + t.header()
                    + " do not match each other or the manifest's d = " + m.dim());
        }
        return new OptimizedDataset(dir, m, t, i);
    }

    public Path dir() {
        return dir;
    }

    public Manifest manifest() {
        return manifest;
    }

    /** Number of samples N. */
    public int size() {
        return (int) targets.rows();
    }

    public int dim() {
        return targets.cols();
    }

    /** The memory-mapped targets (row r belongs to sample {@link #id(int)}). */
    public MappedNpy targets() {
        return targets;
    }

    public long id(int row) {
        return ids.getLong(row);
    }

    /** All ids (N longs on the heap). */
    public long[] ids() {
        return ids.readLongs(0, size());
    }

    /** Targets of rows {@code rows} as a (B, d) NDArray. */
    public NDArray targets(NDManager manager, int[] rows) {
        return targets.gather(manager, rows);
    }

    @Override
    public void close() {
        targets.close();
        ids.close();
    }
}
