package org.coopt.workbench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFolderTest {

    record Config(String dataset, int participants, double sharedFraction) {}

    @Test
    void writesResolvedConfigAndProvenanceWithSeedsTimesAndStatus(@TempDir Path tmp) throws Exception {
        Seeds seeds = new Seeds(123);
        Path dir;
        long t0 = System.nanoTime();
        try (RunFolder run = RunFolder.create(tmp, "unit", new Config("fashion-mnist", 4, 5e-4), seeds)) {
            dir = run.dir();
            JsonObject running = JsonParser.parseString(Files.readString(dir.resolve("provenance.json"))).getAsJsonObject();
            assertEquals("running", running.get("status").getAsString());
            seeds.child("partition");
            run.dataset("fashion-mnist", "abc123");
            int v = run.stage("work", () -> {
                Thread.sleep(20);
                return 41 + 1;
            });
            assertEquals(42, v);
        }
        double around = (System.nanoTime() - t0) / 1e9; // the whole run folder's life holds the stage
        JsonObject config = JsonParser.parseString(Files.readString(dir.resolve("config.json"))).getAsJsonObject();
        assertEquals(4, config.get("participants").getAsInt());
        assertEquals(5e-4, config.get("sharedFraction").getAsDouble());
        JsonObject p = JsonParser.parseString(Files.readString(dir.resolve("provenance.json"))).getAsJsonObject();
        assertEquals("finished", p.get("status").getAsString());
        assertEquals("abc123", p.getAsJsonObject("datasetSha256").get("fashion-mnist").getAsString());
        assertEquals(123L, p.getAsJsonObject("seeds").get("root").getAsLong());
        assertTrue(p.getAsJsonObject("seeds").has("partition"));
        double work = p.getAsJsonObject("wallSeconds").get("work").getAsDouble();
        assertTrue(work >= 0.02 && work <= around, "stage time should cover its 20 ms sleep and lie within the "
                + around + " s the run folder was open, was " + work);
        assertTrue(p.get("pytorchVersion").getAsString().startsWith("2."));
        assertEquals(Provenance.Code.now().gitCommit(), p.get("gitCommit").getAsString());
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")));
        }
    }

    @Test
    void codeIsRecordedAsItWasWhenTheRunBegan(@TempDir Path tmp) throws Exception {
        Path repo = tmp.resolve("repo");
        Files.createDirectories(repo);
        git(repo, "init", "-q");
        Files.writeString(repo.resolve("a.txt"), "one");
        git(repo, "add", "a.txt");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "one");
        String first = Provenance.git(repo, "rev-parse", "HEAD");
        String old = System.getProperty("coopt.repo");
        System.setProperty("coopt.repo", repo.toString());
        try {
            RunFolder run = RunFolder.create(tmp.resolve("runs"), "unit", new Config("d", 1, 0.1), new Seeds(1));
            Files.writeString(repo.resolve("a.txt"), "two");
            git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "two");
            run.finish();
            JsonObject p = JsonParser.parseString(Files.readString(run.dir().resolve("provenance.json"))).getAsJsonObject();
            assertEquals(first, p.get("gitCommit").getAsString());
            assertTrue(!first.equals(Provenance.git(repo, "rev-parse", "HEAD")));
        } finally {
            if (old == null) {
                System.clearProperty("coopt.repo");
            } else {
                System.setProperty("coopt.repo", old);
            }
        }
    }

    static void git(Path repo, String... args) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("git", "-C", repo.toString()));
        cmd.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        assertEquals(0, p.waitFor());
    }
}
