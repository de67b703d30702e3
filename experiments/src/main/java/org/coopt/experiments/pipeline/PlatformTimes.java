package org.coopt.experiments.pipeline;

import org.coopt.workbench.coopt.Simulation;
import org.coopt.workbench.coopt.ProtocolMessages.ParticipantReport;
import org.coopt.workbench.coopt.ProtocolMessages.UploadInfo;

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

    /** Sums the stage times of every participant's optimize report and upload. */
    public static PlatformTimes of(Simulation.Protocol protocol) {
        int k = protocol.reports().size();
        double ex = 0;
        double un = 0;
        double al = 0;
        double rest = 0;
        for (int i = 0; i < k; i++) {
            ParticipantReport r = protocol.reports().get(i);
            UploadInfo u = protocol.uploads().get(i);
            ex += r.extractSeconds();
            un += r.uniformitySeconds();
            al += u.alignSeconds();
            rest += r.seconds() - r.extractSeconds() - r.uniformitySeconds();
        }
        return new PlatformTimes(k, ex, un, al, rest);
    }
}
