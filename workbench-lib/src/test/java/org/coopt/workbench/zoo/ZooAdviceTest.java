package org.coopt.workbench.zoo;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.coopt.workbench.prior.PriorInfo;
import org.coopt.workbench.util.Hashing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The advice for a damaged prior depends on where its zoo is: a shipped zoo (under the repository's {@code zoo/}) is
 * restored from git, a zoo built in the cache is repaired by {@code zoo build}. Planted on copies: a fake repository
 * ({@code coopt.repo}) holding a one-entry zoo, never the shipped files.
 */
class ZooAdviceTest {
    @TempDir
    Path tmp;

    String oldRepo = System.getProperty("coopt.repo");

    @AfterEach
    void restore() {
        if (oldRepo == null) {
            System.clearProperty("coopt.repo");
        } else {
            System.setProperty("coopt.repo", oldRepo);
        }
    }

    static ZooEntry entry(String sha) {
        return new ZooEntry("convnet-w8-sup-fmnist", "supervised", null, "convnet-w8-sup-fmnist", "fashion-mnist", "",
                1000, 1, 10, 1, 0.5, 0, 64, "", 1000, sha, 0.5, 1, 1, 0.5);
    }

    @Test
    void theAdviceIsGitForAShippedZooAndZooBuildForABuiltOne() throws Exception {
        Path repo = tmp.resolve("repo");
        Files.createDirectories(repo.resolve("workbench-lib"));
        Files.writeString(repo.resolve("coopt"), "#!/bin/sh\n");
        System.setProperty("coopt.repo", repo.toString());
        Path built = tmp.resolve("cache/zoo/cpu");
        for (Path zoo : new Path[] {repo.resolve("zoo/cpu"), built}) {
            Path params = zoo.resolve("convnet-w8-sup-fmnist").resolve(PriorInfo.PARAMS);
            Files.createDirectories(params.getParent());
            Files.write(params, new byte[] {1, 2, 3, 4});
            ZooEntry e = entry(Hashing.sha256(params));
            assertNull(PriorZoo.damage(zoo, e), "an intact file passes");
            Files.write(params, new byte[] {1, 2, 3, 5});
            assertTrue(PriorZoo.damage(zoo, e).contains("the index records"), PriorZoo.damage(zoo, e));
            Files.delete(params);
            assertTrue(PriorZoo.damage(zoo, e).contains("is missing"), PriorZoo.damage(zoo, e));
            String advice = PriorZoo.repairAdvice(zoo, e);
            if (zoo == built) {
                assertTrue(advice.startsWith("run './coopt zoo build --preset cpu'"), advice);
            } else {
                assertTrue(advice.startsWith("restore the shipped file with 'git checkout -- zoo/cpu'"), advice);
            }
        }
    }
}
