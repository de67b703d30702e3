package org.coopt.workbench.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
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
        // planted: every file of the zoo gets an old modification time; a rebuilt entry would write a new one
        FileTime planted = FileTime.from(Instant.parse("2001-01-01T00:00:00Z"));
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
            Files.setLastModifiedTime(f, planted);
        }
        PriorZoo.Index again = PriorZoo.builder(s).into(dir).build();
        assertEquals(idx.entries(), again.entries(), "a second build reuses every entry");
        for (Path f : files) {
            if (!f.getFileName().toString().equals(PriorZoo.INDEX)) {
                assertEquals(planted, Files.getLastModifiedTime(f), "nothing is retrained or rewritten: " + dir.relativize(f));
            }
        }
    }

    /**
     * A zoo on another dataset with cross-dataset priors (paper Tab. 4) and a resized geometry, offline:
     * MNIST as the zoo's dataset, Fashion-MNIST as the prior dataset, every image brought to 32×32.
     */
    @Test
    void crossDatasetPriorsTrainOnTheOtherDatasetAtTheZoosImageSize(@TempDir Path dir) throws Exception {
        ZooSettings sm = ZooSettings.smoke();
        ZooSettings s = new ZooSettings("smoke-mnist-x", 1000, 0, sm.archs(), 1, 1, 1, 1000, 40, 64, 5, 500, "mnist", 32,
                java.util.List.of("fashion-mnist"), java.util.List.of("convnet"), 600, 2000);
        PriorZoo.Index idx = PriorZoo.builder(s).into(dir).build();
        assertEquals(s.plannedIds(), idx.entries().stream().map(ZooEntry::id).toList());
        assertEquals(java.util.List.of("convnet-w8-sup-mnist", "convnet-w8-simclr-mnist", "convnet-w8-sup-fmnist",
                "convnet-w8-simclr-fmnist", "convnet-w8-weak-mnist", "convnet-w8-random", "human"), s.plannedIds());
        for (ZooEntry e : idx.entries()) {
            if (e.arch() != null) {
                assertEquals(32, e.arch().imageSize(), e.id());
                assertEquals(1, e.arch().inChannels(), e.id());
            }
        }
        ZooEntry cross = idx.entries().get(2);
        assertEquals("supervised-cross", cross.kind());
        assertEquals(600, cross.trainingSize(), "a seeded subset of crossSize images");
        assertTrue(cross.trainingData().startsWith("fashion-mnist-train@32"), cross.trainingData());
        assertEquals(1000, idx.entries().get(0).trainingSize(), "in-domain priors train on the prior pool");
        assertTrue(idx.entries().get(0).trainingData().startsWith("mnist-train@32"), idx.entries().get(0).trainingData());
        try (BlockPrior p = BlockPrior.load(dir.resolve(cross.folder()))) {
            assertEquals(cross.featureDim(), p.outputDim());
        }
        ZooEntry weak = idx.entries().get(4);
        assertEquals("checkpoint", weak.kind());
        assertEquals(40, weak.steps(), "weakSteps steps, across epochs (15 steps per epoch here)");
    }

    /** A missing cross dataset stops the build before anything is trained, in one line naming its variable. */
    @Test
    void aMissingCrossDatasetFailsBeforeTraining(@TempDir Path dir) {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("COOPT_CIFAR10_DIR") == null);
        ZooSettings sm = ZooSettings.smoke();
        ZooSettings s = new ZooSettings("smoke-mnist-y", 1000, 0, sm.archs(), 1, 1, 1, 1000, 5, 64, 5, 500, "mnist", 0,
                java.util.List.of("cifar10"), java.util.List.of("convnet"), 0, 2000);
        org.coopt.workbench.util.UserInputException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.coopt.workbench.util.UserInputException.class, () -> PriorZoo.builder(s).into(dir).build());
        assertTrue(e.getMessage().contains("COOPT_CIFAR10_DIR"), e.getMessage());
        assertTrue(!java.nio.file.Files.exists(dir.resolve(PriorZoo.INDEX)), "nothing was trained or written");
    }
}
