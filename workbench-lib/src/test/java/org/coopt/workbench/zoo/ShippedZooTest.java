package org.coopt.workbench.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import org.coopt.workbench.util.UserInputException;
import org.coopt.workbench.eval.BlockFeatures;
import org.coopt.workbench.prior.BlockPrior;
import org.coopt.workbench.prior.PriorInfo;
import org.coopt.workbench.prior.PriorModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cpu zoo that ships in the repository ({@code zoo/cpu}, issue 10): every prior loads, its parameter file
 * has the SHA-256 its index records, and its probe on the fixed sample reproduces the accuracy recorded when it
 * was built; a changed or missing file is one clear error.
 */
class ShippedZooTest {
    private static final double SAMPLE_TOLERANCE = 0.02;

    private static Path shipped() {
        Path dir = PriorZoo.shippedRoot().resolve("cpu");
        assertTrue(Files.isRegularFile(dir.resolve(PriorZoo.INDEX)), "the cpu zoo must ship in " + dir);
        return dir;
    }

    @Test
    void everyShippedPriorLoadsWithItsHashAndReproducesItsSampleProbe() throws Exception {
        Path dir = shipped();
        PriorZoo.Index idx = PriorZoo.index(dir);
        assertEquals(ZooSettings.cpu(), idx.settings(), "the shipped zoo was built with today's cpu preset");
        assertEquals(ZooSettings.cpu().plannedIds(), idx.entries().stream().map(ZooEntry::id).toList());
        long bytes = 0;
        for (ZooEntry e : idx.entries()) {
            if ("human".equals(e.kind())) {
                continue;
            }
            Path params = dir.resolve(e.folder()).resolve(PriorInfo.PARAMS);
            bytes += Files.size(params);
            try (PriorModel p = PriorZoo.open(dir, e)) {
                BlockPrior b = (BlockPrior) p;
                assertEquals(e.featureDim(), b.outputDim(), e.id());
                double sample = ZooProbe.sampleProbe(idx.settings(), (d, bs) -> BlockFeatures.extract(b.block(), d, bs));
                System.err.printf(Locale.ROOT, "[shipped-zoo] %s: sample probe %.4f, recorded %.4f; full probe %.4f%n",
                        e.id(), sample, e.sampleProbeAccuracy(), e.probeAccuracy());
                assertEquals(e.sampleProbeAccuracy(), sample, SAMPLE_TOLERANCE, e.id() + " sample probe");
            }
        }
        assertTrue(bytes < 25L << 20, "the shipped zoo's parameters take " + bytes + " bytes, more than 25 MB");
    }

    @Test
    void theBestInDomainSupervisedPriorIsStrong() throws Exception {
        PriorZoo.Index idx = PriorZoo.index(shipped());
        double best = idx.entries().stream().filter(e -> "supervised".equals(e.kind()))
                .mapToDouble(ZooEntry::probeAccuracy).max().orElse(0);
        assertTrue(best >= 0.89, "best in-domain supervised prior probes at " + best + " (issue 10: >= 0.89)");
    }

    @Test
    void aChangedOrMissingParameterFileIsOneClearError(@TempDir Path tmp) throws Exception {
        Path dir = shipped();
        PriorZoo.Index idx = PriorZoo.index(dir);
        ZooEntry e = idx.entries().stream().filter(x -> x.id().equals("convnet-w32-sup-fmnist")).findFirst().orElseThrow();
        Path copy = tmp.resolve("cpu");
        Files.createDirectories(copy.resolve(e.folder()));
        Files.copy(dir.resolve(PriorZoo.INDEX), copy.resolve(PriorZoo.INDEX));
        for (String f : new String[] {PriorInfo.FILE, PriorInfo.PARAMS}) {
            Files.copy(dir.resolve(e.folder()).resolve(f), copy.resolve(e.folder()).resolve(f),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        Path params = copy.resolve(e.folder()).resolve(PriorInfo.PARAMS);
        byte[] b = Files.readAllBytes(params);
        b[b.length - 1] ^= 1;
        Files.write(params, b);
        UserInputException changed = assertThrows(UserInputException.class, () -> PriorZoo.open(copy, e));
        assertTrue(changed.getMessage().contains("SHA-256") && changed.getMessage().contains(e.id())
                && !changed.getMessage().contains("\n"), changed.getMessage());
        Files.delete(params);
        UserInputException missing = assertThrows(UserInputException.class, () -> PriorZoo.open(copy, e));
        assertTrue(missing.getMessage().contains("missing") && missing.getMessage().contains(e.id()), missing.getMessage());
    }
}
