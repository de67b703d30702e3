package org.coopt.workbench.coopt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.coopt.workbench.util.UserInputException;
import org.coopt.workbench.coopt.ProtocolMessages.Manifest;
import org.coopt.workbench.io.MappedNpy;
import org.coopt.workbench.io.NonFinite;
import org.coopt.workbench.io.Npy;
import org.coopt.workbench.util.Hashing;
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

    /**
     * Opens {@code dir} after checking it is the dataset its manifest describes ({@link #damage}): a changed,
     * truncated or NaN-filled file is refused with one line, never handed to a student.
     */
    public static OptimizedDataset open(Path dir) throws IOException {
        Path json = dir.resolve("manifest.json");
        if (!Files.isRegularFile(json)) {
            throw new UserInputException(dir + " is not an optimized dataset (no manifest.json)");
        }
        String fault = damage(dir);
        if (fault != null) {
            throw new UserInputException(dir + ": " + fault + "; merge it again ('coopt platform merge --dir "
                    + (dir.toAbsolutePath().getParent() == null ? "P" : dir.toAbsolutePath().getParent()) + "')");
        }
        return openUnchecked(dir);
    }

    private static OptimizedDataset openUnchecked(Path dir) throws IOException {
        Manifest m = Json.read(dir.resolve("manifest.json"), Manifest.class);
        MappedNpy t = Npy.mapMatrix(dir.resolve("targets.npy"), "targets");
        MappedNpy i;
        try {
            i = Npy.map(dir.resolve("ids.npy"));
        } catch (IOException | RuntimeException e) {
            t.close(); // no mapping is left behind by a refusal
            throw e;
        }
        if (i.dtype() != Npy.DType.INT64 || i.rows() != t.rows() || t.cols() != m.dim()) {
            t.close();
            i.close();
            throw new UserInputException(dir + ": ids " + i.header() + " and targets " + t.header()
                    + " do not match each other or the manifest's d = " + m.dim());
        }
        return new OptimizedDataset(dir, m, t, i);
    }

    /**
     * What is wrong with the optimized dataset in {@code dir}, or null when it is whole: a file missing, a file
     * whose SHA-256 differs from the one {@code manifest.json} records (a flipped bit, a truncation, any edit), a
     * header that does not parse, ids and targets of different lengths or the wrong d, or a non-finite target
     * ({@link NonFinite}; checked even when the hashes match, since a manifest can be rewritten along with its
     * files). Reads every byte once (SHA-256 at disk speed): the price of never reusing a damaged artifact.
     */
    public static String damage(Path dir) throws IOException {
        Path json = dir.resolve("manifest.json");
        if (!Files.isRegularFile(json)) {
            return "no manifest.json";
        }
        Manifest m;
        try {
            m = Json.read(json, Manifest.class);
        } catch (UserInputException e) {
            return e.getMessage();
        }
        if (m == null) {
            return "manifest.json is empty";
        }
        Path tf = dir.resolve("targets.npy");
        Path idf = dir.resolve("ids.npy");
        for (Path f : java.util.List.of(tf, idf)) {
            if (!Files.isRegularFile(f)) {
                return "missing " + f.getFileName();
            }
        }
        if (recorded(m.targetsSha256()) && !Hashing.sha256(tf).equals(m.targetsSha256())) {
            return "targets.npy does not match the SHA-256 recorded in manifest.json (changed after the merge)";
        }
        if (recorded(m.idsSha256()) && !Hashing.sha256(idf).equals(m.idsSha256())) {
            return "ids.npy does not match the SHA-256 recorded in manifest.json (changed after the merge)";
        }
        try (OptimizedDataset od = openUnchecked(dir)) {
            NonFinite bad = NonFinite.find(od.targets);
            if (bad != null) {
                return "targets.npy holds " + bad + "; every target must be finite";
            }
        } catch (UserInputException e) {
            return e.getMessage();
        }
        return null;
    }

    /** Whether a manifest records a hash (datasets written by hand or before hashes existed have none). */
    private static boolean recorded(String sha) {
        return sha != null && !sha.isEmpty();
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
