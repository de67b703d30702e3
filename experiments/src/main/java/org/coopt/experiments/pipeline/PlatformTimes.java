package org.coopt.experiments.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.coopt.workbench.util.UserInputException;
import org.coopt.workbench.coopt.Platform;
import org.coopt.workbench.coopt.ProtocolMessages.ParticipantReport;
import org.coopt.workbench.coopt.ProtocolMessages.UploadInfo;
import org.coopt.workbench.util.Json;

/**
 * The stage times a finished platform folder recorded (paper Tab. 6), summed over participants: feature
 * extraction of D_k and S, the uniformity value U_k (Eq. 3), the alignment (fitting T_k by Eq. 4 and
 * applying it to Y_k), and the rest of the optimize step (JL projection of the targets, hashing, writing).
 * In a real deployment participants run in parallel; the sums are the total compute.
 *
 * @param participants K
 * @param extract      Σ_k feature-extraction seconds
 * @param uniformity   Σ_k uniformity seconds
 * @param align        Σ_k alignment seconds (0 for the reference participant)
 * @param optimizeRest Σ_k (optimize step − extraction − uniformity): projection and bookkeeping
 */
public record PlatformTimes(int participants, double extract, double uniformity, double align, double optimizeRest) {

    /** Reads participants/pXXX/report.json and uploads/pXXX/upload.json of every participant. */
    public static PlatformTimes read(Path platformDir) throws IOException {
        Platform p = Platform.open(platformDir);
        int k = p.settings().participants();
        double ex = 0;
        double un = 0;
        double al = 0;
        double rest = 0;
        for (int i = 0; i < k; i++) {
            Path report = p.participantDir(i).resolve("report.json");
            Path upload = p.uploadDir(i).resolve("upload.json");
            if (!Files.isRegularFile(report) || !Files.isRegularFile(upload)) {
                throw new UserInputException(platformDir + ": participant " + i + " has not finished; no stage times");
            }
            ParticipantReport r = Json.read(report, ParticipantReport.class);
            UploadInfo u = Json.read(upload, UploadInfo.class);
            ex += r.extractSeconds();
            un += r.uniformitySeconds();
            al += u.alignSeconds();
            rest += r.seconds() - r.extractSeconds() - r.uniformitySeconds();
        }
        return new PlatformTimes(k, ex, un, al, rest);
    }
}
