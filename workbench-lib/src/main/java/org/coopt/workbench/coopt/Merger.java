package org.coopt.workbench.coopt;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.coopt.workbench.util.AtomicFiles;
import org.coopt.workbench.coopt.ProtocolMessages.AlignmentDecision;
import org.coopt.workbench.coopt.ProtocolMessages.Manifest;
import org.coopt.workbench.coopt.ProtocolMessages.ManifestParticipant;
import org.coopt.workbench.coopt.ProtocolMessages.UploadInfo;
import org.coopt.workbench.engine.Engines;
import org.coopt.workbench.io.FloatWriter;
import org.coopt.workbench.io.MappedNpy;
import org.coopt.workbench.io.Npy;
import org.coopt.workbench.io.NpyFormatException;
import org.coopt.workbench.run.Provenance;
import org.coopt.workbench.util.FolderLock;
import org.coopt.workbench.util.Hashing;
import org.coopt.workbench.util.Json;
import org.coopt.workbench.util.Log;

/**
 * Step 5, Merge (paper Sec. 3.2; METHOD.md §2): validates every upload and writes the optimized dataset.
 *
 * <p>Each upload must have: its folder and upload.json naming the right participant; files matching the
 * SHA-256 recorded at upload; targets float32 N_k×d; as many ids as target rows; every id inside the
 * participant's subset; no id twice; all of the subset (full coverage); only finite values. The first fault
 * found refuses the merge with an {@link UploadRejectedException} naming the participant and the fault,
 * and nothing is written.
 *
 * <p>Output, written in a temp folder and renamed to {@code merged/} only when complete: {@code targets.npy}
 * (float32 N×d, row i = sample ids[i]), {@code ids.npy} (int64, ascending) and {@code manifest.json}.
 * Targets are read memory-mapped and streamed in id order, so the heap holds only O(N) ints, never the
 * N×d targets.
 */
public final class Merger {
    private final Platform platform;

    public Merger(Platform platform) {
        this.platform = platform;
    }

    public OptimizedDataset merge() throws IOException {
        return merge(0);
    }

    /** Merges and records {@code round} in the manifest (0 for a single-round platform). */
    public OptimizedDataset merge(int round) throws IOException {
        try (FolderLock lock = platform.lock()) {
            return mergeLocked(round);
        }
    }

    private OptimizedDataset mergeLocked(int round) throws IOException {
        long t0 = System.nanoTime();
        Instant started = Instant.now();
        PlatformSettings s = platform.settings();
        AlignmentDecision decision = platform.alignment();
        Partition part = platform.partition();
        int n = part.size();
        int k = part.participants();
        int d = s.dim();
        int[] owner = part.owners();
        int[] sourceParticipant = new int[n];
        int[] sourceRow = new int[n];
        java.util.Arrays.fill(sourceParticipant, -1);
        List<UploadInfo> infos = new ArrayList<>();
        List<MappedNpy> targets = new ArrayList<>();
        try {
            for (int p = 0; p < k; p++) {
                UploadInfo info = validate(p, part, owner, d, sourceParticipant, sourceRow, decision);
                infos.add(info);
                targets.add(Npy.mapMatrix(platform.uploadDir(p).resolve("targets.npy"), "targets"));
            }
            for (int id = 0; id < n; id++) {
                if (sourceParticipant[id] < 0) {
                    throw new IllegalStateException("sample " + id + " is covered by no upload although every upload "
                            + "covers its subset: the partition is not a partition");
                }
            }
            String uploadsSha = uploadsSha256(infos);
            Path existing = platform.mergedDir().resolve("manifest.json");
            if (Files.isRegularFile(existing)) {
                Manifest m = Json.read(existing, Manifest.class);
                if (uploadsSha.equals(m.uploadsSha256()) && m.round() == round) {
                    // merged from these very uploads already: returned only when it is still what was written
                    String fault = OptimizedDataset.damage(platform.mergedDir());
                    if (fault == null) {
                        return OptimizedDataset.open(platform.mergedDir());
                    }
                    Log.warn("[merge] " + platform.mergedDir() + ": " + fault + "; merging again from the uploads");
                }
            }
            Path parent = platform.dir();
            Path tmp = AtomicFiles.tempDirectory(parent, ".merged-");
            try {
                try (FloatWriter w = Npy.floatWriter(tmp.resolve("targets.npy"), d)) {
                    float[] row = new float[d];
                    for (int id = 0; id < n; id++) {
                        targets.get(sourceParticipant[id]).readFloats(sourceRow[id], 1, row, 0);
                        w.append(row, 0, 1);
                    }
                    w.finish();
                }
                long[] ids = new long[n];
                java.util.Arrays.setAll(ids, i -> i);
                Npy.writeInt64(tmp.resolve("ids.npy"), ids);
                Manifest manifest = manifest(s, decision, part, infos, round, Hashing.sha256(tmp.resolve("targets.npy")),
                        Hashing.sha256(tmp.resolve("ids.npy")), uploadsSha);
                Json.write(tmp.resolve("manifest.json"), manifest);
                Map<String, String> datasets = new LinkedHashMap<>();
                datasets.put(platform.info().data().name(), platform.info().data().sha256());
                Map<String, Double> wall = new LinkedHashMap<>();
                wall.put("merge", (System.nanoTime() - t0) / 1e9);
                Json.write(tmp.resolve("provenance.json"), Provenance.capture(datasets, platform.info().seeds(), wall,
                        started, Instant.now(), "finished"));
                Path dest = platform.mergedDir();
                Path old = null;
                if (Files.exists(dest)) {
                    old = AtomicFiles.tempDirectory(parent, ".merged-old-");
                    Files.delete(old);
                    Files.move(dest, old, StandardCopyOption.ATOMIC_MOVE);
                }
                Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE);
                if (old != null) {
                    AtomicFiles.deleteTree(old);
                }
            } finally {
                AtomicFiles.deleteTree(tmp);
            }
        } finally {
            targets.forEach(MappedNpy::close);
        }
        Log.infof("[merge] %d participants, %d×%d targets in %.1f s", k, n, d, (System.nanoTime() - t0) / 1e9);
        return OptimizedDataset.open(platform.mergedDir());
    }

    /** One hash over the uploads a merge reads: "p:targets-sha:ids-sha" lines in participant order. */
    static String uploadsSha256(List<UploadInfo> infos) {
        StringBuilder sb = new StringBuilder();
        for (UploadInfo u : infos) {
            sb.append(u.participant()).append(':').append(u.targetsSha256()).append(':').append(u.idsSha256()).append('\n');
        }
        return Hashing.sha256(sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private UploadInfo validate(int p, Partition part, int[] owner, int d, int[] srcP, int[] srcRow,
                                AlignmentDecision decision) throws IOException {
        Path dir = platform.uploadDir(p);
        Path json = dir.resolve("upload.json");
        if (!Files.isRegularFile(json)) {
            throw new UploadRejectedException(p, "nothing uploaded (no " + json + "); run 'coopt participant upload --id " + p + "'");
        }
        UploadInfo info = Json.read(json, UploadInfo.class);
        if (info.participant() != p) {
            throw new UploadRejectedException(p, "upload.json names participant " + info.participant());
        }
        if (info.reference() != decision.reference()
                || !java.util.Objects.equals(info.referenceSha256(), decision.referenceSha256())) {
            throw new UploadRejectedException(p, "was aligned against reference " + info.reference() + " (SHA-256 "
                    + info.referenceSha256() + "), not the published reference " + decision.reference() + " (SHA-256 "
                    + decision.referenceSha256() + "); re-run its upload against the current alignment");
        }
        if (Double.compare(info.uniformity(), decision.uniformity()[p]) != 0) {
            throw new UploadRejectedException(p, "uploaded targets of prior " + info.priorId() + " (U = " + info.uniformity()
                    + "), not of the prior the platform aligned with (U = " + decision.uniformity()[p] + ")");
        }
        Path tf = dir.resolve("targets.npy");
        Path idf = dir.resolve("ids.npy");
        for (Path f : List.of(tf, idf)) {
            if (!Files.isRegularFile(f)) {
                throw new UploadRejectedException(p, "missing " + f.getFileName());
            }
        }
        if (!Hashing.sha256(tf).equals(info.targetsSha256()) || !Hashing.sha256(idf).equals(info.idsSha256())) {
            throw new UploadRejectedException(p, "files do not match the SHA-256 recorded in upload.json (changed after upload)");
        }
        try (MappedNpy t = Npy.map(tf); MappedNpy ids = Npy.map(idf)) {
            if (t.dtype() != Npy.DType.FLOAT32 || t.header().shape().length != 2) {
                throw new UploadRejectedException(p, "targets must be a float32 N×" + d + " matrix, got " + t.header());
            }
            if (t.cols() != d) {
                throw new UploadRejectedException(p, "targets have " + t.cols() + " columns, the platform's d is " + d);
            }
            if (ids.dtype() != Npy.DType.INT64 || ids.header().shape().length != 1) {
                throw new UploadRejectedException(p, "ids must be an int64 vector, got " + ids.header());
            }
            if (ids.rows() != t.rows()) {
                throw new UploadRejectedException(p, ids.rows() + " ids but " + t.rows() + " target rows (shape mismatch)");
            }
            int rows = (int) t.rows();
            BitSet seen = new BitSet(part.size());
            int block = 65_536;
            for (int from = 0; from < rows; from += block) {
                int m = Math.min(block, rows - from);
                long[] chunk = ids.readLongs(from, m);
                for (int i = 0; i < m; i++) {
                    long id = chunk[i];
                    if (id < 0 || id >= part.size() || owner[(int) id] != p) {
                        throw new UploadRejectedException(p, "id " + id + " (row " + (from + i) + ") is not in its subset"
                                + (id >= 0 && id < part.size() ? " (it belongs to participant " + owner[(int) id] + ")" : ""));
                    }
                    if (seen.get((int) id)) {
                        throw new UploadRejectedException(p, "id " + id + " appears more than once (row " + (from + i) + ")");
                    }
                    seen.set((int) id);
                    srcP[(int) id] = p;
                    srcRow[(int) id] = from + i;
                }
            }
            if (rows != part.subsets()[p].length) {
                throw new UploadRejectedException(p, "covers " + rows + " of its " + part.subsets()[p].length
                        + " samples; every sample of the subset needs a target");
            }
            int tb = Math.max(1, (1 << 20) / Math.max(1, d));
            float[] buf = new float[tb * d];
            for (int from = 0; from < rows; from += tb) {
                int m = Math.min(tb, rows - from);
                t.readFloats(from, m, buf, 0);
                for (int i = 0; i < m * d; i++) {
                    if (!Float.isFinite(buf[i])) {
                        int r = from + i / d;
                        throw new UploadRejectedException(p, "target row " + r + " (id " + ids.getLong(r) + ") holds "
                                + buf[i] + "; every value must be finite");
                    }
                }
            }
        } catch (NpyFormatException e) {
            throw new UploadRejectedException(p, e.getMessage());
        }
        return info;
    }

    private Manifest manifest(PlatformSettings s, AlignmentDecision decision, Partition part, List<UploadInfo> infos,
                              int round, String targetsSha, String idsSha, String uploadsSha) {
        List<ManifestParticipant> ps = new ArrayList<>();
        for (UploadInfo u : infos) {
            ps.add(new ManifestParticipant(u.participant(), u.rows(), u.priorId(), u.priorKind(), u.priorHash(),
                    u.uniformity(), u.projectionSeed(), u.reference() >= 0 && u.reference() != u.participant()));
        }
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("workbench", "0.1.0");
        versions.put("gitCommit", gitCommit());
        versions.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
        versions.put("djl", Engine.getDjlVersion());
        versions.put("pytorch", Engines.get().getVersion());
        return new Manifest(Manifest.FORMAT, platform.info().data(), part.size(), s.dim(), decision.choice(),
                decision.reference(), decision.solver(), decision.lambda(), part.shared().length, s.sharedFraction(),
                ps, platform.info().seeds(), versions, round, targetsSha, idsSha, Instant.now(), uploadsSha);
    }

    private static String gitCommit() {
        try {
            Process p = new ProcessBuilder("git", "-C", Provenance.repoRoot().toString(), "rev-parse", "HEAD")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor() == 0 ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
