package org.coopt.workbench.coopt;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The protocol's messages: the typed records that travel between the platform's steps and participants, each
 * written as one JSON file of the platform folder (docs/platform-protocol.md).
 */
public final class ProtocolMessages {
    private ProtocolMessages() {}

    /**
     * platform.json: settings and the data, written once by {@code platform init}. {@code partitionSha256} is
     * {@link Partition#sha256()} of the partition written beside it (null in folders made before it was recorded).
     */
    public record PlatformInfo(String protocol, PlatformSettings settings, DataInfo data, Map<String, Long> seeds,
                               Instant created, String partitionSha256) {
        public static final String PROTOCOL = "coopt-platform/1";
    }

    /**
     * A participant's optimize step (participants/pXXX/report.json, private): its prior, the projection, the
     * uniformity value on S and the files holding Y_k (rows = its subset in ascending id order) and Y_k^S.
     * {@code extractSeconds} is the feature extraction of D_k and S, {@code uniformitySeconds} the U_k
     * computation alone (paper Tab. 6), {@code seconds} the whole step; reports written before the
     * uniformity timer existed read it as 0.
     */
    public record ParticipantReport(int participant, String priorId, String priorKind, String priorHash,
                                    int featureDim, int dim, long projectionSeed, double uniformity,
                                    int uniformitySamples, long uniformitySeed, int rows, String targetsSha256,
                                    String sharedTargetsSha256, double extractSeconds, double seconds,
                                    Instant finished, double uniformitySeconds) {
        /** Without the uniformity timer (NaN). */
        public ParticipantReport(int participant, String priorId, String priorKind, String priorHash,
                                 int featureDim, int dim, long projectionSeed, double uniformity,
                                 int uniformitySamples, long uniformitySeed, int rows, String targetsSha256,
                                 String sharedTargetsSha256, double extractSeconds, double seconds, Instant finished) {
            this(participant, priorId, priorKind, priorHash, featureDim, dim, projectionSeed, uniformity,
                    uniformitySamples, uniformitySeed, rows, targetsSha256, sharedTargetsSha256, extractSeconds,
                    seconds, finished, Double.NaN);
        }
    }

    /** Step 3a, what a participant tells the platform (uniformity/pXXX.json). */
    public record UniformityReport(int participant, String priorId, String priorKind, String priorHash,
                                   double uniformity) {
    }

    /**
     * Step 3b, the platform's choice of reference (alignment.json); reference −1 = no alignment. {@code lambda} is
     * the absolute λ the participants align with, null for the relative default (left out of the file); files
     * written before λ was optional record that default as −1, which reads as null.
     */
    public record AlignmentDecision(Alignment.Choice choice, int reference, double[] uniformity, String solver,
                                    Double lambda, String referenceSha256, Instant decided) {
        public AlignmentDecision {
            if (lambda != null && lambda == LEGACY_RELATIVE_LAMBDA) {
                lambda = null;
            }
        }
    }

    /** What files written before λ was optional hold for "the relative default": read as absent, never written. */
    static final double LEGACY_RELATIVE_LAMBDA = -1;

    /**
     * Step 4, an upload's description (uploads/pXXX/upload.json). {@code alignSeconds} is the wall time of
     * fitting T_k and applying it to Y_k (paper Tab. 6; 0 when the participant is the reference or nothing
     * is aligned; NaN when not measured). {@code referenceSha256} is the SHA-256 of the published reference
     * targets the upload was aligned against (alignment.json's; null when nothing is aligned), which merge checks.
     */
    public record UploadInfo(int participant, String priorId, String priorKind, String priorHash, double uniformity,
                             int featureDim, long projectionSeed, int rows, int dim, int reference, String solver,
                             double alignmentLoss, String targetsSha256, String idsSha256, Instant uploaded,
                             double alignSeconds, String referenceSha256) {
        /** Without the reference hash (uploads from before it was recorded). */
        public UploadInfo(int participant, String priorId, String priorKind, String priorHash, double uniformity,
                          int featureDim, long projectionSeed, int rows, int dim, int reference, String solver,
                          double alignmentLoss, String targetsSha256, String idsSha256, Instant uploaded,
                          double alignSeconds) {
            this(participant, priorId, priorKind, priorHash, uniformity, featureDim, projectionSeed, rows, dim,
                    reference, solver, alignmentLoss, targetsSha256, idsSha256, uploaded, alignSeconds, null);
        }

        /** Without the alignment timer (NaN). */
        public UploadInfo(int participant, String priorId, String priorKind, String priorHash, double uniformity,
                          int featureDim, long projectionSeed, int rows, int dim, int reference, String solver,
                          double alignmentLoss, String targetsSha256, String idsSha256, Instant uploaded) {
            this(participant, priorId, priorKind, priorHash, uniformity, featureDim, projectionSeed, rows, dim,
                    reference, solver, alignmentLoss, targetsSha256, idsSha256, uploaded, Double.NaN);
        }
    }

    /** One participant's line in the merged manifest. */
    public record ManifestParticipant(int participant, int rows, String priorId, String priorKind, String priorHash,
                                      double uniformity, long projectionSeed, boolean aligned) {
    }

    /**
     * manifest.json of an optimized dataset. {@code uploadsSha256} identifies the uploads it was merged from
     * (a second merge of the same uploads returns this dataset; null in datasets from before it was recorded).
     */
    public record Manifest(String format, DataInfo source, int size, int dim, Alignment.Choice alignment,
                           int reference, String solver, Double lambda, int sharedSize, double sharedFraction,
                           List<ManifestParticipant> participants, Map<String, Long> seeds,
                           Map<String, String> versions, int round, String targetsSha256, String idsSha256,
                           Instant created, String uploadsSha256) {
        public static final String FORMAT = "coopt-optimized-dataset/1";
    }
}
