package org.coopt.experiments.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.coopt.workbench.util.UserInputException;
import org.coopt.workbench.coopt.Alignment;
import org.coopt.workbench.coopt.Platform;
import org.coopt.workbench.coopt.PlatformSettings;
import org.coopt.workbench.coopt.ProtocolMessages.ParticipantReport;
import org.coopt.workbench.coopt.ProtocolMessages.UploadInfo;
import org.coopt.workbench.coopt.Simulation;
import org.coopt.workbench.data.ImageDataset;
import org.coopt.workbench.data.SyntheticImages;
import org.coopt.workbench.prior.FeatureExtractor;
import org.coopt.workbench.prior.PriorModel;
import org.coopt.workbench.prior.Priors;
import org.coopt.workbench.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The platform records uniformity and alignment times in a real (tiny) run, and PlatformTimes sums them. */
class PlatformTimesTest {

    @Test
    void stageTimesAreRecordedAndSummedOverParticipants(@TempDir Path dir) throws IOException {
        ImageDataset data = SyntheticImages.generate(200, 1, 16, 4, 5);
        List<PriorModel> priors = List.of(Priors.open("random:convnet:8:1", data), Priors.open("random:convnet:8:2", data),
                Priors.open("human", data));
        PlatformSettings s = PlatformSettings.defaults(3).withDim(8).withSeed(7).withAlignment(Alignment.Choice.BEST);
        Simulation.Protocol protocol;
        try (Simulation.Result res = Simulation.run(dir.resolve("p"), s, data, null, priors,
                new FeatureExtractor(dir.resolve("cache"), 64))) {
            protocol = res.protocol();
        }

        Platform p = Platform.open(dir.resolve("p"));
        int ref = p.alignment().reference();
        double ex = 0;
        double un = 0;
        double al = 0;
        double rest = 0;
        for (int k = 0; k < 3; k++) {
            // the files on disk are the independent record of what the typed result carries
            ParticipantReport r = Json.read(p.participantDir(k).resolve("report.json"), ParticipantReport.class);
            UploadInfo u = Json.read(p.uploadDir(k).resolve("upload.json"), UploadInfo.class);
            assertEquals(r, protocol.reports().get(k));
            assertEquals(u, protocol.uploads().get(k));
            assertTrue(r.uniformitySeconds() > 0 && r.uniformitySeconds() <= r.seconds(), "uniformity timed: " + r);
            if (k == ref) {
                assertEquals(0.0, u.alignSeconds(), "the reference participant aligns nothing");
            } else {
                assertTrue(u.alignSeconds() > 0, "alignment timed for participant " + k);
            }
            ex += r.extractSeconds();
            un += r.uniformitySeconds();
            al += u.alignSeconds();
            rest += r.seconds() - r.extractSeconds() - r.uniformitySeconds();
        }
        PlatformTimes t = PlatformTimes.of(protocol);
        assertEquals(3, t.participants());
        assertEquals(ex, t.extract(), 1e-12);
        assertEquals(un, t.uniformity(), 1e-12);
        assertEquals(al, t.align(), 1e-12);
        assertEquals(rest, t.optimizeRest(), 1e-12);
        for (PriorModel m : priors) {
            m.close();
        }
    }
}
