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
        try (RunFolder run = RunFolder.create(tmp, "unit", new Config("fashion-mnist", 4, 5e-4), seeds)) {
            dir = run.dir();
            JsonObject running = JsonParser.parseString(Files.readString(dir.resolve("provenance.json"))).getAsJsonObject();
            assertEquals("running", running.get("status").getAsString());
            seeds.child("partition");
            run.dataset("fashion-mnist", "abc123");
            int v = run.stage("work", () -> 41 + 1);
            assertEquals(42, v);
        }
        JsonObject config = JsonParser.parseString(Files.readString(dir.resolve("config.json"))).getAsJsonObject();
        assertEquals(4, config.get("participants").getAsInt());
        assertEquals(5e-4, config.get("sharedFraction").getAsDouble());
        JsonObject p = JsonParser.parseString(Files.readString(dir.resolve("provenance.json"))).getAsJsonObject();
        assertEquals("finished", p.get("status").getAsString());
        assertEquals("abc123", p.getAsJsonObject("datasetSha256").get("fashion-mnist").getAsString());
        assertEquals(123L, p.getAsJsonObject("seeds").get("root").getAsLong());
        assertTrue(p.getAsJsonObject("seeds").has("partition"));
        assertTrue(p.getAsJsonObject("wallSeconds").get("work").getAsDouble() >= 0.0);
        assertTrue(p.get("pytorchVersion").getAsString().startsWith("2."));
        assertTrue(p.get("gitCommit").getAsString().length() > 0);
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")));
        }
    }
}
