package org.coopt.workbench.prior;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.coopt.workbench.data.Datasets;
import org.coopt.workbench.data.ImageDataset;
import org.coopt.workbench.engine.Engines;
import org.coopt.workbench.io.FloatWriter;
import org.coopt.workbench.io.MappedNpy;
import org.coopt.workbench.io.Npy;
import org.coopt.workbench.io.NpyFormatException;
import org.coopt.workbench.util.Json;
import org.coopt.workbench.util.Log;

/**
 * Runs a prior over a dataset once (METHOD.md §1): batches of un-augmented, normalised images in eval mode,
 * streamed to a float32 {@code .npy} on disk, and cached by (prior content hash, data SHA-256) under
 * {@code <cache>/features/}: a second call with the same prior and data computes nothing. The cache file
 * appears only when complete (atomic rename), so an interrupted extraction is simply redone.
 *
 * @param cacheRoot the workbench cache ({@code $COOPT_CACHE}); features go to {@code cacheRoot/features}
 * @param batchSize images per forward pass (256)
 */
public record FeatureExtractor(Path cacheRoot, int batchSize) {
    public static final int DEFAULT_BATCH = 256;

    public FeatureExtractor {
        if (batchSize < 1) {
            throw new org.coopt.workbench.util.UserInputException("feature batch size must be >= 1, got " + batchSize);
        }
        if (cacheRoot != null && java.nio.file.Files.exists(cacheRoot) && !java.nio.file.Files.isDirectory(cacheRoot)) {
            throw new org.coopt.workbench.util.UserInputException("feature cache " + cacheRoot + " is a file; "
                    + "give a folder (default $COOPT_CACHE)");
        }
    }

    /** The default cache ({@link Datasets#cacheDir()}) and batch size. */
    public FeatureExtractor() {
        this(Datasets.cacheDir(), DEFAULT_BATCH);
    }

    /** Where the features of (prior, data) are cached. */
    public Path cacheFile(PriorModel prior, ImageDataset data) {
        return cacheRoot.resolve("features")
                .resolve(prior.contentHash().substring(0, 20) + "-" + data.sha256().substring(0, 20) + ".npy");
    }

    /**
     * Whether {@code file} is a usable cache entry: its sidecar names this prior and data and records the file's
     * SHA-256, which the file still has, and the matrix is N×m. Anything else (no sidecar, an entry from before the
     * hash was recorded, a flipped bit, a truncation, another shape) is recomputed, never reused.
     */
    private static boolean cacheHit(Path file, PriorModel prior, ImageDataset data) throws IOException {
        Path side = sidecar(file);
        if (!Files.isRegularFile(file) || !Files.isRegularFile(side)) {
            return false;
        }
        Map<?, ?> meta;
        try {
            meta = Json.read(side, Map.class);
        } catch (org.coopt.workbench.util.UserInputException e) {
            return false;
        }
        if (!(meta.get("sha256") instanceof String sha) || !prior.contentHash().equals(meta.get("priorHash"))
                || !data.sha256().equals(meta.get("dataSha256"))) {
            return false;
        }
        try (MappedNpy m = Npy.mapMatrix(file, "cached features")) {
            if (m.rows() != data.size() || m.cols() != prior.outputDim()) {
                return false;
            }
        } catch (NpyFormatException e) {
            return false;
        }
        if (!sha.equals(org.coopt.workbench.data.FileHashIndex.sha256(file))) { // read when its status changed
            Log.warn("[features] cache entry " + file + " does not match its recorded SHA-256; computing it again");
            return false;
        }
        return true;
    }

    private static Path sidecar(Path file) {
        return file.resolveSibling(file.getFileName().toString().replace(".npy", ".json"));
    }

    /** Features of every sample of {@code data} (row i = sample i), from the cache or computed now. */
    public Features extract(PriorModel prior, ImageDataset data) throws IOException {
        long t0 = System.nanoTime();
        Path file = cacheFile(prior, data);
        if (cacheHit(file, prior, data)) {
            return new Features(file, prior.id(), prior.contentHash(), data.name(), data.sha256(), data.size(),
                    prior.outputDim(), true, (System.nanoTime() - t0) / 1e9);
        }
        int n = data.size();
        long lastLog = System.nanoTime();
        try (Engines.Scope fast = Engines.inference();
             NDManager manager = NDManager.newBaseManager(Engines.device());
             FloatWriter w = Npy.floatWriter(file, prior.outputDim())) {
            for (int start = 0; start < n; start += batchSize) {
                org.coopt.workbench.util.Interrupts.check("feature extraction of " + data.name());
                int b = Math.min(batchSize, n - start);
                int[] idx = new int[b];
                for (int i = 0; i < b; i++) {
                    idx[i] = start + i;
                }
                try (NDManager sub = manager.newSubManager()) {
                    NDArray f = prior.extract(sub, data, idx);
                    w.append(f);
                }
                if (System.nanoTime() - lastLog > 5e9) {
                    Log.infof("[features] %s on %s: %d / %d", prior.id(), data.name(), start + b, n);
                    lastLog = System.nanoTime();
                }
            }
            w.finish();
        }
        Map<String, Object> sidecar = new LinkedHashMap<>();
        sidecar.put("prior", prior.id());
        sidecar.put("priorKind", prior.kind());
        sidecar.put("priorHash", prior.contentHash());
        sidecar.put("data", data.name());
        sidecar.put("dataSha256", data.sha256());
        sidecar.put("rows", n);
        sidecar.put("dim", prior.outputDim());
        sidecar.put("sha256", org.coopt.workbench.util.Hashing.sha256(file));
        Json.write(sidecar(file), sidecar);
        return new Features(file, prior.id(), prior.contentHash(), data.name(), data.sha256(), n, prior.outputDim(),
                false, (System.nanoTime() - t0) / 1e9);
    }
}
