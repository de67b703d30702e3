package org.coopt.workbench.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.coopt.workbench.prior.BlockPrior;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds the smoke zoo (Fashion-MNIST and MNIST must be installed: './coopt setup'). */
@Tag("slow")
class PriorZooTest {
    @Test
    void smokeZooHasEveryKindLoadsAndResumes(@TempDir Path dir) throws Exception {
        ZooSettings s = ZooSettings.smoke();
        PriorZoo.Index idx = PriorZoo.builder(s).into(dir).build();
        assertEquals(6, idx.entries().size());
        assertEquals(java.util.Set.of("supervised", "ssl", "supervised-mnist", "checkpoint", "random", "human"),
                idx.entries().stream().map(ZooEntry::kind).collect(java.util.stream.Collectors.toSet()));
        for (ZooEntry e : idx.entries()) {
            assertTrue(e.probeAccuracy() >= 0 && e.probeAccuracy() <= 1, e.toString());
            if (!"human".equals(e.kind())) {
                try (BlockPrior p = BlockPrior.load(dir.resolve(e.folder()))) {
                    assertEquals(e.featureDim(), p.outputDim());
                    assertEquals(e.id(), p.id());
                }
            }
        }
        long t0 = System.nanoTime();
        PriorZoo.Index again = PriorZoo.builder(s).into(dir).build();
        assertEquals(idx.entries(), again.entries(), "a second build reuses every entry");
        assertTrue((System.nanoTime() - t0) / 1e9 < 30, "nothing is retrained");
    }
}
