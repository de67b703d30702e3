package org.coopt.workbench.coopt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.coopt.workbench.util.UserInputException;
import org.coopt.workbench.coopt.ProtocolMessages.AlignmentDecision;
import org.coopt.workbench.coopt.ProtocolMessages.ParticipantReport;
import org.coopt.workbench.coopt.ProtocolMessages.UniformityReport;
import org.coopt.workbench.coopt.ProtocolMessages.UploadInfo;
import org.coopt.workbench.data.ImageDataset;
import org.coopt.workbench.engine.Engines;
import org.coopt.workbench.io.FloatWriter;
import org.coopt.workbench.io.MappedNpy;
import org.coopt.workbench.io.Npy;
import org.coopt.workbench.prior.FeatureExtractor;
import org.coopt.workbench.prior.Features;
import org.coopt.workbench.prior.PriorModel;
import org.coopt.workbench.util.AtomicFiles;
import org.coopt.workbench.util.ByteSize;
import org.coopt.workbench.util.FolderLock;
import org.coopt.workbench.util.Hashing;
import org.coopt.workbench.util.Json;
import org.coopt.workbench.util.Log;

/**
 * Participant k of a {@link Platform}: steps 2 (optimize), 3 (report U_k, align) and 4 (upload).
 * Every step can be re-run after a crash: finished work is found on disk (features in the cache, report and
 * targets written atomically) and skipped; an upload is a folder renamed into place in one step, so it is
 * either absent or complete, and a second upload of the same work is a no-op.
 */
public final class Participant {
    private final Platform platform;
    private final int k;
    private final FeatureExtractor extractor;

    public Participant(Platform platform, int k, FeatureExtractor extractor) {
        platform.checkParticipant(k);
        this.platform = platform;
        this.k = k;
        this.extractor = extractor;
    }

    public int index() {
        return k;
    }

    private Path work() {
        return platform.participantDir(k);
    }

    private Path reportFile() {
        return work().resolve("report.json");
    }

    /** The optimize step's report, or null if it has not finished. */
    public ParticipantReport report() throws IOException {
        return Files.isRegularFile(reportFile()) ? Json.read(reportFile(), ParticipantReport.class) : null;
    }

    /**
     * Step 2 and 3a: features f_k of D_k and S (cached), U_k on S's raw features (Eq. 3), targets
     * Y_k = P_k f_k(D_k) and Y_k^S = P_k f_k(S) with the recorded projection seed; reports U_k to the platform.
     * Returns the existing report when this prior's work is already done (resume). After the platform aligned,
     * the prior is frozen: another prior is refused (it belongs in a new round). <b>(decision)</b> d may exceed
     * the prior's feature size m: the projection is then an embedding of rank m, which the paper's own human
     * prior needs (10 one-hot classes under d = 128), as do small priors such as ResNet-18 w8 (64 features);
     * absurd d are refused at init (d ≤ N) and here when the targets would not fit the disk.
     */
    public ParticipantReport optimize(PriorModel prior, ImageDataset data) throws IOException {
        try (FolderLock lock = platform.participantLock(k)) {
            return optimizeLocked(prior, data);
        }
    }

    private ParticipantReport optimizeLocked(PriorModel prior, ImageDataset data) throws IOException {
        long t0 = System.nanoTime();
        PriorInfo info = PriorInfo.of(prior);
        ParticipantReport done = prepare(info, data);
        if (done != null) {
            return done;
        }
        Partition part = platform.partition();
        ImageDataset own = data.subset(part.subsets()[k], data.name() + "-" + Platform.participantName(k));
        ImageDataset shared = data.subset(part.shared(), data.name() + "-shared");
        Features fk = extractor.extract(prior, own);
        Features fs = extractor.extract(prior, shared);
        Log.info("[participant " + k + "] features ready (" + prior.id() + ", " + fk.rows() + " + "
                + fs.rows() + " rows" + (fk.cached() && fs.cached() ? ", cached" : "") + ")");
        JlProjection proj = projection(info);
        try (NDManager m = NDManager.newBaseManager(Engines.device())) {
            proj.apply(fk.file(), work().resolve("targets.npy"), m);
            proj.apply(fs.file(), work().resolve("shared-targets.npy"), m);
        }
        return finish(info, fs.file(), fk.seconds() + fs.seconds(), t0);
    }

    /**
     * Step 2 computed elsewhere: the scale-out module's Spark tasks extract and project this participant's rows
     * and {@code writer} assembles their shards into the two target files; this checks and records the result
     * exactly as {@link #optimize} does (U_k on S's raw features, the report, the reported U). The same refusals
     * hold (another dataset, a prior after align or after upload), and the same resume: finished work of this
     * prior is returned without calling {@code writer}.
     *
     * @param writer writes {@code targets.npy} (Y_k, rows in partition order), {@code shared-targets.npy} (Y_k^S)
     *               and the shared set's raw features f_k(S) to the three paths it is given
     * @param featureSeconds the extraction time the tasks took (summed), for the report
     */
    public ParticipantReport optimizeExternal(PriorInfo info, ImageDataset data, TargetWriter writer,
                                              double featureSeconds) throws IOException {
        try (FolderLock lock = platform.participantLock(k)) {
            long t0 = System.nanoTime();
            ParticipantReport done = prepare(info, data);
            if (done != null) {
                return done;
            }
            Path sharedFeatures = work().resolve("shared-features.npy");
            writer.write(work().resolve("targets.npy"), work().resolve("shared-targets.npy"), sharedFeatures);
            Partition part = platform.partition();
            checkRows(work().resolve("targets.npy"), part.subsets()[k].length, platform.settings().dim());
            checkRows(work().resolve("shared-targets.npy"), part.shared().length, platform.settings().dim());
            checkRows(sharedFeatures, part.shared().length, info.outputDim());
            try {
                return finish(info, sharedFeatures, featureSeconds, t0);
            } finally {
                Files.deleteIfExists(sharedFeatures);
            }
        }
    }

    /** Writes a participant's target files (see {@link #optimizeExternal}). */
    @FunctionalInterface
    public interface TargetWriter {
        void write(Path targets, Path sharedTargets, Path sharedFeatures) throws IOException;
    }

    /** What the report records of a prior: its identity, without its weights. */
    public record PriorInfo(String id, String kind, String contentHash, int outputDim) {
        public static PriorInfo of(PriorModel p) {
            return new PriorInfo(p.id(), p.kind(), p.contentHash(), p.outputDim());
        }
    }

    private static void checkRows(Path file, long rows, int cols) throws IOException {
        try (MappedNpy m = Npy.mapMatrix(file, "targets")) {
            if (m.rows() != rows || m.cols() != cols) {
                throw new UserInputException(file + " has " + m.rows() + "×" + m.cols() + " values, expected " + rows
                        + "×" + cols + "; an extraction task wrote a wrong shard");
            }
        }
    }

    /** Participant k's projection P_k for this prior (seed recorded by the platform). */
    private JlProjection projection(PriorInfo info) {
        return new JlProjection(info.outputDim(), platform.settings().dim(), platform.projectionSeed(k));
    }

    /**
     * The checks before step 2, under the participant's lock: the platform's dataset, then resume (this prior's
     * finished report, returned), refusal of a new prior after upload or after align, the note for d &gt; m, the old
     * report deleted and the disk space checked. Returns the finished report or null when the work must be done.
     */
    private ParticipantReport prepare(PriorInfo prior, ImageDataset data) throws IOException {
        DataInfo want = platform.info().data();
        if (!want.sha256().equals(data.sha256()) || want.size() != data.size()) {
            throw new UserInputException("participant " + k + ": dataset " + data.name() + " (" + data.size()
                    + " samples) is not the platform's " + want.name() + " (SHA-256 differs)");
        }
        ParticipantReport done = report();
        if (done != null && done.priorHash().equals(prior.contentHash()) && filesMatch(done)) {
            reportUniformity(done);
            return done;
        }
        if (Files.isRegularFile(platform.uploadDir(k).resolve("upload.json"))) {
            throw new UserInputException("participant " + k + " has already uploaded targets of prior "
                    + (done == null ? "?" : done.priorId()) + "; a new prior needs a new round (ContinuousOptimization)");
        }
        if (Files.isRegularFile(platform.alignmentFile())) {
            throw new UserInputException("participant " + k + ": the platform has aligned this round with "
                    + (done == null ? "no prior of this participant" : "prior " + done.priorId())
                    + "; a participant's prior is frozen after align (the others were aligned to the reference chosen "
                    + "then). A new prior joins in a new round: ContinuousOptimization, or a new platform folder");
        }
        PlatformSettings s = platform.settings();
        if (s.dim() > prior.outputDim()) {
            Log.warn("[participant " + k + "] note: d = " + s.dim() + " exceeds prior " + prior.id() + "'s "
                    + prior.outputDim() + " features: its targets embed them (rank <= " + prior.outputDim() + ")");
        }
        // the report and the reported U go first: a crash from here on leaves no report, so a re-run recomputes
        // (never the old prior's report beside the new prior's targets)
        Files.deleteIfExists(reportFile());
        Files.deleteIfExists(platform.uniformityFile(k));
        Partition part = platform.partition();
        long bytes = 4L * s.dim() * (part.subsets()[k].length + part.shared().length);
        Files.createDirectories(work());
        long free = Files.getFileStore(work()).getUsableSpace();
        if (bytes > free) {
            throw new UserInputException("participant " + k + ": the targets need " + ByteSize.format(bytes) + " but "
                    + work() + " has " + ByteSize.format(free) + " free; free space or use a platform with a smaller --dim");
        }
        return null;
    }

    /** U_k on S's raw features, then the report (with the target files' hashes) and the reported U. */
    private ParticipantReport finish(PriorInfo prior, Path sharedFeatures, double featureSeconds, long t0)
            throws IOException {
        PlatformSettings s = platform.settings();
        long uSeed = platform.uniformitySeed();
        Uniformity.Settings us = s.uniformity(uSeed);
        double u;
        double uSeconds;
        long sharedRows;
        try (MappedNpy f = Npy.mapMatrix(sharedFeatures, "shared features")) {
            sharedRows = f.rows();
        }
        try (NDManager m = NDManager.newBaseManager(Engines.device())) {
            long tu = System.nanoTime();
            u = new Uniformity(us).value(sharedFeatures, m);
            uSeconds = (System.nanoTime() - tu) / 1e9;
        }
        long rows;
        try (MappedNpy t = Npy.mapMatrix(work().resolve("targets.npy"), "targets")) {
            rows = t.rows();
        }
        ParticipantReport r = new ParticipantReport(k, prior.id(), prior.kind(), prior.contentHash(), prior.outputDim(),
                s.dim(), projection(prior).seed(), u, (int) Math.min(sharedRows, us.maxSamples()), uSeed, (int) rows,
                Hashing.sha256(work().resolve("targets.npy")), Hashing.sha256(work().resolve("shared-targets.npy")),
                featureSeconds, (System.nanoTime() - t0) / 1e9, Instant.now(), uSeconds);
        Json.write(reportFile(), r);
        Files.deleteIfExists(platform.uniformityFile(k));
        reportUniformity(r);
        return r;
    }

    /** The target files on disk are the ones the report describes (not a newer prior's half-written work). */
    private boolean filesMatch(ParticipantReport r) throws IOException {
        Path t = work().resolve("targets.npy");
        Path st = work().resolve("shared-targets.npy");
        return Files.isRegularFile(t) && Files.isRegularFile(st) && Hashing.sha256(t).equals(r.targetsSha256())
                && Hashing.sha256(st).equals(r.sharedTargetsSha256());
    }

    /** The upload's files in {@code dir} are the ones {@code info} records (SHA-256 of targets and ids). */
    private static boolean uploadFilesMatch(Path dir, UploadInfo info) throws IOException {
        Path t = dir.resolve("targets.npy");
        Path ids = dir.resolve("ids.npy");
        return Files.isRegularFile(t) && Files.isRegularFile(ids) && Hashing.sha256(t).equals(info.targetsSha256())
                && Hashing.sha256(ids).equals(info.idsSha256());
    }

    /** Writes uniformity/pXXX.json for the report's prior unless it already holds exactly that. */
    private void reportUniformity(ParticipantReport r) throws IOException {
        Path f = platform.uniformityFile(k);
        if (Files.isRegularFile(f)) {
            UniformityReport u = Json.read(f, UniformityReport.class);
            if (r.priorHash().equals(u.priorHash()) && Double.compare(r.uniformity(), u.uniformity()) == 0) {
                return;
            }
        }
        Files.createDirectories(f.getParent());
        Json.write(f, new UniformityReport(k, r.priorId(), r.priorKind(), r.priorHash(), r.uniformity()));
    }

    /**
     * Step 3c and 4: learns T_k on S against the published reference Y_b^S (unless k = b or the choice is
     * none), replaces Y_k by Y_k T_k and uploads (ids, targets, metadata) as {@code uploads/pXXX/}, renamed
     * into place in one step. A second call after a successful upload returns the existing upload.
     */
    public UploadInfo upload() throws IOException {
        try (FolderLock lock = platform.participantLock(k)) {
            return uploadLocked();
        }
    }

    private UploadInfo uploadLocked() throws IOException {
        ParticipantReport r = report();
        if (r == null) {
            throw new UserInputException("participant " + k + " has not optimized yet; run 'coopt participant optimize' first");
        }
        Path dest = platform.uploadDir(k);
        Path destJson = dest.resolve("upload.json");
        if (Files.isRegularFile(destJson)) {
            UploadInfo prev = Json.read(destJson, UploadInfo.class);
            if (prev.priorHash().equals(r.priorHash())) {
                // an existing upload is returned only when its files are still the ones upload.json records
                if (!uploadFilesMatch(dest, prev)) {
                    throw new UserInputException("participant " + k + ": " + dest + " does not match the SHA-256 "
                            + "recorded in its upload.json (changed after upload); delete " + dest
                            + " and run 'coopt participant upload --id " + k + "' again");
                }
                return prev;
            }
            throw new UserInputException("participant " + k + " already uploaded targets of prior " + prev.priorId()
                    + "; uploads are never replaced (start a new round)");
        }
        AlignmentDecision d = platform.alignment();
        if (!filesMatch(r)) {
            throw new UserInputException("participant " + k + ": " + work() + "'s targets.npy or shared-targets.npy "
                    + "changed since optimize (SHA-256 differs from report.json); re-run 'coopt participant optimize --id "
                    + k + "'");
        }
        Path uploads = dest.getParent();
        Files.createDirectories(uploads);
        Path tmp = AtomicFiles.tempDirectory(uploads, "." + Platform.participantName(k) + "-");
        try {
            double loss = Double.NaN;
            double alignSeconds = 0;
            Path own = work().resolve("targets.npy");
            if (d.reference() >= 0 && d.reference() != k) {
                if (!Hashing.sha256(platform.referenceTargets()).equals(d.referenceSha256())) {
                    throw new UserInputException("reference targets on the platform do not match alignment.json; "
                            + "the platform folder was modified");
                }
                long ta = System.nanoTime();
                loss = alignInto(own, tmp.resolve("targets.npy"), d);
                alignSeconds = (System.nanoTime() - ta) / 1e9;
            } else {
                Files.copy(own, tmp.resolve("targets.npy"));
            }
            try (org.coopt.workbench.io.MappedNpy up = Npy.mapMatrix(tmp.resolve("targets.npy"), "targets")) {
                org.coopt.workbench.io.NonFinite bad = org.coopt.workbench.io.NonFinite.find(up);
                if (bad != null) { // never uploaded: a merge would carry it into every student's targets
                    throw new UserInputException("participant " + k + ": the " + (d.reference() >= 0 && d.reference() != k
                            ? "aligned " : "") + "targets hold a non-finite value (" + bad + "); nothing was uploaded; "
                            + "re-run 'coopt participant optimize --id " + k + "' (with another prior if it recurs)");
                }
            }
            Npy.writeInt64(tmp.resolve("ids.npy"), platform.partition().subsets()[k]);
            UploadInfo info = new UploadInfo(k, r.priorId(), r.priorKind(), r.priorHash(), r.uniformity(), r.featureDim(),
                    r.projectionSeed(), r.rows(), r.dim(), d.reference(), d.solver(), loss,
                    Hashing.sha256(tmp.resolve("targets.npy")), Hashing.sha256(tmp.resolve("ids.npy")), Instant.now(),
                    alignSeconds, d.referenceSha256());
            Json.write(tmp.resolve("upload.json"), info);
            try {
                Files.move(tmp, dest, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
                // another run of this participant finished first: keep its upload
                return Json.read(destJson, UploadInfo.class);
            }
            return info;
        } finally {
            AtomicFiles.deleteTree(tmp);
        }
    }

    /** Y_k T_k into {@code out}, T_k fitted on (Y_k^S, Y_b^S); returns the alignment objective on S. */
    private double alignInto(Path own, Path out, AlignmentDecision d) throws IOException {
        Aligner aligner = Alignment.solver(d.solver(), d.lambda());
        try (NDManager m = NDManager.newBaseManager(Engines.device());
             MappedNpy ys = Npy.mapMatrix(work().resolve("shared-targets.npy"), "shared-set targets");
             MappedNpy yb = Npy.mapMatrix(platform.referenceTargets(), "reference targets");
             MappedNpy y = Npy.mapMatrix(own, "targets");
             FloatWriter w = Npy.floatWriter(out, y.cols())) {
            NDArray src = ys.rows(m, 0, (int) ys.rows());
            NDArray ref = yb.rows(m, 0, (int) yb.rows());
            NDArray t = aligner.fit(src, ref);
            Npy.writeFloat32(work().resolve("alignment.npy"), t);
            double lam = Aligner.lambda(src, aligner.lambda(), RidgeAligner.DEFAULT_RELATIVE);
            double loss = Aligner.loss(src, ref, t, lam);
            int block = 16_384;
            for (long from = 0; from < y.rows(); from += block) {
                int n = (int) Math.min(block, y.rows() - from);
                try (NDManager b = m.newSubManager()) {
                    w.append(y.rows(b, from, n).matMul(t));
                }
            }
            w.finish();
            return loss;
        }
    }
}
